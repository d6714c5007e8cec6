import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ConnectionContext } from "@/server/platforms/adapter";
import { adapter } from "@/server/platforms/ozon/adapter";
import { createOzonHttp } from "@/server/platforms/ozon/client";
import { ozonPushError, OZON_EVENT_ACK, webhook } from "@/server/platforms/ozon/webhook";
import type { WebhookVerification } from "@/server/platforms/webhooks";
import { noFaults } from "@/server/sandbox/framework";
import { createOzonSimulator, OZON_PUSH_SOURCE_IP, SANDBOX_ACCOUNTS, type OzonSimulator } from "@/server/sandbox/ozon";
import { startSandboxServer, type SandboxServer, headersOf } from "@/server/sandbox/server";
import { createContractChecker, formatContractFailure } from "../contract/checker";

/** Answers are read loosely in assertions: the contract checker validates their shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

// Every request an adapter sends and every simulator answer is checked against specs/ozon/ozon-seller-api.swagger.json.
// Tests that send deliberately wrong requests (no auth headers, oversize batches) switch the check off for themselves.
const checker = createContractChecker();
const violations: string[] = [];
let checkContract = true;

let nowMs = Date.parse("2026-07-10T10:00:00Z");
let sim: OzonSimulator;
let server: SandboxServer;
const noSleep = async () => {};

beforeAll(async () => {
  sim = createOzonSimulator({ now: () => nowMs });
  server = await startSandboxServer({
    simulators: [sim],
    onExchange: (e) => {
      if (!checkContract) return;
      const r = checker.check(e);
      if (!r.ok) violations.push(formatContractFailure(r));
    },
  });
});
afterAll(async () => server?.close());
beforeEach(() => {
  sim.reset();
  Object.assign(sim.faults, noFaults());
  // A fresh second and minute for the simulator's limits.
  nowMs += 120_000;
});
afterEach(() => {
  checkContract = true;
  expect(violations.splice(0)).toEqual([]);
});

function ctx(creds: { clientId: string; apiKey: string } = SANDBOX_ACCOUNTS.primary, baseUrl = server.baseUrl("ozon")): ConnectionContext {
  return {
    connectionId: `ozon-${crypto.randomUUID()}`,
    partnerId: "partner-ozon-test",
    platform: "ozon",
    environment: "sandbox",
    settings: { clientId: creds.clientId },
    credentials: { apiKey: creds.apiKey },
    baseUrl,
    memory: {},
  };
}

/** A raw call to the simulator, the way Ozon is called: POST + JSON + Client-Id/Api-Key. */
async function ozon(path: string, body: unknown, creds: { clientId?: string; apiKey?: string } = SANDBOX_ACCOUNTS.primary) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (creds.clientId !== undefined) headers["client-id"] = creds.clientId;
  if (creds.apiKey !== undefined) headers["api-key"] = creds.apiKey;
  const res = await fetch(server.baseUrl("ozon") + path, { method: "POST", headers, body: body === undefined ? undefined : JSON.stringify(body) });
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

const importItem = (offerId: string, extra: Record<string, unknown> = {}) => ({
  offer_id: offerId,
  name: `Product ${offerId}`,
  description_category_id: 17028922,
  type_id: 91565,
  price: "990",
  old_price: "1100",
  currency_code: "RUB",
  vat: "0.2",
  depth: 100,
  width: 150,
  height: 250,
  dimension_unit: "mm",
  weight: 300,
  weight_unit: "g",
  attributes: [],
  images: [],
  ...extra,
});

describe("Ozon connection test", () => {
  it("is connected for good credentials and names the seller and its warehouses", async () => {
    const c = ctx();
    const outcome = await adapter.testConnection(c, createOzonHttp(c));
    expect(outcome.status).toBe("connected");
    expect(outcome.accountName).toBe("Ozon seller 100200");
    expect(outcome.message).toContain("Kervan Moscow FBS");
    expect(outcome.message).toContain("Kervan Kazan rFBS");
  });

  it("is bad_credentials with Ozon's own message for a wrong Api-Key (Ozon answers 404/5)", async () => {
    const c = ctx({ clientId: "100200", apiKey: "not-the-key" });
    const outcome = await adapter.testConnection(c, createOzonHttp(c));
    expect(outcome).toMatchObject({ status: "bad_credentials", message: "Invalid Api-Key, please check the key and try again" });
  });

  it("is bad_credentials for a Client-Id that is not the key's", async () => {
    const c = ctx({ clientId: "100300", apiKey: SANDBOX_ACCOUNTS.primary.apiKey });
    const outcome = await adapter.testConnection(c, createOzonHttp(c));
    expect(outcome.status).toBe("bad_credentials");
  });

  it("is bad_credentials for a deactivated key", async () => {
    const c = ctx(SANDBOX_ACCOUNTS.deactivated);
    const outcome = await adapter.testConnection(c, createOzonHttp(c));
    expect(outcome).toMatchObject({ status: "bad_credentials", message: "Api-key is deactivated, use another one or generate a new one" });
  });

  it("is permission_missing for a key whose role does not open warehouses", async () => {
    const c = ctx(SANDBOX_ACCOUNTS.financeOnly);
    const outcome = await adapter.testConnection(c, createOzonHttp(c));
    expect(outcome).toMatchObject({ status: "permission_missing", message: "Api-Key is missing a required role for a method" });
  });

  it("rides out a short rate-limit storm with retries", async () => {
    sim.faults.rateLimitStorm = 2;
    const c = ctx();
    const outcome = await adapter.testConnection(c, createOzonHttp(c, { sleep: noSleep, random: () => 0 }));
    expect(outcome.status).toBe("connected");
  });

  it("is rate_limited with Ozon's message when the storm outlasts the retries", async () => {
    sim.faults.rateLimitStorm = 10;
    const c = ctx();
    const outcome = await adapter.testConnection(c, createOzonHttp(c, { sleep: noSleep, random: () => 0 }));
    expect(outcome).toMatchObject({ status: "rate_limited", message: "You have reached request rate limit per second" });
  });

  it("is unreachable for a closed port", async () => {
    const c = ctx(SANDBOX_ACCOUNTS.primary, `http://127.0.0.1:${await closedPort()}/sandbox/ozon`);
    const outcome = await adapter.testConnection(c, createOzonHttp(c, { sleep: noSleep, random: () => 0 }));
    expect(outcome.status).toBe("unreachable");
    expect(outcome.message).toMatch(/connection refused/);
  });
});

describe("Ozon simulator: auth and global limits", () => {
  it("answers the live API's auth errors in Ozon's {code, message, details} shape", async () => {
    checkContract = false; // 401 for missing headers is the live API's answer, not in the contract
    expect(await ozon("/v1/warehouse/list", undefined, {})).toMatchObject({ status: 401, body: { code: 16, message: "Client-Id and Api-Key headers are required", details: [] } });
    expect(await ozon("/v1/warehouse/list", undefined, { clientId: "abc", apiKey: "x" })).toMatchObject({
      status: 400,
      body: { code: 3, message: "Client-Id header value should be positive integer" },
    });
    expect(await ozon("/v1/warehouse/list", undefined, { clientId: "100200", apiKey: "wrong" })).toMatchObject({ status: 404, body: { code: 5 } });
  });

  it("allows 50 requests per second per Client-Id, then answers 429", async () => {
    checkContract = false; // 429 is undocumented in the contract
    const statuses: number[] = [];
    for (let i = 0; i < 51; i++) statuses.push((await ozon("/v1/roles", {})).status);
    expect(statuses.slice(0, 50).every((s) => s === 200)).toBe(true);
    const last = await ozon("/v1/roles", {});
    expect(last).toMatchObject({ status: 429, body: { code: 8, message: "You have reached request rate limit per second" } });
    nowMs += 1_000;
    expect((await ozon("/v1/roles", {})).status).toBe(200);
  });

  it("reports the key's roles and methods", async () => {
    const res = await ozon("/v1/roles", {});
    expect(res.body.roles[0].name).toBe("Admin");
    expect(res.body.roles[0].methods).toContain("/v2/products/stocks");
  });
});

describe("Ozon simulator: products", () => {
  it("pages the product list with last_id and keeps sellers apart", async () => {
    const seen: string[] = [];
    let lastId = "";
    for (let guard = 0; guard < 10; guard++) {
      const res = await ozon("/v3/product/list", { filter: { visibility: "ALL" }, last_id: lastId, limit: 2 });
      expect(res.status).toBe(200);
      expect(res.body.result.total).toBe(3);
      if (res.body.result.items.length === 0) break;
      seen.push(...res.body.result.items.map((i: { offer_id: string }) => i.offer_id));
      lastId = res.body.result.last_id;
    }
    expect(seen).toEqual(["KRV-TEA-001", "KRV-TEA-002", "KRV-CEZVE-01"]);
    const archived = await ozon("/v3/product/list", { filter: { visibility: "ARCHIVED" }, limit: 10 });
    expect(archived.body.result.items.map((i: { offer_id: string }) => i.offer_id)).toEqual(["KRV-OLD-999"]);
    const other = await ozon("/v3/product/list", { filter: {}, limit: 10 }, SANDBOX_ACCOUNTS.other);
    expect(other.body.result.items.map((i: { offer_id: string }) => i.offer_id)).toEqual(["OTHER-1"]);
  });

  it("refuses a page larger than 1000", async () => {
    const res = await ozon("/v3/product/list", { filter: {}, limit: 1001 });
    expect(res).toMatchObject({ status: 400, body: { code: 3 } });
  });

  it("imports at most 100 items per request", async () => {
    const items = Array.from({ length: 101 }, (_, i) => importItem(`BULK-${i}`));
    const res = await ozon("/v3/product/import", { items });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/no more than 100 item/);
  });

  it("runs an import as a task: pending until processed, then imported / failed per item, skipped when unchanged", async () => {
    const started = await ozon("/v3/product/import", { items: [importItem("NEW-1"), importItem("NEW-2", { name: "" })] });
    expect(started.status).toBe(200);
    const taskId = started.body.result.task_id;
    expect(taskId).toEqual(expect.any(Number));

    const pending = await ozon("/v1/product/import/info", { task_id: taskId });
    expect(pending.body.result.items.map((i: { status: string }) => i.status)).toEqual(["pending", "pending"]);

    nowMs += 1_000;
    const done = await ozon("/v1/product/import/info", { task_id: taskId });
    const [ok, failed] = done.body.result.items;
    expect(ok).toMatchObject({ offer_id: "NEW-1", status: "imported", errors: [] });
    expect(ok.product_id).toBeGreaterThan(0);
    expect(failed).toMatchObject({ offer_id: "NEW-2", status: "failed" });
    expect(failed.errors[0]).toMatchObject({ field: "name", level: "error" });
    expect(sim.productByOfferId("100200", "NEW-1")).toMatchObject({ product_id: ok.product_id, price: "990" });
    expect(sim.productByOfferId("100200", "NEW-2")).toBeUndefined();

    const again = await ozon("/v3/product/import", { items: [importItem("NEW-1")] });
    nowMs += 1_000;
    const skipped = await ozon("/v1/product/import/info", { task_id: again.body.result.task_id });
    expect(skipped.body.result.items[0]).toMatchObject({ offer_id: "NEW-1", status: "skipped", product_id: ok.product_id });
  });

  it("fails a share of import items when partialBatchFailureRate is set", async () => {
    const rolls = [0.9, 0.1, 0.9];
    const flaky = createOzonSimulator({ now: () => nowMs, random: () => rolls.shift() ?? 0.9, importProcessingMs: 0 });
    const local = await startSandboxServer({ simulators: [flaky] });
    try {
      flaky.faults.partialBatchFailureRate = 0.5;
      const post = (path: string, body: unknown) =>
        fetch(local.baseUrl("ozon") + path, {
          method: "POST",
          headers: { "content-type": "application/json", "client-id": "100200", "api-key": "sandbox-ozon-key" },
          body: JSON.stringify(body),
        }).then((r) => r.json() as Promise<Loose>);
      const started = await post("/v3/product/import", { items: [importItem("P-1"), importItem("P-2"), importItem("P-3")] });
      const info = await post("/v1/product/import/info", { task_id: started.result.task_id });
      expect(info.result.items.map((i: { status: string }) => i.status)).toEqual(["imported", "failed", "imported"]);
      expect(info.result.items[1].errors[0].code).toBe("Incorrect_density");
    } finally {
      await local.close();
    }
  });

  it("answers 404 for an unknown import task", async () => {
    expect(await ozon("/v1/product/import/info", { task_id: 42 })).toMatchObject({ status: 404, body: { code: 5 } });
  });
});

describe("Ozon simulator: stocks", () => {
  const wh = 22000000000101;

  it("takes at most 100 product-warehouse pairs per request", async () => {
    const stocks = Array.from({ length: 101 }, (_, i) => ({ offer_id: `X-${i}`, product_id: 0, stock: 1, warehouse_id: wh }));
    const res = await ozon("/v2/products/stocks", { stocks });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/no more than 100 item/);
    const hundred = await ozon("/v2/products/stocks", { stocks: stocks.slice(0, 100) });
    expect(hundred.status).toBe(200);
    expect(hundred.body.result).toHaveLength(100);
  });

  it("updates a pair at most once per 30 s, answering 200 with TOO_MANY_REQUESTS for the item", async () => {
    const item = { offer_id: "KRV-TEA-001", product_id: 900000101, stock: 7, warehouse_id: wh };
    const first = await ozon("/v2/products/stocks", { stocks: [item] });
    expect(first.body.result[0]).toMatchObject({ offer_id: "KRV-TEA-001", warehouse_id: wh, updated: true, errors: [] });
    expect(sim.stockOf("100200", 900000101, wh)).toBe(7);

    nowMs += 29_000;
    const tooSoon = await ozon("/v2/products/stocks", { stocks: [{ ...item, stock: 8 }] });
    expect(tooSoon.status).toBe(200);
    expect(tooSoon.body.result[0]).toMatchObject({ updated: false, errors: [{ code: "TOO_MANY_REQUESTS" }] });
    expect(sim.stockOf("100200", 900000101, wh)).toBe(7);

    nowMs += 1_000;
    const later = await ozon("/v2/products/stocks", { stocks: [{ ...item, stock: 8 }] });
    expect(later.body.result[0]).toMatchObject({ updated: true });
    expect(sim.stockOf("100200", 900000101, wh)).toBe(8);
  });

  it("reports partial failure per item: unknown product, unknown warehouse, too big, and injected failures", async () => {
    const res = await ozon("/v2/products/stocks", {
      stocks: [
        { offer_id: "KRV-TEA-002", product_id: 900000102, stock: 5, warehouse_id: wh },
        { offer_id: "NO-SUCH", product_id: 0, stock: 5, warehouse_id: wh },
        { offer_id: "KRV-TEA-001", product_id: 900000101, stock: 5, warehouse_id: 1 },
        { offer_id: "KRV-CEZVE-01", product_id: 900000103, stock: 1_000_000, warehouse_id: wh },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.result.map((r: { updated: boolean; errors: Array<{ code: string }> }) => [r.updated, r.errors[0]?.code])).toEqual([
      [true, undefined],
      [false, "NOT_FOUND_ERROR"],
      [false, "WAREHOUSE_NOT_FOUND"],
      [false, "STOCK_TOO_BIG"],
    ]);

    sim.faults.partialBatchFailureRate = 1;
    const flaky = await ozon("/v2/products/stocks", { stocks: [{ offer_id: "KRV-CEZVE-01", product_id: 900000103, stock: 3, warehouse_id: wh }] });
    expect(flaky.body.result[0]).toMatchObject({ updated: false, errors: [{ code: "PRODUCT_HAS_NOT_BEEN_TAGGED_YET" }] });
  });

  it("allows 80 stock requests per minute, then answers 429", async () => {
    checkContract = false; // 429 is undocumented in the contract
    for (let i = 0; i < 80; i++) {
      nowMs += 100; // stay under 50 per second
      const res = await ozon("/v2/products/stocks", { stocks: [{ offer_id: "KRV-TEA-001", product_id: 900000101, stock: i, warehouse_id: wh }] });
      expect(res.status).toBe(200);
    }
    nowMs += 100;
    const res = await ozon("/v2/products/stocks", { stocks: [{ offer_id: "KRV-TEA-001", product_id: 900000101, stock: 1, warehouse_id: wh }] });
    expect(res).toMatchObject({ status: 429, body: { code: 8 } });
  });
});

describe("Ozon simulator: prices", () => {
  it("takes at most 1000 prices per request and answers per item", async () => {
    const tooMany = Array.from({ length: 1001 }, (_, i) => ({ offer_id: `X-${i}`, price: "100" }));
    checkContract = false; // the contract's maxItems: 1000 is what this request breaks on purpose
    expect((await ozon("/v1/product/import/prices", { prices: tooMany })).status).toBe(400);
    checkContract = true;

    const res = await ozon("/v1/product/import/prices", {
      prices: [
        { offer_id: "KRV-TEA-001", price: "550", old_price: "690", currency_code: "RUB" },
        { offer_id: "NO-SUCH", price: "100" },
        { offer_id: "KRV-TEA-002", price: "100", old_price: "1490" },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.result.map((r: { updated: boolean; errors: Array<{ code: string }> }) => [r.updated, r.errors[0]?.code])).toEqual([
      [true, undefined],
      [false, "NOT_FOUND_ERROR"],
      [false, "discount_too_big"],
    ]);
    expect(sim.productByOfferId("100200", "KRV-TEA-001")?.price).toBe("550");
  });

  it("updates one product's price at most 10 times per hour", async () => {
    const results: boolean[] = [];
    for (let i = 0; i < 11; i++) {
      nowMs += 1_000;
      const res = await ozon("/v1/product/import/prices", { prices: [{ offer_id: "KRV-CEZVE-01", price: String(2000 + i) }] });
      results.push(res.body.result[0].updated);
    }
    expect(results).toEqual([...Array(10).fill(true), false]);
  });
});

describe("Ozon simulator: FBS postings", () => {
  it("lists postings in a period and unfulfilled ones by cutoff", async () => {
    const list = await ozon("/v3/posting/fbs/list", { dir: "asc", filter: { since: "2026-06-01T00:00:00Z", to: "2026-07-31T00:00:00Z" }, limit: 1, offset: 0 });
    expect(list.status).toBe(200);
    expect(list.body.result.postings.map((p: { posting_number: string }) => p.posting_number)).toEqual(["39268230-0002-1"]);
    expect(list.body.result.has_next).toBe(true);

    const msg = sim.createPosting("100200", { offerId: "KRV-TEA-002", quantity: 3 });
    const unfulfilled = await ozon("/v3/posting/fbs/unfulfilled/list", {
      filter: { cutoff_from: "2026-06-01T00:00:00Z", cutoff_to: new Date(nowMs + 3 * 86_400_000).toISOString() },
      limit: 100,
      offset: 0,
    });
    const numbers = unfulfilled.body.result.postings.map((p: { posting_number: string }) => p.posting_number);
    expect(numbers).toContain(msg.posting_number);
    expect(numbers).not.toContain("39268230-0002-1"); // delivered
    expect(unfulfilled.body.result.count).toBe(numbers.length);
  });
});

// --- push notifications -------------------------------------------------------------------------------------------

interface Received {
  verification: WebhookVerification;
  forwardedFor: string | null;
}

/** The intake as the product runs it: raw body, source address from X-Forwarded-For, verify, answer Ozon's way. */
async function startReceiver(settings: Record<string, string>) {
  const received: Received[] = [];
  const srv = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = headersOf(req);
    const forwardedFor = headers.get("x-forwarded-for");
    const verification = await webhook.verify(
      {
        method: req.method ?? "POST",
        url: new URL(req.url ?? "/", "http://receiver"),
        headers,
        rawBody: Buffer.concat(chunks).toString("utf8"),
        sourceIp: forwardedFor?.split(",")[0]?.trim() ?? req.socket.remoteAddress,
      },
      { connectionId: "conn-ozon", settings, credentials: {} },
    );
    received.push({ verification, forwardedFor });
    const answer = verification.ok
      ? (verification.reply ?? OZON_EVENT_ACK)
      : { status: verification.status ?? 400, json: ozonPushError(verification.reason) };
    res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.json));
  });
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/webhooks/ozon/conn-ozon`, received, close: () => new Promise<void>((r) => srv.close(() => r())) };
}

describe("Ozon push notifications", () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeEach(async () => {
    receiver = await startReceiver({ clientId: "100200" });
  });
  afterEach(async () => receiver.close());

  it("answers TYPE_PING with {version, name, time} from an Ozon address", async () => {
    const result = await sim.push(receiver.url, []);
    expect(result.ping.problem).toBeUndefined();
    expect(result.ping.status).toBe(200);
    expect(result.ping.body).toMatchObject({ name: "kervan", version: expect.any(String), time: expect.any(String) });
    expect(receiver.received[0]!.forwardedFor).toBe(OZON_PUSH_SOURCE_IP);
  });

  it("verifies the simulator's deliveries: topic, event id, event time", async () => {
    const created = sim.createPosting("100200");
    nowMs += 60_000;
    const changed = sim.changePostingState("100200", String(created.posting_number), "posting_delivered");
    const result = await sim.push(receiver.url, [created, changed]);
    expect(result.deliveries.map((d) => [d.status, d.problem])).toEqual([
      [200, undefined],
      [200, undefined],
    ]);
    const events = receiver.received.slice(1).map((r) => r.verification);
    expect(events.every((v) => v.ok && !v.reply)).toBe(true);
    const [a, b] = events as Array<Extract<WebhookVerification, { ok: true }>>;
    expect(a!.topic).toBe("TYPE_NEW_POSTING");
    expect(b!.topic).toBe("TYPE_STATE_CHANGED");
    expect(a!.eventId).not.toBe(b!.eventId);
    expect(b!.occurredAt!.getTime()).toBe(nowMs);
  });

  it("gives a duplicate delivery the same event id", async () => {
    sim.faults.duplicateWebhooks = true;
    const result = await sim.push(receiver.url, [sim.createPosting("100200")]);
    expect(result.deliveries).toHaveLength(2);
    const ids = receiver.received.slice(1).map((r) => (r.verification as { eventId: string }).eventId);
    expect(ids[0]).toBe(ids[1]);
  });

  it("delivers out of order, and event times still tell which state is newest", async () => {
    sim.faults.outOfOrderWebhooks = true;
    const created = sim.createPosting("100200");
    nowMs += 60_000;
    const cancelled = sim.cancelPosting("100200", String(created.posting_number));
    await sim.push(receiver.url, [created, cancelled]);
    const events = receiver.received.slice(1).map((r) => r.verification as Extract<WebhookVerification, { ok: true }>);
    expect(events.map((e) => e.topic)).toEqual(["TYPE_POSTING_CANCELLED", "TYPE_NEW_POSTING"]);
    expect(events[0]!.occurredAt!.getTime()).toBeGreaterThan(events[1]!.occurredAt!.getTime());
  });

  it("refuses a delivery from outside Ozon's ranges, so Ozon's connection check fails", async () => {
    const result = await sim.push(receiver.url, [sim.createPosting("100200")], { sourceIp: "203.0.113.7" });
    expect(result.ping).toMatchObject({ status: 401, problem: "STATUS_CODE_NOT_OK" });
    expect(result.ping.body).toMatchObject({ error: { code: "ERROR_UNKNOWN", message: expect.stringContaining("not in Ozon's push ranges") } });
    expect(result.deliveries).toEqual([]);
  });

  it("refuses an event for another seller", async () => {
    const result = await sim.push(receiver.url, [sim.createPosting("100300")]);
    expect(result.ping.problem).toBeUndefined();
    expect(result.deliveries[0]).toMatchObject({ status: 401, problem: "STATUS_CODE_NOT_OK" });
    const v = receiver.received[1]!.verification;
    expect(v.ok).toBe(false);
    expect(!v.ok && v.reason).toMatch(/seller_id 100300 does not match .* 100200/);
  });
});
