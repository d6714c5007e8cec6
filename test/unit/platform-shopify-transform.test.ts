// Pure Shopify mappings on recorded-looking payloads (Admin GraphQL answers and error bodies).
import { describe, expect, it } from "vitest";
import { PlatformError } from "@/server/platforms/errors";
import {
  missingScopes,
  parseShopifyError,
  shopifyAccountName,
  shopifyBaseUrl,
  shopifyOutcomeFromError,
  shopifyThrottleWaitMs,
  shopSubdomain,
} from "@/server/platforms/shopify/transform";

const cost = (requested: number, available: number, actual: number | null = requested) => ({
  requestedQueryCost: requested,
  actualQueryCost: actual,
  throttleStatus: { maximumAvailable: 1000, currentlyAvailable: available, restoreRate: 100 },
});

describe("parseShopifyError", () => {
  it("reads THROTTLED with HTTP 200 as rate_limited", () => {
    const body = { errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }], extensions: { cost: cost(52, 12, null) } };
    expect(parseShopifyError(200, body)).toEqual({ kind: "rate_limited", message: "Throttled", details: [{ code: "THROTTLED", message: "Throttled" }] });
  });

  it("reads ACCESS_DENIED as permission, with the field path", () => {
    const body = {
      errors: [
        {
          message: "Access denied for orders field. Required access: `read_orders` access scope.",
          locations: [{ line: 1, column: 3 }],
          path: ["orders"],
          extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess: "`read_orders` access scope." },
        },
      ],
      data: null,
    };
    expect(parseShopifyError(200, body)).toMatchObject({ kind: "permission", details: [{ code: "ACCESS_DENIED", field: "orders" }] });
  });

  it("reads other top-level errors on a 200 as validation, and a clean 200 as no error", () => {
    expect(parseShopifyError(200, { errors: [{ message: "Field 'nam' doesn't exist on type 'Shop'" }] })).toMatchObject({ kind: "validation" });
    expect(parseShopifyError(200, { data: { shop: { name: "x" } }, extensions: { cost: cost(1, 999) } })).toBeUndefined();
    // userErrors are the caller's business, not a transport failure.
    expect(parseShopifyError(200, { data: { productSet: { userErrors: [{ message: "Title can't be blank" }] } } })).toBeUndefined();
  });

  it("reads the string and object forms of the REST-style errors", () => {
    expect(parseShopifyError(401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" })).toEqual({
      message: "[API] Invalid API key or access token (unrecognized login or wrong password)",
    });
    expect(parseShopifyError(400, { errors: { query: "Required parameter missing or invalid" } })).toEqual({ message: "query: Required parameter missing or invalid" });
    expect(parseShopifyError(402, undefined)).toMatchObject({ kind: "permission" });
    expect(parseShopifyError(503, "<html><body>Service Unavailable</body></html>")).toEqual({ message: "Service Unavailable" });
  });
});

describe("shopifyThrottleWaitMs", () => {
  it("waits until the bucket holds the requested cost", () => {
    expect(shopifyThrottleWaitMs({ errors: [{ message: "Throttled" }], extensions: { cost: cost(502, 2, null) } })).toBe(5000);
    expect(shopifyThrottleWaitMs({ data: {}, extensions: { cost: cost(100, 40) } })).toBe(600);
  });
  it("does not wait while the bucket can pay", () => {
    expect(shopifyThrottleWaitMs({ data: {}, extensions: { cost: cost(10, 990) } })).toBeUndefined();
    expect(shopifyThrottleWaitMs({ data: {} })).toBeUndefined();
    expect(shopifyThrottleWaitMs("nope")).toBeUndefined();
  });
});

describe("shop answers", () => {
  const data = {
    shop: { name: "Kervan Sandbox", myshopifyDomain: "kervan-sandbox.myshopify.com" },
    currentAppInstallation: { accessScopes: [{ handle: "write_products" }, { handle: "read_products" }, { handle: "write_inventory" }, { handle: "read_locations" }] },
  };
  it("takes the account name from shop.name", () => {
    expect(shopifyAccountName(data)).toBe("Kervan Sandbox");
    expect(shopifyAccountName({ shop: null })).toBeUndefined();
  });
  it("lists the required scopes the app lacks; a write scope covers its read", () => {
    expect(missingScopes(data)).toEqual(["read_orders"]);
    expect(missingScopes({ currentAppInstallation: { accessScopes: [{ handle: "write_orders" }] } }, ["read_orders"])).toEqual([]);
    expect(missingScopes({})).toEqual(["write_products", "write_inventory", "read_locations", "read_orders"]);
  });
});

describe("addresses", () => {
  it("shopSubdomain accepts the forms merchants paste", () => {
    expect(shopSubdomain("my-store.myshopify.com")).toBe("my-store");
    expect(shopSubdomain("https://My-Store.myshopify.com/admin")).toBe("my-store");
    expect(shopSubdomain("my-store")).toBe("my-store");
    expect(shopSubdomain("not a shop")).toBeUndefined();
  });
  it("shopifyBaseUrl fills {shop} and cuts the GraphQL suffix", () => {
    expect(shopifyBaseUrl("https://{shop}.myshopify.com/admin/api/2025-01/graphql.json", "my-store.myshopify.com")).toBe("https://my-store.myshopify.com");
    expect(shopifyBaseUrl("http://127.0.0.1:4000/sandbox/shopify", "my-store.myshopify.com")).toBe("http://127.0.0.1:4000/sandbox/shopify");
  });
});

describe("shopifyOutcomeFromError", () => {
  it("maps kinds to statuses", () => {
    const e = (kind: ConstructorParameters<typeof PlatformError>[0]) => shopifyOutcomeFromError(new PlatformError(kind, "m")).status;
    expect(e("authentication")).toBe("bad_credentials");
    expect(e("permission")).toBe("permission_missing");
    expect(e("rate_limited")).toBe("rate_limited");
    expect(e("not_found")).toBe("bad_credentials");
    expect(e("unreachable")).toBe("unreachable");
    expect(e("transient")).toBe("unreachable");
  });
});
