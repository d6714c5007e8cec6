// Pure Sentos mappings on recorded-looking payloads (shapes from the community C# client and Laravel defaults).
import { describe, expect, it } from "vitest";
import { PlatformError } from "@/server/platforms/errors";
import { sentosBucket, sentosRateLimitRules } from "@/server/platforms/sentos/client";
import {
  parseSentosDecimal,
  parseSentosError,
  readSentosPage,
  schemesToTry,
  sentosAccountName,
  sentosAuth,
  sentosBaseUrl,
  sentosOutcomeFromError,
} from "@/server/platforms/sentos/transform";

const creds = { apiKey: "k", apiSecret: "s" };

describe("auth schemes", () => {
  it("carries the credentials each way", () => {
    expect(sentosAuth("basic", creds)).toEqual({ type: "basic", username: "k", password: "s" });
    expect(sentosAuth("x-api-key", creds)).toEqual({ type: "headers", headers: { "X-API-Key": "k", "X-API-Secret": "s" } });
    expect(sentosAuth("bearer", creds)).toEqual({ type: "bearer", token: "k" });
    expect(sentosAuth("token", creds)).toEqual({ type: "headers", headers: { Authorization: "Token k" } });
  });
  it("tries the remembered scheme first, then basic → x-api-key → bearer → token", () => {
    expect(schemesToTry(undefined)).toEqual(["basic", "x-api-key", "bearer", "token"]);
    expect(schemesToTry("bearer")).toEqual(["bearer", "basic", "x-api-key", "token"]);
    expect(schemesToTry("oauth")).toEqual(["basic", "x-api-key", "bearer", "token"]);
  });
});

describe("addresses", () => {
  it("fills {company}, prefers a per-connection address, keeps a resolved one", () => {
    expect(sentosBaseUrl("https://{company}.sentos.com.tr/api", { companySubdomain: "Acme" })).toBe("https://acme.sentos.com.tr/api");
    expect(sentosBaseUrl("https://{company}.sentos.com.tr/api", { companySubdomain: "acme", baseUrl: "https://erp.acme.com/api/" })).toBe("https://erp.acme.com/api");
    expect(sentosBaseUrl("http://127.0.0.1:1/sandbox/sentos/", { companySubdomain: "acme" })).toBe("http://127.0.0.1:1/sandbox/sentos");
  });
  it("names the account by its subdomain", () => {
    expect(sentosAccountName({ companySubdomain: "acme" }, "https://x")).toBe("acme");
    expect(sentosAccountName({}, "https://acme.sentos.com.tr/api")).toBe("acme");
  });
});

describe("parseSentosError", () => {
  it("reads {message} and Laravel's 422 errors", () => {
    expect(parseSentosError(401, { message: "Unauthenticated." })).toEqual({ message: "Unauthenticated." });
    expect(parseSentosError(422, { message: "The sku field is required.", errors: { sku: ["The sku field is required."], name: ["The name field is required."] } })).toEqual({
      message: "The sku field is required.",
      details: [
        { field: "sku", message: "The sku field is required." },
        { field: "name", message: "The name field is required." },
      ],
    });
    expect(parseSentosError(500, "<h1>Server Error</h1>")).toEqual({ message: "Server Error" });
    expect(parseSentosError(200, { message: "Ürün güncellendi." })).toBeUndefined();
  });
});

describe("values", () => {
  it("reads Turkish and plain decimals", () => {
    expect(parseSentosDecimal("1.234,50")).toBe(1234.5);
    expect(parseSentosDecimal("349,90")).toBe(349.9);
    expect(parseSentosDecimal("1,234.50")).toBe(1234.5);
    expect(parseSentosDecimal(12)).toBe(12);
    expect(parseSentosDecimal("")).toBeUndefined();
    expect(parseSentosDecimal("abc")).toBeUndefined();
  });
  it("reads the page envelope", () => {
    expect(readSentosPage({ data: [{ id: 1 }], page: 1, size: 1, total_elements: 4, total_pages: 4 })).toEqual({ data: [{ id: 1 }], page: 1, size: 1, total_elements: 4, total_pages: 4 });
    expect(readSentosPage([{ id: 1 }])).toBeUndefined();
  });
});

describe("limits and outcomes", () => {
  it("turns the reported limits into rules, with the probe bucket apart", () => {
    const by = Object.fromEntries(sentosRateLimitRules().map((r) => [r.bucket, r]));
    expect(by["get:/products"]).toEqual({ bucket: "get:/products", requests: 2, perSeconds: 60 });
    expect(by.post).toMatchObject({ requests: 12, perSeconds: 60 });
    expect(by["auth-probe"]).toMatchObject({ requests: 4, perSeconds: 1 });
  });
  it("puts each GET endpoint in its own bucket and writes by method", () => {
    expect(sentosBucket("GET", "/products")).toBe("get:/products");
    expect(sentosBucket("GET", "/products/1042")).toBe("get:/products/{id}");
    expect(sentosBucket("GET", "/warehouses/")).toBe("get:/warehouses");
    expect(sentosBucket("GET", "/orders?page=2")).toBe("get:/orders");
    expect(sentosBucket("POST", "/products")).toBe("post");
    expect(sentosBucket("PUT", "/products/1042")).toBe("put");
  });
  it("maps kinds to statuses", () => {
    const e = (kind: ConstructorParameters<typeof PlatformError>[0]) => sentosOutcomeFromError(new PlatformError(kind, "m")).status;
    expect(e("authentication")).toBe("bad_credentials");
    expect(e("permission")).toBe("permission_missing");
    expect(e("rate_limited")).toBe("rate_limited");
    expect(e("not_found")).toBe("unreachable");
    expect(e("unreachable")).toBe("unreachable");
  });
});
