// Shopify signs each delivery: X-Shopify-Hmac-Sha256 = base64 HMAC-SHA256 of the raw body with the app's client
// secret. The event id (X-Shopify-Event-Id) stays the same across retries and duplicates.
import crypto from "node:crypto";
import type { WebhookVerifier } from "../webhooks";
import { shopSubdomain } from "./transform";

export const webhook: WebhookVerifier = {
  verify(req, connection) {
    if (req.method !== "POST") return { ok: false, reason: "Shopify delivers webhooks with POST", status: 405 };
    const secret = connection.credentials.apiSecret;
    if (!secret) return { ok: false, reason: "This connection has no app secret to check signatures with", status: 401 };
    const given = req.headers.get("x-shopify-hmac-sha256");
    if (!given) return { ok: false, reason: "The delivery is not signed (no X-Shopify-Hmac-Sha256)", status: 401 };

    const expected = crypto.createHmac("sha256", secret).update(req.rawBody, "utf8").digest();
    const received = Buffer.from(given.trim(), "base64");
    // timingSafeEqual needs equal lengths; a wrong length is a wrong signature.
    if (received.length !== expected.length || !crypto.timingSafeEqual(received, expected))
      return { ok: false, reason: "The X-Shopify-Hmac-Sha256 signature does not match the body", status: 401 };

    const shopHeader = req.headers.get("x-shopify-shop-domain");
    const expectedShop = shopSubdomain(connection.settings.shopDomain);
    if (shopHeader && expectedShop && shopSubdomain(shopHeader) !== expectedShop)
      return { ok: false, reason: `The delivery is for ${shopHeader}, not this connection's shop`, status: 401 };

    let payload: unknown;
    try {
      payload = req.rawBody === "" ? {} : JSON.parse(req.rawBody);
    } catch {
      return { ok: false, reason: "The delivery body is not JSON", status: 400 };
    }
    const eventId =
      req.headers.get("x-shopify-event-id") ??
      req.headers.get("x-shopify-webhook-id") ??
      crypto.createHash("sha256").update(req.rawBody, "utf8").digest("hex");
    const triggeredAt = req.headers.get("x-shopify-triggered-at");
    const occurredAt = triggeredAt && !Number.isNaN(Date.parse(triggeredAt)) ? new Date(triggeredAt) : undefined;
    return { ok: true, eventId, topic: req.headers.get("x-shopify-topic") ?? undefined, occurredAt, payload };
  },
};
