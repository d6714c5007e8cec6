// Outbound webhook deliveries the way Trendyol sends them (docs scrape, "Webhook Model"): a POST with the shipment
// package as JSON, authenticated only by the Basic credentials or the x-api-key the seller registered. Not signed.
import type { Faults } from "../framework";

export interface TrendyolWebhookTarget {
  url: string;
  /** Defaults to API_KEY when apiKey is given, else BASIC_AUTHENTICATION. */
  authenticationType?: "BASIC_AUTHENTICATION" | "API_KEY";
  username?: string;
  password?: string;
  apiKey?: string;
}

export interface TrendyolWebhookDelivery {
  url: string;
  status: number;
  /** The exact bytes that were sent. */
  body: string;
  headers: Record<string, string>;
  /** Network error, when the receiver could not be reached. */
  error?: string;
}

export function trendyolWebhookHeaders(target: TrendyolWebhookTarget): Record<string, string> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const type = target.authenticationType ?? (target.apiKey ? "API_KEY" : "BASIC_AUTHENTICATION");
  if (type === "API_KEY") headers["x-api-key"] = target.apiKey ?? "";
  else headers.authorization = `Basic ${Buffer.from(`${target.username ?? ""}:${target.password ?? ""}`, "utf8").toString("base64")}`;
  return headers;
}

/** Sends each event (a shipment package); duplicates and reversed order follow the simulator's fault switches. */
export async function deliverTrendyolWebhooks(
  target: TrendyolWebhookTarget,
  events: unknown[],
  faults: Pick<Faults, "duplicateWebhooks" | "outOfOrderWebhooks">,
  fetchImpl: typeof fetch = fetch,
): Promise<TrendyolWebhookDelivery[]> {
  const ordered = faults.outOfOrderWebhooks ? [...events].reverse() : events;
  const headers = trendyolWebhookHeaders(target);
  const out: TrendyolWebhookDelivery[] = [];
  for (const event of ordered) {
    const body = JSON.stringify(event);
    const times = faults.duplicateWebhooks ? 2 : 1;
    for (let i = 0; i < times; i++) {
      try {
        const res = await fetchImpl(target.url, { method: "POST", headers, body, signal: AbortSignal.timeout(10_000) });
        await res.arrayBuffer();
        out.push({ url: target.url, status: res.status, body, headers });
      } catch (err) {
        out.push({ url: target.url, status: 0, body, headers, error: (err as Error).message });
      }
    }
  }
  return out;
}
