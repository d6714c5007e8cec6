import type { PlatformManifest } from "../types";

const PRODUCTS = "specs/wildberries/02-products.yaml";
const FBS = "specs/wildberries/03-orders-fbs.yaml";

export const manifest = {
  id: "wildberries",
  name: "Wildberries",
  region: "RU/CIS",
  kind: "marketplace",
  docsUrl: "https://dev.wildberries.ru/openapi/api-information",
  authType: "header-token",
  authDescription: "Header Authorization: <token>; one token per API category (content, prices, marketplace, statistics), checked with GET /ping.",
  // One host per API category ({api} = content-api, discounts-prices-api, marketplace-api, statistics-api…);
  // sandboxes exist only for content, prices and statistics.
  baseUrls: { production: "https://{api}.wildberries.ru", sandbox: "https://{api}-sandbox.wildberries.ru" },
  fields: [
    { key: "contentToken", kind: "secret", secret: true, required: true },
    // Empty category tokens fall back to the content token (one token may cover several categories).
    { key: "pricesToken", kind: "secret", secret: true, required: false },
    { key: "marketplaceToken", kind: "secret", secret: true, required: false },
    { key: "statisticsToken", kind: "secret", secret: true, required: false },
    {
      key: "warehouseId",
      kind: "text",
      secret: false,
      required: false,
      pattern: { regex: "^[0-9]+$", messageKey: "validation.wildberries.warehouseId" },
      placeholder: "1234567",
    },
  ],
  rateLimits: [
    { scope: "content API (all methods)", requests: 100, perSeconds: 60, source: PRODUCTS, note: "burst 5" },
    { scope: "content cards upload/update", requests: 10, perSeconds: 60, source: PRODUCTS, note: "burst 5" },
    { scope: "prices and discounts API", requests: 10, perSeconds: 6, source: PRODUCTS, note: "burst 5" },
    { scope: "seller warehouse stocks", requests: 300, perSeconds: 60, source: PRODUCTS, note: "burst 20; a 409 counts as 10 requests" },
    { scope: "FBS orders, supplies and passes", requests: 300, perSeconds: 60, source: FBS, note: "burst 20; a 409 counts as 10 requests" },
    { scope: "GET /ping per host", requests: 3, perSeconds: 30, source: "specs/wildberries/01-general.yaml" },
  ],
  batchLimits: [
    { operation: "cards list page size", maxItems: 100, source: PRODUCTS },
    { operation: "cards upload", maxItems: 100, source: PRODUCTS },
    { operation: "cards update", maxItems: 3000, source: PRODUCTS },
    { operation: "prices upload task", maxItems: 1000, source: PRODUCTS },
    { operation: "stocks", maxItems: 1000, source: PRODUCTS },
    { operation: "FBS orders page size", maxItems: 1000, source: FBS },
  ],
  webhooks: { supported: false, authentication: "No webhooks: poll /api/v3/orders/new and order statuses." },
  capabilities: ["products", "stock", "prices", "orders"],
} satisfies PlatformManifest;
