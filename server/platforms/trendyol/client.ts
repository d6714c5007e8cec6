// The HTTP client of one Trendyol connection: Basic apiKey:apiSecret, the mandatory User-Agent, one rate-limit
// bucket per endpoint (Trendyol counts 50 requests per 10 s per endpoint, plus per-service minute limits).
import type { ConnectionContext } from "../adapter";
import { PlatformHttpClient, type HttpRequest, type HttpResponse, type PlatformHttpOptions, type PlatformResponseReader, type RateLimitRule } from "../http";
import { manifest } from "./manifest";
import { parseTrendyolError, trendyolUserAgent } from "./transform";

export type HttpDeps = Partial<Pick<PlatformHttpOptions, "db" | "fetch" | "maxRetries" | "timeoutMs" | "sleep" | "random">>;

type Scope = (typeof manifest.rateLimits)[number]["scope"];
const ANY: Scope = "any single endpoint";

/**
 * Which of the manifest's limits apply to each operation (the bucket is the operation: "per endpoint").
 * The client spaces calls evenly at the strictest of them, which keeps inside every one.
 */
export const TRENDYOL_OPERATION_LIMITS = {
  getSuppliersAddresses: [ANY],
  getBrands: [ANY, "brands and categories lookups"],
  getBrandsByName: [ANY, "brands and categories lookups"],
  getCategoryTree: [ANY, "brands and categories lookups"],
  getCategoryAttributes: [ANY, "brands and categories lookups"],
  getCategoryAttributeValues: [ANY, "brands and categories lookups"],
  createProducts: [ANY, "product create (v2/products)"],
  updateUnapprovedProducts: [ANY, "product update (bulk updates)"],
  updateContentBulk: [ANY, "product update (bulk updates)"],
  updateVariantBulk: [ANY, "product update (bulk updates)"],
  updateDeliveryInfoBulk: [ANY, "product update (bulk updates)"],
  archiveProducts: [ANY, "product update (bulk updates)"],
  deleteProducts: [ANY, "product delete"],
  filterApprovedProducts: [ANY, "product filter (approved/unapproved)"],
  filterUnapprovedProducts: [ANY, "product filter (approved/unapproved)"],
  getProductBase: [ANY, "product filter (approved/unapproved)"],
  updatePriceAndInventory: [ANY],
  getBatchRequestResult: [ANY, "batch request result"],
  getShipmentPackages: [ANY, "getShipmentPackages (orders)"],
  getShipmentPackagesStream: [ANY, "getShipmentPackages (orders)"],
  updatePackageStatus: [ANY],
  cancelOrderPackageItem: [ANY],
  createWebhook: [ANY],
  getWebhooks: [ANY],
  updateWebhook: [ANY],
  deleteWebhook: [ANY],
  activateWebhook: [ANY],
  deactivateWebhook: [ANY],
} as const satisfies Record<string, readonly Scope[]>;

export type TrendyolOperation = keyof typeof TRENDYOL_OPERATION_LIMITS;

export function trendyolRateLimitRules(limits: readonly { scope: string; requests: number; perSeconds: number }[] = manifest.rateLimits): RateLimitRule[] {
  return Object.entries(TRENDYOL_OPERATION_LIMITS).map(([operation, scopes]) => {
    const applicable = limits.filter((l) => (scopes as readonly string[]).includes(l.scope));
    if (applicable.length === 0) throw new Error(`Trendyol manifest has no rate limit for ${operation} (${scopes.join(", ")})`);
    const strictest = applicable.reduce((a, b) => (b.requests / b.perSeconds < a.requests / a.perSeconds ? b : a));
    // "50 requests per 10 s to the same endpoint" is a sliding window (the 51st is refused): groups of 50 may go at once.
    return { bucket: operation, requests: strictest.requests, perSeconds: strictest.perSeconds, burst: strictest.scope === ANY };
  });
}

export function trendyolReader(baseUrl: string): PlatformResponseReader {
  const stage = /stageapigw\.trendyol\.com/i.test(baseUrl);
  return { parseError: (status, body) => parseTrendyolError(status, body, { stage }) };
}

export function createTrendyolHttp(ctx: ConnectionContext, deps: HttpDeps = {}): PlatformHttpClient {
  const sellerId = ctx.settings.sellerId ?? ctx.credentials.sellerId ?? "";
  return new PlatformHttpClient({
    platform: "trendyol",
    partnerId: ctx.partnerId,
    connectionId: ctx.connectionId,
    baseUrl: ctx.baseUrl,
    auth: { type: "basic", username: ctx.credentials.apiKey ?? "", password: ctx.credentials.apiSecret ?? "" },
    defaultHeaders: { "User-Agent": trendyolUserAgent(sellerId, ctx.settings.integratorName) },
    rateLimits: trendyolRateLimitRules(),
    reader: trendyolReader(ctx.baseUrl),
    ...deps,
  });
}

/** One Trendyol call through the bucket of its operation (the operation name is the bucket). */
export function trendyolRequest<T = unknown>(http: PlatformHttpClient, req: Omit<HttpRequest, "operation" | "bucket"> & { operation: TrendyolOperation }): Promise<HttpResponse<T>> {
  return http.request<T>({ ...req, bucket: req.operation });
}
