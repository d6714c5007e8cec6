// The Uzum Market client: `Authorization: <token>` (no Bearer), no documented limits — the HTTP client follows the
// X-RateLimit-Remaining / -Replenish-Rate headers Uzum's gateway sends — and Uzum's envelope errors.
import type { Db } from "@/db/client";
import type { ConnectionContext } from "../adapter";
import { PlatformHttpClient, type PlatformResponseReader, type RateLimitRule } from "../http";
import type { RateLimit } from "../types";
import { manifest } from "./manifest";
import { readUzumError } from "./transform";

export interface UzumHttpDeps {
  db?: Db;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** The manifest lists none (numbers unpublished); kept as a function so a documented limit lands in one place. */
export function uzumRateLimits(): RateLimitRule[] {
  const documented: RateLimit[] = manifest.rateLimits;
  return documented.map((r, i) => ({ bucket: i === 0 ? "all" : r.scope, requests: r.requests, perSeconds: r.perSeconds }));
}

export const uzumReader: PlatformResponseReader = {
  parseError: (status, body, headers) => readUzumError(status, body, headers),
};

export function createUzumHttp(ctx: ConnectionContext, deps: UzumHttpDeps = {}): PlatformHttpClient {
  return new PlatformHttpClient({
    platform: "uzum",
    partnerId: ctx.partnerId,
    connectionId: ctx.connectionId,
    baseUrl: ctx.baseUrl,
    // The raw token: the spec text asks for no "Bearer " prefix.
    auth: { type: "headers", headers: { Authorization: ctx.credentials.token ?? "" } },
    rateLimits: uzumRateLimits(),
    reader: uzumReader,
    db: deps.db,
    fetch: deps.fetch,
    sleep: deps.sleep,
    random: deps.random,
  });
}
