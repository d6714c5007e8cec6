// The one HTTP path every platform adapter uses: auth, the platform's headers, timeouts, the shared rate limiter,
// retries with backoff, typed errors and the api_calls log. Helpers live in ./http/.
import type { Db } from "@/db/client";
import { log } from "@/server/log";
import { PlatformError, type PlatformErrorDetail, type PlatformErrorKind } from "./errors";
import { classifyNetworkError, kindForStatus, scrub, scrubDetails, type NetworkFailure } from "./http/failures";
import { throttleWaitFromHeaders } from "./http/hints";
import { BucketBlocked, DbBucketStore, RateLimiter, bucketFor, processBucketStore, type Bucket } from "./http/limiter";
import { recorderFor, type ApiCallRow, type CallRecorder } from "./http/recorder";
import type { PlatformId } from "./types";

export type AuthScheme =
  | { type: "basic"; username: string; password: string }
  | { type: "headers"; headers: Record<string, string> } // e.g. { "X-Shopify-Access-Token": t }, { Authorization: token }, { "Client-Id": id, "Api-Key": key }
  | { type: "bearer"; token: string }
  | { type: "none" };

/** A documented limit the client enforces before sending (from the manifest, with its source). */
export interface RateLimitRule {
  bucket: string;
  requests: number;
  perSeconds: number;
  /** The platform counts this limit in a sliding window, so `requests` calls may go at once (see limiter.ts). */
  burst?: boolean;
}

/** Platform-specific reading of responses: error shape and throttle hints beyond the generic headers. */
export interface PlatformResponseReader {
  /** The platform's error body → readable message + details (+ kind override, e.g. Shopify THROTTLED with HTTP 200). */
  parseError(
    status: number,
    body: unknown,
    headers: Headers,
  ): { message: string; details?: PlatformErrorDetail[]; kind?: PlatformErrorKind } | undefined;
  /** Extra throttle hints (Shopify extensions.cost.throttleStatus, Yandex 420 …): wait this long before the next call. */
  throttleHint?(status: number, body: unknown, headers: Headers): { retryAfterMs?: number } | undefined;
}

export interface PlatformHttpOptions {
  platform: PlatformId;
  partnerId: string;
  connectionId: string;
  baseUrl: string;
  auth: AuthScheme;
  /** e.g. Trendyol's User-Agent */
  defaultHeaders?: Record<string, string>;
  /** Per attempt, including reading the body; default 30_000. */
  timeoutMs?: number;
  /** default 4 */
  maxRetries?: number;
  /** Enforced per connection, shared across processes through the DB. */
  rateLimits?: RateLimitRule[];
  reader: PlatformResponseReader;
  /** Shared limiter state + call recording; without it: in-process only, no recording. */
  db?: Db;
  /** Default global fetch (tests use the real simulators, not a stub). */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Jitter, injectable for tests. */
  random?: () => number;
}

export interface HttpRequest {
  /** e.g. "getSellerAddresses": recorded, and used by contract coverage */
  operation: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Relative to baseUrl (starts with "/"), or an absolute URL (Wildberries' per-API hosts). */
  path: string;
  /** Arrays become repeated parameters (`a=1&a=2`); undefined values are left out. */
  query?: Record<string, string | number | boolean | undefined | Array<string | number>>;
  json?: unknown;
  /** Raw body (e.g. form-encoded OAuth token request) with headers["content-type"]. */
  body?: string;
  headers?: Record<string, string>;
  /**
   * Default: true for GET/PUT/DELETE, false for POST/PATCH. Only idempotent requests are retried after 5xx/timeouts
   * (429 is always retried: the platform did not act; so is a refused connection: nothing was sent).
   */
  idempotent?: boolean;
  /** Which RateLimitRule applies (default: the first rule). */
  bucket?: string;
  /** Override per request (Sentos scheme probing). */
  auth?: AuthScheme;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  retries: number;
  /** Time spent on the network, summed over attempts (waits for the limiter and for backoff excluded). */
  latencyMs: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRIES = 4;
/** Full-jitter exponential backoff: attempt n sleeps random() × min(cap, base × 2^n). */
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30_000;
/** A platform asking for a longer pause gets a rate_limited error with retryAfterMs: the job reschedules instead of holding a worker. */
const MAX_INLINE_WAIT_MS = 60_000;
const MAX_REDIRECTS = 5;
/** The bucket of a client without documented limits: still there, so server hints reach every process. */
const UNLIMITED_BUCKET = "default";

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Attempt =
  | { type: "response"; status: number; headers: Headers; text: string; bytes: number; ms: number }
  | { type: "network"; failure: NetworkFailure; ms: number };

interface Failure {
  kind: PlatformErrorKind;
  message: string;
  details?: PlatformErrorDetail[];
  status?: number;
  /** Repeating can help and is safe for this request. */
  mayRetry: boolean;
}

export class PlatformHttpClient {
  private readonly limiter: RateLimiter;
  private readonly recorder: CallRecorder | undefined;
  private readonly rules: Map<string, RateLimitRule>;
  private readonly defaultBucket: string;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;

  constructor(private readonly opts: PlatformHttpOptions) {
    const rules = opts.rateLimits ?? [];
    for (const r of rules) {
      if (!(r.requests > 0) || !(r.perSeconds > 0)) throw new Error(`Rate limit "${r.bucket}" of ${opts.platform} needs positive requests and perSeconds`);
    }
    this.rules = new Map(rules.map((r) => [r.bucket, r]));
    this.defaultBucket = rules[0]?.bucket ?? UNLIMITED_BUCKET;
    this.fetchImpl = opts.fetch ?? fetch;
    this.sleep = opts.sleep ?? realSleep;
    this.random = opts.random ?? Math.random;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxRetries = opts.maxRetries ?? DEFAULT_MAX_RETRIES;
    const memory = processBucketStore();
    this.limiter = new RateLimiter(opts.db ? new DbBucketStore(opts.db, memory) : memory, this.sleep);
    this.recorder = opts.db ? recorderFor(opts.db) : undefined;
  }

  /** Writes the api_calls rows still queued (tests, graceful shutdown). */
  async flush(): Promise<void> {
    await this.recorder?.flush();
  }

  async request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
    const { platform, connectionId } = this.opts;
    const bucketName = req.bucket ?? this.defaultBucket;
    const rule = this.rules.get(bucketName);
    if (req.bucket !== undefined && !rule) throw new Error(`${platform}: no rate limit named "${req.bucket}" (known: ${[...this.rules.keys()].join(", ") || "none"})`);
    const bucket = bucketFor(connectionId, bucketName, rule);
    const auth = req.auth ?? this.opts.auth;
    const secrets = secretsOf(auth);
    const idempotent = req.idempotent ?? (req.method === "GET" || req.method === "PUT" || req.method === "DELETE");
    const payload = req.json !== undefined ? JSON.stringify(req.json) : req.body;
    const requestBytes = payload === undefined ? 0 : Buffer.byteLength(payload);

    const startedAt = new Date();
    let retries = 0;
    let networkMs = 0;
    let status: number | undefined;
    let responseBytes = 0;
    let errorKind: string | undefined;
    try {
      const url = this.urlFor(req);
      const headers = this.headersFor(req, auth, payload !== undefined && req.json !== undefined);
      const authNames = authHeaderNames(auth);
      for (let attempt = 0; ; attempt++) {
        await this.acquire(bucket, req, status);
        const res = await this.send(url, req.method, headers, payload, authNames);
        networkMs += res.ms;

        let failure: Failure;
        let hint: number | undefined;
        if (res.type === "network") {
          status = undefined;
          const f = res.failure;
          failure = { kind: f.kind, message: f.message, mayRetry: f.retriable && (f.notSent || idempotent) };
        } else {
          status = res.status;
          responseBytes = res.bytes;
          const parsed = parseBody(res.text, res.headers.get("content-type"));
          const said = this.readError(res.status, parsed.value, res.headers);
          hint = maxDefined(throttleWaitFromHeaders(res.headers), this.readHint(res.status, parsed.value, res.headers));
          const success = res.status >= 200 && res.status < 300;
          // On a 2xx only the reader's explicit kind makes it a failure (Shopify THROTTLED with HTTP 200).
          const kind = said?.kind ?? (success ? (parsed.malformed ? "transient" : undefined) : kindForStatus(res.status));
          if (!kind) {
            if (hint) await this.limiter.block(bucket, hint);
            return { status: res.status, headers: res.headers, body: parsed.value as T, retries, latencyMs: Math.round(networkMs) };
          }
          const message =
            said?.message ??
            (success && parsed.malformed ? `${platform} answered HTTP ${res.status} with a body that is not valid JSON` : `${platform} answered HTTP ${res.status}`);
          failure = {
            kind,
            message,
            details: said?.details,
            status: res.status,
            mayRetry: kind === "rate_limited" || (kind === "transient" && idempotent),
          };
        }

        const canRetry = failure.mayRetry && attempt < this.maxRetries;
        const backoff = this.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
        if (failure.kind === "rate_limited") {
          // The pause is shared through the bucket, so every process (and this retry) waits it out once.
          const pause = Math.max(hint ?? 0, backoff);
          await this.limiter.block(bucket, pause);
          if (!canRetry || pause > MAX_INLINE_WAIT_MS) throw this.error(failure, req, secrets, pause);
        } else {
          if (hint) await this.limiter.block(bucket, hint);
          if (!canRetry) throw this.error(failure, req, secrets, hint);
          if (hint && hint > MAX_INLINE_WAIT_MS) throw this.error(failure, req, secrets, hint);
          await this.sleep(backoff);
        }
        retries++;
        log.info("platform call retrying", {
          platform,
          connectionId,
          operation: req.operation,
          attempt: attempt + 1,
          status: failure.status,
          kind: failure.kind,
        });
      }
    } catch (err) {
      errorKind = err instanceof PlatformError ? err.kind : "unexpected";
      throw err;
    } finally {
      const latencyMs = Math.round(networkMs);
      log.debug("platform call", { platform, connectionId, operation: req.operation, method: req.method, status, ok: !errorKind, errorKind, retries, latencyMs });
      this.record({
        partnerId: this.opts.partnerId,
        connectionId,
        platform,
        operation: req.operation,
        method: req.method,
        status: status ?? null,
        ok: !errorKind,
        errorKind: errorKind ?? null,
        latencyMs,
        requestBytes,
        responseBytes,
        retries,
        at: startedAt,
      });
    }
  }

  /** Queues the api_calls row; recording never fails a request. */
  private record(row: ApiCallRow) {
    try {
      this.recorder?.record(row);
    } catch (err) {
      log.warn("api call not recorded", { platform: row.platform, operation: row.operation, error: (err as Error)?.message });
    }
  }

  private async acquire(bucket: Bucket, req: HttpRequest, lastStatus: number | undefined) {
    try {
      await this.limiter.acquire(bucket, MAX_INLINE_WAIT_MS);
    } catch (err) {
      if (!(err instanceof BucketBlocked)) throw err;
      throw new PlatformError("rate_limited", `${this.opts.platform} asked to pause calls for ${Math.ceil(err.retryAfterMs / 1000)} s`, {
        status: lastStatus,
        retryAfterMs: err.retryAfterMs,
        operation: req.operation,
        platform: this.opts.platform,
      });
    }
  }

  private error(f: Failure, req: HttpRequest, secrets: string[], retryAfterMs: number | undefined) {
    return new PlatformError(f.kind, scrub(f.message, secrets), {
      status: f.status,
      details: scrubDetails(f.details, secrets),
      retryAfterMs: retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs),
      operation: req.operation,
      platform: this.opts.platform,
    });
  }

  private readError(status: number, body: unknown, headers: Headers) {
    try {
      return this.opts.reader.parseError(status, body, headers);
    } catch (err) {
      log.warn("platform reader failed on a response", { platform: this.opts.platform, status, error: (err as Error)?.message });
      return undefined;
    }
  }

  private readHint(status: number, body: unknown, headers: Headers) {
    try {
      return this.opts.reader.throttleHint?.(status, body, headers)?.retryAfterMs;
    } catch (err) {
      log.warn("platform reader failed on throttle hints", { platform: this.opts.platform, status, error: (err as Error)?.message });
      return undefined;
    }
  }

  private urlFor(req: HttpRequest): URL {
    let url: URL;
    try {
      url = /^https?:\/\//i.test(req.path)
        ? new URL(req.path)
        : new URL(this.opts.baseUrl.replace(/\/+$/, "") + (req.path.startsWith("/") ? req.path : `/${req.path}`));
    } catch {
      throw new PlatformError("unreachable", `${this.opts.platform}: the address of this connection is not a valid URL`, {
        operation: req.operation,
        platform: this.opts.platform,
      });
    }
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(v));
    }
    return url;
  }

  private headersFor(req: HttpRequest, auth: AuthScheme, isJson: boolean): Headers {
    const headers = new Headers({ accept: "application/json" });
    try {
      for (const [k, v] of Object.entries(this.opts.defaultHeaders ?? {})) headers.set(k, v);
      for (const [k, v] of Object.entries(req.headers ?? {})) headers.set(k, v);
      if (isJson && !headers.has("content-type")) headers.set("content-type", "application/json");
    } catch {
      // The Headers error quotes the value: keep it out of the message.
      throw new PlatformError("validation", `${this.opts.platform}: a request header has a value that cannot be sent`, {
        operation: req.operation,
        platform: this.opts.platform,
      });
    }
    try {
      for (const [k, v] of authHeaders(auth)) headers.set(k, v);
    } catch {
      throw new PlatformError("authentication", `${this.opts.platform}: the stored credentials contain characters that cannot be sent`, {
        operation: req.operation,
        platform: this.opts.platform,
      });
    }
    return headers;
  }

  /** One attempt: fetch with a timeout that also covers reading the body; redirects followed by hand. */
  private async send(url: URL, method: string, headers: Headers, body: string | undefined, authNames: string[]): Promise<Attempt> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const t0 = performance.now();
    let current = url;
    try {
      let m = method;
      let h = headers;
      let b = body;
      for (let hop = 0; ; hop++) {
        const res = await this.fetchImpl(current, { method: m, headers: h, body: b, signal: controller.signal, redirect: "manual" });
        const location = res.headers.get("location");
        if (res.status >= 300 && res.status < 400 && location && hop < MAX_REDIRECTS) {
          await res.body?.cancel().catch(() => undefined);
          const next = new URL(location, current);
          // Credentials never follow a redirect to another origin (a signed download URL needs none).
          if (next.origin !== current.origin && authNames.length) {
            h = new Headers(h);
            for (const name of authNames) h.delete(name);
          }
          if (res.status === 303 || ((res.status === 301 || res.status === 302) && m !== "GET")) {
            m = "GET";
            b = undefined;
            h = new Headers(h);
            h.delete("content-type");
          }
          current = next;
          continue;
        }
        const bytes = new Uint8Array(await res.arrayBuffer());
        return {
          type: "response",
          status: res.status,
          headers: res.headers,
          text: new TextDecoder().decode(bytes),
          bytes: bytes.byteLength,
          ms: performance.now() - t0,
        };
      }
    } catch (err) {
      return { type: "network", failure: classifyNetworkError(err, current.host, timedOut ? this.timeoutMs : undefined), ms: performance.now() - t0 };
    } finally {
      clearTimeout(timer);
    }
  }
}

function authHeaders(auth: AuthScheme): [string, string][] {
  switch (auth.type) {
    case "basic":
      return [["authorization", `Basic ${Buffer.from(`${auth.username}:${auth.password}`, "utf8").toString("base64")}`]];
    case "bearer":
      return [["authorization", `Bearer ${auth.token}`]];
    case "headers":
      return Object.entries(auth.headers);
    case "none":
      return [];
    default: {
      const never: never = auth;
      throw new Error(`Unknown auth scheme ${JSON.stringify((never as { type?: unknown }).type)}`);
    }
  }
}

function authHeaderNames(auth: AuthScheme): string[] {
  return authHeaders(auth).map(([k]) => k.toLowerCase());
}

/** Every value that must not appear in an error or a log line, including the forms it travels in. */
function secretsOf(auth: AuthScheme): string[] {
  const out: string[] = [];
  switch (auth.type) {
    case "basic":
      out.push(`${auth.username}:${auth.password}`, Buffer.from(`${auth.username}:${auth.password}`, "utf8").toString("base64"), auth.password, auth.username);
      break;
    case "bearer":
      out.push(auth.token);
      break;
    case "headers":
      for (const v of Object.values(auth.headers)) {
        out.push(v);
        // "Bearer x", "Token x": the platform may echo the bare token.
        const bare = /^\S+\s+(\S.*)$/.exec(v)?.[1];
        if (bare) out.push(bare);
      }
      break;
    case "none":
      break;
  }
  // Longest first, so a secret containing another is replaced whole.
  return out.sort((a, b) => b.length - a.length);
}

function parseBody(text: string, contentType: string | null): { value: unknown; malformed: boolean } {
  if (text === "") return { value: undefined, malformed: false };
  const declaredJson = /(^|[/+])json\s*(;|$)/i.test(contentType ?? "");
  const startsLikeJson = /^\s*[[{]/.test(text);
  if (!declaredJson && !(contentType === null && startsLikeJson)) {
    if (!startsLikeJson) return { value: text, malformed: false };
    try {
      return { value: JSON.parse(text), malformed: false };
    } catch {
      return { value: text, malformed: false };
    }
  }
  try {
    return { value: JSON.parse(text), malformed: false };
  } catch {
    return { value: text, malformed: true };
  }
}

function maxDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined || !(a > 0)) return b !== undefined && b > 0 ? b : undefined;
  if (b === undefined || !(b > 0)) return a;
  return Math.max(a, b);
}
