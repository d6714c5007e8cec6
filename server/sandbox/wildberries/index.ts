// Stateful Wildberries simulator. WB has one host per API; the sandbox convention is /<host-prefix>/<path>:
// /content-api/content/v2/get/cards/list stands for https://content-api.wildberries.ru/content/v2/get/cards/list.
// Auth: `Authorization: <token>`, one token per category (a token of another category gets 401 "token scope not
// allowed"); token-bucket limits per method group, a 409 from stocks/FBS costs 10 requests; GET /<host>/ping limited
// to 3 per 30 s. Errors: application/problem+json for auth/limits, the section's own shape otherwise.
// Contracts: specs/wildberries/*.yaml; facts: MARKETPLACES.md.
import { matchPattern, noFaults, WindowLimiter, type Faults, type SimRequest, type SimResponse, type Simulator } from "../framework";
import { SANDBOX_SELLER, TOKEN_CATEGORIES, type WbCategory } from "./accounts";
import { contentRoutes, seedCards, settleCards } from "./content";
import { CONFLICT_COST, PING_LIMIT, TokenBuckets, WB_LIMITS } from "./limits";
import { marketplaceRoutes, seedMarketplace } from "./marketplace";
import { priceRoutes, seedPrices, settlePrices } from "./prices";
import { moscowIso, problem, type FbsOrder, type WbCard, type WbContext, type WbRoute, type WbState } from "./shared";

export { SANDBOX_ACCOUNTS, TOKEN_CATEGORIES, type WbCategory } from "./accounts";
export { CONFLICT_COST, PING_LIMIT, WB_LIMITS } from "./limits";
export { STOCKS_MAX, STOCK_AMOUNT_MAX, WAREHOUSES } from "./marketplace";
export { CARDS_LIST_MAX, CARDS_UPLOAD_MAX, CARDS_UPDATE_MAX } from "./content";
export { PRICES_UPLOAD_MAX, TASK_STATUS } from "./prices";

/** Which token category each host accepts; common-api (seller info, news) takes any seller token. */
export const HOST_CATEGORY: Record<string, WbCategory | "any"> = {
  "content-api": "content",
  "discounts-prices-api": "prices",
  "marketplace-api": "marketplace",
  "statistics-api": "statistics",
  "common-api": "any",
};

export interface WildberriesSimulatorOptions {
  /** Clock (ms); tests move it to refill buckets and finish async work. */
  now?: () => number;
  /** How long card upload/update batches take before cards (or their errors) appear; default 1500 ms. */
  cardProcessingMs?: number;
  /** How long a price upload task takes before it shows in the history; default 1000 ms. */
  priceTaskMs?: number;
}

export interface WildberriesSimulator extends Simulator {
  platform: "wildberries";
  /** Adds a new FBS order for a card size (tests, the cabinet's "simulate an order"). */
  addOrder(input: { nmID: number; chrtId?: number; price?: number }): FbsOrder;
  /** Runs due asynchronous work now (cards, price tasks). */
  settle(): void;
  inspect(): {
    cards: WbCard[];
    stocks: Record<number, Record<number, number>>;
    prices: Record<number, { price: number; discount: number }>;
    ignoredStockItems: unknown[];
    orders: FbsOrder[];
  };
}

export function createWildberriesSimulator(opts: WildberriesSimulatorOptions = {}): WildberriesSimulator {
  const now = opts.now ?? Date.now;
  const faults: Faults = noFaults();
  const buckets = new TokenBuckets(now);
  const pings = new WindowLimiter(PING_LIMIT.requests, PING_LIMIT.windowMs, now);
  let state = initialState();
  const routes: WbRoute[] = [...contentRoutes(), ...priceRoutes(), ...marketplaceRoutes()];

  function initialState(): WbState {
    const s: WbState = {
      cards: new Map(),
      cardBatches: [],
      cardErrors: [],
      prices: new Map(),
      priceTasks: new Map(),
      stocks: new Map(),
      ignoredStockItems: [],
      orders: new Map(),
      supplies: new Map(),
      seq: 1000,
    };
    seedCards(s, now());
    seedPrices({ state: s });
    seedMarketplace(s, now());
    return s;
  }

  const ctx = (): WbContext => ({
    state,
    now,
    faults,
    delays: { cardsMs: opts.cardProcessingMs ?? 1500, pricesMs: opts.priceTaskMs ?? 1000 },
    settle,
  });

  function settle() {
    const c = ctx();
    settleCards(c);
    settlePrices(c);
  }

  const origin = (host: string) => `s2s-api-auth-${host.replace(/-api$/, "")}`;

  function tooMany(host: string, retryMs: number, resetMs: number, limit: number): SimResponse {
    const res = problem(429, "too many requests", `limited by ${SANDBOX_SELLER.sid}`, origin(host), now());
    res.headers = {
      ...res.headers,
      "X-Ratelimit-Retry": String(Math.max(1, Math.ceil(retryMs / 1000))),
      "X-Ratelimit-Limit": String(limit),
      "X-Ratelimit-Reset": String(Math.max(1, Math.ceil(resetMs / 1000))),
    };
    return res;
  }

  function authorize(req: SimRequest, host: string): SimResponse | undefined {
    const raw = req.headers.get("authorization");
    if (!raw) return problem(401, "unauthorized", "empty Authorization header", origin(host), now());
    const token = raw.replace(/^Bearer\s+/i, "").trim();
    const categories = TOKEN_CATEGORIES[token];
    if (!categories) return problem(401, "unauthorized", "token problem; token is malformed: token contains an invalid number of segments", origin(host), now());
    const need = HOST_CATEGORY[host];
    if (need !== "any" && need !== undefined && !categories.includes(need)) return problem(401, "unauthorized", "token scope not allowed", origin(host), now());
    return undefined;
  }

  async function handle(req: SimRequest): Promise<SimResponse & { operation?: string }> {
    const m = /^\/([a-z-]+)(\/.*)?$/.exec(req.path);
    const host = m?.[1] ?? "";
    const path = m?.[2] ?? "/";
    if (!(host in HOST_CATEGORY)) return { status: 404, text: "404 page not found", headers: { "content-type": "text/plain; charset=utf-8" } };

    if (req.method === "GET" && path === "/ping") {
      const denied = authorize(req, host);
      if (denied) return { ...denied, operation: "ping" };
      const wait = pings.take(`${SANDBOX_SELLER.sid}:${host}`);
      if (wait > 0) return { ...tooMany(host, wait, wait, PING_LIMIT.requests), operation: "ping" };
      return { status: 200, json: { TS: moscowIso(now()), Status: "OK" }, operation: "ping" };
    }

    if (req.method === "GET" && host === "common-api" && path === "/api/v1/seller-info") {
      const denied = authorize(req, host);
      if (denied) return { ...denied, operation: "getSellerInfo" };
      const key = `${SANDBOX_SELLER.sid}:sellerInfo`;
      const slot = buckets.take(key, WB_LIMITS.sellerInfo);
      if (!slot.ok) return { ...tooMany(host, slot.retryMs, slot.resetMs, WB_LIMITS.sellerInfo.burst), operation: "getSellerInfo" };
      return {
        status: 200,
        json: { name: SANDBOX_SELLER.name, sid: SANDBOX_SELLER.sid, tradeMark: SANDBOX_SELLER.tradeMark },
        headers: { "X-Ratelimit-Remaining": String(slot.remaining) },
        operation: "getSellerInfo",
      };
    }

    let route: WbRoute | undefined;
    let params: Record<string, string> = {};
    for (const r of routes) {
      if (r.method !== req.method || r.host !== host) continue;
      const p = matchPattern(r.pattern, path);
      if (p) {
        route = r;
        params = p;
        break;
      }
    }
    const denied = authorize(req, host);
    if (denied) return { ...denied, operation: route?.operation };
    if (!route) return problem(404, "not found", `no route for ${req.method} ${path}`, origin(host), now());

    settle();
    const rule = route.limit === "ping" ? undefined : WB_LIMITS[route.limit];
    const key = `${SANDBOX_SELLER.sid}:${route.limit}`;
    if (rule) {
      const slot = buckets.take(key, rule);
      if (!slot.ok) return { ...tooMany(host, slot.retryMs, slot.resetMs, rule.burst), operation: route.operation };
    }
    const c = ctx();
    const res = await route.handler({ ...req, params }, c);
    if (rule && res.status === 409 && (route.limit === "stocks" || route.limit === "fbs")) buckets.charge(key, rule, CONFLICT_COST - 1);
    const headers = { ...(res.headers ?? {}), ...(rule ? { "X-Ratelimit-Remaining": String(buckets.remaining(key, rule)) } : {}) };
    return { ...res, headers, operation: route.operation };
  }

  function addOrder(input: { nmID: number; chrtId?: number; price?: number }): FbsOrder {
    const card = state.cards.get(input.nmID);
    if (!card) throw new Error(`No card ${input.nmID} in the Wildberries sandbox`);
    const size = card.sizes.find((s) => s.chrtID === input.chrtId) ?? card.sizes[0]!;
    const id = 4_200_000 + ++state.seq;
    const price = input.price ?? 199000;
    const order: FbsOrder = {
      id,
      rid: `${id}a1b2c3d4e5f60718293a4b5c6d7e8f`.slice(0, 32),
      orderUid: `${id}_${Date.now().toString(16)}`,
      article: card.vendorCode,
      nmId: card.nmID,
      chrtId: size.chrtID,
      skus: size.skus,
      warehouseId: 507001,
      officeId: 15,
      offices: ["Подольск"],
      price,
      convertedPrice: price,
      salePrice: Math.round(price * 0.9),
      currencyCode: 643,
      convertedCurrencyCode: 643,
      cargoType: 1,
      crossBorderType: 0,
      createdAt: new Date(now()).toISOString().replace(/\.\d{3}Z$/, "Z"),
      deliveryType: "fbs",
      colorCode: "",
      comment: "",
      isZeroOrder: false,
      options: { isB2b: false },
      requiredMeta: [],
      optionalMeta: [],
      ddate: new Date(now() + 3 * 86_400_000).toISOString().slice(0, 10).split("-").reverse().join("."),
      sellerDate: null,
      supplierStatus: "new",
      wbStatus: "waiting",
    };
    state.orders.set(id, order);
    return order;
  }

  const sim: WildberriesSimulator = {
    platform: "wildberries",
    faults,
    handle,
    rateLimited(req) {
      const host = /^\/([a-z-]+)/.exec(req.path)?.[1] ?? "content-api";
      return tooMany(host, 1000, 6000, 5);
    },
    serverError(req) {
      const host = /^\/([a-z-]+)/.exec(req.path)?.[1] ?? "content-api";
      return problem(500, "internal server error", "something went wrong, please try again later", origin(host), now());
    },
    reset() {
      state = initialState();
      buckets.reset();
      pings.reset();
    },
    addOrder,
    settle,
    inspect() {
      const stocks: Record<number, Record<number, number>> = {};
      for (const [w, m] of state.stocks) stocks[w] = Object.fromEntries(m);
      return {
        cards: [...state.cards.values()],
        stocks,
        prices: Object.fromEntries(state.prices),
        ignoredStockItems: [...state.ignoredStockItems],
        orders: [...state.orders.values()],
      };
    },
  };
  return sim;
}
