// eBay HTTP client: exchanges the refresh token for an access token (cached per connection until shortly before it
// expires), then sends every call with `Authorization: Bearer <token>`; a 401 on a cached token refreshes it once.
import crypto from "node:crypto";
import type { Db } from "@/db/client";
import type { ConnectionContext } from "../adapter";
import { PlatformError } from "../errors";
import { PlatformHttpClient, type HttpRequest, type HttpResponse, type PlatformHttpOptions, type PlatformResponseReader, type RateLimitRule } from "../http";
import { manifest } from "./manifest";
import { clientCredentialsForm, readEbayError, refreshTokenForm } from "./transform";

export const TOKEN_PATH = "/identity/v1/oauth2/token";
/** Refresh this long before eBay's expiry, so a call never starts with a token about to lapse. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

export const ebayReader: PlatformResponseReader = {
  parseError: (status, body) => readEbayError(status, body),
};

const tokenRule = manifest.rateLimits.find((r) => r.scope.startsWith("token endpoint"))!;

/**
 * Client-side rules. eBay's API quotas are per application and per day (developer/analytics getRateLimits), not
 * per connection, so ordinary calls get no spacing ("api" is deliberately unbounded and first, because the HTTP
 * client applies the first rule to requests that name none); server 429s still pause the bucket through hints.
 * The token endpoint gets its documented quota. The 250 revisions per listing per day is a per-listing limit that the
 * sync layer has to count; spacing all calls at that rate would stall everything.
 */
export const EBAY_RATE_LIMITS: RateLimitRule[] = [
  { bucket: "api", requests: 1_000_000, perSeconds: 1 },
  { bucket: "oauth-token", requests: tokenRule.requests, perSeconds: tokenRule.perSeconds },
];

interface CachedToken {
  token: string;
  expiresAt: number;
  fingerprint: string;
}

// Per-process cache: one entry per connection (and token kind); the fingerprint drops it when credentials change.
const tokens = new Map<string, CachedToken>();
const inflight = new Map<string, Promise<CachedToken>>();

/** Forgets every cached token (tests, credential rotation). */
export function clearEbayTokenCache(connectionId?: string) {
  for (const key of [...tokens.keys()]) if (!connectionId || key.startsWith(`${connectionId}:`)) tokens.delete(key);
}

function credential(ctx: ConnectionContext, key: string): string {
  const v = ctx.credentials[key] ?? ctx.settings[key];
  if (!v) throw new PlatformError("authentication", `The eBay connection has no ${key}: enter it in the connection settings`, { platform: "ebay" });
  return v;
}

export class EbayHttpClient extends PlatformHttpClient {
  constructor(
    private readonly ebay: { ctx: ConnectionContext; now: () => number },
    opts: PlatformHttpOptions,
  ) {
    super(opts);
  }

  /** Sends with the user access token unless the request brings its own auth. */
  override async request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
    if (req.auth) return super.request<T>(req);
    const first = await this.accessToken();
    try {
      return await super.request<T>({ ...req, auth: { type: "bearer", token: first.token } });
    } catch (err) {
      // A token eBay revoked early (password change, consent withdrawn): get a fresh one once.
      if (!(err instanceof PlatformError) || err.kind !== "authentication" || err.status !== 401 || !first.cached) throw err;
      const fresh = await this.accessToken({ force: true });
      return super.request<T>({ ...req, auth: { type: "bearer", token: fresh.token } });
    }
  }

  /** The user access token from the refresh-token grant, cached until shortly before expiry. */
  async accessToken(o: { force?: boolean } = {}): Promise<{ token: string; cached: boolean }> {
    const { ctx } = this.ebay;
    const clientId = credential(ctx, "clientId");
    const clientSecret = credential(ctx, "clientSecret");
    const refreshToken = credential(ctx, "refreshToken");
    return this.cachedToken("user", `${clientId}:${clientSecret}:${refreshToken}`, o.force ?? false, () => this.grant(clientId, clientSecret, refreshTokenForm(refreshToken)));
  }

  /** An application token (client-credentials grant), e.g. for getPublicKey. */
  async applicationToken(): Promise<string> {
    const { ctx } = this.ebay;
    const clientId = credential(ctx, "clientId");
    const clientSecret = credential(ctx, "clientSecret");
    return (await this.cachedToken("app", `${clientId}:${clientSecret}`, false, () => this.grant(clientId, clientSecret, clientCredentialsForm()))).token;
  }

  private async cachedToken(kind: string, secretMaterial: string, force: boolean, fetchToken: () => Promise<{ token: string; expiresInSeconds: number }>) {
    const { ctx, now } = this.ebay;
    const key = `${ctx.connectionId}:${kind}`;
    const fingerprint = crypto.createHash("sha256").update(`${ctx.baseUrl}\n${secretMaterial}`).digest("hex");
    const hit = tokens.get(key);
    if (!force && hit && hit.fingerprint === fingerprint && hit.expiresAt - EXPIRY_MARGIN_MS > now()) return { token: hit.token, cached: true };
    const pending = inflight.get(key);
    if (pending && !force) return { token: (await pending).token, cached: false };
    const p = fetchToken().then(({ token, expiresInSeconds }) => {
      const entry = { token, expiresAt: now() + expiresInSeconds * 1000, fingerprint };
      tokens.set(key, entry);
      return entry;
    });
    inflight.set(key, p);
    try {
      return { token: (await p).token, cached: false };
    } finally {
      inflight.delete(key);
    }
  }

  private async grant(clientId: string, clientSecret: string, form: string): Promise<{ token: string; expiresInSeconds: number }> {
    const res = await super.request<{ access_token?: unknown; expires_in?: unknown }>({
      operation: "getOAuthToken",
      method: "POST",
      path: TOKEN_PATH,
      body: form,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      auth: { type: "basic", username: clientId, password: clientSecret },
      bucket: "oauth-token",
      // A token grant changes nothing on eBay's side: safe to repeat after a 5xx.
      idempotent: true,
    });
    const token = res.body?.access_token;
    const expires = res.body?.expires_in;
    if (typeof token !== "string" || !token) throw new PlatformError("transient", "eBay's token endpoint answered without an access token", { platform: "ebay", operation: "getOAuthToken" });
    return { token, expiresInSeconds: typeof expires === "number" && expires > 0 ? expires : 7200 };
  }
}

export function createEbayHttp(
  ctx: ConnectionContext,
  deps: { db?: Db; fetch?: typeof fetch; sleep?: (ms: number) => Promise<void>; random?: () => number; now?: () => number } = {},
): EbayHttpClient {
  return new EbayHttpClient(
    { ctx, now: deps.now ?? Date.now },
    {
      platform: "ebay",
      partnerId: ctx.partnerId,
      connectionId: ctx.connectionId,
      baseUrl: ctx.baseUrl,
      auth: { type: "none" },
      rateLimits: EBAY_RATE_LIMITS,
      reader: ebayReader,
      db: deps.db,
      fetch: deps.fetch,
      sleep: deps.sleep,
      random: deps.random,
    },
  );
}
