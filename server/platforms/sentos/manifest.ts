import type { PlatformManifest } from "../types";

export const manifest = {
  id: "sentos",
  name: "Sentos",
  region: "TR",
  kind: "erp",
  docsUrl: "https://api.sentos.com.tr/docs",
  authType: "auto-detect",
  authDescription:
    "No official contract: Basic apiKey:apiSecret, X-API-Key/X-API-Secret, Bearer or Token tried in turn at connection test; the working one is remembered.",
  baseUrls: { production: "https://{company}.sentos.com.tr/api" },
  fields: [
    {
      key: "companySubdomain",
      kind: "text",
      secret: false,
      required: true,
      pattern: { regex: "^[a-z0-9][a-z0-9-]*$", messageKey: "validation.sentos.companySubdomain" },
      placeholder: "mycompany",
    },
    // Overrides the address built from the subdomain, for tenants Sentos hosts elsewhere.
    { key: "baseUrl", kind: "url", secret: false, required: false, placeholder: "https://mycompany.sentos.com.tr/api" },
    { key: "apiKey", kind: "secret", secret: true, required: true },
    { key: "apiSecret", kind: "secret", secret: true, required: true },
  ],
  rateLimits: [
    { scope: "POST requests", requests: 12, perSeconds: 60, source: "MARKETPLACES.md", note: "reported by users, unverified" },
    { scope: "the same GET endpoint", requests: 2, perSeconds: 60, source: "MARKETPLACES.md", note: "reported by users, unverified" },
  ],
  batchLimits: [],
  webhooks: { supported: false, authentication: "No webhooks: poll orders by updated_start_date." },
  capabilities: ["products", "stock", "prices", "orders"],
} satisfies PlatformManifest;
