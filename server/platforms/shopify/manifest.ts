import type { PlatformManifest } from "../types";

const LIMITS = "https://shopify.dev/docs/api/usage/limits";

export const manifest = {
  id: "shopify",
  name: "Shopify",
  region: "Global",
  kind: "store",
  docsUrl: "https://shopify.dev/docs/api/admin-graphql/2025-01",
  authType: "access-token",
  authDescription: "GraphQL Admin API with header X-Shopify-Access-Token (custom app Admin API token); API version pinned to 2025-01.",
  // Pinned to the version of the contract in specs/shopify/admin_schema_2025-01.json.gz.
  baseUrls: { production: "https://{shop}.myshopify.com/admin/api/2025-01/graphql.json" },
  fields: [
    {
      key: "shopDomain",
      kind: "text",
      secret: false,
      required: true,
      pattern: { regex: "^[A-Za-z0-9][A-Za-z0-9-]*\\.myshopify\\.com$", messageKey: "validation.shopify.shopDomain" },
      placeholder: "my-store.myshopify.com",
    },
    { key: "accessToken", kind: "secret", secret: true, required: true, placeholder: "shpat_…" },
    // The app's client secret: the key of the X-Shopify-Hmac-Sha256 webhook signature.
    { key: "apiSecret", kind: "secret", secret: true, required: true },
    {
      key: "locationId",
      kind: "text",
      secret: false,
      required: false,
      pattern: { regex: "^([0-9]+|gid://shopify/Location/[0-9]+)$", messageKey: "validation.shopify.locationId" },
      placeholder: "71234567890",
    },
  ],
  rateLimits: [
    // Cost points, not requests: read extensions.cost.throttleStatus instead of trusting these.
    { scope: "GraphQL cost points per app and store (Standard)", requests: 100, perSeconds: 1, source: LIMITS, note: "leaky bucket restore rate; one query may cost at most 1000 points" },
    { scope: "GraphQL cost points per app and store (Advanced)", requests: 200, perSeconds: 1, source: LIMITS },
    { scope: "GraphQL cost points per app and store (Plus)", requests: 1000, perSeconds: 1, source: LIMITS },
    { scope: "GraphQL cost points per app and store (Enterprise)", requests: 2000, perSeconds: 1, source: LIMITS },
  ],
  batchLimits: [
    { operation: "inventorySetQuantities", maxItems: 250, source: LIMITS },
    { operation: "productVariantsBulkUpdate", maxItems: 250, source: LIMITS },
    { operation: "orders page size (first)", maxItems: 250, source: LIMITS },
  ],
  webhooks: {
    supported: true,
    authentication: "X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the raw body with the app client secret; dedupe on X-Shopify-Event-Id.",
  },
  capabilities: ["products", "stock", "prices", "orders", "webhooks"],
} satisfies PlatformManifest;
