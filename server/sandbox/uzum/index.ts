// A stateful fake of the Uzum Market seller OpenAPI (https://api-seller.uzum.uz/api/seller-openapi). No contract file
// exists (specs/uzum/SOURCE.md); behaviour follows MARKETPLACES.md: header `Authorization: <token>` without Bearer,
// envelope `{payload, errors:[{code, message}], timestamp}`, rate-limit headers X-RateLimit-Remaining,
// -Replenish-Rate and -Burst-Capacity. Those three header names are the ones Spring Cloud Gateway's request rate
// limiter writes (a token bucket), so the simulator is a token bucket, and its 429 carries the headers and no body,
// as that limiter answers. The numbers are unpublished: the defaults below are guesses, configurable per test.
import { json, matchRoute, noFaults, type Faults, type Route, type SimRequest, type SimResponse, type Simulator } from "../framework";
import { seedUzum, type UzumSeed } from "./seed";

export { SANDBOX_ACCOUNTS } from "./seed";

export const UZUM_DEFAULT_LIMITS = { replenishRatePerSecond: 10, burstCapacity: 20 } as const;
export const UZUM_PAGE = { productsDefaultSize: 20, productsMaxSize: 100, ordersMaxSize: 50 } as const;
export const UZUM_ORDER_STATUSES = [
  "CREATED",
  "PACKING",
  "PENDING_DELIVERY",
  "DELIVERING",
  "DELIVERED",
  "ACCEPTED_AT_DP",
  "DELIVERED_TO_CUSTOMER_DELIVERY_POINT",
  "COMPLETED",
  "CANCELED",
  "PENDING_CANCELLATION",
  "RETURNED",
] as const;

export const UZUM_MESSAGES = {
  unauthorized: "Full authentication is required to access this resource",
  invalidToken: "Invalid or expired token",
  internal: "Internal server error",
} as const;

interface Sku {
  skuId: number;
  skuTitle: string;
  barcode: string;
  sellerSkuCode: string;
  fullPrice: number;
  sellPrice: number;
  amount: number;
}
interface Product {
  productId: number;
  title: string;
  category: string;
  skus: Sku[];
}
interface Order {
  id: number;
  status: string;
  dateCreated: number;
  items: Array<{ id: number; skuId: number; amount: number }>;
  cancel?: { reason: string; comment: string };
}
interface Shop {
  id: number;
  name: string;
  products: Product[];
  orders: Order[];
}
interface State {
  tokens: Map<string, number[]>;
  shops: Map<number, Shop>;
}

export interface UzumSimulatorOptions {
  now?: () => number;
  random?: () => number;
  /** Token bucket per token: tokens added per second and bucket size. */
  replenishRatePerSecond?: number;
  burstCapacity?: number;
  seed?: () => UzumSeed;
}

export interface UzumSimulator extends Simulator {
  platform: "uzum";
  stockOf(shopId: number, skuId: number): number | undefined;
  priceOf(shopId: number, skuId: number): { fullPrice: number; sellPrice: number } | undefined;
  orderStatus(shopId: number, orderId: number): string | undefined;
  /** A buyer orders: adds a CREATED FBS order (Uzum has no webhooks; Kervan finds it by polling). */
  createOrder(shopId: number, input?: { skuId?: number; amount?: number }): number;
}

function buildState(seed: UzumSeed): State {
  let itemId = 1;
  return {
    tokens: new Map(seed.tokens.map((t) => [t.token, [...t.shopIds]])),
    shops: new Map(
      seed.shops.map((s) => [
        s.id,
        {
          id: s.id,
          name: s.name,
          products: s.products.map((p) => ({ ...p, skus: p.skus.map((k) => ({ ...k })) })),
          orders: s.orders.map((o) => ({ id: o.id, status: o.status, dateCreated: Date.parse(o.dateCreated), items: o.items.map((i) => ({ id: itemId++, ...i })) })),
        },
      ]),
    ),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const int = (v: string | null): number | undefined => (v !== null && /^\d+$/.test(v) ? Number(v) : undefined);
/** Query dates may come as epoch seconds or milliseconds; the simulator accepts both. */
const epochMs = (v: string | null): number | undefined => {
  const n = int(v);
  return n === undefined ? undefined : n < 100_000_000_000 ? n * 1000 : n;
};

interface Ctx {
  shopIds: number[];
  now: number;
}
type Handler = Route<Ctx>["handler"];

export function createUzumSimulator(opts: UzumSimulatorOptions = {}): UzumSimulator {
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const rate = opts.replenishRatePerSecond ?? UZUM_DEFAULT_LIMITS.replenishRatePerSecond;
  const burst = opts.burstCapacity ?? UZUM_DEFAULT_LIMITS.burstCapacity;
  const seed = opts.seed ?? seedUzum;
  const faults: Faults = noFaults();
  let state = buildState(seed());
  const buckets = new Map<string, { tokens: number; at: number }>();
  let nextOrderId = 72_000_000;

  const fails = () => faults.partialBatchFailureRate > 0 && random() < faults.partialBatchFailureRate;
  const envelope = (status: number, payload: unknown, errors: Array<{ code: string; message: string }> = [], headers?: Record<string, string>) =>
    json(status, { payload, errors, timestamp: new Date(now()).toISOString() }, headers);
  const fail = (status: number, code: string, message: string) => envelope(status, null, [{ code, message }]);

  /** Takes one token from the bucket of this seller token; returns the headers and whether the request may pass. */
  function take(token: string): { allowed: boolean; headers: Record<string, string> } {
    const t = now();
    const b = buckets.get(token) ?? { tokens: burst, at: t };
    b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 1000) * rate);
    b.at = t;
    const allowed = b.tokens >= 1;
    if (allowed) b.tokens -= 1;
    buckets.set(token, b);
    return {
      allowed,
      headers: {
        "X-RateLimit-Remaining": String(Math.floor(b.tokens)),
        "X-RateLimit-Replenish-Rate": String(rate),
        "X-RateLimit-Burst-Capacity": String(burst),
        "X-RateLimit-Requested-Tokens": "1",
      },
    };
  }

  function ownShop(ctx: Ctx, raw: string | undefined): Shop | SimResponse {
    const id = int(raw ?? null);
    if (id === undefined) return fail(400, "validation-error", `shopId must be a number: '${raw}'`);
    if (!ctx.shopIds.includes(id)) return fail(403, "access-denied", `Access to shop ${id} is denied`);
    return state.shops.get(id)!;
  }
  const isShop = (v: Shop | SimResponse): v is Shop => "products" in v;

  const skuIndex = (shop: Shop) => new Map(shop.products.flatMap((p) => p.skus.map((s) => [s.skuId, { product: p, sku: s }] as const)));

  // --- handlers -------------------------------------------------------------------------------------------------------

  const shops: Handler = (_req, { shopIds }) => envelope(200, shopIds.map((id) => ({ id, name: state.shops.get(id)?.name ?? String(id) })));

  const products: Handler = (req, ctx) => {
    const shop = ownShop(ctx, req.params.shopId);
    if (!isShop(shop)) return shop;
    const page = int(req.query.get("page")) ?? 0;
    const size = int(req.query.get("size")) ?? UZUM_PAGE.productsDefaultSize;
    if (size < 1 || size > UZUM_PAGE.productsMaxSize) return fail(400, "validation-error", `size: must be between 1 and ${UZUM_PAGE.productsMaxSize}`);
    const list = shop.products.slice(page * size, page * size + size);
    return envelope(200, {
      productList: list.map((p) => ({
        productId: p.productId,
        title: p.title,
        category: p.category,
        status: { value: p.skus.some((s) => s.amount > 0) ? "IN_STOCK" : "OUT_OF_STOCK" },
        skuList: p.skus.map((s) => ({
          skuId: s.skuId,
          skuTitle: s.skuTitle,
          skuFullTitle: `${p.title} ${s.skuTitle}`,
          productTitle: p.title,
          barcode: s.barcode,
          sellerItemCode: s.sellerSkuCode,
          price: s.sellPrice,
          fullPrice: s.fullPrice,
          quantityActive: s.amount,
          quantityFbs: s.amount,
          archived: false,
          blocked: false,
        })),
      })),
      totalProductsAmount: shop.products.length,
    });
  };

  const sendPriceData: Handler = (req, ctx) => {
    const shop = ownShop(ctx, req.params.shopId);
    if (!isShop(shop)) return shop;
    const body = isObject(req.json) ? req.json : {};
    const product = shop.products.find((p) => p.productId === body.productId);
    if (!product) return fail(404, "product-not-found", `Product ${String(body.productId)} not found in shop ${shop.id}`);
    const list = Array.isArray(body.skuList) ? body.skuList : [];
    if (list.length === 0) return fail(400, "validation-error", "skuList: must not be empty");
    const errors: Array<{ code: string; message: string }> = [];
    const updates: Array<{ sku: Sku; fullPrice: number; sellPrice: number }> = [];
    for (const raw of list) {
      const item = isObject(raw) ? raw : {};
      const sku = product.skus.find((s) => s.skuId === item.skuId);
      const full = item.fullPrice;
      const sell = item.sellPrice;
      if (!sku) errors.push({ code: "sku-not-found", message: `SKU ${String(item.skuId)} does not belong to product ${product.productId}` });
      else if (typeof full !== "number" || typeof sell !== "number" || full <= 0 || sell <= 0)
        errors.push({ code: "validation-error", message: `SKU ${sku.skuId}: fullPrice and sellPrice must be positive numbers` });
      else if (sell > full) errors.push({ code: "sell-price-greater-than-full-price", message: `SKU ${sku.skuId}: sellPrice must not exceed fullPrice` });
      else updates.push({ sku, fullPrice: full, sellPrice: sell });
    }
    // One product per request, accepted or refused as a whole.
    if (errors.length) return envelope(400, null, errors);
    for (const u of updates) {
      u.sku.fullPrice = u.fullPrice;
      u.sku.sellPrice = u.sellPrice;
    }
    return envelope(200, { productId: product.productId, skuList: updates.map((u) => ({ skuId: u.sku.skuId, fullPrice: u.fullPrice, sellPrice: u.sellPrice })) });
  };

  const stocksRead: Handler = (_req, { shopIds }) =>
    envelope(200, {
      skuAmountList: shopIds.flatMap((id) => {
        const shop = state.shops.get(id)!;
        return shop.products.flatMap((p) =>
          p.skus.map((s) => ({
            skuId: s.skuId,
            skuTitle: s.skuTitle,
            productTitle: p.title,
            barcode: s.barcode,
            amount: s.amount,
            fbsAllowed: true,
            dbsAllowed: false,
            fbsLinked: true,
            dbsLinked: false,
            sellerSkuCode: s.sellerSkuCode,
          })),
        );
      }),
    });

  const stocksWrite: Handler = (req, { shopIds }) => {
    const body = isObject(req.json) ? req.json : {};
    const list = Array.isArray(body.skuAmountList) ? body.skuAmountList : undefined;
    if (!list || list.length === 0) return fail(400, "validation-error", "skuAmountList: must not be empty");
    const index = new Map(shopIds.flatMap((id) => [...skuIndex(state.shops.get(id)!).entries()]));
    const errors: Array<{ code: string; message: string }> = [];
    let updated = 0;
    for (const raw of list) {
      const item = isObject(raw) ? raw : {};
      const found = typeof item.skuId === "number" ? index.get(item.skuId) : undefined;
      const amount = item.amount;
      if (!found) errors.push({ code: "sku-not-found", message: `SKU ${String(item.skuId)} not found` });
      else if (typeof amount !== "number" || !Number.isInteger(amount) || amount < 0)
        errors.push({ code: "validation-error", message: `SKU ${found.sku.skuId}: amount must be a non-negative integer` });
      else if (item.barcode !== undefined && String(item.barcode) !== found.sku.barcode)
        errors.push({ code: "barcode-mismatch", message: `SKU ${found.sku.skuId}: barcode ${String(item.barcode)} does not match` });
      else if (fails()) errors.push({ code: "sku-not-linked-to-fbs", message: `SKU ${found.sku.skuId} is not linked to an FBS warehouse` });
      else {
        found.sku.amount = amount;
        updated++;
      }
    }
    // Partial success: the payload counts what was applied, errors name what was not.
    return envelope(200, { updatedRecords: updated }, errors);
  };

  function orderJson(shop: Shop, o: Order) {
    const index = skuIndex(shop);
    const items = o.items.map((i) => {
      const f = index.get(i.skuId);
      return { id: i.id, skuId: i.skuId, skuTitle: f?.sku.skuTitle ?? null, productTitle: f?.product.title ?? null, amount: i.amount, price: f?.sku.sellPrice ?? 0 };
    });
    return {
      id: o.id,
      status: o.status,
      scheme: "FBS",
      shopId: shop.id,
      dateCreated: o.dateCreated,
      dateAcceptUntil: o.dateCreated + 86_400_000,
      price: items.reduce((sum, i) => sum + i.price * i.amount, 0),
      orderItems: items,
      cancelReason: o.cancel?.reason ?? null,
    };
  }

  const orders: Handler = (req, { shopIds }) => {
    const wanted = req.query.getAll("shopIds").flatMap((s) => s.split(",")).filter(Boolean).map(Number);
    const ids = wanted.length ? wanted : shopIds;
    const denied = ids.find((id) => !shopIds.includes(id));
    if (denied !== undefined) return fail(403, "access-denied", `Access to shop ${denied} is denied`);
    const status = req.query.get("status");
    if (status && !(UZUM_ORDER_STATUSES as readonly string[]).includes(status)) return fail(400, "validation-error", `status: unknown value '${status}'`);
    const size = int(req.query.get("size")) ?? UZUM_PAGE.ordersMaxSize;
    if (size < 1 || size > UZUM_PAGE.ordersMaxSize) return fail(400, "validation-error", `size: must be between 1 and ${UZUM_PAGE.ordersMaxSize}`);
    const page = int(req.query.get("page")) ?? 0;
    const from = epochMs(req.query.get("dateFrom"));
    const to = epochMs(req.query.get("dateTo"));
    const all = ids.flatMap((id) => {
      const shop = state.shops.get(id)!;
      return shop.orders
        .filter((o) => (!status || o.status === status) && (from === undefined || o.dateCreated >= from) && (to === undefined || o.dateCreated <= to))
        .map((o) => orderJson(shop, o));
    });
    all.sort((a, b) => b.dateCreated - a.dateCreated);
    return envelope(200, { orders: all.slice(page * size, page * size + size), totalAmount: all.length });
  };

  function findOrder(shopIds: number[], raw: string | undefined): { shop: Shop; order: Order } | SimResponse {
    const id = int(raw ?? null);
    for (const sid of shopIds) {
      const shop = state.shops.get(sid)!;
      const order = shop.orders.find((o) => o.id === id);
      if (order) return { shop, order };
    }
    return fail(404, "order-not-found", `Order ${raw} not found`);
  }

  const confirm: Handler = (req, { shopIds }) => {
    const found = findOrder(shopIds, req.params.orderId);
    if (!("order" in found)) return found;
    if (found.order.status !== "CREATED") return fail(409, "order-status-conflict", `Order ${found.order.id} is ${found.order.status}; only CREATED orders can be confirmed`);
    found.order.status = "PACKING";
    return envelope(200, orderJson(found.shop, found.order));
  };

  const cancel: Handler = (req, { shopIds }) => {
    const found = findOrder(shopIds, req.params.orderId);
    if (!("order" in found)) return found;
    const body = isObject(req.json) ? req.json : {};
    if (typeof body.reason !== "string" || body.reason === "") return fail(400, "validation-error", "reason: must not be blank");
    if (!["CREATED", "PACKING"].includes(found.order.status))
      return fail(409, "order-status-conflict", `Order ${found.order.id} is ${found.order.status}; it can no longer be cancelled`);
    found.order.status = "CANCELED";
    found.order.cancel = { reason: body.reason, comment: typeof body.comment === "string" ? body.comment : "" };
    return envelope(200, orderJson(found.shop, found.order));
  };

  const routes: Array<Route<Ctx>> = [
    { method: "GET", pattern: "/v1/shops", operation: "getShops", handler: shops },
    { method: "GET", pattern: "/v1/product/shop/:shopId", operation: "getShopProducts", handler: products },
    { method: "POST", pattern: "/v1/product/:shopId/sendPriceData", operation: "sendPriceData", handler: sendPriceData },
    { method: "GET", pattern: "/v3/fbs/sku/stocks", operation: "getFbsSkuStocks", handler: stocksRead },
    { method: "POST", pattern: "/v2/fbs/sku/stocks", operation: "updateFbsSkuStocks", handler: stocksWrite },
    { method: "GET", pattern: "/v2/fbs/orders", operation: "getFbsOrders", handler: orders },
    { method: "POST", pattern: "/v1/fbs/order/:orderId/confirm", operation: "confirmFbsOrder", handler: confirm },
    { method: "POST", pattern: "/v1/fbs/order/:orderId/cancel", operation: "cancelFbsOrder", handler: cancel },
  ];

  async function handle(req: SimRequest): Promise<SimResponse & { operation?: string }> {
    const match = matchRoute(routes, req.method, req.path);
    const operation = match?.route.operation;
    const token = req.headers.get("authorization");
    if (!token) return { ...fail(401, "unauthorized", UZUM_MESSAGES.unauthorized), operation };
    const shopIds = state.tokens.get(token);
    // "Bearer <token>" is not the token: the spec text asks for the bare token.
    if (!shopIds) return { ...fail(401, "unauthorized", UZUM_MESSAGES.invalidToken), operation };
    const bucket = take(token);
    if (!bucket.allowed) return { status: 429, headers: bucket.headers, operation };
    if (!match) return { ...fail(404, "not-found", `No endpoint ${req.method} ${req.path}`), headers: bucket.headers };
    const res = await match.route.handler({ ...req, params: match.params }, { shopIds, now: now() });
    return { ...res, headers: { ...bucket.headers, ...(res.headers ?? {}) }, operation };
  }

  return {
    platform: "uzum",
    faults,
    handle,
    rateLimited: () => ({
      status: 429,
      headers: { "X-RateLimit-Remaining": "0", "X-RateLimit-Replenish-Rate": String(rate), "X-RateLimit-Burst-Capacity": String(burst), "X-RateLimit-Requested-Tokens": "1" },
    }),
    serverError: () => fail(500, "internal-error", UZUM_MESSAGES.internal),
    reset() {
      state = buildState(seed());
      buckets.clear();
    },
    stockOf: (shopId, skuId) => state.shops.get(shopId)?.products.flatMap((p) => p.skus).find((s) => s.skuId === skuId)?.amount,
    priceOf(shopId, skuId) {
      const s = state.shops.get(shopId)?.products.flatMap((p) => p.skus).find((x) => x.skuId === skuId);
      return s && { fullPrice: s.fullPrice, sellPrice: s.sellPrice };
    },
    orderStatus: (shopId, orderId) => state.shops.get(shopId)?.orders.find((o) => o.id === orderId)?.status,
    createOrder(shopId, input = {}) {
      const shop = state.shops.get(shopId);
      if (!shop) throw new Error(`No Uzum sandbox shop ${shopId}`);
      const sku = input.skuId ?? shop.products[0]?.skus[0]?.skuId;
      if (sku === undefined) throw new Error("No SKU to order");
      const id = nextOrderId++;
      shop.orders.push({ id, status: "CREATED", dateCreated: now(), items: [{ id: id * 10, skuId: sku, amount: input.amount ?? 1 }] });
      return id;
    },
  };
}
