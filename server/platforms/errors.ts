/** What went wrong talking to a platform, in kinds the product acts on (retry, ask for new keys, show the form). */
export type PlatformErrorKind =
  | "authentication" // bad or expired credentials (401)
  | "permission" // credentials valid but not allowed (403)
  | "rate_limited" // 429, Yandex 420, Shopify THROTTLED
  | "validation" // the platform refused the content (400/422) with its own details
  | "not_found"
  | "transient" // 5xx, timeouts: safe to try again later
  | "unreachable"; // DNS, connection refused, TLS

export interface PlatformErrorDetail {
  code?: string;
  field?: string;
  message: string;
}

export class PlatformError extends Error {
  constructor(
    readonly kind: PlatformErrorKind,
    /** The platform's own message, readable in the cabinet. Never contains credentials. */
    message: string,
    readonly opts: { status?: number; details?: PlatformErrorDetail[]; retryAfterMs?: number; operation?: string; platform?: string } = {},
  ) {
    super(message);
    this.name = "PlatformError";
  }
  get status() {
    return this.opts.status;
  }
  get details() {
    return this.opts.details ?? [];
  }
  /** Whether repeating the same request later can succeed. */
  get retriable() {
    return this.kind === "rate_limited" || this.kind === "transient" || this.kind === "unreachable";
  }
}
