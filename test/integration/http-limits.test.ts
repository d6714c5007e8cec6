import crypto from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCalls, partners, rateLimitBuckets } from "@/db/schema";
import { noFaults, type SimRequest, type SimResponse, type Simulator } from "@/server/sandbox/framework";
import { startSandboxServer, type SandboxServer } from "@/server/sandbox/server";
import { resetEnvForTests } from "@/server/env";
import { setLogSink } from "@/server/log";
import { PlatformError } from "@/server/platforms/errors";
import { PlatformHttpClient, type PlatformHttpOptions, type PlatformResponseReader } from "@/server/platforms/http";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

/**
 * The limiter shared through rate_limit_buckets, and the api_calls log, against a real local server:
 * the simulator notes when each call arrives, per connection (the X-Conn header), and answers 429s on request.
 */
class CountingSimulator implements Simulator {
  platform = "wildberries" as const;
  faults = noFaults();
  arrivals = new Map<string, number[]>();
  /** The next N calls of a connection get 429 Retry-After: 1. */
  limitNext = new Map<string, number>();
  async handle(req: SimRequest): Promise<SimResponse> {
    const conn = req.headers.get("x-conn") ?? "?";
    const list = this.arrivals.get(conn) ?? [];
    list.push(performance.now());
    this.arrivals.set(conn, list);
    if (req.path === "/denied") return { status: 401, json: { title: "unauthorized", detail: "token is invalid" } };
    const left = this.limitNext.get(conn) ?? 0;
    if (left > 0) {
      this.limitNext.set(conn, left - 1);
      return { status: 429, headers: { "retry-after": "1" }, json: { title: "too many requests", detail: "limited" } };
    }
    return { status: 200, json: { ok: true } };
  }
  rateLimited(): SimResponse {
    return { status: 429, json: { title: "too many requests" } };
  }
  serverError(): SimResponse {
    return { status: 500, json: { title: "internal error" } };
  }
  reset() {
    this.arrivals.clear();
    this.limitNext.clear();
  }
}

/** Wildberries' problem+json: {title, detail}. */
const reader: PlatformResponseReader = {
  parseError(_status, body) {
    const b = body as { title?: string; detail?: string } | undefined;
    return b?.detail || b?.title ? { message: b.detail ?? b.title ?? "" } : undefined;
  },
};

const RULE = { bucket: "content", requests: 5, perSeconds: 1 };

let t: TestDatabase;
let server: SandboxServer;
let sim: CountingSimulator;
let partnerId: string;
const logLines: string[] = [];

function client(connectionId: string, extra: Partial<PlatformHttpOptions> = {}) {
  return new PlatformHttpClient({
    platform: "wildberries",
    partnerId,
    connectionId,
    baseUrl: server.baseUrl("wildberries"),
    auth: { type: "headers", headers: { Authorization: "wb-token-SECRET" } },
    defaultHeaders: { "X-Conn": connectionId },
    rateLimits: [RULE],
    reader,
    db: t.db,
    random: () => 0.5,
    ...extra,
  });
}

/** A sleep that records what it was asked to wait and returns at once. */
function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

const previousLogLevel = process.env.LOG_LEVEL;
beforeAll(async () => {
  t = await createTestDatabase();
  const [p] = await t.db.insert(partners).values({ name: "Limits Ltd" }).returning();
  partnerId = p!.id;
  sim = new CountingSimulator();
  server = await startSandboxServer({ simulators: [sim] });
  process.env.LOG_LEVEL = "warn";
  resetEnvForTests();
  setLogSink((line) => logLines.push(line));
});
afterAll(async () => {
  setLogSink(undefined);
  process.env.LOG_LEVEL = previousLogLevel;
  resetEnvForTests();
  await server?.close();
  await t?.close();
});

describe("the rate limiter shared through the database", () => {
  it("keeps two clients (two processes) on one connection within 5 calls per second at the server, and does not slow another connection", async () => {
    const conn = crypto.randomUUID();
    const other = crypto.randomUUID();
    const a = client(conn);
    const b = client(conn);
    const otherWaits: number[] = [];
    const c = client(other, { sleep: async (ms) => void otherWaits.push(ms) });

    // The first fetch of a process loads the HTTP stack (~100 ms); that is noise, not what is measured here.
    await client(crypto.randomUUID()).request({ operation: "warmUp", method: "GET", path: "/cards" });

    const calls = Array.from({ length: 15 }, (_, i) => (i % 2 ? a : b).request({ operation: "listCards", method: "GET", path: "/cards" }));
    // Sent while the first connection's queue is full.
    const otherCall = c.request({ operation: "listCards", method: "GET", path: "/cards" });
    const results = await Promise.all([...calls, otherCall]);
    expect(results.every((r) => r.status === 200 && r.retries === 0)).toBe(true);

    const times = sim.arrivals.get(conn)!;
    expect(times).toHaveLength(15);
    times.sort((x, y) => x - y);
    for (const start of times) {
      const inWindow = times.filter((x) => x >= start && x < start + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(5);
    }
    // The other connection's bucket was empty of waiters: its call was never held.
    expect(otherWaits).toEqual([]);
    expect(sim.arrivals.get(other)).toHaveLength(1);

    const [row] = await t.db.select().from(rateLimitBuckets).where(eq(rateLimitBuckets.key, `${conn}:content`));
    expect(row).toBeDefined();
  });

  it("lets a sliding-window limit go in groups: 5 at once, the next 5 a full window (plus allowance) later, shared by two clients", async () => {
    const conn = crypto.randomUUID();
    const burstRule = { ...RULE, burst: true };
    const { waits, sleep } = recordingSleep();
    const a = client(conn, { rateLimits: [burstRule], sleep });
    const b = client(conn, { rateLimits: [burstRule], sleep });
    for (let i = 0; i < 15; i++) await (i % 2 ? a : b).request({ operation: "listCards", method: "GET", path: "/cards" });
    // The recording sleep returns at once, so each wait is the reserved slot's distance from "now".
    expect(waits).toHaveLength(10);
    for (const w of waits.slice(0, 5)) {
      expect(w).toBeGreaterThan(1000);
      expect(w).toBeLessThanOrEqual(1250);
    }
    for (const w of waits.slice(5)) {
      expect(w).toBeGreaterThan(2000);
      expect(w).toBeLessThanOrEqual(2500);
    }
  });

  it("a server hint (429 Retry-After: 1) seen by one client holds the other client too, but not another connection", async () => {
    const conn = crypto.randomUUID();
    const other = crypto.randomUUID();
    sim.limitNext.set(conn, 1);
    const first = recordingSleep();
    const res = await client(conn, { sleep: first.sleep }).request({ operation: "updateCards", method: "POST", path: "/cards/update", json: { cards: [1, 2] } });
    expect(res.retries).toBe(1);
    expect(first.waits).toHaveLength(1);
    expect(first.waits[0]).toBeGreaterThan(900);

    const [row] = await t.db.select().from(rateLimitBuckets).where(eq(rateLimitBuckets.key, `${conn}:content`));
    expect(row!.blockedUntil).not.toBeNull();

    // A second process: it learns of the block only from the database.
    const second = recordingSleep();
    await client(conn, { sleep: second.sleep }).request({ operation: "listCards", method: "GET", path: "/cards" });
    expect(second.waits).toHaveLength(1);
    expect(second.waits[0]).toBeGreaterThan(900);

    const third = recordingSleep();
    await client(other, { sleep: third.sleep }).request({ operation: "listCards", method: "GET", path: "/cards" });
    expect(third.waits).toEqual([]);
  });
});

describe("bucket state written by another process", () => {
  it("a queue of reservations in the table puts this client's call behind it", async () => {
    const conn = crypto.randomUUID();
    // Another process has reserved the next three slots: 1 token − 4 takes.
    await t.db.insert(rateLimitBuckets).values({ key: `${conn}:content`, tokens: -3, updatedAt: sql`statement_timestamp()` });
    const { waits, sleep } = recordingSleep();
    await client(conn, { sleep }).request({ operation: "listCards", method: "GET", path: "/cards" });
    // Fourth slot from now at 5 per (1 s + 250 ms allowance): 4 × 250 ms.
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(900);
    expect(waits[0]).toBeLessThanOrEqual(1000);
  });

  it("a blockedUntil set by another process holds this client, and a long one fails fast with retryAfterMs", async () => {
    const conn = crypto.randomUUID();
    await t.db.insert(rateLimitBuckets).values({ key: `${conn}:content`, tokens: 1, blockedUntil: sql`statement_timestamp() + interval '5 seconds'` });
    const { waits, sleep } = recordingSleep();
    await client(conn, { sleep }).request({ operation: "listCards", method: "GET", path: "/cards" });
    expect(waits[0]).toBeGreaterThan(4500);

    const long = crypto.randomUUID();
    await t.db.insert(rateLimitBuckets).values({ key: `${long}:content`, tokens: 1, blockedUntil: sql`statement_timestamp() + interval '10 minutes'` });
    const err = (await client(long).request({ operation: "listCards", method: "GET", path: "/cards" }).catch((e: unknown) => e)) as PlatformError;
    expect(err.kind).toBe("rate_limited");
    expect(err.opts.retryAfterMs).toBeGreaterThan(590_000);
    expect(sim.arrivals.get(long)).toBeUndefined();
    // Refused without taking a slot: the stored tokens are unchanged.
    const [row] = await t.db.select().from(rateLimitBuckets).where(eq(rateLimitBuckets.key, `${long}:content`));
    expect(row!.tokens).toBe(1);
  });
});

describe("api_calls", () => {
  it("gets one row per logical call with its retries, latency, bytes, status and ok flag, and never headers or bodies", async () => {
    const conn = crypto.randomUUID();
    sim.limitNext.set(conn, 1);
    const { sleep } = recordingSleep();
    const c = client(conn, { sleep });
    await c.request({ operation: "updateCards", method: "POST", path: "/cards/update", json: { cards: [1, 2, 3] } });
    const err = await c.request({ operation: "ping", method: "GET", path: "/denied" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect((err as PlatformError).kind).toBe("authentication");
    expect((err as PlatformError).message).toBe("token is invalid");
    await c.flush();

    const rows = await t.db.select().from(apiCalls).where(eq(apiCalls.connectionId, conn)).orderBy(apiCalls.id);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      partnerId,
      platform: "wildberries",
      operation: "updateCards",
      method: "POST",
      status: 200,
      ok: true,
      errorKind: null,
      retries: 1,
      requestBytes: Buffer.byteLength(JSON.stringify({ cards: [1, 2, 3] })),
      responseBytes: Buffer.byteLength(JSON.stringify({ ok: true })),
    });
    expect(rows[0]!.latencyMs).toBeGreaterThanOrEqual(0);
    expect(rows[1]).toMatchObject({ operation: "ping", method: "GET", status: 401, ok: false, errorKind: "authentication", retries: 0 });

    const dump = JSON.stringify(await t.db.execute(sql`select * from api_calls`));
    expect(dump).not.toContain("wb-token-SECRET");
  });

  it("a call whose record cannot be written still succeeds; the failure is logged", async () => {
    const conn = crypto.randomUUID();
    const orphan = client(conn, { partnerId: crypto.randomUUID() }); // no such partner: the insert breaks its foreign key
    const res = await orphan.request({ operation: "listCards", method: "GET", path: "/cards" });
    expect(res.status).toBe(200);
    await orphan.flush();
    expect(logLines.some((l) => l.includes("api call not recorded"))).toBe(true);
    expect(await t.db.select().from(apiCalls).where(eq(apiCalls.connectionId, conn))).toEqual([]);
    for (const line of logLines) expect(line).not.toContain("wb-token-SECRET");
  });
});
