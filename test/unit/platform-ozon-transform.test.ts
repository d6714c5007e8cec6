import { describe, expect, it } from "vitest";
import { describeWarehouses, ozonEventId, ozonOccurredAt, ozonThrottleHintMs, readOzonError, readWarehouses } from "@/server/platforms/ozon/transform";
import { isOzonSender, webhook } from "@/server/platforms/ozon/webhook";
import type { InboundWebhook, WebhookVerification } from "@/server/platforms/webhooks";

describe("readOzonError", () => {
  it("reads a wrong Api-Key (404/5 on the live API) as bad credentials", () => {
    expect(readOzonError(404, { code: 5, message: "Invalid Api-Key, please check the key and try again", details: [] })).toEqual({
      message: "Invalid Api-Key, please check the key and try again",
      details: [{ code: "5", message: "Invalid Api-Key, please check the key and try again" }],
      kind: "authentication",
    });
  });

  it("reads a non-numeric Client-Id (400/3) and a deactivated key as bad credentials", () => {
    expect(readOzonError(400, { code: 3, message: "Client-Id header value should be positive integer", details: [] })?.kind).toBe("authentication");
    expect(readOzonError(403, { code: 7, message: "Api-key is deactivated, use another one or generate a new one", details: [] })?.kind).toBe("authentication");
  });

  it("reads a missing role and an IP restriction as permission problems", () => {
    expect(readOzonError(403, { code: 7, message: "Api-Key is missing a required role for a method", details: [] })?.kind).toBe("permission");
    expect(readOzonError(403, { code: 7, message: "Api-Key is restricted to specific IP addresses", details: [] })?.kind).toBe("permission");
  });

  it("keeps protobuf details and leaves the kind to the status otherwise", () => {
    const out = readOzonError(400, {
      code: 3,
      message: "invalid ImportProductsV3Request.Items: value must contain no more than 100 item(s)",
      details: [{ typeUrl: "type.googleapis.com/google.rpc.BadRequest", value: "items: too many" }],
    });
    expect(out).toEqual({
      message: "invalid ImportProductsV3Request.Items: value must contain no more than 100 item(s)",
      details: [{ code: "type.googleapis.com/google.rpc.BadRequest", message: "items: too many" }],
    });
  });

  it("does not treat a success answer with per-item errors as a failure", () => {
    expect(readOzonError(200, { result: [{ updated: false, errors: [{ code: "TOO_MANY_REQUESTS", message: "…" }] }] })).toBeUndefined();
  });

  it("uses a plain-text gateway answer as the message", () => {
    expect(readOzonError(502, "upstream connect error or disconnect/reset before headers")).toEqual({ message: "upstream connect error or disconnect/reset before headers" });
  });

  it("waits a second after the per-second limit", () => {
    expect(ozonThrottleHintMs(429, { code: 8, message: "You have reached request rate limit per second" })).toBe(1000);
    expect(ozonThrottleHintMs(400, { code: 3, message: "x" })).toBeUndefined();
  });
});

describe("warehouses", () => {
  const recorded = {
    result: [
      { warehouse_id: 1020000177886000, name: "Склад Подольск", is_rfbs: false, status: "created", first_mile_type: { first_mile_type: "DropOff" } },
      { warehouse_id: 1020000177886001, name: "rFBS Москва", is_rfbs: true, status: "disabled" },
    ],
  };
  it("reads the warehouse list and describes it", () => {
    const list = readWarehouses(recorded);
    expect(list).toEqual([
      { warehouse_id: 1020000177886000, name: "Склад Подольск", is_rfbs: false, status: "created" },
      { warehouse_id: 1020000177886001, name: "rFBS Москва", is_rfbs: true, status: "disabled" },
    ]);
    expect(describeWarehouses(list)).toBe("2 warehouses: Склад Подольск, rFBS Москва");
    expect(describeWarehouses(readWarehouses({}))).toBe("no FBS or rFBS warehouses yet");
  });
});

describe("push notification readings", () => {
  const stateChanged = {
    message_type: "TYPE_STATE_CHANGED",
    posting_number: "24219509-0020-2",
    new_state: "posting_delivered",
    changed_state_date: "2021-02-02T15:07:46.765Z",
    warehouse_id: 0,
    seller_id: 15,
  };

  it("takes the event time from the field its type carries", () => {
    expect(ozonOccurredAt(stateChanged)?.toISOString()).toBe("2021-02-02T15:07:46.765Z");
    expect(ozonOccurredAt({ message_type: "TYPE_NEW_POSTING", in_process_at: "2021-01-26T06:56:36.294Z" })?.toISOString()).toBe("2021-01-26T06:56:36.294Z");
    expect(ozonOccurredAt({ message_type: "TYPE_CREATE_OR_UPDATE_ITEM", changed_at: "2022-09-01T14:15:22Z" })?.toISOString()).toBe("2022-09-01T14:15:22.000Z");
    expect(ozonOccurredAt({ message_type: "TYPE_CUTOFF_DATE_CHANGED" })).toBeUndefined();
  });

  it("gives the same event the same id, and a new state a new one", () => {
    const reordered = Object.fromEntries(Object.entries(stateChanged).reverse());
    expect(ozonEventId(reordered)).toBe(ozonEventId(stateChanged));
    expect(ozonEventId({ ...stateChanged, new_state: "posting_received", changed_state_date: "2021-02-03T10:00:00Z" })).not.toBe(ozonEventId(stateChanged));
    const chat = { message_type: "TYPE_NEW_MESSAGE", chat_id: "b646d975", message_id: "3000000000817031942", seller_id: "7", data: ["Текст"] };
    expect(ozonEventId(chat)).toBe(ozonEventId({ ...chat }));
    expect(ozonEventId(chat)).toMatch(/^ozon:[0-9a-f]{64}$/);
  });
});

describe("Ozon webhook verifier", () => {
  const connection = { connectionId: "c1", settings: { clientId: "15" }, credentials: {} };
  const inbound = (body: unknown, sourceIp?: string): InboundWebhook => ({
    method: "POST",
    url: new URL("https://kervan.example/api/webhooks/ozon/c1"),
    headers: new Headers({ "content-type": "application/json" }),
    rawBody: typeof body === "string" ? body : JSON.stringify(body),
    sourceIp,
  });
  const verify = (body: unknown, ip?: string) => webhook.verify(inbound(body, ip), connection) as WebhookVerification;

  it("knows Ozon's three sender ranges, IPv4-mapped addresses included", () => {
    expect(isOzonSender("195.34.21.1")).toBe(true);
    expect(isOzonSender("185.73.195.254")).toBe(true); // 185.73.192.0/22 ends at .195.255
    expect(isOzonSender("185.73.196.1")).toBe(false);
    expect(isOzonSender("::ffff:91.223.93.200")).toBe(true);
    expect(isOzonSender("91.223.94.1")).toBe(false);
    expect(isOzonSender(undefined)).toBe(false);
    expect(isOzonSender("not an ip")).toBe(false);
  });

  it("answers TYPE_PING with version, name and time", () => {
    const v = verify({ message_type: "TYPE_PING", time: "2019-08-24T14:15:22Z" }, "195.34.21.9");
    expect(v).toMatchObject({ ok: true, topic: "TYPE_PING", reply: { status: 200, json: { name: "kervan", version: expect.any(String), time: expect.any(String) } } });
  });

  it("accepts an event for this seller, with a string seller_id as chat events send it", () => {
    expect(verify({ message_type: "TYPE_STATE_CHANGED", posting_number: "1-1", new_state: "posting_delivered", changed_state_date: "2021-02-02T15:07:46.765Z", seller_id: 15 }, "195.34.21.9")).toMatchObject({
      ok: true,
      topic: "TYPE_STATE_CHANGED",
    });
    expect(verify({ message_type: "TYPE_NEW_MESSAGE", chat_id: "x", seller_id: "15" }, "195.34.21.9").ok).toBe(true);
  });

  it("acknowledges events with Ozon's {result:true} and refuses with Ozon's error body", () => {
    expect(verify({ message_type: "TYPE_NEW_POSTING", posting_number: "1-2", seller_id: 15 }, "195.34.21.9")).toMatchObject({ ack: { status: 200, json: { result: true } } });
    expect(verify({ message_type: "TYPE_NEW_POSTING", seller_id: 16 }, "195.34.21.9")).toMatchObject({ json: { error: { code: "ERROR_UNKNOWN", message: expect.stringContaining("seller_id 16") } } });
  });

  it("refuses with a reason: wrong address, wrong seller, no seller, not JSON", () => {
    expect(verify({ message_type: "TYPE_PING" }, "8.8.8.8")).toMatchObject({ ok: false, status: 401 });
    expect(verify({ message_type: "TYPE_NEW_POSTING", seller_id: 16 }, "195.34.21.9")).toMatchObject({
      ok: false,
      status: 401,
      reason: "seller_id 16 does not match this connection's Client-Id 15",
    });
    expect(verify({ message_type: "TYPE_NEW_POSTING" }, "195.34.21.9")).toMatchObject({ ok: false, status: 400, reason: "seller_id is missing" });
    expect(verify("{not json", "195.34.21.9")).toMatchObject({ ok: false, status: 400 });
  });
});
