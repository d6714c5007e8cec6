// Shopify simulator: a stateful fake of the GraphQL Admin API 2025-01 at /admin/api/2025-01/graphql.json.
// The document is parsed and validated with `graphql` against the subset schema in ./schema.ts and executed with
// resolvers over in-memory shops; cost and the leaky bucket follow https://shopify.dev/docs/api/usage/limits.
import crypto from "node:crypto";
import {
  execute,
  getOperationAST,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
} from "graphql";
import { json, noFaults, type Faults, type SimRequest, type SimResponse, type Simulator } from "../framework";
import { queryCost } from "./cost";
import { SHOPIFY_API_VERSION, shopifySubsetSchema } from "./schema";
import { PLAN_BUCKETS, SANDBOX_ACCOUNTS, SEED_LOCATIONS, seedProducts, type ShopifySandboxAccount } from "./seed";
import { deliverShopifyWebhooks, topicHeader, type ShopifyWebhookDelivery, type ShopifyWebhookEvent, type ShopifyWebhookTarget } from "./webhooks";

export { SANDBOX_ACCOUNTS, type ShopifySandboxAccount };
export type { ShopifyWebhookDelivery, ShopifyWebhookEvent, ShopifyWebhookTarget };

export const SHOPIFY_LIMITS = {
  /** One query may cost at most this many points, whatever the plan. */
  maxQueryCost: 1000,
  /** Array inputs (inventorySetQuantities.quantities …) and connection page sizes. */
  maxInputArray: 250,
  maxPageSize: 250,
  maxVariants: 2048,
  maxOptions: 3,
} as const;

export const INVALID_TOKEN_MESSAGE = "[API] Invalid API key or access token (unrecognized login or wrong password)";
const RATE_LIMIT_DOCS = "https://shopify.dev/api/usage/rate-limits";

const INVENTORY_REASONS = new Set([
  "correction",
  "cycle_count_available",
  "damaged",
  "movement_created",
  "movement_updated",
  "movement_received",
  "movement_canceled",
  "other",
  "promotion",
  "quality_control",
  "received",
  "reservation_created",
  "reservation_deleted",
  "reservation_updated",
  "restock",
  "safety_stock",
  "shrinkage",
]);

const SCOPE_DESCRIPTIONS: Record<string, string> = {
  read_products: "Read products, variants, and collections",
  write_products: "Modify products, variants, and collections",
  read_inventory: "Read inventory",
  write_inventory: "Modify inventory",
  read_locations: "Read locations",
  read_orders: "Read orders, transactions, and fulfillments",
};

interface VariantRec {
  id: number;
  productId: number;
  sku: string | null;
  barcode: string | null;
  price: string;
  compareAtPrice: string | null;
  options: string[];
  position: number;
  taxable: boolean;
  inventoryPolicy: "DENY" | "CONTINUE";
  inventoryItemId: number;
  createdAt: number;
  updatedAt: number;
}

interface LevelRec {
  available: number;
  on_hand: number;
  createdAt: number;
  updatedAt: number;
}

interface InventoryItemRec {
  id: number;
  variantId: number;
  tracked: boolean;
  levels: Map<number, LevelRec>;
  createdAt: number;
  updatedAt: number;
}

interface ProductRec {
  id: number;
  title: string;
  handle: string;
  vendor: string;
  productType: string;
  descriptionHtml: string;
  tags: string[];
  status: "ACTIVE" | "DRAFT" | "ARCHIVED";
  options: Array<{ id: number; name: string; values: string[] }>;
  variantIds: number[];
  createdAt: number;
  updatedAt: number;
}

interface LocationRec {
  id: number;
  name: string;
  isActive: boolean;
  createdAt: number;
}

interface UserErrorRec {
  field: string[] | null;
  message: string;
  code?: string;
}

interface OperationRec {
  id: number;
  readyAt: number;
  apply: () => ProductRec;
  productId?: number;
}

interface WebhookSubRec {
  id: number;
  topic: string;
  format: "JSON" | "XML";
  callbackUrl: string;
  includeFields: string[];
  filter: string | null;
  createdAt: number;
  updatedAt: number;
}

interface OrderRec {
  id: number;
  name: string;
  createdAt: number;
  updatedAt: number;
  cancelledAt: number | null;
  financial: string;
  fulfillment: string;
  total: string;
  lines: Array<{ id: number; title: string; sku: string | null; quantity: number; variantId: number | null }>;
}

interface ShopState {
  account: ShopifySandboxAccount;
  id: number;
  createdAt: number;
  bucket: { available: number; at: number };
  products: Map<number, ProductRec>;
  variants: Map<number, VariantRec>;
  items: Map<number, InventoryItemRec>;
  locations: LocationRec[];
  operations: Map<number, OperationRec>;
  webhooks: WebhookSubRec[];
  orders: OrderRec[];
  adjustments: number;
  productSetCalls: number;
}

export interface ShopifySimulatorOptions {
  /** Injectable clock (ms): leaky bucket, operation timing, timestamps. */
  now?: () => number;
  accounts?: readonly ShopifySandboxAccount[];
  /** How long an asynchronous productSet stays ACTIVE before it completes (default 1000 ms). */
  productOperationMs?: number;
  /** Used for outbound webhook deliveries (default global fetch). */
  fetch?: typeof fetch;
}

export interface ShopifySimulator extends Simulator {
  /** POSTs events signed the way Shopify signs them, honouring the webhook faults. */
  deliverWebhook(target: ShopifyWebhookTarget, event: ShopifyWebhookEvent | ShopifyWebhookEvent[]): Promise<ShopifyWebhookDelivery[]>;
  /** Delivers a topic to every subscription the shop's app created with webhookSubscriptionCreate. */
  emitTopic(shopDomain: string, topic: string, payload: unknown, eventId?: string): Promise<ShopifyWebhookDelivery[]>;
  /** A products/update style payload (REST shape, as webhooks carry) for a product of a shop. */
  productWebhookPayload(shopDomain: string, productGid: string): Record<string, unknown>;
  /** Current cost bucket of a shop. */
  throttleStatus(shopDomain: string): { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");
const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;

function parseGid(value: unknown, type: string): number | undefined {
  if (typeof value !== "string") return undefined;
  const m = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(\?.*)?$/.exec(value);
  if (!m || m[1] !== type) return undefined;
  return Number(m[2]);
}

function invalidId(value: unknown): GraphQLError {
  return new GraphQLError(`Invalid global id '${String(value)}'`, { extensions: { code: "argumentLiteralsIncompatible", typeName: "CoercionError" } });
}

const encodeCursor = (id: number) => Buffer.from(JSON.stringify({ last_id: id, last_value: String(id) }), "utf8").toString("base64");
function decodeCursor(cursor: string): number | undefined {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as { last_id?: unknown };
    return typeof v.last_id === "number" ? v.last_id : undefined;
  } catch {
    return undefined;
  }
}

interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

/** Relay connection over an ordered list (cursor = the item's numeric id, as Shopify's opaque cursors carry it). */
function connection<T>(all: T[], args: ConnectionArgs, idOf: (t: T) => number, view: (t: T) => unknown) {
  const { first, last, after, before } = args;
  if (first == null && last == null) throw new GraphQLError("you must provide one of first or last", { extensions: { code: "BAD_REQUEST" } });
  for (const [name, v] of [
    ["first", first],
    ["last", last],
  ] as const) {
    if (v != null && (v < 0 || v > SHOPIFY_LIMITS.maxPageSize))
      throw new GraphQLError(`The ${name} argument must be between 0 and ${SHOPIFY_LIMITS.maxPageSize}.`, { extensions: { code: "BAD_REQUEST" } });
  }
  const list = args.reverse ? [...all].reverse() : all;
  let start = 0;
  let end = list.length;
  if (after) {
    const id = decodeCursor(after);
    if (id === undefined) throw new GraphQLError(`Invalid cursor for current pagination sort.`, { extensions: { code: "BAD_REQUEST" } });
    const i = list.findIndex((x) => idOf(x) === id);
    start = i < 0 ? list.length : i + 1;
  }
  if (before) {
    const id = decodeCursor(before);
    if (id === undefined) throw new GraphQLError(`Invalid cursor for current pagination sort.`, { extensions: { code: "BAD_REQUEST" } });
    const i = list.findIndex((x) => idOf(x) === id);
    end = i < 0 ? end : i;
  }
  if (first != null) end = Math.min(end, start + first);
  if (last != null) start = Math.max(start, end - last);
  const page = list.slice(start, end);
  return {
    edges: page.map((x) => ({ cursor: encodeCursor(idOf(x)), node: view(x) })),
    nodes: page.map(view),
    pageInfo: {
      hasNextPage: end < list.length,
      hasPreviousPage: start > 0,
      startCursor: page.length ? encodeCursor(idOf(page[0]!)) : null,
      endCursor: page.length ? encodeCursor(idOf(page[page.length - 1]!)) : null,
    },
  };
}

/** Shopify search syntax, the part the product uses: `field:value`, comparators, quoted values, prefix `*`, free text. */
export function parseSearchQuery(query: string | null | undefined): Array<{ field?: string; op: string; value: string }> {
  if (!query) return [];
  const terms: Array<{ field?: string; op: string; value: string }> = [];
  const re = /(?:([a-z_]+):(>=|<=|>|<)?("([^"]*)"|'([^']*)'|\S+))|("([^"]*)"|\S+)/gi;
  for (const m of query.matchAll(re)) {
    if (m[1]) terms.push({ field: m[1].toLowerCase(), op: m[2] ?? ":", value: m[4] ?? m[5] ?? m[3]! });
    else {
      const v = m[7] ?? m[6]!;
      if (/^(AND|OR|NOT)$/.test(v)) continue;
      terms.push({ op: ":", value: v });
    }
  }
  return terms;
}

function matchText(actual: string | null | undefined, expected: string): boolean {
  const a = (actual ?? "").toLowerCase();
  const e = expected.toLowerCase();
  return e.endsWith("*") ? a.startsWith(e.slice(0, -1)) : a === e;
}

function compare(actual: number, op: string, expected: number): boolean {
  switch (op) {
    case ">":
      return actual > expected;
    case ">=":
      return actual >= expected;
    case "<":
      return actual < expected;
    case "<=":
      return actual <= expected;
    default:
      return actual === expected;
  }
}

function dateValue(v: string): number {
  const t = Date.parse(v.replace(/^'|'$/g, ""));
  return Number.isNaN(t) ? NaN : t;
}

const userError = (field: string[] | null, message: string, code?: string): UserErrorRec => ({ field, message, ...(code ? { code } : {}) });

export function createShopifySimulator(opts: ShopifySimulatorOptions = {}): ShopifySimulator {
  const now = opts.now ?? Date.now;
  const accounts = opts.accounts ?? SANDBOX_ACCOUNTS;
  const operationMs = opts.productOperationMs ?? 1000;
  const faults: Faults = noFaults();
  const schema = shopifySubsetSchema();
  let seq = 8_100_000_000;
  const nextId = () => ++seq;
  let shops = seed();

  function seed(): Map<string, ShopState> {
    const t = now();
    const out = new Map<string, ShopState>();
    for (const account of accounts) {
      const plan = PLAN_BUCKETS[account.plan];
      const shop: ShopState = {
        account,
        id: nextId(),
        createdAt: t - 365 * 86_400_000,
        bucket: { available: plan.maximumAvailable, at: t },
        products: new Map(),
        variants: new Map(),
        items: new Map(),
        locations: SEED_LOCATIONS.map((l) => ({ id: nextId(), name: l.name, isActive: l.isActive, createdAt: t - 300 * 86_400_000 })),
        operations: new Map(),
        webhooks: [],
        orders: [],
        adjustments: 0,
        productSetCalls: 0,
      };
      const primary = shop.locations[0]!.id;
      for (const sp of seedProducts()) {
        const created = t - 60 * 86_400_000;
        const p: ProductRec = {
          id: nextId(),
          title: sp.title,
          handle: sp.handle,
          vendor: sp.vendor,
          productType: sp.productType,
          descriptionHtml: sp.descriptionHtml,
          tags: sp.tags,
          status: sp.status,
          options: sp.options.map((o) => ({ id: nextId(), name: o.name, values: [...o.values] })),
          variantIds: [],
          createdAt: created,
          updatedAt: t - 86_400_000,
        };
        shop.products.set(p.id, p);
        sp.variants.forEach((sv, i) => {
          const v = newVariant(shop, p, { sku: sv.sku, barcode: sv.barcode, price: sv.price, compareAtPrice: sv.compareAtPrice, options: sv.options, position: i + 1 }, created);
          shop.items.get(v.inventoryItemId)!.levels.set(primary, { available: sv.available, on_hand: sv.available, createdAt: created, updatedAt: created });
        });
      }
      const firstVariant = [...shop.variants.values()][0]!;
      for (let n = 1; n <= 3; n++) {
        const created = t - (4 - n) * 86_400_000;
        shop.orders.push({
          id: nextId(),
          name: `#${1000 + n}`,
          createdAt: created,
          updatedAt: created + 3_600_000,
          cancelledAt: null,
          financial: "PAID",
          fulfillment: n === 1 ? "FULFILLED" : "UNFULFILLED",
          total: firstVariant.price,
          lines: [{ id: nextId(), title: shop.products.get(firstVariant.productId)!.title, sku: firstVariant.sku, quantity: 1, variantId: firstVariant.id }],
        });
      }
      out.set(account.shopDomain, shop);
    }
    return out;
  }

  function newVariant(
    shop: ShopState,
    p: ProductRec,
    v: { sku: string | null; barcode: string | null; price: string; compareAtPrice: string | null; options: string[]; position: number },
    t: number,
  ): VariantRec {
    const item: InventoryItemRec = { id: nextId(), variantId: 0, tracked: true, levels: new Map(), createdAt: t, updatedAt: t };
    const rec: VariantRec = { id: nextId(), productId: p.id, ...v, taxable: true, inventoryPolicy: "DENY", inventoryItemId: item.id, createdAt: t, updatedAt: t };
    item.variantId = rec.id;
    shop.items.set(item.id, item);
    shop.variants.set(rec.id, rec);
    p.variantIds.push(rec.id);
    return rec;
  }

  // ---------- cost bucket ----------
  function restore(shop: ShopState, t: number) {
    const plan = PLAN_BUCKETS[shop.account.plan];
    const elapsed = Math.max(0, t - shop.bucket.at) / 1000;
    shop.bucket.available = Math.min(plan.maximumAvailable, shop.bucket.available + elapsed * plan.restoreRate);
    shop.bucket.at = t;
  }
  function throttleStatus(shop: ShopState) {
    const plan = PLAN_BUCKETS[shop.account.plan];
    return { maximumAvailable: plan.maximumAvailable, currentlyAvailable: Math.floor(shop.bucket.available), restoreRate: plan.restoreRate };
  }
  function throttled(shop: ShopState | undefined, requested: number, drained = false): SimResponse {
    const status = shop ? throttleStatus(shop) : { maximumAvailable: 1000, currentlyAvailable: 0, restoreRate: 100 };
    // A fault storm stands for other apps draining the shared bucket: report it empty (without changing state).
    if (drained) status.currentlyAvailable = 0;
    return json(
      200,
      {
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: RATE_LIMIT_DOCS } }],
        extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: status } },
      },
      headers(),
    );
  }
  function maxCostExceeded(shop: ShopState, requested: number): SimResponse {
    return json(
      200,
      {
        errors: [
          {
            message: `Query cost is ${requested}, which exceeds the single query max cost limit (${SHOPIFY_LIMITS.maxQueryCost}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n`,
            extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: SHOPIFY_LIMITS.maxQueryCost, documentation: RATE_LIMIT_DOCS },
          },
        ],
        extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: throttleStatus(shop) } },
      },
      headers(),
    );
  }
  const headers = () => ({ "x-shopify-api-version": SHOPIFY_API_VERSION, "x-request-id": crypto.randomUUID() });

  function settle(shop: ShopState, t: number) {
    for (const op of shop.operations.values()) {
      if (op.productId === undefined && op.readyAt <= t) op.productId = op.apply().id;
    }
  }

  // ---------- views ----------
  function hasScope(shop: ShopState, scope: string) {
    const s = shop.account.scopes;
    return s.includes(scope) || (scope.startsWith("read_") && s.includes(scope.replace("read_", "write_")));
  }
  function requireScope(shop: ShopState, scope: string, field: string) {
    if (!hasScope(shop, scope))
      throw new GraphQLError(`Access denied for ${field} field. Required access: \`${scope}\` access scope.`, {
        extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess: `\`${scope}\` access scope.` },
      });
  }

  function locationView(shop: ShopState, l: LocationRec): Record<string, unknown> {
    return {
      __typename: "Location",
      id: gid("Location", l.id),
      name: l.name,
      isActive: l.isActive,
      legacyResourceId: String(l.id),
      createdAt: iso(l.createdAt),
      updatedAt: iso(l.createdAt),
      fulfillsOnlineOrders: true,
      inventoryLevel: ({ inventoryItemId }: { inventoryItemId: string }) => {
        const itemId = parseGid(inventoryItemId, "InventoryItem");
        if (itemId === undefined) throw invalidId(inventoryItemId);
        const item = shop.items.get(itemId);
        return item && item.levels.has(l.id) ? levelView(shop, item, l.id) : null;
      },
    };
  }

  function levelView(shop: ShopState, item: InventoryItemRec, locationId: number): Record<string, unknown> {
    const level = item.levels.get(locationId)!;
    return {
      __typename: "InventoryLevel",
      id: `gid://shopify/InventoryLevel/${item.id}?inventory_item_id=${item.id}&location_id=${locationId}`,
      createdAt: iso(level.createdAt),
      updatedAt: iso(level.updatedAt),
      quantities: ({ names }: { names: string[] }) =>
        names.map((name) => ({
          id: `gid://shopify/InventoryQuantity/${item.id}?inventory_item_id=${item.id}&location_id=${locationId}&name=${name}`,
          name,
          quantity: name === "available" ? level.available : name === "on_hand" ? level.on_hand : 0,
          updatedAt: iso(level.updatedAt),
        })),
      location: () => locationView(shop, shop.locations.find((l) => l.id === locationId)!),
      item: () => itemView(shop, item),
    };
  }

  function itemView(shop: ShopState, item: InventoryItemRec): Record<string, unknown> {
    const variant = shop.variants.get(item.variantId);
    return {
      __typename: "InventoryItem",
      id: gid("InventoryItem", item.id),
      sku: variant?.sku ?? null,
      tracked: item.tracked,
      createdAt: iso(item.createdAt),
      updatedAt: iso(item.updatedAt),
      legacyResourceId: String(item.id),
      inventoryLevel: ({ locationId }: { locationId: string }) => {
        const id = parseGid(locationId, "Location");
        if (id === undefined) throw invalidId(locationId);
        return item.levels.has(id) ? levelView(shop, item, id) : null;
      },
      inventoryLevels: (args: ConnectionArgs) => connection([...item.levels.keys()], args, (id) => id, (id) => levelView(shop, item, id)),
      variant: () => variantView(shop, variant!),
    };
  }

  function available(shop: ShopState, v: VariantRec): number {
    let sum = 0;
    for (const level of shop.items.get(v.inventoryItemId)?.levels.values() ?? []) sum += level.available;
    return sum;
  }

  function variantView(shop: ShopState, v: VariantRec): Record<string, unknown> {
    const p = shop.products.get(v.productId)!;
    const title = v.options.join(" / ");
    return {
      __typename: "ProductVariant",
      id: gid("ProductVariant", v.id),
      title,
      displayName: `${p.title} - ${title}`,
      sku: v.sku,
      barcode: v.barcode,
      price: v.price,
      compareAtPrice: v.compareAtPrice,
      inventoryQuantity: available(shop, v),
      position: v.position,
      createdAt: iso(v.createdAt),
      updatedAt: iso(v.updatedAt),
      legacyResourceId: String(v.id),
      selectedOptions: p.options.map((o, i) => ({ name: o.name, value: v.options[i] ?? "" })),
      inventoryItem: () => itemView(shop, shop.items.get(v.inventoryItemId)!),
      product: () => productView(shop, p),
    };
  }

  function productView(shop: ShopState, p: ProductRec): Record<string, unknown> {
    const variants = p.variantIds.map((id) => shop.variants.get(id)!).sort((a, b) => a.position - b.position);
    return {
      __typename: "Product",
      id: gid("Product", p.id),
      title: p.title,
      handle: p.handle,
      status: p.status,
      vendor: p.vendor,
      productType: p.productType,
      descriptionHtml: p.descriptionHtml,
      tags: p.tags,
      createdAt: iso(p.createdAt),
      updatedAt: iso(p.updatedAt),
      totalInventory: variants.reduce((s, v) => s + available(shop, v), 0),
      tracksInventory: true,
      hasOnlyDefaultVariant: variants.length === 1 && variants[0]!.options[0] === "Default Title",
      legacyResourceId: String(p.id),
      options: ({ first }: { first?: number | null }) =>
        p.options.slice(0, first ?? undefined).map((o, i) => ({ id: gid("ProductOption", o.id), name: o.name, position: i + 1, values: o.values })),
      variants: (args: ConnectionArgs) => connection(variants, args, (v) => v.id, (v) => variantView(shop, v)),
    };
  }

  function orderView(shop: ShopState, o: OrderRec): Record<string, unknown> {
    const money = { amount: o.total, currencyCode: "TRY" };
    return {
      __typename: "Order",
      id: gid("Order", o.id),
      name: o.name,
      createdAt: iso(o.createdAt),
      updatedAt: iso(o.updatedAt),
      cancelledAt: o.cancelledAt === null ? null : iso(o.cancelledAt),
      displayFinancialStatus: o.financial,
      displayFulfillmentStatus: o.fulfillment,
      totalPriceSet: { shopMoney: money, presentmentMoney: money },
      legacyResourceId: String(o.id),
      lineItems: (args: ConnectionArgs) =>
        connection(o.lines, args, (l) => l.id, (l) => ({
          id: gid("LineItem", l.id),
          title: l.title,
          sku: l.sku,
          quantity: l.quantity,
          variant: () => (l.variantId && shop.variants.has(l.variantId) ? variantView(shop, shop.variants.get(l.variantId)!) : null),
        })),
    };
  }

  function operationView(shop: ShopState, op: OperationRec): Record<string, unknown> {
    const t = now();
    const done = op.productId !== undefined;
    return {
      __typename: "ProductSetOperation",
      id: gid("ProductSetOperation", op.id),
      status: done ? "COMPLETE" : t > op.readyAt - operationMs / 2 ? "ACTIVE" : "CREATED",
      product: () => (done ? productView(shop, shop.products.get(op.productId!)!) : null),
      userErrors: [],
    };
  }

  function webhookView(w: WebhookSubRec): Record<string, unknown> {
    return {
      __typename: "WebhookSubscription",
      id: gid("WebhookSubscription", w.id),
      topic: w.topic,
      format: w.format,
      endpoint: { __typename: "WebhookHttpEndpoint", callbackUrl: w.callbackUrl },
      createdAt: iso(w.createdAt),
      updatedAt: iso(w.updatedAt),
      includeFields: w.includeFields,
      filter: w.filter,
      apiVersion: { handle: SHOPIFY_API_VERSION, displayName: SHOPIFY_API_VERSION, supported: true },
      legacyResourceId: String(w.id),
    };
  }

  // ---------- search ----------
  function productMatches(shop: ShopState, p: ProductRec, terms: ReturnType<typeof parseSearchQuery>): boolean {
    const variants = p.variantIds.map((id) => shop.variants.get(id)!);
    return terms.every((t) => {
      switch (t.field) {
        case undefined:
          return p.title.toLowerCase().includes(t.value.replace(/\*$/, "").toLowerCase());
        case "title":
          return matchText(p.title, t.value);
        case "handle":
          return matchText(p.handle, t.value);
        case "sku":
          return variants.some((v) => matchText(v.sku, t.value));
        case "barcode":
          return variants.some((v) => matchText(v.barcode, t.value));
        case "status":
          return t.value.split(",").some((s) => matchText(p.status, s));
        case "vendor":
          return matchText(p.vendor, t.value);
        case "product_type":
          return matchText(p.productType, t.value);
        case "tag":
          return p.tags.some((tag) => matchText(tag, t.value));
        case "updated_at":
          return compare(p.updatedAt, t.op, dateValue(t.value));
        case "created_at":
          return compare(p.createdAt, t.op, dateValue(t.value));
        case "id":
          return compare(p.id, t.op, Number(t.value));
        default:
          return true;
      }
    });
  }

  function sortProducts(list: ProductRec[], key: string | undefined): ProductRec[] {
    const by: Record<string, (p: ProductRec) => string | number> = {
      TITLE: (p) => p.title.toLowerCase(),
      UPDATED_AT: (p) => p.updatedAt,
      CREATED_AT: (p) => p.createdAt,
      PRODUCT_TYPE: (p) => p.productType,
      VENDOR: (p) => p.vendor,
    };
    const f = (key && by[key]) || ((p: ProductRec) => p.id);
    return [...list].sort((a, b) => {
      const x = f(a);
      const y = f(b);
      return x < y ? -1 : x > y ? 1 : a.id - b.id;
    });
  }

  // ---------- mutations ----------
  interface VariantInput {
    id?: string | null;
    sku?: string | null;
    barcode?: string | null;
    price?: string | null;
    compareAtPrice?: string | null;
    position?: number | null;
    taxable?: boolean | null;
    inventoryPolicy?: "DENY" | "CONTINUE" | null;
    optionValues: Array<{ id?: string | null; name?: string | null; optionId?: string | null; optionName?: string | null }>;
    inventoryQuantities?: Array<{ locationId: string; name: string; quantity: number }> | null;
    inventoryItem?: { sku?: string | null; tracked?: boolean | null } | null;
  }
  interface ProductSetInput {
    id?: string | null;
    title?: string | null;
    handle?: string | null;
    descriptionHtml?: string | null;
    vendor?: string | null;
    productType?: string | null;
    status?: ProductRec["status"] | null;
    tags?: string[] | null;
    productOptions?: Array<{ id?: string | null; name?: string | null; position?: number | null; values?: Array<{ id?: string | null; name?: string | null }> | null }> | null;
    variants?: VariantInput[] | null;
  }

  const slug = (s: string) =>
    s
      .toLowerCase()
      .normalize("NFKD")
      .replace(/ı/g, "i")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "product";

  function planProductSet(shop: ShopState, input: ProductSetInput): { errors: UserErrorRec[] } | { apply: () => ProductRec } {
    const errors: UserErrorRec[] = [];
    let existing: ProductRec | undefined;
    if (input.id != null) {
      const id = parseGid(input.id, "Product");
      existing = id === undefined ? undefined : shop.products.get(id);
      if (!existing) return { errors: [userError(["input", "id"], "Product does not exist", "PRODUCT_DOES_NOT_EXIST")] };
    }
    const title = input.title ?? existing?.title;
    if (!title || !title.trim()) errors.push(userError(["input", "title"], "Title can't be blank", "INVALID_PRODUCT"));
    let handle = input.handle ?? existing?.handle;
    if (input.handle != null && [...shop.products.values()].some((p) => p.handle === input.handle && p !== existing))
      errors.push(userError(["input", "handle"], `Handle '${input.handle}' already in use. Please provide a new handle.`, "HANDLE_NOT_UNIQUE"));
    if (!handle && title) {
      const base = slug(title);
      handle = base;
      for (let n = 1; [...shop.products.values()].some((p) => p.handle === handle); n++) handle = `${base}-${n}`;
    }

    const optionsInput = input.productOptions;
    const variantsInput = input.variants;
    if (variantsInput != null && optionsInput == null)
      return { errors: [...errors, userError(["input", "productOptions"], "Product options input is required when updating variants.", "PRODUCT_OPTIONS_INPUT_MISSING")] };
    if (optionsInput != null && optionsInput.length > SHOPIFY_LIMITS.maxOptions)
      errors.push(userError(["input", "productOptions"], `Can only specify a maximum of ${SHOPIFY_LIMITS.maxOptions} options`, "OPTIONS_OVER_LIMIT"));
    if (variantsInput != null && variantsInput.length > SHOPIFY_LIMITS.maxVariants)
      errors.push(userError(["input", "variants"], `Can only specify a maximum of ${SHOPIFY_LIMITS.maxVariants} variants`, "VARIANTS_OVER_LIMIT"));
    if (variantsInput != null && variantsInput.length === 0)
      errors.push(userError(["input", "variants"], "Variants input must contain at least one variant.", "VARIANTS_INPUT_MISSING"));
    const options = (optionsInput ?? existing?.options.map((o) => ({ name: o.name, values: o.values.map((name) => ({ name })) })) ?? [{ name: "Title", values: [{ name: "Default Title" }] }]).map(
      (o, i) => ({ name: o.name ?? `Option${i + 1}`, values: (o.values ?? []).map((v) => v.name ?? "") }),
    );
    options.forEach((o, i) => {
      if (new Set(o.values).size !== o.values.length)
        errors.push(userError(["input", "productOptions", String(i), "values"], `Duplicated option value for option '${o.name}'.`, "DUPLICATED_OPTION_VALUE"));
      if (o.values.length === 0) errors.push(userError(["input", "productOptions", String(i), "values"], `Option '${o.name}' must have at least one value.`, "OPTION_VALUES_MISSING"));
    });
    if (new Set(options.map((o) => o.name)).size !== options.length)
      errors.push(userError(["input", "productOptions"], "Duplicated option name.", "DUPLICATED_OPTION_NAME"));

    type Planned = { input: VariantInput | undefined; existing: VariantRec | undefined; values: string[] };
    const planned: Planned[] = [];
    if (variantsInput != null) {
      const seen = new Set<string>();
      variantsInput.forEach((v, i) => {
        const field = ["input", "variants", String(i)];
        const values: string[] = [];
        for (const [oi, o] of options.entries()) {
          const given = v.optionValues.find((ov) => ov.optionName === o.name) ?? (options.length === 1 && v.optionValues.length === 1 ? v.optionValues[0] : undefined);
          if (!given) {
            errors.push(userError([...field, "optionValues"], `Option '${o.name}' is missing a value.`, "OPTION_VALUES_MISSING"));
            continue;
          }
          if (!o.values.includes(given.name ?? "")) {
            errors.push(userError([...field, "optionValues", String(oi)], `Option value '${given.name ?? ""}' does not exist for option '${o.name}'.`, "OPTION_VALUE_DOES_NOT_EXIST"));
            continue;
          }
          values.push(given.name!);
        }
        for (const ov of v.optionValues)
          if (ov.optionName && !options.some((o) => o.name === ov.optionName))
            errors.push(userError([...field, "optionValues"], `Option '${ov.optionName}' does not exist.`, "OPTION_DOES_NOT_EXIST"));
        const key = values.join(" / ");
        if (seen.has(key)) errors.push(userError(field, `The variant '${key}' already exists.`, "INVALID_VARIANT"));
        seen.add(key);
        let ex: VariantRec | undefined;
        if (v.id != null) {
          const id = parseGid(v.id, "ProductVariant");
          ex = id === undefined ? undefined : shop.variants.get(id);
          if (!ex || !existing || ex.productId !== existing.id) errors.push(userError([...field, "id"], "Product variant does not exist", "PRODUCT_VARIANT_DOES_NOT_EXIST"));
        } else if (existing) {
          ex = existing.variantIds.map((id) => shop.variants.get(id)!).find((x) => x.options.join(" / ") === key);
        }
        for (const [k, price] of [
          ["price", v.price],
          ["compareAtPrice", v.compareAtPrice],
        ] as const) {
          if (price != null && !/^\d+(\.\d{1,2})?$/.test(String(price))) errors.push(userError([...field, k], `${k} must be a valid amount.`, "INVALID_VARIANT"));
        }
        for (const [qi, q] of (v.inventoryQuantities ?? []).entries()) {
          const loc = parseGid(q.locationId, "Location");
          if (loc === undefined || !shop.locations.some((l) => l.id === loc))
            errors.push(userError([...field, "inventoryQuantities", String(qi), "locationId"], "Location does not exist.", "INVALID_INPUT"));
          if (q.name !== "available" && q.name !== "on_hand")
            errors.push(userError([...field, "inventoryQuantities", String(qi), "name"], "Inventory quantity name must be available or on_hand.", "INVALID_INPUT"));
        }
        planned.push({ input: v, existing: ex, values });
      });
    } else if (!existing) {
      planned.push({ input: undefined, existing: undefined, values: options.map((o) => o.values[0] ?? "Default Title") });
    }
    if (errors.length) return { errors };

    return {
      apply: () => {
        const t = now();
        const p: ProductRec = existing ?? {
          id: nextId(),
          title: title!,
          handle: handle!,
          vendor: "",
          productType: "",
          descriptionHtml: "",
          tags: [],
          status: "ACTIVE",
          options: [],
          variantIds: [],
          createdAt: t,
          updatedAt: t,
        };
        p.title = title!;
        p.handle = handle!;
        if (input.vendor != null) p.vendor = input.vendor;
        if (input.productType != null) p.productType = input.productType;
        if (input.descriptionHtml != null) p.descriptionHtml = input.descriptionHtml;
        if (input.tags != null) p.tags = [...input.tags];
        if (input.status != null) p.status = input.status;
        p.options = options.map((o, i) => ({ id: p.options[i]?.id ?? nextId(), name: o.name, values: o.values }));
        p.updatedAt = t;
        shop.products.set(p.id, p);
        if (variantsInput != null || !existing) {
          // Lists sent replace the existing ones: variants not sent are removed.
          const keep = new Set(planned.flatMap((x) => (x.existing ? [x.existing.id] : [])));
          for (const id of p.variantIds)
            if (!keep.has(id)) {
              shop.items.delete(shop.variants.get(id)!.inventoryItemId);
              shop.variants.delete(id);
            }
          p.variantIds = p.variantIds.filter((id) => keep.has(id));
          planned.forEach((x, i) => {
            const v = x.input;
            const fields = {
              sku: v?.sku ?? v?.inventoryItem?.sku ?? x.existing?.sku ?? null,
              barcode: v?.barcode ?? x.existing?.barcode ?? null,
              price: v?.price != null ? String(v.price) : (x.existing?.price ?? "0.00"),
              compareAtPrice: v?.compareAtPrice !== undefined ? (v.compareAtPrice === null ? null : String(v.compareAtPrice)) : (x.existing?.compareAtPrice ?? null),
              options: x.values,
              position: v?.position ?? i + 1,
            };
            let rec = x.existing;
            if (rec) Object.assign(rec, fields, { updatedAt: t });
            else rec = newVariant(shop, p, fields, t);
            if (v?.taxable != null) rec.taxable = v.taxable;
            if (v?.inventoryPolicy != null) rec.inventoryPolicy = v.inventoryPolicy;
            const item = shop.items.get(rec.inventoryItemId)!;
            if (v?.inventoryItem?.tracked != null) item.tracked = v.inventoryItem.tracked;
            if (item.levels.size === 0) item.levels.set(shop.locations[0]!.id, { available: 0, on_hand: 0, createdAt: t, updatedAt: t });
            for (const q of v?.inventoryQuantities ?? []) {
              const loc = parseGid(q.locationId, "Location")!;
              const level = item.levels.get(loc) ?? { available: 0, on_hand: 0, createdAt: t, updatedAt: t };
              if (q.name === "available") {
                level.on_hand += q.quantity - level.available;
                level.available = q.quantity;
              } else {
                level.available += q.quantity - level.on_hand;
                level.on_hand = q.quantity;
              }
              level.updatedAt = t;
              item.levels.set(loc, level);
            }
          });
        }
        return p;
      },
    };
  }

  function failByFault(counter: number): boolean {
    const rate = faults.partialBatchFailureRate;
    return rate > 0 && Math.floor((counter + 1) * rate) > Math.floor(counter * rate);
  }

  function productSet(shop: ShopState, args: { input: ProductSetInput; synchronous?: boolean | null }) {
    requireScope(shop, "write_products", "productSet");
    if (failByFault(shop.productSetCalls++))
      return { product: null, productSetOperation: null, userErrors: [userError(["input"], "Product could not be saved, please try again.", "GENERIC_ERROR")] };
    const plan = planProductSet(shop, args.input);
    if ("errors" in plan) return { product: null, productSetOperation: null, userErrors: plan.errors };
    if (args.synchronous !== false) return { product: productView(shop, plan.apply()), productSetOperation: null, userErrors: [] };
    const op: OperationRec = { id: nextId(), readyAt: now() + operationMs, apply: plan.apply };
    shop.operations.set(op.id, op);
    return { product: null, productSetOperation: operationView(shop, op), userErrors: [] };
  }

  function inventorySetQuantities(
    shop: ShopState,
    { input }: { input: { reason: string; name: string; referenceDocumentUri?: string | null; quantities: Array<{ inventoryItemId: string; locationId: string; quantity: number; compareQuantity?: number | null }>; ignoreCompareQuantity?: boolean | null } },
  ) {
    requireScope(shop, "write_inventory", "inventorySetQuantities");
    if (input.quantities.length > SHOPIFY_LIMITS.maxInputArray)
      throw new GraphQLError(`The input array size of ${input.quantities.length} is greater than the maximum allowed of ${SHOPIFY_LIMITS.maxInputArray}.`, {
        extensions: { code: "MAX_INPUT_SIZE_EXCEEDED" },
      });
    const errors: UserErrorRec[] = [];
    if (input.name !== "available" && input.name !== "on_hand") errors.push(userError(["input", "name"], "The quantity name must be either 'available' or 'on_hand'.", "INVALID_NAME"));
    if (!INVENTORY_REASONS.has(input.reason)) errors.push(userError(["input", "reason"], "The specified reason is invalid.", "INVALID_REASON"));
    const pairs = new Set<string>();
    const resolved: Array<{ item: InventoryItemRec; location: LocationRec; quantity: number }> = [];
    input.quantities.forEach((q, i) => {
      const f = (k: string) => ["input", "quantities", String(i), k];
      const itemId = parseGid(q.inventoryItemId, "InventoryItem");
      const item = itemId === undefined ? undefined : shop.items.get(itemId);
      const locId = parseGid(q.locationId, "Location");
      const location = shop.locations.find((l) => l.id === locId);
      if (!item) return errors.push(userError(f("inventoryItemId"), "The specified inventory item could not be found.", "INVALID_INVENTORY_ITEM"));
      if (!location) return errors.push(userError(f("locationId"), "The specified location could not be found.", "INVALID_LOCATION"));
      const pair = `${item.id}:${location.id}`;
      if (pairs.has(pair)) return errors.push(userError(f("inventoryItemId"), "The combination of inventoryItemId and locationId must be unique.", "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR"));
      pairs.add(pair);
      const level = item.levels.get(location.id);
      if (!level) return errors.push(userError(f("locationId"), "The specified inventory item is not stocked at the location.", "ITEM_NOT_STOCKED_AT_LOCATION"));
      if (q.quantity > 1_000_000_000) return errors.push(userError(f("quantity"), "The quantity can't be higher than 1,000,000,000.", "INVALID_QUANTITY_TOO_HIGH"));
      if (q.quantity < -1_000_000_000) return errors.push(userError(f("quantity"), "The quantity can't be lower than -1,000,000,000.", "INVALID_QUANTITY_TOO_LOW"));
      if (!input.ignoreCompareQuantity) {
        const current = input.name === "on_hand" ? level.on_hand : level.available;
        if (q.compareQuantity == null)
          return errors.push(userError(f("compareQuantity"), "The compareQuantity argument must be given to each quantity or ignored using ignoreCompareQuantity.", "COMPARE_QUANTITY_REQUIRED"));
        if (q.compareQuantity !== current) return errors.push(userError(f("compareQuantity"), "The compareQuantity value does not match persisted value.", "COMPARE_QUANTITY_STALE"));
      }
      if (failByFault(i)) return errors.push(userError(f("inventoryItemId"), "The inventory item can't be changed right now.", "NON_MUTABLE_INVENTORY_ITEM"));
      resolved.push({ item, location, quantity: q.quantity });
    });
    // All or nothing: with any user error nothing changes.
    if (errors.length) return { inventoryAdjustmentGroup: null, userErrors: errors };
    const t = now();
    const changes: Array<{ name: string; delta: number; quantityAfterChange: number; itemId: number; locationId: number }> = [];
    for (const r of resolved) {
      const level = r.item.levels.get(r.location.id)!;
      const delta = input.name === "available" ? r.quantity - level.available : r.quantity - level.on_hand;
      level.available += delta;
      level.on_hand += delta;
      level.updatedAt = t;
      r.item.updatedAt = t;
      const v = shop.variants.get(r.item.variantId);
      if (v) {
        v.updatedAt = t;
        const p = shop.products.get(v.productId);
        if (p) p.updatedAt = t;
      }
      changes.push({ name: "available", delta, quantityAfterChange: level.available, itemId: r.item.id, locationId: r.location.id });
      changes.push({ name: "on_hand", delta, quantityAfterChange: level.on_hand, itemId: r.item.id, locationId: r.location.id });
    }
    const groupId = nextId();
    shop.adjustments++;
    return {
      inventoryAdjustmentGroup: {
        id: gid("InventoryAdjustmentGroup", groupId),
        createdAt: iso(t),
        reason: input.reason,
        referenceDocumentUri: input.referenceDocumentUri ?? null,
        changes: (args: { inventoryItemIds?: string[] | null; locationIds?: string[] | null; quantityNames?: string[] | null }) =>
          changes
            .filter((c) => !args.quantityNames || args.quantityNames.includes(c.name))
            .filter((c) => !args.inventoryItemIds || args.inventoryItemIds.includes(gid("InventoryItem", c.itemId)))
            .filter((c) => !args.locationIds || args.locationIds.includes(gid("Location", c.locationId)))
            .map((c) => ({
              name: c.name,
              delta: c.delta,
              quantityAfterChange: c.quantityAfterChange,
              item: () => itemView(shop, shop.items.get(c.itemId)!),
              location: () => locationView(shop, shop.locations.find((l) => l.id === c.locationId)!),
            })),
      },
      userErrors: [],
    };
  }

  interface BulkVariantInput {
    id?: string | null;
    price?: string | null;
    compareAtPrice?: string | null;
    barcode?: string | null;
    taxable?: boolean | null;
    inventoryPolicy?: "DENY" | "CONTINUE" | null;
    inventoryItem?: { sku?: string | null; tracked?: boolean | null } | null;
    inventoryQuantities?: Array<{ availableQuantity: number; locationId: string }> | null;
  }

  /** Prices and identifiers of existing variants; all or nothing unless allowPartialUpdates. */
  function productVariantsBulkUpdate(shop: ShopState, args: { productId: string; variants: BulkVariantInput[]; allowPartialUpdates?: boolean | null }) {
    requireScope(shop, "write_products", "productVariantsBulkUpdate");
    if (args.variants.length > SHOPIFY_LIMITS.maxInputArray)
      throw new GraphQLError(`The input array size of ${args.variants.length} is greater than the maximum allowed of ${SHOPIFY_LIMITS.maxInputArray}.`, {
        extensions: { code: "MAX_INPUT_SIZE_EXCEEDED" },
      });
    const pid = parseGid(args.productId, "Product");
    const product = pid === undefined ? undefined : shop.products.get(pid);
    if (!product) return { product: null, productVariants: null, userErrors: [userError(["productId"], "Product does not exist", "PRODUCT_DOES_NOT_EXIST")] };
    const errors: UserErrorRec[] = [];
    const valid: Array<{ variant: VariantRec; input: BulkVariantInput }> = [];
    args.variants.forEach((v, i) => {
      const field = ["variants", String(i)];
      if (v.id == null) return errors.push(userError([...field, "id"], "Product variant ID is missing.", "PRODUCT_VARIANT_ID_MISSING"));
      const vid = parseGid(v.id, "ProductVariant");
      const variant = vid === undefined ? undefined : shop.variants.get(vid);
      if (!variant) return errors.push(userError([...field, "id"], "Product variant does not exist.", "PRODUCT_VARIANT_DOES_NOT_EXIST"));
      if (variant.productId !== product.id) return errors.push(userError([...field, "id"], "Product variant is not for this product.", "MUST_BE_FOR_THIS_PRODUCT"));
      if (v.inventoryQuantities?.length)
        return errors.push(userError([...field, "inventoryQuantities"], "Inventory quantities can only be provided during create.", "NO_INVENTORY_QUANTITIES_ON_VARIANTS_UPDATE"));
      for (const [k, price] of [
        ["price", v.price],
        ["compareAtPrice", v.compareAtPrice],
      ] as const) {
        if (price == null) continue;
        if (!/^-?\d+(\.\d{1,2})?$/.test(String(price))) return errors.push(userError([...field, k], `${k} must be a valid amount.`, "INVALID_INPUT"));
        if (Number(price) < 0) return errors.push(userError([...field, k], "Price must be greater than or equal to 0.", "NEGATIVE_PRICE_VALUE"));
      }
      if (failByFault(i)) return errors.push(userError(field, "The variant could not be updated, please try again.", "INVALID_INPUT"));
      valid.push({ variant, input: v });
    });
    if (errors.length && !args.allowPartialUpdates) return { product: null, productVariants: null, userErrors: errors };
    const t = now();
    for (const { variant, input } of valid) {
      if (input.price != null) variant.price = String(input.price);
      if (input.compareAtPrice !== undefined) variant.compareAtPrice = input.compareAtPrice === null ? null : String(input.compareAtPrice);
      if (input.barcode != null) variant.barcode = input.barcode;
      if (input.taxable != null) variant.taxable = input.taxable;
      if (input.inventoryPolicy != null) variant.inventoryPolicy = input.inventoryPolicy;
      if (input.inventoryItem?.sku != null) variant.sku = input.inventoryItem.sku;
      if (input.inventoryItem?.tracked != null) shop.items.get(variant.inventoryItemId)!.tracked = input.inventoryItem.tracked;
      variant.updatedAt = t;
    }
    if (valid.length) product.updatedAt = t;
    return { product: productView(shop, product), productVariants: valid.map((x) => variantView(shop, x.variant)), userErrors: errors };
  }

  function webhookSubscriptionCreate(
    shop: ShopState,
    args: { topic: string; webhookSubscription: { callbackUrl?: string | null; format?: "JSON" | "XML" | null; includeFields?: string[] | null; filter?: string | null } },
  ) {
    const input = args.webhookSubscription;
    const fail = (field: string[], message: string) => ({ webhookSubscription: null, userErrors: [userError(field, message)] });
    if (!input.callbackUrl) return fail(["webhookSubscription", "callbackUrl"], "Address can't be blank");
    let url: URL;
    try {
      url = new URL(input.callbackUrl);
    } catch {
      return fail(["webhookSubscription", "callbackUrl"], "Address is invalid");
    }
    // Shopify requires https; the sandbox also accepts http on the loopback, where the local receiver listens.
    const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
    if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) return fail(["webhookSubscription", "callbackUrl"], `Address protocol ${url.protocol}// is not supported`);
    if (shop.webhooks.some((w) => w.topic === args.topic && w.callbackUrl === input.callbackUrl))
      return fail(["webhookSubscription", "callbackUrl"], "Address for this topic has already been taken");
    const t = now();
    const w: WebhookSubRec = {
      id: nextId(),
      topic: args.topic,
      format: input.format ?? "JSON",
      callbackUrl: input.callbackUrl,
      includeFields: input.includeFields ?? [],
      filter: input.filter ?? null,
      createdAt: t,
      updatedAt: t,
    };
    shop.webhooks.push(w);
    return { webhookSubscription: webhookView(w), userErrors: [] };
  }

  // ---------- root ----------
  function rootValue(shop: ShopState) {
    const plan = PLAN_BUCKETS[shop.account.plan];
    return {
      shop: () => ({
        __typename: "Shop",
        id: gid("Shop", shop.id),
        name: shop.account.name,
        email: shop.account.email,
        myshopifyDomain: shop.account.shopDomain,
        currencyCode: "TRY",
        ianaTimezone: "Europe/Istanbul",
        plan: { displayName: plan.displayName, partnerDevelopment: false, shopifyPlus: shop.account.plan === "plus" || shop.account.plan === "enterprise" },
        createdAt: iso(shop.createdAt),
        updatedAt: iso(shop.createdAt),
        url: `https://${shop.account.shopDomain}`,
      }),
      currentAppInstallation: () => ({
        id: gid("AppInstallation", shop.id + 1),
        accessScopes: shop.account.scopes.map((handle) => ({ handle, description: SCOPE_DESCRIPTIONS[handle] ?? handle })),
      }),
      products: (args: ConnectionArgs & { query?: string | null; sortKey?: string | null }) => {
        requireScope(shop, "read_products", "products");
        const terms = parseSearchQuery(args.query);
        const list = sortProducts([...shop.products.values()].filter((p) => productMatches(shop, p, terms)), args.sortKey ?? undefined);
        return connection(list, args, (p) => p.id, (p) => productView(shop, p));
      },
      product: ({ id }: { id: string }) => {
        requireScope(shop, "read_products", "product");
        const n = parseGid(id, "Product");
        if (n === undefined) throw invalidId(id);
        const p = shop.products.get(n);
        return p ? productView(shop, p) : null;
      },
      productOperation: ({ id }: { id: string }) => {
        requireScope(shop, "read_products", "productOperation");
        const n = parseGid(id, "ProductSetOperation");
        if (n === undefined) throw invalidId(id);
        const op = shop.operations.get(n);
        return op ? operationView(shop, op) : null;
      },
      locations: (args: ConnectionArgs & { includeInactive?: boolean | null }) => {
        requireScope(shop, "read_locations", "locations");
        const list = shop.locations.filter((l) => l.isActive || args.includeInactive);
        return connection(list, args, (l) => l.id, (l) => locationView(shop, l));
      },
      location: ({ id }: { id?: string | null }) => {
        requireScope(shop, "read_locations", "location");
        if (id == null) return locationView(shop, shop.locations[0]!);
        const n = parseGid(id, "Location");
        if (n === undefined) throw invalidId(id);
        const l = shop.locations.find((x) => x.id === n);
        return l ? locationView(shop, l) : null;
      },
      inventoryItem: ({ id }: { id: string }) => {
        requireScope(shop, "read_inventory", "inventoryItem");
        const n = parseGid(id, "InventoryItem");
        if (n === undefined) throw invalidId(id);
        const item = shop.items.get(n);
        return item ? itemView(shop, item) : null;
      },
      webhookSubscriptions: (args: ConnectionArgs & { topics?: string[] | null; callbackUrl?: string | null; format?: string | null }) => {
        const list = shop.webhooks.filter(
          (w) => (!args.topics || args.topics.includes(w.topic)) && (!args.callbackUrl || w.callbackUrl === args.callbackUrl) && (!args.format || w.format === args.format),
        );
        return connection(list, args, (w) => w.id, webhookView);
      },
      orders: (args: ConnectionArgs & { query?: string | null }) => {
        requireScope(shop, "read_orders", "orders");
        const terms = parseSearchQuery(args.query);
        const list = shop.orders.filter((o) =>
          terms.every((t) => {
            if (t.field === "updated_at") return compare(o.updatedAt, t.op, dateValue(t.value));
            if (t.field === "created_at") return compare(o.createdAt, t.op, dateValue(t.value));
            if (t.field === "name") return matchText(o.name, t.value);
            return true;
          }),
        );
        return connection(list, args, (o) => o.id, (o) => orderView(shop, o));
      },
      productSet: (args: { input: ProductSetInput; synchronous?: boolean | null }) => productSet(shop, args),
      inventorySetQuantities: (args: Parameters<typeof inventorySetQuantities>[1]) => inventorySetQuantities(shop, args),
      webhookSubscriptionCreate: (args: Parameters<typeof webhookSubscriptionCreate>[1]) => webhookSubscriptionCreate(shop, args),
      productVariantsBulkUpdate: (args: Parameters<typeof productVariantsBulkUpdate>[1]) => productVariantsBulkUpdate(shop, args),
    };
  }

  function shopByToken(req: SimRequest): ShopState | undefined {
    const token = req.headers.get("x-shopify-access-token");
    if (!token) return undefined;
    return [...shops.values()].find((s) => s.account.accessToken === token);
  }

  /** The requested cost of a request's document, for answers given before it runs (1 when it cannot be read). */
  function requestedCostOf(req: SimRequest): number {
    try {
      const body = req.json as { query?: unknown; variables?: unknown; operationName?: unknown };
      const document = parse(String(body.query));
      const op = getOperationAST(document, typeof body.operationName === "string" ? body.operationName : undefined);
      if (!op) return 1;
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
      return Math.max(1, queryCost(schema, op, fragments, (body.variables ?? {}) as Record<string, unknown>));
    } catch {
      return 1;
    }
  }

  const graphqlErrors = (errors: readonly GraphQLError[]) => errors.map((e) => JSON.parse(JSON.stringify(e.toJSON())) as Record<string, unknown>);

  async function answer(req: SimRequest): Promise<SimResponse & { operation?: string }> {
    const m = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(req.path);
    if (!m || m[1] !== SHOPIFY_API_VERSION) return json(404, { errors: "Not Found" }, headers());
    if (req.method !== "POST") return json(405, { errors: "Method Not Allowed" }, headers());
    const shop = shopByToken(req);
    if (!shop) return json(401, { errors: INVALID_TOKEN_MESSAGE }, headers());
    const body = req.json as { query?: unknown; variables?: unknown; operationName?: unknown } | undefined;
    if (!body || typeof body.query !== "string" || body.query.trim() === "") return json(400, { errors: { query: "Required parameter missing or invalid" } }, headers());
    const variables = (body.variables && typeof body.variables === "object" ? body.variables : {}) as Record<string, unknown>;

    let document: DocumentNode;
    try {
      document = parse(body.query);
    } catch (err) {
      return json(200, { errors: graphqlErrors([err as GraphQLError]) }, headers());
    }
    const invalid = validate(schema, document);
    if (invalid.length) return json(200, { errors: graphqlErrors(invalid) }, headers());
    const op = getOperationAST(document, typeof body.operationName === "string" ? body.operationName : undefined);
    if (!op) return json(200, { errors: [{ message: "An operation name is required when the document holds several operations." }] }, headers());
    const operation = op.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : [])).join(",");
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;

    let requested: number;
    try {
      requested = queryCost(schema, op, fragments, variables);
    } catch {
      requested = 1;
    }
    const t = now();
    restore(shop, t);
    if (requested > SHOPIFY_LIMITS.maxQueryCost) return { ...maxCostExceeded(shop, requested), operation };
    if (requested > shop.bucket.available) return { ...throttled(shop, requested), operation };
    shop.bucket.available -= requested;
    settle(shop, t);

    const result = (await execute({ schema, document, rootValue: rootValue(shop), variableValues: variables, operationName: op.name?.value })) as ExecutionResult;
    const data = result.data === undefined ? undefined : (JSON.parse(JSON.stringify(result.data)) as Record<string, unknown> | null);
    let actual = requested;
    try {
      actual = queryCost(schema, op, fragments, variables, data ?? null);
    } catch {
      // keep the requested cost
    }
    actual = Math.min(actual, requested);
    shop.bucket.available = Math.min(PLAN_BUCKETS[shop.account.plan].maximumAvailable, shop.bucket.available + (requested - actual));
    return {
      ...json(
        200,
        {
          ...(result.errors?.length ? { errors: graphqlErrors(result.errors) } : {}),
          data,
          extensions: { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: throttleStatus(shop) } },
        },
        headers(),
      ),
      operation,
    };
  }

  const sim: ShopifySimulator = {
    platform: "shopify",
    faults,
    handle: answer,
    rateLimited(req) {
      const shop = shopByToken(req);
      if (shop) restore(shop, now());
      return throttled(shop, requestedCostOf(req), true);
    },
    serverError: () => json(500, { errors: "Internal Server Error" }, headers()),
    reset() {
      shops = seed();
    },
    async deliverWebhook(target, event) {
      return deliverShopifyWebhooks(target, Array.isArray(event) ? event : [event], faults, opts.fetch);
    },
    async emitTopic(shopDomain, topic, payload, eventId) {
      const shop = shops.get(shopDomain);
      if (!shop) throw new Error(`Unknown shop ${shopDomain}`);
      const enumTopic = topic.includes("/") ? topic.replace("/", "_").toUpperCase() : topic;
      const id = eventId ?? crypto.randomUUID();
      const out: ShopifyWebhookDelivery[] = [];
      for (const w of shop.webhooks.filter((x) => x.topic === enumTopic)) {
        out.push(
          ...(await deliverShopifyWebhooks(
            { url: w.callbackUrl, apiSecret: shop.account.apiSecret, shopDomain },
            [{ topic: topicHeader(enumTopic), payload, eventId: id, webhookId: crypto.randomUUID(), triggeredAt: new Date(now()) }],
            faults,
            opts.fetch,
          )),
        );
      }
      return out;
    },
    productWebhookPayload(shopDomain, productGid) {
      const shop = shops.get(shopDomain);
      const id = parseGid(productGid, "Product");
      const p = shop && id !== undefined ? shop.products.get(id) : undefined;
      if (!shop || !p) throw new Error(`Unknown product ${productGid} of ${shopDomain}`);
      return {
        admin_graphql_api_id: gid("Product", p.id),
        id: p.id,
        title: p.title,
        handle: p.handle,
        status: p.status.toLowerCase(),
        vendor: p.vendor,
        product_type: p.productType,
        tags: p.tags.join(", "),
        created_at: new Date(p.createdAt).toISOString(),
        updated_at: new Date(p.updatedAt).toISOString(),
        variants: p.variantIds.map((vid) => {
          const v = shop.variants.get(vid)!;
          return {
            admin_graphql_api_id: gid("ProductVariant", v.id),
            id: v.id,
            product_id: p.id,
            sku: v.sku,
            barcode: v.barcode,
            price: v.price,
            compare_at_price: v.compareAtPrice,
            inventory_item_id: v.inventoryItemId,
            inventory_quantity: available(shop, v),
            updated_at: new Date(v.updatedAt).toISOString(),
          };
        }),
      };
    },
    throttleStatus(shopDomain) {
      const shop = shops.get(shopDomain);
      if (!shop) throw new Error(`Unknown shop ${shopDomain}`);
      restore(shop, now());
      return throttleStatus(shop);
    },
  };
  return sim;
}
