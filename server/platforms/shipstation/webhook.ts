// ShipStation webhooks are not signed and carry only {resource_url, resource_type}. Kervan registers its callback URL
// with a per-connection secret (`?token=<webhookToken>`; v2 can also send it as a custom header) and compares it in
// constant time. The payload is then fetched back with the connection's own credentials.
import crypto from "node:crypto";
import type { InboundWebhook, WebhookConnection, WebhookVerification, WebhookVerifier } from "../webhooks";
import { readWebhookPayload, webhookEventId } from "./transform";

/** Credential Kervan generated for this connection and put in the registered callback URL. */
export const WEBHOOK_TOKEN_KEY = "webhookToken";
/** Header alternative for v2 webhooks, which allow custom headers. */
export const WEBHOOK_TOKEN_HEADER = "x-kervan-webhook-token";

function sameSecret(given: string, expected: string): boolean {
  const a = crypto.createHash("sha256").update(given).digest();
  const b = crypto.createHash("sha256").update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

/** ShipStation's v1 or v2 host over https, or the connection's own base (sandbox, admin override). */
export function isShipStationUrl(resourceUrl: string, baseUrl?: string): boolean {
  let url: URL;
  try {
    url = new URL(resourceUrl);
  } catch {
    return false;
  }
  if (url.protocol === "https:" && (url.hostname === "ssapi.shipstation.com" || url.hostname === "api.shipstation.com")) return true;
  if (!baseUrl) return false;
  try {
    const base = new URL(baseUrl);
    return url.origin === base.origin && url.pathname.startsWith(base.pathname.replace(/\/+$/, "") + "/");
  } catch {
    return false;
  }
}

/** The callback URL to register with ShipStation for a connection. */
export function callbackUrl(endpoint: string, webhookToken: string): string {
  const url = new URL(endpoint);
  url.searchParams.set("token", webhookToken);
  return url.toString();
}

export const webhook: WebhookVerifier = {
  verify(req: InboundWebhook, connection: WebhookConnection): WebhookVerification {
    const expected = connection.credentials[WEBHOOK_TOKEN_KEY];
    if (!expected) return { ok: false, reason: "the connection has no webhook token", status: 500 };
    const given = req.url.searchParams.get("token") ?? req.headers.get(WEBHOOK_TOKEN_HEADER) ?? "";
    if (!given || !sameSecret(given, expected)) return { ok: false, reason: "webhook token missing or wrong", status: 401 };
    if (req.method !== "POST") return { ok: false, reason: `unexpected ${req.method}`, status: 405 };
    let body: unknown;
    try {
      body = JSON.parse(req.rawBody);
    } catch {
      return { ok: false, reason: "the body is not JSON", status: 400 };
    }
    const payload = readWebhookPayload(body);
    if (!payload) return { ok: false, reason: "the body has no resource_url and resource_type", status: 400 };
    // The resource is fetched with the seller's credentials: never follow it anywhere but ShipStation itself.
    if (!isShipStationUrl(payload.resource_url, connection.settings.baseUrl)) {
      return { ok: false, reason: "resource_url does not point at ShipStation", status: 400 };
    }
    return { ok: true, eventId: webhookEventId(payload), topic: payload.resource_type, payload };
  },
};
