// Pure Sentos mappings: auth schemes, base URL, error bodies, decimals, connection test outcomes.
// Sentos has no public contract; facts and their sources are in MARKETPLACES.md and server/sandbox/sentos.
import { testOutcomeForError, type ConnectionTestOutcome } from "../adapter";
import { PlatformError, type PlatformErrorDetail } from "../errors";
import type { AuthScheme } from "../http";

export type SentosAuthScheme = "basic" | "x-api-key" | "bearer" | "token";

/** The order the connection test tries them in: the community C# client's Basic first. */
export const SENTOS_SCHEME_ORDER: readonly SentosAuthScheme[] = ["basic", "x-api-key", "bearer", "token"];

export function isSentosAuthScheme(v: unknown): v is SentosAuthScheme {
  return typeof v === "string" && (SENTOS_SCHEME_ORDER as readonly string[]).includes(v);
}

/** The remembered scheme first, then the others in the usual order. */
export function schemesToTry(remembered: string | undefined): SentosAuthScheme[] {
  return isSentosAuthScheme(remembered) ? [remembered, ...SENTOS_SCHEME_ORDER.filter((s) => s !== remembered)] : [...SENTOS_SCHEME_ORDER];
}

/**
 * How each scheme carries the credentials. Bearer and Token carry the API key alone — the form users report;
 * unverified against Sentos itself, and the one place to change if a tenant proves otherwise.
 */
export function sentosAuth(scheme: SentosAuthScheme, credentials: Record<string, string>): AuthScheme {
  const key = credentials.apiKey ?? "";
  const secret = credentials.apiSecret ?? "";
  switch (scheme) {
    case "basic":
      return { type: "basic", username: key, password: secret };
    case "x-api-key":
      return { type: "headers", headers: { "X-API-Key": key, "X-API-Secret": secret } };
    case "bearer":
      return { type: "bearer", token: key };
    case "token":
      return { type: "headers", headers: { Authorization: `Token ${key}` } };
    default: {
      const never: never = scheme;
      throw new Error(`Unknown Sentos auth scheme ${String(never)}`);
    }
  }
}

export const SCHEME_LABELS: Record<SentosAuthScheme, string> = {
  basic: "HTTP Basic",
  "x-api-key": "X-API-Key / X-API-Secret headers",
  bearer: "Bearer token",
  token: "Token header",
};

/**
 * https://{company}.sentos.com.tr/api from the manifest's template; a per-connection address (settings.baseUrl)
 * replaces the template; an address resolved elsewhere (simulator, admin override) is used as given.
 */
export function sentosBaseUrl(baseUrl: string, settings: Record<string, string>): string {
  if (!baseUrl.includes("{company}")) return baseUrl.replace(/\/+$/, "");
  if (settings.baseUrl) return settings.baseUrl.replace(/\/+$/, "");
  return baseUrl.replace("{company}", (settings.companySubdomain ?? "").trim().toLowerCase()).replace(/\/+$/, "");
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** `{message}` (plus Laravel's `errors: {field: [..]}` on 422) or plain text. */
export function parseSentosError(status: number, body: unknown): { message: string; details?: PlatformErrorDetail[] } | undefined {
  if (status >= 200 && status < 300) return undefined;
  if (isObj(body)) {
    const details: PlatformErrorDetail[] = [];
    if (isObj(body.errors))
      for (const [field, v] of Object.entries(body.errors)) for (const m of Array.isArray(v) ? v : [v]) details.push({ field, message: String(m) });
    const message = typeof body.message === "string" && body.message.trim() ? body.message.trim() : details[0]?.message;
    if (message) return { message, ...(details.length ? { details } : {}) };
  }
  if (typeof body === "string" && body.trim()) return { message: body.trim().replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim().slice(0, 300) };
  return undefined;
}

/** Sentos prices come as numbers or Turkish decimal strings ("1.234,50"); both read as 1234.5. */
export function parseSentosDecimal(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v !== "string" || v.trim() === "") return undefined;
  const s = v.trim();
  const normal = s.lastIndexOf(",") > s.lastIndexOf(".") ? s.replace(/\./g, "").replace(",", ".") : s.replace(/,/g, "");
  const n = Number(normal);
  return Number.isFinite(n) ? n : undefined;
}

export interface SentosPage<T> {
  data: T[];
  page: number;
  size: number;
  total_elements: number;
  total_pages: number;
}

export function readSentosPage<T = unknown>(body: unknown): SentosPage<T> | undefined {
  if (!isObj(body) || !Array.isArray(body.data)) return undefined;
  return {
    data: body.data as T[],
    page: Number(body.page ?? 1),
    size: Number(body.size ?? body.data.length),
    total_elements: Number(body.total_elements ?? body.data.length),
    total_pages: Number(body.total_pages ?? 1),
  };
}

/** The tenant name to show: Sentos returns none on its cheap endpoints, so the company subdomain names it. */
export function sentosAccountName(settings: Record<string, string>, baseUrl: string): string {
  if (settings.companySubdomain) return settings.companySubdomain;
  try {
    return new URL(baseUrl).hostname.split(".")[0] ?? baseUrl;
  } catch {
    return baseUrl;
  }
}

export function sentosOutcomeFromError(err: unknown): ConnectionTestOutcome {
  if (!(err instanceof PlatformError)) return { status: "unreachable", message: err instanceof Error ? err.message : String(err) };
  // Sentos answers a wrong key with 422 as often as 401; 404 means no Sentos API at this address.
  return testOutcomeForError(err, { status: { validation: "bad_credentials" }, message: (e) => (e.kind === "not_found" ? `${e.message} (check the company subdomain)` : undefined) });
}
