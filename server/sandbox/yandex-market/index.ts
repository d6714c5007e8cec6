// A stateful fake of the Yandex Market Partner API (https://api.partner.market.yandex.ru), faithful to
// specs/yandex-market/openapi for the methods Kervan uses. Errors are `{status:"ERROR", errors:[{code, message}]}`;
// limits are the Market's: at most 4 parallel requests per campaign or business (6 where the method's
// x-resource-limit-config says parallel-limit-value), per-method quotas counted in requests or items, each answered
// with X-RateLimit-Resource-Limit/-Remaining/-Until, and 420 Enhance Your Calm when exceeded.
import { json, matchRoute, noFaults, type Faults, type Route, type SimRequest, type SimResponse, type Simulator } from "../framework";
import { sendYandexNotifications, type YandexPushOptions, type YandexPushResult } from "./push";
import { seedYandex, type YandexOfferSeed, type YandexScope, type YandexSeed, type YandexTokenSeed } from "./seed";

export { SANDBOX_ACCOUNTS } from "./seed";
export { YANDEX_PUSH_SOURCE_IP, notificationUrl, type YandexPushResult, type YandexPushDelivery } from "./push";

const PATHS = "specs/yandex-market/openapi/paths";

/** Global limit: concurrent requests per campaign or business (concepts/limits). */
export const YANDEX_PARALLEL_LIMIT = 4;

interface Quota {
  /** What is counted: requests, or items of the request (x-resource-limit-config `path`). */
  count: "requests" | "skus" | "offers" | "offerMappings";
  amount: number;
  periodMs: number;
  period: "minute" | "hour";
  parallel?: number;
  source: string;
}

const perHour = (amount: number, source: string, parallel?: number): Quota => ({ count: "requests", amount, periodMs: 3_600_000, period: "hour", source, parallel });
const perMinute = (count: Quota["count"], amount: number, source: string): Quota => ({ count, amount, periodMs: 60_000, period: "minute", source });

/** x-resource-limit-config, tier "none", of every simulated method. */
export const YANDEX_QUOTAS: Record<string, Quota> = {
  getCampaigns: perHour(1_000, `${PATHS}/v2_campaigns.yaml`),
  getCampaign: perHour(5_000, `${PATHS}/v2_campaigns_campaignId.yaml`),
  getBusinessSettings: perHour(100, `${PATHS}/v2_businesses_businessId_settings.yaml`),
  getAuthTokenInfo: perHour(100, `${PATHS}/v2_auth_token.yaml`),
  getOfferMappings: perMinute("requests", 100, `${PATHS}/v2_businesses_businessId_offer-mappings.yaml`),
  updateOfferMappings: perMinute("offerMappings", 5_000, `${PATHS}/v2_businesses_businessId_offer-mappings_update.yaml`),
  updateStocks: perMinute("skus", 100_000, `${PATHS}/v2_campaigns_campaignId_offers_stocks.yaml`),
  updateBusinessPrices: perMinute("offers", 10_000, `${PATHS}/v2_businesses_businessId_offer-prices_updates.yaml`),
  getBusinessOrders: perHour(10_000, `${PATHS}/v1_businesses_businessId_orders.yaml`, 6),
};

/** x-auth-scopes of every simulated method, in TokenDTO spelling. */
const SCOPES: Record<string, YandexScope[] | "any"> = {
  getCampaigns: "any",
  getCampaign: "any",
  getBusinessSettings: "any",
  getAuthTokenInfo: "any",
  getOfferMappings: ["ALL_METHODS", "ALL_METHODS_READ_ONLY", "OFFERS_AND_CARDS_MANAGEMENT", "OFFERS_AND_CARDS_MANAGEMENT_READ_ONLY"],
  updateOfferMappings: ["ALL_METHODS", "OFFERS_AND_CARDS_MANAGEMENT"],
  updateStocks: ["ALL_METHODS", "OFFERS_AND_CARDS_MANAGEMENT"],
  updateBusinessPrices: ["ALL_METHODS", "PRICING"],
  getBusinessOrders: ["ALL_METHODS", "ALL_METHODS_READ_ONLY", "INVENTORY_AND_ORDER_PROCESSING", "INVENTORY_AND_ORDER_PROCESSING_READ_ONLY", "FINANCE_AND_ACCOUNTING"],
};

export const YANDEX_BATCH = {
  offerMappingsPageMax: 100, // getOfferMappings limit maximum
  offerMappingsUpdateMax: 500, // UpdateOfferMappingsRequest maxItems (description asks for ≤ 100)
  stocksSkusMax: 2_000, // UpdateStocksRequest maxItems
  pricesMax: 500, // UpdateBusinessPricesRequest maxItems
  ordersPageMax: 50, // getBusinessOrders limit maximum
  ordersRangeDays: 30,
} as const;

export const YANDEX_MESSAGES = {
  noCredentials: "Credentials are not specified",
  invalidToken: "Api-Key token is invalid",
  revokedToken: "Api-Key token is revoked",
  prefixInvalid: "Api-Key token prefix invalid",
  accessDenied: "Access denied",
  internal: "Internal server error",
} as const;

const error = (status: number, code: string, message: string, headers?: Record<string, string>): SimResponse =>
  json(status, { status: "ERROR", errors: [{ code, message }] }, headers);

interface Offer {
  offerId: string;
  name: string;
  vendor: string;
  marketCategoryId: number;
  marketCategoryName: string;
  barcodes: string[];
  pictures: string[];
  price?: { value: number; currencyId: string; discountBase?: number; updatedAt: string };
  marketSku?: number;
  archived: boolean;
}

interface Order {
  orderId: number;
  campaignId: number;
  status: string;
  substatus: string;
  creationDate: string;
  updateDate: string;
  fake: boolean;
  items: Array<{ id: number; offerId: string; count: number }>;
}

interface Business {
  id: number;
  name: string;
  campaigns: Array<{ id: number; domain: string; placementType: string }>;
  offers: Map<string, Offer>;
  stocks: Map<number, Map<string, { count: number; updatedAt: string }>>;
  orders: Order[];
}

interface State {
  tokens: Map<string, YandexTokenSeed>;
  businesses: Map<number, Business>;
}

export interface YandexSimulatorOptions {
  now?: () => number;
  random?: () => number;
  /** Time each request holds its parallel slot, to make concurrency observable (default 0). */
  processingMs?: number;
  seed?: () => YandexSeed;
}

export interface YandexMarketSimulator extends Simulator {
  platform: "yandex-market";
  /** Stock of one SKU in one shop, as the cabinet shows it. */
  stockOf(campaignId: number, sku: string): number | undefined;
  priceOf(businessId: number, offerId: string): { value: number; discountBase?: number } | undefined;
  /** A buyer orders: adds an order and returns its ORDER_CREATED notification. */
  createOrder(campaignId: number, input?: { offerId?: string; count?: number; fake?: boolean }): Record<string, unknown>;
  /** Moves an order on and returns ORDER_STATUS_UPDATED. */
  updateOrderStatus(orderId: number, status: string, substatus: string): Record<string, unknown>;
  /** Cancels an order and returns ORDER_CANCELLED. */
  cancelOrder(orderId: number): Record<string, unknown>;
  /** Sends PING then the notifications to `{url}/notification` (honours duplicate/out-of-order faults). */
  push(url: string, notifications: Array<Record<string, unknown>>, opts?: YandexPushOptions): Promise<YandexPushResult>;
}

function buildOffer(s: YandexOfferSeed, at: string): Offer {
  return {
    offerId: s.offerId,
    name: s.name,
    vendor: s.vendor,
    marketCategoryId: s.marketCategoryId,
    marketCategoryName: s.marketCategoryName,
    barcodes: s.barcodes,
    pictures: [`https://avatars.mds.yandex.net/get-mpic/sandbox/${encodeURIComponent(s.offerId)}/orig`],
    price: { value: s.price, currencyId: "RUR", discountBase: s.discountBase, updatedAt: at },
    marketSku: s.marketSku,
    archived: s.archived ?? false,
  };
}

function buildState(seed: YandexSeed, at: string): State {
  const businesses = new Map<number, Business>();
  for (const b of seed.businesses) {
    const stocks = new Map<number, Map<string, { count: number; updatedAt: string }>>();
    for (const c of b.campaigns) stocks.set(c.id, new Map());
    for (const o of b.offers) for (const [cid, count] of Object.entries(o.stocks ?? {})) stocks.get(Number(cid))?.set(o.offerId, { count, updatedAt: at });
    let itemId = 1;
    businesses.set(b.id, {
      id: b.id,
      name: b.name,
      campaigns: b.campaigns.map((c) => ({ ...c })),
      offers: new Map(b.offers.map((o) => [o.offerId, buildOffer(o, at)])),
      stocks,
      orders: b.orders.map((o) => ({ ...o, updateDate: o.creationDate, items: o.items.map((i) => ({ id: itemId++, ...i })) })),
    });
  }
  return { tokens: new Map(seed.tokens.map((t) => [t.apiKey, t])), businesses };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const encodeToken = (offset: number) => Buffer.from(JSON.stringify({ offset })).toString("base64url");
function decodeToken(token: string): number | undefined {
  try {
    const v = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { offset?: unknown };
    return typeof v.offset === "number" && v.offset >= 0 ? v.offset : undefined;
  } catch {
    return undefined;
  }
}
const SHOP_SKU = /^(?=.*\S.*)[^\x00-\x08\x0A-\x1f\x7f]{1,255}$/;

interface Ctx {
  token: YandexTokenSeed;
  business: Business;
  campaignId?: number;
  now: number;
}
type Handler = Route<Ctx>["handler"];

export function createYandexMarketSimulator(opts: YandexSimulatorOptions = {}): YandexMarketSimulator {
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const processingMs = opts.processingMs ?? 0;
  const seed = opts.seed ?? seedYandex;
  const faults: Faults = noFaults();
  let state = buildState(seed(), new Date(now()).toISOString());
  /** Requests in progress per entity ("campaignId 1" / "businessId 2"). */
  const inFlight = new Map<string, number>();
  /** Quota windows per entity and method. */
  const windows = new Map<string, { start: number; used: number }>();
  let nextOrderId = 47_000_000_000;

  const fails = () => faults.partialBatchFailureRate > 0 && random() < faults.partialBatchFailureRate;
  const iso = (t: number) => new Date(t).toISOString();

  function quotaHeaders(quota: Quota, w: { start: number; used: number }) {
    return {
      "X-RateLimit-Resource-Limit": String(quota.amount),
      "X-RateLimit-Resource-Remaining": String(Math.max(0, quota.amount - w.used)),
      "X-RateLimit-Resource-Until": new Date(w.start + quota.periodMs).toUTCString(),
    };
  }

  // --- handlers -------------------------------------------------------------------------------------------------------

  const campaignJson = (b: Business, c: Business["campaigns"][number]) => ({
    domain: c.domain,
    id: c.id,
    business: { id: b.id, name: b.name },
    placementType: c.placementType,
    apiAvailability: "AVAILABLE",
  });

  const getCampaigns: Handler = (req, { business }) => {
    const all = business.campaigns;
    // Token paging (pageToken/page_token + limit ≤ 100) is current; page/pageSize is deprecated but still answered.
    const token = req.query.get("pageToken") ?? req.query.get("page_token");
    const limitRaw = req.query.get("limit");
    if (token !== null || limitRaw !== null) {
      const limit = Number(limitRaw ?? "100");
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) return error(400, "BAD_REQUEST", "Limit exceeded");
      const offset = token ? decodeToken(token) : 0;
      if (offset === undefined) return error(400, "BAD_REQUEST", "Invalid page token");
      const slice = all.slice(offset, offset + limit);
      const next = offset + limit < all.length ? encodeToken(offset + limit) : undefined;
      return json(200, { campaigns: slice.map((c) => campaignJson(business, c)), paging: next ? { nextPageToken: next } : {} });
    }
    const page = Number(req.query.get("page") ?? "1");
    const pageSize = Number(req.query.get("pageSize") ?? "50");
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) return error(400, "BAD_REQUEST", "Limit exceeded");
    const from = (Math.max(1, page) - 1) * pageSize;
    const slice = all.slice(from, from + pageSize);
    return json(200, {
      campaigns: slice.map((c) => campaignJson(business, c)),
      pager: {
        total: all.length,
        from: slice.length ? from + 1 : 0,
        to: from + slice.length,
        currentPage: Math.max(1, page),
        pagesCount: Math.max(1, Math.ceil(all.length / pageSize)),
        pageSize,
      },
    });
  };

  const getCampaign: Handler = (_req, { business, campaignId }) => {
    const c = business.campaigns.find((x) => x.id === campaignId)!;
    return json(200, { campaign: campaignJson(business, c) });
  };

  const getBusinessSettings: Handler = (_req, { business }) =>
    json(200, { status: "OK", result: { info: { id: business.id, name: business.name }, settings: { onlyDefaultPrice: true, currency: "RUR" } } });

  const getAuthTokenInfo: Handler = (_req, { token }) => json(200, { status: "OK", result: { apiKey: { name: token.name, authScopes: token.scopes } } });

  function offerJson(business: Business, o: Offer) {
    return {
      offer: {
        offerId: o.offerId,
        name: o.name,
        marketCategoryId: o.marketCategoryId,
        pictures: o.pictures.length ? o.pictures : undefined,
        vendor: o.vendor,
        barcodes: o.barcodes.length ? o.barcodes : undefined,
        basicPrice: o.price,
        cardStatus: o.marketSku ? "HAS_CARD_CAN_UPDATE" : "NO_CARD_PROCESSING",
        campaigns: business.campaigns.map((c) => ({ campaignId: c.id, status: o.marketSku ? "PUBLISHED" : "CHECKING" })),
        archived: o.archived,
      },
      mapping: o.marketSku
        ? { marketSku: o.marketSku, marketSkuName: o.name, marketCategoryId: o.marketCategoryId, marketCategoryName: o.marketCategoryName }
        : undefined,
    };
  }

  const getOfferMappings: Handler = (req, { business }) => {
    const limit = Number(req.query.get("limit") ?? "50");
    if (!Number.isInteger(limit) || limit < 1) return error(400, "BAD_REQUEST", "Value of limit must be greater than or equal to 1");
    if (limit > YANDEX_BATCH.offerMappingsPageMax) return error(400, "BAD_REQUEST", "Limit exceeded");
    // The parameter has aliases pageToken and page_token (components/parameters/AliasedPageToken.yaml).
    const token = req.query.get("page_token") ?? req.query.get("pageToken");
    const offset = token ? decodeToken(token) : 0;
    if (offset === undefined) return error(400, "BAD_REQUEST", "Invalid page token");
    const body = isObject(req.json) ? req.json : {};
    let list = [...business.offers.values()];
    if (Array.isArray(body.offerIds)) {
      if (body.offerIds.length > 100) return error(400, "BAD_REQUEST", "Collection of offerIds must contain at most 100 elements");
      const ids = body.offerIds.map(String);
      list = list.filter((o) => ids.includes(o.offerId));
    }
    if (Array.isArray(body.vendorNames)) list = list.filter((o) => (body.vendorNames as unknown[]).includes(o.vendor));
    if (Array.isArray(body.categoryIds)) list = list.filter((o) => (body.categoryIds as unknown[]).includes(o.marketCategoryId));
    list = list.filter((o) => (typeof body.archived === "boolean" ? o.archived === body.archived : !o.archived));
    const page = list.slice(offset, offset + limit);
    const next = offset + limit < list.length ? encodeToken(offset + limit) : undefined;
    return json(200, {
      status: "OK",
      result: { paging: next ? { nextPageToken: next } : {}, offerMappings: page.map((o) => offerJson(business, o)) },
    });
  };

  const updateOfferMappings: Handler = (req, { business, now: t }) => {
    const body = isObject(req.json) ? req.json : {};
    const list = Array.isArray(body.offerMappings) ? body.offerMappings : undefined;
    if (!list || list.length === 0) return error(400, "BAD_REQUEST", "Collection of field must not be empty: offerMappings");
    if (list.length > YANDEX_BATCH.offerMappingsUpdateMax) return error(400, "BAD_REQUEST", "Length of field (offerMappings) must be less than or equal to 500");
    const results: Array<Record<string, unknown>> = [];
    for (const raw of list) {
      const offer = isObject(raw) && isObject(raw.offer) ? raw.offer : {};
      const offerId = typeof offer.offerId === "string" ? offer.offerId : "";
      if (!SHOP_SKU.test(offerId)) return error(400, "BAD_REQUEST", "Value of field must match the pattern: offerId");
      const existing = business.offers.get(offerId);
      const errors: Array<{ type: string; message: string }> = [];
      const categoryId = typeof offer.marketCategoryId === "number" ? offer.marketCategoryId : existing?.marketCategoryId;
      if (!existing && (typeof offer.name !== "string" || offer.name.trim() === "")) errors.push({ type: "UNKNOWN_PARAMETER", message: "name is required for a new offer" });
      if (categoryId === undefined) errors.push({ type: "EMPTY_MARKET_CATEGORY", message: "marketCategoryId is required for a new offer" });
      if (errors.length === 0 && fails()) errors.push({ type: "INVALID_CATEGORY", message: "The offer does not fit the category's requirements" });
      if (errors.length > 0) {
        results.push({ offerId, errors });
        continue;
      }
      const price = isObject(offer.basicPrice) && typeof offer.basicPrice.value === "number" ? offer.basicPrice : undefined;
      business.offers.set(offerId, {
        offerId,
        name: typeof offer.name === "string" ? offer.name : existing!.name,
        vendor: typeof offer.vendor === "string" ? offer.vendor : (existing?.vendor ?? ""),
        marketCategoryId: categoryId!,
        marketCategoryName: existing?.marketCategoryName ?? "",
        barcodes: Array.isArray(offer.barcodes) ? offer.barcodes.map(String) : (existing?.barcodes ?? []),
        pictures: Array.isArray(offer.pictures) ? offer.pictures.map(String) : (existing?.pictures ?? []),
        price: price
          ? { value: Number(price.value), currencyId: String(price.currencyId ?? "RUR"), discountBase: typeof price.discountBase === "number" ? price.discountBase : undefined, updatedAt: iso(t) }
          : existing?.price,
        marketSku: existing?.marketSku,
        archived: existing?.archived ?? false,
      });
    }
    return json(200, results.length ? { status: "OK", results } : { status: "OK" });
  };

  const updateStocks: Handler = (req, { business, campaignId, now: t }) => {
    const body = isObject(req.json) ? req.json : {};
    const skus = Array.isArray(body.skus) ? body.skus : undefined;
    if (!skus || skus.length === 0) return error(400, "BAD_REQUEST", "Collection of field must not be empty: skus");
    if (skus.length > YANDEX_BATCH.stocksSkusMax) return error(400, "BAD_REQUEST", "Length of field (skus) must be less than or equal to 2000");
    const seen = new Set<string>();
    const updates: Array<{ sku: string; count: number; updatedAt: string }> = [];
    const unknown: string[] = [];
    for (const raw of skus) {
      const item = isObject(raw) ? raw : {};
      const sku = typeof item.sku === "string" ? item.sku : "";
      if (!SHOP_SKU.test(sku)) return error(400, "BAD_REQUEST", "Missing field: sku");
      if (seen.has(sku)) return error(400, "BAD_REQUEST", `Duplicate sku in request: '${sku}'`);
      seen.add(sku);
      const items = Array.isArray(item.items) ? item.items : [];
      if (items.length !== 1 || !isObject(items[0])) return error(400, "BAD_REQUEST", `Length of field (items) must be between 1 and 1: '${sku}'`);
      const count = items[0].count;
      if (typeof count !== "number" || !Number.isInteger(count) || count < 0 || count > 2_000_000_000)
        return error(400, "BAD_REQUEST", `Value of field (count) must be between 0 and 2000000000: '${sku}'`);
      if (!business.offers.has(sku)) unknown.push(sku);
      updates.push({ sku, count, updatedAt: typeof items[0].updatedAt === "string" ? items[0].updatedAt : iso(t) });
    }
    // SKUs must be given exactly as in the catalogue (updateStocks description): an unknown one rejects the request.
    if (unknown.length) return json(400, { status: "ERROR", errors: unknown.map((s) => ({ code: "OFFER_NOT_FOUND", message: `Offer not found: '${s}'` })) });
    const shop = business.stocks.get(campaignId!)!;
    for (const u of updates) shop.set(u.sku, { count: u.count, updatedAt: u.updatedAt });
    return json(200, { status: "OK" });
  };

  const updateBusinessPrices: Handler = (req, { business, now: t }) => {
    const body = isObject(req.json) ? req.json : {};
    const offers = Array.isArray(body.offers) ? body.offers : undefined;
    if (!offers || offers.length === 0) return error(400, "BAD_REQUEST", "Collection of field must not be empty: offers");
    if (offers.length > YANDEX_BATCH.pricesMax) return error(400, "BAD_REQUEST", "Length of field (offers) must be less than or equal to 500");
    const errors: Array<{ code: string; message: string }> = [];
    const updates: Array<{ offer: Offer; value: number; currencyId: string; discountBase?: number }> = [];
    for (const raw of offers) {
      const item = isObject(raw) ? raw : {};
      const offerId = typeof item.offerId === "string" ? item.offerId : "";
      const price = isObject(item.price) ? item.price : {};
      const value = price.value;
      const discountBase = price.discountBase;
      const offer = business.offers.get(offerId);
      if (!offer) errors.push({ code: "OFFER_NOT_FOUND", message: `Offer not found: '${offerId}'` });
      else if (typeof value !== "number" || value <= 0) errors.push({ code: "INVALID_PRICE", message: `Price must be greater than 0: '${offerId}'` });
      else if (typeof price.currencyId !== "string") errors.push({ code: "INVALID_PRICE", message: `Missing field: currencyId ('${offerId}')` });
      else if (discountBase !== undefined && (typeof discountBase !== "number" || discountBase <= value))
        errors.push({ code: "DISCOUNT_BASE_LESS_THAN_PRICE", message: `Price before discount must be greater than the price: '${offerId}'` });
      else if (fails()) errors.push({ code: "PRICE_QUARANTINE", message: `The new price of '${offerId}' differs too much from the old one and is in quarantine` });
      else updates.push({ offer, value, currencyId: price.currencyId, discountBase: discountBase as number | undefined });
    }
    // The method answers for the request as a whole: any refused offer rejects all (ApiClientDataErrorResponse).
    if (errors.length) return json(400, { status: "ERROR", errors });
    for (const u of updates) u.offer.price = { value: u.value, currencyId: u.currencyId, discountBase: u.discountBase, updatedAt: iso(t) };
    return json(200, { status: "OK" });
  };

  const getBusinessOrders: Handler = (req, { business, now: t }) => {
    const limit = Number(req.query.get("limit") ?? "50");
    if (!Number.isInteger(limit) || limit < 1 || limit > YANDEX_BATCH.ordersPageMax) return error(400, "BAD_REQUEST", "Limit exceeded");
    const token = req.query.get("pageToken") ?? req.query.get("page_token");
    const offset = token ? decodeToken(token) : 0;
    if (offset === undefined) return error(400, "BAD_REQUEST", "Invalid page token");
    const body = isObject(req.json) ? req.json : {};
    const dates = isObject(body.dates) ? body.dates : {};
    const day = 86_400_000;
    const from = typeof dates.creationDateFrom === "string" ? Date.parse(dates.creationDateFrom) : t - YANDEX_BATCH.ordersRangeDays * day;
    const to = typeof dates.creationDateTo === "string" ? Date.parse(dates.creationDateTo) + day : t + day;
    if (Number.isNaN(from) || Number.isNaN(to)) return error(400, "BAD_REQUEST", "Invalid date format");
    if (to - from > (YANDEX_BATCH.ordersRangeDays + 1) * day) return error(400, "BAD_REQUEST", "Too long time period. Maximum is '30' days");
    const updFrom = typeof dates.updateDateFrom === "string" ? Date.parse(dates.updateDateFrom) : undefined;
    const campaignIds = Array.isArray(body.campaignIds) ? body.campaignIds.map(Number) : undefined;
    const statuses = Array.isArray(body.statuses) ? body.statuses.map(String) : undefined;
    const orderIds = Array.isArray(body.orderIds) ? body.orderIds.map(Number) : undefined;
    let list = business.orders.filter((o) => {
      const created = Date.parse(o.creationDate);
      if (orderIds) return orderIds.includes(o.orderId);
      return (
        created >= from &&
        created < to &&
        (updFrom === undefined || Date.parse(o.updateDate) >= updFrom) &&
        (!campaignIds || campaignIds.includes(o.campaignId)) &&
        (!statuses || statuses.includes(o.status)) &&
        (typeof body.fake !== "boolean" || o.fake === body.fake)
      );
    });
    list = list.sort((a, b) => a.orderId - b.orderId);
    const page = list.slice(offset, offset + limit);
    const next = offset + limit < list.length ? encodeToken(offset + limit) : undefined;
    return json(200, {
      orders: page.map((o) => ({
        orderId: o.orderId,
        campaignId: o.campaignId,
        programType: "FBS",
        status: o.status,
        substatus: o.substatus,
        creationDate: o.creationDate,
        updateDate: o.updateDate,
        paymentType: "PREPAID",
        paymentMethod: "YANDEX",
        fake: o.fake,
        items: o.items.map((i) => ({ id: i.id, offerId: i.offerId, offerName: business.offers.get(i.offerId)?.name ?? i.offerId, count: i.count })),
        delivery: {
          type: "DELIVERY",
          serviceName: "Доставка Маркета",
          deliveryServiceId: 1006360,
          deliveryPartnerType: "YANDEX_MARKET",
          dates: { fromDate: o.creationDate.slice(0, 10) },
        },
      })),
      paging: next ? { nextPageToken: next } : {},
    });
  };

  type Scope = "campaign" | "business" | "token";
  const routes: Array<Route<Ctx> & { scope: Scope }> = [
    { method: "GET", pattern: "/v2/campaigns", operation: "getCampaigns", handler: getCampaigns, scope: "token" },
    { method: "GET", pattern: "/v2/campaigns/:campaignId", operation: "getCampaign", handler: getCampaign, scope: "campaign" },
    { method: "POST", pattern: "/v2/businesses/:businessId/settings", operation: "getBusinessSettings", handler: getBusinessSettings, scope: "business" },
    { method: "POST", pattern: "/v2/auth/token", operation: "getAuthTokenInfo", handler: getAuthTokenInfo, scope: "token" },
    { method: "POST", pattern: "/v2/businesses/:businessId/offer-mappings", operation: "getOfferMappings", handler: getOfferMappings, scope: "business" },
    { method: "POST", pattern: "/v2/businesses/:businessId/offer-mappings/update", operation: "updateOfferMappings", handler: updateOfferMappings, scope: "business" },
    { method: "PUT", pattern: "/v2/campaigns/:campaignId/offers/stocks", operation: "updateStocks", handler: updateStocks, scope: "campaign" },
    { method: "POST", pattern: "/v2/businesses/:businessId/offer-prices/updates", operation: "updateBusinessPrices", handler: updateBusinessPrices, scope: "business" },
    { method: "POST", pattern: "/v1/businesses/:businessId/orders", operation: "getBusinessOrders", handler: getBusinessOrders, scope: "business" },
  ];

  function countItems(quota: Quota, body: unknown): number {
    if (quota.count === "requests") return 1;
    const list = isObject(body) ? body[quota.count] : undefined;
    return Array.isArray(list) ? list.length : 0;
  }

  async function handle(req: SimRequest): Promise<SimResponse & { operation?: string }> {
    const match = matchRoute(routes, req.method, req.path);
    const route = match?.route as (typeof routes)[number] | undefined;
    const operation = route?.operation;
    const apiKey = req.headers.get("api-key");
    if (!apiKey) {
      const auth = req.headers.get("authorization");
      return { ...error(401, "UNAUTHORIZED", auth ? "OAuth token is invalid" : YANDEX_MESSAGES.noCredentials), operation };
    }
    if (/^(Bearer|OAuth)\s/i.test(apiKey)) return { ...error(401, "UNAUTHORIZED", YANDEX_MESSAGES.prefixInvalid), operation };
    const token = state.tokens.get(apiKey);
    if (!token) return { ...error(401, "UNAUTHORIZED", YANDEX_MESSAGES.invalidToken), operation };
    if (token.revoked) return { ...error(401, "UNAUTHORIZED", YANDEX_MESSAGES.revokedToken), operation };
    if (!match || !route) return error(404, "NOT_FOUND", "Resource not found");

    const business = state.businesses.get(token.businessId)!;
    let entity = `businessId ${business.id}`;
    let campaignId: number | undefined;
    if (route.scope === "campaign") {
      campaignId = Number(match.params.campaignId);
      // A shop outside the token's cabinet is not this token's to see.
      if (!business.campaigns.some((c) => c.id === campaignId)) return { ...error(403, "FORBIDDEN", YANDEX_MESSAGES.accessDenied), operation };
      entity = `campaignId ${campaignId}`;
    } else if (route.scope === "business") {
      if (Number(match.params.businessId) !== business.id) return { ...error(403, "FORBIDDEN", YANDEX_MESSAGES.accessDenied), operation };
    }
    const scopes = SCOPES[route.operation] ?? "any";
    if (scopes !== "any" && !token.scopes.some((s) => scopes.includes(s)))
      return { ...error(403, "FORBIDDEN", `Token does not have any of the scopes to access the API method: ${scopes.join(", ")}`), operation };

    const quota = YANDEX_QUOTAS[route.operation]!;
    const parallel = quota.parallel ?? YANDEX_PARALLEL_LIMIT;
    const running = inFlight.get(entity) ?? 0;
    if (running >= parallel) return { ...error(420, "METHOD_FAILURE", `Hit rate limit of ${parallel} parallel requests for ${entity}`), operation };

    const t = now();
    const wkey = `${entity}|${route.operation}`;
    let w = windows.get(wkey);
    if (!w || t >= w.start + quota.periodMs) {
      w = { start: t, used: 0 };
      windows.set(wkey, w);
    }
    const cost = countItems(quota, req.json);
    if (w.used + cost > quota.amount) {
      return {
        ...error(420, "METHOD_FAILURE", `Hit rate limit of ${quota.amount} ${quota.count === "requests" ? "requests" : quota.count} per ${quota.period} for resource '${route.operation}'`, quotaHeaders(quota, w)),
        operation,
      };
    }
    w.used += cost;

    inFlight.set(entity, running + 1);
    try {
      if (processingMs > 0) await new Promise((r) => setTimeout(r, processingMs));
      const res = await route.handler({ ...req, params: match.params }, { token, business, campaignId, now: t });
      return { ...res, headers: { ...quotaHeaders(quota, w), ...(res.headers ?? {}) }, operation };
    } finally {
      inFlight.set(entity, (inFlight.get(entity) ?? 1) - 1);
    }
  }

  function rateLimited(req: SimRequest): SimResponse {
    const route = matchRoute(routes, req.method, req.path)?.route;
    const quota = (route && YANDEX_QUOTAS[route.operation]) ?? YANDEX_QUOTAS.getCampaigns!;
    const until = new Date(now() + 1_000).toUTCString();
    return error(420, "METHOD_FAILURE", `Hit rate limit of ${quota.amount} requests per ${quota.period} for resource '${route?.operation ?? "unknown"}'`, {
      "X-RateLimit-Resource-Limit": String(quota.amount),
      "X-RateLimit-Resource-Remaining": "0",
      "X-RateLimit-Resource-Until": until,
    });
  }

  function findOrder(orderId: number): { business: Business; order: Order } {
    for (const business of state.businesses.values()) {
      const order = business.orders.find((o) => o.orderId === orderId);
      if (order) return { business, order };
    }
    throw new Error(`No Yandex sandbox order ${orderId}`);
  }

  return {
    platform: "yandex-market",
    faults,
    handle,
    rateLimited,
    serverError: () => error(500, "INTERNAL_ERROR", YANDEX_MESSAGES.internal),
    reset() {
      state = buildState(seed(), iso(now()));
      inFlight.clear();
      windows.clear();
    },
    stockOf(campaignId, sku) {
      for (const b of state.businesses.values()) {
        const shop = b.stocks.get(campaignId);
        if (shop) return shop.get(sku)?.count;
      }
      return undefined;
    },
    priceOf(businessId, offerId) {
      const p = state.businesses.get(businessId)?.offers.get(offerId)?.price;
      return p && { value: p.value, discountBase: p.discountBase };
    },
    createOrder(campaignId, input = {}) {
      const business = [...state.businesses.values()].find((b) => b.campaigns.some((c) => c.id === campaignId));
      if (!business) throw new Error(`No Yandex sandbox shop ${campaignId}`);
      const offer = input.offerId ? business.offers.get(input.offerId) : [...business.offers.values()][0];
      if (!offer) throw new Error("No offer to order");
      const t = iso(now());
      const order: Order = {
        orderId: nextOrderId++,
        campaignId,
        status: "PROCESSING",
        substatus: "STARTED",
        creationDate: t,
        updateDate: t,
        fake: input.fake ?? false,
        items: [{ id: 1, offerId: offer.offerId, count: input.count ?? 1 }],
      };
      business.orders.push(order);
      return { notificationType: "ORDER_CREATED", orderId: order.orderId, campaignId, items: order.items.map((i) => ({ offerId: i.offerId, count: i.count })), createdAt: t };
    },
    updateOrderStatus(orderId, status, substatus) {
      const { order } = findOrder(orderId);
      order.status = status;
      order.substatus = substatus;
      order.updateDate = iso(now());
      return { notificationType: "ORDER_STATUS_UPDATED", orderId, campaignId: order.campaignId, status, substatus, updatedAt: order.updateDate };
    },
    cancelOrder(orderId) {
      const { order } = findOrder(orderId);
      order.status = "CANCELLED";
      order.substatus = "USER_CHANGED_MIND";
      order.updateDate = iso(now());
      return {
        notificationType: "ORDER_CANCELLED",
        orderId,
        campaignId: order.campaignId,
        items: order.items.map((i) => ({ offerId: i.offerId, count: i.count })),
        cancelledAt: order.updateDate,
      };
    },
    push: (url, notifications, pushOpts) =>
      sendYandexNotifications(url, notifications, { duplicate: faults.duplicateWebhooks, outOfOrder: faults.outOfOrderWebhooks, now }, pushOpts),
  };
}
