import type { PlatformManifest } from "../types";

export const manifest = {
  id: "shipstation",
  name: "ShipStation",
  region: "Global",
  kind: "shipping",
  docsUrl: "https://docs.shipstation.com",
  authType: "basic",
  authDescription: "v1 (orders): HTTP Basic apiKey:apiSecret; v2 (labels, tracking): header api-key with the v2 key.",
  // v2 (https://api.shipstation.com/v2) has no separate sandbox host: sandbox keys hit the same host.
  baseUrls: { production: "https://ssapi.shipstation.com" },
  fields: [
    { key: "apiKey", kind: "secret", secret: true, required: true },
    { key: "apiSecret", kind: "secret", secret: true, required: true },
    { key: "apiKeyV2", kind: "secret", secret: true, required: false },
  ],
  rateLimits: [
    { scope: "v1 per API key", requests: 40, perSeconds: 60, source: "MARKETPLACES.md", note: "X-Rate-Limit-Limit/-Remaining/-Reset headers, 429" },
    { scope: "v2 per API key", requests: 200, perSeconds: 60, source: "MARKETPLACES.md", note: "Retry-After on 429" },
    { scope: "v2 sandbox per API key", requests: 20, perSeconds: 60, source: "MARKETPLACES.md" },
  ],
  batchLimits: [{ operation: "v1 listOrders page size", maxItems: 500, source: "MARKETPLACES.md" }],
  webhooks: {
    supported: true,
    authentication: "Not signed: v1 payload is only {resource_url, resource_type}, fetched back with the seller's credentials.",
  },
  capabilities: ["orders", "labels", "webhooks"],
} satisfies PlatformManifest;
