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
