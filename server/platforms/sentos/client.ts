// The HTTP client of one Sentos connection: the tenant's address, the auth scheme the connection test found
// (ctx.memory.sentosAuthScheme; per-request override while probing), the reported limits, `{message}` errors.
import type { ConnectionContext } from "../adapter";
import { PlatformHttpClient, type HttpRequest, type HttpResponse, type PlatformHttpOptions, type PlatformResponseReader, type RateLimitRule } from "../http";
import { manifest } from "./manifest";
import { isSentosAuthScheme, parseSentosError, sentosAuth, sentosBaseUrl, type SentosAuthScheme } from "./transform";

export type HttpDeps = Partial<Pick<PlatformHttpOptions, "db" | "fetch" | "maxRetries" | "timeoutMs" | "sleep" | "random">>;

/** GET endpoints each get their own bucket: the reported limit is per endpoint ("the same GET"). */
export const SENTOS_GET_BUCKETS = ["get:/products", "get:/products/{id}", "get:/warehouses", "get:/categories", "get:/orders"] as const;
export const SENTOS_AUTH_PROBE_BUCKET = "auth-probe";

export function sentosRateLimitRules(limits: readonly { scope: string; requests: number; perSeconds: number }[] = manifest.rateLimits): RateLimitRule[] {
  const post = limits.find((l) => l.scope === "POST requests");
  const get = limits.find((l) => l.scope === "the same GET endpoint");
  if (!post || !get) throw new Error("Sentos manifest lacks the POST or GET rate limit");
  return [
    ...SENTOS_GET_BUCKETS.map((bucket) => ({ bucket, requests: get.requests, perSeconds: get.perSeconds })),
    { bucket: "post", requests: post.requests, perSeconds: post.perSeconds },
    // No limit is reported for PUT; it is paced like POST until a tenant shows otherwise.
    { bucket: "put", requests: post.requests, perSeconds: post.perSeconds },
    // Not a platform limit: the connection test's own pace. At most four probes, and the ones answered 401 do no
    // work, so they are not held to the 2-per-minute GET pace (which would make a test take 90 s).
    { bucket: SENTOS_AUTH_PROBE_BUCKET, requests: 4, perSeconds: 1 },
  ];
}

export const sentosReader: PlatformResponseReader = { parseError: (status, body) => parseSentosError(status, body) };

/** The scheme to use: a per-call choice, else the remembered one, else Basic (the community client's). */
export function sentosScheme(ctx: ConnectionContext, override?: SentosAuthScheme): SentosAuthScheme {
  if (override) return override;
  return isSentosAuthScheme(ctx.memory.sentosAuthScheme) ? ctx.memory.sentosAuthScheme : "basic";
}

export function createSentosHttp(ctx: ConnectionContext, deps: HttpDeps & { scheme?: SentosAuthScheme } = {}): PlatformHttpClient {
  const { scheme, ...rest } = deps;
  return new PlatformHttpClient({
    platform: "sentos",
    partnerId: ctx.partnerId,
    connectionId: ctx.connectionId,
    baseUrl: sentosBaseUrl(ctx.baseUrl, ctx.settings),
    auth: sentosAuth(sentosScheme(ctx, scheme), ctx.credentials),
    rateLimits: sentosRateLimitRules(),
    reader: sentosReader,
    ...rest,
  });
}

/** The bucket of a call: each GET endpoint its own, writes by method. */
export function sentosBucket(method: HttpRequest["method"], path: string): string {
  if (method === "GET") {
    const template = path.split("?")[0]!.replace(/\/+$/, "").replace(/\/\d+(?=\/|$)/g, "/{id}");
    const bucket = `get:${template}`;
    // An endpoint without a bucket of its own shares the products one: same pace, never faster.
    return (SENTOS_GET_BUCKETS as readonly string[]).includes(bucket) ? bucket : "get:/products";
  }
  return method === "POST" ? "post" : "put";
}

/** One Sentos call through the bucket its method and path belong to. */
export function sentosRequest<T = unknown>(http: PlatformHttpClient, req: Omit<HttpRequest, "bucket">): Promise<HttpResponse<T>> {
  return http.request<T>({ ...req, bucket: sentosBucket(req.method, req.path) });
}
