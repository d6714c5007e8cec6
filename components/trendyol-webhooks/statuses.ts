/** Statuses a Trendyol webhook can subscribe to (server/platforms/trendyol/webhooks-api.ts; empty means all). */
export const WEBHOOK_STATUSES = [
  "CREATED",
  "PICKING",
  "INVOICED",
  "SHIPPED",
  "CANCELLED",
  "DELIVERED",
  "UNDELIVERED",
  "RETURNED",
  "UNSUPPLIED",
  "AWAITING",
  "UNPACKED",
  "AT_COLLECTION_POINT",
  "VERIFIED",
] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];
