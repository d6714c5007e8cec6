// Outbound webhook deliveries the way Shopify sends them (https://shopify.dev/docs/apps/build/webhooks):
// POST of the JSON payload, X-Shopify-Hmac-Sha256 = base64 HMAC-SHA256 of the raw body with the app's client
// secret, plus X-Shopify-Topic / -Event-Id / -Webhook-Id / -Triggered-At / -Shop-Domain / -API-Version.
import crypto from "node:crypto";
import type { Faults } from "../framework";
import { SHOPIFY_API_VERSION } from "./schema";

export interface ShopifyWebhookTarget {
  url: string;
  /** The app's client secret. */
  apiSecret: string;
  shopDomain: string;
  apiVersion?: string;
}

export interface ShopifyWebhookEvent {
  /** "products/update" or the GraphQL enum form "PRODUCTS_UPDATE". */
  topic: string;
  payload: unknown;
  /** Same for every delivery of one event (retries and duplicates); generated when absent. */
  eventId?: string;
  /** Identifies the delivery's subscription; generated when absent. */
  webhookId?: string;
  triggeredAt?: Date;
}

export interface ShopifyWebhookDelivery {
  url: string;
  status: number;
  body: string;
  headers: Record<string, string>;
  error?: string;
}

/** PRODUCTS_UPDATE → products/update, INVENTORY_LEVELS_UPDATE → inventory_levels/update, APP_UNINSTALLED → app/uninstalled. */
export function topicHeader(topic: string): string {
  if (topic.includes("/")) return topic;
  const lower = topic.toLowerCase();
  const i = lower.lastIndexOf("_");
  return i < 0 ? lower : `${lower.slice(0, i)}/${lower.slice(i + 1)}`;
}

export function shopifyHmac(secret: string, rawBody: string): string {
  return crypto.createHmac("sha256", secret).update(rawBody, "utf8").digest("base64");
}

export function shopifyWebhookHeaders(target: ShopifyWebhookTarget, event: Required<Omit<ShopifyWebhookEvent, "payload">>, body: string): Record<string, string> {
  return {
    "content-type": "application/json",
    "x-shopify-topic": topicHeader(event.topic),
    "x-shopify-hmac-sha256": shopifyHmac(target.apiSecret, body),
    "x-shopify-shop-domain": target.shopDomain,
    "x-shopify-api-version": target.apiVersion ?? SHOPIFY_API_VERSION,
    "x-shopify-webhook-id": event.webhookId,
    "x-shopify-event-id": event.eventId,
    "x-shopify-triggered-at": event.triggeredAt.toISOString(),
  };
}

/** Sends each event; duplicates (same event id) and reversed order follow the simulator's fault switches. */
export async function deliverShopifyWebhooks(
  target: ShopifyWebhookTarget,
  events: ShopifyWebhookEvent[],
  faults: Pick<Faults, "duplicateWebhooks" | "outOfOrderWebhooks">,
  fetchImpl: typeof fetch = fetch,
): Promise<ShopifyWebhookDelivery[]> {
  const complete = events.map((e) => ({
    topic: e.topic,
    payload: e.payload,
    eventId: e.eventId ?? crypto.randomUUID(),
    webhookId: e.webhookId ?? crypto.randomUUID(),
    triggeredAt: e.triggeredAt ?? new Date(),
  }));
  const ordered = faults.outOfOrderWebhooks ? complete.reverse() : complete;
  const out: ShopifyWebhookDelivery[] = [];
  for (const event of ordered) {
    const body = JSON.stringify(event.payload);
    const headers = shopifyWebhookHeaders(target, event, body);
    for (let i = 0; i < (faults.duplicateWebhooks ? 2 : 1); i++) {
      try {
        // Shopify gives a receiver 5 s to answer.
        const res = await fetchImpl(target.url, { method: "POST", headers, body, signal: AbortSignal.timeout(5_000) });
        await res.arrayBuffer();
        out.push({ url: target.url, status: res.status, body, headers });
      } catch (err) {
        out.push({ url: target.url, status: 0, body, headers, error: (err as Error).message });
      }
    }
  }
  return out;
}
