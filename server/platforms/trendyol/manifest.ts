import type { PlatformManifest } from "../types";

const DOCS = "specs/trendyol/trendyol_docs_scrape_en_2025-12.md";
const PRODUCT_V2 = "specs/trendyol/spm-openapi-english.yml";

export const manifest = {
  id: "trendyol",
  name: "Trendyol",
  region: "TR",
  kind: "marketplace",
  docsUrl: "https://developers.trendyol.com",
  authType: "basic",
  authDescription:
    'HTTP Basic apiKey:apiSecret per seller id; every request also needs User-Agent "{sellerId} - {IntegratorName|SelfIntegration}" or it gets 403.',
  // Stage needs an IP allowlist and its own credentials; 503 there means "IP not allowed".
  baseUrls: {
    production: "https://apigw.trendyol.com/integration",
    sandbox: "https://stageapigw.trendyol.com/integration",
  },
  fields: [
    {
      key: "sellerId",
      kind: "text",
      secret: false,
      required: true,
      pattern: { regex: "^[0-9]+$", messageKey: "validation.trendyol.sellerId" },
      placeholder: "123456",
    },
    { key: "apiKey", kind: "secret", secret: true, required: true },
    { key: "apiSecret", kind: "secret", secret: true, required: true },
    {
      // Goes into the User-Agent; empty means "SelfIntegration".
      key: "integratorName",
      kind: "text",
      secret: false,
      required: false,
      pattern: { regex: "^[A-Za-z0-9]{1,30}$", messageKey: "validation.trendyol.integratorName" },
      placeholder: "SelfIntegration",
    },
  ],
  rateLimits: [
    { scope: "any single endpoint", requests: 50, perSeconds: 10, source: DOCS, note: "51st request: 429 too.many.requests" },
    { scope: "product create (v2/products)", requests: 1000, perSeconds: 60, source: DOCS },
    { scope: "product update (bulk updates)", requests: 1000, perSeconds: 60, source: DOCS },
    { scope: "batch request result", requests: 1000, perSeconds: 60, source: DOCS },
    { scope: "product filter (approved/unapproved)", requests: 2000, perSeconds: 60, source: DOCS },
    { scope: "product delete", requests: 100, perSeconds: 60, source: DOCS },
    { scope: "brands and categories lookups", requests: 50, perSeconds: 60, source: DOCS },
    {
      scope: "getShipmentPackages (orders)",
      requests: 2000,
      perSeconds: 60,
      source: DOCS,
      note: "sellers with listing limit 50k/75k; 150k: 3000/min; 350k and unlimited: no limit",
    },
  ],
  batchLimits: [
    { operation: "createProducts (v2/products)", maxItems: 1000, source: PRODUCT_V2 },
    { operation: "unapproved-bulk-update", maxItems: 1000, source: PRODUCT_V2 },
    { operation: "content-bulk-update", maxItems: 1000, source: PRODUCT_V2 },
    { operation: "variant-bulk-update", maxItems: 1000, source: PRODUCT_V2 },
    { operation: "delivery-info-bulk-update", maxItems: 1000, source: PRODUCT_V2 },
    { operation: "archive-state", maxItems: 1000, source: PRODUCT_V2 },
    { operation: "price-and-inventory", maxItems: 1000, source: PRODUCT_V2 },
    { operation: "getShipmentPackages page size", maxItems: 200, source: "specs/trendyol/openapi-domestic.yml" },
    { operation: "getShipmentPackages shipmentPackageIds filter", maxItems: 50, source: "MARKETPLACES.md" },
    { operation: "webhooks per seller", maxItems: 15, source: "MARKETPLACES.md" },
  ],
  webhooks: {
    supported: true,
    authentication:
      "Not signed: Trendyol sends the Basic credentials or x-api-key the seller registered with the webhook; failed deliveries re-pushed every 5 min.",
  },
  capabilities: ["products", "stock", "prices", "orders", "webhooks", "labels", "claims", "questions", "settlements"],
} satisfies PlatformManifest;
