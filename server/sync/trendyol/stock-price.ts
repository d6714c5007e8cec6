/**
 * Stock and price to Trendyol: sends only what changed since the last accepted push (the listing's pushed values),
 * 1000 items per request, never an identical body within 15 minutes, and settles the batches onto the listings.
 * A reconcile first reads Trendyol's own view and treats any difference from the pushed values as drift to fix.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections } from "@/db/schema";
import type { HttpDeps } from "@/server/platforms/trendyol/client";
import { createTrendyolHttp } from "@/server/platforms/trendyol/client";
import type { PlatformHttpClient } from "@/server/platforms/http";
import { PlatformError } from "@/server/platforms/errors";
import { getBatchRequestResult, listApprovedStockAndPrice, updatePriceAndInventory } from "@/server/platforms/trendyol/inventory";
import {
  bodyHash,
  chunk,
  inventoryBody,
  parseBatchResult,
  planInventoryPush,
  TRENDYOL_BATCH_RETENTION_MS,
  TRENDYOL_DUPLICATE_BODY_WINDOW_MS,
  TRENDYOL_INVENTORY_MAX_ITEMS,
  type PlannedItem,
  type StockPriceItemError,
  type StockPriceRow,
} from "@/server/platforms/trendyol/transform-inventory";
import { buildConnectionContext, ConnectionUnavailableError } from "../connection-context";
import { pollBatches, recentBodySubmission, recordBatch, writeListingErrors, type BatchPlanItem, type PollSummary } from "../batches";

export const STOCK_PRICE_BATCH_KIND = "stock-price";
/** Requests in flight at once (one waits for its slot while the other records its batch); the limiter spaces them. */
const DEFAULT_CONCURRENCY = 2;

export interface StockPriceDeps {
  sandboxUrl?: string;
  http?: HttpDeps;
  /** Parallel requests (default 2). */
  concurrency?: number;
}

export interface StockPriceRefusal {
  listingId: string;
  sku: string;
  message: string;
}

export interface PushStockPriceResult {
  /** Listings whose catalog values differ from the last accepted push. */
  changed: number;
  /** Items sent in accepted requests. */
  itemsSent: number;
  requests: number;
  /** platform_batches row ids to settle. */
  batchIds: string[];
  /** Not sent: Trendyol would refuse them (no barcode, stock over 20,000, list below sale). */
  invalid: StockPriceItemError[];
  /** Items held back because the identical body was sent less than 15 minutes ago (sent by a later run). */
  heldBackDuplicate: number;
  /** Whole requests Trendyol refused (e.g. 400): each item with the platform's message. */
  refused: StockPriceRefusal[];
  /** Reconcile only: listings whose values on Trendyol differed from what we believed was pushed. */
  drifted?: number;
}

interface Connection {
  http: PlatformHttpClient;
  sellerId: string;
}

async function openConnection(db: Db, partnerId: string, connectionId: string, deps: StockPriceDeps): Promise<Connection> {
  const ctx = await buildConnectionContext(db, partnerId, connectionId, { sandboxUrl: deps.sandboxUrl });
  if (ctx.platform !== "trendyol") throw new ConnectionUnavailableError("Stock and price push is for Trendyol connections");
  const sellerId = ctx.settings.sellerId ?? ctx.credentials.sellerId ?? "";
  return { http: createTrendyolHttp(ctx, { db, ...deps.http }), sellerId };
}

type Rows = { rows: Record<string, unknown>[] };

/** A listing per (connection, variant), made on the first push. */
async function ensureListings(db: Db, partnerId: string, connectionId: string) {
  await db.execute(sql`
    insert into listings (partner_id, connection_id, variant_id)
    select v.partner_id, ${connectionId}::uuid, v.id from variants v
    where v.partner_id = ${partnerId}::uuid
      and not exists (select 1 from listings l where l.connection_id = ${connectionId}::uuid and l.variant_id = v.id)
    on conflict (connection_id, variant_id) do nothing`);
}

/** Listings not waiting on a stock-price batch still in progress (their outcome is not known yet). */
const notInFlight = sql`not exists (
  select 1 from platform_batches b
  where b.partner_id = l.partner_id and b.connection_id = l.connection_id and b.external_batch_id = l.last_batch_id
    and b.kind = ${STOCK_PRICE_BATCH_KIND} and b.status = 'submitted')`;

/** What the catalog says for every listing whose values differ from the last accepted push. */
async function changedRows(db: Db, partnerId: string, connectionId: string): Promise<StockPriceRow[]> {
  const res = (await db.execute(sql`
    select l.id as listing_id, v.id as variant_id, v.sku, v.barcode,
      greatest(0, coalesce(s.q, 0))::bigint as quantity,
      v.sale_price::text as sale_price, coalesce(v.list_price, v.sale_price)::text as list_price
    from listings l
    join variants v on v.id = l.variant_id and v.partner_id = l.partner_id
    left join (select variant_id, sum(quantity) as q from stock_levels where partner_id = ${partnerId}::uuid group by variant_id) s on s.variant_id = v.id
    where l.partner_id = ${partnerId}::uuid and l.connection_id = ${connectionId}::uuid
      and l.status not in ('archived', 'deleted')
      and (greatest(0, coalesce(s.q, 0)) is distinct from l.pushed_quantity
        or v.sale_price is distinct from l.pushed_sale_price
        or coalesce(v.list_price, v.sale_price) is distinct from l.pushed_list_price)
      and ${notInFlight}
    order by v.barcode nulls last, v.sku`)) as unknown as Rows;
  return res.rows.map((r) => ({
    listingId: String(r.listing_id),
    variantId: String(r.variant_id),
    sku: String(r.sku),
    barcode: (r.barcode as string | null) ?? null,
    quantity: Number(r.quantity),
    salePrice: (r.sale_price as string | null) ?? null,
    listPrice: (r.list_price as string | null) ?? null,
  }));
}

/**
 * Reconcile: Trendyol's stock and prices replace the pushed values where they differ, so the delta that follows
 * sends the catalog's values for exactly the drifted listings. Returns how many drifted.
 */
async function adoptTrendyolView(db: Db, partnerId: string, connectionId: string, conn: Connection): Promise<number> {
  let drifted = 0;
  for await (const page of listApprovedStockAndPrice(conn.http, conn.sellerId)) {
    if (!page.length) continue;
    const rows = page.map((p) => ({ barcode: p.barcode, q: p.quantity ?? null, s: p.salePrice ?? null, lp: p.listPrice ?? null }));
    const res = (await db.execute(sql`
      update listings l set
        pushed_quantity = coalesce(x.q, l.pushed_quantity),
        pushed_sale_price = coalesce(x.s, l.pushed_sale_price),
        pushed_list_price = coalesce(x.lp, l.pushed_list_price),
        updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(barcode text, q integer, s numeric, lp numeric), variants v
      where v.id = l.variant_id and v.partner_id = ${partnerId}::uuid and v.barcode = x.barcode
        and l.partner_id = ${partnerId}::uuid and l.connection_id = ${connectionId}::uuid
        and (coalesce(x.q, l.pushed_quantity) is distinct from l.pushed_quantity
          or coalesce(x.s, l.pushed_sale_price) is distinct from l.pushed_sale_price
          or coalesce(x.lp, l.pushed_list_price) is distinct from l.pushed_list_price)
        and ${notInFlight}
      returning l.id`)) as unknown as Rows;
    drifted += res.rows.length;
  }
  return drifted;
}

function planItem(p: PlannedItem): BatchPlanItem {
  return {
    key: p.item.barcode,
    listingId: p.row.listingId,
    ref: p.row.sku,
    onAccepted: {
      status: "active",
      pushedQuantity: p.item.quantity,
      pushedSalePrice: p.row.salePrice,
      pushedListPrice: p.row.listPrice,
    },
  };
}

/**
 * Sends what changed (or, with `reconcile`, what differs from Trendyol's own view) and records each batch. Items
 * Trendyol would refuse are reported and not sent; call `settleStockPrice` until no batch is pending.
 */
export async function pushStockAndPrice(
  db: Db,
  partnerId: string,
  connectionId: string,
  opts: StockPriceDeps & { jobId?: string | null; reconcile?: boolean; onRequest?: (done: number, total: number) => void } = {},
): Promise<PushStockPriceResult> {
  const conn = await openConnection(db, partnerId, connectionId, opts);
  await ensureListings(db, partnerId, connectionId);
  const drifted = opts.reconcile ? await adoptTrendyolView(db, partnerId, connectionId, conn) : undefined;
  const rows = await changedRows(db, partnerId, connectionId);
  const plan = planInventoryPush(rows);
  await writeListingErrors(db, { partnerId, connectionId }, plan.errors);

  const chunks = chunk(plan.items, TRENDYOL_INVENTORY_MAX_ITEMS);
  const result: PushStockPriceResult = { changed: rows.length, itemsSent: 0, requests: 0, batchIds: [], invalid: plan.errors, heldBackDuplicate: 0, refused: [], ...(drifted !== undefined ? { drifted } : {}) };
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= chunks.length) return;
      const part = chunks[i]!;
      const body = inventoryBody(part.map((p) => p.item));
      const hash = bodyHash(body);
      const scope = { partnerId, connectionId };
      if (await recentBodySubmission(db, { ...scope, kind: STOCK_PRICE_BATCH_KIND, bodyHash: hash, withinMs: TRENDYOL_DUPLICATE_BODY_WINDOW_MS })) {
        result.heldBackDuplicate += part.length;
      } else {
        try {
          const { batchRequestId } = await updatePriceAndInventory(conn.http, conn.sellerId, body);
          result.requests++;
          result.itemsSent += part.length;
          const id = await recordBatch(db, {
            ...scope,
            platform: "trendyol",
            kind: STOCK_PRICE_BATCH_KIND,
            externalBatchId: batchRequestId,
            bodyHash: hash,
            items: part.map(planItem),
            resultsRetentionMs: TRENDYOL_BATCH_RETENTION_MS,
            jobId: opts.jobId ?? null,
          });
          result.batchIds.push(id);
        } catch (err) {
          // A refused body (400) is reported on its items and sent again next run; anything else stops the run.
          if (!(err instanceof PlatformError) || err.kind !== "validation") throw err;
          result.requests++;
          const refused = part.map((p) => ({ listingId: p.row.listingId, sku: p.row.sku, message: `Trendyol refused the request: ${err.message}` }));
          await writeListingErrors(db, scope, refused);
          result.refused.push(...refused);
        }
      }
      opts.onRequest?.(++done, chunks.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? DEFAULT_CONCURRENCY, chunks.length) }, worker));
  await conn.http.flush();
  return result;
}

/** One pass over the connection's unfinished stock-price batches (all, or the given row ids). */
export async function settleStockPrice(db: Db, partnerId: string, connectionId: string, opts: StockPriceDeps & { batchIds?: string[] } = {}): Promise<PollSummary> {
  const conn = await openConnection(db, partnerId, connectionId, opts);
  const summary = await pollBatches(db, { partnerId, connectionId, kind: STOCK_PRICE_BATCH_KIND, batchIds: opts.batchIds }, async (externalId) => {
    try {
      return parseBatchResult(await getBatchRequestResult(conn.http, conn.sellerId, externalId));
    } catch (err) {
      if (err instanceof PlatformError && err.kind === "not_found") return "gone";
      throw err;
    }
  });
  await conn.http.flush();
  return summary;
}

/** Trendyol connections that are not deactivated (the schedule and the reconcile run for each). */
export async function activeTrendyolConnectionsForStock(db: Db, partnerId?: string) {
  return db
    .select({ id: connections.id, partnerId: connections.partnerId })
    .from(connections)
    .where(and(eq(connections.platform, "trendyol"), inArray(connections.status, ["pending", "connected"]), partnerId ? eq(connections.partnerId, partnerId) : undefined));
}
