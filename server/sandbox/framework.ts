import type { PlatformId } from "@/server/platforms/types";

/** A request as a simulator sees it: path relative to the simulator's base (`/sandbox/<platform>`). */
export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  rawBody: string;
  /** Parsed JSON when the body is JSON, else undefined. */
  json: unknown;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON body (serialised by the server) … */
  json?: unknown;
  /** … or a raw body, e.g. for malformed-body faults. */
  text?: string;
}

/** Switches tests and the cabinet's sandbox use to make a simulator misbehave the way real platforms do. */
export interface Faults {
  /** Added delay before every answer. */
  latencyMs: number;
  /** The next N requests get the platform's own rate-limit answer. */
  rateLimitStorm: number;
  /** The next N requests get a 5xx. */
  serverErrors: number;
  /** The next N requests never answer (the client must time out). */
  timeouts: number;
  /** The next N requests get a truncated, unparsable body with status 200. */
  malformedBodies: number;
  /** Share (0..1) of batch items that fail validation. */
  partialBatchFailureRate: number;
  /** Webhook deliveries sent twice. */
  duplicateWebhooks: boolean;
  /** Webhook deliveries sent in reverse order. */
  outOfOrderWebhooks: boolean;
}

export const noFaults = (): Faults => ({
  latencyMs: 0,
  rateLimitStorm: 0,
  serverErrors: 0,
  timeouts: 0,
  malformedBodies: 0,
  partialBatchFailureRate: 0,
  duplicateWebhooks: false,
  outOfOrderWebhooks: false,
});

/** One request/response pair, handed to observers (the contract checker in tests, the sandbox log in dev). */
export interface Exchange {
  platform: PlatformId;
  /** The simulator's name for the operation, e.g. "createProducts"; undefined for unknown routes. */
  operation?: string;
  request: SimRequest;
  response: SimResponse;
}

export interface Simulator {
  platform: PlatformId;
  faults: Faults;
  /** Answers one request; the server applies latency/timeouts/5xx/malformed faults around it. */
  handle(req: SimRequest): Promise<SimResponse & { operation?: string }>;
  /** The platform's own rate-limit answer (429 with its body, Yandex 420, Shopify THROTTLED …). */
  rateLimited(req: SimRequest): SimResponse;
  /** The platform's own server-error answer. */
  serverError(req: SimRequest): SimResponse;
  /** Forget all state (accounts keep their seed data). */
  reset(): void;
}

export interface Route<S> {
  method: string;
  /** Path pattern with `:params`, e.g. `/product/sellers/:sellerId/v2/products`. */
  pattern: string;
  operation: string;
  handler: (req: SimRequest & { params: Record<string, string> }, state: S) => SimResponse | Promise<SimResponse>;
}

/** Matches a route table; the first match wins. */
export function matchRoute<S>(routes: Route<S>[], method: string, path: string) {
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = matchPattern(route.pattern, path);
    if (params) return { route, params };
  }
  return undefined;
}

export function matchPattern(pattern: string, path: string): Record<string, string> | undefined {
  const p = pattern.split("/").filter(Boolean);
  const a = path.split("/").filter(Boolean);
  if (p.length !== a.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    if (seg.startsWith(":")) params[seg.slice(1)] = decodeURIComponent(a[i]!);
    else if (seg !== a[i]) return undefined;
  }
  return params;
}

/**
 * A sliding-window limiter the way platforms count: at most `requests` per `windowMs` per key.
 * Returns the milliseconds until the next request would be allowed (0 = allowed now, and counted).
 */
export class WindowLimiter {
  private hits = new Map<string, number[]>();
  constructor(
    readonly requests: number,
    readonly windowMs: number,
    private now: () => number = Date.now,
  ) {}
  take(key: string): number {
    const t = this.now();
    const list = (this.hits.get(key) ?? []).filter((x) => x > t - this.windowMs);
    if (list.length >= this.requests) {
      this.hits.set(key, list);
      return list[0]! + this.windowMs - t;
    }
    list.push(t);
    this.hits.set(key, list);
    return 0;
  }
  reset() {
    this.hits.clear();
  }
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): SimResponse => ({ status, json: body, headers });
