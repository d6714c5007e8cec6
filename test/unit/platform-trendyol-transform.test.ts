// Pure Trendyol mappings on recorded-looking payloads (shapes from specs/trendyol and public issue reports).
import { describe, expect, it } from "vitest";
import { PlatformError } from "@/server/platforms/errors";
import { TRENDYOL_OPERATION_LIMITS, trendyolRateLimitRules } from "@/server/platforms/trendyol/client";
import { manifest } from "@/server/platforms/trendyol/manifest";
import {
  parseTrendyolError,
  trendyolAccountName,
  trendyolOutcomeFromError,
  trendyolUserAgent,
  trendyolWebhookEventId,
  trendyolWebhookOccurredAt,
} from "@/server/platforms/trendyol/transform";

describe("trendyolUserAgent", () => {
  it("follows '{sellerId} - {Integrator}' and falls back to SelfIntegration", () => {
    expect(trendyolUserAgent("1234", "TrendyolSoft")).toBe("1234 - TrendyolSoft");
    expect(trendyolUserAgent("4321")).toBe("4321 - SelfIntegration");
    expect(trendyolUserAgent("4321", "")).toBe("4321 - SelfIntegration");
    // Not alphanumeric or longer than 30: Trendyol would answer 403, so it is not sent.
    expect(trendyolUserAgent("4321", "Kervan Soft")).toBe("4321 - SelfIntegration");
    expect(trendyolUserAgent("4321", "A".repeat(31))).toBe("4321 - SelfIntegration");
  });
});

describe("parseTrendyolError", () => {
  it("reads {errors:[{key, message, errorCode}]} with its keys as codes", () => {
    const body = { timestamp: 1610017126421, exception: "ClientApiBusinessException", errors: [{ key: "invalid.barcode", message: "Barkod geçersiz", errorCode: "400" }] };
    expect(parseTrendyolError(400, body)).toEqual({ message: "Barkod geçersiz", details: [{ code: "invalid.barcode", message: "Barkod geçersiz" }] });
  });

  it("uses the key when the message is empty (as in 'basic.authorization.failed' answers)", () => {
    const body = { timestamp: 1610017126421, exception: "TrendyolAuthorizationException", errors: [{ key: "basic.authorization.failed", message: "", errorCode: "" }] };
    expect(parseTrendyolError(401, body)?.message).toBe("basic.authorization.failed");
  });

  it("reads {exception} alone, {error, message}, and plain text", () => {
    expect(parseTrendyolError(401, { exception: "ClientApiAuthenticationException" })?.message).toBe("ClientApiAuthenticationException");
    expect(parseTrendyolError(429, { error: "Too Many Requests", message: "too.many.requests" })?.message).toBe("too.many.requests");
    expect(parseTrendyolError(502, "<html>Bad Gateway</html>")?.message).toBe("<html>Bad Gateway</html>");
    expect(parseTrendyolError(500, undefined)).toBeUndefined();
  });

  it("never turns a 2xx into an error", () => {
    expect(parseTrendyolError(200, { errors: [{ key: "x", message: "y" }] })).toBeUndefined();
  });

  it("reads 503 from stage as the IP allowlist refusal", () => {
    expect(parseTrendyolError(503, "", { stage: true })).toMatchObject({ kind: "permission" });
    expect(parseTrendyolError(503, "", { stage: false })).toBeUndefined();
  });
});

describe("trendyolAccountName", () => {
  const recorded = {
    supplierAddresses: [
      { id: 1, addressType: "Shipment", city: "Kocaeli", district: "Gebze", isDefault: true },
      { id: 2, addressType: "Invoice", city: "Ankara", district: "Mamak", isDefault: true },
    ],
    defaultShipmentAddress: { id: 0, addressType: "Shipment", city: "Kocaeli" },
    defaultInvoiceAddress: { id: 2, addressType: "Invoice", city: "Ankara" },
    defaultReturningAddress: { present: true },
  };
  it("names the seller by id and the city of the default invoice address", () => {
    expect(trendyolAccountName("1234", recorded)).toBe("Trendyol seller 1234 (Ankara)");
  });
  it("falls back to the shipment address, then to the id alone", () => {
    expect(trendyolAccountName("1234", { ...recorded, defaultInvoiceAddress: undefined, supplierAddresses: [] })).toBe("Trendyol seller 1234 (Kocaeli)");
    expect(trendyolAccountName("1234", { supplierAddresses: [] })).toBe("Trendyol seller 1234");
    expect(trendyolAccountName("1234", null)).toBe("Trendyol seller 1234");
  });
});

describe("trendyolOutcomeFromError", () => {
  it("maps each error kind to a connection test status with the platform's message", () => {
    const e = (kind: ConstructorParameters<typeof PlatformError>[0]) => trendyolOutcomeFromError(new PlatformError(kind, `msg ${kind}`));
    expect(e("authentication")).toEqual({ status: "bad_credentials", message: "msg authentication" });
    expect(e("permission")).toEqual({ status: "permission_missing", message: "msg permission" });
    expect(e("rate_limited")).toEqual({ status: "rate_limited", message: "msg rate_limited" });
    expect(e("validation").status).toBe("bad_credentials");
    expect(e("unreachable").status).toBe("unreachable");
    expect(e("transient").status).toBe("unreachable");
    expect(e("not_found").status).toBe("unreachable");
    expect(trendyolOutcomeFromError(new Error("boom"))).toEqual({ status: "unreachable", message: "boom" });
  });
});

describe("webhook event ids", () => {
  const pkg = { id: 58746490, orderNumber: "1236923056", shipmentPackageStatus: "Invoiced", status: "Invoiced", lastModifiedDate: 1722298887684 };
  it("hash package id + status + lastModifiedDate: the same state gets the same id, a new state a new one", () => {
    const raw = JSON.stringify(pkg);
    const id = trendyolWebhookEventId(pkg, raw);
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(trendyolWebhookEventId({ ...pkg, lines: [] }, "different bytes")).toBe(id);
    expect(trendyolWebhookEventId({ ...pkg, status: "Shipped", shipmentPackageStatus: "Shipped" }, raw)).not.toBe(id);
    expect(trendyolWebhookEventId({ ...pkg, lastModifiedDate: pkg.lastModifiedDate + 1 }, raw)).not.toBe(id);
  });
  it("fall back to the hash of the body", () => {
    expect(trendyolWebhookEventId({ foo: 1 }, '{"foo":1}')).toBe(trendyolWebhookEventId(null, '{"foo":1}'));
    expect(trendyolWebhookEventId({ foo: 1 }, '{"foo":1}')).not.toBe(trendyolWebhookEventId({ foo: 1 }, '{"foo":2}'));
  });
  it("occurredAt is lastModifiedDate", () => {
    expect(trendyolWebhookOccurredAt(pkg)?.getTime()).toBe(1722298887684);
    expect(trendyolWebhookOccurredAt({})).toBeUndefined();
  });
});

describe("trendyolRateLimitRules", () => {
  it("gives every operation its own bucket at the strictest applicable manifest limit", () => {
    const rules = trendyolRateLimitRules();
    expect(rules.map((r) => r.bucket)).toEqual(Object.keys(TRENDYOL_OPERATION_LIMITS));
    const by = Object.fromEntries(rules.map((r) => [r.bucket, r]));
    // The per-endpoint sliding window allows groups of 50 at once; the per-service minute limits stay evenly spaced.
    expect(by.getSuppliersAddresses).toEqual({ bucket: "getSuppliersAddresses", requests: 50, perSeconds: 10, burst: true });
    expect(by.createProducts).toMatchObject({ requests: 50, perSeconds: 10, burst: true }); // 5/s beats 1000/min
    expect(by.getBrands).toMatchObject({ requests: 50, perSeconds: 60, burst: false });
    expect(by.deleteProducts).toMatchObject({ requests: 100, perSeconds: 60, burst: false });
  });
  it("every scope named exists in the manifest", () => {
    const scopes = new Set(manifest.rateLimits.map((r) => r.scope as string));
    for (const list of Object.values(TRENDYOL_OPERATION_LIMITS)) for (const s of list) expect(scopes.has(s)).toBe(true);
  });
});
