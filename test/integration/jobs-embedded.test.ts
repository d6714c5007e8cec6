import { and, eq, sql } from "drizzle-orm";
import { eventType } from "inngest";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { connections, jobs, jobSteps, partners } from "@/db/schema";
import { defineJob, NonRetriableError } from "@/server/jobs/define";
import { enqueueFunction } from "@/server/jobs/enqueue";
import { jobEventData } from "@/server/jobs/events";
import { getJob, listJobs } from "@/server/jobs/queries";
import { backoffDelay, startEmbeddedRunner, type EmbeddedRunner, type EmbeddedRunnerOptions } from "@/server/jobs/runtime/embedded";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const testEvent = eventType("kervan/test.job", { schema: jobEventData });

let t: TestDatabase;
let partnerId: string;
let otherPartnerId: string;
let connA: string;
let connB: string;
const runners: EmbeddedRunner[] = [];

/** A frozen clock ahead of the database's (so new jobs are due), moved forward by hand (no waiting for backoff). */
let nowMs = 0;
const clock = () => new Date(nowMs);

function runner(functions: EmbeddedRunnerOptions["functions"], extra: Partial<EmbeddedRunnerOptions> = {}) {
  const r = startEmbeddedRunner(t.db, { functions, pollMs: 60_000, workerId: `test-${runners.length}`, now: clock, ...extra });
  runners.push(r);
  return r;
}

async function jobRow(jobId: string) {
  const [row] = await t.db.select().from(jobs).where(eq(jobs.id, jobId));
  return row!;
}

/** Drains, then jumps the clock to the job's next try, until the job is finished. */
async function runToEnd(r: EmbeddedRunner, jobId: string) {
  for (let i = 0; i < 20; i++) {
    await r.drain();
    const row = await jobRow(jobId);
    if (["succeeded", "failed", "cancelled"].includes(row.state)) return row;
    nowMs = Math.max(nowMs, row.runAfter.getTime()) + 1;
  }
  throw new Error("job did not finish");
}

async function waitUntil(cond: () => boolean, maxMs = 2000) {
  const start = Date.now();
  while (!cond() && Date.now() - start < maxMs) await new Promise((r) => setTimeout(r, 5));
}

beforeAll(async () => {
  t = await createTestDatabase();
  nowMs = Date.now() + 60_000;
  const [p, o] = await t.db.insert(partners).values([{ name: "Jobs Ltd" }, { name: "Other Ltd" }]).returning();
  partnerId = p!.id;
  otherPartnerId = o!.id;
  const [a, b] = await t.db
    .insert(connections)
    .values([
      { partnerId, platform: "trendyol", name: "Shop A" },
      { partnerId, platform: "shopify", name: "Shop B" },
    ])
    .returning();
  connA = a!.id;
  connB = b!.id;
});

afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
  nowMs = Date.now() + 60_000;
});

afterAll(async () => {
  await t?.close();
});

describe("embedded runner", () => {
  it("claims a job enqueued within the same millisecond as the claim (database microseconds vs. clock milliseconds)", async () => {
    const quick = defineJob({ id: "test-same-ms", event: testEvent, retries: 0, handler: async () => ({ ok: true }) });
    const { jobId } = await enqueueFunction(t.db, quick, { partnerId, connectionId: connA }, { runtime: "embedded" });
    // run_after 456 µs into the very millisecond the runner's clock reads.
    nowMs = Date.parse("2030-01-01T00:00:00.000Z");
    await t.db.execute(sql`update jobs set run_after = '2030-01-01T00:00:00.000456Z'::timestamptz where id = ${jobId}`);
    await runner([quick]).drain();
    expect((await jobRow(jobId)).state).toBe("succeeded");
  });

  it("runs a job to success and writes its progress, items and log lines", async () => {
    const basic = defineJob({
      id: "test-basic",
      event: testEvent,
      retries: 2,
      async handler({ step, job }) {
        const refs = await step.run("list", () => ["sku-1", "sku-2", "sku-3"]);
        for (const [i, ref] of refs.entries()) {
          await job.item(ref, i === 2 ? "skipped" : "succeeded", i === 2 ? "No stock record" : undefined);
          await job.progress(i + 1, refs.length);
        }
        await job.log("info", "Pushed 2 of 3");
        return { pushed: 2 };
      },
    });
    const { jobId, created } = await enqueueFunction(t.db, basic, { partnerId, connectionId: connA }, { runtime: "embedded" });
    expect(created).toBe(true);
    expect((await jobRow(jobId)).state).toBe("queued");

    await runner([basic]).drain();

    const detail = await getJob(t.db, partnerId, jobId);
    expect(detail!.job).toMatchObject({
      state: "succeeded",
      attempts: 1,
      progressDone: 3,
      progressTotal: 3,
      result: { pushed: 2 },
      error: null,
      connectionName: "Shop A",
      platform: "trendyol",
    });
    expect(detail!.job.durationMs).not.toBeNull();
    expect(detail!.items.map((i) => [i.ref, i.status, i.message])).toEqual([
      ["sku-1", "succeeded", null],
      ["sku-2", "succeeded", null],
      ["sku-3", "skipped", "No stock record"],
    ]);
    expect(detail!.logs.map((l) => l.message)).toContain("Pushed 2 of 3");
    const row = await jobRow(jobId);
    expect(row.lockedBy).toBeNull();
    expect(row.payload).toEqual({ jobId, partnerId, connectionId: connA });

    // Scoped by partner: the other partner sees neither the job nor its detail.
    expect(await getJob(t.db, otherPartnerId, jobId)).toBeNull();
    expect((await listJobs(t.db, otherPartnerId, { limit: 50 })).map((j) => j.id)).not.toContain(jobId);
    expect((await listJobs(t.db, partnerId, { limit: 50, connectionId: connA, state: "succeeded" })).map((j) => j.id)).toContain(jobId);
  });

  it("retries a failing job and does not run again the steps that already succeeded", async () => {
    let firstCalls = 0;
    let flakyCalls = 0;
    const flaky = defineJob({
      id: "test-flaky",
      event: testEvent,
      retries: 3,
      async handler({ step }) {
        const first = await step.run("first", () => {
          firstCalls++;
          return { token: "from-first" };
        });
        const second = await step.run("flaky", () => {
          flakyCalls++;
          if (flakyCalls <= 2) throw new Error(`platform timeout ${flakyCalls}`);
          return "ok";
        });
        return { first: first.token, second };
      },
    });
    const { jobId } = await enqueueFunction(t.db, flaky, { partnerId }, { runtime: "embedded" });
    const r = runner([flaky]);

    await r.drain();
    const afterFirst = await jobRow(jobId);
    expect(afterFirst).toMatchObject({ state: "retrying", attempts: 1, error: "platform timeout 1" });
    // Not due yet: draining again without moving the clock does not run it.
    await r.drain();
    expect((await jobRow(jobId)).attempts).toBe(1);

    const row = await runToEnd(r, jobId);
    expect(row).toMatchObject({ state: "succeeded", attempts: 3, error: null, result: { first: "from-first", second: "ok" } });
    expect(firstCalls).toBe(1);
    expect(flakyCalls).toBe(3);
    const detail = await getJob(t.db, partnerId, jobId);
    expect(detail!.logs.filter((l) => l.level === "warn").map((l) => l.message)).toEqual([
      expect.stringMatching(/^Attempt 1 of 4 failed, retrying in \d+s: platform timeout 1$/),
      expect.stringMatching(/^Attempt 2 of 4 failed, retrying in \d+s: platform timeout 2$/),
    ]);
  });

  it("backs off exponentially with jitter, then fails when the retries run out", async () => {
    const backoff = { baseMs: 1_000, maxMs: 1_000_000 };
    let calls = 0;
    const broken = defineJob({
      id: "test-broken",
      event: testEvent,
      retries: 4,
      async handler() {
        calls++;
        throw new Error("still down");
      },
    });
    const { jobId } = await enqueueFunction(t.db, broken, { partnerId }, { runtime: "embedded" });
    const r = runner([broken], { backoff });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      await r.drain();
      const row = await jobRow(jobId);
      expect(row).toMatchObject({ state: "retrying", attempts: attempt });
      const delay = row.runAfter.getTime() - nowMs;
      const ceiling = backoff.baseMs * 2 ** (attempt - 1);
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
      delays.push(delay);
      nowMs = row.runAfter.getTime() + 1;
    }
    await r.drain();
    expect(await jobRow(jobId)).toMatchObject({ state: "failed", attempts: 5, error: "still down" });
    expect(calls).toBe(5);
    expect(delays[3]!).toBeGreaterThan(delays[0]! * 3);

    // The formula itself: the bounds double each attempt, the cap holds, and the random half really varies.
    for (let n = 1; n <= 8; n++) {
      const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (n - 1));
      expect(backoffDelay(n, backoff, () => 0)).toBe(ceiling / 2);
      expect(backoffDelay(n, backoff, () => 0.999_999)).toBe(Math.round(ceiling / 2 + 0.999_999 * (ceiling / 2)));
    }
    expect(backoffDelay(40, backoff, () => 1)).toBe(backoff.maxMs);
    const samples = Array.from({ length: 200 }, () => backoffDelay(3, backoff));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(2_000);
    expect(Math.max(...samples)).toBeLessThanOrEqual(4_000);
    expect(new Set(samples).size).toBeGreaterThan(20);
  });

  it("fails at once on a NonRetriableError", async () => {
    let calls = 0;
    const refused = defineJob({
      id: "test-refused",
      event: testEvent,
      retries: 5,
      async handler({ step }) {
        await step.run("check", () => {
          calls++;
          throw new NonRetriableError("The platform rejected the credentials");
        });
      },
    });
    const { jobId } = await enqueueFunction(t.db, refused, { partnerId }, { runtime: "embedded" });
    const row = await runToEnd(runner([refused]), jobId);
    expect(row).toMatchObject({ state: "failed", attempts: 1, error: "The platform rejected the credentials" });
    expect(row.finishedAt).not.toBeNull();
    expect(calls).toBe(1);
    const detail = await getJob(t.db, partnerId, jobId);
    expect(detail!.logs.find((l) => l.level === "error")?.message).toBe("Attempt 1 of 6 failed: The platform rejected the credentials");
  });

  it("returns the existing job for a repeated idempotency key and runs it once", async () => {
    let calls = 0;
    const once = defineJob({
      id: "test-once",
      event: testEvent,
      retries: 1,
      async handler() {
        calls++;
      },
    });
    const first = await enqueueFunction(t.db, once, { partnerId, idempotencyKey: "import-2030-01-01" }, { runtime: "embedded" });
    const second = await enqueueFunction(t.db, once, { partnerId, idempotencyKey: "import-2030-01-01" }, { runtime: "embedded" });
    expect(first.created).toBe(true);
    expect(second).toEqual({ jobId: first.jobId, created: false });
    const rows = await t.db.select().from(jobs).where(and(eq(jobs.type, "test-once"), eq(jobs.idempotencyKey, "import-2030-01-01")));
    expect(rows).toHaveLength(1);
    await expect(enqueueFunction(t.db, once, { partnerId: otherPartnerId, idempotencyKey: "import-2030-01-01" }, { runtime: "embedded" })).rejects.toThrow(
      /already used/,
    );
    await runner([once]).drain();
    const third = await enqueueFunction(t.db, once, { partnerId, idempotencyKey: "import-2030-01-01" }, { runtime: "embedded" });
    expect(third).toEqual({ jobId: first.jobId, created: false });
    await runners[0]!.drain();
    expect(calls).toBe(1);
  });

  it("refuses payloads that carry secrets or data the event does not allow", async () => {
    const once = defineJob({ id: "test-payload", event: testEvent, retries: 0, async handler() {} });
    await expect(enqueueFunction(t.db, once, { partnerId, data: { apiToken: "x" } }, { runtime: "embedded" })).rejects.toThrow(/ids only/);
    await expect(enqueueFunction(t.db, once, { partnerId, connectionId: "not-a-connection" }, { runtime: "embedded" })).rejects.toThrow();
    const [foreign] = await t.db.insert(connections).values({ partnerId: otherPartnerId, platform: "ozon", name: "Not yours" }).returning();
    await expect(enqueueFunction(t.db, once, { partnerId, connectionId: foreign!.id }, { runtime: "embedded" })).rejects.toThrow("Connection not found");
  });

  it("never runs two jobs of one connection at once, but runs different connections in parallel", async () => {
    const active = new Map<string, number>();
    const maxActive = new Map<string, number>();
    const intervals: { conn: string; start: number; end: number }[] = [];
    let running = 0;
    let maxRunning = 0;
    let shopBDone = false;
    const sync = defineJob({
      id: "test-sync",
      event: testEvent,
      retries: 0,
      concurrency: { key: "connection", limit: 1 },
      async handler({ event }) {
        const conn = event.data.connectionId!;
        const start = performance.now();
        active.set(conn, (active.get(conn) ?? 0) + 1);
        maxActive.set(conn, Math.max(maxActive.get(conn) ?? 0, active.get(conn)!));
        maxRunning = Math.max(maxRunning, ++running);
        // Hold the slot until another job is running too (bounded), so any overlap would be seen.
        await waitUntil(() => running >= 2 || shopBDone, 1_000);
        await new Promise((r) => setTimeout(r, 20));
        active.set(conn, active.get(conn)! - 1);
        running--;
        if (conn === connB) shopBDone = true;
        intervals.push({ conn, start, end: performance.now() });
      },
    });
    const ids = [];
    for (const conn of [connA, connA, connA, connB]) {
      ids.push((await enqueueFunction(t.db, sync, { partnerId, connectionId: conn }, { runtime: "embedded" })).jobId);
    }
    expect((await jobRow(ids[0]!)).concurrencyKey).toBe(`connection:${connA}`);
    // Two runners on the same database, as two processes would be.
    await Promise.all([runner([sync], { maxParallel: 4 }).drain(), runner([sync], { maxParallel: 4 }).drain()]);
    await Promise.all(runners.map((r) => r.drain()));

    for (const id of ids) expect((await jobRow(id)).state).toBe("succeeded");
    expect(maxActive.get(connA)).toBe(1);
    const a = intervals.filter((i) => i.conn === connA).sort((x, y) => x.start - y.start);
    expect(a).toHaveLength(3);
    for (let i = 1; i < a.length; i++) expect(a[i]!.start).toBeGreaterThanOrEqual(a[i - 1]!.end);
    // Shop B's job did not wait behind Shop A's queue: it ran alongside Shop A's first job.
    expect(maxRunning).toBeGreaterThanOrEqual(2);
    const b = intervals.find((i) => i.conn === connB)!;
    expect(b.start).toBeLessThan(a[0]!.end);
    expect(a[0]!.start).toBeLessThan(b.end);
  });

  it("runs a connection's sync beside a queue of its webhook jobs: a job in its own lane takes its own slot", async () => {
    let webhookRunning = 0;
    let syncRanDuringWebhooks = false;
    const hook = defineJob({
      id: "test-hook-lane",
      event: testEvent,
      retries: 0,
      concurrency: { key: "connection", limit: 1, lane: "webhooks" },
      async handler() {
        webhookRunning++;
        await new Promise((r) => setTimeout(r, 30));
        webhookRunning--;
      },
    });
    const sync = defineJob({
      id: "test-sync-lane",
      event: testEvent,
      retries: 0,
      concurrency: { key: "connection", limit: 1 },
      async handler() {
        if (webhookRunning > 0) syncRanDuringWebhooks = true;
      },
    });
    const hooks = [];
    for (let i = 0; i < 5; i++) hooks.push((await enqueueFunction(t.db, hook, { partnerId, connectionId: connA }, { runtime: "embedded" })).jobId);
    const syncId = (await enqueueFunction(t.db, sync, { partnerId, connectionId: connA }, { runtime: "embedded" })).jobId;
    expect((await jobRow(hooks[0]!)).concurrencyKey).toBe(`webhooks:connection:${connA}`);
    await runner([hook, sync], { maxParallel: 4 }).drain();
    for (const id of [...hooks, syncId]) expect((await jobRow(id)).state).toBe("succeeded");
    expect(syncRanDuringWebhooks).toBe(true);
  });

  it("resumes a job left running by a dead worker, without repeating its finished steps", async () => {
    let oneCalls = 0;
    let twoCalls = 0;
    const resumable = defineJob({
      id: "test-resume",
      event: testEvent,
      retries: 2,
      async handler({ step }) {
        const one = await step.run("one", () => {
          oneCalls++;
          return "fresh";
        });
        await step.run("two", () => {
          twoCalls++;
        });
        return { one };
      },
    });
    const { jobId } = await enqueueFunction(t.db, resumable, { partnerId, connectionId: connB }, { runtime: "embedded" });
    // What a worker that crashed after step "one" leaves behind.
    await t.db
      .update(jobs)
      .set({ state: "running", lockedBy: "dead-worker", lockedUntil: new Date(nowMs + 30_000), attempts: 1, startedAt: new Date(nowMs - 1_000) })
      .where(eq(jobs.id, jobId));
    await t.db.insert(jobSteps).values({ jobId, partnerId, stepId: "one", output: "from-dead-worker" });

    // While its lease lasts, nobody else touches it.
    const r = runner([resumable]);
    await r.drain();
    expect(await jobRow(jobId)).toMatchObject({ state: "running", lockedBy: "dead-worker" });

    nowMs += 31_000;
    await r.drain();
    expect(await jobRow(jobId)).toMatchObject({ state: "succeeded", attempts: 2, lockedBy: null, result: { one: "from-dead-worker" } });
    expect(oneCalls).toBe(0);
    expect(twoCalls).toBe(1);
  });

  it("fences a stalled worker out once another worker has taken its job over", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let reachedGate = false;
    const calls: string[] = [];
    const stalling = defineJob({
      id: "test-stall",
      event: testEvent,
      retries: 2,
      async handler({ step, job }) {
        await step.run("one", () => calls.push(`one@${job.attempt}`));
        if (job.attempt === 1) {
          reachedGate = true;
          await gate;
        }
        await step.run("two", () => calls.push(`two@${job.attempt}`));
        return { finishedBy: job.attempt };
      },
    });
    const { jobId } = await enqueueFunction(t.db, stalling, { partnerId }, { runtime: "embedded" });
    const slow = runner([stalling], { leaseMs: 10_000 });
    const slowDrain = slow.drain();
    await waitUntil(() => reachedGate);
    expect(reachedGate).toBe(true);

    const laterMs = nowMs + 11_000;
    const fast = startEmbeddedRunner(t.db, { functions: [stalling], pollMs: 60_000, workerId: "fast", now: () => new Date(laterMs), leaseMs: 10_000 });
    runners.push(fast);
    await fast.drain();
    expect(await jobRow(jobId)).toMatchObject({ state: "succeeded", attempts: 2, result: { finishedBy: 2 } });

    release();
    await slowDrain;
    // The stalled worker neither ran step two nor overwrote the result.
    expect(calls).toEqual(["one@1", "two@2"]);
    expect(await jobRow(jobId)).toMatchObject({ state: "succeeded", attempts: 2, result: { finishedBy: 2 } });
  });

  it("sleeps durably without holding the job, then continues where it stopped", async () => {
    const calls: string[] = [];
    const sleepy = defineJob({
      id: "test-sleep",
      event: testEvent,
      retries: 1,
      async handler({ step }) {
        await step.run("before", () => calls.push("before"));
        await step.sleep("cool-down", 60_000);
        await step.run("after", () => calls.push("after"));
      },
    });
    const { jobId } = await enqueueFunction(t.db, sleepy, { partnerId }, { runtime: "embedded" });
    const r = runner([sleepy]);
    await r.drain();
    const asleep = await jobRow(jobId);
    expect(asleep).toMatchObject({ state: "queued", lockedBy: null, attempts: 0 });
    expect(asleep.runAfter.getTime()).toBe(nowMs + 60_000);
    expect(calls).toEqual(["before"]);
    nowMs += 60_001;
    await r.drain();
    expect(await jobRow(jobId)).toMatchObject({ state: "succeeded", attempts: 1 });
    expect(calls).toEqual(["before", "after"]);
  });
});
