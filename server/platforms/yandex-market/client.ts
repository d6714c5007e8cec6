// The Yandex Market Partner API client: Api-Key header, per-method quotas as request buckets, the Market's error
// shape, and 420 read as rate_limited with the pause X-RateLimit-Resource-Until names.
import type { Db } from "@/db/client";
import type { ConnectionContext } from "../adapter";
import { PlatformHttpClient, type PlatformResponseReader, type RateLimitRule } from "../http";
import { manifest } from "./manifest";
import { readYandexError, yandexRetryAfterMs } from "./transform";

export interface YandexHttpDeps {
  db?: Db;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Buckets adapters name with `bucket`; calls that name none use "campaigns" (the connection test's method). */
export const YANDEX_BUCKETS = {
  campaigns: "campaigns",
  authToken: "authToken",
  offerMappings: "offerMappings",
  offerMappingsUpdate: "offerMappingsUpdate",
  stocks: "stocks",
  prices: "prices",
  orders: "orders",
  orderStatuses: "orderStatuses",
} as const;

function manifestRule(scopePrefix: string) {
  const rule = manifest.rateLimits.find((r) => r.scope.startsWith(scopePrefix));
  if (!rule) throw new Error(`Yandex Market manifest has no rate limit "${scopePrefix}…"`);
  return rule;
}
function batch(operationPrefix: string) {
  const b = manifest.batchLimits.find((x) => x.operation.startsWith(operationPrefix));
  if (!b) throw new Error(`Yandex Market manifest has no batch limit "${operationPrefix}…"`);
  return b.maxItems;
}

/**
 * Quotas that count items (SKUs, offers, orders) become request buckets of quota ÷ largest batch, so that even
 * full batches stay inside the item quota. The global "4 parallel requests per campaign or business" is a
 * concurrency limit that RateLimitRule cannot express; 420 answers to it are retried after a short pause.
 */
export function yandexRateLimits(): RateLimitRule[] {
  const orders = manifestRule("business orders list");
  const stocks = manifestRule("stocks update");
  const prices = manifestRule("business prices update");
  const mappings = manifestRule("offer mappings update");
  const statuses = manifestRule("order status batch update");
  return [
    // getCampaigns: 1000 requests per hour (x-resource-limit-config of specs/yandex-market/openapi/paths/v2_campaigns.yaml).
    { bucket: YANDEX_BUCKETS.campaigns, requests: 1_000, perSeconds: 3_600 },
    // getAuthTokenInfo: 100 per hour (paths/v2_auth_token.yaml).
    { bucket: YANDEX_BUCKETS.authToken, requests: 100, perSeconds: 3_600 },
    // getOfferMappings: 100 per minute (paths/v2_businesses_businessId_offer-mappings.yaml).
    { bucket: YANDEX_BUCKETS.offerMappings, requests: 100, perSeconds: 60 },
    { bucket: YANDEX_BUCKETS.offerMappingsUpdate, requests: Math.floor(mappings.requests / batch("offer-mappings update")), perSeconds: mappings.perSeconds },
    { bucket: YANDEX_BUCKETS.stocks, requests: Math.floor(stocks.requests / batch("stocks")), perSeconds: stocks.perSeconds },
    { bucket: YANDEX_BUCKETS.prices, requests: Math.floor(prices.requests / batch("business offer prices")), perSeconds: prices.perSeconds },
    { bucket: YANDEX_BUCKETS.orders, requests: orders.requests, perSeconds: orders.perSeconds },
    { bucket: YANDEX_BUCKETS.orderStatuses, requests: Math.floor(statuses.requests / batch("orders status-update")), perSeconds: statuses.perSeconds },
  ];
}

export const yandexReader: PlatformResponseReader = {
  parseError: (status, body) => readYandexError(status, body),
  throttleHint: (status, _body, headers) => {
    const ms = yandexRetryAfterMs(status, headers);
    return ms === undefined ? undefined : { retryAfterMs: ms };
  },
};

export function createYandexMarketHttp(ctx: ConnectionContext, deps: YandexHttpDeps = {}): PlatformHttpClient {
  return new PlatformHttpClient({
    platform: "yandex-market",
    partnerId: ctx.partnerId,
    connectionId: ctx.connectionId,
    baseUrl: ctx.baseUrl,
    auth: { type: "headers", headers: { "Api-Key": ctx.credentials.apiKey ?? "" } },
    rateLimits: yandexRateLimits(),
    reader: yandexReader,
    db: deps.db,
    fetch: deps.fetch,
    sleep: deps.sleep,
    random: deps.random,
  });
}
