import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ConnectionContext } from "@/server/platforms/adapter";
import { PlatformError } from "@/server/platforms/errors";
import { adapter } from "@/server/platforms/wildberries/adapter";
import { createWildberriesHttp } from "@/server/platforms/wildberries/client";
import { startSandboxServer, type SandboxServer } from "@/server/sandbox/server";
import { createWildberriesSimulator, SANDBOX_ACCOUNTS, type WildberriesSimulator } from "@/server/sandbox/wildberries";
import { createContractChecker, formatContractFailure } from "@/test/contract/checker";

const noSleep = async () => {};
const PRICE_TASK_MS = 1000;
const CARD_MS = 1500;
let clock = Date.now();
let server: SandboxServer;
let sim: WildberriesSimulator;
const checker = createContractChecker();
const violations: string[] = [];
let tolerated: RegExp | undefined;
/** A test that sends a broken request on purpose names the violation it expects, here and in the coverage table. */
function tolerate(pattern: RegExp | undefined) {
  tolerated = pattern;
  checker.tolerate(pattern);
}

beforeAll(async () => {
  sim = createWildberriesSimulator({ now: () => clock, priceTaskMs: PRICE_TASK_MS, cardProcessingMs: CARD_MS });
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
  Object.assign(sim.faults, { rateLimitStorm: 0, serverErrors: 0, partialBatchFailureRate: 0 });
  tolerate(undefined);
  const found = violations.splice(0);
  expect(found, found.join("\n\n")).toEqual([]);
});

type Values = Record<string, string>;

function context(values: Values = { ...SANDBOX_ACCOUNTS.main.values }, baseUrl = server.baseUrl("wildberries")): ConnectionContext {
  const { warehouseId, ...credentials } = values;
  return {
    connectionId: `wildberries-${crypto.randomUUID()}`,
    partnerId: "partner-1",
    platform: "wildberries",
    environment: "sandbox",
    settings: warehouseId ? { warehouseId } : {},
    credentials,
    baseUrl,
    memory: {},
  };
}

const httpFor = (ctx: ConnectionContext) => createWildberriesHttp(ctx, { sleep: noSleep, random: () => 0 });
const url = (path: string) => `${server.baseUrl("wildberries")}${path}`;
const MARKETPLACE = { authorization: SANDBOX_ACCOUNTS.main.values.marketplaceToken, "content-type": "application/json" };

describe("Wildberries connection test", () => {
  it("checks every category token on its own host and names the seller", async () => {
    const ctx = context();
    const out = await adapter.testConnection(ctx, httpFor(ctx));
    expect(out).toEqual({
      status: "connected",
      accountName: "Kervan Store (ИП Караванов А. С.)",
      message: "Connected to Wildberries as Kervan Store (ИП Караванов А. С.). Tokens checked: Content (cards), Prices and discounts, Marketplace (stocks, FBS orders), Statistics.",
    });
  });

  it("lets one token with every category stand in for the others", async () => {
    const ctx = context({ ...SANDBOX_ACCOUNTS.universal.values });
    const out = await adapter.testConnection(ctx, httpFor(ctx));
    expect(out.status).toBe("connected");
    expect(out.message).toContain("Tokens checked: Content (cards), Marketplace (stocks, FBS orders).");
  });

  it("reports permission_missing when the content token has no marketplace category but a warehouse is set", async () => {
    const ctx = context({ ...SANDBOX_ACCOUNTS.contentOnly.values });
    const out = await adapter.testConnection(ctx, httpFor(ctx));
    expect(out).toEqual({
      status: "permission_missing",
      message: "Wildberries refused the content token (used for Marketplace (stocks, FBS orders)): unauthorized: token scope not allowed",
    });
  });

  it("reports bad_credentials with Wildberries' words for an unknown token", async () => {
    const ctx = context({ contentToken: "not-a-wb-token" });
    const out = await adapter.testConnection(ctx, httpFor(ctx));
    expect(out).toEqual({
      status: "bad_credentials",
      message: "Wildberries refused the Content (cards) token: unauthorized: token problem; token is malformed: token contains an invalid number of segments",
    });
  });

  it("reports rate_limited when a 429 storm outlasts the retries", async () => {
    const ctx = context();
    sim.faults.rateLimitStorm = 10;
    const out = await adapter.testConnection(ctx, httpFor(ctx));
    expect(out.status).toBe("rate_limited");
    expect(out.message).toMatch(/^Wildberries refused the Content \(cards\) token: too many requests: limited by /);
    expect(sim.faults.rateLimitStorm).toBe(5);
  });

  it("reports unreachable for a closed port", async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = http.createServer().listen(0, "127.0.0.1", () => {
        const port = (s.address() as AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    const ctx = context(undefined, `http://127.0.0.1:${closed}/sandbox/wildberries`);
    const out = await adapter.testConnection(ctx, httpFor(ctx));
    expect(out.status).toBe("unreachable");
    expect(out.message).toMatch(/connection refused/);
  });
});

describe("Wildberries simulator semantics", () => {
  it("limits GET /ping to 3 per 30 s per host", async () => {
    const headers = { authorization: SANDBOX_ACCOUNTS.main.values.contentToken };
    for (let i = 0; i < 3; i++) expect((await fetch(url("/content-api/ping"), { headers })).status).toBe(200);
    const over = await fetch(url("/content-api/ping"), { headers });
    expect(over.status).toBe(429);
    expect(over.headers.get("content-type")).toBe("application/problem+json");
    expect(await over.json()).toMatchObject({ title: "too many requests", status: 429 });
    expect((await fetch(url("/marketplace-api/ping"), { headers: MARKETPLACE })).status).toBe(200); // another host, another limit
    clock += 30_000;
    expect((await fetch(url("/content-api/ping"), { headers })).status).toBe(200);
  });

  it("updates stocks by chrtId (1–1000 items, amount ≤ 100000) with 204", async () => {
    const client = httpFor(context());
    const chrtId = sim.inspect().cards[0]!.sizes[0]!.chrtID;
    const res = await client.request({ operation: "updateStocks", method: "PUT", path: "/marketplace-api/api/v3/stocks/507001", json: { stocks: [{ chrtId, amount: 42 }] } });
    expect(res.status).toBe(204);
    expect(sim.inspect().stocks[507001]![chrtId]).toBe(42);

    tolerate(/updateStocks|stocks\/\{warehouseId\}/);
    const tooMany = await client
      .request({ operation: "updateStocks", method: "PUT", path: "/marketplace-api/api/v3/stocks/507001", json: { stocks: Array.from({ length: 1001 }, () => ({ chrtId, amount: 1 })) } })
      .catch((e: unknown) => e);
    expect(tooMany).toBeInstanceOf(PlatformError);
    expect((tooMany as PlatformError).message).toBe("IncorrectRequestBody: Incorrect required body");
    const tooBig = await client
      .request({ operation: "updateStocks", method: "PUT", path: "/marketplace-api/api/v3/stocks/507001", json: { stocks: [{ chrtId, amount: 100_001 }] } })
      .catch((e: unknown) => e);
    expect((tooBig as PlatformError).status).toBe(409);
    expect((tooBig as PlatformError).details).toEqual([{ code: "UploadDataLimit", field: `chrtId ${chrtId}`, message: "Upload limit exceeded." }]);
  });

  it("accepts a stock item without chrtId with 204 and changes nothing; the contract check is what catches it", async () => {
    tolerate(/chrtId/);
    const before = checker.results().length;
    const chrtId = sim.inspect().cards[0]!.sizes[0]!.chrtID;
    const res = await fetch(url("/marketplace-api/api/v3/stocks/507001"), { method: "PUT", headers: MARKETPLACE, body: JSON.stringify({ stocks: [{ sku: "2040000001011", amount: 99 }] }) });
    expect(res.status).toBe(204);
    expect(sim.inspect().stocks[507001]![chrtId]).toBe(5);
    expect(sim.inspect().ignoredStockItems).toEqual([{ sku: "2040000001011", amount: 99 }]);
    const result = checker.results().slice(before).find((r) => r.operation.includes("stocks"))!;
    expect(result.ok).toBe(false);
    expect(result.errors.join("\n")).toMatch(/chrtId/);
  });

  it("counts a 409 as 10 requests in the stocks bucket (burst 20)", async () => {
    const put = (chrtId: number) => fetch(url("/marketplace-api/api/v3/stocks/507001"), { method: "PUT", headers: MARKETPLACE, body: JSON.stringify({ stocks: [{ chrtId, amount: 1 }] }) });
    const known = sim.inspect().cards[0]!.sizes[0]!.chrtID;
    const conflict = await put(999_999_999);
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toEqual([{ code: "NotFound", message: "Not found", data: [{ sku: "", chrtId: 999_999_999, amount: 1 }] }]);
    expect(conflict.headers.get("x-ratelimit-remaining")).toBe("10");
    for (let i = 0; i < 10; i++) expect((await put(known)).status).toBe(204);
    const limited = await put(known);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("x-ratelimit-retry")).toBe("1");
  });

  it("runs a price upload as a task: id first, result in the history once processed", async () => {
    const client = httpFor(context());
    const [a, b] = sim.inspect().cards;
    const upload = await client.request<{ data: { id: number; alreadyExists: boolean } }>({
      operation: "uploadPriceTask",
      method: "POST",
      path: "/discounts-prices-api/api/v2/upload/task",
      json: { data: [{ nmID: a!.nmID, price: 2500, discount: 15 }, { nmID: b!.nmID, price: 900 }, { nmID: 123, price: 100 }] },
    });
    const id = upload.body.data.id;
    expect(upload.body.data.alreadyExists).toBe(false);
    const poll = () =>
      client.request<{ data: null | { uploadID: number; status: number; overAllGoodsNumber: number; successGoodsNumber: number } }>({
        operation: "getPriceTaskHistory",
        method: "GET",
        path: "/discounts-prices-api/api/v2/history/tasks",
        query: { uploadID: id },
      });
    expect((await poll()).body.data).toBeNull();
    clock += PRICE_TASK_MS;
    expect((await poll()).body.data).toMatchObject({ uploadID: id, status: 5, overAllGoodsNumber: 3, successGoodsNumber: 2 });
    const goods = await client.request<{ data: { historyGoods: Array<{ nmID: number; errorText: string }> } }>({
      operation: "getPriceTaskGoods",
      method: "GET",
      path: "/discounts-prices-api/api/v2/history/goods/task",
      query: { uploadID: id, limit: 10 },
    });
    expect(goods.body.data.historyGoods.find((g) => g.nmID === 123)!.errorText).toBe("The product is not found");
    expect(sim.inspect().prices[a!.nmID]).toEqual({ price: 2500, discount: 15 });
  });

  it("refuses a price upload of more than 1000 goods in WB's own words", async () => {
    tolerate(/upload\/task/);
    const client = httpFor(context());
    const err = await client
      .request({ operation: "uploadPriceTask", method: "POST", path: "/discounts-prices-api/api/v2/upload/task", json: { data: Array.from({ length: 1001 }, (_, i) => ({ nmID: i + 1, price: 100 })) } })
      .catch((e: unknown) => e);
    expect((err as PlatformError).message).toBe("Upload limit exceeded: You can upload a maximum of 10 000 items");
  });

  it("pages cards with the updatedAt/nmID cursor and creates cards asynchronously, failures in the error list", async () => {
    const client = httpFor(context());
    const list = (cursor: Record<string, unknown>) =>
      client.request<{ cards: Array<{ nmID: number; vendorCode: string; updatedAt: string }>; cursor: { updatedAt?: string; nmID?: number; total: number } }>({
        operation: "getCardsList",
        method: "POST",
        path: "/content-api/content/v2/get/cards/list",
        json: { settings: { sort: { ascending: true }, filter: { withPhoto: -1 }, cursor } },
      });
    const first = await list({ limit: 2 });
    expect(first.body.cards.map((c) => c.vendorCode)).toEqual(["KRV-TSHIRT-RED", "KRV-MUG-01"]);
    expect(first.body.cursor.total).toBe(2);
    const second = await list({ limit: 2, updatedAt: first.body.cursor.updatedAt, nmID: first.body.cursor.nmID });
    expect(second.body.cards.map((c) => c.vendorCode)).toEqual(["KRV-CAP-BLUE"]);
    expect(second.body.cursor.total).toBeLessThan(2); // the end

    const upload = await client.request({
      operation: "createCards",
      method: "POST",
      path: "/content-api/content/v2/cards/upload",
      json: [
        { subjectID: 105, variants: [{ vendorCode: "NEW-1", title: "Футболка новая", brand: "Kervan", sizes: [{ techSize: "M", wbSize: "48", skus: ["2040000009999"] }] }] },
        { subjectID: 105, variants: [{ vendorCode: "NEW-2", title: "Футболка, пишите sales@kervan.example" }] },
      ],
    });
    expect(upload.status).toBe(200);
    expect((await list({ limit: 100 })).body.cards.map((c) => c.vendorCode)).not.toContain("NEW-1");
    clock += CARD_MS;
    const after = await list({ limit: 100 });
    expect(after.body.cards.map((c) => c.vendorCode)).toContain("NEW-1");
    expect(after.body.cards.map((c) => c.vendorCode)).not.toContain("NEW-2");
    const errors = await client.request<{ data: { items: Array<{ vendorCodes: string[]; errors: Record<string, string[]> }>; cursor: { next: boolean } } }>({
      operation: "getCardErrors",
      method: "POST",
      path: "/content-api/content/v2/cards/error/list",
      json: { cursor: { limit: 100 }, order: { ascending: true } },
    });
    expect(errors.body.data.items).toHaveLength(1);
    expect(errors.body.data.items[0]!.errors["NEW-2"]).toEqual(["Запрещено использовать E-Mail в поле Наименование"]);
  });

  it("overwrites a card on update, keeping its sizes by chrtID, and lists the seller's warehouses", async () => {
    const client = httpFor(context());
    const card = sim.inspect().cards.find((c) => c.vendorCode === "KRV-MUG-01")!;
    const size = card.sizes[0]!;
    const res = await client.request({
      operation: "updateCards",
      method: "POST",
      path: "/content-api/content/v2/cards/update",
      json: [{ nmID: card.nmID, vendorCode: card.vendorCode, brand: "Kervan", title: "Кружка Kervan 400 мл", description: "Новое описание", sizes: [{ chrtID: size.chrtID, techSize: size.techSize, wbSize: size.wbSize, skus: size.skus }] }],
    });
    expect(res.status).toBe(200);
    clock += CARD_MS;
    sim.settle();
    const after = sim.inspect().cards.find((c) => c.nmID === card.nmID)!;
    expect(after.title).toBe("Кружка Kervan 400 мл");
    expect(after.characteristics).toEqual([]); // left out of the update, so cleared
    expect(after.sizes.map((s) => s.chrtID)).toEqual([size.chrtID]);
    const warehouses = await client.request<Array<{ id: number; name: string }>>({ operation: "getWarehouses", method: "GET", path: "/marketplace-api/api/v3/warehouses" });
    expect(warehouses.body.map((w) => w.id)).toEqual([507001, 507002]);
  });

  it("cancels a new FBS order once; a second cancel is a 409 status mismatch", async () => {
    const client = httpFor(context());
    const order = sim.addOrder({ nmID: sim.inspect().cards[0]!.nmID });
    const ok = await client.request({ operation: "cancelOrder", method: "PATCH", path: `/marketplace-api/api/v3/orders/${order.id}/cancel` });
    expect(ok.status).toBe(204);
    const again = await client.request({ operation: "cancelOrder", method: "PATCH", path: `/marketplace-api/api/v3/orders/${order.id}/cancel` }).catch((e: unknown) => e);
    expect((again as PlatformError).message).toBe("StatusMismatch: Несоответствие статусов");
  });

  it("by default lists only cards without photos (withPhoto defaults to 0)", async () => {
    const client = httpFor(context());
    const res = await client.request<{ cards: Array<{ vendorCode: string }> }>({
      operation: "getCardsList",
      method: "POST",
      path: "/content-api/content/v2/get/cards/list",
      json: { settings: { cursor: { limit: 100 } } },
    });
    expect(res.body.cards.map((c) => c.vendorCode)).toEqual(["KRV-CAP-BLUE"]);
  });

  it("confirms new FBS orders by adding them to a supply", async () => {
    const client = httpFor(context());
    const fresh = await client.request<{ orders: Array<{ id: number }> }>({ operation: "getNewOrders", method: "GET", path: "/marketplace-api/api/v3/orders/new" });
    const ids = fresh.body.orders.map((o) => o.id);
    expect(ids).toHaveLength(2);
    const supply = await client.request<{ id: string }>({ operation: "createSupply", method: "POST", path: "/marketplace-api/api/v3/supplies", json: { name: "Kervan test" } });
    expect(supply.status).toBe(201);
    const add = await client.request({ operation: "addOrdersToSupply", method: "PATCH", path: `/marketplace-api/api/marketplace/v3/supplies/${supply.body.id}/orders`, json: { orders: ids } });
    expect(add.status).toBe(204);
    const statuses = await client.request<{ orders: Array<{ id: number; supplierStatus: string }> }>({
      operation: "getOrderStatuses",
      method: "POST",
      path: "/marketplace-api/api/v3/orders/status",
      json: { orders: ids },
    });
    expect(statuses.body.orders.map((o) => o.supplierStatus)).toEqual(["confirm", "confirm"]);
    const page = await client.request<{ next: number; orders: Array<{ id: number }> }>({
      operation: "getOrders",
      method: "GET",
      path: "/marketplace-api/api/v3/orders",
      query: { limit: 2, next: 0 },
    });
    expect(page.body.orders).toHaveLength(2);
    const rest = await client.request<{ next: number; orders: Array<{ id: number }> }>({
      operation: "getOrders",
      method: "GET",
      path: "/marketplace-api/api/v3/orders",
      query: { limit: 2, next: page.body.next },
    });
    expect(rest.body.orders).toHaveLength(1);
  });
});
