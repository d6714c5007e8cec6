import { PlatformError, type PlatformErrorKind } from "./errors";
import type { PlatformHttpClient } from "./http";
import type { PlatformId } from "./types";

/** Everything an adapter needs to talk for one connection; built by server/sync from the row and the vault. */
export interface ConnectionContext {
  connectionId: string;
  partnerId: string;
  platform: PlatformId;
  environment: "production" | "sandbox";
  settings: Record<string, string>;
  /** Decrypted secrets: pass to the HTTP client's auth, never log, never return. */
  credentials: Record<string, string>;
  /** Resolved base URL: the simulator for sandbox, the admin's override, or the manifest's production URL. */
  baseUrl: string;
  /** What earlier tests learned, e.g. Sentos's working auth scheme. */
  memory: Record<string, string>;
}

export type ConnectionTestStatus = "connected" | "bad_credentials" | "permission_missing" | "rate_limited" | "unreachable";

export interface ConnectionTestOutcome {
  status: ConnectionTestStatus;
  /** The account name the platform returned (connected), or the platform's own message. */
  accountName?: string;
  message: string;
  /** Facts to remember on the connection (e.g. { sentosAuthScheme: "basic" }). */
  remember?: Record<string, string>;
}

/** What every platform adapter can do. Later issues add catalog, stock, price and order operations. */
export interface PlatformAdapter {
  platform: PlatformId;
  /** Calls a cheap authenticated endpoint and says whether the connection works. */
  testConnection(ctx: ConnectionContext, http: PlatformHttpClient): Promise<ConnectionTestOutcome>;
}

/** How a failed test call reads to the seller, for every platform: credentials, permissions, limits, or the way there. */
export const TEST_STATUS_FOR_KIND: Record<PlatformErrorKind, ConnectionTestStatus> = {
  authentication: "bad_credentials",
  permission: "permission_missing",
  rate_limited: "rate_limited",
  validation: "unreachable",
  not_found: "unreachable",
  transient: "unreachable",
  unreachable: "unreachable",
};

/**
 * The connection-test outcome of a platform error, with the platform's own message. Adapters adjust what is theirs:
 * a kind that means something else on their API (`status`), a prefix, or a fuller message.
 */
export function testOutcomeForError(
  err: unknown,
  opts: { prefix?: string; status?: Partial<Record<PlatformErrorKind, ConnectionTestStatus>>; message?: (err: PlatformError) => string | undefined } = {},
): ConnectionTestOutcome {
  if (!(err instanceof PlatformError)) throw err;
  return { status: opts.status?.[err.kind] ?? TEST_STATUS_FOR_KIND[err.kind], message: `${opts.prefix ?? ""}${opts.message?.(err) ?? err.message}` };
}
