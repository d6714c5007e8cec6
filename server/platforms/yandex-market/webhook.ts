// Yandex Market API notifications (`POST {url}/notification`). Not signed: a delivery is the Market's when it comes
// from the documented sender ranges AND names this connection's shop (campaignId) or cabinet (businessId).
// PING and every accepted notification are answered 200 {version, name, time}; refusals carry
// {error: {type, message}} (sendNotification reference, yandex.ru/dev/market/partner-api/doc/ru/push-notifications/).
import { BlockList, isIPv4, isIPv6 } from "node:net";
import pkg from "@/package.json";
import type { InboundWebhook, WebhookConnection, WebhookVerification, WebhookVerifier } from "../webhooks";
import { YANDEX_PUSH_RANGES, yandexEventId, yandexOccurredAt } from "./transform";

const senders = new BlockList();
for (const range of YANDEX_PUSH_RANGES) {
  const [net, bits] = range.split("/");
  senders.addSubnet(net!, Number(bits), "ipv4");
}

export function isYandexSender(ip: string | undefined): boolean {
  if (!ip) return false;
  const v = ip.trim().replace(/^::ffff:/i, "");
  if (isIPv4(v)) return senders.check(v, "ipv4");
  return isIPv6(v) ? senders.check(v, "ipv6") : false;
}

/** The Market expects this answer to every notification it delivered successfully, not only to PING. */
export function yandexAck(now: Date = new Date()) {
  return { status: 200, json: { version: pkg.version, name: "kervan", time: now.toISOString() } } as const;
}

/** The body the Market expects with a 400/500 answer. */
export function yandexNotificationError(message: string, type: "UNKNOWN" | "WRONG_EVENT_FORMAT" | "DUPLICATED_EVENT" = "UNKNOWN") {
  return { error: { type, message } };
}

const checkDelivery: { verify(req: InboundWebhook, connection: WebhookConnection): WebhookVerification } = {
  verify(req, connection) {
    if (!isYandexSender(req.sourceIp)) {
      return { ok: false, status: 401, reason: `Source address ${req.sourceIp ?? "(unknown)"} is not in Yandex Market's ranges (${YANDEX_PUSH_RANGES.join(", ")})` };
    }
    let payload: unknown;
    try {
      payload = JSON.parse(req.rawBody);
    } catch {
      return { ok: false, status: 400, reason: "The body is not JSON" };
    }
    if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return { ok: false, status: 400, reason: "The body is not a JSON object" };
    const body = payload as Record<string, unknown>;
    const type = body.notificationType;
    if (typeof type !== "string" || type === "") return { ok: false, status: 400, reason: "notificationType is missing" };

    if (type === "PING") {
      return {
        ok: true,
        eventId: `yandex-market:ping:${typeof body.time === "string" ? body.time : new Date().toISOString()}`,
        topic: type,
        occurredAt: yandexOccurredAt(body),
        payload: body,
        reply: yandexAck(),
      };
    }

    // Order notifications name the shop; chat, review and question notifications name the cabinet.
    if (body.campaignId !== undefined) {
      if (String(body.campaignId) !== String(connection.settings.campaignId ?? "")) {
        return { ok: false, status: 401, reason: `campaignId ${String(body.campaignId)} does not match this connection's campaignId ${connection.settings.campaignId ?? "(none)"}` };
      }
    } else if (body.businessId !== undefined) {
      if (String(body.businessId) !== String(connection.settings.businessId ?? "")) {
        return { ok: false, status: 401, reason: `businessId ${String(body.businessId)} does not match this connection's businessId ${connection.settings.businessId ?? "(none)"}` };
      }
    } else {
      return { ok: false, status: 400, reason: "The notification names neither campaignId nor businessId" };
    }
    return { ok: true, eventId: yandexEventId(body), topic: type, occurredAt: yandexOccurredAt(body), payload: body };
  },
};

/** The platform requires its own acknowledgement and error bodies, or it may switch notifications off. */
export const webhook: WebhookVerifier = {
  verify(req: InboundWebhook, connection: WebhookConnection): WebhookVerification {
    const v = checkDelivery.verify(req, connection);
    return v.ok ? { ack: yandexAck(), ...v } : { ...v, json: yandexNotificationError(v.reason) };
  },
};
