import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ConnectionContext } from "@/server/platforms/adapter";
import { adapter } from "@/server/platforms/ebay/adapter";
import { clearEbayTokenCache, createEbayHttp } from "@/server/platforms/ebay/client";
import { createEbayWebhookVerifier, fetchPublicKeyWithConnection } from "@/server/platforms/ebay/webhook";
import { PlatformError } from "@/server/platforms/errors";
import type { WebhookConnection } from "@/server/platforms/webhooks";
import { createEbaySimulator, SANDBOX_ACCOUNTS, type EbaySimulator } from "@/server/sandbox/ebay";
import { startSandboxServer, type SandboxServer, headersOf } from "@/server/sandbox/server";
import { createContractChecker, formatContractFailure } from "@/test/contract/checker";

const noSleep = async () => {};
let clock = Date.now();
let server: SandboxServer;
let sim: EbaySimulator;
const checker = createContractChecker();
const violations: string[] = [];
/** Exchanges a test provokes on purpose (over-limit batches, wrong credentials) may break the contract. */
let tolerated: RegExp | undefined;
/** A test that sends a broken request on purpose names the violation it expects, here and in the coverage table. */
function tolerate(pattern: RegExp | undefined) {
  tolerated = pattern;
  checker.tolerate(pattern);
}

beforeAll(async () => {
  sim = createEbaySimulator({ now: () => clock });
  server = await startSandboxServer({
    simulators: [sim],
    onExchange: (e) => {
      const r = checker.check(e);
      if (!r.ok) {
        const text = formatContractFailure(r);
        if (!tolerated?.test(text)) violations.push(text);
      }
    },
  });
});

afterAll(async () => {
  await server.close();
});

afterEach(() => {
  clock = Date.now();
  sim.reset();
  Object.assign(sim.faults, { rateLimitStorm: 0, serverErrors: 0, partialBatchFailureRate: 0, duplicateWebhooks: false, outOfOrderWebhooks: false });
  tolerate(undefined);
  const found = violations.splice(0);
  expect(found, found.join("\n\n")).toEqual([]);
});

function context(values: Record<string, string> = SANDBOX_ACCOUNTS.seller.values, baseUrl = server.baseUrl("ebay")): ConnectionContext {
  const { clientId, marketplaceId, ...credentials } = values;
  return {
    connectionId: `ebay-${crypto.randomUUID()}`,
    partnerId: "partner-1",
    platform: "ebay",
    environment: "sandbox",
    settings: { clientId: clientId!, marketplaceId: marketplaceId ?? "EBAY_US" },
    credentials,
    baseUrl,
    memory: {},
  };
}

const httpFor = (ctx: ConnectionContext) => createEbayHttp(ctx, { sleep: noSleep, random: () => 0, now: () => clock });

describe("eBay connection test", () => {
  it("connects with the seeded seller and says what eBay returned", async () => {
    const ctx = context();
    const out = await adapter.testConnection(ctx, httpFor(ctx));
    expect(out.status).toBe("connected");
    expect(out.message).toMatch(/Connected to eBay \(EBAY_US\): seller registration complete; monthly selling limit 1000 items \/ 25000\.00 USD/);
  });

  it("reports bad_credentials with eBay's words for a wrong client secret", async () => {
    const ctx = context({ ...SANDBOX_ACCOUNTS.seller.values, clientSecret: "wrong" });
    const out = await adapter.testConnection(ctx, httpFor(ctx));
    expect(out).toEqual({ status: "bad_credentials", message: "client authentication failed (invalid_client)" });
  });

  it("reports bad_credentials for a refresh token eBay does not know", async () => {
    const ctx = context({ ...SANDBOX_ACCOUNTS.seller.values, refreshToken: "v^1.1#i^1#revoked" });
    const out = await adapter.testConnection(ctx, httpFor(ctx));
    expect(out.status).toBe("bad_credentials");
    expect(out.message).toContain("the provided authorization refresh token is invalid or was issued to another client");
  });

  it("reports permission_missing when the seller did not grant the account scope", async () => {
    const ctx = context(SANDBOX_ACCOUNTS.inventoryOnly.values);
    const out = await adapter.testConnection(ctx, httpFor(ctx));
    expect(out.status).toBe("permission_missing");
    expect(out.message).toContain("Access denied Insufficient permissions to fulfill the request.");
  });

  it("reports rate_limited when a 429 storm outlasts the retries", async () => {
    const ctx = context();
    const http = httpFor(ctx);
    await http.accessToken();
    sim.faults.rateLimitStorm = 10;
    const out = await adapter.testConnection(ctx, http);
    expect(out).toEqual({ status: "rate_limited", message: "Too many requests. The request limit has been reached for the resource." });
    expect(sim.faults.rateLimitStorm).toBe(5); // 1 try + 4 retries
  });

  it("reports unreachable for a closed port", async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = http.createServer().listen(0, "127.0.0.1", () => {
        const port = (s.address() as AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    const ctx = context(SANDBOX_ACCOUNTS.seller.values, `http://127.0.0.1:${closed}/sandbox/ebay`);
    const out = await adapter.testConnection(ctx, httpFor(ctx));
    expect(out.status).toBe("unreachable");
    expect(out.message).toMatch(/connection refused/);
  });
});

describe("eBay access tokens", () => {
  it("reuses the access token until it is about to expire, then refreshes it", async () => {
    const ctx = context();
    const http = httpFor(ctx);
    const get = () => http.request({ operation: "getPrivileges", method: "GET", path: "/sell/account/v1/privilege" });
    await get();
    await get();
    expect(sim.tokenRequestCount()).toBe(1);
    clock += 2 * 3_600_000 - 60_000; // inside the 5-minute margin of the 2-hour lifetime
    await get();
    expect(sim.tokenRequestCount()).toBe(2);
  });

  it("gets a new token once when eBay rejects a cached one", async () => {
    const ctx = context();
    const http = httpFor(ctx);
    await http.request({ operation: "getPrivileges", method: "GET", path: "/sell/account/v1/privilege" });
    sim.reset(); // eBay forgets the token (revoked)
    const res = await http.request({ operation: "getPrivileges", method: "GET", path: "/sell/account/v1/privilege" });
    expect(res.status).toBe(200);
    expect(sim.tokenRequestCount()).toBe(1); // the reset counter saw only the fresh grant
  });

  it("never lets a token into an error message", async () => {
    const ctx = context();
    const http = httpFor(ctx);
    const { token } = await http.accessToken();
    clearEbayTokenCache(ctx.connectionId);
    const err = await http
      .request({ operation: "getInventoryItem", method: "GET", path: "/sell/inventory/v1/inventory_item/NOPE" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect(String((err as Error).message)).not.toContain(token);
  });
});

describe("eBay simulator semantics", () => {
  const item = (sku: string, quantity = 3) => ({
    sku,
    locale: "en_US",
    condition: "NEW",
    product: { title: `Kervan item ${sku}`, brand: "Kervan" },
    availability: { shipToLocationAvailability: { quantity } },
  });

  it("answers a bulk upsert with 207 Multi-Status and a result per item", async () => {
    const ctx = context();
    const http = httpFor(ctx);
    sim.faults.partialBatchFailureRate = 0.5;
    const res = await http.request<{ responses: Array<{ sku: string; statusCode: number; errors?: Array<{ errorId: number }> }> }>({
      operation: "bulkCreateOrReplaceInventoryItem",
      method: "POST",
      path: "/sell/inventory/v1/bulk_create_or_replace_inventory_item",
      headers: { "content-language": "en-US" },
      json: { requests: [item("A-1"), item("A-2"), item("A-3"), item("A-4")] },
    });
    expect(res.status).toBe(207);
    expect(res.body.responses.map((r) => [r.sku, r.statusCode])).toEqual([
      ["A-1", 201],
      ["A-2", 400],
      ["A-3", 201],
      ["A-4", 400],
    ]);
    expect(res.body.responses[1]!.errors![0]!.errorId).toBe(25002);
    expect(sim.inspect().inventory.map((i) => i.sku)).toContain("A-3");
    expect(sim.inspect().inventory.map((i) => i.sku)).not.toContain("A-2");
  });

  it("answers 200 when every bulk entry succeeds", async () => {
    const http = httpFor(context());
    const res = await http.request<{ responses: Array<{ statusCode: number }> }>({
      operation: "bulkCreateOrReplaceInventoryItem",
      method: "POST",
      path: "/sell/inventory/v1/bulk_create_or_replace_inventory_item",
      headers: { "content-language": "en-US" },
      json: { requests: [item("B-1"), item("KRV-MUG-01", 7)] },
    });
    expect(res.status).toBe(200);
    expect(res.body.responses.map((r) => r.statusCode)).toEqual([201, 200]);
  });

  it("refuses more than 25 entries in one bulk call with error 25727", async () => {
    tolerate(/bulkCreateOrReplaceInventoryItem[\s\S]*maxItems|must NOT have more than 25 items/);
    const http = httpFor(context());
    const err = await http
      .request({
        operation: "bulkCreateOrReplaceInventoryItem",
        method: "POST",
        path: "/sell/inventory/v1/bulk_create_or_replace_inventory_item",
        headers: { "content-language": "en-US" },
        json: { requests: Array.from({ length: 26 }, (_, i) => item(`C-${i}`)) },
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect((err as PlatformError).kind).toBe("validation");
    expect((err as PlatformError).message).toBe("The number of InventoryItems in the request cannot exceed 25.");
    expect((err as PlatformError).details[0]).toMatchObject({ code: "25727" });
  });

  it("pages inventory items with limit/offset and refuses a limit above 200", async () => {
    const http = httpFor(context());
    const page = await http.request<{ total: number; size: number; next?: string; inventoryItems: Array<{ sku: string }> }>({
      operation: "getInventoryItems",
      method: "GET",
      path: "/sell/inventory/v1/inventory_item",
      query: { limit: 2, offset: 0 },
    });
    expect(page.body.total).toBe(3);
    expect(page.body.size).toBe(2);
    expect(page.body.inventoryItems.map((i) => i.sku)).toEqual(["KRV-CAP-BLUE", "KRV-MUG-01"]);
    expect(page.body.next).toMatch(/limit=2&offset=2$/);
    const err = await http
      .request({ operation: "getInventoryItems", method: "GET", path: "/sell/inventory/v1/inventory_item", query: { limit: 201 } })
      .catch((e: unknown) => e);
    expect((err as PlatformError).details[0]).toMatchObject({ code: "25706" });
  });

  it("updates price and quantity per offer with per-entry results", async () => {
    const http = httpFor(context());
    const res = await http.request<{ responses: Array<{ sku: string; offerId?: string; statusCode: number }> }>({
      operation: "bulkUpdatePriceQuantity",
      method: "POST",
      path: "/sell/inventory/v1/bulk_update_price_quantity",
      json: {
        requests: [
          { sku: "KRV-MUG-01", shipToLocationAvailability: { quantity: 9 }, offers: [{ offerId: "5005317010", availableQuantity: 9, price: { value: "15.49", currency: "USD" } }] },
          { sku: "NO-SUCH-SKU", shipToLocationAvailability: { quantity: 1 } },
        ],
      },
    });
    expect(res.status).toBe(207);
    expect(res.body.responses).toEqual([
      { statusCode: 200, sku: "KRV-MUG-01", offerId: "5005317010" },
      expect.objectContaining({ statusCode: 400, sku: "NO-SUCH-SKU" }),
    ]);
    expect(sim.inspect().offers.find((o) => o.offerId === "5005317010")!.price).toEqual({ value: "15.49", currency: "USD" });
  });

  it("takes an offer from creation to a listing and back: create, update, publish, withdraw, bulk", async () => {
    const http = httpFor(context());
    const lang = { "content-language": "en-US" };
    const details = { categoryId: "15687", availableQuantity: 12, pricingSummary: { price: { value: "19.99", currency: "USD" } } };
    const offer = { sku: "KRV-TSHIRT-RED-M", marketplaceId: "EBAY_US", format: "FIXED_PRICE", ...details };
    const created = await http.request<{ offerId: string }>({ operation: "createOffer", method: "POST", path: "/sell/inventory/v1/offer", headers: lang, json: offer });
    expect(created.status).toBe(201);
    const id = created.body.offerId;
    // updateOffer replaces the offer's details; sku, marketplace and format are fixed at creation and not sent again.
    const updated = await http.request({ operation: "updateOffer", method: "PUT", path: `/sell/inventory/v1/offer/${id}`, headers: lang, json: { ...details, pricingSummary: { price: { value: "17.99", currency: "USD" } } } });
    expect(updated.status).toBe(204);
    const published = await http.request<{ listingId: string }>({ operation: "publishOffer", method: "POST", path: `/sell/inventory/v1/offer/${id}/publish` });
    expect(published.body.listingId).toMatch(/^\d+$/);
    const listed = await http.request<{ offers: Array<{ offerId: string; status: string }> }>({ operation: "getOffers", method: "GET", path: "/sell/inventory/v1/offer", query: { sku: "KRV-TSHIRT-RED-M" } });
    expect(listed.body.offers).toEqual([expect.objectContaining({ offerId: id, status: "PUBLISHED" })]);
    const withdrawn = await http.request<{ listingId: string }>({ operation: "withdrawOffer", method: "POST", path: `/sell/inventory/v1/offer/${id}/withdraw` });
    expect(withdrawn.body.listingId).toBe(published.body.listingId);

    const bulk = await http.request<{ responses: Array<{ sku: string; statusCode: number; offerId?: string }> }>({
      operation: "bulkCreateOffer",
      method: "POST",
      path: "/sell/inventory/v1/bulk_create_offer",
      headers: lang,
      json: { requests: [{ ...offer, sku: "KRV-CAP-BLUE" }, { ...offer, sku: "NO-SUCH-SKU" }] },
    });
    expect(bulk.status).toBe(207);
    expect(bulk.body.responses.map((r) => [r.sku, r.statusCode])).toEqual([
      ["KRV-CAP-BLUE", 200],
      ["NO-SUCH-SKU", 400],
    ]);
    const publishAll = await http.request<{ responses: Array<{ offerId: string; statusCode: number; listingId?: string }> }>({
      operation: "bulkPublishOffer",
      method: "POST",
      path: "/sell/inventory/v1/bulk_publish_offer",
      json: { requests: [{ offerId: bulk.body.responses[0]!.offerId! }] },
    });
    expect(publishAll.status).toBe(200);
    expect(publishAll.body.responses[0]!.listingId).toMatch(/^\d+$/);
  });

  it("lists orders by last-modified date and records a shipping fulfillment", async () => {
    const http = httpFor(context());
    const order = sim.addOrder({ sku: "KRV-MUG-01", quantity: 1, price: "14.99" });
    const since = new Date(clock - 60_000).toISOString();
    const list = await http.request<{ total: number; orders: Array<{ orderId: string; lineItems: Array<{ lineItemId: string }> }> }>({
      operation: "getOrders",
      method: "GET",
      path: "/sell/fulfillment/v1/order",
      query: { filter: `lastmodifieddate:[${since}..]`, limit: 50 },
    });
    expect(list.body.orders.map((o) => o.orderId)).toEqual([order.orderId]);
    const ship = await http.request({
      operation: "createShippingFulfillment",
      method: "POST",
      path: `/sell/fulfillment/v1/order/${order.orderId}/shipping_fulfillment`,
      json: { lineItems: [{ lineItemId: order.lineItems[0]!.lineItemId, quantity: 1 }], shippingCarrierCode: "USPS", trackingNumber: "9400111899223197428490" },
    });
    expect(ship.status).toBe(201);
    expect(ship.headers.get("location")).toContain(`/order/${order.orderId}/shipping_fulfillment/9400111899223197428490`);
    expect(sim.inspect().orders.find((o) => o.orderId === order.orderId)!.orderFulfillmentStatus).toBe("FULFILLED");
  });
});

describe("eBay notifications", () => {
  const verificationToken = "kervan_verification_token_0123456789abcdef";

  function webhookConnection(ctx: ConnectionContext, endpoint?: string): WebhookConnection {
    return {
      connectionId: ctx.connectionId,
      settings: { ...ctx.settings, baseUrl: ctx.baseUrl, ...(endpoint ? { webhookEndpoint: endpoint } : {}) },
      credentials: { ...ctx.credentials, webhookVerificationToken: verificationToken },
    };
  }

  /** Kervan's intake endpoint in miniature: raw body → verifier → its reply, 204 or the refusal status. */
  async function intake(verifier: ReturnType<typeof createEbayWebhookVerifier>, connection: () => WebhookConnection) {
    const received: Array<{ ok: boolean; eventId?: string; topic?: string }> = [];
    const srv = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const headers = headersOf(req);
      const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
      const v = await verifier.verify({ method: req.method ?? "GET", url, headers, rawBody: Buffer.concat(chunks).toString("utf8") }, connection());
      if (v.ok && v.reply) {
        res.writeHead(v.reply.status, { "content-type": "application/json" }).end(JSON.stringify(v.reply.json));
        return;
      }
      received.push(v.ok ? { ok: true, eventId: v.eventId, topic: v.topic } : { ok: false });
      res.writeHead(v.ok ? 204 : (v.status ?? 412)).end();
    });
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/api/webhooks/ebay/conn-1`;
    return { url, received, close: () => new Promise<void>((r) => srv.close(() => r())) };
  }

  it("answers eBay's endpoint challenge, so a destination can be created, then verifies signed deliveries", async () => {
    const ctx = context();
    const http = httpFor(ctx);
    const verifier = createEbayWebhookVerifier({ fetchPublicKey: (kid, c) => fetchPublicKeyWithConnection(kid, c) });
    let endpoint = "";
    const box = await intake(verifier, () => webhookConnection(ctx, endpoint));
    endpoint = box.url;
    try {
      const app = await http.applicationToken();
      const created = await http.request({
        operation: "createDestination",
        method: "POST",
        path: "/commerce/notification/v1/destination",
        auth: { type: "bearer", token: app },
        json: { name: "Kervan", status: "ENABLED", deliveryConfig: { endpoint, verificationToken } },
      });
      expect(created.status).toBe(201);
      const destinationId = created.headers.get("location")!.split("/").pop()!;
      await http.request({
        operation: "createSubscription",
        method: "POST",
        path: "/commerce/notification/v1/subscription",
        json: { topicId: "MARKETPLACE_ACCOUNT_DELETION", status: "ENABLED", destinationId, payload: { format: "JSON", schemaVersion: "1.0", deliveryProtocol: "HTTPS" } },
      });
      const sent = sim.queueNotification("MARKETPLACE_ACCOUNT_DELETION", { username: "gone_user", userId: "ma8vp1jySJC", eiasToken: "nY+sHZ2PrBmdj6wVnY+sEZ2PrA2dj6wJnY+gAZGEpwmdj6x9nY+seQ==" });
      const deliveries = await sim.flushNotifications();
      expect(deliveries.map((d) => d.status)).toEqual([204]);
      expect(box.received).toEqual([{ ok: true, eventId: sent.notification.notificationId, topic: "MARKETPLACE_ACCOUNT_DELETION" }]);
    } finally {
      await box.close();
    }
  });

  it("computes the challenge response as hex SHA-256 of code + token + endpoint", async () => {
    const ctx = context();
    const verifier = createEbayWebhookVerifier({ fetchPublicKey: () => Promise.reject(new Error("not needed")) });
    const endpoint = "https://kervan.example/api/webhooks/ebay/conn-1";
    const v = await verifier.verify(
      { method: "GET", url: new URL(`${endpoint}?challenge_code=abc123`), headers: new Headers(), rawBody: "" },
      webhookConnection(ctx, endpoint),
    );
    const expected = crypto.createHash("sha256").update(`abc123${verificationToken}${endpoint}`).digest("hex");
    expect(v).toMatchObject({ ok: true, reply: { status: 200, json: { challengeResponse: expected } } });
    expect(await sim.challengeEndpoint(endpoint, verificationToken, { fetch: async () => Response.json({ challengeResponse: expected }) })).toBe(false); // a new random code each time
  });

  it("refuses a tampered body and a signature made with another key", async () => {
    const ctx = context();
    let fetched = 0;
    const verifier = createEbayWebhookVerifier({
      fetchPublicKey: (kid, c) => {
        fetched++;
        return fetchPublicKeyWithConnection(kid, c);
      },
    });
    const conn = webhookConnection(ctx);
    const d = sim.signedNotification("MARKETPLACE_ACCOUNT_DELETION", { username: "u1" });
    const req = (body: string, signature = d.headers["x-ebay-signature"]!) => ({
      method: "POST",
      url: new URL("https://kervan.example/api/webhooks/ebay/conn-1"),
      headers: new Headers({ "content-type": "application/json", "x-ebay-signature": signature }),
      rawBody: body,
    });
    expect(await verifier.verify(req(d.body), conn)).toMatchObject({ ok: true, eventId: d.envelope.notification.notificationId });
    expect(await verifier.verify(req(d.body.replace("u1", "u2")), conn)).toMatchObject({ ok: false, status: 412 });
    const other = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey;
    const forged = Buffer.from(
      JSON.stringify({ alg: "ecdsa", kid: sim.signingKey.kid, signature: crypto.sign("sha1", Buffer.from(d.body), other).toString("base64"), digest: "SHA1" }),
    ).toString("base64");
    expect(await verifier.verify(req(d.body, forged), conn)).toMatchObject({ ok: false, status: 412 });
    expect(await verifier.verify(req(d.body, "not-base64-json"), conn)).toMatchObject({ ok: false, status: 412 });
    expect(fetched).toBe(1); // the key is cached by kid
  });

  it("delivers duplicates and reversed order when those faults are on, with stable event ids", async () => {
    const ctx = context();
    const verifier = createEbayWebhookVerifier({ fetchPublicKey: (kid, c) => fetchPublicKeyWithConnection(kid, c) });
    const box = await intake(verifier, () => webhookConnection(ctx));
    try {
      sim.faults.duplicateWebhooks = true;
      sim.faults.outOfOrderWebhooks = true;
      const a = sim.queueNotification("ITEM_AVAILABILITY", { sku: "A" }, { endpoint: box.url });
      const b = sim.queueNotification("ITEM_AVAILABILITY", { sku: "B" }, { endpoint: box.url });
      await sim.flushNotifications();
      const ids = box.received.map((r) => r.eventId);
      expect(ids).toEqual([b.notification.notificationId, b.notification.notificationId, a.notification.notificationId, a.notification.notificationId]);
    } finally {
      await box.close();
    }
  });
});
