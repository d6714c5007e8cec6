import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections } from "@/db/schema";
import { testOutcomeForError, type ConnectionTestOutcome } from "@/server/platforms/adapter";
import { createPlatformHttp, platformAdapter } from "@/server/platforms/adapters";
import { PlatformError } from "@/server/platforms/errors";
import { recordActivity } from "@/server/services/activity";
import { buildConnectionContext, ConnectionUnavailableError } from "./connection-context";

export interface ConnectionTestDeps {
  fetch?: typeof fetch;
  sandboxUrl?: string;
}

/**
 * Calls a cheap authenticated endpoint of the platform and records the outcome on the connection:
 * status, time and the platform's own message, plus whatever the adapter learned (e.g. Sentos's auth scheme).
 */
export async function runConnectionTest(db: Db, partnerId: string, connectionId: string, deps: ConnectionTestDeps = {}): Promise<ConnectionTestOutcome & { platform: string }> {
  let platform = "unknown";
  let outcome: ConnectionTestOutcome;
  try {
    const ctx = await buildConnectionContext(db, partnerId, connectionId, { sandboxUrl: deps.sandboxUrl });
    platform = ctx.platform;
    const http = createPlatformHttp(ctx, { db, fetch: deps.fetch });
    outcome = await platformAdapter(ctx.platform).testConnection(ctx, http);
  } catch (err) {
    if (err instanceof PlatformError) outcome = testOutcomeForError(err);
    else if (err instanceof ConnectionUnavailableError) {
      if (err.message === "The connection no longer exists") throw err;
      outcome = { status: "unreachable", message: err.message };
    } else throw err;
  }

  const [row] = await db.select({ status: connections.status, memory: connections.memory, name: connections.name }).from(connections).where(and(eq(connections.partnerId, partnerId), eq(connections.id, connectionId)));
  if (!row) throw new ConnectionUnavailableError("The connection no longer exists");
  const connected = outcome.status === "connected";
  const message = connected ? (outcome.accountName ? `Connected as ${outcome.accountName}` : outcome.message) : outcome.message;
  await db
    .update(connections)
    .set({
      // A deactivated connection stays deactivated whatever the test says.
      status: row.status === "disabled" ? "disabled" : connected ? "connected" : "failed",
      lastTestedAt: new Date(),
      lastTestResult: outcome.status,
      lastTestMessage: message.slice(0, 1000),
      memory: { ...row.memory, ...(outcome.remember ?? {}) },
    })
    .where(and(eq(connections.partnerId, partnerId), eq(connections.id, connectionId)));
  await recordActivity(db, {
    partnerId,
    connectionId,
    platform,
    level: connected ? "success" : "error",
    message: connected ? `Connection "${row.name}" works: ${message}` : `Connection "${row.name}" test failed (${outcome.status}): ${message}`,
  });
  return { ...outcome, message, platform };
}
