// Reading the throttle hints platforms put in response headers. Which header each platform sends is in
// /work/shared/MARKETPLACES.md (Trendyol/Shopify/eBay: Retry-After; ShipStation v1: X-Rate-Limit-*; Uzum:
// X-RateLimit-Remaining/-Replenish-Rate; Yandex Market: X-RateLimit-Resource-*; Wildberries: X-Ratelimit-Retry/-Reset).

/** `Retry-After` as delta-seconds or an HTTP date → milliseconds from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (v === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * A reset header that may be seconds-until-reset (ShipStation, Wildberries), an epoch (GitHub style) or a date
 * (Yandex Market's -Until): numbers too large to be a sensible delta are read as epoch seconds or milliseconds.
 */
export function parseResetSeconds(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (!/^\d+(\.\d+)?$/.test(v)) {
    const at = Date.parse(v);
    return Number.isNaN(at) ? undefined : Math.max(0, at - now);
  }
  const n = Number(v);
  if (n >= 1e12) return Math.max(0, n - now);
  if (n >= 1e9) return Math.max(0, n * 1000 - now);
  return n * 1000;
}

function numberHeader(headers: Headers, ...names: string[]): number | undefined {
  for (const name of names) {
    const raw = headers.get(name);
    if (raw === null || raw.trim() === "") continue;
    const n = Number(raw.trim());
    if (Number.isFinite(n)) return n;
  }
  return undefined;
}

/**
 * How long to hold every call of this bucket according to the response headers, in ms (undefined: no hint).
 * An explicit wait (Retry-After, Wildberries' X-Ratelimit-Retry) is the platform's own answer and wins; otherwise a
 * quota counter counts once it is spent, and then the wait is until its reset.
 */
export function throttleWaitFromHeaders(headers: Headers, now: number = Date.now()): number | undefined {
  const retryAfter = parseRetryAfter(headers.get("retry-after"), now);
  const wbRetry = numberHeader(headers, "x-ratelimit-retry");
  const explicit = [retryAfter, wbRetry === undefined ? undefined : wbRetry * 1000].filter(isPositive);
  if (explicit.length) return Math.max(...explicit);

  const remaining = numberHeader(headers, "x-ratelimit-remaining", "x-rate-limit-remaining", "x-ratelimit-resource-remaining");
  if (remaining === undefined || remaining > 0) return undefined;
  const reset =
    parseResetSeconds(headers.get("x-ratelimit-reset"), now) ??
    parseResetSeconds(headers.get("x-rate-limit-reset"), now) ??
    parseResetSeconds(headers.get("x-ratelimit-resource-until"), now);
  if (reset !== undefined) return isPositive(reset) ? reset : undefined;
  // Uzum (Spring Cloud Gateway): tokens come back at Replenish-Rate per second.
  const replenish = numberHeader(headers, "x-ratelimit-replenish-rate");
  return replenish !== undefined && replenish > 0 ? 1000 / replenish : undefined;
}

function isPositive(n: number | undefined): n is number {
  return n !== undefined && Number.isFinite(n) && n > 0;
}
