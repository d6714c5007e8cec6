import type { PlatformManifest } from "../types";

export const manifest = {
  id: "uzum",
  name: "Uzum Market",
  region: "UZ",
  kind: "marketplace",
  docsUrl: "https://api-seller.uzum.uz/api/seller-openapi/swagger/swagger-ui/webjars/swagger-ui/index.html",
  authType: "header-token",
  authDescription: "Header Authorization: <token> without a Bearer prefix; rate limits unpublished, read X-RateLimit-Remaining.",
  baseUrls: { production: "https://api-seller.uzum.uz/api/seller-openapi" },
  fields: [
    { key: "token", kind: "secret", secret: true, required: true },
    {
      key: "shopId",
      kind: "text",
      secret: false,
      required: true,
      pattern: { regex: "^[0-9]+$", messageKey: "validation.uzum.shopId" },
      placeholder: "12345",
    },
  ],
  // Numbers unknown: the client must follow X-RateLimit-Remaining/-Replenish-Rate/-Burst-Capacity.
  rateLimits: [],
  batchLimits: [{ operation: "FBS orders page size", maxItems: 50, source: "MARKETPLACES.md" }],
  webhooks: { supported: false, authentication: "No webhooks: poll /v2/fbs/orders." },
  // Products are read only on Uzum: listing, not creating.
  capabilities: ["products", "stock", "prices", "orders"],
} satisfies PlatformManifest;
