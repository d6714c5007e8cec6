import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs, webhookEvents } from "@/db/schema";
import { SANDBOX_ACCOUNTS as OZON } from "@/server/sandbox/ozon/seed";
import { deliverShopifyWebhooks } from "@/server/sandbox/shopify/webhooks";
import { SANDBOX_ACCOUNTS as SHOPIFY } from "@/server/sandbox/shopify/seed";
import { deliverTrendyolWebhooks } from "@/server/sandbox/trendyol/webhooks";
import { SANDBOX_ACCOUNTS as TRENDYOL } from "@/server/sandbox/trendyol/seed";
import { readConnectionCredentials } from "@/server/vault";
import { forgetWebhookConnection, receiveWebhook } from "@/server/webhooks/intake";
import { headersOf } from "@/server/sandbox/server";
import { makePartner } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

/** The intake behind a real HTTP server, as the route handler calls it; the simulators are the senders. */
let t: TestDatabase;
let server: http.Server;
let base: string;
let partner: Awaited<ReturnType<typeof makePartner>>;
const noFaults = { duplicateWebhooks: false, outOfOrderWebhooks: false };

beforeAll(async () => {
  t = await createTestDatabase();
  partner = await makePartner(t.db, "hooks");
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url!, "http://127.0.0.1");
    const [, , , platform, connectionId] = url.pathname.split("/");
    const headers = headersOf(req);
    const answer = await receiveWebhook(t.db, platform!, connectionId!, {
      method: req.method!,
      url,
      headers,
      rawBody: Buffer.concat(chunks).toString("utf8"),
      sourceIp: headers.get("x-forwarded-for")?.split(",")[0]?.trim(),
    });
    res.writeHead(answer.status, { "content-type": "application/json" }).end(answer.json === undefined ? answer.text ?? "" : JSON.stringify(answer.json));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks`;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await t?.close();
});

const jobsFor = async (connectionId: string) => t.db.select().from(jobs).where(eq(jobs.connectionId, connectionId));

describe("webhook intake", () => {
  it("stores a Shopify delivery once and starts one job, however often it is delivered", async () => {
    const s = SHOPIFY[0]!;
    const c = await partner.caller.connections.create({ platform: "shopify", name: "Store", environment: "sandbox", values: { shopDomain: s.shopDomain, accessToken: s.accessToken, apiSecret: s.apiSecret } });
    const target = { url: `${base}/shopify/${c.id}`, apiSecret: s.apiSecret, shopDomain: s.shopDomain };
    const event = { topic: "orders/create", payload: { id: 4501, updated_at: new Date().toISOString() }, eventId: "evt-shopify-1" };
    const sent = await deliverShopifyWebhooks(target, [event], { duplicateWebhooks: true, outOfOrderWebhooks: false });
    expect(sent.map((d) => d.status)).toEqual([200, 200]);
    await deliverShopifyWebhooks(target, [event], noFaults);
    const stored = await t.db.select().from(webhookEvents).where(eq(webhookEvents.connectionId, c.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ verified: true, eventId: "evt-shopify-1", topic: "orders/create", deliveries: 3 });
    const created = await jobsFor(c.id);
    expect(created).toHaveLength(1);
    expect(created[0]!.id).toBe(stored[0]!.jobId);
    expect(created[0]!.payload).not.toHaveProperty("payload");
  });

  it("rejects a Shopify delivery with a wrong signature with 401, records the attempt and starts nothing", async () => {
    const s = SHOPIFY[0]!;
    const c = await partner.caller.connections.create({ platform: "shopify", name: "Store 2", environment: "sandbox", values: { shopDomain: s.shopDomain, accessToken: s.accessToken, apiSecret: s.apiSecret } });
    const [d] = await deliverShopifyWebhooks({ url: `${base}/shopify/${c.id}`, apiSecret: "not-the-app-secret", shopDomain: s.shopDomain }, [{ topic: "orders/create", payload: { id: 1 }, eventId: "evt-forged" }], noFaults);
    expect(d!.status).toBe(401);
    const stored = await t.db.select().from(webhookEvents).where(eq(webhookEvents.connectionId, c.id));
    expect(stored).toMatchObject([{ verified: false, eventId: null }]);
    expect(stored[0]!.verificationError).toBeTruthy();
    expect(await jobsFor(c.id)).toHaveLength(0);
  });

  it("accepts Trendyol deliveries only with the Basic credentials Kervan generated for the connection", async () => {
    const a = TRENDYOL[0]!;
    const c = await partner.caller.connections.create({ platform: "trendyol", name: "TY", environment: "sandbox", values: { sellerId: a.sellerId, apiKey: a.apiKey, apiSecret: a.apiSecret } });
    const creds = (await readConnectionCredentials(t.db, { partnerId: partner.partnerId, connectionId: c.id }))!;
    expect(creds.webhookPassword).toMatch(/.{20,}/);
    const pkg = { shipmentPackageId: 778899, status: "Created", lastModifiedDate: Date.now(), orderNumber: "100" };
    // Trendyol refuses callback URLs that name it, so its address uses the short alias.
    const good = await deliverTrendyolWebhooks({ url: `${base}/ty/${c.id}`, username: creds.webhookUsername, password: creds.webhookPassword }, [pkg], noFaults);
    const bad = await deliverTrendyolWebhooks({ url: `${base}/ty/${c.id}`, username: creds.webhookUsername, password: "guess" }, [pkg], noFaults);
    expect([good[0]!.status, bad[0]!.status]).toEqual([200, 401]);
    expect(await jobsFor(c.id)).toHaveLength(1);

    // A delivery about a state days old is acknowledged (so Trendyol does not switch the webhook off) but not processed.
    const stale = { ...pkg, shipmentPackageId: 112233, lastModifiedDate: Date.now() - 5 * 86_400_000 };
    const late = await deliverTrendyolWebhooks({ url: `${base}/ty/${c.id}`, username: creds.webhookUsername, password: creds.webhookPassword }, [stale], noFaults);
    expect(late[0]!.status).toBe(200);
    expect(await jobsFor(c.id)).toHaveLength(1);
    const events = await t.db.select().from(webhookEvents).where(eq(webhookEvents.connectionId, c.id));
    expect(events.filter((e) => e.verificationError === "Outside the replay window")).toHaveLength(1);
  });

  it("answers Ozon's PING without storing it, and checks the sender range and seller id", async () => {
    const c = await partner.caller.connections.create({ platform: "ozon", name: "Ozon", environment: "sandbox", values: { clientId: OZON.primary.clientId, apiKey: OZON.primary.apiKey } });
    const ping = await fetch(`${base}/ozon/${c.id}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": "195.34.21.17" },
      body: JSON.stringify({ message_type: "TYPE_PING", time: new Date().toISOString() }),
    });
    expect(ping.status).toBe(200);
    expect(await ping.json()).toMatchObject({ name: "kervan" });
    const outsider = await fetch(`${base}/ozon/${c.id}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": "8.8.8.8" },
      body: JSON.stringify({ message_type: "TYPE_NEW_POSTING", posting_number: "1-1", seller_id: Number(OZON.primary.clientId) }),
    });
    expect(outsider.status).toBe(401);
    expect(await outsider.json()).toMatchObject({ error: { message: expect.stringContaining("8.8.8.8") } });
    const stored = await t.db.select().from(webhookEvents).where(eq(webhookEvents.connectionId, c.id));
    expect(stored.map((e) => e.verified)).toEqual([false]);
  });

  it("answers 404 for unknown connections, platform mismatches and platforms without webhooks", async () => {
    const s = SHOPIFY[0]!;
    const c = await partner.caller.connections.create({ platform: "shopify", name: "Store 3", environment: "sandbox", values: { shopDomain: s.shopDomain, accessToken: s.accessToken, apiSecret: s.apiSecret } });
    forgetWebhookConnection();
    for (const path of [`trendyol/${c.id}`, `shopify/00000000-0000-4000-8000-000000000000`, `sentos/${c.id}`, `nope/${c.id}`, `shopify/not-a-uuid`]) {
      const res = await fetch(`${base}/${path}`, { method: "POST", body: "{}" });
      expect(res.status, path).toBe(404);
    }
  });

  it("replays a stored event as a new job from the cabinet, for its own partner only", async () => {
    const s = SHOPIFY[0]!;
    const c = await partner.caller.connections.create({ platform: "shopify", name: "Store 4", environment: "sandbox", values: { shopDomain: s.shopDomain, accessToken: s.accessToken, apiSecret: s.apiSecret } });
    await deliverShopifyWebhooks({ url: `${base}/shopify/${c.id}`, apiSecret: s.apiSecret, shopDomain: s.shopDomain }, [{ topic: "orders/updated", payload: { id: 9 }, eventId: "evt-replay" }], noFaults);
    const [event] = await partner.caller.webhooks.list({ connectionId: c.id, limit: 10 });
    expect(event).toMatchObject({ eventId: "evt-replay", verified: true, deliveries: 1 });
    const replay = await partner.caller.webhooks.replay({ id: event!.id });
    expect(replay.jobId).not.toBe(event!.jobId);
    expect(await jobsFor(c.id)).toHaveLength(2);
    const other = await makePartner(t.db, "hooks-other");
    await expect(other.caller.webhooks.replay({ id: event!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await other.caller.webhooks.list({ limit: 10 })).toEqual([]);
  });
});
