// Pure Wildberries mappings: per-API hosts and tokens, limiter buckets, the error shapes of each API section, the
// seller's display name.
import type { PlatformErrorDetail, PlatformErrorKind } from "../errors";

export type WbCategory = "content" | "prices" | "marketplace" | "statistics";

/** Token category per API host; hosts not listed take the content token (common-api accepts any token). */
export const HOST_CATEGORY: Record<string, WbCategory> = {
  "content-api": "content",
  "discounts-prices-api": "prices",
  "marketplace-api": "marketplace",
  "statistics-api": "statistics",
};

/** Connection credential holding each category's token; empty ones fall back to contentToken (manifest). */
export const TOKEN_FIELD: Record<WbCategory, string> = {
  content: "contentToken",
  prices: "pricesToken",
  marketplace: "marketplaceToken",
  statistics: "statisticsToken",
};

export function categoryOfHost(host: string): WbCategory {
  return HOST_CATEGORY[host] ?? "content";
}

/** The token for a host: its category's own token, else the content token. */
export function tokenFor(credentials: Record<string, string>, host: string): { token?: string; category: WbCategory; fallback: boolean } {
  const category = categoryOfHost(host);
  const own = credentials[TOKEN_FIELD[category]];
  if (own) return { token: own, category, fallback: false };
  return { token: credentials.contentToken || undefined, category, fallback: category !== "content" };
}

/** Splits "/content-api/content/v2/…" into the host prefix and the path on that host. */
export function splitHostPath(path: string): { host: string; rest: string } | undefined {
  const m = /^\/([a-z][a-z0-9-]*-api)(\/.*)?$/.exec(path);
  return m ? { host: m[1]!, rest: m[2] ?? "/" } : undefined;
}

/**
 * The URL of a call: production and WB's own sandboxes use a host per API (`https://{api}.wildberries.ru`, the
 * manifest's template); the Kervan simulator (and any base without `{api}`) takes `${baseUrl}/<host-prefix>/<path>`.
 */
export function wbUrl(baseUrl: string, host: string, rest: string): string {
  const base = baseUrl.replace(/\/+$/, "");
  if (base.includes("{api}")) return `${base.replace("{api}", host)}${rest}`;
  return `${base}/${host}${rest}`;
}

/**
 * Which client-side limiter bucket a call belongs to (WB counts per method group; see the manifest's rateLimits).
 * Seller info (1/min, burst 10, 01-general.yaml) is only called by the connection test: the client spaces calls evenly,
 * so a rule of 1/min would hold a repeated test for a minute although WB's burst allows it; it shares the content
 * bucket instead, and a 429 still pauses it through X-Ratelimit-Retry.
 */
export function bucketFor(method: string, host: string, rest: string): string {
  if (method === "GET" && rest === "/ping") return `ping:${host}`;
  if (host === "content-api") return /^\/content\/v2\/cards\/(upload|upload\/add|update|error\/list)$/.test(rest) ? "content-upload" : "content";
  if (host === "discounts-prices-api") return "prices";
  if (host === "marketplace-api") return /^\/api\/v3\/(stocks|warehouses|offices|dbw\/warehouses)/.test(rest) ? "stocks" : "fbs";
  return "content";
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

function dataDetails(data: unknown, code?: string): PlatformErrorDetail[] {
  if (!Array.isArray(data)) return [];
  return data.filter(isObject).map((d) => {
    const id = d.chrtId ?? d.sku ?? d.nmID ?? d.id;
    const extra = d.amount !== undefined ? ` (amount ${String(d.amount)})` : "";
    return { ...(code ? { code } : {}), ...(id !== undefined && id !== "" ? { field: d.chrtId !== undefined ? `chrtId ${String(d.chrtId)}` : String(id) } : {}), message: `${code ?? "error"}${extra}` };
  });
}

/**
 * WB answers errors in four shapes: application/problem+json {title, detail, …} (auth, limits, 5xx), content/prices
 * {data, error, errorText, additionalErrors}, marketplace {code, message, data}, and a 409 array of those (stocks).
 */
export function readWildberriesError(status: number, body: unknown): { message: string; details?: PlatformErrorDetail[]; kind?: PlatformErrorKind } | undefined {
  // Content/prices can answer HTTP 200 with error:true.
  if (status >= 200 && status < 300) {
    if (isObject(body) && body.error === true && str(body.errorText)) return { message: str(body.errorText)!, kind: "validation" };
    return undefined;
  }
  if (Array.isArray(body)) {
    const list = body.filter(isObject);
    if (!list.length) return undefined;
    const details = list.flatMap((e) => {
      const own = dataDetails(e.data, str(e.code));
      return own.length ? own.map((d) => ({ ...d, message: str(e.message) ?? d.message })) : [{ ...(str(e.code) ? { code: str(e.code)! } : {}), message: str(e.message) ?? str(e.code) ?? "error" }];
    });
    const message = list.map((e) => [str(e.code), str(e.message)].filter(Boolean).join(": ")).join("; ");
    return { message, details };
  }
  if (isObject(body)) {
    if (str(body.title) || str(body.detail)) {
      const title = str(body.title);
      const detail = str(body.detail);
      const message = title && detail ? `${title}: ${detail}` : (title ?? detail)!;
      // A token of another category: the credentials are right, the permission is missing.
      if (status === 401 && detail && /scope not allowed/i.test(detail)) return { message, kind: "permission" };
      if (status === 402) return { message, kind: "permission" };
      return { message };
    }
    if (body.error === true || str(body.errorText)) {
      const extra = body.additionalErrors;
      const details: PlatformErrorDetail[] = [];
      if (isObject(extra)) for (const [k, v] of Object.entries(extra)) details.push({ field: k, message: String(Array.isArray(v) ? v.join(", ") : v) });
      else if (typeof extra === "string" && extra) details.push({ message: extra });
      return { message: str(body.errorText) ?? `Wildberries answered HTTP ${status}`, ...(details.length ? { details } : {}) };
    }
    if (str(body.code) || str(body.message)) {
      const code = str(body.code);
      const details = dataDetails(body.data, code);
      return { message: [code, str(body.message)].filter(Boolean).join(": "), ...(details.length ? { details } : {}) };
    }
  }
  if (typeof body === "string" && body.trim()) return { message: `Wildberries answered HTTP ${status}: ${body.trim().slice(0, 200)}` };
  return undefined;
}

/** GET /api/v1/seller-info (01-general.yaml): {name, sid, tradeMark}. */
export interface WbSellerInfo {
  name?: string;
  sid?: string;
  tradeMark?: string;
}

export function sellerAccountName(info: WbSellerInfo): string | undefined {
  const name = info.name?.trim();
  const trade = info.tradeMark?.trim();
  if (trade && name && trade !== name) return `${trade} (${name})`;
  return trade || name || undefined;
}

export const CATEGORY_LABEL: Record<WbCategory, string> = {
  content: "Content (cards)",
  prices: "Prices and discounts",
  marketplace: "Marketplace (stocks, FBS orders)",
  statistics: "Statistics",
};
