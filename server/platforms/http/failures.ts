import type { PlatformErrorDetail, PlatformErrorKind } from "../errors";

/** The kind an HTTP status means when the platform's reader does not say otherwise. */
export function kindForStatus(status: number): PlatformErrorKind {
  if (status === 401) return "authentication";
  if (status === 403) return "permission";
  if (status === 404 || status === 410) return "not_found";
  // 420: Yandex Market's "too many parallel requests / resource limit".
  if (status === 429 || status === 420) return "rate_limited";
  if (status === 408 || status >= 500) return "transient";
  if (status >= 400) return "validation";
  // 1xx and 3xx (a redirect without Location) are not answers an adapter can use.
  return "unreachable";
}

export interface NetworkFailure {
  kind: PlatformErrorKind;
  message: string;
  /** True when the request certainly never reached the platform, so repeating it is safe whatever the method. */
  notSent: boolean;
  /** False for failures that repeating will not cure (TLS). */
  retriable: boolean;
}

const NOT_CONNECTED: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host name not found",
  EAI_AGAIN: "host name lookup failed",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  EADDRNOTAVAIL: "address not available",
  UND_ERR_CONNECT_TIMEOUT: "connect timed out",
};

function errorCodes(err: unknown, depth = 0): string[] {
  if (depth > 4 || typeof err !== "object" || err === null) return [];
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown };
  const codes = typeof e.code === "string" ? [e.code] : [];
  codes.push(...errorCodes(e.cause, depth + 1));
  if (Array.isArray(e.errors)) for (const inner of e.errors) codes.push(...errorCodes(inner, depth + 1));
  return codes;
}

/** A failed fetch → what happened, in words that never carry the request's headers or body. */
export function classifyNetworkError(err: unknown, host: string, timedOutAfterMs: number | undefined): NetworkFailure {
  if (timedOutAfterMs !== undefined) {
    return { kind: "transient", message: `No answer from ${host} within ${timedOutAfterMs} ms`, notSent: false, retriable: true };
  }
  const codes = errorCodes(err);
  const connect = codes.find((c) => c in NOT_CONNECTED);
  if (connect) return { kind: "unreachable", message: `Cannot reach ${host}: ${NOT_CONNECTED[connect]}`, notSent: true, retriable: true };
  const tls = codes.find((c) => /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_OSSL)/.test(c));
  if (tls) return { kind: "unreachable", message: `Secure connection to ${host} failed (${tls})`, notSent: true, retriable: false };
  const code = codes[0];
  return { kind: "transient", message: `Connection to ${host} failed${code ? ` (${code})` : ""}`, notSent: false, retriable: true };
}

/** Shortest secret worth scrubbing: shorter strings would mangle ordinary words. */
const MIN_SECRET_LENGTH = 4;

/** Replaces every credential value in a text taken from a response (platforms echo tokens back in errors). */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= MIN_SECRET_LENGTH && out.includes(s)) out = out.split(s).join("[redacted]");
  return out;
}

export function scrubDetails(details: PlatformErrorDetail[] | undefined, secrets: readonly string[]): PlatformErrorDetail[] | undefined {
  return details?.map((d) => ({
    message: scrub(String(d.message ?? ""), secrets),
    ...(d.code !== undefined ? { code: scrub(String(d.code), secrets) } : {}),
    ...(d.field !== undefined ? { field: scrub(String(d.field), secrets) } : {}),
  }));
}
