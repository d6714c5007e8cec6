// The contract checker on each of the nine platforms, with hand-made exchanges built from MARKETPLACES.md facts:
// a valid request passes, broken ones fail with a readable reason. Every negative case asserts the reason, so the
// file fails if validation were switched off. These exchanges are not adapter traffic: they are not recorded in
// the coverage files (record: false).
import { describe, expect, it } from "vitest";
import { PLATFORM_IDS, type PlatformId } from "@/server/platforms/types";
import type { Exchange, SimResponse, Simulator } from "@/server/sandbox/framework";
import { noFaults } from "@/server/sandbox/framework";
import { startSandboxServer, type SandboxServer } from "@/server/sandbox/server";
import { contractDiagnostics, createContractChecker, SPEC_CORRECTIONS, type ContractResult } from "./checker";
import { formatCoverage, operationMatches, PRODUCT_OPERATIONS, type CoverageRow } from "./coverage";

const checker = createContractChecker({ record: false });

interface Req {
  body?: unknown;
  headers?: Record<string, string>;
  rawBody?: string;
}

function exchange(platform: PlatformId, method: string, pathAndQuery: string, req: Req, response: SimResponse): Exchange {
  const url = new URL(pathAndQuery, "http://sim.invalid");
  const headers = new Headers(req.headers ?? {});
  const rawBody = req.rawBody ?? (req.body === undefined ? "" : JSON.stringify(req.body));
  if (req.body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  return {
    platform,
    request: { method, path: url.pathname, query: url.searchParams, headers, rawBody, json: req.body },
    response,
  };
}

const ok = (json?: unknown, status = 200): SimResponse => ({ status, json });

function expectValid(r: ContractResult) {
  expect(r.errors, `${r.platform} ${r.operation}`).toEqual([]);
  // a schema that could not be compiled is only a warning: a valid case must have been really validated
  expect(r.warnings, `${r.platform} ${r.operation}`).toEqual([]);
  expect(r.ok).toBe(true);
  expect(r.checked.request).toBe(true);
}

function expectViolation(r: ContractResult, ...fragments: Array<string | RegExp>) {
  expect(r.ok, `expected a violation on ${r.platform} ${r.operation}`).toBe(false);
  const text = r.errors.join("\n");
  for (const f of fragments) {
    if (typeof f === "string") expect(text).toContain(f);
    else expect(text).toMatch(f);
  }
}

// ---------------------------------------------------------------------------------------------------------------

describe("Trendyol (specs/trendyol/*.yml)", () => {
  const UA = { "user-agent": "1 - SelfIntegration" };
  const item = { barcode: "8680000000001", quantity: 10, salePrice: 100, listPrice: 120 };
  const stock = (body: unknown, extra: Partial<Req> = {}, res: SimResponse = ok({ batchRequestId: "fa75dfd5-1529854840" })) =>
    checker.check(exchange("trendyol", "POST", "/inventory/sellers/1/products/price-and-inventory", { body, headers: UA, ...extra }, res));

  it("accepts a valid price-and-inventory update and its batch answer", () => {
    const r = stock({ items: [item] });
    expectValid(r);
    expect(r.operation).toBe("updatePriceAndInventory");
    expect(r.checked.response).toBe(true);
  });

  it("maps /webhook and /finance/che prefixes to their spec files", () => {
    expectValid(checker.check(exchange("trendyol", "GET", "/webhook/sellers/1/webhooks", { headers: UA }, ok([]))));
    const r = checker.check(exchange("trendyol", "GET", "/finance/che/sellers/1/settlements?transactionType=Sale&startDate=1&endDate=2&page=0&size=500", { headers: UA }, ok({})));
    expect(r.operation).toBe("getSettlements");
  });

  it("rejects quantity sent as a string", () => {
    expectViolation(stock({ items: [{ ...item, quantity: "10" }] }), "request body /items/0/quantity: must be integer");
  });

  it("rejects a missing required field", () => {
    const noBarcode: Partial<typeof item> = { ...item };
    delete noBarcode.barcode;
    expectViolation(stock({ items: [noBarcode] }), "missing required property 'barcode'");
  });

  it("rejects a quantity above 20,000 (documented correction)", () => {
    expectViolation(stock({ items: [{ ...item, quantity: 20001 }] }), "/items/0/quantity: must be <= 20000");
  });

  it("rejects a property the contract does not declare", () => {
    expectViolation(stock({ items: [{ ...item, stock: 5 }] }), "request body /items/0: unknown property 'stock'");
  });

  it("rejects a request without the Trendyol User-Agent", () => {
    expectViolation(stock({ items: [item] }, { headers: {} }), "missing required header 'User-Agent'");
    expectViolation(stock({ items: [item] }, { headers: { "user-agent": "node" } }), "request header parameter 'User-Agent'");
  });

  it("rejects an unknown path and a wrong method", () => {
    expectViolation(
      checker.check(exchange("trendyol", "POST", "/inventory/sellers/1/products/price-and-stock", { body: { items: [item] }, headers: UA }, ok({}))),
      "no operation in the trendyol contract matches POST /inventory/sellers/1/products/price-and-stock",
    );
    expectViolation(
      checker.check(exchange("trendyol", "GET", "/inventory/sellers/1/products/price-and-inventory", { headers: UA }, ok({}))),
      "method GET is not allowed on /inventory/sellers/{sellerId}/products/price-and-inventory (the contract has POST)",
    );
  });

  it("rejects a non-integer seller id in the path", () => {
    expectViolation(
      checker.check(exchange("trendyol", "POST", "/inventory/sellers/abc/products/price-and-inventory", { body: { items: [item] }, headers: UA }, ok({}))),
      "request path parameter 'sellerId': must be integer",
    );
  });

  it("checks the simulator's answer: undocumented status and wrong body type", () => {
    expectViolation(stock({ items: [item] }, {}, { status: 418, json: {} }), "response: status 418 is not documented for updatePriceAndInventory");
    expectViolation(stock({ items: [item] }, {}, ok({ batchRequestId: 42 })), "response 200 body /batchRequestId: must be string");
  });

  it("accepts an undocumented 429 as the platform's rate-limit answer, with a warning", () => {
    const r = stock({ items: [item] }, {}, { status: 429, json: { errors: [{ key: "too.many.requests" }] } });
    expect(r.ok).toBe(true);
    expect(r.warnings.join()).toContain("status 429 is not documented");
  });
});

describe("Ozon (specs/ozon/ozon-seller-api.swagger.json)", () => {
  const stocks = (body: unknown, res: SimResponse = ok({ result: [{ warehouse_id: 22142605386000, product_id: 118597312, offer_id: "PH11042", updated: true, errors: [] }] })) =>
    checker.check(exchange("ozon", "POST", "/v2/products/stocks", { body, headers: { "client-id": "1", "api-key": "k" } }, res));

  it("accepts POST /v2/products/stocks", () => {
    const r = stocks({ stocks: [{ offer_id: "PH11042", product_id: 313455276, stock: 100, warehouse_id: 22142605386000 }] });
    expectValid(r);
    expect(r.operation).toBe("ProductAPI_ProductsStocksV2");
  });

  it("accepts offer_id without product_id (documented correction: quant_size retired)", () => {
    expectValid(stocks({ stocks: [{ offer_id: "PH11042", stock: 1, warehouse_id: 1 }] }));
  });

  it("rejects stock as a string and a missing warehouse_id", () => {
    expectViolation(stocks({ stocks: [{ offer_id: "PH11042", stock: "100", warehouse_id: 1 }] }), "/stocks/0/stock: must be integer");
    expectViolation(stocks({ stocks: [{ offer_id: "PH11042", stock: 100 }] }), "missing required property 'warehouse_id'");
  });

  it("rejects an answer whose item has the wrong type", () => {
    expectViolation(stocks({ stocks: [{ offer_id: "A", stock: 1, warehouse_id: 1 }] }, ok({ result: [{ updated: "yes" }] })), "response 200 body /result/0/updated: must be boolean");
  });
});

describe("Wildberries (specs/wildberries/NN-*.yaml, /<host-prefix>/<path>)", () => {
  const stocks = (pathAndQuery: string, body: unknown, res: SimResponse = { status: 204 }) =>
    checker.check(exchange("wildberries", "PUT", pathAndQuery, { body, headers: { authorization: "t" } }, res));

  it("accepts PUT /marketplace-api/api/v3/stocks/{warehouseId} with chrtId/amount and a 204", () => {
    const r = stocks("/marketplace-api/api/v3/stocks/507", { stocks: [{ chrtId: 12345678, amount: 10 }] });
    expectValid(r);
    expect(r.operation).toBe("PUT /marketplace-api/api/v3/stocks/{warehouseId}");
  });

  it("rejects sku instead of chrtId (WB itself would answer 204 and change nothing)", () => {
    expectViolation(stocks("/marketplace-api/api/v3/stocks/507", { stocks: [{ sku: "ABC-1", amount: 10 }] }), "missing required property 'chrtId'", "unknown property 'sku'");
  });

  it("rejects amount above 100000 and a 204 with a body", () => {
    expectViolation(stocks("/marketplace-api/api/v3/stocks/507", { stocks: [{ chrtId: 1, amount: 100001 }] }), "/stocks/0/amount: must be <= 100000");
    expectViolation(stocks("/marketplace-api/api/v3/stocks/507", { stocks: [{ chrtId: 1, amount: 1 }] }, { status: 204, json: { ok: true } }), "status 204 must have no body");
  });

  it("rejects the right path on the wrong host", () => {
    expectViolation(stocks("/content-api/api/v3/stocks/507", { stocks: [{ chrtId: 1, amount: 1 }] }), "no operation in the wildberries contract matches PUT /content-api/api/v3/stocks/507");
  });

  it("knows /ping on every host (documented correction) and sandbox hosts", () => {
    const ping = (p: string) => checker.check(exchange("wildberries", "GET", p, { headers: { authorization: "t" } }, ok({ TS: "2024-08-16T11:19:05+03:00", Status: "OK" })));
    expectValid(ping("/content-api/ping"));
    expectValid(ping("/marketplace-api/ping"));
    expectValid(ping("/content-api-sandbox/ping"));
    expectViolation(ping("/no-such-api/ping"), "no operation in the wildberries contract");
  });

  it("checks query parameters: types, required ones, unknown names", () => {
    const orders = (q: string) => checker.check(exchange("wildberries", "GET", `/marketplace-api/api/v3/orders${q}`, { headers: { authorization: "t" } }, ok({ next: 0, orders: [] })));
    expectValid(orders("?limit=100&next=0"));
    expectViolation(orders("?limit=abc&next=0"), "request query parameter 'limit': must be integer");
    expectViolation(orders("?next=0"), "missing required query parameter 'limit'");
    expectViolation(orders("?limit=10&next=0&cursor=1"), "unknown query parameter 'cursor'");
  });
});

describe("Yandex Market (specs/yandex-market/openapi, multi-file $refs)", () => {
  const put = (pathAndQuery: string, body: unknown, res: SimResponse = ok({ status: "OK" })) =>
    checker.check(exchange("yandex-market", "PUT", pathAndQuery, { body, headers: { "api-key": "k" } }, res));
  const sku = { sku: "A-1", items: [{ count: 5, updatedAt: "2025-01-01T00:00:00+03:00" }] };

  it("accepts PUT /v2/campaigns/{campaignId}/offers/stocks", () => {
    const r = put("/v2/campaigns/21621656/offers/stocks", { skus: [sku] });
    expectValid(r);
    expect(r.operation).toBe("updateStocks");
  });

  it("rejects a negative count, an empty skus list and campaignId 0", () => {
    expectViolation(put("/v2/campaigns/1/offers/stocks", { skus: [{ ...sku, items: [{ count: -1 }] }] }), "/skus/0/items/0/count: must be >= 0");
    expectViolation(put("/v2/campaigns/1/offers/stocks", { skus: [] }), "/skus: must NOT have fewer than 1 items");
    expectViolation(put("/v2/campaigns/0/offers/stocks", { skus: [sku] }), "request path parameter 'campaignId': must be >= 1");
  });

  it("checks the answer through external $refs (ApiResponse.status is an enum)", () => {
    expectViolation(put("/v2/campaigns/1/offers/stocks", { skus: [sku] }, ok({ status: "FINE" })), "response 200 body /status: must be one of");
    expectValid(put("/v2/campaigns/1/offers/stocks", { skus: [sku] }, { status: 420, json: { status: "ERROR", errors: [{ code: "HIT_RATE_LIMIT", message: "limit" }] } }));
  });
});

describe("eBay (specs/ebay/*_oas3.json, basePath prefixes)", () => {
  const headers = { "content-type": "application/json", authorization: "Bearer x" };
  const bulk = (body: unknown, h: Record<string, string> = headers) =>
    checker.check(
      exchange("ebay", "POST", "/sell/inventory/v1/bulk_update_price_quantity", { body, headers: h }, ok({ responses: [{ statusCode: 200, sku: "A", offerId: "1" }] })),
    );
  const request = { sku: "A", shipToLocationAvailability: { quantity: 5 }, offers: [{ offerId: "1", availableQuantity: 5, price: { value: "10.00", currency: "USD" } }] };

  it("accepts POST /sell/inventory/v1/bulk_update_price_quantity", () => {
    const r = bulk({ requests: [request] });
    expectValid(r);
    expect(r.operation).toBe("bulkUpdatePriceQuantity");
  });

  it("rejects more than 25 requests (documented correction), a wrong type and a missing Content-Type", () => {
    expectViolation(bulk({ requests: Array.from({ length: 26 }, () => request) }), "/requests: must NOT have more than 25 items");
    expectViolation(bulk({ requests: [{ ...request, shipToLocationAvailability: { quantity: "5" } }] }), "/requests/0/shipToLocationAvailability/quantity: must be integer");
    const r = checker.check({
      ...exchange("ebay", "POST", "/sell/inventory/v1/bulk_update_price_quantity", { rawBody: JSON.stringify({ requests: [request] }) }, ok({})),
    });
    expectViolation(r, "missing required header 'Content-Type'");
  });

  it("accepts 401/403 with eBay's error body on any call (documented correction) but checks that body", () => {
    const priv = (res: SimResponse) => checker.check(exchange("ebay", "GET", "/sell/account/v1/privilege", { headers: { authorization: "Bearer x" } }, res));
    expectValid(priv({ status: 403, json: { errors: [{ errorId: 1100, domain: "API_ACCOUNT", category: "REQUEST", message: "Access denied" }] } }));
    expectViolation(priv({ status: 401, json: { errors: [{ errorId: "1001" }] } }), "response 401 body /errors/0/errorId: must be integer");
  });

  it("knows the OAuth token endpoint from the supplement (form body)", () => {
    const token = (raw: string) =>
      checker.check(
        exchange("ebay", "POST", "/identity/v1/oauth2/token", { rawBody: raw, headers: { "content-type": "application/x-www-form-urlencoded" } }, ok({ access_token: "v^1", expires_in: 7200, token_type: "User Access Token" })),
      );
    expectValid(token("grant_type=refresh_token&refresh_token=r&scope=https%3A%2F%2Fapi.ebay.com%2Foauth%2Fapi_scope"));
    expectViolation(token("grant_type=password"), "request body /grant_type: must be one of");
  });
});

describe("ShipStation (v1 third-party with corrections, v2 official 3.1)", () => {
  const orders = (q: string, res: SimResponse = ok({ orders: [], total: 0, page: 1, pages: 0 })) =>
    checker.check(exchange("shipstation", "GET", `/orders${q}`, { headers: { authorization: "Basic x" } }, res));

  it("accepts GET /orders with its filters", () => {
    const r = orders("?orderStatus=awaiting_shipment&modifyDateStart=2025-01-01T00:00:00Z&page=1&pageSize=500");
    expectValid(r);
    expect(r.operation).toBe("listOrders");
  });

  it("rejects pageSize above 500, an unknown status and an unknown parameter", () => {
    expectViolation(orders("?pageSize=501"), "request query parameter 'pageSize': must be <= 500");
    expectViolation(orders("?orderStatus=open"), "request query parameter 'orderStatus': must be one of");
    expectViolation(orders("?status=shipped"), "unknown query parameter 'status'");
  });

  it("applies the documented v1 corrections: /webhooks/subscribe, no POST /orders, createlabelfororder", () => {
    const post = (p: string, body: unknown) => checker.check(exchange("shipstation", "POST", p, { body }, ok({ id: 1 })));
    expectValid(post("/webhooks/subscribe", { target_url: "https://kervan.example/hooks/shipstation", event: "ORDER_NOTIFY", store_id: null }));
    expectViolation(post("/webhooks", { target_url: "https://x", event: "ORDER_NOTIFY" }), "method POST is not allowed on /webhooks");
    expectViolation(post("/orders", { orderNumber: "1" }), "method POST is not allowed on /orders");
    const label = checker.check(
      exchange("shipstation", "POST", "/orders/createlabelfororder", { body: { orderId: 1, carrierCode: "ups", serviceCode: "ups_ground", testLabel: true } }, ok({ shipmentId: 1, trackingNumber: "1Z" })),
    );
    expectValid(label);
    expect(label.operation).toBe("createLabelForOrder");
    expect(SPEC_CORRECTIONS.filter((c) => c.platform === "shipstation").length).toBeGreaterThanOrEqual(3);
  });

  it("checks v2 (/v2/…) against the official OpenAPI 3.1 file", () => {
    const r = checker.check(exchange("shipstation", "GET", "/v2/labels/se-123/track", { headers: { "api-key": "k" } }, ok({ tracking_number: "1Z", status_code: "IT" })));
    expect(r.operation).toBe("get_tracking_log_from_label");
    expectViolation(checker.check(exchange("shipstation", "GET", "/v2/orders", { headers: { "api-key": "k" } }, ok({}))), "no operation in the shipstation contract matches GET /v2/orders");
  });
});

describe("Shopify (GraphQL Admin 2025-01 introspection)", () => {
  const cost = { requestedQueryCost: 1, actualQueryCost: 1, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1999, restoreRate: 100 } };
  const gql = (body: unknown, res: SimResponse, p = "/admin/api/2025-01/graphql.json") =>
    checker.check(exchange("shopify", "POST", p, { body, headers: { "x-shopify-access-token": "shpat_x" } }, res));

  it("accepts query { shop { name } } and its answer", () => {
    const r = gql({ query: "query { shop { name } }" }, ok({ data: { shop: { name: "Kervan Test" } }, extensions: { cost } }));
    expectValid(r);
    expect(r.operation).toBe("query shop");
    expectValid(gql({ query: "{ shop { name } }" }, ok({ data: { shop: { name: "x" } }, extensions: { cost } }), "/"));
  });

  it("rejects a field that does not exist", () => {
    expectViolation(gql({ query: "query { shop { nme } }" }, ok({ data: null, extensions: { cost } })), 'request: GraphQL Cannot query field "nme" on type "Shop"');
  });

  it("checks variables against the operation's definitions", () => {
    const mutation = `mutation set($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { field message } } }`;
    const input = { name: "available", reason: "correction", quantities: [{ inventoryItemId: "gid://shopify/InventoryItem/1", locationId: "gid://shopify/Location/1", quantity: 5 }] };
    const answer = ok({ data: { inventorySetQuantities: { userErrors: [] } }, extensions: { cost } });
    expectValid(gql({ query: mutation, variables: { input: { ...input, ignoreCompareQuantity: true } } }, answer));
    expectViolation(gql({ query: mutation, variables: { input: { ...input, quantities: [{ ...input.quantities[0], quantity: "5" }] } } }, answer), 'Variable "$input" got invalid value "5"');
    expectViolation(gql({ query: mutation, variables: {} }, answer), 'Variable "$input" of required type "InventorySetQuantitiesInput!" was not provided');
  });

  it("checks the answer: extensions.cost, selected fields, scalar types", () => {
    expectViolation(gql({ query: "{ shop { name } }" }, ok({ data: { shop: { name: "x" } } })), "extensions.cost is missing");
    expectViolation(gql({ query: "{ shop { name } }" }, ok({ data: { shop: { name: 5 } }, extensions: { cost } })), "response data/shop/name must be String");
    expectViolation(gql({ query: "{ shop { name } }" }, ok({ data: { shop: { name: "x", email: "a@b" } }, extensions: { cost } })), "response data/shop/email was not selected");
    expectValid(gql({ query: "{ shop { name } }" }, ok({ errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }], extensions: { cost } })));
  });

  it("rejects another API version and a GET", () => {
    expectViolation(gql({ query: "{ shop { name } }" }, ok({ data: { shop: { name: "x" } }, extensions: { cost } }), "/admin/api/2024-10/graphql.json"), "API version 2024-10 has no contract here");
  });
});

describe("Sentos (own schema test/contract/schemas/sentos.json)", () => {
  const get = (q: string, res: SimResponse) => checker.check(exchange("sentos", "GET", q, { headers: { authorization: "Basic x" } }, res));
  const page = { data: [{ id: 1, sku: "A-1", name: "Ürün" }], page: 1, size: 50, total_elements: 1, total_pages: 1 };

  it("accepts GET /products?page=1&pageSize=50", () => {
    const r = get("/products?page=1&pageSize=50", ok(page));
    expectValid(r);
    expect(r.operation).toBe("GET /products");
  });

  it("rejects a non-numeric pageSize, an unknown parameter and an answer without total_pages", () => {
    expectViolation(get("/products?page=1&pageSize=fifty", ok(page)), "request query parameter 'pageSize': must be integer");
    expectViolation(get("/products?page=1&limit=50", ok(page)), "unknown query parameter 'limit'");
    const partial: Partial<typeof page> = { ...page };
    delete partial.total_pages;
    expectViolation(get("/products?page=1", ok(partial)), "missing required property 'total_pages'");
  });

  it("rejects unknown fields and wrong types in PUT /products/{id}", () => {
    const put = (body: unknown) => checker.check(exchange("sentos", "PUT", "/products/42", { body }, ok({})));
    expectValid(put({ sale_price: 100, prices: { trendyol: { sale_price: 100, list_price: 120 } }, stocks: [{ warehouse: 1, stock: 5 }] }));
    expectViolation(put({ stocks: [{ warehouse: 1, quantity: 5 }] }), "missing required property 'stock'", "unknown property 'quantity'");
    expectViolation(put({ stocks: [{ warehouse: 1, stock: -1 }] }), "/stocks/0/stock: must be >= 0");
  });
});

describe("Uzum Market (own schema test/contract/schemas/uzum.json)", () => {
  it("accepts GET /v1/shops", () => {
    const r = checker.check(exchange("uzum", "GET", "/v1/shops", { headers: { authorization: "t" } }, ok({ payload: [{ id: 1, name: "Shop" }], timestamp: "2025-01-01T00:00:00Z" })));
    expectValid(r);
    expect(r.operation).toBe("GET /v1/shops");
  });

  it("rejects amount as a string, size above 50 and an unknown status", () => {
    const stock = checker.check(exchange("uzum", "POST", "/v2/fbs/sku/stocks", { body: { skuAmountList: [{ skuId: 1, barcode: "4780000000001", amount: "5" }] } }, ok({ payload: {} })));
    expectViolation(stock, "/skuAmountList/0/amount: must be integer");
    const orders = (q: string) => checker.check(exchange("uzum", "GET", `/v2/fbs/orders${q}`, {}, ok({ payload: { orders: [], totalAmount: 0 } })));
    expectValid(orders("?shopIds=1&shopIds=2&status=CREATED&page=0&size=50"));
    expectValid(orders("?shopIds=1,2&status=PACKING&size=10"));
    expectViolation(orders("?size=51"), "request query parameter 'size': must be <= 50");
    expectViolation(orders("?status=NEW"), "request query parameter 'status': must be one of");
  });

  it("rejects an answer outside the envelope", () => {
    expectViolation(checker.check(exchange("uzum", "GET", "/v1/shops", {}, ok([{ id: 1 }]))), "response 200 body (root): must be object");
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe("checker API", () => {
  it("assertValid throws a readable message listing every violation", () => {
    const c = createContractChecker({ record: false });
    const bad = exchange(
      "trendyol",
      "POST",
      "/inventory/sellers/1/products/price-and-inventory",
      { body: { items: [{ quantity: "1", colour: "red" }] } },
      { status: 200, json: { batchRequestId: 1 } },
    );
    let message = "";
    try {
      c.assertValid(bad);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain("Contract violation on trendyol updatePriceAndInventory (POST /inventory/sellers/1/products/price-and-inventory → 200)");
    for (const part of ["missing required property 'barcode'", "/items/0/quantity: must be integer", "unknown property 'colour'", "User-Agent", "/batchRequestId: must be string"]) {
      expect(message).toContain(part);
    }
    expect(c.results()).toHaveLength(1);
    expect(() => c.assertAllValid()).toThrow(/Contract violation/);
  });

  it("tolerate() marks deliberate violations so coverage does not count them", () => {
    const c = createContractChecker({ record: false });
    const oversize = exchange(
      "ebay",
      "POST",
      "/sell/inventory/v1/bulk_update_price_quantity",
      { body: { requests: Array.from({ length: 26 }, (_, i) => ({ sku: `S-${i}` })) }, headers: { "content-type": "application/json" } },
      { status: 400, json: { errors: [{ errorId: 25727, message: "too many" }] } },
    );
    c.tolerate(/must NOT have more than 25 items/);
    const r = c.check(oversize);
    expect(r.ok).toBe(false);
    expect(r.tolerated).toBe(true);
    expect(() => c.assertAllValid()).not.toThrow();
    c.tolerate(undefined);
    expect(c.check(oversize).tolerated).toBeUndefined();
    expect(() => c.assertAllValid()).toThrow(/more than 25 items/);
  });

  it("checks what a simulator served through startSandboxServer (onExchange)", async () => {
    const c = createContractChecker({ record: false });
    const sim: Simulator = {
      platform: "ozon",
      faults: noFaults(),
      handle: async (req) => (req.path === "/v2/products/stocks" ? { status: 200, json: { result: [] }, operation: "updateStocks" } : { status: 404, json: { code: 5, message: "not found" } }),
      rateLimited: () => ({ status: 429, json: { code: 8, message: "rate" } }),
      serverError: () => ({ status: 500, json: { code: 13, message: "err" } }),
      reset: () => {},
    };
    let server: SandboxServer | undefined;
    try {
      server = await startSandboxServer({ simulators: [sim], onExchange: (e) => c.check(e) });
      const post = (p: string, body: unknown) =>
        fetch(`${server!.baseUrl("ozon")}${p}`, { method: "POST", headers: { "content-type": "application/json", "client-id": "1", "api-key": "k" }, body: JSON.stringify(body) });
      await post("/v2/products/stocks", { stocks: [{ offer_id: "A", stock: 1, warehouse_id: 1 }] });
      await post("/v2/products/stock", { stocks: [] });
    } finally {
      await server?.close();
    }
    const [good, bad] = c.results();
    expectValid(good!);
    expectViolation(bad!, "no operation in the ozon contract matches POST /v2/products/stock");
  });
});

describe("coverage table", () => {
  it("prints platform × operation × checked and the product operations exercised", () => {
    const row = (over: Partial<CoverageRow>): CoverageRow => ({
      platform: "trendyol",
      operation: "updatePriceAndInventory",
      method: "POST",
      path: "/inventory/sellers/1/products/price-and-inventory",
      status: 200,
      ok: true,
      checked: { request: true, response: true },
      errors: [],
      warnings: [],
      ...over,
    });
    const { text, failedChecks } = formatCoverage([
      row({}),
      row({ platform: "wildberries", operation: "PUT /marketplace-api/api/v3/stocks/{warehouseId}", ok: false, errors: ["request body /stocks/0: missing required property 'chrtId'"] }),
      row({ platform: "shopify", operation: "query locations,shop" }),
      row({ platform: "ebay", operation: "bulkUpdatePriceQuantity", ok: false, tolerated: true, errors: ["request body /requests: must NOT have more than 25 items"] }),
    ]);
    expect(failedChecks).toBe(1);
    expect(text).toContain("1 deliberate violation tolerated");
    expect(text).toMatch(/trendyol\s+updatePriceAndInventory\s+1\s+✓ request\s+✓ response\s+ok/);
    expect(text).toContain("✗ request");
    expect(text).toContain("missing required property 'chrtId'");
    expect(text).toMatch(/shopify\s+1\/\d+/);
    expect(operationMatches("query shop", "query locations,shop")).toBe(true);
    expect(operationMatches("mutation shop", "query shop")).toBe(false);
  });
});

describe("the operations the product uses (coverage.ts PRODUCT_OPERATIONS)", () => {
  // A name that matches no operation would never count as exercised; a schema ajv cannot compile would be checked
  // as "nothing" (a warning only). Both are caught here, per platform.
  it.each(PLATFORM_IDS)("%s: every product operation exists in the contract and its schemas compile", (platform) => {
    expect(contractDiagnostics(platform, PRODUCT_OPERATIONS[platform])).toEqual([]);
  });
});
