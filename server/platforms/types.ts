// Declarative description of each platform (Nango-style): limits and batch sizes are data with a source, not magic numbers.
// Labels and help texts live in messages/platforms/<locale>.json, keyed by platform id and field key.

export const PLATFORM_IDS = [
  "trendyol",
  "shopify",
  "sentos",
  "ebay",
  "shipstation",
  "wildberries",
  "ozon",
  "yandex-market",
  "uzum",
] as const;

export type PlatformId = (typeof PLATFORM_IDS)[number];

export type FieldKind = "text" | "secret" | "url" | "select" | "number";

export interface ManifestField {
  /** credential/setting key, e.g. "apiKey", "sellerId", "shopDomain" */
  key: string;
  kind: FieldKind;
  /** true → encrypted in the vault, never sent back to the browser (only the last 4 chars) */
  secret: boolean;
  required: boolean;
  /** messageKey is a dotted path into the message catalogues, e.g. "validation.trendyol.sellerId" */
  pattern?: { regex: string; messageKey: string };
  /** allowed values of a select */
  options?: string[];
  /** example value, not translated (e.g. "123456", "my-store.myshopify.com") */
  placeholder?: string;
}

export interface RateLimit {
  scope: string;
  requests: number;
  perSeconds: number;
  /** URL, "specs/<file>" or "MARKETPLACES.md" */
  source: string;
  note?: string;
}

export interface BatchLimit {
  operation: string;
  maxItems: number;
  source: string;
}

export type Capability =
  | "products"
  | "stock"
  | "prices"
  | "orders"
  | "webhooks"
  | "labels"
  | "claims"
  | "questions"
  | "settlements";

export interface PlatformManifest {
  id: PlatformId;
  /** brand name, e.g. "Trendyol", "Yandex Market" */
  name: string;
  /** e.g. "TR", "Global", "RU/CIS", "UZ" */
  region: string;
  kind: "marketplace" | "store" | "erp" | "shipping";
  docsUrl: string;
  authType: "basic" | "header-token" | "access-token" | "oauth2" | "client-id-api-key" | "auto-detect";
  /** one line, English, for the admin's platform API configuration table */
  authDescription: string;
  /** sandbox: only the platform's own sandbox, if it has one */
  baseUrls: { production: string; sandbox?: string };
  /** what the connection form asks for: non-secret settings and secrets */
  fields: ManifestField[];
  rateLimits: RateLimit[];
  batchLimits: BatchLimit[];
  webhooks: { supported: boolean; authentication: string };
  capabilities: Capability[];
}
