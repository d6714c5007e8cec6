// Publishing the catalog to Trendyol: decide per variant what to send (create, content / variant / delivery update,
// nothing) from the hash of what Trendyol last accepted, send at most 1000 items per request, record every
// batchRequestId, poll the batches and write each item's result (and Trendyol's reasons) onto its listing, then read
// back approval: unapproved products and their reject reasons land on the listings too.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections, listings, platformBatches, products, stockLevels, variants } from "@/db/schema";
import { createTrendyolHttp } from "@/server/platforms/trendyol/client";
import {
  archiveProducts,
  createProducts,
  deleteProducts,
  getBatchRequestResult,
  getProductBase,
  listApprovedProducts,
  listUnapprovedProducts,
  updateContentBulk,
  updateDeliveryInfoBulk,
  updateUnapprovedProducts,
  updateVariantBulk,
  type TrendyolBatchItemResult,
  type TrendyolContentBulkItem,
  type TrendyolUnapprovedUpdateItem,
} from "@/server/platforms/trendyol/products";
import {
  toTrendyolAttribute,
  batchItemBarcode,
  changedParts,
  chunk,
  combinedHash,
  hashOf,
  TRENDYOL_PRODUCT_LIMITS,
  toTrendyolVariantItem,
  type CatalogProductInput,
  type TrendyolPart,
  type TrendyolPartHashes,
  type TrendyolProductMapping,
  type TrendyolVariantItem,
} from "@/server/platforms/trendyol/transform-products";
import { buildConnectionContext, ConnectionUnavailableError } from "../connection-context";
import { productsReadyForTrendyol } from "./mapping";
import { TrendyolConnectionNotFound } from "./reference";

/** Test mode sends this many items; full mode sends everything that changed. */
export const TEST_MODE_ITEMS = 5;
/** Trendyol keeps batch results for 4 hours (spm-openapi-english.yml, getBatchRequestResult). */
export const BATCH_RESULTS_KEPT_MS = 4 * 3_600_000;

/** The batch kinds this module sends and polls (platform_batches.kind). */
export const PRODUCT_BATCH_KINDS = ["create-products", "update-unapproved", "update-content", "update-variants", "update-delivery", "archive", "unarchive", "delete"] as const;
export type ProductBatchKind = (typeof PRODUCT_BATCH_KINDS)[number];

/** Which parts of a listing a batch kind changes once accepted. */
const KIND_PARTS: Record<ProductBatchKind, TrendyolPart[]> = {
  "create-products": ["identity", "content", "attributes", "variant", "delivery"],
  "update-unapproved": ["identity", "content", "attributes", "variant", "delivery"],
  "update-content": ["content", "attributes"],
  "update-variants": ["variant"],
  "update-delivery": ["delivery"],
  archive: [],
  unarchive: [],
  delete: [],
};

export interface PublishRequest {
  mode: "test" | "full";
  /** At most this many variants are sent (test mode: 5). */
  maxItems?: number;
  /** Items per request, 1–1000 (default 1000). */
  batchSize?: number;
  /** Only these catalog products (trendyol:create-product). */
  productIds?: string[];
}

/** What the job tells the Jobs page; structurally the job context, so the service does not import the jobs code. */
export interface PublishReporter {
  progress(done: number, total?: number): Promise<void>;
  item(ref: string, status: "succeeded" | "failed" | "skipped", message?: string): Promise<void>;
  log(level: "debug" | "info" | "warn" | "error", message: string): Promise<void>;
}

const silent: PublishReporter = { progress: async () => {}, item: async () => {}, log: async () => {} };

export interface PublishSubmitted {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  inFlight: number;
  /** Variants sent (creates + updates). */
  sent: number;
  requests: number;
  batchIds: string[];
}

/** What the listing's details hold for Trendyol. */
interface TrendyolListingDetails {
  parts?: Partial<TrendyolPartHashes>;
  /** Part → hash sent and not answered yet (so a re-run does not send it twice). */
  pending?: Partial<Record<TrendyolPart | "state", { hash: string; batchId: string }>>;
  failureReasons?: string[];
  /** Parts of a create whose batch results expired unread (adopted if Trendyol turns out to have the product). */
  unconfirmedParts?: Partial<TrendyolPartHashes>;
  rejectReasons?: string[];
  contentId?: number;
  productId?: string;
  sku?: string;
  barcode?: string;
  lastAction?: ProductBatchKind;
  [key: string]: unknown;
}

interface BatchRef {
  /** barcode, or "content:<id>" for content updates */
  key: string;
  listingIds: string[];
  parts: Partial<TrendyolPartHashes>;
  sku?: string;
  prices?: { quantity: number; salePrice: number; listPrice: number };
}

type ListingStatus = (typeof listings.status.enumValues)[number];

/** One listing's new values; rows with the same set of keys are written in one statement. */
interface ListingWrite {
  id: string;
  details?: TrendyolListingDetails;
  status?: ListingStatus;
  lastError?: string | null;
  contentHash?: string | null;
  lastBatchId?: string;
  lastPushedAt?: Date;
  externalProductId?: string | null;
  externalVariantId?: string | null;
  pushedQuantity?: number;
  pushedSalePrice?: string;
  pushedListPrice?: string;
}

const WRITE_TYPES: Record<Exclude<keyof ListingWrite, "id">, string> = {
  details: "jsonb",
  status: "text",
  lastError: "text",
  contentHash: "text",
  lastBatchId: "text",
  lastPushedAt: "timestamptz",
  externalProductId: "text",
  externalVariantId: "text",
  pushedQuantity: "integer",
  pushedSalePrice: "numeric",
  pushedListPrice: "numeric",
};
const snake = (k: string) => k.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);

/** Writes many listings of one partner with few statements (a 1000-item batch is one update, not a thousand). */
async function writeListings(db: Db, partnerId: string, rows: ListingWrite[]) {
  const groups = new Map<string, ListingWrite[]>();
  for (const r of rows) {
    const key = Object.keys(r)
      .filter((k) => k !== "id" && r[k as keyof ListingWrite] !== undefined)
      .sort()
      .join(",");
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const [key, list] of groups) {
    const cols = (key ? key.split(",") : []) as Array<Exclude<keyof ListingWrite, "id">>;
    const recordDef = ["id uuid", ...cols.map((c) => `${snake(c)} ${WRITE_TYPES[c]}`)].join(", ");
    const sets = [...cols.map((c) => `${snake(c)} = x.${snake(c)}${c === "status" ? "::listing_status" : ""}`), "updated_at = now()"].join(", ");
    for (const part of chunk(list, 500)) {
      const payload = JSON.stringify(part.map((r) => Object.fromEntries([["id", r.id], ...cols.map((c) => [snake(c), r[c] ?? null])])));
      await db.execute(
        sql`update listings set ${sql.raw(sets)} from jsonb_to_recordset(${payload}::jsonb) as x(${sql.raw(recordDef)}) where listings.id = x.id and listings.partner_id = ${partnerId}`,
      );
    }
  }
}

async function listingsById(db: Db, partnerId: string, ids: string[]) {
  const out = new Map<string, typeof listings.$inferSelect>();
  for (const part of chunk([...new Set(ids)], 1000)) {
    const rows = await db.select().from(listings).where(and(eq(listings.partnerId, partnerId), inArray(listings.id, part)));
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}

export class PublishInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PublishInputError";
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Mapping: which category, brand and attribute values a product has on Trendyol.

interface ProductRow {
  id: string;
  code: string;
  title: string;
  description: string;
  images: string[];
  attributes: Record<string, string>;
}
interface VariantRow {
  id: string;
  productId: string;
  sku: string;
  barcode: string | null;
  images: string[];
  attributes: Record<string, string>;
  salePrice: string | null;
  listPrice: string | null;
  weightGrams: number | null;
}

export type MappingResult = { ok: true; mapping: TrendyolProductMapping } | { ok: false; problems: string[] };

/**
 * Category, brand and attribute values from the category/attribute mapping (`productsReadyForTrendyol`): products
 * with something missing are skipped with what is missing, never sent. VAT rate and delivery days are not part of
 * that mapping yet: the product attributes `trendyolVatRate` (default 20) and `trendyolDeliveryDuration`.
 */
async function trendyolMappings(db: Db, partnerId: string, connectionId: string, productRows: ProductRow[], productIds?: string[]): Promise<Map<string, MappingResult>> {
  let report;
  try {
    report = await productsReadyForTrendyol(db, partnerId, connectionId, { productIds });
  } catch (err) {
    if (err instanceof TrendyolConnectionNotFound) throw new ConnectionUnavailableError("The Trendyol connection no longer exists");
    throw err;
  }
  const attributesOf = new Map(productRows.map((p) => [p.id, p.attributes]));
  const num = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v.trim()) ? Number(v.trim()) : undefined);
  const out = new Map<string, MappingResult>();
  for (const r of report.ready) {
    const own = attributesOf.get(r.productId) ?? {};
    const deliveryDuration = num(own.trendyolDeliveryDuration);
    out.set(r.productId, {
      ok: true,
      mapping: {
        categoryId: r.categoryId,
        brandId: r.brandId,
        vatRate: num(own.trendyolVatRate) ?? 20,
        ...(deliveryDuration !== undefined ? { deliveryDuration } : {}),
        attributes: r.attributes.map(toTrendyolAttribute),
        variantAttributes: Object.fromEntries(r.variants.map((v) => [v.variantId, v.attributes.map(toTrendyolAttribute)])),
      },
    });
  }
  for (const r of report.notReady) out.set(r.productId, { ok: false, problems: [`Missing: ${r.missing.join("; ")}`] });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Loading

async function sellerAndHttp(db: Db, partnerId: string, connectionId: string, sandboxUrl?: string) {
  const [conn] = await db
    .select({ platform: connections.platform })
    .from(connections)
    .where(and(eq(connections.partnerId, partnerId), eq(connections.id, connectionId)));
  if (!conn) throw new ConnectionUnavailableError("The connection no longer exists");
  if (conn.platform !== "trendyol") throw new ConnectionUnavailableError("This connection is not a Trendyol connection");
  const ctx = await buildConnectionContext(db, partnerId, connectionId, { sandboxUrl });
  const sellerId = (ctx.settings.sellerId ?? ctx.credentials.sellerId ?? "").trim();
  if (!/^\d+$/.test(sellerId)) throw new ConnectionUnavailableError("The Trendyol seller id must be a number");
  return { sellerId, http: createTrendyolHttp(ctx, { db }) };
}

interface Candidate {
  product: ProductRow;
  variant: VariantRow;
  listing: typeof listings.$inferSelect | undefined;
  result: ReturnType<typeof toTrendyolVariantItem> | { ok: false; variantId: string; productId: string; sku: string; problems: string[] };
}

async function loadCandidates(db: Db, partnerId: string, connectionId: string, productIds?: string[]): Promise<Candidate[]> {
  const productRows = await db
    .select({ id: products.id, code: products.code, title: products.title, description: products.description, images: products.images, attributes: products.attributes })
    .from(products)
    .where(and(eq(products.partnerId, partnerId), productIds ? inArray(products.id, productIds) : undefined))
    .orderBy(products.code);
  if (productRows.length === 0) return [];
  const variantRows = await db
    .select({
      id: variants.id,
      productId: variants.productId,
      sku: variants.sku,
      barcode: variants.barcode,
      images: variants.images,
      attributes: variants.attributes,
      salePrice: variants.salePrice,
      listPrice: variants.listPrice,
      weightGrams: variants.weightGrams,
    })
    .from(variants)
    .where(and(eq(variants.partnerId, partnerId), productIds ? inArray(variants.productId, productIds) : undefined))
    .orderBy(variants.sku);
  const stock = await db
    .select({ variantId: stockLevels.variantId, quantity: sql<number>`sum(${stockLevels.quantity})::int` })
    .from(stockLevels)
    .where(eq(stockLevels.partnerId, partnerId))
    .groupBy(stockLevels.variantId);
  const quantity = new Map(stock.map((s) => [s.variantId, Number(s.quantity)]));
  const listingRows = await db.select().from(listings).where(and(eq(listings.partnerId, partnerId), eq(listings.connectionId, connectionId)));
  const listingOf = new Map(listingRows.map((l) => [l.variantId, l]));
  const byProduct = new Map<string, VariantRow[]>();
  for (const v of variantRows) byProduct.set(v.productId, [...(byProduct.get(v.productId) ?? []), v]);

  const mappings = await trendyolMappings(db, partnerId, connectionId, productRows, productIds);
  const out: Candidate[] = [];
  for (const p of productRows) {
    const vs = byProduct.get(p.id) ?? [];
    const mapping = mappings.get(p.id) ?? { ok: false as const, problems: ["Missing: Trendyol mapping"] };
    const input: CatalogProductInput = {
      ...p,
      variants: vs.map((v) => ({ ...v, quantity: quantity.get(v.id) ?? 0 })),
    };
    for (const v of input.variants) {
      const row = vs.find((x) => x.id === v.id)!;
      out.push({
        product: p,
        variant: row,
        listing: listingOf.get(v.id),
        result: mapping.ok ? toTrendyolVariantItem(input, v, mapping.mapping) : { ok: false, variantId: v.id, productId: p.id, sku: v.sku, problems: mapping.problems },
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Planning

type Action =
  | { type: "create"; item: TrendyolVariantItem; listing?: Candidate["listing"]; sku: string }
  | { type: "update-unapproved"; item: TrendyolVariantItem; listing: NonNullable<Candidate["listing"]>; sku: string }
  | { type: "update-approved"; item: TrendyolVariantItem; listing: NonNullable<Candidate["listing"]>; sku: string; parts: TrendyolPart[] };

export interface PublishPlan {
  actions: Action[];
  unchanged: number;
  inFlight: number;
  skipped: Array<{ sku: string; variantId: string; reason: string }>;
}

const detailsOf = (l: Candidate["listing"]): TrendyolListingDetails => (l?.details ?? {}) as TrendyolListingDetails;

function planCandidates(candidates: Candidate[], limit: number): PublishPlan {
  const plan: PublishPlan = { actions: [], unchanged: 0, inFlight: 0, skipped: [] };
  for (const c of candidates) {
    if (!c.result.ok) {
      plan.skipped.push({ sku: c.variant.sku, variantId: c.variant.id, reason: c.result.problems.join("; ") });
      continue;
    }
    const item = c.result.item;
    const l = c.listing;
    const d = detailsOf(l);
    if (l && l.contentHash === item.hash && (l.status === "active" || l.status === "pending" || l.status === "archived" || l.status === "rejected")) {
      plan.unchanged++;
      continue;
    }
    const accepted = d.parts;
    const changed = changedParts(item.parts, accepted);
    // Sent already and not answered yet: the poll will tell.
    if (changed.length && changed.every((p) => d.pending?.[p]?.hash === item.parts[p])) {
      plan.inFlight++;
      continue;
    }
    if (plan.actions.length >= limit) continue;
    const neverCreated = !l || !accepted?.identity || l.status === "deleted" || l.status === "error" || l.status === "draft";
    if (neverCreated) plan.actions.push({ type: "create", item, listing: l, sku: c.variant.sku });
    else if (l.status === "pending" || l.status === "rejected") plan.actions.push({ type: "update-unapproved", item, listing: l, sku: c.variant.sku });
    else {
      const parts = changed.filter((p) => p !== "identity");
      if (changed.includes("identity")) {
        plan.skipped.push({
          sku: c.variant.sku,
          variantId: c.variant.id,
          reason: "Barcode, model code, brand, category, variant attributes or variant images changed: Trendyol does not accept these changes for an approved product",
        });
      }
      if (parts.length) plan.actions.push({ type: "update-approved", item, listing: l, sku: c.variant.sku, parts });
      else if (!changed.includes("identity")) plan.unchanged++;
    }
  }
  return plan;
}

// ---------------------------------------------------------------------------------------------------------------
// Submitting

/** Listings for every variant about to be sent (new ones as drafts), by variant id. */
async function ensureListings(db: Db, partnerId: string, connectionId: string, wanted: Array<{ variantId: string; sku: string; productId: string }>) {
  const out = new Map<string, string>();
  for (const part of chunk(wanted, 1000)) {
    await db
      .insert(listings)
      .values(part.map((w) => ({ partnerId, connectionId, variantId: w.variantId, status: "draft" as const, details: { sku: w.sku, productId: w.productId } })))
      .onConflictDoNothing({ target: [listings.connectionId, listings.variantId] });
    const rows = await db
      .select({ id: listings.id, variantId: listings.variantId })
      .from(listings)
      .where(and(eq(listings.partnerId, partnerId), eq(listings.connectionId, connectionId), inArray(listings.variantId, part.map((w) => w.variantId))));
    for (const r of rows) out.set(r.variantId, r.id);
  }
  return out;
}

async function recordBatch(
  db: Db,
  scope: { partnerId: string; connectionId: string; jobId?: string | null },
  kind: ProductBatchKind,
  body: unknown[],
  externalBatchId: string,
  refs: BatchRef[],
) {
  const now = new Date();
  await db.insert(platformBatches).values({
    partnerId: scope.partnerId,
    connectionId: scope.connectionId,
    platform: "trendyol",
    kind,
    externalBatchId,
    bodyHash: hashOf({ items: body }),
    itemCount: body.length,
    status: "submitted",
    jobId: scope.jobId ?? null,
    result: { refs },
    submittedAt: now,
    resultsExpireAt: new Date(now.getTime() + BATCH_RESULTS_KEPT_MS),
  });
  // Mark what is in flight on each listing, so a re-run does not send it again.
  const parts = KIND_PARTS[kind];
  const current = await listingsById(db, scope.partnerId, refs.flatMap((r) => r.listingIds));
  const writes: ListingWrite[] = [];
  for (const ref of refs) {
    for (const listingId of ref.listingIds) {
      const l = current.get(listingId);
      if (!l) continue;
      const d = { ...(l.details as TrendyolListingDetails) };
      const pending = { ...(d.pending ?? {}) };
      for (const p of parts) if (ref.parts[p]) pending[p] = { hash: ref.parts[p]!, batchId: externalBatchId };
      if (!parts.length) pending.state = { hash: kind, batchId: externalBatchId };
      writes.push({
        id: listingId,
        lastBatchId: externalBatchId,
        details: { ...d, pending, lastAction: kind },
        ...(kind === "create-products" ? { status: "pending" as const } : {}),
      });
    }
  }
  await writeListings(db, scope.partnerId, writes);
}

async function sendChunks<T>(
  db: Db,
  scope: { partnerId: string; connectionId: string; jobId?: string | null },
  kind: ProductBatchKind,
  entries: Array<{ body: T; ref: BatchRef }>,
  batchSize: number,
  send: (items: T[]) => Promise<string>,
): Promise<string[]> {
  const ids: string[] = [];
  for (const part of chunk(entries, batchSize)) {
    const body = part.map((e) => e.body);
    const id = await send(body);
    await recordBatch(db, scope, kind, body, id, part.map((e) => e.ref));
    ids.push(id);
  }
  return ids;
}

/**
 * Plans and sends one publishing run. Returns what was sent; the batches' outcomes arrive with
 * `pollTrendyolProductBatches`.
 */
export async function submitTrendyolPublish(
  db: Db,
  partnerId: string,
  connectionId: string,
  req: PublishRequest,
  opts: { jobId?: string | null; sandboxUrl?: string; reporter?: PublishReporter } = {},
): Promise<PublishSubmitted> {
  const reporter = opts.reporter ?? silent;
  const batchSize = Math.max(1, Math.min(TRENDYOL_PRODUCT_LIMITS.itemsPerRequest, Math.floor(req.batchSize ?? TRENDYOL_PRODUCT_LIMITS.itemsPerRequest)));
  const limit = req.maxItems ?? (req.mode === "test" ? TEST_MODE_ITEMS : Number.POSITIVE_INFINITY);
  const { sellerId, http } = await sellerAndHttp(db, partnerId, connectionId, opts.sandboxUrl);
  if (req.productIds?.length) {
    const found = await db.select({ id: products.id }).from(products).where(and(eq(products.partnerId, partnerId), inArray(products.id, req.productIds)));
    if (found.length !== new Set(req.productIds).size) throw new PublishInputError("Product not found");
  }
  const candidates = await loadCandidates(db, partnerId, connectionId, req.productIds);
  const plan = planCandidates(candidates, limit);
  const scope = { partnerId, connectionId, jobId: opts.jobId };

  for (const s of plan.skipped) await reporter.item(s.sku, "skipped", s.reason);
  const total = plan.actions.length;
  await reporter.progress(0, total);
  await reporter.log("info", `Trendyol publish (${req.mode}): ${total} to send, ${plan.unchanged} unchanged, ${plan.skipped.length} skipped, ${plan.inFlight} already in flight`);

  // Listings for every variant about to be sent.
  const listingIdOf = await ensureListings(
    db,
    partnerId,
    connectionId,
    plan.actions.map((a) => ({ variantId: a.item.variantId, sku: a.sku, productId: a.item.productId })),
  );
  const ref = (a: Action, parts: TrendyolPart[], key = a.item.barcode): BatchRef => ({
    key,
    listingIds: [listingIdOf.get(a.item.variantId)!],
    parts: Object.fromEntries(parts.map((p) => [p, a.item.parts[p]])),
    sku: a.sku,
  });
  const all: TrendyolPart[] = ["identity", "content", "attributes", "variant", "delivery"];
  const batchIds: string[] = [];
  let requests = 0;
  const track = (ids: string[]) => {
    batchIds.push(...ids);
    requests += ids.length;
  };

  const creates = plan.actions.filter((a) => a.type === "create");
  track(
    await sendChunks(
      db,
      scope,
      "create-products",
      creates.map((a) => ({
        body: a.item.create,
        ref: { ...ref(a, all), prices: { quantity: a.item.create.quantity, salePrice: a.item.create.salePrice, listPrice: a.item.create.listPrice } },
      })),
      batchSize,
      (items) => createProducts(http, sellerId, items),
    ),
  );

  const unapproved = plan.actions.filter((a) => a.type === "update-unapproved");
  track(
    await sendChunks(
      db,
      scope,
      "update-unapproved",
      unapproved.map((a) => {
        return { body: unapprovedUpdateItem(a.item), ref: ref(a, all) };
      }),
      batchSize,
      (items) => updateUnapprovedProducts(http, sellerId, items),
    ),
  );

  const approved = plan.actions.filter((a): a is Extract<Action, { type: "update-approved" }> => a.type === "update-approved");
  // Content is per Trendyol content (one model code): one item per contentId, covering every variant sent.
  const contentGroups = new Map<number, { item: TrendyolContentBulkItem; ref: BatchRef }>();
  const missingContentId: typeof approved = [];
  for (const a of approved) {
    if (!a.parts.includes("content") && !a.parts.includes("attributes")) continue;
    const contentId = Number(a.listing.externalProductId ?? detailsOf(a.listing).contentId);
    if (!Number.isInteger(contentId) || contentId <= 0) {
      missingContentId.push(a);
      continue;
    }
    addContent(contentGroups, contentId, a, listingIdOf.get(a.item.variantId)!);
  }
  for (const a of missingContentId) {
    // Approved elsewhere than through this hub's last read: ask Trendyol for the content id once.
    const base = await getProductBase(http, sellerId, a.item.barcode);
    if (typeof base?.contentId === "number") addContent(contentGroups, base.contentId, a, listingIdOf.get(a.item.variantId)!);
    else await reporter.item(a.sku, "skipped", "Trendyol did not name the content of this product");
  }
  track(
    await sendChunks(
      db,
      scope,
      "update-content",
      [...contentGroups.values()].map((g) => ({ body: g.item, ref: g.ref })),
      batchSize,
      (items) => updateContentBulk(http, sellerId, items),
    ),
  );
  const variantUpdates = approved.filter((a) => a.parts.includes("variant"));
  track(
    await sendChunks(
      db,
      scope,
      "update-variants",
      variantUpdates.map((a) => ({ body: a.item.variant, ref: ref(a, ["variant"]) })),
      batchSize,
      (items) => updateVariantBulk(http, sellerId, items),
    ),
  );
  const deliveryUpdates = approved.filter((a) => a.parts.includes("delivery") && a.item.delivery);
  track(
    await sendChunks(
      db,
      scope,
      "update-delivery",
      deliveryUpdates.map((a) => ({ body: a.item.delivery!, ref: ref(a, ["delivery"]) })),
      batchSize,
      (items) => updateDeliveryInfoBulk(http, sellerId, items),
    ),
  );
  await http.flush();

  const summary: PublishSubmitted = {
    created: creates.length,
    updated: unapproved.length + approved.length,
    unchanged: plan.unchanged,
    skipped: plan.skipped.length,
    inFlight: plan.inFlight,
    sent: total,
    requests,
    batchIds,
  };
  await reporter.log("info", `Sent ${total} items in ${requests} requests (${summary.created} new, ${summary.updated} updates)`);
  return summary;
}

/** unapproved-bulk-update takes the create fields except stock and prices (those belong to the stock-and-price push). */
function unapprovedUpdateItem(item: TrendyolVariantItem): TrendyolUnapprovedUpdateItem {
  const c = item.create;
  return {
    barcode: c.barcode,
    title: c.title,
    productMainId: c.productMainId,
    brandId: c.brandId,
    categoryId: c.categoryId,
    stockCode: c.stockCode,
    dimensionalWeight: c.dimensionalWeight,
    description: c.description,
    vatRate: c.vatRate,
    images: c.images,
    attributes: c.attributes,
    ...(c.deliveryOption ? { deliveryOption: c.deliveryOption } : {}),
  };
}

function addContent(groups: Map<number, { item: TrendyolContentBulkItem; ref: BatchRef }>, contentId: number, a: Extract<Action, { type: "update-approved" }>, listingId: string) {
  const g = groups.get(contentId);
  if (g) {
    g.ref.listingIds.push(listingId);
    return;
  }
  const item: TrendyolContentBulkItem = {
    contentId,
    title: a.item.content.title,
    description: a.item.content.description,
    images: a.item.content.images,
    // Attributes are all-or-nothing on this endpoint: sent only when they changed.
    ...(a.parts.includes("attributes") ? { attributes: a.item.content.attributes } : {}),
  };
  groups.set(contentId, { item, ref: { key: `content:${contentId}`, listingIds: [listingId], parts: { content: a.item.parts.content, attributes: a.item.parts.attributes }, sku: a.sku } });
}

// ---------------------------------------------------------------------------------------------------------------
// Archive and delete

/** Archives (or unarchives) the listed variants' products on Trendyol; results arrive with the poll. */
export async function archiveTrendyolListings(
  db: Db,
  partnerId: string,
  connectionId: string,
  variantIds: string[],
  archived: boolean,
  opts: { jobId?: string | null; sandboxUrl?: string; batchSize?: number } = {},
): Promise<{ sent: number; batchIds: string[] }> {
  return sendState(db, partnerId, connectionId, variantIds, archived ? "archive" : "unarchive", opts);
}

/** Deletes the listed variants' products from Trendyol (pending approval, or archived for over a day). */
export async function deleteTrendyolListings(
  db: Db,
  partnerId: string,
  connectionId: string,
  variantIds: string[],
  opts: { jobId?: string | null; sandboxUrl?: string; batchSize?: number } = {},
): Promise<{ sent: number; batchIds: string[] }> {
  return sendState(db, partnerId, connectionId, variantIds, "delete", opts);
}

async function sendState(
  db: Db,
  partnerId: string,
  connectionId: string,
  variantIds: string[],
  kind: "archive" | "unarchive" | "delete",
  opts: { jobId?: string | null; sandboxUrl?: string; batchSize?: number },
) {
  if (variantIds.length === 0) return { sent: 0, batchIds: [] };
  const rows = await db
    .select({ listingId: listings.id, barcode: variants.barcode, sku: variants.sku })
    .from(listings)
    .innerJoin(variants, and(eq(variants.id, listings.variantId), eq(variants.partnerId, partnerId)))
    .where(and(eq(listings.partnerId, partnerId), eq(listings.connectionId, connectionId), inArray(listings.variantId, variantIds)));
  const usable = rows.filter((r) => r.barcode);
  if (usable.length === 0) throw new PublishInputError("None of these variants is listed on this connection");
  const { sellerId, http } = await sellerAndHttp(db, partnerId, connectionId, opts.sandboxUrl);
  const entries = usable.map((r) => ({ body: { barcode: r.barcode! }, ref: { key: r.barcode!, listingIds: [r.listingId], parts: {}, sku: r.sku } as BatchRef }));
  const batchIds = await sendChunks(db, { partnerId, connectionId, jobId: opts.jobId }, kind, entries, opts.batchSize ?? 1000, (items) =>
    kind === "delete" ? deleteProducts(http, sellerId, items) : archiveProducts(http, sellerId, items.map((i) => ({ ...i, archived: kind === "archive" }))),
  );
  await http.flush();
  return { sent: entries.length, batchIds };
}

// ---------------------------------------------------------------------------------------------------------------
// Polling

const PER_ITEM_JOB_ROWS_MAX = 100;

export interface PollOutcome {
  /** Batches still being processed by Trendyol. */
  pending: number;
  completed: number;
  expired: number;
  succeededItems: number;
  failedItems: number;
}

/**
 * Reads every unfinished product batch of the connection (or only `batchIds`) and writes each item's status and
 * failure reasons onto its listing. A batch whose results Trendyol no longer keeps (4 hours) is marked expired.
 */
export async function pollTrendyolProductBatches(
  db: Db,
  partnerId: string,
  connectionId: string,
  opts: { batchIds?: string[]; sandboxUrl?: string; reporter?: PublishReporter; now?: () => Date } = {},
): Promise<PollOutcome> {
  const reporter = opts.reporter ?? silent;
  const now = opts.now ?? (() => new Date());
  const open = await db
    .select()
    .from(platformBatches)
    .where(
      and(
        eq(platformBatches.partnerId, partnerId),
        eq(platformBatches.connectionId, connectionId),
        eq(platformBatches.platform, "trendyol"),
        eq(platformBatches.status, "submitted"),
        inArray(platformBatches.kind, [...PRODUCT_BATCH_KINDS]),
        opts.batchIds ? inArray(platformBatches.externalBatchId, opts.batchIds.length ? opts.batchIds : ["-"]) : undefined,
      ),
    )
    .orderBy(platformBatches.submittedAt);
  const out: PollOutcome = { pending: 0, completed: 0, expired: 0, succeededItems: 0, failedItems: 0 };
  if (open.length === 0) return out;
  const { sellerId, http } = await sellerAndHttp(db, partnerId, connectionId, opts.sandboxUrl);
  for (const b of open) {
    const refs = ((b.result as { refs?: BatchRef[] } | null)?.refs ?? []) as BatchRef[];
    if (b.resultsExpireAt && b.resultsExpireAt.getTime() < now().getTime()) {
      if (!(await finishBatch(db, b, "expired", null, { expired: true }))) continue;
      const current = await listingsById(db, partnerId, refs.flatMap((r) => r.listingIds));
      const expiredItem = { status: "FAILED", failureReasons: ["Trendyol no longer keeps the results of this batch (4 hours): publish again to resend"] };
      await writeListings(db, partnerId, refs.flatMap((r) => itemWrites(current, b.kind as ProductBatchKind, b.externalBatchId!, r, expiredItem, true)));
      out.expired++;
      continue;
    }
    const result = await getBatchRequestResult(http, sellerId, b.externalBatchId!);
    const items = result.items ?? [];
    const done = result.status === "COMPLETED" || (result.status === undefined && items.length > 0 && items.length >= (result.itemCount ?? b.itemCount));
    if (!done) {
      out.pending++;
      continue;
    }
    const byKey = new Map(refs.map((r) => [r.key, r]));
    const outcomes = new Map<BatchRef, TrendyolBatchItemResult>();
    for (const [i, item] of items.entries()) {
      const barcode = batchItemBarcode(item);
      const contentId = (item.requestItem as { product?: { contentId?: unknown } } | undefined)?.product?.contentId;
      const r = (barcode && byKey.get(barcode)) || (typeof contentId === "number" && byKey.get(`content:${contentId}`)) || refs[i];
      if (r && !outcomes.has(r)) outcomes.set(r, item);
    }
    // An item Trendyol did not report is not assumed accepted: it is reported, and sent again next run.
    for (const r of refs) if (!outcomes.has(r)) outcomes.set(r, { status: "FAILED", failureReasons: ["Missing from Trendyol's batch result"] });
    const failed = [...outcomes.values()].filter((i) => i.status !== "SUCCESS").length;
    // Claim the batch first, so two pollers never apply it twice.
    if (!(await finishBatch(db, b, "completed", failed, { itemCount: result.itemCount, failedItemCount: result.failedItemCount, batchRequestType: result.batchRequestType }))) continue;
    const current = await listingsById(db, partnerId, refs.flatMap((r) => r.listingIds));
    await writeListings(db, partnerId, [...outcomes].flatMap(([r, item]) => itemWrites(current, b.kind as ProductBatchKind, b.externalBatchId!, r, item)));
    for (const [r, item] of outcomes) {
      const ok = item.status === "SUCCESS";
      const message = ok ? undefined : (item.failureReasons ?? []).join("; ") || "Trendyol rejected the item without a reason";
      // Failures always reach the job's items; successes too while the batch is small (the listings hold them all).
      if (!ok || refs.length <= PER_ITEM_JOB_ROWS_MAX) await reporter.item(r.sku ?? r.key, ok ? "succeeded" : "failed", message);
      if (ok) out.succeededItems += r.listingIds.length;
      else out.failedItems += r.listingIds.length;
    }
    out.completed++;
  }
  await http.flush();
  return out;
}

/** Marks the batch finished; false when another poller already did (then it applies nothing). */
async function finishBatch(db: Db, b: typeof platformBatches.$inferSelect, status: "completed" | "expired", failedCount: number | null, summary: Record<string, unknown>) {
  const claimed = await db
    .update(platformBatches)
    .set({ status, failedCount, finishedAt: new Date(), result: { ...(b.result ?? {}), summary } })
    .where(and(eq(platformBatches.partnerId, b.partnerId), eq(platformBatches.id, b.id), eq(platformBatches.status, "submitted")))
    .returning({ id: platformBatches.id });
  return claimed.length > 0;
}

/** The listing writes one batch item's result makes (success: parts accepted; failure: Trendyol's reasons). */
function itemWrites(current: Map<string, typeof listings.$inferSelect>, kind: ProductBatchKind, batchId: string, ref: BatchRef, item: TrendyolBatchItemResult, expired = false): ListingWrite[] {
  const ok = item.status === "SUCCESS";
  const reasons = ok ? [] : (item.failureReasons ?? []).filter((r) => typeof r === "string" && r.trim());
  const out: ListingWrite[] = [];
  for (const listingId of ref.listingIds) {
    const l = current.get(listingId);
    if (!l) continue;
    const d = { ...(l.details as TrendyolListingDetails) };
    const pending = { ...(d.pending ?? {}) };
    for (const p of Object.keys(pending) as Array<keyof typeof pending>) if (pending[p]?.batchId === batchId) delete pending[p];
    if (!ok) {
      // An expired create may well have succeeded: it stays pending, and the approval read-back settles it.
      const unconfirmed = expired && kind === "create-products" && !d.parts?.identity;
      out.push({
        id: listingId,
        lastError: reasons.join("; ") || "Trendyol rejected the item without a reason",
        details: { ...d, pending, failureReasons: reasons, lastAction: kind, ...(unconfirmed ? { unconfirmedParts: ref.parts } : {}) },
        ...(kind === "create-products" && !d.parts?.identity ? { status: unconfirmed ? ("pending" as const) : ("error" as const) } : {}),
      });
      continue;
    }
    const parts: Partial<TrendyolPartHashes> = { ...(d.parts ?? {}), ...ref.parts };
    const complete = (["identity", "content", "attributes", "variant", "delivery"] as const).every((p) => parts[p]);
    const state: Partial<ListingWrite> =
      kind === "create-products"
        ? { status: "pending" }
        : kind === "archive"
          ? { status: "archived" }
          : kind === "unarchive"
            ? { status: "active" }
            : kind === "delete"
              ? { status: "deleted", externalProductId: null, externalVariantId: null, contentHash: null }
              : {};
    out.push({
      id: listingId,
      lastError: null,
      lastPushedAt: new Date(),
      details: kind === "delete" ? { ...d, pending: {}, parts: {}, failureReasons: [], lastAction: kind } : { ...d, pending, parts, failureReasons: [], lastAction: kind },
      ...(kind !== "delete" && complete ? { contentHash: combinedHash(parts) } : {}),
      ...(ref.prices ? { pushedQuantity: ref.prices.quantity, pushedSalePrice: ref.prices.salePrice.toFixed(2), pushedListPrice: ref.prices.listPrice.toFixed(2) } : {}),
      ...state,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Approval: read back from Trendyol which products are approved, pending or rejected (with reasons).

export interface ApprovalOutcome {
  active: number;
  archived: number;
  pending: number;
  rejected: number;
}

/** Few listings to check are read by barcode; more by walking both lists (cheaper past ~20 barcodes). */
const PER_BARCODE_MAX = 20;

export async function refreshTrendyolApproval(db: Db, partnerId: string, connectionId: string, opts: { sandboxUrl?: string; onlyUnsettled?: boolean } = {}): Promise<ApprovalOutcome> {
  const rows = await db
    .select({ id: listings.id, status: listings.status, details: listings.details, barcode: variants.barcode })
    .from(listings)
    .innerJoin(variants, and(eq(variants.id, listings.variantId), eq(variants.partnerId, partnerId)))
    .where(
      and(
        eq(listings.partnerId, partnerId),
        eq(listings.connectionId, connectionId),
        opts.onlyUnsettled ? inArray(listings.status, ["pending", "rejected"]) : inArray(listings.status, ["pending", "rejected", "active", "archived"]),
      ),
    );
  const out: ApprovalOutcome = { active: 0, archived: 0, pending: 0, rejected: 0 };
  const wanted = new Map(rows.filter((r) => r.barcode).map((r) => [r.barcode!, r]));
  if (wanted.size === 0) return out;
  const { sellerId, http } = await sellerAndHttp(db, partnerId, connectionId, opts.sandboxUrl);
  const approved = new Map<string, { contentId: number; variantId: number; archived: boolean; lockReason?: string | null; locked?: boolean }>();
  const unapproved = new Map<string, string[]>();
  const readApproved = async (q: { barcode?: string }) => {
    for await (const page of listApprovedProducts(http, sellerId, q))
      for (const c of page) for (const v of c.variants ?? []) if (wanted.has(v.barcode)) approved.set(v.barcode, { contentId: c.contentId, variantId: v.variantId, archived: Boolean(v.archived), locked: v.locked, lockReason: v.lockReason });
  };
  const readUnapproved = async (q: { barcode?: string }) => {
    for await (const page of listUnapprovedProducts(http, sellerId, q))
      for (const p of page)
        if (wanted.has(p.barcode))
          unapproved.set(
            p.barcode,
            (p.rejectReasonDetails ?? []).map((r) => [r.rejectReason, r.rejectReasonDetail].filter(Boolean).join(": ")).filter(Boolean),
          );
  };
  if (wanted.size <= PER_BARCODE_MAX) {
    for (const barcode of wanted.keys()) {
      await readApproved({ barcode });
      if (!approved.has(barcode)) await readUnapproved({ barcode });
    }
  } else {
    await readApproved({});
    await readUnapproved({});
  }
  await http.flush();
  const writes: ListingWrite[] = [];
  for (const [barcode, row] of wanted) {
    const d = (row.details ?? {}) as TrendyolListingDetails;
    // Found on Trendyol after its create batch expired unread: what was sent is what Trendyol holds.
    const adopted: Partial<ListingWrite> =
      !d.parts?.identity && d.unconfirmedParts && (approved.has(barcode) || unapproved.has(barcode))
        ? { contentHash: combinedHash(d.unconfirmedParts), lastError: null }
        : {};
    if (adopted.contentHash) {
      d.parts = d.unconfirmedParts;
      delete d.unconfirmedParts;
    }
    const a = approved.get(barcode);
    if (a) {
      const status = a.archived ? ("archived" as const) : ("active" as const);
      out[status]++;
      writes.push({
        id: row.id,
        status,
        externalProductId: String(a.contentId),
        externalVariantId: String(a.variantId),
        details: { ...d, contentId: a.contentId, rejectReasons: [], locked: Boolean(a.locked), lockReason: a.lockReason ?? null },
        ...(row.status === "rejected" ? { lastError: null } : {}),
        ...adopted,
      });
      continue;
    }
    const reasons = unapproved.get(barcode);
    if (!reasons) continue;
    const status = reasons.length ? ("rejected" as const) : ("pending" as const);
    out[status]++;
    writes.push({ id: row.id, status, details: { ...d, rejectReasons: reasons }, ...adopted, ...(reasons.length ? { lastError: reasons.join("; ") } : {}) });
  }
  await writeListings(db, partnerId, writes);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading, for the cabinet and the command line

export async function listTrendyolListings(
  db: Db,
  partnerId: string,
  connectionId: string,
  filter: { status?: (typeof listings.status.enumValues)[number]; failedOnly?: boolean; search?: string; limit?: number; offset?: number } = {},
) {
  const rows = await db
    .select({
      id: listings.id,
      variantId: listings.variantId,
      sku: variants.sku,
      barcode: variants.barcode,
      title: products.title,
      productId: products.id,
      status: listings.status,
      externalProductId: listings.externalProductId,
      lastError: listings.lastError,
      lastBatchId: listings.lastBatchId,
      lastPushedAt: listings.lastPushedAt,
      updatedAt: listings.updatedAt,
      details: listings.details,
    })
    .from(listings)
    .innerJoin(variants, and(eq(variants.id, listings.variantId), eq(variants.partnerId, partnerId)))
    .innerJoin(products, and(eq(products.id, variants.productId), eq(products.partnerId, partnerId)))
    .where(
      and(
        eq(listings.partnerId, partnerId),
        eq(listings.connectionId, connectionId),
        filter.status ? eq(listings.status, filter.status) : undefined,
        filter.failedOnly ? sql`${listings.lastError} is not null` : undefined,
        filter.search ? sql`(${variants.sku} ilike ${"%" + filter.search + "%"} or ${products.title} ilike ${"%" + filter.search + "%"} or ${variants.barcode} ilike ${"%" + filter.search + "%"})` : undefined,
      ),
    )
    .orderBy(variants.sku)
    .limit(Math.min(500, filter.limit ?? 100))
    .offset(filter.offset ?? 0);
  return rows.map(({ details, ...r }) => {
    const d = (details ?? {}) as TrendyolListingDetails;
    return { ...r, rejectReasons: d.rejectReasons ?? [], failureReasons: d.failureReasons ?? [], lastAction: d.lastAction ?? null };
  });
}

export async function listingStatusCounts(db: Db, partnerId: string, connectionId: string) {
  const rows = await db
    .select({ status: listings.status, n: sql<number>`count(*)::int`, failed: sql<number>`count(${listings.lastError})::int` })
    .from(listings)
    .where(and(eq(listings.partnerId, partnerId), eq(listings.connectionId, connectionId)))
    .groupBy(listings.status);
  return rows.map((r) => ({ status: r.status, count: Number(r.n), withError: Number(r.failed) }));
}

export async function listTrendyolBatches(db: Db, partnerId: string, connectionId: string, opts: { batchId?: string; limit?: number } = {}) {
  const rows = await db
    .select()
    .from(platformBatches)
    .where(
      and(
        eq(platformBatches.partnerId, partnerId),
        eq(platformBatches.connectionId, connectionId),
        eq(platformBatches.platform, "trendyol"),
        inArray(platformBatches.kind, [...PRODUCT_BATCH_KINDS]),
        opts.batchId ? eq(platformBatches.externalBatchId, opts.batchId) : undefined,
      ),
    )
    .orderBy(sql`${platformBatches.submittedAt} desc`)
    .limit(Math.min(200, opts.limit ?? 50));
  return rows.map((b) => ({
    id: b.id,
    kind: b.kind,
    batchRequestId: b.externalBatchId,
    status: b.status,
    itemCount: b.itemCount,
    failedCount: b.failedCount,
    submittedAt: b.submittedAt,
    finishedAt: b.finishedAt,
    resultsExpireAt: b.resultsExpireAt,
    jobId: b.jobId,
  }));
}
