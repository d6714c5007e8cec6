import type { PlatformManifest } from "../types";

const SPEC = "specs/ozon/ozon-seller-api.swagger.json";

export const manifest = {
  id: "ozon",
  name: "Ozon",
  region: "RU/CIS",
  kind: "marketplace",
  docsUrl: "https://docs.ozon.ru/api/seller/",
  authType: "client-id-api-key",
  authDescription: "Headers Client-Id and Api-Key from Seller API settings; no sandbox.",
  baseUrls: { production: "https://api-seller.ozon.ru" },
  fields: [
    {
      key: "clientId",
      kind: "text",
      secret: false,
      required: true,
      pattern: { regex: "^[0-9]+$", messageKey: "validation.ozon.clientId" },
      placeholder: "123456",
    },
    { key: "apiKey", kind: "secret", secret: true, required: true },
  ],
  rateLimits: [
    { scope: "all methods per Client-Id", requests: 50, perSeconds: 1, source: SPEC },
    { scope: "stocks update (/v2/products/stocks)", requests: 80, perSeconds: 60, source: SPEC },
    { scope: "stock of one product-warehouse pair", requests: 1, perSeconds: 30, source: "MARKETPLACES.md" },
    { scope: "price of one product", requests: 10, perSeconds: 3600, source: SPEC },
  ],
  batchLimits: [
    { operation: "stocks (product-warehouse pairs)", maxItems: 100, source: SPEC },
    { operation: "import prices", maxItems: 1000, source: SPEC },
    { operation: "product import", maxItems: 100, source: SPEC },
    { operation: "product list page size", maxItems: 1000, source: SPEC },
    { operation: "FBS postings list page size", maxItems: 1000, source: "MARKETPLACES.md" },
  ],
  webhooks: {
    supported: true,
    authentication:
      "Not signed: accept only from 195.34.21.0/24, 185.73.192.0/22, 91.223.93.0/24 and check seller_id in the payload; TYPE_PING answered 200.",
  },
  capabilities: ["products", "stock", "prices", "orders", "webhooks"],
} satisfies PlatformManifest;
