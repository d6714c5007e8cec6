// ShipStation HTTP client: v1 paths (/orders, /stores …) with Basic apiKey:apiSecret, v2 paths (/v2/…) with the
// `api-key` header on https://api.shipstation.com (same base as v1 in the sandbox), each with its documented limit.
import type { Db } from "@/db/client";
import type { ConnectionContext } from "../adapter";
import { PlatformError } from "../errors";
import { PlatformHttpClient, type HttpRequest, type HttpResponse, type PlatformHttpOptions, type PlatformResponseReader, type RateLimitRule } from "../http";
import { manifest } from "./manifest";
import { readShipStationError } from "./transform";

/** v2 lives on its own host in production (MARKETPLACES.md). */
export const V2_PRODUCTION_BASE = "https://api.shipstation.com";

export const shipStationReader: PlatformResponseReader = {
  parseError: (status, body) => readShipStationError(status, body),
};

function rule(scope: string): { requests: number; perSeconds: number } {
  const r = manifest.rateLimits.find((x) => x.scope === scope);
  if (!r) throw new Error(`ShipStation manifest has no rate limit "${scope}"`);
  return r;
}

/** v1 first (the client's default bucket), v2 by key kind: sandbox keys (TEST_…) get the sandbox limit. */
export function shipStationRateLimits(apiKeyV2?: string): RateLimitRule[] {
  const v1 = rule("v1 per API key");
  const v2 = apiKeyV2?.startsWith("TEST_") ? rule("v2 sandbox per API key") : rule("v2 per API key");
  return [
    { bucket: "v1", requests: v1.requests, perSeconds: v1.perSeconds },
    { bucket: "v2", requests: v2.requests, perSeconds: v2.perSeconds },
  ];
}

const isV2 = (path: string) => path === "/v2" || path.startsWith("/v2/");

export class ShipStationHttpClient extends PlatformHttpClient {
  constructor(
    private readonly shipstation: { ctx: ConnectionContext },
    opts: PlatformHttpOptions,
  ) {
    super(opts);
  }

  /** Routes /v2/… calls to the v2 host with the v2 key and bucket; everything else is v1 with Basic auth. */
  override request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
    if (!isV2(req.path)) return super.request<T>(req);
    const { ctx } = this.shipstation;
    const key = ctx.credentials.apiKeyV2;
    if (!key) {
      return Promise.reject(
        new PlatformError("authentication", "This ShipStation connection has no v2 API key: add one to use labels and tracking", {
          platform: "shipstation",
          operation: req.operation,
        }),
      );
    }
    const production = /(^|\.)ssapi\.shipstation\.com$/i.test(hostOf(ctx.baseUrl));
    return super.request<T>({
      ...req,
      path: production ? `${V2_PRODUCTION_BASE}${req.path}` : req.path,
      auth: req.auth ?? { type: "headers", headers: { "api-key": key } },
      bucket: req.bucket ?? "v2",
    });
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return "";
  }
}

export function createShipStationHttp(
  ctx: ConnectionContext,
  deps: { db?: Db; fetch?: typeof fetch; sleep?: (ms: number) => Promise<void>; random?: () => number } = {},
): ShipStationHttpClient {
  return new ShipStationHttpClient(
    { ctx },
    {
      platform: "shipstation",
      partnerId: ctx.partnerId,
      connectionId: ctx.connectionId,
      baseUrl: ctx.baseUrl,
      auth: { type: "basic", username: ctx.credentials.apiKey ?? "", password: ctx.credentials.apiSecret ?? "" },
      rateLimits: shipStationRateLimits(ctx.credentials.apiKeyV2),
      reader: shipStationReader,
      db: deps.db,
      fetch: deps.fetch,
      sleep: deps.sleep,
      random: deps.random,
    },
  );
}
