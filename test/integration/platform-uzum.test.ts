import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ConnectionContext } from "@/server/platforms/adapter";
import { adapter } from "@/server/platforms/uzum/adapter";
import { createUzumHttp } from "@/server/platforms/uzum/client";
import { noFaults } from "@/server/sandbox/framework";
import { startSandboxServer, type SandboxServer } from "@/server/sandbox/server";
import { createUzumSimulator, SANDBOX_ACCOUNTS, type UzumSimulator } from "@/server/sandbox/uzum";
import { createContractChecker, formatContractFailure } from "../contract/checker";

/** Answers are read loosely in assertions: the contract checker validates their shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

// Uzum has no official contract: exchanges are checked against test/contract/schemas/uzum.json (from MARKETPLACES.md).
const checker = createContractChecker();
const violations: string[] = [];
let checkContract = true;

let nowMs = Date.parse("2026-07-10T10:00:00Z");
let sim: UzumSimulator;
let server: SandboxServer;
const noSleep = async () => {};
const { primary } = SANDBOX_ACCOUNTS;

beforeAll(async () => {
  sim = createUzumSimulator({ now: () => nowMs });
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
  nowMs += 60_000;
});
afterEach(() => {
  checkContract = true;
  expect(violations.splice(0)).toEqual([]);
});

function ctx(creds: { token: string; shopId: string } = primary, baseUrl = server.baseUrl("uzum")): ConnectionContext {
  return {
    connectionId: `uzum-${crypto.randomUUID()}`,
    partnerId: "partner-uzum-test",
    platform: "uzum",
    environment: "sandbox",
    settings: { shopId: creds.shopId },
    credentials: { token: creds.token },
    baseUrl,
    memory: {},
  };
}

async function uzum(method: string, path: string, body?: unknown, token: string | null = primary.token) {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["content-type"] = "application/json";
  if (token !== null) headers.authorization = token;
  const res = await fetch(server.baseUrl("uzum") + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: (text ? JSON.parse(text) : undefined) as Loose };
}

async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe("Uzum Market connection test", () => {
  it("is connected for a good token with the shop's name", async () => {
    const c = ctx();
    const outcome = await adapter.testConnection(c, createUzumHttp(c));
    expect(outcome).toMatchObject({ status: "connected", accountName: "Kervan Sandbox Do'kon" });
    expect(outcome.message).toContain("also opens Kervan Outlet (48201)");
  });

  it("is bad_credentials with Uzum's message for a wrong token", async () => {
    const c = ctx({ ...primary, token: "not-a-token" });
    const outcome = await adapter.testConnection(c, createUzumHttp(c));
    expect(outcome).toMatchObject({ status: "bad_credentials", message: "Invalid or expired token" });
  });

  it("is bad_credentials when the token was entered with a Bearer prefix", async () => {
    const c = ctx({ ...primary, token: `Bearer ${primary.token}` });
    const outcome = await adapter.testConnection(c, createUzumHttp(c));
    expect(outcome.status).toBe("bad_credentials");
  });

  it("is permission_missing when the token does not open the connection's shop", async () => {
    const c = ctx({ ...primary, shopId: "48300" });
    const outcome = await adapter.testConnection(c, createUzumHttp(c));
    expect(outcome).toMatchObject({
      status: "permission_missing",
      message: "This token does not open shop 48300; it opens: Kervan Sandbox Do'kon (48200), Kervan Outlet (48201)",
    });
  });

  it("rides out a short 429 storm", async () => {
    sim.faults.rateLimitStorm = 2;
    const c = ctx();
    const outcome = await adapter.testConnection(c, createUzumHttp(c, { sleep: noSleep, random: () => 0 }));
    expect(outcome.status).toBe("connected");
  });

  it("is rate_limited when the storm outlasts the retries, quoting the gateway's limits", async () => {
    sim.faults.rateLimitStorm = 10;
    const c = ctx();
    const outcome = await adapter.testConnection(c, createUzumHttp(c, { sleep: noSleep, random: () => 0 }));
    expect(outcome).toMatchObject({ status: "rate_limited", message: "Too many requests to Uzum Market (it allows 20 at once, then 10 per second)" });
  });

  it("is unreachable for a closed port", async () => {
    const c = ctx(primary, `http://127.0.0.1:${await closedPort()}/sandbox/uzum`);
    const outcome = await adapter.testConnection(c, createUzumHttp(c, { sleep: noSleep, random: () => 0 }));
    expect(outcome.status).toBe("unreachable");
  });
});

describe("Uzum Market simulator: envelope, auth and rate-limit headers", () => {
  it("wraps answers in {payload, errors, timestamp} and sends the rate-limit headers", async () => {
    const res = await uzum("GET", "/v1/shops");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      payload: [
        { id: 48200, name: "Kervan Sandbox Do'kon" },
        { id: 48201, name: "Kervan Outlet" },
      ],
      errors: [],
      timestamp: new Date(nowMs).toISOString(),
    });
    expect(res.headers.get("x-ratelimit-remaining")).toBe("19");
    expect(res.headers.get("x-ratelimit-replenish-rate")).toBe("10");
    expect(res.headers.get("x-ratelimit-burst-capacity")).toBe("20");
  });

  it("takes the bare token only, and answers auth errors in the envelope", async () => {
    expect(await uzum("GET", "/v1/shops", undefined, null)).toMatchObject({ status: 401, body: { payload: null, errors: [{ code: "unauthorized" }] } });
    expect(await uzum("GET", "/v1/shops", undefined, `Bearer ${primary.token}`)).toMatchObject({ status: 401, body: { errors: [{ message: "Invalid or expired token" }] } });
    expect(await uzum("GET", "/v1/product/shop/48300")).toMatchObject({ status: 403, body: { errors: [{ code: "access-denied" }] } });
  });

  it("is a token bucket: the burst passes, the next request gets 429 with no body, a refill lets one through", async () => {
    for (let i = 0; i < 20; i++) expect((await uzum("GET", "/v1/shops")).status).toBe(200);
    const limited = await uzum("GET", "/v1/shops");
    expect(limited.status).toBe(429);
    expect(limited.text).toBe("");
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    nowMs += 100; // one token at 10 per second
    expect((await uzum("GET", "/v1/shops")).status).toBe(200);
    expect((await uzum("GET", "/v1/shops")).status).toBe(429);
  });
});

describe("Uzum Market simulator: products, stocks, prices, orders", () => {
  it("pages products with page (from 0) and size", async () => {
    const first = await uzum("GET", "/v1/product/shop/48200?page=0&size=20");
    expect(first.body.payload.productList).toHaveLength(20);
    expect(first.body.payload.totalProductsAmount).toBe(25);
    expect(first.body.payload.productList[1].skuList.map((s: { skuId: number }) => s.skuId)).toEqual([5480002, 5480003]);
    const second = await uzum("GET", "/v1/product/shop/48200?page=1&size=20");
    expect(second.body.payload.productList).toHaveLength(5);
    expect(await uzum("GET", "/v1/product/shop/48200?size=101")).toMatchObject({ status: 400, body: { errors: [{ code: "validation-error" }] } });
  });

  it("updates FBS stocks per SKU with partial success, and reads them back", async () => {
    const res = await uzum("POST", "/v2/fbs/sku/stocks", {
      skuAmountList: [
        { skuId: 5480001, barcode: "8690123000011", amount: 33 },
        { skuId: 9999999, amount: 1 },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.payload).toEqual({ updatedRecords: 1 });
    expect(res.body.errors).toEqual([{ code: "sku-not-found", message: "SKU 9999999 not found" }]);
    expect(sim.stockOf(48200, 5480001)).toBe(33);
    const read = await uzum("GET", "/v3/fbs/sku/stocks");
    expect(read.body.payload.skuAmountList.find((s: { skuId: number }) => s.skuId === 5480001)).toMatchObject({ amount: 33, barcode: "8690123000011", fbsLinked: true });

    sim.faults.partialBatchFailureRate = 1;
    const flaky = await uzum("POST", "/v2/fbs/sku/stocks", { skuAmountList: [{ skuId: 5480001, amount: 1 }] });
    expect(flaky.body).toMatchObject({ payload: { updatedRecords: 0 }, errors: [{ code: "sku-not-linked-to-fbs" }] });
  });

  it("sends prices for one product, refusing a sell price above the full price", async () => {
    const bad = await uzum("POST", "/v1/product/48200/sendPriceData", { productId: 1480002, skuList: [{ skuId: 5480002, fullPrice: 100_000, sellPrice: 120_000 }] });
    expect(bad).toMatchObject({ status: 400, body: { errors: [{ code: "sell-price-greater-than-full-price" }] } });
    const ok = await uzum("POST", "/v1/product/48200/sendPriceData", { productId: 1480002, skuList: [{ skuId: 5480002, fullPrice: 160_000, sellPrice: 140_000 }] });
    expect(ok.status).toBe(200);
    expect(sim.priceOf(48200, 5480002)).toEqual({ fullPrice: 160_000, sellPrice: 140_000 });
  });

  it("lists FBS orders (at most 50 a page), confirms and cancels them", async () => {
    const id = sim.createOrder(48200, { skuId: 5480002, amount: 2 });
    const list = await uzum("GET", "/v2/fbs/orders?shopIds=48200&status=CREATED&page=0&size=50");
    expect(list.body.payload.orders.map((o: { id: number }) => o.id)).toEqual([id, 71000001]);
    expect(list.body.payload.totalAmount).toBe(2);
    expect(list.body.payload.orders[0].orderItems[0]).toMatchObject({ skuId: 5480002, amount: 2, price: 135_000 });

    expect((await uzum("POST", `/v1/fbs/order/${id}/confirm`)).body.payload.status).toBe("PACKING");
    expect(await uzum("POST", `/v1/fbs/order/${id}/confirm`)).toMatchObject({ status: 409, body: { errors: [{ code: "order-status-conflict" }] } });
    expect((await uzum("POST", `/v1/fbs/order/71000001/cancel`, { reason: "OUT_OF_STOCK", comment: "sold out" })).body.payload.status).toBe("CANCELED");
    expect(sim.orderStatus(48200, 71000001)).toBe("CANCELED");

    checkContract = false; // size 51 breaks the schema's maximum on purpose
    expect((await uzum("GET", "/v2/fbs/orders?size=51")).status).toBe(400);
  });
});
