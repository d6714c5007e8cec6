// The Ozon Seller API client: Client-Id + Api-Key headers, the manifest's request limits, Ozon's error shape.
import type { Db } from "@/db/client";
import type { ConnectionContext } from "../adapter";
import { PlatformHttpClient, type PlatformResponseReader, type RateLimitRule } from "../http";
import { manifest } from "./manifest";
import { ozonThrottleHintMs, readOzonError } from "./transform";

export interface OzonHttpDeps {
  db?: Db;
  fetch?: typeof fetch;
  /** Tests: skip real waits between retries. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Bucket names adapters pass as `bucket`; every other call goes through "all". */
export const OZON_BUCKETS = { all: "all", stocks: "stocks" } as const;

function limit(scopePrefix: string) {
  const rule = manifest.rateLimits.find((r) => r.scope.startsWith(scopePrefix));
  if (!rule) throw new Error(`Ozon manifest has no rate limit "${scopePrefix}…"`);
  return rule;
}

/**
 * Request buckets from the manifest. The per-pair stock rule (1 per 30 s) and the per-product price rule (10 per
 * hour) limit items, not requests: the sync service spaces those, the HTTP client cannot.
 */
export function ozonRateLimits(): RateLimitRule[] {
  const all = limit("all methods per Client-Id");
  const stocks = limit("stocks update");
  return [
    { bucket: OZON_BUCKETS.all, requests: all.requests, perSeconds: all.perSeconds },
    { bucket: OZON_BUCKETS.stocks, requests: stocks.requests, perSeconds: stocks.perSeconds },
  ];
}

export const ozonReader: PlatformResponseReader = {
  parseError: (status, body) => readOzonError(status, body),
  throttleHint: (status, body) => {
    const ms = ozonThrottleHintMs(status, body);
    return ms === undefined ? undefined : { retryAfterMs: ms };
  },
};

export function createOzonHttp(ctx: ConnectionContext, deps: OzonHttpDeps = {}): PlatformHttpClient {
  return new PlatformHttpClient({
    platform: "ozon",
    partnerId: ctx.partnerId,
    connectionId: ctx.connectionId,
    baseUrl: ctx.baseUrl,
    auth: { type: "headers", headers: { "Client-Id": ctx.settings.clientId ?? "", "Api-Key": ctx.credentials.apiKey ?? "" } },
    rateLimits: ozonRateLimits(),
    reader: ozonReader,
    db: deps.db,
    fetch: deps.fetch,
    sleep: deps.sleep,
    random: deps.random,
  });
}
