// Pure Trendyol mappings: User-Agent, error bodies → messages, addresses → account name, errors → test outcomes,
// webhook event ids. No I/O here; unit tests feed recorded-looking payloads.
import crypto from "node:crypto";
import { testOutcomeForError, type ConnectionTestOutcome } from "../adapter";
import { PlatformError, type PlatformErrorDetail, type PlatformErrorKind } from "../errors";

/** "Seller Id - {Integrator}" or "Seller Id - SelfIntegration" (docs scrape, "Using Auth and User-Agent"). */
export function trendyolUserAgent(sellerId: string, integratorName?: string): string {
  // Alphanumeric, at most 30 characters; anything else would earn a 403, so it falls back to SelfIntegration.
  const name = (integratorName ?? "").trim();
  return `${sellerId.trim()} - ${/^[A-Za-z0-9]{1,30}$/.test(name) ? name : "SelfIntegration"}`;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

/**
 * Trendyol's error bodies → readable message and details. Shapes seen: `{errors:[{key, message, errorCode}]}`
 * (product/inventory APIs, often with `timestamp` and `exception`), `{exception}` alone (401
 * ClientApiAuthenticationException), `{error, message}` (addresses/orders contracts), or plain text from the gateway.
 */
export function parseTrendyolError(
  status: number,
  body: unknown,
  opts: { stage?: boolean } = {},
): { message: string; details?: PlatformErrorDetail[]; kind?: PlatformErrorKind } | undefined {
  if (status >= 200 && status < 300) return undefined;
  // Stage answers 503 when the caller's IP is not on its allowlist (MARKETPLACES.md); repeating will not help.
  if (opts.stage && status === 503)
    return { kind: "permission", message: "Trendyol stage refused the request (503): this server's IP address is not on the stage allowlist" };
  if (isObj(body)) {
    const list = Array.isArray(body.errors) ? body.errors.filter(isObj) : [];
    if (list.length) {
      const details = list.map((e) => ({
        message: str(e.message) ?? str(e.key) ?? "Unknown error",
        ...(str(e.key) ? { code: str(e.key) } : {}),
      }));
      return { message: [...new Set(details.map((d) => d.message))].join("; "), details };
    }
    const message = str(body.message) ?? str(body.error) ?? str(body.exception);
    if (message) return { message, details: str(body.exception) ? [{ code: str(body.exception), message }] : undefined };
  }
  if (typeof body === "string" && body.trim()) return { message: body.trim().slice(0, 300) };
  return undefined;
}

interface AddressLike {
  city?: unknown;
  district?: unknown;
  addressType?: unknown;
  isDefault?: unknown;
}

/**
 * The addresses endpoint is the cheapest authenticated call, but Trendyol returns no store name anywhere in the
 * seller APIs: the account is named by its seller id and the city of its default invoice (else shipment) address.
 */
export function trendyolAccountName(sellerId: string, body: unknown): string {
  const b = isObj(body) ? body : {};
  const list = Array.isArray(b.supplierAddresses) ? (b.supplierAddresses.filter(isObj) as AddressLike[]) : [];
  const pick =
    (isObj(b.defaultInvoiceAddress) ? (b.defaultInvoiceAddress as AddressLike) : undefined) ??
    list.find((a) => a.addressType === "Invoice" && a.isDefault === true) ??
    (isObj(b.defaultShipmentAddress) ? (b.defaultShipmentAddress as AddressLike) : undefined) ??
    list[0];
  const city = str(pick?.city);
  return city ? `Trendyol seller ${sellerId} (${city})` : `Trendyol seller ${sellerId}`;
}

/** A failed connection test call → the outcome the cabinet shows, with Trendyol's own message. */
export function trendyolOutcomeFromError(err: unknown): ConnectionTestOutcome {
  if (!(err instanceof PlatformError)) return { status: "unreachable", message: err instanceof Error ? err.message : String(err) };
  // 400 on the addresses call means the seller id in the path was refused.
  return testOutcomeForError(err, { status: { validation: "bad_credentials" } });
}

/**
 * Trendyol sends no event id: an event is a shipment package reaching a status at a time, so the id is a hash of
 * (package id, status, lastModifiedDate); redeliveries of the same state get the same id. Without those fields the
 * hash of the raw body stands in.
 */
export function trendyolWebhookEventId(payload: unknown, rawBody: string): string {
  if (isObj(payload)) {
    const id = payload.id ?? payload.shipmentPackageId;
    const status = payload.shipmentPackageStatus ?? payload.status;
    const modified = payload.lastModifiedDate;
    if ((typeof id === "number" || typeof id === "string") && typeof status === "string" && (typeof modified === "number" || typeof modified === "string"))
      return crypto.createHash("sha256").update(`${id}|${status}|${modified}`).digest("hex");
  }
  return crypto.createHash("sha256").update(rawBody, "utf8").digest("hex");
}

/** When the package reached its status (epoch ms in lastModifiedDate), if the payload says. */
export function trendyolWebhookOccurredAt(payload: unknown): Date | undefined {
  if (!isObj(payload)) return undefined;
  const t = Number(payload.lastModifiedDate);
  return Number.isFinite(t) && t > 0 ? new Date(t) : undefined;
}
