import { describe, expect, it } from "vitest";
import { wildberriesRateLimits } from "@/server/platforms/wildberries/client";
import { bucketFor, readWildberriesError, sellerAccountName, splitHostPath, tokenFor, wbUrl } from "@/server/platforms/wildberries/transform";

describe("readWildberriesError", () => {
  it("reads the problem+json 401 and tells a wrong-category token from a bad one", () => {
    const bad = {
      title: "unauthorized",
      detail: "token problem; token is malformed: could not base64 decode signature: illegal base64 data at input byte 84",
      code: "07e4668e--a53a3d31f8b0-[UK-oWaVDUqNrKG]; 03bce=277; 84bd353bf-75",
      requestId: "7b80742415072fe8b6b7f7761f1d1211",
      origin: "s2s-api-auth-catalog",
      status: 401,
      statusText: "Unauthorized",
      timestamp: "2024-09-30T06:52:38Z",
    };
    expect(readWildberriesError(401, bad)).toEqual({
      message: "unauthorized: token problem; token is malformed: could not base64 decode signature: illegal base64 data at input byte 84",
    });
    expect(readWildberriesError(401, { ...bad, detail: "token scope not allowed" })).toEqual({ message: "unauthorized: token scope not allowed", kind: "permission" });
  });

  it("reads the 429 and the 402 (unpaid catalogue service)", () => {
    expect(readWildberriesError(429, { title: "too many requests", detail: "limited by c122a060-a7fb-4bb4-abb0-32fd4e18d489", status: 429 })?.message).toBe(
      "too many requests: limited by c122a060-a7fb-4bb4-abb0-32fd4e18d489",
    );
    expect(readWildberriesError(402, { title: "payment required", detail: "please top up your balance in your company personal account https://dev.wildberries.ru/company" })).toMatchObject({
      kind: "permission",
    });
  });

  it("reads the content API's {error, errorText, additionalErrors}", () => {
    expect(readWildberriesError(400, { data: null, error: true, errorText: "This category does not exist", additionalErrors: { id: "342342" } })).toEqual({
      message: "This category does not exist",
      details: [{ field: "id", message: "342342" }],
    });
    expect(readWildberriesError(400, { data: null, error: true, errorText: "Duplicate item Nos." })).toEqual({ message: "Duplicate item Nos." });
  });

  it("treats a 200 with error:true as a refusal", () => {
    expect(readWildberriesError(200, { data: null, error: true, errorText: "Invalid data format" })).toEqual({ message: "Invalid data format", kind: "validation" });
    expect(readWildberriesError(200, { data: { id: 1 }, error: false, errorText: "" })).toBeUndefined();
  });

  it("reads the marketplace API's {code, message} and the stocks 409 array per chrtId", () => {
    expect(readWildberriesError(400, { code: "IncorrectRequestBody", message: "Incorrect required body" })).toEqual({ message: "IncorrectRequestBody: Incorrect required body" });
    const conflict = [
      { code: "UploadDataLimit", message: "Upload limit exceeded.", data: [{ sku: "skuTest2", chrtId: 12345678, amount: 100001 }] },
      { code: "StoreIsProcessing", message: "The store is processing" },
    ];
    expect(readWildberriesError(409, conflict)).toEqual({
      message: "UploadDataLimit: Upload limit exceeded.; StoreIsProcessing: The store is processing",
      details: [
        { code: "UploadDataLimit", field: "chrtId 12345678", message: "Upload limit exceeded." },
        { code: "StoreIsProcessing", message: "The store is processing" },
      ],
    });
  });

  it("falls back to text", () => {
    expect(readWildberriesError(404, "404 page not found")?.message).toBe("Wildberries answered HTTP 404: 404 page not found");
  });
});

describe("Wildberries hosts and tokens", () => {
  it("builds per-host URLs in production and the /<host>/ convention in the sandbox", () => {
    expect(wbUrl("https://{api}.wildberries.ru", "content-api", "/content/v2/get/cards/list")).toBe("https://content-api.wildberries.ru/content/v2/get/cards/list");
    expect(wbUrl("https://{api}-sandbox.wildberries.ru", "discounts-prices-api", "/api/v2/upload/task")).toBe("https://discounts-prices-api-sandbox.wildberries.ru/api/v2/upload/task");
    expect(wbUrl("http://127.0.0.1:3001/sandbox/wildberries/", "marketplace-api", "/api/v3/stocks/1")).toBe("http://127.0.0.1:3001/sandbox/wildberries/marketplace-api/api/v3/stocks/1");
    expect(splitHostPath("/marketplace-api/api/v3/orders/new")).toEqual({ host: "marketplace-api", rest: "/api/v3/orders/new" });
    expect(splitHostPath("/api/v3/orders")).toBeUndefined();
  });

  it("sends each host its category's token, falling back to the content token", () => {
    const creds = { contentToken: "C", pricesToken: "P" };
    expect(tokenFor(creds, "discounts-prices-api")).toEqual({ token: "P", category: "prices", fallback: false });
    expect(tokenFor(creds, "marketplace-api")).toEqual({ token: "C", category: "marketplace", fallback: true });
    expect(tokenFor(creds, "common-api")).toEqual({ token: "C", category: "content", fallback: false });
    expect(tokenFor({}, "content-api").token).toBeUndefined();
  });

  it("counts each call against its method group", () => {
    expect(bucketFor("POST", "content-api", "/content/v2/get/cards/list")).toBe("content");
    expect(bucketFor("POST", "content-api", "/content/v2/cards/upload")).toBe("content-upload");
    expect(bucketFor("POST", "content-api", "/content/v2/cards/update")).toBe("content-upload");
    expect(bucketFor("PUT", "marketplace-api", "/api/v3/stocks/507001")).toBe("stocks");
    expect(bucketFor("GET", "marketplace-api", "/api/v3/orders/new")).toBe("fbs");
    expect(bucketFor("GET", "statistics-api", "/ping")).toBe("ping:statistics-api");
    expect(bucketFor("GET", "common-api", "/api/v1/seller-info")).toBe("content");
  });

  it("turns every manifest limit into a client rule with a bucket the calls use", () => {
    const rules = wildberriesRateLimits();
    expect(rules[0]).toEqual({ bucket: "content", requests: 100, perSeconds: 60 });
    const names = new Set(rules.map((r) => r.bucket));
    for (const b of ["content", "content-upload", "prices", "stocks", "fbs", "ping:content-api", "ping:marketplace-api", "ping:common-api"]) expect(names.has(b)).toBe(true);
  });

  it("names the seller by trade mark and legal name", () => {
    expect(sellerAccountName({ name: "ИП Кружинин В. Р.", sid: "e8923014-e233-47q8-898e-3cc86d67ea61", tradeMark: "Flax Store" })).toBe("Flax Store (ИП Кружинин В. Р.)");
    expect(sellerAccountName({ name: "ООО Ромашка", tradeMark: "" })).toBe("ООО Ромашка");
    expect(sellerAccountName({})).toBeUndefined();
  });
});
