// Wildberries HTTP client. Callers write paths as "/<host-prefix>/<path>" ("/content-api/content/v2/get/cards/list");
// the client turns that into the host's URL, sends the token of that API's category (falling back to the content
// token) and counts the call against the method group's documented limit.
import type { Db } from "@/db/client";
import type { ConnectionContext } from "../adapter";
import { PlatformError } from "../errors";
import { PlatformHttpClient, type HttpRequest, type HttpResponse, type PlatformHttpOptions, type PlatformResponseReader, type RateLimitRule } from "../http";
import { manifest } from "./manifest";
import { bucketFor, CATEGORY_LABEL, readWildberriesError, splitHostPath, tokenFor, wbUrl } from "./transform";

export const wildberriesReader: PlatformResponseReader = {
  parseError: (status, body) => readWildberriesError(status, body),
};

/** Hosts the product calls; each has its own /ping limit. */
export const WB_HOSTS = ["content-api", "discounts-prices-api", "marketplace-api", "statistics-api", "common-api"] as const;

const BUCKET_OF_SCOPE: Record<string, string> = {
  "content API (all methods)": "content",
  "content cards upload/update": "content-upload",
  "prices and discounts API": "prices",
  "seller warehouse stocks": "stocks",
  "FBS orders, supplies and passes": "fbs",
  "GET /ping per host": "ping",
};

/** The manifest's limits as client rules ("content" first: the default bucket); /ping gets one bucket per host. */
export function wildberriesRateLimits(): RateLimitRule[] {
  const rules: RateLimitRule[] = [];
  for (const r of manifest.rateLimits) {
    const bucket = BUCKET_OF_SCOPE[r.scope];
    if (!bucket) throw new Error(`Wildberries manifest rate limit "${r.scope}" has no client bucket`);
    if (bucket === "ping") for (const host of WB_HOSTS) rules.push({ bucket: `ping:${host}`, requests: r.requests, perSeconds: r.perSeconds });
    else rules.push({ bucket, requests: r.requests, perSeconds: r.perSeconds });
  }
  return rules;
}

export class WildberriesHttpClient extends PlatformHttpClient {
  constructor(
    private readonly wb: { ctx: ConnectionContext },
    opts: PlatformHttpOptions,
  ) {
    super(opts);
  }

  override request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
    if (/^https?:\/\//i.test(req.path)) return super.request<T>(req);
    const split = splitHostPath(req.path);
    if (!split) {
      return Promise.reject(new Error(`Wildberries paths start with the API host prefix, e.g. /content-api/…; got ${req.path}`));
    }
    const { ctx } = this.wb;
    const { token, category } = tokenFor(ctx.credentials, split.host);
    if (!token && !req.auth) {
      return Promise.reject(
        new PlatformError("authentication", `No Wildberries token for ${CATEGORY_LABEL[category]}: add one (or a content token) in the connection settings`, {
          platform: "wildberries",
          operation: req.operation,
        }),
      );
    }
    return super.request<T>({
      ...req,
      path: wbUrl(ctx.baseUrl, split.host, split.rest),
      auth: req.auth ?? { type: "headers", headers: { Authorization: token! } },
      bucket: req.bucket ?? bucketFor(req.method, split.host, split.rest),
    });
  }
}

export function createWildberriesHttp(
  ctx: ConnectionContext,
  deps: { db?: Db; fetch?: typeof fetch; sleep?: (ms: number) => Promise<void>; random?: () => number } = {},
): WildberriesHttpClient {
  return new WildberriesHttpClient(
    { ctx },
    {
      platform: "wildberries",
      partnerId: ctx.partnerId,
      connectionId: ctx.connectionId,
      baseUrl: ctx.baseUrl,
      auth: { type: "none" },
      rateLimits: wildberriesRateLimits(),
      reader: wildberriesReader,
      db: deps.db,
      fetch: deps.fetch,
      sleep: deps.sleep,
      random: deps.random,
    },
  );
}
