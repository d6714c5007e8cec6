import { InngestTestEngine } from "@inngest/test";
import { and, eq } from "drizzle-orm";
import { eventType, type InngestFunction } from "inngest";
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { activityLog, connections, jobs, partners } from "@/db/schema";
import { defineJob, NonRetriableError } from "@/server/jobs/define";
import { enqueueFunction, enqueueJob } from "@/server/jobs/enqueue";
import { connectionTestRequested, jobEventData } from "@/server/jobs/events";
import { activityPrune } from "@/server/jobs/functions/activity-prune";
import { connectionTest } from "@/server/jobs/functions/connection-test";
import { resetEnvForTests } from "@/server/env";
import { startSandboxServer, type SandboxServer } from "@/server/sandbox/server";
import { createTrendyolSimulator, SANDBOX_ACCOUNTS } from "@/server/sandbox/trendyol";
import { writeConnectionCredentials } from "@/server/vault";
import { functions, inngestFunctions } from "@/server/jobs/functions";
import { getJob, listJobs } from "@/server/jobs/queries";
import { startEmbeddedRunner, type EmbeddedRunner } from "@/server/jobs/runtime/embedded";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

let t: TestDatabase;
let partnerId: string;
let otherPartnerId: string;
const runners: EmbeddedRunner[] = [];

const account = SANDBOX_ACCOUNTS[0]!;
// The Trendyol adapter names the account after its seller id and default address city (seeded as İstanbul).
const ACCOUNT_NAME = `Trendyol seller ${account.sellerId} (İstanbul)`;
let sandbox: SandboxServer;

/** A Trendyol connection in the Sandbox environment, with the simulator's test account in the vault. */
async function makeConnection(name: string, owner = partnerId, apiSecret = account.apiSecret) {
  const [c] = await t.db
    .insert(connections)
    .values({ partnerId: owner, platform: "trendyol", name, status: "pending", environment: "sandbox", settings: { sellerId: account.sellerId } })
    .returning();
  await writeConnectionCredentials(t.db, { partnerId: owner, connectionId: c!.id }, { apiKey: account.apiKey, apiSecret }, ["apiKey", "apiSecret"]);
  return c!;
}

beforeAll(async () => {
  sandbox = await startSandboxServer({ simulators: [createTrendyolSimulator()] });
  process.env.SANDBOX_URL = sandbox.url;
  resetEnvForTests();
  t = await createTestDatabase();
  const [p, o] = await t.db.insert(partners).values([{ name: "Test Ltd" }, { name: "Other Ltd" }]).returning();
  partnerId = p!.id;
  otherPartnerId = o!.id;
});
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});
afterAll(async () => {
  await sandbox?.close();
  delete process.env.SANDBOX_URL;
  resetEnvForTests();
  await t?.close();
});

describe("connection-test on the embedded runner", () => {
  it("tests the connection against the platform and records the outcome", async () => {
    const connection = await makeConnection("Main shop");
    const { jobId, created } = await enqueueJob(t.db, { type: "connection-test", partnerId, connectionId: connection.id, data: {} }, { runtime: "embedded" });
    expect(created).toBe(true);
    const runner = startEmbeddedRunner(t.db, { functions, pollMs: 60_000, workerId: "functions-test" });
    runners.push(runner);
    await runner.drain();

    const [after] = await t.db.select().from(connections).where(eq(connections.id, connection.id));
    expect(after).toMatchObject({ status: "connected", lastTestResult: "connected", lastTestMessage: `Connected as ${ACCOUNT_NAME}` });
    expect(after!.lastTestedAt).toBeInstanceOf(Date);

    const activity = await t.db.select().from(activityLog).where(eq(activityLog.connectionId, connection.id));
    expect(activity).toHaveLength(1);
    expect(activity[0]).toMatchObject({ partnerId, level: "success", connectionId: connection.id, platform: "trendyol" });

    const detail = await getJob(t.db, partnerId, jobId);
    expect(detail!.job).toMatchObject({
      type: "connection-test",
      state: "succeeded",
      attempts: 1,
      result: { outcome: "connected", message: `Connected as ${ACCOUNT_NAME}` },
      progressDone: 1,
      progressTotal: 1,
      connectionName: "Main shop",
      platform: "trendyol",
    });
    expect(detail!.logs.map((l) => l.message)).toEqual([`trendyol: connected: Connected as ${ACCOUNT_NAME}`]);
    expect(detail!.items).toMatchObject([{ ref: connection.id, status: "succeeded" }]);
    const [listed] = await listJobs(t.db, partnerId, { limit: 10, connectionId: connection.id });
    expect(listed).toMatchObject({ id: jobId, connectionName: "Main shop", platform: "trendyol", state: "succeeded" });
    expect(listed).not.toHaveProperty("lockedBy");
    expect(listed).not.toHaveProperty("concurrencyKey");
  });

  it("fails without retrying when the connection was deleted meanwhile", async () => {
    const connection = await makeConnection("Short-lived");
    const { jobId } = await enqueueJob(t.db, { type: "connection-test", partnerId, connectionId: connection.id, data: {} }, { runtime: "embedded" });
    await t.db.delete(connections).where(eq(connections.id, connection.id));
    const runner = startEmbeddedRunner(t.db, { functions, pollMs: 60_000, workerId: "functions-test-2" });
    runners.push(runner);
    await runner.drain();
    const [row] = await t.db.select().from(jobs).where(eq(jobs.id, jobId));
    expect(row).toMatchObject({ state: "failed", attempts: 1, error: "The connection no longer exists", connectionId: null });
  });

  it("is only started for a connection of the same partner", async () => {
    const foreign = await makeConnection("Not yours", otherPartnerId);
    await expect(enqueueJob(t.db, { type: "connection-test", partnerId, connectionId: foreign.id, data: {} }, { runtime: "embedded" })).rejects.toThrow(
      "Connection not found",
    );
    await expect(enqueueJob(t.db, { type: "connection-test", partnerId, data: {} }, { runtime: "embedded" })).rejects.toThrow(/connectionId is required/);
  });

  it("types its event data from the event schema", () => {
    type Data = Parameters<typeof connectionTest.handler>[0]["event"]["data"];
    expectTypeOf<Data>().toEqualTypeOf<{ jobId: string; partnerId: string; connectionId: string }>();
  });
});

describe("Inngest configuration, read back through the SDK", () => {
  type FunctionConfig = {
    id: string;
    triggers: ({ event: string; expression?: string } | { cron: string })[];
    steps: Record<string, { retries?: { attempts: number } }>;
    concurrency?: { key?: string; limit: number }[];
    throttle?: { key?: string; limit: number; period: string; burst?: number };
    idempotency?: string;
  };
  const configOf = (fn: InngestFunction.Any) =>
    (fn as unknown as { getConfig(o: { baseUrl: URL; appPrefix: string }): FunctionConfig[] }).getConfig({
      baseUrl: new URL("http://localhost:3000/api/inngest"),
      appPrefix: "kervan",
    });

  it("serves every function, once", () => {
    expect(inngestFunctions).toHaveLength(functions.length);
    expect(new Set(functions.map((f) => f.id)).size).toBe(functions.length);
    for (const fn of functions) expect(inngestFunctions).toContain(fn.inngest);
  });

  it("connection-test: 3 retries, one run per connection, deduped by job id", () => {
    const configs = configOf(connectionTest.inngest);
    expect(configs).toHaveLength(1);
    const [config] = configs;
    expect(config!.id).toBe("kervan-connection-test");
    expect(config!.triggers).toEqual([{ event: "kervan/connection.test.requested" }]);
    expect(Object.values(config!.steps)[0]!.retries).toEqual({ attempts: 3 });
    expect(config!.concurrency).toEqual([{ key: "event.data.connectionId", limit: 1 }]);
    expect(config!.idempotency).toBe("event.data.jobId");
    expect(config!.throttle).toBeUndefined();
  });

  it("activity-prune: a daily cron trigger", () => {
    const [config] = configOf(activityPrune.inngest);
    expect(config!.id).toBe("kervan-activity-prune");
    expect(config!.triggers).toEqual([{ cron: "0 3 * * *" }]);
    expect(Object.values(config!.steps)[0]!.retries).toEqual({ attempts: 2 });
    expect(config!.concurrency).toBeUndefined();
  });

  it("turns a per-connection throttle and a per-partner concurrency into event keys", () => {
    const throttled = defineJob({
      id: "test-throttled",
      event: eventType("kervan/test.throttled", { schema: jobEventData }),
      retries: 5,
      concurrency: { key: "partner", limit: 1 },
      throttle: { key: "connection", limit: 10, period: "1m", burst: 2 },
      async handler() {},
    });
    const [config] = configOf(throttled.inngest);
    expect(config!.throttle).toEqual({ key: "event.data.connectionId", limit: 10, period: "1m", burst: 2 });
    expect(config!.concurrency).toEqual([{ key: "event.data.partnerId", limit: 1 }]);
    expect(Object.values(config!.steps)[0]!.retries).toEqual({ attempts: 5 });
  });

  it("answers Inngest's introspection at /api/inngest with every function", async () => {
    const route = await import("@/app/api/inngest/route");
    expect(typeof route.POST).toBe("function");
    expect(typeof route.PUT).toBe("function");
    const previous = process.env.INNGEST_DEV;
    process.env.INNGEST_DEV = "1"; // dev mode answers without a signing key
    try {
      const get = route.GET as unknown as (req: Request, ctx: unknown) => Promise<Response>;
      const res = await get(new Request("http://localhost:3000/api/inngest"), { params: Promise.resolve({}) });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ function_count: functions.length, mode: "dev" });
    } finally {
      if (previous === undefined) delete process.env.INNGEST_DEV;
      else process.env.INNGEST_DEV = previous;
    }
  });
});

describe("connection-test on Inngest (@inngest/test)", () => {
  it("hands the job to Inngest with ids only, and the function records the result on the job row", async () => {
    const connection = await makeConnection("Inngest shop");
    const sent: { name: string; data: Record<string, unknown>; id: string }[] = [];
    const send = async (e: (typeof sent)[number]) => {
      sent.push(e);
    };
    const { jobId } = await enqueueJob(
      t.db,
      { type: "connection-test", partnerId, connectionId: connection.id, data: {}, idempotencyKey: "click-1" },
      { runtime: "inngest", send },
    );
    expect(sent).toEqual([{ name: connectionTestRequested.name, data: { jobId, partnerId, connectionId: connection.id }, id: "connection-test:click-1" }]);
    const [queued] = await t.db.select().from(jobs).where(eq(jobs.id, jobId));
    // Inngest enforces the per-connection limit itself.
    expect(queued).toMatchObject({ state: "queued", concurrencyKey: null, maxAttempts: 4 });

    // A repeat while it is still queued sends the same event id again (Inngest drops it); no second job.
    expect(await enqueueJob(t.db, { type: "connection-test", partnerId, connectionId: connection.id, data: {}, idempotencyKey: "click-1" }, { runtime: "inngest", send })).toEqual({
      jobId,
      created: false,
    });
    expect(sent.map((e) => e.id)).toEqual(["connection-test:click-1", "connection-test:click-1"]);

    const engine = new InngestTestEngine({ function: connectionTest.inngest, events: [sent[0]!] });
    const { result, error, ctx } = await engine.execute();
    expect(error).toBeUndefined();
    expect(result).toEqual({ outcome: "connected", message: `Connected as ${ACCOUNT_NAME}` });
    expect(ctx.step.run).toHaveBeenCalledWith("test-connection", expect.any(Function));

    const [row] = await t.db.select().from(jobs).where(eq(jobs.id, jobId));
    expect(row).toMatchObject({ state: "succeeded", attempts: 1, result: { outcome: "connected" }, error: null });
    expect(row!.startedAt).toBeInstanceOf(Date);
    expect(row!.finishedAt).toBeInstanceOf(Date);
    const [after] = await t.db.select().from(connections).where(eq(connections.id, connection.id));
    expect(after).toMatchObject({ lastTestResult: "connected", status: "connected" });
    const activity = await t.db
      .select()
      .from(activityLog)
      .where(and(eq(activityLog.connectionId, connection.id), eq(activityLog.level, "success")));
    expect(activity).toHaveLength(1);

    // Once it has run, the same key neither sends nor creates anything.
    await enqueueJob(t.db, { type: "connection-test", partnerId, connectionId: connection.id, data: {}, idempotencyKey: "click-1" }, { runtime: "inngest", send });
    expect(sent).toHaveLength(2);
  });

  it("does not mark a job retrying when its step fails for good", async () => {
    const connection = await makeConnection("Gone on Inngest");
    const sent: { name: string; data: Record<string, unknown>; id: string }[] = [];
    const { jobId } = await enqueueJob(
      t.db,
      { type: "connection-test", partnerId, connectionId: connection.id, data: {} },
      { runtime: "inngest", send: async (e) => void sent.push(e) },
    );
    await t.db.delete(connections).where(eq(connections.id, connection.id));
    // @inngest/test stops at the failed step; Inngest would then call the function once more, which fails the job.
    const { error } = await new InngestTestEngine({ function: connectionTest.inngest, events: [sent[0]!] }).execute();
    expect(error).toMatchObject({ name: "NonRetriableError", message: "The connection no longer exists" });
    const [row] = await t.db.select().from(jobs).where(eq(jobs.id, jobId));
    expect(row).toMatchObject({ state: "running", attempts: 1, error: null });
  });

  it("marks the job failed when the function fails for good", async () => {
    const refusing = defineJob({
      id: "test-inngest-refusing",
      event: eventType("kervan/test.inngest-refusing", { schema: jobEventData }),
      retries: 3,
      async handler({ step }) {
        const checked = await step.run("check", () => ({ ok: false }));
        if (!checked.ok) throw new NonRetriableError("The seller account is closed");
      },
    });
    const sent: { name: string; data: Record<string, unknown>; id: string }[] = [];
    const { jobId } = await enqueueFunction(t.db, refusing, { partnerId }, { runtime: "inngest", send: async (e) => void sent.push(e) });
    const { error } = await new InngestTestEngine({ function: refusing.inngest, events: [sent[0]!] }).execute();
    expect(error).toMatchObject({ message: "The seller account is closed" });
    const [row] = await t.db.select().from(jobs).where(eq(jobs.id, jobId));
    expect(row).toMatchObject({ state: "failed", attempts: 1, maxAttempts: 4, error: "The seller account is closed" });
    expect(row!.finishedAt).toBeInstanceOf(Date);
    const detail = await getJob(t.db, partnerId, jobId);
    expect(detail!.logs.map((l) => [l.level, l.message])).toEqual([["error", "Attempt 1 of 4 failed: The seller account is closed"]]);
  });

  it("marks the job retrying when a step fails and Inngest will try it again", async () => {
    const flaky = defineJob({
      id: "test-inngest-flaky",
      event: eventType("kervan/test.inngest-flaky", { schema: jobEventData }),
      retries: 2,
      async handler({ step }) {
        await step.run("call-platform", () => {
          throw new Error("503 from the platform");
        });
      },
    });
    const sent: { name: string; data: Record<string, unknown>; id: string }[] = [];
    const { jobId } = await enqueueFunction(t.db, flaky, { partnerId }, { runtime: "inngest", send: async (e) => void sent.push(e) });
    const { error } = await new InngestTestEngine({ function: flaky.inngest, events: [sent[0]!] }).execute();
    expect(error).toMatchObject({ message: "503 from the platform" });
    const [row] = await t.db.select().from(jobs).where(eq(jobs.id, jobId));
    expect(row).toMatchObject({ state: "retrying", attempts: 1, maxAttempts: 3, error: "503 from the platform" });
    const detail = await getJob(t.db, partnerId, jobId);
    expect(detail!.logs.map((l) => l.message)).toEqual(["Attempt 1 of 3 failed, retrying: 503 from the platform"]);
  });

  it("refuses an event for a job of another partner", async () => {
    const connection = await makeConnection("Spoofed");
    const sent: { name: string; data: Record<string, unknown>; id: string }[] = [];
    const { jobId } = await enqueueJob(
      t.db,
      { type: "connection-test", partnerId, connectionId: connection.id, data: {} },
      { runtime: "inngest", send: async (e) => void sent.push(e) },
    );
    const spoofed = { ...sent[0]!, data: { ...sent[0]!.data, partnerId: otherPartnerId } };
    const { error } = await new InngestTestEngine({ function: connectionTest.inngest, events: [spoofed] }).execute();
    expect(error).toBeDefined();
    const [row] = await t.db.select().from(jobs).where(eq(jobs.id, jobId));
    expect(row!.state).toBe("queued");
    const [after] = await t.db.select().from(connections).where(eq(connections.id, connection.id));
    expect(after!.lastTestResult).toBeNull();
  });
});
