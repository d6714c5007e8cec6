// Pure eBay mappings: error bodies → readable messages, the connection-test summary, notification signatures.
import crypto from "node:crypto";
import type { PlatformErrorDetail, PlatformErrorKind } from "../errors";

/** eBay REST errors: {errors:[{errorId, domain, category, message, longMessage, parameters}]} (MARKETPLACES.md). */
export interface EbayApiError {
  errorId?: number;
  domain?: string;
  subdomain?: string;
  category?: string;
  message?: string;
  longMessage?: string;
  parameters?: Array<{ name?: string; value?: string }>;
}

/** OAuth token endpoint errors: {error, error_description}. */
interface OAuthError {
  error?: string;
  error_description?: string;
}

const OAUTH_KINDS: Record<string, PlatformErrorKind> = {
  invalid_client: "authentication",
  invalid_grant: "authentication",
  unauthorized_client: "authentication",
  invalid_scope: "permission",
  access_denied: "permission",
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** eBay's error body → the message the cabinet shows, the details, and a kind where the status alone misleads. */
export function readEbayError(status: number, body: unknown): { message: string; details?: PlatformErrorDetail[]; kind?: PlatformErrorKind } | undefined {
  if (isObject(body) && Array.isArray(body.errors) && body.errors.length > 0) {
    const list = body.errors.filter(isObject) as EbayApiError[];
    const details = list.map((e) => {
      const field = e.parameters?.find((p) => p.name === "fieldName" || p.name === "sku" || p.name === "header")?.value;
      return {
        message: errorText(e),
        ...(e.errorId !== undefined ? { code: String(e.errorId) } : {}),
        ...(field ? { field } : {}),
      };
    });
    const first = list[0]!;
    const more = list.length > 1 ? ` (+${list.length - 1} more)` : "";
    return { message: `${errorText(first)}${more}`, details };
  }
  if (isObject(body) && typeof body.error === "string") {
    const e = body as OAuthError;
    const kind = OAUTH_KINDS[e.error!];
    return { message: e.error_description ? `${e.error_description} (${e.error})` : e.error!, ...(kind ? { kind } : {}) };
  }
  if (typeof body === "string" && body.trim()) return { message: `eBay answered HTTP ${status}: ${body.trim().slice(0, 200)}` };
  return undefined;
}

function errorText(e: EbayApiError): string {
  const msg = e.message?.trim() ?? "";
  const long = e.longMessage?.trim() ?? "";
  if (long && msg && !long.startsWith(msg.replace(/\.$/, ""))) return `${msg} ${long}`;
  return long || msg || `eBay error ${e.errorId ?? "(no id)"}`;
}

/** getPrivileges answer (specs/ebay/sell_account_v1_oas3.json SellingPrivileges). */
export interface EbayPrivileges {
  sellerRegistrationCompleted?: boolean;
  sellingLimit?: { amount?: { value?: string; currency?: string }; quantity?: number };
}

/**
 * What the connection test says when eBay accepted the token. The contract files have no endpoint that returns the
 * seller's user name (the Identity API is not in specs/ebay), so the summary is built from the privileges.
 */
export function privilegesSummary(p: EbayPrivileges, marketplaceId?: string): string {
  const where = marketplaceId ? ` (${marketplaceId})` : "";
  const registration = p.sellerRegistrationCompleted === false ? "seller registration is not complete" : "seller registration complete";
  const limit = p.sellingLimit;
  const parts: string[] = [];
  if (limit?.quantity !== undefined) parts.push(`${limit.quantity} items`);
  if (limit?.amount?.value) parts.push(`${limit.amount.value} ${limit.amount.currency ?? ""}`.trim());
  const selling = parts.length ? `; monthly selling limit ${parts.join(" / ")}` : "";
  return `Connected to eBay${where}: ${registration}${selling}.`;
}

/** The form body of the refresh-token grant (MARKETPLACES.md eBay OAuth). */
export function refreshTokenForm(refreshToken: string, scopes?: readonly string[]): string {
  const form = new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken });
  if (scopes?.length) form.set("scope", scopes.join(" "));
  return form.toString();
}

/** The form body of the client-credentials grant (application token, e.g. for getPublicKey). */
export function clientCredentialsForm(scopes: readonly string[] = ["https://api.ebay.com/oauth/api_scope"]): string {
  return new URLSearchParams({ grant_type: "client_credentials", scope: scopes.join(" ") }).toString();
}

/** X-EBAY-SIGNATURE: base64 JSON {alg, kid, signature, digest}. */
export interface EbaySignature {
  alg?: string;
  kid: string;
  signature: string;
  digest?: string;
}

export function parseSignatureHeader(header: string | null | undefined): EbaySignature | undefined {
  if (!header) return undefined;
  try {
    const decoded = JSON.parse(Buffer.from(header.trim(), "base64").toString("utf8")) as unknown;
    if (!isObject(decoded) || typeof decoded.kid !== "string" || typeof decoded.signature !== "string" || !decoded.kid || !decoded.signature) return undefined;
    return {
      kid: decoded.kid,
      signature: decoded.signature,
      ...(typeof decoded.alg === "string" ? { alg: decoded.alg } : {}),
      ...(typeof decoded.digest === "string" ? { digest: decoded.digest } : {}),
    };
  } catch {
    return undefined;
  }
}

/** eBay serves the public key as one line ("-----BEGIN PUBLIC KEY-----MFkw…-----END PUBLIC KEY-----"): make it a PEM. */
export function toPem(key: string): string {
  const body = key
    .replace(/-----BEGIN PUBLIC KEY-----/, "")
    .replace(/-----END PUBLIC KEY-----/, "")
    .replace(/\s+/g, "");
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join("\n")}\n-----END PUBLIC KEY-----\n`;
}

/** Node digest name for eBay's `digest` field ("SHA1" today). */
export function digestName(digest: string | undefined): string {
  const d = (digest ?? "SHA1").toLowerCase().replace(/-/g, "");
  return ["sha1", "sha256", "sha384", "sha512"].includes(d) ? d : "sha1";
}

/** Verifies eBay's ECDSA signature (DER, base64) over the raw body with the PEM public key. */
export function verifyEbaySignature(rawBody: string, signature: EbaySignature, publicKeyPem: string): boolean {
  try {
    return crypto.verify(digestName(signature.digest), Buffer.from(rawBody, "utf8"), toPem(publicKeyPem), Buffer.from(signature.signature, "base64"));
  } catch {
    return false;
  }
}

/** The endpoint challenge answer: hex SHA-256 of challengeCode + verificationToken + endpoint URL. */
export function challengeResponse(challengeCode: string, verificationToken: string, endpoint: string): string {
  return crypto.createHash("sha256").update(challengeCode).update(verificationToken).update(endpoint).digest("hex");
}

/** The notification envelope eBay posts: {metadata:{topic…}, notification:{notificationId, eventDate, data…}}. */
export interface EbayNotification {
  metadata?: { topic?: string; schemaVersion?: string };
  notification?: { notificationId?: string; eventDate?: string; publishDate?: string; data?: unknown };
}

export function readNotification(payload: unknown): { eventId: string; topic?: string; occurredAt?: Date } | undefined {
  if (!isObject(payload)) return undefined;
  const n = payload as EbayNotification;
  const id = n.notification?.notificationId;
  if (typeof id !== "string" || !id) return undefined;
  const at = n.notification?.eventDate ? new Date(n.notification.eventDate) : undefined;
  return {
    eventId: id,
    ...(n.metadata?.topic ? { topic: n.metadata.topic } : {}),
    ...(at && !Number.isNaN(at.getTime()) ? { occurredAt: at } : {}),
  };
}
