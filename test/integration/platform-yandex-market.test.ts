import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ConnectionContext } from "@/server/platforms/adapter";
import type { WebhookVerification } from "@/server/platforms/webhooks";
import { adapter } from "@/server/platforms/yandex-market/adapter";
import { createYandexMarketHttp } from "@/server/platforms/yandex-market/client";
import { webhook, yandexAck, yandexNotificationError } from "@/server/platforms/yandex-market/webhook";
import { noFaults } from "@/server/sandbox/framework";
import { startSandboxServer, type SandboxServer, headersOf } from "@/server/sandbox/server";
import {
  createYandexMarketSimulator,
  SANDBOX_ACCOUNTS,
  YANDEX_PUSH_SOURCE_IP,
  type YandexMarketSimulator,
} from "@/server/sandbox/yandex-market";
import { createContractChecker, formatContractFailure } from "../contract/checker";

/** Answers are read loosely in assertions: the contract checker validates their shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

// Every exchange is checked against specs/yandex-market/openapi; tests that break the contract on purpose say so.
const checker = createContractChecker();
const violations: string[] = [];
let checkContract = true;
const onExchange = (e: Parameters<typeof checker.check>[0]) => {
  if (!checkContract) return;
  const r = checker.check(e);
  if (!r.ok) violations.push(formatContractFailure(r));
};

let nowMs = Date.parse("2026-07-10T10:00:00Z");
let sim: YandexMarketSimulator;
let server: SandboxServer;
const noSleep = async () => {};
const { primary } = SANDBOX_ACCOUNTS;

beforeAll(async () => {
  sim = createYandexMarketSimulator({ now: () => nowMs });
  server = await startSandboxServer({ simulators: [sim], onExchange });
});
afterAll(async () => server?.close());
beforeEach(() => {
  sim.reset();
  Object.assign(sim.faults, noFaults());
  nowMs += 2 * 3_600_000;
});
afterEach(() => {
  checkContract = true;
  expect(violations.splice(0)).toEqual([]);
});

function ctx(
  creds: { apiKey: string; businessId: string; campaignId: string } = primary,
  baseUrl = server.baseUrl("yandex-market"),
): ConnectionContext {
  return {
    connectionId: `ym-${crypto.randomUUID()}`,
    partnerId: "partner-ym-test",
    platform: "yandex-market",
    environment: "sandbox",
    settings: { businessId: creds.businessId, campaignId: creds.campaignId },
    credentials: { apiKey: creds.apiKey },
    baseUrl,
    memory: {},
  };
}

async function ym(method: string, path: string, body?: unknown, apiKey: string | null = primary.apiKey, base = server.baseUrl("yandex-market")) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (apiKey !== null) headers["api-key"] = apiKey;
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as Loose };
}

async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe("Yandex Market connection test", () => {
  it("is connected for good credentials with the shop and cabinet names", async () => {
    const c = ctx();
    const outcome = await adapter.testConnection(c, createYandexMarketHttp(c));
    expect(outcome).toMatchObject({ status: "connected", accountName: "Kervan Sandbox Shop (Kervan Sandbox Business)", remember: { yandexScopes: "ALL_METHODS" } });
  });

  it("is bad_credentials with the Market's message for a wrong token", async () => {
    const c = ctx({ ...primary, apiKey: "ACMA:wrong:token" });
    const outcome = await adapter.testConnection(c, createYandexMarketHttp(c));
    expect(outcome).toMatchObject({ status: "bad_credentials", message: "Api-Key token is invalid" });
  });

  it("is bad_credentials for a revoked token", async () => {
    const c = ctx(SANDBOX_ACCOUNTS.revoked);
    const outcome = await adapter.testConnection(c, createYandexMarketHttp(c));
    expect(outcome).toMatchObject({ status: "bad_credentials", message: "Api-Key token is revoked" });
  });

  it("is permission_missing for a read-only token, naming what it lacks", async () => {
    const c = ctx(SANDBOX_ACCOUNTS.readOnly);
    const outcome = await adapter.testConnection(c, createYandexMarketHttp(c));
    expect(outcome.status).toBe("permission_missing");
    expect(outcome.accountName).toBe("Kervan Sandbox Shop (Kervan Sandbox Business)");
    expect(outcome.message).toContain("OFFERS_AND_CARDS_MANAGEMENT, PRICING, INVENTORY_AND_ORDER_PROCESSING");
  });

  it("is permission_missing when the campaign is not in the token's cabinet", async () => {
    const c = ctx({ ...primary, campaignId: SANDBOX_ACCOUNTS.other.campaignId });
    const outcome = await adapter.testConnection(c, createYandexMarketHttp(c));
    expect(outcome.status).toBe("permission_missing");
    expect(outcome.message).toContain("no shop with campaignId 21300500");
    expect(outcome.message).toContain("Kervan Sandbox Shop (21300400)");
  });

  it("is permission_missing when businessId is not the shop's cabinet", async () => {
    const c = ctx({ ...primary, businessId: "7100300" });
    const outcome = await adapter.testConnection(c, createYandexMarketHttp(c));
    expect(outcome).toMatchObject({ status: "permission_missing", message: "Shop 21300400 belongs to cabinet 7100200, not to businessId 7100300" });
  });

  it("rides out a short 420 storm", async () => {
    sim.faults.rateLimitStorm = 2;
    const c = ctx();
    const outcome = await adapter.testConnection(c, createYandexMarketHttp(c, { sleep: noSleep, random: () => 0 }));
    expect(outcome.status).toBe("connected");
  });

  it("is rate_limited with the Market's 420 message when the storm outlasts the retries", async () => {
    sim.faults.rateLimitStorm = 10;
    const c = ctx();
    const outcome = await adapter.testConnection(c, createYandexMarketHttp(c, { sleep: noSleep, random: () => 0 }));
    expect(outcome.status).toBe("rate_limited");
    expect(outcome.message).toBe("Hit rate limit of 1000 requests per hour for resource 'getCampaigns'");
  });

  it("is unreachable for a closed port", async () => {
    const c = ctx(primary, `http://127.0.0.1:${await closedPort()}/sandbox/yandex-market`);
    const outcome = await adapter.testConnection(c, createYandexMarketHttp(c, { sleep: noSleep, random: () => 0 }));
    expect(outcome.status).toBe("unreachable");
  });
});

describe("Yandex Market simulator: auth, scopes and limits", () => {
  it("answers auth errors in the Market's {status, errors} shape", async () => {
    expect(await ym("GET", "/v2/campaigns", undefined, null)).toMatchObject({
      status: 401,
      body: { status: "ERROR", errors: [{ code: "UNAUTHORIZED", message: "Credentials are not specified" }] },
    });
    expect((await ym("GET", "/v2/campaigns", undefined, `Bearer ${primary.apiKey}`)).body.errors[0].message).toBe("Api-Key token prefix invalid");
    expect(await ym("GET", "/v2/campaigns/21300500", undefined)).toMatchObject({ status: 403, body: { errors: [{ code: "FORBIDDEN" }] } });
    const readOnly = await ym("PUT", "/v2/campaigns/21300400/offers/stocks", { skus: [{ sku: "KRV-TEA-001", items: [{ count: 1 }] }] }, SANDBOX_ACCOUNTS.readOnly.apiKey);
    expect(readOnly.status).toBe(403);
    expect(readOnly.body.errors[0].message).toMatch(/^Token does not have any of the scopes/);
  });

  it("answers 420 to the 5th parallel request for one campaign (the 7th for the orders method, whose limit is 6)", async () => {
    const slow = createYandexMarketSimulator({ now: () => nowMs, processingMs: 200 });
    const local = await startSandboxServer({ simulators: [slow], onExchange });
    try {
      const base = local.baseUrl("yandex-market");
      const five = await Promise.all(Array.from({ length: 5 }, () => ym("GET", "/v2/campaigns/21300400", undefined, primary.apiKey, base)));
      const statuses = five.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 200, 200, 200, 420]);
      const refused = five.find((r) => r.status === 420)!;
      expect(refused.body).toEqual({ status: "ERROR", errors: [{ code: "METHOD_FAILURE", message: "Hit rate limit of 4 parallel requests for campaignId 21300400" }] });

      const orders = await Promise.all(
        Array.from({ length: 7 }, () => ym("POST", "/v1/businesses/7100200/orders?limit=50", {}, primary.apiKey, base)),
      );
      expect(orders.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 420]);
      // Once they finish, the slots are free again.
      expect((await ym("GET", "/v2/campaigns/21300400", undefined, primary.apiKey, base)).status).toBe(200);
    } finally {
      await local.close();
    }
  });

  it("counts each method's quota, says so in X-RateLimit-Resource-* headers, and answers 420 when it is spent", async () => {
    const first = await ym("POST", "/v2/businesses/7100200/settings");
    expect(first.status).toBe(200);
    expect(first.body.result.info).toEqual({ id: 7100200, name: "Kervan Sandbox Business" });
    expect(first.headers.get("x-ratelimit-resource-limit")).toBe("100");
    expect(first.headers.get("x-ratelimit-resource-remaining")).toBe("99");
    const until = Date.parse(first.headers.get("x-ratelimit-resource-until")!);
    expect(until).toBe(Math.floor((nowMs + 3_600_000) / 1000) * 1000);
    for (let i = 0; i < 99; i++) await ym("POST", "/v2/businesses/7100200/settings");
    const spent = await ym("POST", "/v2/businesses/7100200/settings");
    expect(spent.status).toBe(420);
    expect(spent.body.errors[0].message).toBe("Hit rate limit of 100 requests per hour for resource 'getBusinessSettings'");
    expect(spent.headers.get("x-ratelimit-resource-remaining")).toBe("0");
    nowMs += 3_600_000;
    expect((await ym("POST", "/v2/businesses/7100200/settings")).status).toBe(200);
  });

  it("counts item quotas in items: offer-mappings/update allows 5000 offers per minute", async () => {
    const batch = (n: number) => ({
      offerMappings: Array.from({ length: 500 }, (_, i) => ({ offer: { offerId: `BULK-${n}-${i}`, name: `Bulk ${i}`, marketCategoryId: 90610 } })),
    });
    for (let n = 0; n < 10; n++) expect((await ym("POST", "/v2/businesses/7100200/offer-mappings/update", batch(n))).status).toBe(200);
    const over = await ym("POST", "/v2/businesses/7100200/offer-mappings/update", batch(10));
    expect(over.status).toBe(420);
    expect(over.body.errors[0].message).toBe("Hit rate limit of 5000 offerMappings per minute for resource 'updateOfferMappings'");
  });
});

describe("Yandex Market simulator: catalogue, stocks, prices, orders", () => {
  it("pages offer mappings with pageToken, at most 100 per page", async () => {
    const seen: string[] = [];
    let token: string | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const q = new URLSearchParams({ limit: "2", ...(token ? { pageToken: token } : {}) });
      const res = await ym("POST", `/v2/businesses/7100200/offer-mappings?${q}`, {});
      expect(res.status).toBe(200);
      seen.push(...res.body.result.offerMappings.map((m: { offer: { offerId: string } }) => m.offer.offerId));
      token = res.body.result.paging.nextPageToken;
      if (!token) break;
    }
    expect(seen).toEqual(["KRV-TEA-001", "KRV-TEA-002", "KRV-CEZVE-01"]);
    checkContract = false; // limit=101 breaks the contract's maximum on purpose
    expect(await ym("POST", "/v2/businesses/7100200/offer-mappings?limit=101", {})).toMatchObject({ status: 400, body: { errors: [{ message: "Limit exceeded" }] } });
  });

  it("updates offer mappings per offer: refused offers come back in results, the rest are saved", async () => {
    sim.faults.partialBatchFailureRate = 0;
    const res = await ym("POST", "/v2/businesses/7100200/offer-mappings/update", {
      offerMappings: [
        { offer: { offerId: "NEW-1", name: "New product", marketCategoryId: 90610, vendor: "Kervan" } },
        { offer: { offerId: "NEW-2", name: "No category" } },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([{ offerId: "NEW-2", errors: [{ type: "EMPTY_MARKET_CATEGORY", message: "marketCategoryId is required for a new offer" }] }]);
    const list = await ym("POST", "/v2/businesses/7100200/offer-mappings?limit=100", { offerIds: ["NEW-1", "NEW-2"] });
    expect(list.body.result.offerMappings.map((m: { offer: { offerId: string } }) => m.offer.offerId)).toEqual(["NEW-1"]);
  });

  it("updates stocks for 1–2000 SKUs, all or nothing", async () => {
    const ok = await ym("PUT", "/v2/campaigns/21300400/offers/stocks", {
      skus: [
        { sku: "KRV-TEA-001", items: [{ count: 17, updatedAt: new Date(nowMs).toISOString() }] },
        { sku: "KRV-CEZVE-01", items: [{ count: 0 }] },
      ],
    });
    expect(ok).toMatchObject({ status: 200, body: { status: "OK" } });
    expect(sim.stockOf(21300400, "KRV-TEA-001")).toBe(17);
    expect(sim.stockOf(21300400, "KRV-CEZVE-01")).toBe(0);

    const unknown = await ym("PUT", "/v2/campaigns/21300400/offers/stocks", {
      skus: [
        { sku: "KRV-TEA-001", items: [{ count: 5 }] },
        { sku: "NO-SUCH", items: [{ count: 5 }] },
      ],
    });
    expect(unknown).toMatchObject({ status: 400, body: { status: "ERROR", errors: [{ code: "OFFER_NOT_FOUND" }] } });
    expect(sim.stockOf(21300400, "KRV-TEA-001")).toBe(17);

    checkContract = false; // 0 and 2001 SKUs break the contract's minItems/maxItems on purpose
    expect((await ym("PUT", "/v2/campaigns/21300400/offers/stocks", { skus: [] })).status).toBe(400);
    const tooMany = Array.from({ length: 2001 }, (_, i) => ({ sku: `S-${i}`, items: [{ count: 1 }] }));
    expect((await ym("PUT", "/v2/campaigns/21300400/offers/stocks", { skus: tooMany })).status).toBe(400);
  });

  it("updates business prices for at most 500 offers, refusing a discount base below the price", async () => {
    const ok = await ym("POST", "/v2/businesses/7100200/offer-prices/updates", {
      offers: [{ offerId: "KRV-TEA-001", price: { value: 550, currencyId: "RUR", discountBase: 690 } }],
    });
    expect(ok).toMatchObject({ status: 200, body: { status: "OK" } });
    expect(sim.priceOf(7100200, "KRV-TEA-001")).toEqual({ value: 550, discountBase: 690 });

    const bad = await ym("POST", "/v2/businesses/7100200/offer-prices/updates", {
      offers: [{ offerId: "KRV-TEA-002", price: { value: 900, currencyId: "RUR", discountBase: 800 } }],
    });
    expect(bad).toMatchObject({ status: 400, body: { errors: [{ code: "DISCOUNT_BASE_LESS_THAN_PRICE" }] } });

    checkContract = false; // 501 offers break the contract's maxItems on purpose
    const tooMany = Array.from({ length: 501 }, () => ({ offerId: "KRV-TEA-001", price: { value: 1, currencyId: "RUR" } }));
    expect((await ym("POST", "/v2/businesses/7100200/offer-prices/updates", { offers: tooMany })).status).toBe(400);
  });

  it("lists business orders with pageToken paging, at most 50 per page and 30 days", async () => {
    const first = await ym("POST", "/v1/businesses/7100200/orders?limit=1", { dates: { creationDateFrom: "2026-06-15", creationDateTo: "2026-07-10" } });
    expect(first.status).toBe(200);
    expect(first.body.orders[0]).toMatchObject({ orderId: 46000000001, campaignId: 21300400, status: "PROCESSING", substatus: "STARTED" });
    const next = await ym("POST", `/v1/businesses/7100200/orders?limit=1&pageToken=${first.body.paging.nextPageToken}`, {
      dates: { creationDateFrom: "2026-06-15", creationDateTo: "2026-07-10" },
    });
    expect(next.body.orders[0]).toMatchObject({ orderId: 46000000002, fake: true });
    expect(next.body.paging).toEqual({});
    const tooLong = await ym("POST", "/v1/businesses/7100200/orders", { dates: { creationDateFrom: "2026-01-01", creationDateTo: "2026-07-10" } });
    expect(tooLong).toMatchObject({ status: 400, body: { errors: [{ message: "Too long time period. Maximum is '30' days" }] } });
  });
});

// --- notifications ------------------------------------------------------------------------------------------------

async function startReceiver(settings: Record<string, string>) {
  const received: Array<{ verification: WebhookVerification; path: string; forwardedFor: string | null }> = [];
  const srv = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = headersOf(req);
    const forwardedFor = headers.get("x-forwarded-for");
    const url = new URL(req.url ?? "/", "http://receiver");
    const verification = await webhook.verify(
      { method: req.method ?? "POST", url, headers, rawBody: Buffer.concat(chunks).toString("utf8"), sourceIp: forwardedFor?.split(",")[0]?.trim() },
      { connectionId: "conn-ym", settings, credentials: {} },
    );
    received.push({ verification, path: url.pathname, forwardedFor });
    const answer = verification.ok ? (verification.reply ?? yandexAck()) : { status: verification.status ?? 400, json: yandexNotificationError(verification.reason) };
    res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.json));
  });
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/webhooks/yandex-market/conn-ym`, received, close: () => new Promise<void>((r) => srv.close(() => r())) };
}

describe("Yandex Market notifications", () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeEach(async () => {
    receiver = await startReceiver({ businessId: primary.businessId, campaignId: primary.campaignId });
  });
  afterEach(async () => receiver.close());

  it("answers PING at {url}/notification with {version, name, time}, from a Market address", async () => {
    const result = await sim.push(receiver.url, []);
    expect(result.ping).toMatchObject({ status: 200, problem: undefined, body: { name: "kervan", version: expect.any(String) } });
    expect(receiver.received[0]).toMatchObject({ path: "/api/webhooks/yandex-market/conn-ym/notification", forwardedFor: YANDEX_PUSH_SOURCE_IP });
  });

  it("verifies the simulator's order notifications", async () => {
    const created = sim.createOrder(21300400, { offerId: "KRV-TEA-002", count: 2 });
    nowMs += 60_000;
    const updated = sim.updateOrderStatus(Number(created.orderId), "PROCESSING", "READY_TO_SHIP");
    const result = await sim.push(receiver.url, [created, updated]);
    expect(result.deliveries.map((d) => [d.status, d.problem])).toEqual([
      [200, undefined],
      [200, undefined],
    ]);
    const [a, b] = receiver.received.slice(1).map((r) => r.verification as Extract<WebhookVerification, { ok: true }>);
    expect([a!.topic, b!.topic]).toEqual(["ORDER_CREATED", "ORDER_STATUS_UPDATED"]);
    expect(a!.eventId).not.toBe(b!.eventId);
    expect(b!.occurredAt!.getTime()).toBe(nowMs);
    // The new order is there for the follow-up read the notification asks for.
    const orders = await ym("POST", "/v1/businesses/7100200/orders?limit=50", { orderIds: [created.orderId] });
    expect(orders.body.orders[0]).toMatchObject({ orderId: created.orderId, substatus: "READY_TO_SHIP" });
  });

  it("gives a repeated notification the same event id", async () => {
    sim.faults.duplicateWebhooks = true;
    await sim.push(receiver.url, [sim.createOrder(21300400)]);
    const ids = receiver.received.slice(1).map((r) => (r.verification as { eventId: string }).eventId);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
  });

  it("delivers out of order, and event times still tell the newest state", async () => {
    sim.faults.outOfOrderWebhooks = true;
    const created = sim.createOrder(21300400);
    nowMs += 60_000;
    const cancelled = sim.cancelOrder(Number(created.orderId));
    await sim.push(receiver.url, [created, cancelled]);
    const events = receiver.received.slice(1).map((r) => r.verification as Extract<WebhookVerification, { ok: true }>);
    expect(events.map((e) => e.topic)).toEqual(["ORDER_CANCELLED", "ORDER_CREATED"]);
    expect(events[0]!.occurredAt!.getTime()).toBeGreaterThan(events[1]!.occurredAt!.getTime());
  });

  it("refuses a notification from outside the Market's ranges", async () => {
    const result = await sim.push(receiver.url, [sim.createOrder(21300400)], { sourceIp: "198.51.100.4" });
    expect(result.ping.status).toBe(401);
    expect(result.ping.body).toMatchObject({ error: { type: "UNKNOWN", message: expect.stringContaining("not in Yandex Market's ranges") } });
    expect(result.deliveries).toEqual([]);
  });

  it("refuses a notification for another shop, even one of the same cabinet", async () => {
    const result = await sim.push(receiver.url, [sim.createOrder(21300401)]);
    expect(result.ping.problem).toBeUndefined();
    expect(result.deliveries[0]!.status).toBe(401);
    const v = receiver.received[1]!.verification;
    expect(!v.ok && v.reason).toBe("campaignId 21300401 does not match this connection's campaignId 21300400");
  });
});
