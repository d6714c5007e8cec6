import { describe, expect, it } from "vitest";
import { describeShops, readShops, readUzumError, unwrap } from "@/server/platforms/uzum/transform";

describe("readUzumError", () => {
  it("reads the envelope's errors", () => {
    expect(readUzumError(403, { payload: null, errors: [{ code: "access-denied", message: "Access to shop 1 is denied" }], timestamp: "2026-07-10T10:00:00Z" })).toEqual({
      message: "Access to shop 1 is denied",
      details: [{ code: "access-denied", message: "Access to shop 1 is denied" }],
    });
  });
  it("reads Spring's default error body", () => {
    expect(readUzumError(401, { timestamp: "2026-07-10T10:00:00.000+00:00", status: 401, error: "Unauthorized", path: "/api/seller-openapi/v1/shops" })).toEqual({ message: "Unauthorized" });
  });
  it("describes the gateway's empty 429 from its headers", () => {
    const h = new Headers({ "X-RateLimit-Remaining": "0", "X-RateLimit-Replenish-Rate": "5", "X-RateLimit-Burst-Capacity": "10" });
    expect(readUzumError(429, undefined, h)).toEqual({ message: "Too many requests to Uzum Market (it allows 10 at once, then 5 per second)" });
  });
  it("ignores success answers even when they carry per-item errors", () => {
    expect(readUzumError(200, { payload: { updatedRecords: 1 }, errors: [{ code: "sku-not-found", message: "x" }] })).toBeUndefined();
  });
});

describe("shops", () => {
  it("reads enveloped and bare lists alike", () => {
    const shops = [
      { id: 48200, name: "Do'kon" },
      { id: 48201, name: "Outlet" },
    ];
    expect(readShops({ payload: shops, errors: [], timestamp: "t" })).toEqual(shops);
    expect(readShops(shops)).toEqual(shops);
    expect(readShops({ payload: null })).toEqual([]);
    expect(unwrap({ payload: 1 })).toBe(1);
    expect(describeShops(shops)).toBe("Do'kon (48200), Outlet (48201)");
  });
});
