// Trendyol webhook API calls (specs/trendyol/openapi-webhook.yml, base /integration/webhook), plus the rules
// Trendyol enforces, checked here first so the seller gets a clear reason without a wasted request.
import type { PlatformHttpClient } from "../http";
import { trendyolRequest } from "./client";

/** At most 15 webhooks per seller, deactivated ones included (docs scrape, "Webhook Model"). */
export const TRENDYOL_MAX_WEBHOOKS = 15;

export const TRENDYOL_WEBHOOK_STATUSES = [
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
export type TrendyolWebhookStatus = (typeof TRENDYOL_WEBHOOK_STATUSES)[number];

export type TrendyolWebhookAuth = { authenticationType: "BASIC_AUTHENTICATION"; username: string; password: string } | { authenticationType: "API_KEY"; apiKey: string };

export interface TrendyolWebhookInput {
  url: string;
  auth: TrendyolWebhookAuth;
  /** Empty: every status. */
  subscribedStatuses: TrendyolWebhookStatus[];
}

export interface TrendyolWebhook {
  id: string;
  url: string;
  status: string;
  authenticationType: string;
  subscribedStatuses: string[] | null;
  createdDate?: number;
  lastModifiedDate?: number | null;
}

/** Why Trendyol would refuse this callback address, or undefined when it is acceptable. */
export function trendyolWebhookUrlProblem(url: string): "invalid" | "forbiddenWord" | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "invalid";
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return "invalid";
  // "Your webhook service's endpoint should not contain "Trendyol", "Dolap", "localhost"".
  if (/trendyol|dolap|localhost/i.test(url)) return "forbiddenWord";
  return undefined;
}

const base = (sellerId: string) => `/webhook/sellers/${sellerId}/webhooks`;

function body(input: TrendyolWebhookInput) {
  return {
    url: input.url,
    authenticationType: input.auth.authenticationType,
    ...(input.auth.authenticationType === "API_KEY" ? { apiKey: input.auth.apiKey } : { username: input.auth.username, password: input.auth.password }),
    subscribedStatuses: input.subscribedStatuses,
  };
}

export async function createWebhook(http: PlatformHttpClient, sellerId: string, input: TrendyolWebhookInput): Promise<string> {
  const res = await trendyolRequest<{ id?: string }>(http, { operation: "createWebhook", method: "POST", path: base(sellerId), json: body(input) });
  if (!res.body?.id) throw new Error("Trendyol created the webhook but returned no id");
  return String(res.body.id);
}

export async function listWebhooks(http: PlatformHttpClient, sellerId: string): Promise<TrendyolWebhook[]> {
  const res = await trendyolRequest<TrendyolWebhook[]>(http, { operation: "getWebhooks", method: "GET", path: base(sellerId) });
  return Array.isArray(res.body) ? res.body.map((w) => ({ ...w, id: String(w.id) })) : [];
}

export async function updateWebhook(http: PlatformHttpClient, sellerId: string, id: string, input: TrendyolWebhookInput): Promise<void> {
  await trendyolRequest(http, { operation: "updateWebhook", method: "PUT", path: `${base(sellerId)}/${encodeURIComponent(id)}`, json: body(input) });
}

export async function setWebhookActive(http: PlatformHttpClient, sellerId: string, id: string, active: boolean): Promise<void> {
  await trendyolRequest(http, {
    operation: active ? "activateWebhook" : "deactivateWebhook",
    method: "PUT",
    path: `${base(sellerId)}/${encodeURIComponent(id)}/${active ? "activate" : "deactivate"}`,
  });
}

export async function deleteWebhook(http: PlatformHttpClient, sellerId: string, id: string): Promise<void> {
  await trendyolRequest(http, { operation: "deleteWebhook", method: "DELETE", path: `${base(sellerId)}/${encodeURIComponent(id)}` });
}
