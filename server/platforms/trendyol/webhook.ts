// Trendyol deliveries are not signed: they carry the Basic credentials or the x-api-key that Kervan registered
// with the webhook (docs scrape, "Webhook Model"). Both are compared in constant time.
import crypto from "node:crypto";
import type { WebhookVerifier } from "../webhooks";
import { trendyolWebhookEventId, trendyolWebhookOccurredAt } from "./transform";

/** Constant time whatever the lengths: both sides are hashed to 32 bytes first. */
function safeEqual(a: string, b: string): boolean {
  const x = crypto.createHash("sha256").update(a, "utf8").digest();
  const y = crypto.createHash("sha256").update(b, "utf8").digest();
  return crypto.timingSafeEqual(x, y);
}

function basicCredentials(header: string | null): { username: string; password: string } | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(header?.trim() ?? "");
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
  const i = decoded.indexOf(":");
  return i < 0 ? undefined : { username: decoded.slice(0, i), password: decoded.slice(i + 1) };
}

export const webhook: WebhookVerifier = {
  verify(req, connection) {
    if (req.method !== "POST") return { ok: false, reason: "Trendyol delivers webhooks with POST", status: 405 };
    const { webhookUsername, webhookPassword, webhookApiKey } = connection.credentials;
    if (!webhookApiKey && !(webhookUsername && webhookPassword))
      return { ok: false, reason: "This connection has no webhook credentials to check deliveries against", status: 401 };

    let authenticated = false;
    const apiKey = req.headers.get("x-api-key");
    if (webhookApiKey && apiKey !== null && safeEqual(apiKey, webhookApiKey)) authenticated = true;
    const basic = basicCredentials(req.headers.get("authorization"));
    if (!authenticated && webhookUsername && webhookPassword && basic) {
      // Both halves are always compared, so timing does not tell which one was wrong.
      const userOk = safeEqual(basic.username, webhookUsername);
      const passOk = safeEqual(basic.password, webhookPassword);
      authenticated = userOk && passOk;
    }
    if (!authenticated) return { ok: false, reason: "The delivery does not carry this connection's webhook credentials", status: 401 };

    let payload: unknown;
    try {
      payload = JSON.parse(req.rawBody);
    } catch {
      return { ok: false, reason: "The delivery body is not JSON", status: 400 };
    }
    const p = (typeof payload === "object" && payload !== null ? payload : {}) as Record<string, unknown>;
    const status = typeof p.shipmentPackageStatus === "string" ? p.shipmentPackageStatus : typeof p.status === "string" ? p.status : undefined;
    return {
      ok: true,
      eventId: trendyolWebhookEventId(payload, req.rawBody),
      topic: status ? `shipmentPackage/${status}` : "shipmentPackage",
      occurredAt: trendyolWebhookOccurredAt(payload),
      payload,
    };
  },
};
