import type { PlatformManifest } from "../types";

const INVENTORY = "specs/ebay/sell_inventory_v1_oas3.json";

export const manifest = {
  id: "ebay",
  name: "eBay",
  region: "Global",
  kind: "marketplace",
  docsUrl: "https://developer.ebay.com/develop/apis",
  authType: "oauth2",
  authDescription:
    "OAuth 2.0 user token: refresh_token grant at /identity/v1/oauth2/token with Basic clientId:clientSecret; access token lives about 2 h.",
  // Finances API lives on apiz.ebay.com (apiz.sandbox.ebay.com in sandbox).
  baseUrls: { production: "https://api.ebay.com", sandbox: "https://api.sandbox.ebay.com" },
  fields: [
    { key: "clientId", kind: "text", secret: false, required: true, placeholder: "MyCompan-Kervan-PRD-1a2b3c4d5-6e7f8a9b" },
    { key: "clientSecret", kind: "secret", secret: true, required: true },
    { key: "refreshToken", kind: "secret", secret: true, required: true },
    {
      key: "marketplaceId",
      kind: "select",
      secret: false,
      required: true,
      options: [
        "EBAY_US",
        "EBAY_GB",
        "EBAY_DE",
        "EBAY_FR",
        "EBAY_IT",
        "EBAY_ES",
        "EBAY_AU",
        "EBAY_CA",
        "EBAY_AT",
        "EBAY_CH",
        "EBAY_IE",
        "EBAY_NL",
        "EBAY_BE",
        "EBAY_PL",
      ],
      placeholder: "EBAY_US",
    },
  ],
  rateLimits: [
    { scope: "token endpoint: refresh_token grants", requests: 50_000, perSeconds: 86_400, source: "MARKETPLACES.md" },
    {
      scope: "revisions of one listing",
      requests: 250,
      perSeconds: 86_400,
      source: "MARKETPLACES.md",
      note: "live app quotas: developer/analytics getRateLimits (specs/ebay/developer_analytics_v1_beta_oas3.json)",
    },
  ],
  batchLimits: [
    { operation: "bulk_create_or_replace_inventory_item", maxItems: 25, source: INVENTORY },
    { operation: "bulk_create_offer", maxItems: 25, source: INVENTORY },
    { operation: "bulk_publish_offer", maxItems: 25, source: INVENTORY },
    { operation: "bulk_update_price_quantity", maxItems: 25, source: INVENTORY },
    { operation: "getInventoryItems page size", maxItems: 200, source: INVENTORY },
    { operation: "getOrders page size", maxItems: 200, source: "specs/ebay/sell_fulfillment_v1_oas3.json" },
  ],
  webhooks: {
    supported: true,
    authentication:
      "X-EBAY-SIGNATURE (base64 {kid, signature}): ECDSA over the body with the key from /commerce/notification/v1/public_key/{kid}; endpoint proved by the challenge_code SHA-256.",
  },
  capabilities: ["products", "stock", "prices", "orders", "webhooks", "settlements"],
} satisfies PlatformManifest;
