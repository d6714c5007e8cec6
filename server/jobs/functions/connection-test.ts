import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { activityLog, connections } from "@/db/schema";
import { recordActivity } from "@/server/services/activity";
import { defineJob, NonRetriableError } from "../define";
import { connectionTestRequested } from "../events";

export const TEST_UNAVAILABLE_MESSAGE = "Connection testing is not available yet";
export const TEST_UNAVAILABLE_ACTIVITY = "Connection test is not available yet";

/**
 * Testing a connection for real arrives with the platform adapters. Until then the Test button records honestly
 * that it could not test: the connection keeps its status, and its last test says "unavailable".
 * (A plain service: it belongs with the connection services once they take over testing.)
 */
export async function recordConnectionTestUnavailable(db: Db, partnerId: string, connectionId: string, now = new Date()) {
  const [connection] = await db
    .update(connections)
    .set({ lastTestedAt: now, lastTestResult: "unavailable", lastTestMessage: TEST_UNAVAILABLE_MESSAGE })
    .where(and(eq(connections.id, connectionId), eq(connections.partnerId, partnerId)))
    .returning({ id: connections.id, platform: connections.platform, name: connections.name });
  return connection ?? null;
}

export const connectionTest = defineJob({
  id: "connection-test",
  event: connectionTestRequested,
  retries: 3,
  concurrency: { key: "connection", limit: 1 },
  async handler({ event, step, job, db }) {
    const { partnerId, connectionId, jobId } = event.data;
    const connection = await step.run("record-test-result", async () => {
      const updated = await recordConnectionTestUnavailable(db, partnerId, connectionId);
      if (!updated) throw new NonRetriableError("The connection no longer exists");
      return updated;
    });
    // Its own step so the activity entry and log line are written once, however often the job is retried.
    await step.run("record-activity", async () => {
      const already = await db
        .select({ id: activityLog.id })
        .from(activityLog)
        .where(and(eq(activityLog.partnerId, partnerId), eq(activityLog.jobId, jobId), eq(activityLog.message, TEST_UNAVAILABLE_ACTIVITY)))
        .limit(1);
      if (already.length > 0) return;
      await recordActivity(db, {
        partnerId,
        level: "info",
        message: TEST_UNAVAILABLE_ACTIVITY,
        connectionId,
        platform: connection.platform,
        jobId,
      });
      await job.log("info", `${TEST_UNAVAILABLE_MESSAGE}: ${connection.name} (${connection.platform}) was not tested`);
    });
    await job.progress(1, 1);
    return { outcome: "unavailable" as const };
  },
});
