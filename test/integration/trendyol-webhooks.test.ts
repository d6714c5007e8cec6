// Trendyol webhook management from the connection page: create / list / update / activate / deactivate / delete
// against the simulator (contract-checked), Trendyol's limits checked before calling, and a registered webhook's
// deliveries accepted by the intake with the credentials Kervan generated.
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { jobs, platformWebhooks } from "@/db/schema";
import { resetEnvForTests } from "@/server/env";
import { startSandboxServer, type SandboxServer } from "@/server/sandbox/server";
import { createTrendyolSimulator, SANDBOX_ACCOUNTS, type TrendyolSimulator } from "@/server/sandbox/trendyol";
import { createTrendyolWebhook, TrendyolWebhookRefused } from "@/server/sync/trendyol/webhooks";
import { readConnectionCredentials } from "@/server/vault";
import { receiveWebhook } from "@/server/webhooks/intake";
import { createContractChecker } from "../contract/checker";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { makePartner } from "../helpers/fixtures";

const [SELLER, SECOND] = SANDBOX_ACCOUNTS as [(typeof SANDBOX_ACCOUNTS)[number], (typeof SANDBOX_ACCOUNTS)[number]];
const APP_URL = "https://kervan.example";

let t: TestDatabase;
let sim: TrendyolSimulator;
let server: SandboxServer;
const checker = createContractChecker();
let seen = 0;
let partner: Awaited<ReturnType<typeof makePartner>>;
let other: Awaited<ReturnType<typeof makePartner>>;
let connectionId: string;
const answers: number[] = [];

/** The simulator's outbound deliveries go straight into the intake (the path names the connection). */
const intakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
  const url = new URL(String(input));
  const [, , , platform, cid] = url.pathname.split("/");
  const answer = await receiveWebhook(t.db, platform!, cid!, { method: init?.method ?? "POST", url, headers: new Headers(init?.headers), rawBody: String(init?.body ?? "") });
  answers.push(answer.status);
  return new Response(JSON.stringify(answer.json ?? {}), { status: answer.status });
}) as typeof fetch;

beforeAll(async () => {
  sim = createTrendyolSimulator({ fetch: intakeFetch });
  server = await startSandboxServer({ simulators: [sim], onExchange: (e) => checker.check(e) });
  process.env.SANDBOX_URL = server.url;
  process.env.APP_URL = APP_URL;
  resetEnvForTests();
  t = await createTestDatabase();
  partner = await makePartner(t.db, "ty-hooks");
  other = await makePartner(t.db, "ty-hooks-other");
  const c = await partner.caller.connections.create({
    platform: "trendyol",
    name: "Trendyol TR",
    environment: "sandbox",
    values: { sellerId: SELLER.sellerId, apiKey: SELLER.apiKey, apiSecret: SELLER.apiSecret },
  });
  connectionId = c.id;
});
afterEach(() => {
  const fresh = checker.results().slice(seen);
  seen = checker.results().length;
  expect(fresh.filter((r) => !r.ok).map((r) => [r.operation, r.status, ...r.errors].join(" | "))).toEqual([]);
});
afterAll(async () => {
  await server?.close();
  delete process.env.SANDBOX_URL;
  delete process.env.APP_URL;
  resetEnvForTests();
  await t?.close();
});

const rows = () => t.db.select().from(platformWebhooks).where(and(eq(platformWebhooks.partnerId, partner.partnerId), eq(platformWebhooks.connectionId, connectionId)));

describe("Trendyol webhooks of a connection", () => {
  let webhookId: string;

  it("creates a webhook with the generated credentials and the connection's /ty/ address, and lists it", async () => {
    expect(await partner.caller.trendyolWebhooks.list({ connectionId })).toMatchObject({ webhooks: [], total: 0, limit: 15 });
    const created = await partner.caller.trendyolWebhooks.create({ connectionId, subscribedStatuses: ["CREATED", "SHIPPED"] });
    webhookId = created.id;
    expect(created.url).toBe(`${APP_URL}/api/webhooks/ty/${connectionId}`);

    const creds = (await readConnectionCredentials(t.db, { partnerId: partner.partnerId, connectionId }))!;
    const [registered] = sim.webhooks(SELLER.sellerId);
    expect(registered).toMatchObject({
      id: webhookId,
      url: created.url,
      authenticationType: "BASIC_AUTHENTICATION",
      username: creds.webhookUsername,
      password: creds.webhookPassword,
      status: "ACTIVE",
      subscribedStatuses: ["CREATED", "SHIPPED"],
    });
    expect(await rows()).toMatchObject([{ externalId: webhookId, url: created.url, topics: ["CREATED", "SHIPPED"], active: true }]);

    const list = await partner.caller.trendyolWebhooks.list({ connectionId });
    expect(list).toMatchObject({ total: 1, callbackUrl: created.url, webhooks: [{ id: webhookId, active: true, ours: true, subscribedStatuses: ["CREATED", "SHIPPED"] }] });
  });

  it("a status change on Trendyol is delivered with those credentials and accepted by the intake", async () => {
    answers.length = 0;
    const pkg = sim.packages(SELLER.sellerId).find((p) => p.status === "Invoiced")!;
    await sim.emitPackageStatus(SELLER.sellerId, pkg.id, "Shipped");
    expect(answers).toEqual([200]);
    const syncs = await t.db.select().from(jobs).where(and(eq(jobs.partnerId, partner.partnerId), eq(jobs.type, "webhook-process")));
    expect(syncs).toHaveLength(1);
  });

  it("updates the subscribed statuses, deactivates and activates", async () => {
    await partner.caller.trendyolWebhooks.update({ connectionId, id: webhookId, subscribedStatuses: ["PICKING"] });
    expect(sim.webhooks(SELLER.sellerId)[0]).toMatchObject({ subscribedStatuses: ["PICKING"] });
    expect(await rows()).toMatchObject([{ topics: ["PICKING"] }]);

    await partner.caller.trendyolWebhooks.setActive({ connectionId, id: webhookId, active: false });
    expect(sim.webhooks(SELLER.sellerId)[0]!.status).toBe("PASSIVE");
    expect(await rows()).toMatchObject([{ active: false }]);
    expect((await partner.caller.trendyolWebhooks.list({ connectionId })).webhooks[0]).toMatchObject({ active: false, status: "PASSIVE" });

    await partner.caller.trendyolWebhooks.setActive({ connectionId, id: webhookId, active: true });
    expect(sim.webhooks(SELLER.sellerId)[0]!.status).toBe("ACTIVE");
    expect(await rows()).toMatchObject([{ active: true }]);
  });

  it("deletes it on Trendyol and here", async () => {
    await partner.caller.trendyolWebhooks.delete({ connectionId, id: webhookId });
    expect(sim.webhooks(SELLER.sellerId)).toEqual([]);
    expect(await rows()).toEqual([]);
  });

  it("refuses the 16th webhook with a clear error, without calling create", async () => {
    for (let i = 0; i < 15; i++) await partner.caller.trendyolWebhooks.create({ connectionId, subscribedStatuses: [] });
    expect(sim.webhooks(SELLER.sellerId)).toHaveLength(15);
    // Every request that reached the simulator passed the contract checker: count the creates there.
    const creates = () => checker.results().filter((r) => r.operation === "createWebhook").length;
    const before = creates();
    await expect(partner.caller.trendyolWebhooks.create({ connectionId, subscribedStatuses: [] })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "trendyolWebhooks.errors.limitReached",
    });
    const refused = await createTrendyolWebhook(t.db, partner.partnerId, connectionId, { subscribedStatuses: [] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TrendyolWebhookRefused);
    expect((refused as Error).message).toContain("15");
    expect(creates()).toBe(before);
    expect(sim.webhooks(SELLER.sellerId)).toHaveLength(15);
    expect(await rows()).toHaveLength(15);
  });

  it("refuses an address with localhost before calling Trendyol", async () => {
    const c = await partner.caller.connections.create({
      platform: "trendyol",
      name: "Second seller",
      environment: "sandbox",
      values: { sellerId: SECOND.sellerId, apiKey: SECOND.apiKey, apiSecret: SECOND.apiSecret },
    });
    delete process.env.APP_URL;
    resetEnvForTests();
    try {
      const calls = () => checker.results().length;
      const before = calls();
      await expect(partner.caller.trendyolWebhooks.create({ connectionId: c.id, origin: "http://localhost:3000", subscribedStatuses: [] })).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: "trendyolWebhooks.errors.forbiddenUrl",
      });
      expect(calls()).toBe(before);
      expect(sim.webhooks(SECOND.sellerId)).toEqual([]);
      // From a public origin it goes through.
      const ok = await partner.caller.trendyolWebhooks.create({ connectionId: c.id, origin: "https://shop.example.org", subscribedStatuses: [] });
      expect(ok.url).toBe(`https://shop.example.org/api/webhooks/ty/${c.id}`);
    } finally {
      process.env.APP_URL = APP_URL;
      resetEnvForTests();
    }
  });

  it("is NOT_FOUND for another partner", async () => {
    await expect(other.caller.trendyolWebhooks.list({ connectionId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.caller.trendyolWebhooks.create({ connectionId, subscribedStatuses: [] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.caller.trendyolWebhooks.delete({ connectionId, id: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
