// Sentos end to end: auth scheme detection against tenants that each accept exactly one scheme, the reported
// limits, errors {message}, paging, and the simulator's semantics. Every exchange is checked against our own
// contract (test/contract/schemas/sentos.json), since Sentos publishes none.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ConnectionContext } from "@/server/platforms/adapter";
import { PlatformError } from "@/server/platforms/errors";
import { adapter } from "@/server/platforms/sentos/adapter";
import { createSentosHttp, type HttpDeps } from "@/server/platforms/sentos/client";
import type { SimRequest, SimResponse } from "@/server/sandbox/framework";
import { createSentosSimulator, SANDBOX_ACCOUNTS, SENTOS_AUTH_SCHEMES, UNAUTHENTICATED_MESSAGE, type SentosSandboxAccount } from "@/server/sandbox/sentos";
import { startSandboxServer, type SandboxServer } from "@/server/sandbox/server";
import { createContractChecker } from "../contract/checker";

const BASIC = SANDBOX_ACCOUNTS[0]!;

let t = Date.parse("2026-03-02T09:00:00Z");
const clock = () => t;
const advance = (ms: number) => (t += ms);

const checker = createContractChecker();
const sim = createSentosSimulator({ now: clock });
let server: SandboxServer;
let seenResults = 0;
const requests: Array<{ path: string; authorization: string | null; apiKey: string | null; status: number }> = [];

beforeAll(async () => {
  server = await startSandboxServer({
    simulators: [sim],
    onExchange: (e) => {
      checker.check(e);
      requests.push({ path: e.request.path, authorization: e.request.headers.get("authorization"), apiKey: e.request.headers.get("x-api-key"), status: e.response.status });
    },
  });
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  const fresh = checker.results().slice(seenResults);
  seenResults = checker.results().length;
  expect(fresh.filter((r) => !r.ok).map((r) => [r.operation, r.status, ...r.errors].join(" | "))).toEqual([]);
  // The reported GET limit is 2 per endpoint per minute.
  advance(61_000);
});

let seq = 0;
function ctx(account: SentosSandboxAccount = BASIC, over: { credentials?: Record<string, string>; memory?: Record<string, string>; baseUrl?: string } = {}): ConnectionContext {
  return {
    connectionId: `sentos-test-${++seq}-${Date.now()}`,
    partnerId: "partner-test",
    platform: "sentos",
    environment: "sandbox",
    settings: { companySubdomain: account.company },
    credentials: { apiKey: account.apiKey, apiSecret: account.apiSecret, ...over.credentials },
    baseUrl: over.baseUrl ?? server.baseUrl("sentos"),
    memory: over.memory ?? {},
  };
}

const fast: HttpDeps = { random: () => 0, sleep: async () => {} };

function call(method: string, pathAndQuery: string, headers: Record<string, string>, body?: unknown): Promise<SimResponse & { operation?: string }> {
  const url = new URL(pathAndQuery, "http://sim.invalid");
  const req: SimRequest = {
    method,
    path: url.pathname,
    query: url.searchParams,
    headers: new Headers({ ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers }),
    rawBody: body === undefined ? "" : JSON.stringify(body),
    json: body,
  };
  return sim.handle(req);
}
const basic = (a: SentosSandboxAccount) => ({ authorization: `Basic ${Buffer.from(`${a.apiKey}:${a.apiSecret}`).toString("base64")}` });

async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe("Sentos connection test: auth scheme detection", () => {
  for (const account of SANDBOX_ACCOUNTS) {
    it(`detects and remembers ${account.authScheme} on a tenant that accepts only that`, async () => {
      requests.length = 0;
      const c = ctx(account);
      const started = performance.now();
      const outcome = await adapter.testConnection(c, createSentosHttp(c));
      expect(outcome).toMatchObject({ status: "connected", accountName: account.company, remember: { sentosAuthScheme: account.authScheme } });
      // Probes stop at the first scheme that works and are not held to the 2/min GET pace.
      const tried = SENTOS_AUTH_SCHEMES.indexOf(account.authScheme) + 1;
      expect(requests.map((r) => r.status)).toEqual([...Array(tried - 1).fill(401), 200]);
      expect(performance.now() - started).toBeLessThan(5_000);
    });
  }

  it("sends each scheme the way it is named", async () => {
    requests.length = 0;
    const c = ctx(SANDBOX_ACCOUNTS[3]!);
    await adapter.testConnection(c, createSentosHttp(c));
    const token = SANDBOX_ACCOUNTS[3]!;
    expect(requests.map((r) => [r.authorization, r.apiKey])).toEqual([
      [`Basic ${Buffer.from(`${token.apiKey}:${token.apiSecret}`).toString("base64")}`, null],
      [null, token.apiKey],
      [`Bearer ${token.apiKey}`, null],
      [`Token ${token.apiKey}`, null],
    ]);
  });

  it("tries the remembered scheme first", async () => {
    requests.length = 0;
    const account = SANDBOX_ACCOUNTS[2]!;
    const c = ctx(account, { memory: { sentosAuthScheme: account.authScheme } });
    const outcome = await adapter.testConnection(c, createSentosHttp(c));
    expect(outcome.status).toBe("connected");
    expect(requests).toHaveLength(1);
    expect(requests[0]!.authorization).toBe(`Bearer ${account.apiKey}`);
  });

  it("later calls use the remembered scheme", async () => {
    const account = SANDBOX_ACCOUNTS[1]!;
    const client = createSentosHttp(ctx(account, { memory: { sentosAuthScheme: "x-api-key" } }));
    const res = await client.request<unknown[]>({ operation: "listWarehouses", method: "GET", path: "/warehouses", bucket: "get:/warehouses" });
    expect(res.body).toEqual([
      { id: 1, name: "Merkez Depo" },
      { id: 2, name: "Mağaza" },
    ]);
  });

  it("reports bad_credentials with Sentos' last message when every scheme fails", async () => {
    requests.length = 0;
    const c = ctx(BASIC, { credentials: { apiSecret: "wrong" } });
    const outcome = await adapter.testConnection(c, createSentosHttp(c));
    expect(outcome).toEqual({ status: "bad_credentials", message: UNAUTHENTICATED_MESSAGE });
    expect(requests).toHaveLength(4);
  });

  it("reports rate_limited when a 429 storm outlasts the retries, without trying other schemes", async () => {
    requests.length = 0;
    sim.faults.rateLimitStorm = 10;
    try {
      const c = ctx();
      const outcome = await adapter.testConnection(c, createSentosHttp(c, { ...fast, maxRetries: 1 }));
      expect(outcome).toEqual({ status: "rate_limited", message: "Too Many Attempts." });
      expect(requests).toHaveLength(2);
    } finally {
      sim.faults.rateLimitStorm = 0;
    }
  });

  it("reports unreachable for a closed port", async () => {
    const c = ctx(BASIC, { baseUrl: `http://127.0.0.1:${await closedPort()}/sandbox/sentos` });
    const outcome = await adapter.testConnection(c, createSentosHttp(c, fast));
    expect(outcome.status).toBe("unreachable");
    expect(outcome.message).toMatch(/connection refused/);
  });

  it("builds the tenant address from the company subdomain", async () => {
    const urls: string[] = [];
    const c = { ...ctx(), baseUrl: "https://{company}.sentos.com.tr/api" };
    await adapter.testConnection(
      c,
      createSentosHttp(c, {
        ...fast,
        maxRetries: 0,
        fetch: async (input) => {
          urls.push(String(input));
          throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ENOTFOUND" } });
        },
      }),
    );
    expect(urls).toEqual(["https://sandbox.sentos.com.tr/api/products?page=1&pageSize=1"]);
  });
});

describe("Sentos simulator semantics", () => {
  it("a tenant set to another scheme refuses the others", async () => {
    const tokenSim = createSentosSimulator({ authScheme: "token", now: clock });
    const viaBasic = await tokenSim.handle({ method: "GET", path: "/warehouses", query: new URLSearchParams(), headers: new Headers(basic(BASIC)), rawBody: "", json: undefined });
    expect(viaBasic.status).toBe(401);
    expect(viaBasic.json).toEqual({ message: UNAUTHENTICATED_MESSAGE });
    const viaToken = await tokenSim.handle({
      method: "GET",
      path: "/warehouses",
      query: new URLSearchParams(),
      headers: new Headers({ authorization: `Token ${BASIC.apiKey}` }),
      rawBody: "",
      json: undefined,
    });
    expect(viaToken.status).toBe(200);
  });

  it("pages products as {data, page, size, total_elements, total_pages} with Turkish decimal prices", async () => {
    const client = createSentosHttp(ctx());
    const res = await client.request<{ data: Array<{ sku: string; sale_price: string }>; page: number; size: number; total_elements: number; total_pages: number }>({
      operation: "listProducts",
      method: "GET",
      path: "/products",
      query: { page: 2, pageSize: 3 },
      bucket: "get:/products",
    });
    expect(res.body).toMatchObject({ page: 2, size: 3, total_elements: 4, total_pages: 2 });
    expect(res.body.data.map((p) => p.sku)).toEqual(["KRV-SN-CUZDAN"]);
    expect(res.body.data[0]!.sale_price).toBe("599,00");
  });

  it("answers 429 Too Many Attempts with Retry-After on the third GET of one endpoint within a minute", async () => {
    for (let i = 0; i < 2; i++) expect((await call("GET", "/categories", basic(BASIC))).status).toBe(200);
    const limited = await call("GET", "/categories", basic(BASIC));
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({ message: "Too Many Attempts." });
    expect(Number(limited.headers?.["retry-after"])).toBeGreaterThan(0);
    expect((await call("GET", "/warehouses", basic(BASIC))).status).toBe(200);
    advance(60_000);
    expect((await call("GET", "/categories", basic(BASIC))).status).toBe(200);
  });

  it("validation errors come as {message, errors} with 422", async () => {
    const r = await call("POST", "/products", basic(BASIC), { name: "Eksik SKU" });
    expect(r.status).toBe(422);
    expect(r.json).toMatchObject({ message: "The sku field is required.", errors: { sku: ["The sku field is required."] } });
    const missing = await call("GET", "/products/999999", basic(BASIC));
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ message: "Ürün bulunamadı." });
  });

  it("updates price and variant stocks with PUT; a share of variant lines fails with faults.partialBatchFailureRate", async () => {
    const client = createSentosHttp(ctx());
    const list = await client.request<{ data: Array<{ id: number; sku: string }> }>({
      operation: "listProducts",
      method: "GET",
      path: "/products",
      query: { page: 1, pageSize: 1, sku: "KRV-SN-TISORT" },
      bucket: "get:/products",
    });
    const id = list.body.data[0]!.id;
    sim.faults.partialBatchFailureRate = 0.5;
    try {
      const res = await client.request<{ message: string; errors?: { variants: string[] } }>({
        operation: "updateProduct",
        method: "PUT",
        path: `/products/${id}`,
        json: {
          sale_price: 229.9,
          prices: { trendyol: { sale_price: 239.9, list_price: 279.9 } },
          variants: [
            { sku: "KRV-SN-TS-BEY-M", stocks: [{ warehouse: 1, stock: 7 }] },
            { sku: "KRV-SN-TS-BEY-L", stocks: [{ warehouse: 1, stock: 8 }] },
          ],
        },
        bucket: "put",
      });
      expect(res.body.errors?.variants).toEqual(["KRV-SN-TS-BEY-L: stok güncellenemedi."]);
    } finally {
      sim.faults.partialBatchFailureRate = 0;
    }
    const product = sim.product(BASIC.company, "KRV-SN-TISORT")!;
    expect(product.sale_price).toBe(229.9);
    expect(product.prices.trendyol).toEqual({ sale_price: 239.9, list_price: 279.9 });
    expect(product.variants.find((v) => v.sku === "KRV-SN-TS-BEY-M")!.stocks).toContainEqual({ warehouse: 1, stock: 7 });
    expect(product.variants.find((v) => v.sku === "KRV-SN-TS-BEY-L")!.stocks).toContainEqual({ warehouse: 1, stock: 20 });
  });

  it("every endpoint it serves answers inside Kervan's Sentos contract", async () => {
    const client = createSentosHttp(ctx());
    const created = await client.request<{ message: string; product: { id: number; sale_price: string } }>({
      operation: "createProduct",
      method: "POST",
      path: "/products",
      json: {
        sku: "KRV-SN-YENI",
        name: "Yeni Ürün",
        sale_price: "129,90",
        purchase_price: 60,
        stocks: [{ warehouse: 1, stock: 4 }],
        variants: [{ sku: "KRV-SN-YENI-1", barcode: "8691000000990", stocks: [{ warehouse: 1, stock: 4 }] }],
      },
      bucket: "post",
    });
    expect(created.body.product.sale_price).toBe("129,90");
    const one = await client.request<{ sku: string }>({ operation: "getProduct", method: "GET", path: `/products/${created.body.product.id}`, bucket: "get:/products/{id}" });
    expect(one.body.sku).toBe("KRV-SN-YENI");
    const categories = await client.request<unknown[]>({ operation: "listCategories", method: "GET", path: "/categories", bucket: "get:/categories" });
    expect(categories.body.length).toBeGreaterThan(0);
    const orders = await client.request<{ data: unknown[]; total_elements: number }>({
      operation: "listOrders",
      method: "GET",
      path: "/orders",
      query: { page: 1, size: 2, orderby_field: "updated_at", orderby_direction: "desc" },
      bucket: "get:/orders",
    });
    expect(orders.body).toMatchObject({ total_elements: 3 });
    expect(orders.body.data).toHaveLength(2);
    // Another connection, so this POST is not spaced 5 s behind the product's (12 POST/min per connection).
    const orders2 = createSentosHttp(ctx());
    const order = await orders2.request<{ order: { id: number; status: string } }>({
      operation: "createOrder",
      method: "POST",
      path: "/orders",
      json: { order_code: "KRV-ORDER-1", platform: "shopify", lines: [{ sku: "KRV-SN-ATKI-LAC", quantity: 2, price: "349,90" }] },
      bucket: "post",
    });
    const updated = await orders2.request<{ order: { status: string } }>({
      operation: "updateOrder",
      method: "PUT",
      path: `/orders/${order.body.order.id}`,
      json: { status: "Kargolandı" },
      bucket: "put",
    });
    expect(updated.body.order.status).toBe("Kargolandı");
  });

  it("client errors carry Sentos' message", async () => {
    const client = createSentosHttp(ctx());
    const err = await client.request({ operation: "getProduct", method: "GET", path: "/products/424242", bucket: "get:/products/{id}" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect(err).toMatchObject({ kind: "not_found", message: "Ürün bulunamadı." });
  });
});
