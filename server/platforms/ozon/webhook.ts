// Ozon push notifications. They are not signed: a delivery is Ozon's when it comes from Ozon's documented sender
// ranges AND names this connection's seller (seller_id = Client-Id). TYPE_PING is answered 200 {version, name, time};
// events are answered 200 {result: true}; refusals carry {error: {code, message, details}} (tags push_start and
// service_response of specs/ozon/ozon-seller-api.swagger.json).
import { BlockList, isIPv4, isIPv6 } from "node:net";
import pkg from "@/package.json";
import type { InboundWebhook, WebhookConnection, WebhookVerification, WebhookVerifier } from "../webhooks";
import { OZON_PUSH_RANGES, ozonEventId, ozonOccurredAt } from "./transform";

const senders = new BlockList();
for (const range of OZON_PUSH_RANGES) {
  const [net, bits] = range.split("/");
  senders.addSubnet(net!, Number(bits), "ipv4");
}

/** Whether an address (IPv4, or IPv4-mapped IPv6 as Node reports it) is inside Ozon's push ranges. */
export function isOzonSender(ip: string | undefined): boolean {
  if (!ip) return false;
  const v = ip.trim().replace(/^::ffff:/i, "");
  if (isIPv4(v)) return senders.check(v, "ipv4");
  return isIPv6(v) ? senders.check(v, "ipv6") : false;
}

/** The answer Ozon expects to a successful event delivery (service_response tag). */
export const OZON_EVENT_ACK = { status: 200, json: { result: true } } as const;

/** The body Ozon expects with a 4xx/5xx (service_response tag); the intake route sends it with a refusal. */
export function ozonPushError(message: string, code: "ERROR_UNKNOWN" | "ERROR_PARAMETER_VALUE_MISSED" | "ERROR_REQUEST_DUPLICATED" = "ERROR_UNKNOWN") {
  return { error: { code, message, details: null } };
}

const checkDelivery: { verify(req: InboundWebhook, connection: WebhookConnection): WebhookVerification } = {
  verify(req, connection) {
    if (!isOzonSender(req.sourceIp)) {
      return { ok: false, status: 401, reason: `Source address ${req.sourceIp ?? "(unknown)"} is not in Ozon's push ranges (${OZON_PUSH_RANGES.join(", ")})` };
    }
    let payload: unknown;
    try {
      payload = JSON.parse(req.rawBody);
    } catch {
      return { ok: false, status: 400, reason: "The body is not JSON" };
    }
    if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return { ok: false, status: 400, reason: "The body is not a JSON object" };
    const body = payload as Record<string, unknown>;
    const type = body.message_type;
    if (typeof type !== "string" || type === "") return { ok: false, status: 400, reason: "message_type is missing" };

    if (type === "TYPE_PING") {
      const time = new Date();
      return {
        ok: true,
        eventId: `ozon:ping:${typeof body.time === "string" ? body.time : time.toISOString()}`,
        topic: type,
        occurredAt: ozonOccurredAt(body),
        payload: body,
        reply: { status: 200, json: { version: pkg.version, name: "kervan", time: time.toISOString() } },
      };
    }

    const expected = connection.settings.clientId;
    const sellerId = body.seller_id;
    // seller_id is an integer in posting events and a string in chat events (push_types tag).
    if (sellerId === undefined || sellerId === null || sellerId === "") return { ok: false, status: 400, reason: "seller_id is missing" };
    if (!expected || String(sellerId) !== String(expected)) {
      return { ok: false, status: 401, reason: `seller_id ${String(sellerId)} does not match this connection's Client-Id ${expected ?? "(none)"}` };
    }
    return { ok: true, eventId: ozonEventId(body), topic: type, occurredAt: ozonOccurredAt(body), payload: body };
  },
};

/** The platform requires its own acknowledgement and error bodies, or it may switch notifications off. */
export const webhook: WebhookVerifier = {
  verify(req: InboundWebhook, connection: WebhookConnection): WebhookVerification {
    const v = checkDelivery.verify(req, connection);
    return v.ok ? { ack: OZON_EVENT_ACK, ...v } : { ...v, json: ozonPushError(v.reason) };
  },
};
