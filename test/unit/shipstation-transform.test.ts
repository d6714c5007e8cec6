import { describe, expect, it } from "vitest";
import { shipStationRateLimits } from "@/server/platforms/shipstation/client";
import {
  accountFromStores,
  formatShipStationDate,
  parseShipStationDate,
  readShipStationError,
  readWebhookPayload,
  webhookEventId,
} from "@/server/platforms/shipstation/transform";
import { isShipStationUrl } from "@/server/platforms/shipstation/webhook";

describe("readShipStationError", () => {
  it("reads a v1 ModelState validation answer", () => {
    const body = { Message: "The request is invalid.", ModelState: { "apiOrder.orderDate": ["The orderDate field is required."], "apiOrder.shipTo": ["The shipTo field is required."] } };
    expect(readShipStationError(400, body)).toEqual({
      message: "The request is invalid. orderDate: The orderDate field is required.; shipTo: The shipTo field is required.",
      details: [
        { field: "orderDate", message: "The orderDate field is required." },
        { field: "shipTo", message: "The shipTo field is required." },
      ],
    });
  });

  it("prefers the ExceptionMessage of a v1 500", () => {
    const body = { Message: "An error has occurred.", ExceptionMessage: "Object reference not set to an instance of an object.", ExceptionType: "System.NullReferenceException", StackTrace: null };
    expect(readShipStationError(500, body)?.message).toBe("Object reference not set to an instance of an object.");
  });

  it("reads the throttling body and v2's errors array", () => {
    expect(readShipStationError(429, { message: "Too Many Requests" })).toEqual({ message: "Too Many Requests" });
    const v2 = {
      request_id: "6b3b0f1e-7b6d-4b1a-9b1a-1b2c3d4e5f60",
      errors: [{ error_source: "ShipStation", error_type: "security", error_code: "unauthorized", message: "The API key is invalid. Please see https://www.shipstation.com/docs/api/authentication" }],
    };
    expect(readShipStationError(401, v2)).toEqual({
      message: "The API key is invalid. Please see https://www.shipstation.com/docs/api/authentication",
      details: [{ code: "unauthorized", message: "The API key is invalid. Please see https://www.shipstation.com/docs/api/authentication" }],
    });
  });

  it("words a bare 401 as refused credentials", () => {
    expect(readShipStationError(401, "401 Unauthorized")?.message).toBe("ShipStation refused the API key and secret (401 Unauthorized)");
    expect(readShipStationError(401, undefined)?.message).toBe("ShipStation refused the API key and secret (401 Unauthorized)");
    expect(readShipStationError(503, undefined)).toBeUndefined();
  });
});

describe("accountFromStores", () => {
  it("names the account after the company on its active stores", () => {
    const stores = [
      { storeId: 1, storeName: "Acme on Shopify", marketplaceName: "Shopify", companyName: "Acme Ltd", active: true },
      { storeId: 2, storeName: "Old eBay", marketplaceName: "eBay", companyName: "Acme Ltd", active: false },
      { storeId: 3, storeName: "Manual Orders", marketplaceName: "ShipStation", companyName: null, active: true },
    ];
    expect(accountFromStores(stores)).toEqual({ accountName: "Acme Ltd", message: "Connected to ShipStation: 2 active stores (Acme on Shopify, Manual Orders)." });
  });

  it("falls back to the store name, and copes with no store", () => {
    expect(accountFromStores([{ storeName: "Manual Orders", companyName: "", active: true }]).accountName).toBe("Manual Orders");
    expect(accountFromStores([])).toEqual({ message: "Connected to ShipStation: the account has no active store yet." });
  });
});

describe("ShipStation dates", () => {
  it("reads v1 dates as Pacific time (PDT in summer, PST in winter)", () => {
    expect(parseShipStationDate("2015-06-29T08:46:27.0000000")!.toISOString()).toBe("2015-06-29T15:46:27.000Z");
    expect(parseShipStationDate("2015-01-15T08:46:27.5000000")!.toISOString()).toBe("2015-01-15T16:46:27.500Z");
    expect(parseShipStationDate("2015-06-29 08:46:27")!.toISOString()).toBe("2015-06-29T15:46:27.000Z");
    expect(parseShipStationDate("2015-06-29")!.toISOString()).toBe("2015-06-29T07:00:00.000Z");
  });

  it("keeps an explicit offset and refuses rubbish", () => {
    expect(parseShipStationDate("2015-06-29T08:46:27Z")!.toISOString()).toBe("2015-06-29T08:46:27.000Z");
    expect(parseShipStationDate("2015-06-29T08:46:27+02:00")!.toISOString()).toBe("2015-06-29T06:46:27.000Z");
    expect(parseShipStationDate("yesterday")).toBeUndefined();
    expect(parseShipStationDate(null)).toBeUndefined();
  });

  it("writes filter dates in Pacific time", () => {
    expect(formatShipStationDate(new Date("2015-06-29T15:46:27Z"))).toBe("2015-06-29 08:46:27");
    expect(formatShipStationDate(new Date("2015-01-15T16:00:00Z"))).toBe("2015-01-15 08:00:00");
  });
});

describe("ShipStation webhooks", () => {
  const payload = { resource_url: "https://ssapi.shipstation.com/orders?storeID=123456&importBatch=1ab23c4d-12ab-1abc-a1bc-a12b12cdabcd", resource_type: "ORDER_NOTIFY" };

  it("reads the payload and gives the same event id to the same delivery", () => {
    expect(readWebhookPayload(payload)).toEqual(payload);
    expect(readWebhookPayload({ resource_url: "" , resource_type: "ORDER_NOTIFY" })).toBeUndefined();
    expect(webhookEventId(payload)).toBe(webhookEventId({ ...payload }));
    expect(webhookEventId(payload)).not.toBe(webhookEventId({ ...payload, resource_type: "SHIP_NOTIFY" }));
    expect(webhookEventId(payload)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("follows a resource_url only to ShipStation or the connection's own base", () => {
    expect(isShipStationUrl(payload.resource_url)).toBe(true);
    expect(isShipStationUrl("http://ssapi.shipstation.com/orders")).toBe(false);
    expect(isShipStationUrl("https://ssapi.shipstation.com.evil.example/orders")).toBe(false);
    expect(isShipStationUrl("http://127.0.0.1:4000/sandbox/shipstation/orders?x=1", "http://127.0.0.1:4000/sandbox/shipstation")).toBe(true);
    expect(isShipStationUrl("http://127.0.0.1:4000/sandbox/other/orders", "http://127.0.0.1:4000/sandbox/shipstation")).toBe(false);
  });
});

describe("ShipStation rate limits", () => {
  it("takes v1's 40/min as the default bucket and v2's limit by key kind", () => {
    expect(shipStationRateLimits("live-key")).toEqual([
      { bucket: "v1", requests: 40, perSeconds: 60 },
      { bucket: "v2", requests: 200, perSeconds: 60 },
    ]);
    expect(shipStationRateLimits("TEST_abc")[1]).toEqual({ bucket: "v2", requests: 20, perSeconds: 60 });
  });
});
