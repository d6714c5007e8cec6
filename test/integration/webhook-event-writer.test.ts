import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs, webhookEvents } from "@/db/schema";
import { prepareJob } from "@/server/jobs/enqueue";
import { webhookProcess } from "@/server/jobs/functions/webhook-process";
import { WebhookEventWriter, type VerifiedDelivery } from "@/server/webhooks/event-writer";
import { makePartner } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

/** The intake's group commit on a real database: many deliveries in flight at once, repeats among them. */
let t: TestDatabase;
let partnerId: string;
let connectionId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  const partner = await makePartner(t.db, "writer");
  partnerId = partner.partnerId;
  const c = await partner.caller.connections.create({ platform: "shopify", name: "Store", environment: "sandbox", values: { shopDomain: "w.myshopify.com", accessToken: "shpat_w", apiSecret: "secret-w" } });
  connectionId = c.id;
});
afterAll(async () => t?.close());

async function delivery(eventId: string, over: Partial<VerifiedDelivery> = {}): Promise<VerifiedDelivery> {
  const id = crypto.randomUUID();
  const job = await prepareJob(webhookProcess, { partnerId, connectionId, data: { webhookEventId: id }, idempotencyKey: `shopify:${eventId}` }, { runtime: "embedded" });
  return { id, partnerId, connectionId, platform: "shopify", eventId, topic: "orders/updated", payloadJson: JSON.stringify({ n: eventId }), platformTimestamp: new Date(), job: job.row, ...over };
}

describe("webhook event writer", () => {
  it("stores every event once with one job, counting every delivery, when hundreds arrive at once", async () => {
    const writer = new WebhookEventWriter(t.db);
    const ids = Array.from({ length: 300 }, (_, i) => `burst-${i}`);
    // Each event three times: together in one batch, and spread over the batches that follow.
    const sent = await Promise.all([...ids, ...ids, ...ids].map(async (e) => writer.store(await delivery(e))));
    expect(sent.filter((s) => s.created)).toHaveLength(300);

    const stored = await t.db.select().from(webhookEvents).where(eq(webhookEvents.connectionId, connectionId));
    const burst = stored.filter((e) => e.eventId?.startsWith("burst-"));
    expect(burst).toHaveLength(300);
    expect(burst.every((e) => e.deliveries === 3 && e.verified && e.jobId)).toBe(true);
    const created = await t.db.select().from(jobs).where(eq(jobs.connectionId, connectionId));
    const byEvent = new Map(burst.map((e) => [e.jobId, e]));
    expect(created.filter((j) => byEvent.has(j.id))).toHaveLength(300);
    // Each job points at its own event's row.
    for (const j of created) {
      const ev = byEvent.get(j.id);
      if (ev) expect(j.payload.webhookEventId).toBe(ev.id);
    }
  });

  it("a repeat of an event stored earlier is counted and creates nothing", async () => {
    const writer = new WebhookEventWriter(t.db);
    expect(await writer.store(await delivery("again-1"))).toEqual({ created: true });
    expect(await writer.store(await delivery("again-1"))).toEqual({ created: false });
    const [row] = await t.db.select().from(webhookEvents).where(eq(webhookEvents.eventId, "again-1"));
    expect(row!.deliveries).toBe(2);
  });

  it("one delivery that cannot be stored fails alone; the others in its batch are stored", async () => {
    const writer = new WebhookEventWriter(t.db);
    const good = await Promise.all(Array.from({ length: 5 }, (_, i) => delivery(`mixed-${i}`)));
    const bad = await delivery("mixed-bad", { partnerId: crypto.randomUUID() }); // no such partner: foreign key fails
    const outcomes = await Promise.allSettled([...good.slice(0, 2), bad, ...good.slice(2)].map((d) => writer.store(d)));
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled", "fulfilled"]);
    const stored = await t.db.select({ eventId: webhookEvents.eventId }).from(webhookEvents).where(eq(webhookEvents.connectionId, connectionId));
    const mixed = stored.map((s) => s.eventId).filter((e) => e?.startsWith("mixed-")).sort();
    expect(mixed).toEqual(["mixed-0", "mixed-1", "mixed-2", "mixed-3", "mixed-4"]);
  });
});
