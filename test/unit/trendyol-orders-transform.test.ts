import { describe, expect, it } from "vitest";
import { seedShipmentPackages } from "@/server/sandbox/trendyol/seed";
import { hubStatusOf, transformShipmentPackage, TRENDYOL_STATUS_MAP, trendyolPackageId, type TrendyolShipmentPackage } from "@/server/platforms/trendyol/transform-orders";
import { trendyolWebhookUrlProblem } from "@/server/platforms/trendyol/webhooks-api";

const NOW = Date.parse("2026-03-02T09:00:00Z");
const pkg = () => seedShipmentPackages("2738", NOW).find((p) => p.status === "Invoiced")! as unknown as TrendyolShipmentPackage;

describe("Trendyol shipment package → IncomingOrder", () => {
  it("keys the order on the package id and keeps the order number, money, customer and addresses", () => {
    const p = pkg();
    const o = transformShipmentPackage(p);
    expect(o).toMatchObject({
      externalId: String(p.id),
      orderNumber: p.orderNumber,
      status: "invoiced",
      platformStatus: "Invoiced",
      currency: "TRY",
      totalAmount: p.totalPrice!.toFixed(2),
      customer: { name: "Ayşe Yılmaz", email: p.customerEmail },
      shippingAddress: { name: "Ayşe Yılmaz", city: "İstanbul", district: "Kadıköy", postalCode: "34710", country: "TR" },
      orderedAt: new Date(p.orderDate!),
      platformUpdatedAt: new Date(p.lastModifiedDate!),
    });
    expect(o.lines).toEqual([
      expect.objectContaining({ externalId: String(p.lines![0]!.id), quantity: 1, barcode: p.lines![0]!.barcode, packageExternalId: String(p.id), status: "Invoiced" }),
    ]);
    expect(o.packages).toEqual([
      { externalId: String(p.id), status: "invoiced", carrier: "Yurtiçi Kargo Marketplace", trackingNumber: String(p.cargoTrackingNumber), invoiceNumber: undefined },
    ]);
  });

  it("carries the invoice number Kervan sent, since the package model has none", () => {
    expect(transformShipmentPackage(pkg(), { invoiceNumber: "KRV1" }).packages![0]!.invoiceNumber).toBe("KRV1");
  });

  it("maps every documented status, with a reason for each, and keeps unknown words visible", () => {
    for (const [word, { status, why }] of Object.entries(TRENDYOL_STATUS_MAP)) {
      expect(hubStatusOf(word)).toBe(status);
      expect(why.length).toBeGreaterThan(10);
    }
    expect(hubStatusOf("UnSupplied")).toBe("cancelled");
    expect(hubStatusOf("AtCollectionPoint")).toBe("shipped");
    expect(hubStatusOf("Repack")).toBe("repack");
    expect(hubStatusOf(undefined)).toBe("unknown");
  });

  it("reads the package id of a webhook payload", () => {
    expect(trendyolPackageId({ id: 3_038_001 })).toBe("3038001");
    expect(trendyolPackageId({ shipmentPackageId: "77" })).toBe("77");
    expect(trendyolPackageId({ id: "abc" })).toBeUndefined();
    expect(trendyolPackageId(null)).toBeUndefined();
  });
});

describe("Trendyol webhook address rules", () => {
  it("refuses trendyol, dolap and localhost, and what is not an http(s) address", () => {
    expect(trendyolWebhookUrlProblem("https://kervan.example/api/webhooks/ty/1")).toBeUndefined();
    expect(trendyolWebhookUrlProblem("https://kervan.example/api/webhooks/trendyol/1")).toBe("forbiddenWord");
    expect(trendyolWebhookUrlProblem("https://DOLAP.example/x")).toBe("forbiddenWord");
    expect(trendyolWebhookUrlProblem("http://localhost:3000/api/webhooks/ty/1")).toBe("forbiddenWord");
    expect(trendyolWebhookUrlProblem("/api/webhooks/ty/1")).toBe("invalid");
    expect(trendyolWebhookUrlProblem("ftp://kervan.example/x")).toBe("invalid");
  });
});
