// eBay Notification API, outbound side: signing keys, signed deliveries, the endpoint challenge.
// Source: MARKETPLACES.md (eBay) and specs/ebay/commerce_notification_v1_oas3.json (getPublicKey → {algorithm, digest, key}).
import crypto from "node:crypto";

export interface SigningKey {
  kid: string;
  privateKey: crypto.KeyObject;
  /** PEM as eBay serves it: header, base64 body and footer on one line, no line breaks. */
  publicKeyOneLine: string;
}

export function createSigningKey(kid: string = crypto.randomUUID()): SigningKey {
  const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const der = publicKey.export({ type: "spki", format: "der" });
  return { kid, privateKey, publicKeyOneLine: `-----BEGIN PUBLIC KEY-----${der.toString("base64")}-----END PUBLIC KEY-----` };
}

/** X-EBAY-SIGNATURE: base64 of JSON {alg, kid, signature, digest}; the signature is DER ECDSA (SHA1 digest) over the body. */
export function signatureHeader(key: SigningKey, rawBody: string): string {
  const signature = crypto.sign("sha1", Buffer.from(rawBody, "utf8"), key.privateKey).toString("base64");
  return Buffer.from(JSON.stringify({ alg: "ecdsa", kid: key.kid, signature, digest: "SHA1" }), "utf8").toString("base64");
}

export interface NotificationEnvelope {
  metadata: { topic: string; schemaVersion: string; deprecated: boolean };
  notification: { notificationId: string; eventDate: string; publishDate: string; publishAttemptCount: number; data: unknown };
}

export function buildNotification(topic: string, data: unknown, now: number, notificationId: string = crypto.randomUUID()): NotificationEnvelope {
  const at = new Date(now).toISOString();
  return {
    metadata: { topic, schemaVersion: "1.0", deprecated: false },
    notification: { notificationId, eventDate: at, publishDate: at, publishAttemptCount: 1, data },
  };
}

/** The answer eBay expects to `GET <endpoint>?challenge_code=…`: hex SHA-256 of challengeCode + verificationToken + endpoint. */
export function challengeResponse(challengeCode: string, verificationToken: string, endpoint: string): string {
  return crypto.createHash("sha256").update(challengeCode).update(verificationToken).update(endpoint).digest("hex");
}

export function withChallengeCode(endpoint: string, challengeCode: string): string {
  const url = new URL(endpoint);
  url.searchParams.set("challenge_code", challengeCode);
  return url.toString();
}
