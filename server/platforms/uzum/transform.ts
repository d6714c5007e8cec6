// Pure readings of Uzum Market payloads. No contract file exists (specs/uzum/SOURCE.md): the envelope
// {payload, errors:[{code, message}], timestamp} is from MARKETPLACES.md, and community clients report some routes
// (e.g. /v1/shops) answering a bare array, so every reader here accepts both.
import type { PlatformErrorDetail, PlatformErrorKind } from "../errors";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The payload of an enveloped answer, or the answer itself when it is not enveloped. */
export function unwrap(body: unknown): unknown {
  return isObject(body) && "payload" in body ? body.payload : body;
}

/** Uzum's error answer → message and details. 429 from its gateway has an empty body: the headers say the rest. */
export function readUzumError(
  status: number,
  body: unknown,
  headers?: Headers,
): { message: string; details?: PlatformErrorDetail[]; kind?: PlatformErrorKind } | undefined {
  if (status < 400) return undefined;
  if (isObject(body) && Array.isArray(body.errors) && body.errors.length > 0) {
    const details: PlatformErrorDetail[] = body.errors.filter(isObject).map((e) => ({
      code: typeof e.code === "string" ? e.code : undefined,
      message: typeof e.message === "string" && e.message ? e.message : String(e.code ?? "error"),
    }));
    if (details.length) return { message: details.map((d) => d.message).join("; "), details };
  }
  // Spring's default error body {timestamp, status, error, message, path}.
  if (isObject(body) && typeof body.message === "string" && body.message) return { message: body.message };
  if (isObject(body) && typeof body.error === "string" && body.error) return { message: body.error };
  if (status === 429) {
    const rate = headers?.get("x-ratelimit-replenish-rate");
    const burst = headers?.get("x-ratelimit-burst-capacity");
    const limits = rate && burst ? ` (it allows ${burst} at once, then ${rate} per second)` : "";
    return { message: `Too many requests to Uzum Market${limits}` };
  }
  if (typeof body === "string" && body.trim()) return { message: body.trim().slice(0, 500) };
  return undefined;
}

export interface UzumShop {
  id: number;
  name: string;
}

/** GET /v1/shops → the shops the token opens. */
export function readShops(body: unknown): UzumShop[] {
  const list = unwrap(body);
  if (!Array.isArray(list)) return [];
  return list.filter(isObject).map((s) => ({
    id: Number(s.id ?? s.shopId),
    name: typeof s.name === "string" ? s.name : typeof s.shopTitle === "string" ? s.shopTitle : String(s.id ?? s.shopId),
  }));
}

export function describeShops(shops: UzumShop[]): string {
  return shops.map((s) => `${s.name} (${s.id})`).join(", ") || "none";
}
