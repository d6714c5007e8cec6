import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { noFaults, type SimRequest, type SimResponse, type Simulator } from "@/server/sandbox/framework";
import { startSandboxServer, type SandboxServer } from "@/server/sandbox/server";
import { resetEnvForTests } from "@/server/env";
import { setLogSink } from "@/server/log";
import { PlatformError } from "@/server/platforms/errors";
import { PlatformHttpClient, type AuthScheme, type PlatformHttpOptions, type PlatformResponseReader } from "@/server/platforms/http";
import { parseRetryAfter, throttleWaitFromHeaders } from "@/server/platforms/http/hints";

/** A simulator that answers from a script per path, then echoes; it remembers every request it answered. */
class ScriptedSimulator implements Simulator {
  platform = "trendyol" as const;
  faults = noFaults();
  requests: SimRequest[] = [];
  arrivals: { path: string; at: number }[] = [];
  private scripts = new Map<string, SimResponse[]>();
  script(path: string, ...answers: SimResponse[]) {
    this.scripts.set(path, answers);
  }
  hits(path: string) {
    return this.requests.filter((r) => r.path === path).length;
  }
  async handle(req: SimRequest) {
    this.requests.push(req);
    this.arrivals.push({ path: req.path, at: performance.now() });
    const next = this.scripts.get(req.path)?.shift();
    return next ?? { status: 200, json: { ok: true, path: req.path, query: req.query.toString() } };
  }
  rateLimited(): SimResponse {
    return { status: 429, json: { errors: [{ key: "too.many.requests", message: "Too many requests" }] } };
  }
  serverError(): SimResponse {
    return { status: 503, json: { errors: [{ key: "service.unavailable", message: "Service unavailable" }] } };
  }
  reset() {
    this.requests = [];
    this.arrivals = [];
    this.scripts.clear();
  }
}

/** Trendyol's error shape: {"errors":[{"key","message","errorCode"}]}. */
const reader: PlatformResponseReader = {
  parseError(_status, body) {
    const errors = (body as { errors?: { key?: string; message?: string }[] } | undefined)?.errors;
    if (!Array.isArray(errors) || !errors.length) return undefined;
    return {
      message: errors.map((e) => e.message ?? e.key ?? "error").join("; "),
      details: errors.map((e) => ({ code: e.key, message: e.message ?? "" })),
      kind: errors.some((e) => e.key === "THROTTLED") ? "rate_limited" : undefined,
    };
  },
  throttleHint(_status, body) {
    const wait = (body as { extensions?: { waitMs?: number } } | undefined)?.extensions?.waitMs;
    return wait ? { retryAfterMs: wait } : undefined;
  },
};

const SECRETS = {
  user: "key-AAAA1111",
  pass: "secret-BBBB2222",
  header: "tok-CCCC3333",
  bearer: "bear-DDDD4444",
};
const BASIC_B64 = Buffer.from(`${SECRETS.user}:${SECRETS.pass}`).toString("base64");
const ALL_SECRETS = [...Object.values(SECRETS), BASIC_B64];

let server: SandboxServer;
let sim: ScriptedSimulator;
const logLines: string[] = [];
let connectionSeq = 0;

function client(overrides: Partial<PlatformHttpOptions> & { sleeps?: number[] } = {}) {
  const sleeps = overrides.sleeps;
  return new PlatformHttpClient({
    platform: "trendyol",
    partnerId: "00000000-0000-4000-8000-000000000001",
    // Each client its own connection, so no test inherits another's bucket.
    connectionId: `00000000-0000-4000-8000-${String(++connectionSeq).padStart(12, "0")}`,
    baseUrl: server.baseUrl("trendyol"),
    auth: { type: "basic", username: SECRETS.user, password: SECRETS.pass },
    defaultHeaders: { "User-Agent": "123456 - SelfIntegration" },
    reader,
    timeoutMs: 2_000,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps?.push(ms);
    },
    ...overrides,
  });
}

async function failure(p: Promise<unknown>): Promise<PlatformError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(PlatformError);
    return err as PlatformError;
  }
  throw new Error("expected the request to fail");
}

function expectNoSecrets(text: string) {
  for (const s of ALL_SECRETS) expect(text).not.toContain(s);
}

const previousLogLevel = process.env.LOG_LEVEL;
beforeAll(async () => {
  sim = new ScriptedSimulator();
  server = await startSandboxServer({ simulators: [sim] });
  process.env.LOG_LEVEL = "debug";
  resetEnvForTests();
  setLogSink((line) => logLines.push(line));
});
afterEach(() => {
  sim.reset();
  Object.assign(sim.faults, noFaults());
});
afterAll(async () => {
  setLogSink(undefined);
  process.env.LOG_LEVEL = previousLogLevel;
  resetEnvForTests();
  await server?.close();
  // Every line any test wrote, including retries and failures, is free of credentials.
  expect(logLines.length).toBeGreaterThan(0);
  for (const line of logLines) expectNoSecrets(line);
});

describe("PlatformHttpClient: what goes on the wire", () => {
  it("sends Basic auth, the platform's default headers, JSON and query parameters", async () => {
    const res = await client().request<{ ok: boolean }>({
      operation: "createProducts",
      method: "POST",
      path: "/product/sellers/123456/v2/products",
      query: { page: 2, size: 50, approved: true, skip: undefined, ids: [1, 2] },
      json: { items: [{ barcode: "B1" }] },
    });
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
    expect(res.retries).toBe(0);
    const seen = sim.requests[0]!;
    expect(seen.headers.get("authorization")).toBe(`Basic ${BASIC_B64}`);
    expect(seen.headers.get("user-agent")).toBe("123456 - SelfIntegration");
    expect(seen.headers.get("accept")).toBe("application/json");
    expect(seen.headers.get("content-type")).toBe("application/json");
    expect(seen.json).toEqual({ items: [{ barcode: "B1" }] });
    expect(seen.query.toString()).toBe("page=2&size=50&approved=true&ids=1&ids=2");
  });

  it("sends header auth (Ozon's Client-Id + Api-Key) and bearer auth, and a per-request override", async () => {
    const headers: AuthScheme = { type: "headers", headers: { "Client-Id": "777", "Api-Key": SECRETS.header } };
    await client({ auth: headers }).request({ operation: "listProducts", method: "POST", path: "/v3/product/list", json: {} });
    expect(sim.requests[0]!.headers.get("client-id")).toBe("777");
    expect(sim.requests[0]!.headers.get("api-key")).toBe(SECRETS.header);
    expect(sim.requests[0]!.headers.get("authorization")).toBeNull();

    await client({ auth: { type: "bearer", token: SECRETS.bearer } }).request({ operation: "ping", method: "GET", path: "/ping" });
    expect(sim.requests[1]!.headers.get("authorization")).toBe(`Bearer ${SECRETS.bearer}`);

    await client().request({ operation: "probe", method: "GET", path: "/products", auth: { type: "headers", headers: { Authorization: `Token ${SECRETS.header}` } } });
    expect(sim.requests[2]!.headers.get("authorization")).toBe(`Token ${SECRETS.header}`);
  });

  it("keeps credentials out of errors even when the platform echoes them", async () => {
    sim.script("/echo-secret", { status: 401, json: { errors: [{ key: "auth", message: `Invalid key ${SECRETS.user} / ${SECRETS.pass} (${BASIC_B64})` }] } });
    const err = await failure(client().request({ operation: "getBrands", method: "GET", path: "/echo-secret" }));
    expect(err.kind).toBe("authentication");
    expect(err.message).toContain("Invalid key [redacted]");
    expectNoSecrets(err.message);
    expectNoSecrets(JSON.stringify(err.details));
    expectNoSecrets(String(err.stack));
  });
});

describe("PlatformHttpClient: failures become typed errors", () => {
  it("401 → authentication, with the platform's own message", async () => {
    sim.script("/addresses", { status: 401, json: { errors: [{ key: "ClientApiAuthenticationException", message: "Authentication failed" }] } });
    const err = await failure(client().request({ operation: "getSellerAddresses", method: "GET", path: "/addresses" }));
    expect(err.kind).toBe("authentication");
    expect(err.message).toBe("Authentication failed");
    expect(err.status).toBe(401);
    expect(err.opts.operation).toBe("getSellerAddresses");
    expect(sim.hits("/addresses")).toBe(1);
  });

  it("400 → validation, with the platform's details", async () => {
    sim.script("/products", {
      status: 400,
      json: { errors: [{ key: "invalid.barcode", message: "Barcode is invalid" }, { key: "missing.brand", message: "Brand is required" }] },
    });
    const err = await failure(client().request({ operation: "createProducts", method: "POST", path: "/products", json: { items: [] } }));
    expect(err.kind).toBe("validation");
    expect(err.details).toEqual([
      { code: "invalid.barcode", message: "Barcode is invalid" },
      { code: "missing.brand", message: "Brand is required" },
    ]);
  });

  it("403, 404 and 409 map to permission, not_found and validation; an unknown error body gets a generic message", async () => {
    sim.script("/a", { status: 403, text: "Forbidden" });
    sim.script("/b", { status: 404, json: {} });
    sim.script("/c", { status: 409, json: { errors: [{ key: "conflict", message: "Duplicate" }] } });
    expect((await failure(client().request({ operation: "a", method: "GET", path: "/a" }))).kind).toBe("permission");
    const notFound = await failure(client().request({ operation: "b", method: "GET", path: "/b" }));
    expect(notFound.kind).toBe("not_found");
    expect(notFound.message).toBe("trendyol answered HTTP 404");
    expect((await failure(client().request({ operation: "c", method: "PUT", path: "/c" }))).kind).toBe("validation");
  });

  it("a timeout is transient after every retry", async () => {
    sim.faults.timeouts = 5;
    const sleeps: number[] = [];
    const err = await failure(client({ timeoutMs: 150, maxRetries: 2, sleeps }).request({ operation: "getOrders", method: "GET", path: "/orders" }));
    expect(err.kind).toBe("transient");
    expect(err.message).toContain("within 150 ms");
    expect(sim.faults.timeouts).toBe(2); // 1 try + 2 retries reached the server
    expect(sleeps).toHaveLength(2);
  });

  it("503 then 200 on a GET succeeds with one retry", async () => {
    sim.script("/orders", { status: 503, json: { errors: [{ key: "unavailable", message: "Try later" }] } });
    const res = await client().request({ operation: "getOrders", method: "GET", path: "/orders" });
    expect(res.status).toBe(200);
    expect(res.retries).toBe(1);
    expect(sim.hits("/orders")).toBe(2);
  });

  it("503 on a POST is not repeated (the platform may have acted) unless the adapter says it is idempotent", async () => {
    sim.script("/batch", { status: 503, json: { errors: [{ key: "unavailable", message: "Try later" }] } });
    const err = await failure(client().request({ operation: "updatePriceAndInventory", method: "POST", path: "/batch", json: { items: [] } }));
    expect(err.kind).toBe("transient");
    expect(err.message).toBe("Try later");
    expect(sim.hits("/batch")).toBe(1);

    sim.script("/query", { status: 502, text: "Bad gateway" });
    const res = await client().request({ operation: "listCards", method: "POST", path: "/query", json: {}, idempotent: true });
    expect(res.retries).toBe(1);
  });

  it("429 with Retry-After: 1 waits that second (once), then succeeds", async () => {
    sim.script("/stock", { status: 429, headers: { "retry-after": "1" }, json: { errors: [{ key: "too.many.requests", message: "Too many" }] } });
    const sleeps: number[] = [];
    const res = await client({ sleeps, random: () => 0.1 }).request({ operation: "updatePriceAndInventory", method: "POST", path: "/stock", json: {} });
    expect(res.status).toBe(200);
    expect(res.retries).toBe(1);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(900);
    expect(sleeps[0]).toBeLessThanOrEqual(1000);
    expect(sim.hits("/stock")).toBe(2); // a POST, yet repeated: a 429 means the platform did not act
  });

  it("429 retries stop at maxRetries and the error carries retryAfterMs", async () => {
    sim.script("/busy", ...Array.from({ length: 5 }, () => ({ status: 429, headers: { "retry-after": "2" }, json: {} })));
    const err = await failure(client({ maxRetries: 2 }).request({ operation: "busy", method: "GET", path: "/busy" }));
    expect(err.kind).toBe("rate_limited");
    expect(err.opts.retryAfterMs).toBe(2000);
    expect(sim.hits("/busy")).toBe(3);
  });

  it("a pause longer than a minute is not waited inline: rate_limited with retryAfterMs at once", async () => {
    sim.script("/hour", { status: 429, headers: { "retry-after": "3600" }, json: {} });
    const sleeps: number[] = [];
    const c = client({ sleeps });
    const err = await failure(c.request({ operation: "hour", method: "GET", path: "/hour" }));
    expect(err.kind).toBe("rate_limited");
    expect(err.opts.retryAfterMs).toBe(3_600_000);
    expect(sleeps).toEqual([]);
    // The next call on the same bucket does not go out either.
    const again = await failure(c.request({ operation: "hour", method: "GET", path: "/other" }));
    expect(again.kind).toBe("rate_limited");
    expect(sim.hits("/other")).toBe(0);
  });

  it("a 429 seen by one call moves the calls already queued in this process behind the pause", async () => {
    sim.script("/queued", { status: 429, headers: { "retry-after": "1" }, json: {} });
    const c = client({ sleep: undefined, rateLimits: [{ bucket: "any", requests: 5, perSeconds: 1 }] });
    const results = await Promise.all([0, 1, 2].map(() => c.request({ operation: "queued", method: "GET", path: "/queued" })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const [limited, ...rest] = sim.arrivals;
    expect(rest).toHaveLength(3);
    for (const a of rest) expect(a.at - limited!.at).toBeGreaterThan(900);
  });

  it("Shopify-style THROTTLED in a 200 is rate_limited and honours the reader's hint", async () => {
    sim.script("/graphql.json", { status: 200, json: { errors: [{ key: "THROTTLED", message: "Throttled" }], extensions: { waitMs: 1500 } } });
    const sleeps: number[] = [];
    const res = await client({ sleeps }).request({ operation: "productSet", method: "POST", path: "/graphql.json", json: { query: "{}" } });
    expect(res.retries).toBe(1);
    expect(sleeps[0]).toBeGreaterThan(1400);
  });

  it("Yandex Market's 420 is rate_limited", async () => {
    sim.script("/offers", { status: 420, json: { status: "ERROR" } });
    const err = await failure(client({ maxRetries: 0 }).request({ operation: "offers", method: "POST", path: "/offers", json: {} }));
    expect(err.kind).toBe("rate_limited");
  });

  it("ShipStation's X-Rate-Limit-Remaining: 0 holds the next call until the reset", async () => {
    sim.script("/orders", { status: 200, headers: { "x-rate-limit-remaining": "0", "x-rate-limit-reset": "2" }, json: { orders: [] } });
    const sleeps: number[] = [];
    const c = client({ sleeps });
    await c.request({ operation: "listOrders", method: "GET", path: "/orders" });
    expect(sleeps).toEqual([]);
    await c.request({ operation: "listOrders", method: "GET", path: "/orders" });
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(1900);
  });

  it("a truncated JSON body on a GET is transient and retried", async () => {
    sim.faults.malformedBodies = 1;
    const res = await client().request<{ ok: boolean }>({ operation: "getOrders", method: "GET", path: "/orders" });
    expect(res.retries).toBe(1);
    expect(res.body.ok).toBe(true);
  });

  it("connection refused → unreachable", async () => {
    const port = await closedPort();
    const sleeps: number[] = [];
    const err = await failure(client({ baseUrl: `http://127.0.0.1:${port}/integration`, maxRetries: 1, sleeps }).request({ operation: "ping", method: "POST", path: "/ping", json: {} }));
    expect(err.kind).toBe("unreachable");
    expect(err.message).toBe(`Cannot reach 127.0.0.1:${port}: connection refused`);
    expect(sleeps).toHaveLength(1); // nothing was sent, so even a POST is tried again
  });

  it("follows a redirect to another host without the credentials", async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const other = http.createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { "content-type": "application/json" }).end('{"file":true}');
    });
    await new Promise<void>((r) => other.listen(0, "127.0.0.1", r));
    try {
      const target = `http://127.0.0.1:${(other.address() as AddressInfo).port}/result.jsonl`;
      sim.script("/bulk", { status: 302, headers: { location: target } });
      const res = await client({ auth: { type: "headers", headers: { "X-Shopify-Access-Token": SECRETS.header } } }).request<{ file: boolean }>({
        operation: "bulkResult",
        method: "GET",
        path: "/bulk",
      });
      expect(res.body.file).toBe(true);
      expect(seen).toHaveLength(1);
      expect(seen[0]!["x-shopify-access-token"]).toBeUndefined();
      expect(seen[0]!["user-agent"]).toBe("123456 - SelfIntegration");
    } finally {
      await new Promise((r) => other.close(r));
    }
  });
});

describe("throttle hints in headers", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfter("2", now)).toBe(2000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
  });
  it("waits for the reset only once a quota is spent", () => {
    const h = (o: Record<string, string>) => throttleWaitFromHeaders(new Headers(o), now);
    expect(h({ "X-RateLimit-Remaining": "3", "X-RateLimit-Reset": "10" })).toBeUndefined();
    expect(h({ "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "10" })).toBe(10_000);
    expect(h({ "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": String(now / 1000 + 7) })).toBe(7000); // epoch seconds
    expect(h({ "X-Rate-Limit-Remaining": "0", "X-Rate-Limit-Reset": "30" })).toBe(30_000); // ShipStation v1
    expect(h({ "X-RateLimit-Resource-Remaining": "0", "X-RateLimit-Resource-Until": "2026-01-01T00:01:00Z" })).toBe(60_000); // Yandex
    expect(h({ "X-RateLimit-Remaining": "0", "X-RateLimit-Replenish-Rate": "4" })).toBe(250); // Uzum
    expect(h({ "X-Ratelimit-Retry": "3", "X-Ratelimit-Remaining": "0", "X-Ratelimit-Reset": "60" })).toBe(3000); // Wildberries: the explicit wait wins
    expect(h({ "Retry-After": "0" })).toBeUndefined();
  });
});

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}
