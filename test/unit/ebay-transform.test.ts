import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  challengeResponse,
  digestName,
  parseSignatureHeader,
  privilegesSummary,
  readEbayError,
  readNotification,
  refreshTokenForm,
  toPem,
  verifyEbaySignature,
} from "@/server/platforms/ebay/transform";

describe("readEbayError", () => {
  it("reads eBay's 401 for an expired token", () => {
    const body = {
      errors: [
        {
          errorId: 1001,
          domain: "OAuth",
          category: "REQUEST",
          message: "Invalid access token",
          longMessage: "Invalid access token. Check the value of the Authorization HTTP request header.",
        },
      ],
    };
    expect(readEbayError(401, body)).toEqual({
      message: "Invalid access token. Check the value of the Authorization HTTP request header.",
      details: [{ code: "1001", message: "Invalid access token. Check the value of the Authorization HTTP request header." }],
    });
  });

  it("keeps every error of a 400 and names the field from the parameters", () => {
    const body = {
      errors: [
        { errorId: 25709, domain: "API_INVENTORY", category: "REQUEST", message: "Invalid value for header Content-Language.", parameters: [{ name: "header", value: "Content-Language" }] },
        { errorId: 25004, domain: "API_INVENTORY", category: "REQUEST", message: "Invalid quantity.", longMessage: "Invalid quantity -1: the quantity must be a whole number of 0 or more." },
      ],
    };
    const r = readEbayError(400, body)!;
    expect(r.message).toBe("Invalid value for header Content-Language. (+1 more)");
    expect(r.details).toEqual([
      { code: "25709", field: "Content-Language", message: "Invalid value for header Content-Language." },
      // longMessage repeats message: said once
      { code: "25004", message: "Invalid quantity -1: the quantity must be a whole number of 0 or more." },
    ]);
  });

  it("reads the token endpoint's OAuth errors and says which are credential problems", () => {
    expect(readEbayError(401, { error: "invalid_client", error_description: "client authentication failed" })).toEqual({
      message: "client authentication failed (invalid_client)",
      kind: "authentication",
    });
    // invalid_grant comes with HTTP 400, yet it means the refresh token is no good.
    expect(readEbayError(400, { error: "invalid_grant", error_description: "the provided authorization refresh token is invalid or was issued to another client" })?.kind).toBe(
      "authentication",
    );
    expect(readEbayError(400, { error: "invalid_scope", error_description: "The requested scope is invalid" })?.kind).toBe("permission");
  });

  it("falls back to the text of a non-JSON answer and to nothing for an empty one", () => {
    expect(readEbayError(502, "<html>Bad Gateway</html>")?.message).toBe("eBay answered HTTP 502: <html>Bad Gateway</html>");
    expect(readEbayError(500, undefined)).toBeUndefined();
  });
});

describe("privilegesSummary", () => {
  it("says what eBay returned for a seller with a selling limit", () => {
    expect(privilegesSummary({ sellerRegistrationCompleted: true, sellingLimit: { amount: { value: "5000.0", currency: "USD" }, quantity: 10 } }, "EBAY_US")).toBe(
      "Connected to eBay (EBAY_US): seller registration complete; monthly selling limit 10 items / 5000.0 USD.",
    );
  });

  it("flags an unfinished registration and works without a limit", () => {
    expect(privilegesSummary({ sellerRegistrationCompleted: false })).toBe("Connected to eBay: seller registration is not complete.");
  });
});

describe("token forms", () => {
  it("encodes the refresh-token grant with space-separated scopes", () => {
    const form = new URLSearchParams(refreshTokenForm("v^1.1#i^1#r^1", ["https://api.ebay.com/oauth/api_scope/sell.inventory", "https://api.ebay.com/oauth/api_scope/sell.account"]));
    expect(form.get("grant_type")).toBe("refresh_token");
    expect(form.get("refresh_token")).toBe("v^1.1#i^1#r^1");
    expect(form.get("scope")).toBe("https://api.ebay.com/oauth/api_scope/sell.inventory https://api.ebay.com/oauth/api_scope/sell.account");
  });
});

describe("notification signatures", () => {
  const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const oneLine = `-----BEGIN PUBLIC KEY-----${publicKey.export({ type: "spki", format: "der" }).toString("base64")}-----END PUBLIC KEY-----`;
  const body = JSON.stringify({
    metadata: { topic: "MARKETPLACE_ACCOUNT_DELETION", schemaVersion: "1.0", deprecated: false },
    notification: {
      notificationId: "49feeaeb-4982-42d9-a377-9645b8479411_33f7e043-fed8-442b-9d44-791923bd9a6d",
      eventDate: "2021-03-19T20:43:59.462Z",
      publishDate: "2021-03-19T20:43:59.679Z",
      publishAttemptCount: 1,
      data: { username: "test_user", userId: "ma8vp1jySJC", eiasToken: "nY+sHZ2PrBmdj6wVnY+sEZ2PrA2dj6wJnY+gAZGEpwmdj6x9nY+seQ==" },
    },
  });
  const signature = crypto.sign("sha1", Buffer.from(body), privateKey).toString("base64");
  const header = Buffer.from(JSON.stringify({ alg: "ecdsa", kid: "99345dd8-9e2c-4be6-b1e4-ed5c6e4da7b0", signature, digest: "SHA1" })).toString("base64");

  it("reads the X-EBAY-SIGNATURE header", () => {
    expect(parseSignatureHeader(header)).toEqual({ alg: "ecdsa", kid: "99345dd8-9e2c-4be6-b1e4-ed5c6e4da7b0", signature, digest: "SHA1" });
    expect(parseSignatureHeader("bm90IGpzb24=")).toBeUndefined();
    expect(parseSignatureHeader(Buffer.from(JSON.stringify({ kid: "k" })).toString("base64"))).toBeUndefined();
    expect(parseSignatureHeader(undefined)).toBeUndefined();
  });

  it("turns eBay's one-line key into a PEM node can read", () => {
    const pem = toPem(oneLine);
    expect(pem.split("\n")[0]).toBe("-----BEGIN PUBLIC KEY-----");
    expect(pem.split("\n").slice(1, -2).every((l) => l.length <= 64)).toBe(true);
    expect(() => crypto.createPublicKey(pem)).not.toThrow();
  });

  it("verifies the ECDSA signature over the raw body and refuses any change", () => {
    const sig = parseSignatureHeader(header)!;
    expect(verifyEbaySignature(body, sig, oneLine)).toBe(true);
    expect(verifyEbaySignature(body.replace("test_user", "other_user"), sig, oneLine)).toBe(false);
    expect(verifyEbaySignature(body, { ...sig, signature: "AAAA" }, oneLine)).toBe(false);
    expect(verifyEbaySignature(body, sig, "not a key")).toBe(false);
  });

  it("maps eBay's digest names and reads the event id, topic and date", () => {
    expect(digestName("SHA1")).toBe("sha1");
    expect(digestName("SHA-256")).toBe("sha256");
    expect(digestName("MD5")).toBe("sha1");
    expect(readNotification(JSON.parse(body))).toEqual({
      eventId: "49feeaeb-4982-42d9-a377-9645b8479411_33f7e043-fed8-442b-9d44-791923bd9a6d",
      topic: "MARKETPLACE_ACCOUNT_DELETION",
      occurredAt: new Date("2021-03-19T20:43:59.462Z"),
    });
    expect(readNotification({ metadata: {} })).toBeUndefined();
  });

  it("computes the endpoint challenge answer", () => {
    // hex SHA-256 of challengeCode + verificationToken + endpoint, as eBay's docs describe it
    expect(challengeResponse("a8628072-3d33-45ee-9004-bee86830a22d", "71745723-d031-455c-bfa5-f90d11b4f20a", "http://www.testendpoint.com/webhook")).toBe(
      crypto.createHash("sha256").update("a8628072-3d33-45ee-9004-bee86830a22d71745723-d031-455c-bfa5-f90d11b4f20ahttp://www.testendpoint.com/webhook").digest("hex"),
    );
  });
});
