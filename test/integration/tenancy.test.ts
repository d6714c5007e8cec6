import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityLog, jobs, webhookEvents } from "@/db/schema";
import { callerFor, makePartner, trendyolValues } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

/** For every router: a user of partner B cannot read, change or delete partner A's rows by id. */
let t: TestDatabase;
let a: Awaited<ReturnType<typeof makePartner>>;
let b: Awaited<ReturnType<typeof makePartner>>;
let connectionA: string;
let jobA: string;

async function code(p: Promise<unknown>) {
  try {
    await p;
    return "OK";
  } catch (err) {
    return err instanceof TRPCError ? err.code : String(err);
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  a = await makePartner(t.db, "a");
  b = await makePartner(t.db, "b");
  connectionA = (await a.caller.connections.create({ platform: "trendyol", name: "A shop", values: trendyolValues() })).id;
  const [job] = await t.db.insert(jobs).values({ partnerId: a.partnerId, connectionId: connectionA, type: "connection-test", event: "x" }).returning();
  jobA = job!.id;
});
afterAll(() => t?.close());

describe("connections router", () => {
  it("hides partner A's connection from partner B", async () => {
    expect(await code(b.caller.connections.get({ id: connectionA }))).toBe("NOT_FOUND");
    expect((await b.caller.connections.list()).map((c) => c.id)).not.toContain(connectionA);
  });
  it("refuses B's update, deactivate, test and delete of A's connection, and A's row is unchanged", async () => {
    expect(await code(b.caller.connections.update({ id: connectionA, name: "hijacked", environment: "production", values: trendyolValues("x") }))).toBe("NOT_FOUND");
    expect(await code(b.caller.connections.setActive({ id: connectionA, active: false }))).toBe("NOT_FOUND");
    expect(await code(b.caller.connections.test({ id: connectionA }))).toBe("NOT_FOUND");
    expect(await code(b.caller.connections.delete({ id: connectionA }))).toBe("NOT_FOUND");
    const still = await a.caller.connections.get({ id: connectionA });
    expect(still.name).toBe("A shop");
    expect(still.status).toBe("pending");
  });
});

describe("jobs router", () => {
  it("hides partner A's job from partner B", async () => {
    expect(await code(b.caller.jobs.get({ id: jobA }))).toBe("NOT_FOUND");
    expect((await b.caller.jobs.list({ limit: 50 })).map((j) => j.id)).not.toContain(jobA);
    expect((await a.caller.jobs.get({ id: jobA })).job.id).toBe(jobA);
  });
});

describe("activity router", () => {
  it("lists only the caller's partner entries, whatever the filter", async () => {
    await t.db.insert(activityLog).values({ partnerId: a.partnerId, level: "error", message: "A only", connectionId: connectionA, platform: "trendyol" });
    const seenByB = await b.caller.activity.list({ limit: 100, connectionId: connectionA });
    expect(seenByB).toEqual([]);
    const seenByA = await a.caller.activity.list({ limit: 100, connectionId: connectionA });
    expect(seenByA.map((e) => e.message)).toContain("A only");
  });
});

describe("members router", () => {
  it("refuses B's changes to A's members and invitations", async () => {
    const inv = await a.caller.members.invite({ email: "new@example.com", role: "member" });
    expect(inv.status).toBe("invited");
    const invId = inv.status === "invited" ? inv.id : "";
    expect(await code(b.caller.members.revokeInvitation({ id: invId }))).toBe("NOT_FOUND");
    expect(await code(b.caller.members.changeRole({ userId: a.userId, role: "member" }))).toBe("NOT_FOUND");
    expect(await code(b.caller.members.remove({ userId: a.userId }))).toBe("NOT_FOUND");
    const list = await b.caller.members.list();
    expect(list.members.map((m) => m.userId)).toEqual([b.userId]);
    expect(list.invitations).toEqual([]);
  });
  it("keeps a partner from losing its last owner", async () => {
    expect(await code(a.caller.members.changeRole({ userId: a.userId, role: "member" }))).toBe("BAD_REQUEST");
  });
});

describe("account router", () => {
  it("cannot switch into a partner the user is not a member of", async () => {
    const sneaky = await callerFor(t.db, b.userId, a.partnerId);
    expect((await sneaky.account.me()).partnerId).toBe(b.partnerId);
    expect(await code(sneaky.connections.get({ id: connectionA }))).toBe("NOT_FOUND");
  });
});

describe("catalog router", () => {
  it("lists and exports only the caller's catalog", async () => {
    const csv = "product_code,title,sku\nA-ONLY,Partner A product,A-SKU-1";
    expect((await a.caller.catalog.importCsv({ csv })).ok).toBe(true);
    expect((await b.caller.catalog.list({ limit: 50, offset: 0, search: "A-SKU" })).total).toBe(0);
    expect((await b.caller.catalog.exportCsv()).csv).not.toContain("A-SKU-1");
    expect((await a.caller.catalog.list({ limit: 50, offset: 0, search: "A-SKU" })).total).toBe(1);
  });
});

describe("webhooks router", () => {
  it("refuses B's replay of A's event and lists nothing of A's", async () => {
    const [event] = await t.db
      .insert(webhookEvents)
      .values({ partnerId: a.partnerId, connectionId: connectionA, platform: "trendyol", eventId: "tenancy-evt", verified: true })
      .returning();
    expect(await code(b.caller.webhooks.replay({ id: event!.id }))).toBe("NOT_FOUND");
    expect(await b.caller.webhooks.list({ limit: 50 })).toEqual([]);
    expect((await a.caller.webhooks.list({ limit: 50 })).map((e) => e.id)).toContain(event!.id);
  });
});

describe("admin router", () => {
  it("is closed to partners who are not administrators", async () => {
    expect(await code(b.caller.admin.partners())).toBe("FORBIDDEN");
    expect(await code(b.caller.admin.platformConfigs())).toBe("FORBIDDEN");
  });
});
