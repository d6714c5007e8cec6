import { describe, expect, it } from "vitest";
import type { InboundWebhook, WebhookVerification } from "@/server/platforms/webhooks";
import {
  missingScopes,
  readCampaigns,
  readTokenScopes,
  readYandexError,
  yandexAccountName,
  yandexEventId,
  yandexOccurredAt,
  yandexRetryAfterMs,
} from "@/server/platforms/yandex-market/transform";
import { isYandexSender, webhook } from "@/server/platforms/yandex-market/webhook";

describe("readYandexError", () => {
  it("joins the Market's errors into one message and keeps them as details", () => {
    expect(readYandexError(401, { errors: [{ code: "UNAUTHORIZED", message: "Api-Key token is invalid" }], status: "ERROR" })).toEqual({
      message: "Api-Key token is invalid",
      details: [{ code: "UNAUTHORIZED", message: "Api-Key token is invalid" }],
    });
    expect(
      readYandexError(400, {
        status: "ERROR",
        errors: [
          { code: "BAD_REQUEST", message: "Missing field: sku" },
          { code: "BAD_REQUEST", message: "Limit exceeded" },
        ],
      })?.message,
    ).toBe("Missing field: sku; Limit exceeded");
  });

  it("falls back to the code when a message is missing, and ignores success answers", () => {
    expect(readYandexError(403, { status: "ERROR", errors: [{ code: "FORBIDDEN" }] })?.message).toBe("FORBIDDEN");
    expect(readYandexError(200, { status: "OK" })).toBeUndefined();
  });
});

describe("yandexRetryAfterMs", () => {
  const now = Date.parse("2018-07-10T00:41:42Z");
  it("waits until X-RateLimit-Resource-Until when the resource quota is spent", () => {
    const h = new Headers({ "X-RateLimit-Resource-Limit": "100", "X-RateLimit-Resource-Remaining": "0", "X-RateLimit-Resource-Until": "Tue, 10 Jul 2018 00:42:42 GMT" });
    expect(yandexRetryAfterMs(420, h, now)).toBe(60_000);
  });
  it("waits a second for the parallel-requests limit, which names no time", () => {
    expect(yandexRetryAfterMs(420, new Headers(), now)).toBe(1_000);
    const h = new Headers({ "X-RateLimit-Resource-Remaining": "57", "X-RateLimit-Resource-Until": "Tue, 10 Jul 2018 01:00:00 GMT" });
    expect(yandexRetryAfterMs(420, h, now)).toBe(1_000);
  });
  it("says nothing for other statuses", () => {
    expect(yandexRetryAfterMs(200, new Headers(), now)).toBeUndefined();
  });
});

describe("campaigns and scopes", () => {
  const recorded = {
    campaigns: [
      { domain: "Чайная лавка", id: 21621240, clientId: 1, business: { id: 76543210, name: "ИП Иванов" }, placementType: "FBS", apiAvailability: "AVAILABLE" },
      { domain: "Чайная лавка Express", id: 21621241, business: { id: 76543210, name: "ИП Иванов" }, placementType: "DBS", apiAvailability: "DISABLED_BY_INACTIVITY" },
    ],
    paging: { nextPageToken: "eyJuZXh0SWQiOjIxNjIxMjQxfQ" },
  };
  it("reads campaigns, their cabinet and the next page", () => {
    const r = readCampaigns(recorded);
    expect(r.campaigns[0]).toEqual({ id: 21621240, domain: "Чайная лавка", businessId: 76543210, businessName: "ИП Иванов", placementType: "FBS", apiAvailability: "AVAILABLE" });
    expect(r.nextPageToken).toBe("eyJuZXh0SWQiOjIxNjIxMjQxfQ");
    expect(yandexAccountName(r.campaigns[0]!)).toBe("Чайная лавка (ИП Иванов)");
    expect(yandexAccountName({ id: 5, domain: "", businessName: undefined })).toBe("campaign 5");
  });
  it("names the scope groups a token lacks", () => {
    expect(readTokenScopes({ status: "OK", result: { apiKey: { name: "Kervan", authScopes: ["PRICING", "ALL_METHODS_READ_ONLY"] } } })).toEqual({
      name: "Kervan",
      scopes: ["PRICING", "ALL_METHODS_READ_ONLY"],
    });
    expect(missingScopes(["ALL_METHODS"])).toEqual([]);
    expect(missingScopes(["PRICING", "ALL_METHODS_READ_ONLY"])).toEqual(["OFFERS_AND_CARDS_MANAGEMENT", "INVENTORY_AND_ORDER_PROCESSING"]);
  });
});

describe("notification readings", () => {
  const created = { notificationType: "ORDER_CREATED", orderId: 123, campaignId: 21621240, items: [{ offerId: "A-1", count: 2 }], createdAt: "2025-01-01T00:00:00Z" };
  it("takes the event time from createdAt / updatedAt / cancelledAt", () => {
    expect(yandexOccurredAt(created)?.toISOString()).toBe("2025-01-01T00:00:00.000Z");
    expect(yandexOccurredAt({ notificationType: "ORDER_CANCELLED", cancelledAt: "2025-01-02T00:00:00Z" })?.toISOString()).toBe("2025-01-02T00:00:00.000Z");
  });
  it("gives a repeat the same id whatever its key order, and a change a new one", () => {
    const repeat = Object.fromEntries(Object.entries(created).reverse());
    expect(yandexEventId(repeat)).toBe(yandexEventId(created));
    expect(yandexEventId({ ...created, createdAt: "2025-01-01T00:00:01Z" })).not.toBe(yandexEventId(created));
  });
});

describe("Yandex Market webhook verifier", () => {
  const connection = { connectionId: "c1", settings: { businessId: "76543210", campaignId: "21621240" }, credentials: {} };
  const verify = (body: unknown, sourceIp?: string) =>
    webhook.verify(
      { method: "POST", url: new URL("https://kervan.example/notification"), headers: new Headers(), rawBody: JSON.stringify(body), sourceIp } satisfies InboundWebhook,
      connection,
    ) as WebhookVerification;

  it("knows the Market's three /25 ranges", () => {
    expect(isYandexSender("5.45.207.127")).toBe(true);
    expect(isYandexSender("5.45.207.128")).toBe(false);
    expect(isYandexSender("141.8.142.1")).toBe(true);
    expect(isYandexSender("::ffff:5.255.253.64")).toBe(true);
    expect(isYandexSender("5.255.254.1")).toBe(false);
  });

  it("answers PING with version, name and time", () => {
    expect(verify({ notificationType: "PING", time: "2025-01-01T00:00:00Z" }, "5.45.207.1")).toMatchObject({
      ok: true,
      reply: { status: 200, json: { name: "kervan", version: expect.any(String), time: expect.any(String) } },
    });
  });

  it("accepts shop events by campaignId and cabinet events by businessId", () => {
    expect(verify({ ...{ notificationType: "ORDER_CREATED", orderId: 1, campaignId: 21621240, items: [], createdAt: "2025-01-01T00:00:00Z" } }, "5.45.207.1")).toMatchObject({ ok: true, topic: "ORDER_CREATED" });
    expect(verify({ notificationType: "CHAT_CREATED", chatId: 5, businessId: 76543210, createdAt: "2025-01-01T00:00:00Z" }, "5.45.207.1")).toMatchObject({ ok: true });
  });

  it("acknowledges events with Yandex's {version, name, time} and refuses with Yandex's error body", () => {
    expect(verify({ notificationType: "ORDER_CREATED", orderId: 1, campaignId: 21621240, items: [], createdAt: "2025-01-01T00:00:00Z" }, "5.45.207.1")).toMatchObject({ ack: { status: 200, json: { name: "kervan", version: expect.any(String), time: expect.any(String) } } });
    expect(verify({ notificationType: "ORDER_CREATED", campaignId: 1 }, "5.45.207.1")).toMatchObject({ json: { error: { type: "UNKNOWN", message: expect.stringContaining("campaignId 1") } } });
  });

  it("refuses the wrong sender, shop or cabinet with a reason", () => {
    expect(verify({ notificationType: "PING" }, "10.0.0.1")).toMatchObject({ ok: false, status: 401 });
    expect(verify({ notificationType: "ORDER_CREATED", campaignId: 1 }, "5.45.207.1")).toMatchObject({ ok: false, status: 401 });
    expect(verify({ notificationType: "CHAT_CREATED", businessId: 1 }, "5.45.207.1")).toMatchObject({ ok: false, status: 401 });
    expect(verify({ notificationType: "ORDER_CREATED" }, "5.45.207.1")).toMatchObject({ ok: false, status: 400 });
  });
});
