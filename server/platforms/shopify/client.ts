// The HTTP client of one Shopify connection: X-Shopify-Access-Token, the GraphQL endpoint of the pinned version,
// and a reader that turns THROTTLED (HTTP 200) into rate_limited with the wait extensions.cost asks for.
import type { ConnectionContext } from "../adapter";
import { PlatformError } from "../errors";
import { PlatformHttpClient, type HttpResponse, type PlatformHttpOptions, type PlatformResponseReader, type RateLimitRule } from "../http";
import { manifest } from "./manifest";
import { parseShopifyError, SHOPIFY_GRAPHQL_PATH, shopifyBaseUrl, shopifyThrottleWaitMs } from "./transform";

export type HttpDeps = Partial<Pick<PlatformHttpOptions, "db" | "fetch" | "maxRetries" | "timeoutMs" | "sleep" | "random">>;

export const SHOPIFY_BUCKET = "graphql";

/**
 * Shopify limits cost points, not requests: the real bucket is read from extensions.cost on every answer (see the
 * reader). The request rule only caps calls at the Standard restore rate from the manifest: every query costs at
 * least one point, so this cap alone can never drain a Standard bucket.
 */
export function shopifyRateLimitRules(): RateLimitRule[] {
  const standard = manifest.rateLimits.find((r) => r.scope.includes("(Standard)"));
  if (!standard) throw new Error("Shopify manifest has no Standard cost rate");
  return [{ bucket: SHOPIFY_BUCKET, requests: standard.requests, perSeconds: standard.perSeconds }];
}

export const shopifyReader: PlatformResponseReader = {
  parseError: (status, body) => parseShopifyError(status, body),
  throttleHint: (_status, body) => {
    const retryAfterMs = shopifyThrottleWaitMs(body);
    return retryAfterMs === undefined ? undefined : { retryAfterMs };
  },
};

export function createShopifyHttp(ctx: ConnectionContext, deps: HttpDeps = {}): PlatformHttpClient {
  return new PlatformHttpClient({
    platform: "shopify",
    partnerId: ctx.partnerId,
    connectionId: ctx.connectionId,
    baseUrl: shopifyBaseUrl(ctx.baseUrl, ctx.settings.shopDomain),
    auth: { type: "headers", headers: { "X-Shopify-Access-Token": ctx.credentials.accessToken ?? "" } },
    rateLimits: shopifyRateLimitRules(),
    reader: shopifyReader,
    ...deps,
  });
}

export interface GraphqlResult<T> {
  data: T;
  extensions?: { cost?: { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number } } };
}

/** POSTs one GraphQL operation to the pinned endpoint; top-level errors arrive as PlatformError from the client. */
export async function shopifyGraphql<T>(
  http: PlatformHttpClient,
  operation: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphqlResult<T> & { response: HttpResponse }> {
  // Reads are safe to repeat; mutations are not (the http client retries only idempotent requests after 5xx).
  const idempotent = !/^\s*mutation\b/.test(query);
  const res = await http.request<GraphqlResult<T>>({
    operation,
    method: "POST",
    path: SHOPIFY_GRAPHQL_PATH,
    json: variables ? { query, variables } : { query },
    bucket: SHOPIFY_BUCKET,
    idempotent,
  });
  const body = res.body;
  if (!body || typeof body !== "object" || !("data" in body))
    throw new PlatformError("transient", "Shopify answered without GraphQL data", { status: res.status, operation, platform: "shopify" });
  return { ...body, response: res };
}
