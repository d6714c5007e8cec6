// Shopify end to end: the adapter and client against the GraphQL simulator over HTTP (every exchange checked against
// the official 2025-01 introspection), the simulator's cost and throttle semantics, mutations, and webhooks signed by
// the simulator verified by the intake verifier.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import zlib from "node:zlib";
import { buildClientSchema, getNamedType, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isUnionType, type GraphQLNamedType } from "graphql";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ConnectionContext } from "@/server/platforms/adapter";
import { PlatformError } from "@/server/platforms/errors";
import { adapter } from "@/server/platforms/shopify/adapter";
import { createShopifyHttp, shopifyGraphql, type HttpDeps } from "@/server/platforms/shopify/client";
import { webhook } from "@/server/platforms/shopify/webhook";
import type { SimRequest, SimResponse } from "@/server/sandbox/framework";
import { startSandboxServer, type SandboxServer } from "@/server/sandbox/server";
import { createShopifySimulator, INVALID_TOKEN_MESSAGE, SANDBOX_ACCOUNTS, type ShopifySimulator } from "@/server/sandbox/shopify";
import { shopifySubsetSchema } from "@/server/sandbox/shopify/schema";
import { createContractChecker, SPECS_DIR } from "../contract/checker";
import { startReceiver, type ReceivedRequest } from "../helpers/receiver";

const [SHOP, READONLY] = SANDBOX_ACCOUNTS as [(typeof SANDBOX_ACCOUNTS)[number], (typeof SANDBOX_ACCOUNTS)[number]];
const GRAPHQL = "/admin/api/2025-01/graphql.json";

let t = Date.parse("2026-03-02T09:00:00Z");
const clock = () => t;
const advance = (ms: number) => (t += ms);

const checker = createContractChecker();
let sim: ShopifySimulator;
let server: SandboxServer;
let seenResults = 0;

beforeAll(async () => {
  sim = createShopifySimulator({ now: clock, productOperationMs: 1000 });
  server = await startSandboxServer({ simulators: [sim], onExchange: (e) => checker.check(e) });
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  const fresh = checker.results().slice(seenResults);
  seenResults = checker.results().length;
  expect(fresh.filter((r) => !r.ok).map((r) => [r.operation, r.status, ...r.errors].join(" | "))).toEqual([]);
  // Let the cost bucket refill between tests.
  advance(60_000);
});

let seq = 0;
function ctx(over: { settings?: Record<string, string>; credentials?: Record<string, string>; baseUrl?: string } = {}): ConnectionContext {
  return {
    connectionId: `shopify-test-${++seq}-${Date.now()}`,
    partnerId: "partner-test",
    platform: "shopify",
    environment: "sandbox",
    settings: { shopDomain: SHOP.shopDomain, ...over.settings },
    credentials: { accessToken: SHOP.accessToken, apiSecret: SHOP.apiSecret, ...over.credentials },
    baseUrl: over.baseUrl ?? server.baseUrl("shopify"),
    memory: {},
  };
}

const fast: HttpDeps = { random: () => 0, sleep: async () => {} };

type Gql = { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: Record<string, any>; path?: string[] }>; extensions?: { cost: any } }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A direct call into the simulator (no server, no contract check). */
async function gql(query: string, variables?: Record<string, unknown>, token: string = SHOP.accessToken): Promise<SimResponse & { body: Gql }> {
  const headers = new Headers({ "content-type": "application/json", ...(token ? { "x-shopify-access-token": token } : {}) });
  const body = variables ? { query, variables } : { query };
  const req: SimRequest = { method: "POST", path: GRAPHQL, query: new URLSearchParams(), headers, rawBody: JSON.stringify(body), json: body };
  const res = await sim.handle(req);
  return { ...res, body: res.json as Gql };
}

async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe("Shopify connection test (adapter over HTTP)", () => {
  it("reports connected with the shop's name", async () => {
    const c = ctx();
    expect(await adapter.testConnection(c, createShopifyHttp(c))).toMatchObject({ status: "connected", accountName: "Kervan Sandbox" });
  });

  it("fills {shop} in the manifest's production address and pins 2025-01", async () => {
    const urls: string[] = [];
    const c = ctx({ baseUrl: "https://{shop}.myshopify.com/admin/api/2025-01/graphql.json" });
    const client = createShopifyHttp(c, {
      fetch: async (input) => {
        urls.push(String(input));
        throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
      },
      ...fast,
      maxRetries: 0,
    });
    await adapter.testConnection(c, client);
    expect(urls).toEqual(["https://kervan-sandbox.myshopify.com/admin/api/2025-01/graphql.json"]);
  });

  it("reports bad_credentials with Shopify's own message for a wrong token", async () => {
    const c = ctx({ credentials: { accessToken: "shpat_wrong" } });
    expect(await adapter.testConnection(c, createShopifyHttp(c))).toEqual({ status: "bad_credentials", message: INVALID_TOKEN_MESSAGE });
  });

  it("reports permission_missing, naming the scopes, when the app lacks them", async () => {
    const c = ctx({ settings: { shopDomain: READONLY.shopDomain }, credentials: { accessToken: READONLY.accessToken } });
    const outcome = await adapter.testConnection(c, createShopifyHttp(c));
    expect(outcome.status).toBe("permission_missing");
    expect(outcome.accountName).toBe("Kervan Read Only");
    expect(outcome.message).toContain("write_products, write_inventory, read_locations, read_orders");
  });

  it("reports rate_limited when THROTTLED outlasts the retries", async () => {
    sim.faults.rateLimitStorm = 10;
    try {
      const c = ctx();
      const outcome = await adapter.testConnection(c, createShopifyHttp(c, { ...fast, maxRetries: 2 }));
      expect(outcome).toEqual({ status: "rate_limited", message: "Throttled" });
    } finally {
      sim.faults.rateLimitStorm = 0;
    }
  });

  it("reports unreachable for a closed port", async () => {
    const c = ctx({ baseUrl: `http://127.0.0.1:${await closedPort()}/sandbox/shopify` });
    const outcome = await adapter.testConnection(c, createShopifyHttp(c, fast));
    expect(outcome.status).toBe("unreachable");
    expect(outcome.message).toMatch(/connection refused/);
  });
});

describe("Shopify cost and throttling (simulator)", () => {
  it("every answer carries extensions.cost with the Standard bucket", async () => {
    const r = await gql("{ shop { name } products(first: 10) { edges { node { id title } } } }");
    expect(r.status).toBe(200);
    // shop 1 + products 2 + 10 × product 1 requested; 4 products came back.
    expect(r.body.extensions!.cost).toMatchObject({
      requestedQueryCost: 13,
      actualQueryCost: 7,
      throttleStatus: { maximumAvailable: 1000, restoreRate: 100 },
    });
    expect(r.body.extensions!.cost.throttleStatus.currentlyAvailable).toBe(1000 - 7);
  });

  it("answers THROTTLED with HTTP 200 when the bucket cannot pay the requested cost, and restores 100 points/s", async () => {
    const heavy = "{ products(first: 9) { nodes { variants(first: 100) { nodes { id } } } } }"; // requested 2 + 9 × (1 + 2 + 100) = 929
    const first = await gql(heavy);
    expect(first.body.extensions!.cost.requestedQueryCost).toBe(929);
    let throttled: Awaited<ReturnType<typeof gql>> | undefined;
    for (let i = 0; i < 200 && !throttled; i++) {
      const r = await gql("mutation { webhookSubscriptionCreate(topic: SHOP_UPDATE, webhookSubscription: { callbackUrl: \"https://hooks.example.com/x\" }) { userErrors { message } } }");
      if (r.body.errors?.[0]?.extensions?.code === "THROTTLED") throttled = r;
    }
    expect(throttled, "the bucket ran dry").toBeDefined();
    expect(throttled!.status).toBe(200);
    expect(throttled!.body.errors![0]).toMatchObject({ message: "Throttled", extensions: { code: "THROTTLED" } });
    const status = throttled!.body.extensions!.cost.throttleStatus;
    expect(status.currentlyAvailable).toBeLessThan(10);
    expect(throttled!.body.extensions!.cost.actualQueryCost).toBeNull();
    advance(10_000); // 10 s × 100 points
    const again = await gql(heavy);
    expect(again.body.errors).toBeUndefined();
  });

  it("refuses a query over 1000 points with MAX_COST_EXCEEDED", async () => {
    const r = await gql("{ products(first: 250) { nodes { variants(first: 250) { nodes { id } } } } }");
    expect(r.body.errors![0]!.extensions).toMatchObject({ code: "MAX_COST_EXCEEDED", maxCost: 1000 });
    expect(r.body.data).toBeUndefined();
  });

  it("the client turns THROTTLED into rate_limited and waits what throttleStatus asks", async () => {
    const c = ctx();
    const client = createShopifyHttp(c, { ...fast, maxRetries: 0 });
    for (let i = 0; i < 100; i++) await gql("mutation { webhookSubscriptionCreate(topic: SHOP_UPDATE, webhookSubscription: { callbackUrl: \"https://hooks.example.com/y\" }) { userErrors { message } } }");
    const err = await shopifyGraphql(client, "products", "query { products(first: 50) { nodes { id } } }").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect((err as PlatformError).kind).toBe("rate_limited");
    const available = sim.throttleStatus(SHOP.shopDomain).currentlyAvailable;
    expect((err as PlatformError).opts.retryAfterMs).toBe(Math.ceil(((52 - available) / 100) * 1000));
  });
});

describe("Shopify GraphQL semantics (simulator)", () => {
  it("answers 401 with Shopify's body for a missing or wrong token", async () => {
    for (const token of ["", "shpat_nope"]) {
      const r = await gql("{ shop { name } }", undefined, token);
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ errors: INVALID_TOKEN_MESSAGE });
    }
  });

  it("refuses fields outside the schema with a validation error", async () => {
    const r = await gql("{ shop { nam } }");
    expect(r.status).toBe(200);
    expect(r.body.errors![0]!.message).toContain('Cannot query field "nam" on type "Shop"');
  });

  it("denies fields the token has no scope for", async () => {
    const r = await gql("{ orders(first: 1) { nodes { id } } }", undefined, READONLY.accessToken);
    expect(r.body.errors![0]!.extensions).toMatchObject({ code: "ACCESS_DENIED" });
  });

  it("pages products with cursors and filters with the search syntax", async () => {
    const c = ctx();
    const client = createShopifyHttp(c);
    const q = `query Page($after: String) { products(first: 2, after: $after) { nodes { title } pageInfo { hasNextPage endCursor } } }`;
    type Page = { products: { nodes: Array<{ title: string }>; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    const p1 = await shopifyGraphql<Page>(client, "products", q);
    const p2 = await shopifyGraphql<Page>(client, "products", q, { after: p1.data.products.pageInfo.endCursor });
    expect(p1.data.products.pageInfo.hasNextPage).toBe(true);
    expect([...p1.data.products.nodes, ...p2.data.products.nodes].map((n) => n.title)).toEqual(["Yün Atkı", "Örgü Bere", "Basic Tişört", "Deri Cüzdan"]);
    expect(p2.data.products.pageInfo.hasNextPage).toBe(false);
    const bySku = await shopifyGraphql<Page>(client, "products", `{ products(first: 5, query: "sku:KRV-SH-TS-SIY-M") { nodes { title } pageInfo { hasNextPage endCursor } } }`);
    expect(bySku.data.products.nodes.map((n) => n.title)).toEqual(["Basic Tişört"]);
    const r = await gql("{ products(first: 251) { nodes { id } } }");
    expect(r.body.errors?.[0]?.message).toMatch(/between 0 and 250/);
  });

  it("productSet creates a product synchronously, then replaces its variant list", async () => {
    const client = createShopifyHttp(ctx());
    const locations = await shopifyGraphql<{ locations: { nodes: Array<{ id: string }> } }>(client, "locations", "{ locations(first: 5) { nodes { id } } }");
    const location = locations.data.locations.nodes[0]!.id;
    const mutation = `mutation Set($input: ProductSetInput!) {
      productSet(input: $input) {
        product { id title variants(first: 10) { nodes { id sku price inventoryQuantity } } }
        userErrors { field message code }
      }
    }`;
    type SetResult = { productSet: { product: { id: string; variants: { nodes: Array<{ id: string; sku: string; price: string; inventoryQuantity: number }> } } | null; userErrors: Array<{ code: string }> } };
    const created = await shopifyGraphql<SetResult>(client, "productSet", mutation, {
      input: {
        title: "Kervan Test Şapka",
        productOptions: [{ name: "Renk", values: [{ name: "Mavi" }, { name: "Kırmızı" }] }],
        variants: [
          { optionValues: [{ optionName: "Renk", name: "Mavi" }], sku: "KRV-HAT-MAVI", price: "99.90", inventoryQuantities: [{ locationId: location, name: "available", quantity: 5 }] },
          { optionValues: [{ optionName: "Renk", name: "Kırmızı" }], sku: "KRV-HAT-KIRMIZI", price: "99.90" },
        ],
      },
    });
    const product = created.data.productSet.product!;
    expect(product.variants.nodes.map((v) => [v.sku, v.inventoryQuantity])).toEqual([
      ["KRV-HAT-MAVI", 5],
      ["KRV-HAT-KIRMIZI", 0],
    ]);
    const updated = await shopifyGraphql<SetResult>(client, "productSet", mutation, {
      input: {
        id: product.id,
        productOptions: [{ name: "Renk", values: [{ name: "Mavi" }] }],
        variants: [{ optionValues: [{ optionName: "Renk", name: "Mavi" }], sku: "KRV-HAT-MAVI", price: "89.90" }],
      },
    });
    // The list sent replaces the old one: the red variant is gone, the blue one keeps its id and its stock.
    const kept = product.variants.nodes[0]!;
    expect(updated.data.productSet.product!.variants.nodes).toEqual([{ id: kept.id, sku: "KRV-HAT-MAVI", price: "89.90", inventoryQuantity: 5 }]);
    const bad = await shopifyGraphql<SetResult>(client, "productSet", mutation, { input: { title: "X", variants: [{ optionValues: [{ optionName: "Renk", name: "Mavi" }] }] } });
    expect(bad.data.productSet.userErrors.map((e) => e.code)).toEqual(["PRODUCT_OPTIONS_INPUT_MISSING"]);
  });

  it("productSet in asynchronous mode returns an operation that completes later", async () => {
    const client = createShopifyHttp(ctx());
    const started = await shopifyGraphql<{ productSet: { productSetOperation: { id: string; status: string } } }>(
      client,
      "productSet",
      `mutation { productSet(synchronous: false, input: { title: "Async Ürün" }) { productSetOperation { id status } userErrors { message } } }`,
    );
    const op = started.data.productSet.productSetOperation;
    expect(op.status).toBe("CREATED");
    const poll = () =>
      shopifyGraphql<{ productOperation: { status: string; product: { title: string } | null } }>(
        client,
        "productOperation",
        `query Op($id: ID!) { productOperation(id: $id) { status product { title } } }`,
        { id: op.id },
      );
    expect((await poll()).data.productOperation).toMatchObject({ product: null });
    advance(1000);
    expect((await poll()).data.productOperation).toEqual({ status: "COMPLETE", product: { title: "Async Ürün" } });
  });

  it("inventorySetQuantities is compare-and-set, all or nothing, at most 250 quantities", async () => {
    const client = createShopifyHttp(ctx());
    const read = await shopifyGraphql<{ products: { nodes: Array<{ variants: { nodes: Array<{ inventoryQuantity: number; inventoryItem: { id: string } }> } }> }; location: { id: string } }>(
      client,
      "products",
      `{ products(first: 1) { nodes { variants(first: 2) { nodes { inventoryQuantity inventoryItem { id } } } } } location { id } }`,
    );
    const [v1, v2] = read.data.products.nodes[0]!.variants.nodes;
    const locationId = read.data.location.id;
    const mutation = `mutation Set($input: InventorySetQuantitiesInput!) {
      inventorySetQuantities(input: $input) { inventoryAdjustmentGroup { reason changes(quantityNames: ["available"]) { name delta quantityAfterChange } } userErrors { field message code } }
    }`;
    type R = { inventorySetQuantities: { inventoryAdjustmentGroup: { changes: Array<{ delta: number; quantityAfterChange: number }> } | null; userErrors: Array<{ code: string; field: string[] }> } };
    const stale = await shopifyGraphql<R>(client, "inventorySetQuantities", mutation, {
      input: {
        name: "available",
        reason: "correction",
        quantities: [
          { inventoryItemId: v1!.inventoryItem.id, locationId, quantity: 1, compareQuantity: v1!.inventoryQuantity },
          { inventoryItemId: v2!.inventoryItem.id, locationId, quantity: 1, compareQuantity: v2!.inventoryQuantity + 1 },
        ],
      },
    });
    expect(stale.data.inventorySetQuantities.userErrors).toEqual([expect.objectContaining({ code: "COMPARE_QUANTITY_STALE", field: ["input", "quantities", "1", "compareQuantity"] })]);
    expect(stale.data.inventorySetQuantities.inventoryAdjustmentGroup).toBeNull();

    const ok = await shopifyGraphql<R>(client, "inventorySetQuantities", mutation, {
      input: { name: "available", reason: "correction", quantities: [{ inventoryItemId: v1!.inventoryItem.id, locationId, quantity: 3, compareQuantity: v1!.inventoryQuantity }] },
    });
    expect(ok.data.inventorySetQuantities.inventoryAdjustmentGroup!.changes).toEqual([{ name: "available", delta: 3 - v1!.inventoryQuantity, quantityAfterChange: 3 }]);

    const many = Array.from({ length: 251 }, () => ({ inventoryItemId: v1!.inventoryItem.id, locationId, quantity: 1 }));
    const r = await gql(mutation, { input: { name: "available", reason: "correction", ignoreCompareQuantity: true, quantities: many } });
    expect(r.body.errors![0]!.extensions).toMatchObject({ code: "MAX_INPUT_SIZE_EXCEEDED" });
    expect(r.body.data).toEqual({ inventorySetQuantities: null });
  });

  it("productVariantsBulkUpdate changes prices all or nothing, or partly with allowPartialUpdates", async () => {
    const client = createShopifyHttp(ctx());
    type P = { products: { nodes: Array<{ id: string; variants: { nodes: Array<{ id: string; price: string }> } }> } };
    const read = await shopifyGraphql<P>(client, "products", `{ products(first: 1, query: "title:'Basic Tişört'") { nodes { id variants(first: 10) { nodes { id price } } } } }`);
    const product = read.data.products.nodes[0]!;
    const [a, b] = product.variants.nodes;
    const mutation = `mutation Prices($productId: ID!, $variants: [ProductVariantsBulkInput!]!, $partial: Boolean) {
      productVariantsBulkUpdate(productId: $productId, variants: $variants, allowPartialUpdates: $partial) {
        productVariants { id price compareAtPrice }
        userErrors { field message code }
      }
    }`;
    type R = { productVariantsBulkUpdate: { productVariants: Array<{ id: string; price: string; compareAtPrice: string | null }> | null; userErrors: Array<{ code: string; field: string[] }> } };
    const refused = await shopifyGraphql<R>(client, "productVariantsBulkUpdate", mutation, {
      productId: product.id,
      variants: [
        { id: a!.id, price: "199.90" },
        { id: b!.id, price: "-1.00" },
      ],
    });
    expect(refused.data.productVariantsBulkUpdate).toEqual({ productVariants: null, userErrors: [expect.objectContaining({ code: "NEGATIVE_PRICE_VALUE", field: ["variants", "1", "price"] })] });
    const partial = await shopifyGraphql<R>(client, "productVariantsBulkUpdate", mutation, {
      productId: product.id,
      partial: true,
      variants: [
        { id: a!.id, price: "199.90", compareAtPrice: "249.90" },
        { id: b!.id, price: "-1.00" },
      ],
    });
    expect(partial.data.productVariantsBulkUpdate.productVariants).toEqual([{ id: a!.id, price: "199.90", compareAtPrice: "249.90" }]);
    expect(partial.data.productVariantsBulkUpdate.userErrors).toHaveLength(1);
  });

  it("orders are read with an updated_at filter", async () => {
    const client = createShopifyHttp(ctx());
    const since = new Date(t - 2.5 * 86_400_000).toISOString();
    type O = { orders: { nodes: Array<{ name: string; updatedAt: string; lineItems: { nodes: Array<{ sku: string; quantity: number }> } }>; pageInfo: { hasNextPage: boolean } } };
    const r = await shopifyGraphql<O>(
      client,
      "orders",
      `query Orders($q: String) { orders(first: 50, query: $q) { nodes { name updatedAt lineItems(first: 10) { nodes { sku quantity } } } pageInfo { hasNextPage } } }`,
      { q: `updated_at:>'${since}'` },
    );
    expect(r.data.orders.nodes.map((o) => o.name)).toEqual(["#1002", "#1003"]);
    expect(r.data.orders.nodes[0]!.lineItems.nodes[0]).toEqual({ sku: "KRV-SH-ATKI-LAC", quantity: 1 });
  });

  it("faults.partialBatchFailureRate fails a share of inventory quantities (and then the whole call)", async () => {
    const read = await gql(`{ products(first: 1) { nodes { variants(first: 2) { nodes { inventoryItem { id } } } } } location { id } }`);
    const items = read.body.data!.products.nodes[0].variants.nodes.map((v: { inventoryItem: { id: string } }) => v.inventoryItem.id) as string[];
    sim.faults.partialBatchFailureRate = 0.5;
    try {
      const r = await gql(`mutation Set($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { field code } } }`, {
        input: { name: "available", reason: "correction", ignoreCompareQuantity: true, quantities: items.map((id) => ({ inventoryItemId: id, locationId: read.body.data!.location.id, quantity: 2 })) },
      });
      expect(r.body.data!.inventorySetQuantities.userErrors).toEqual([{ field: ["input", "quantities", "1", "inventoryItemId"], code: "NON_MUTABLE_INVENTORY_ITEM" }]);
    } finally {
      sim.faults.partialBatchFailureRate = 0;
    }
  });
});

describe("Shopify webhooks", () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let received: ReceivedRequest[] = [];
  let receiverUrl = "";
  beforeAll(async () => {
    receiver = await startReceiver("/api/webhooks/shopify/conn-1");
    received = receiver.received;
    receiverUrl = receiver.url;
  });
  afterAll(() => receiver.close());

  const connection = { connectionId: "conn-1", settings: { shopDomain: SHOP.shopDomain }, credentials: { apiSecret: SHOP.apiSecret, accessToken: SHOP.accessToken } };
  const inbound = (r: ReceivedRequest) => receiver.inbound(r);

  it("a subscription made with webhookSubscriptionCreate receives signed deliveries that verify", async () => {
    received.length = 0;
    const client = createShopifyHttp(ctx());
    const created = await shopifyGraphql<{ webhookSubscriptionCreate: { webhookSubscription: { id: string; topic: string } | null; userErrors: unknown[] } }>(
      client,
      "webhookSubscriptionCreate",
      `mutation Sub($url: URL!) { webhookSubscriptionCreate(topic: PRODUCTS_UPDATE, webhookSubscription: { callbackUrl: $url, format: JSON }) { webhookSubscription { id topic } userErrors { field message } } }`,
      { url: receiverUrl },
    );
    expect(created.data.webhookSubscriptionCreate.webhookSubscription?.topic).toBe("PRODUCTS_UPDATE");
    const products = await gql("{ products(first: 1) { nodes { id } } }");
    const productId = products.body.data!.products.nodes[0].id as string;
    const deliveries = await sim.emitTopic(SHOP.shopDomain, "products/update", sim.productWebhookPayload(SHOP.shopDomain, productId));
    expect(deliveries.map((d) => d.status)).toEqual([200]);
    expect(received).toHaveLength(1);
    const r = received[0]!;
    expect(r.headers.get("x-shopify-topic")).toBe("products/update");
    expect(r.headers.get("x-shopify-shop-domain")).toBe(SHOP.shopDomain);
    expect(r.headers.get("x-shopify-webhook-id")).toBeTruthy();
    const result = await webhook.verify(inbound(r), connection);
    expect(result).toMatchObject({ ok: true, topic: "products/update", eventId: r.headers.get("x-shopify-event-id") });
    if (result.ok) expect(result.occurredAt?.toISOString()).toBe(r.headers.get("x-shopify-triggered-at"));
  });

  it("a tampered body, a wrong secret, a missing signature or another shop fail", async () => {
    received.length = 0;
    await sim.deliverWebhook({ url: receiverUrl, apiSecret: SHOP.apiSecret, shopDomain: SHOP.shopDomain }, { topic: "ORDERS_UPDATED", payload: { id: 1, total_price: "10.00" } });
    await sim.deliverWebhook({ url: receiverUrl, apiSecret: "shpss_wrong", shopDomain: SHOP.shopDomain }, { topic: "orders/updated", payload: { id: 1 } });
    await sim.deliverWebhook({ url: receiverUrl, apiSecret: SHOP.apiSecret, shopDomain: READONLY.shopDomain }, { topic: "orders/updated", payload: { id: 1 } });
    const [good, wrongSecret, otherShop] = received;
    expect(good!.headers.get("x-shopify-topic")).toBe("orders/updated");
    expect((await webhook.verify(inbound(good!), connection)).ok).toBe(true);
    expect(await webhook.verify({ ...inbound(good!), rawBody: good!.rawBody.replace("10.00", "0.01") }, connection)).toMatchObject({ ok: false, status: 401 });
    expect(await webhook.verify(inbound(wrongSecret!), connection)).toMatchObject({ ok: false, status: 401 });
    const unsigned = new Headers(good!.headers);
    unsigned.delete("x-shopify-hmac-sha256");
    expect(await webhook.verify({ ...inbound(good!), headers: unsigned }, connection)).toMatchObject({ ok: false });
    expect(await webhook.verify(inbound(otherShop!), connection)).toMatchObject({ ok: false, status: 401 });
  });

  it("app/uninstalled verifies like any other topic", async () => {
    received.length = 0;
    await sim.deliverWebhook({ url: receiverUrl, apiSecret: SHOP.apiSecret, shopDomain: SHOP.shopDomain }, { topic: "APP_UNINSTALLED", payload: { id: 1, domain: SHOP.shopDomain } });
    expect(await webhook.verify(inbound(received[0]!), connection)).toMatchObject({ ok: true, topic: "app/uninstalled" });
  });

  it("duplicates carry the same event id; out-of-order deliveries arrive reversed", async () => {
    received.length = 0;
    sim.faults.duplicateWebhooks = true;
    sim.faults.outOfOrderWebhooks = true;
    try {
      await sim.deliverWebhook({ url: receiverUrl, apiSecret: SHOP.apiSecret, shopDomain: SHOP.shopDomain }, [
        { topic: "orders/updated", payload: { id: 1, n: 1 }, eventId: "evt-1" },
        { topic: "orders/updated", payload: { id: 1, n: 2 }, eventId: "evt-2" },
      ]);
    } finally {
      sim.faults.duplicateWebhooks = false;
      sim.faults.outOfOrderWebhooks = false;
    }
    const results = await Promise.all(received.map((r) => webhook.verify(inbound(r), connection)));
    expect(results.map((r) => (r.ok ? r.eventId : "failed"))).toEqual(["evt-2", "evt-2", "evt-1", "evt-1"]);
  });
});

describe("the simulator's schema is a faithful subset of the official 2025-01 schema", () => {
  it("every type, field, argument, input field and enum value exists there with the same type", () => {
    const file = path.join(SPECS_DIR, "shopify", "admin_schema_2025-01.json.gz");
    const official = buildClientSchema(JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString("utf8")).data);
    const subset = shopifySubsetSchema();
    const problems: string[] = [];
    const kind = (t: GraphQLNamedType) => t.constructor.name;
    for (const type of Object.values(subset.getTypeMap())) {
      if (type.name.startsWith("__")) continue;
      const o = official.getType(type.name === "QueryRoot" || type.name === "Mutation" ? type.name : type.name);
      if (!o) {
        problems.push(`type ${type.name} is not in the official schema`);
        continue;
      }
      if (kind(o) !== kind(type)) problems.push(`${type.name}: ${kind(type)} here, ${kind(o)} there`);
      if ((isObjectType(type) || isInterfaceType(type)) && (isObjectType(o) || isInterfaceType(o))) {
        const of = o.getFields();
        for (const f of Object.values(type.getFields())) {
          const g = of[f.name];
          if (!g) problems.push(`${type.name}.${f.name} is not in the official schema`);
          else {
            if (String(g.type) !== String(f.type)) problems.push(`${type.name}.${f.name}: ${String(f.type)} here, ${String(g.type)} there`);
            for (const a of f.args) {
              const b = g.args.find((x) => x.name === a.name);
              if (!b || String(b.type) !== String(a.type)) problems.push(`${type.name}.${f.name}(${a.name}): ${String(a.type)} here, ${String(b?.type)} there`);
            }
            for (const b of g.args) if (String(b.type).endsWith("!") && !f.args.some((a) => a.name === b.name)) problems.push(`${type.name}.${f.name}: required argument ${b.name} missing here`);
          }
        }
      }
      if (isInputObjectType(type) && isInputObjectType(o)) {
        const of = o.getFields();
        for (const f of Object.values(type.getFields())) {
          if (!of[f.name] || String(of[f.name]!.type) !== String(f.type)) problems.push(`input ${type.name}.${f.name}: ${String(f.type)} here, ${String(of[f.name]?.type)} there`);
        }
        for (const f of Object.values(of)) if (String(f.type).endsWith("!") && f.defaultValue === undefined && !type.getFields()[f.name]) problems.push(`input ${type.name}: required ${f.name} missing here`);
      }
      if (isEnumType(type) && isEnumType(o)) {
        const values = new Set(o.getValues().map((v) => v.name));
        for (const v of type.getValues()) if (!values.has(v.name)) problems.push(`enum ${type.name}.${v.name} is not in the official schema`);
      }
      if (isUnionType(type) && isUnionType(o)) {
        const members = new Set(o.getTypes().map((x) => x.name));
        for (const m of type.getTypes()) if (!members.has(m.name)) problems.push(`union ${type.name} member ${m.name} is not official`);
      }
      if (isObjectType(type) && isObjectType(o)) {
        const ifs = new Set(o.getInterfaces().map((i) => i.name));
        for (const i of type.getInterfaces()) if (!ifs.has(i.name)) problems.push(`${type.name} implements ${i.name} here only`);
      }
    }
    expect(getNamedType(subset.getQueryType()!).name).toBe(official.getQueryType()!.name);
    expect(problems).toEqual([]);
  });
});
