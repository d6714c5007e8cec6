import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections, platformApiConfigs } from "@/db/schema";
import type { ConnectionContext } from "@/server/platforms/adapter";
import { getManifest, isPlatformId } from "@/server/platforms/registry";
import { env } from "@/server/env";
import { runningSandboxUrl } from "@/server/sandbox";
import { readConnectionCredentials } from "@/server/vault";

export class ConnectionUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConnectionUnavailableError";
  }
}

/**
 * Where a connection's requests go: the local simulator for Sandbox connections, else the administrator's
 * endpoint override, else the manifest's production URL.
 */
export async function resolveBaseUrl(db: Db, platform: string, environment: "production" | "sandbox", sandboxUrl?: string) {
  if (environment === "sandbox") {
    if (!env().sandboxEnabled) throw new ConnectionUnavailableError("Sandbox connections are switched off on this server (SANDBOX=off)");
    return `${sandboxUrl ?? env().SANDBOX_URL ?? runningSandboxUrl() ?? env().sandboxUrl}/sandbox/${platform}`;
  }
  const [override] = await db.select({ url: platformApiConfigs.endpointOverride }).from(platformApiConfigs).where(eq(platformApiConfigs.platform, platform));
  if (!isPlatformId(platform)) throw new ConnectionUnavailableError(`Unknown platform ${platform}`);
  return override?.url || getManifest(platform).baseUrls.production;
}

/** Everything an adapter needs for one connection, credentials decrypted in memory only. */
export async function buildConnectionContext(db: Db, partnerId: string, connectionId: string, opts: { sandboxUrl?: string } = {}): Promise<ConnectionContext> {
  const [row] = await db.select().from(connections).where(and(eq(connections.partnerId, partnerId), eq(connections.id, connectionId)));
  if (!row) throw new ConnectionUnavailableError("The connection no longer exists");
  if (!isPlatformId(row.platform)) throw new ConnectionUnavailableError(`Unknown platform ${row.platform}`);
  const credentials = (await readConnectionCredentials(db, { partnerId, connectionId })) ?? {};
  return {
    connectionId,
    partnerId,
    platform: row.platform,
    environment: row.environment,
    settings: row.settings,
    credentials,
    baseUrl: await resolveBaseUrl(db, row.platform, row.environment, opts.sandboxUrl),
    memory: row.memory,
  };
}
