import { ConnectionUnavailableError } from "@/server/sync/connection-context";
import { runConnectionTest } from "@/server/sync/connection-test";
import { defineJob, NonRetriableError } from "../define";
import { connectionTestRequested } from "../events";

/**
 * The Test button: calls a cheap authenticated endpoint of the platform and records the outcome on the
 * connection (status, time, the platform's own message). A failed test is a result, not a job failure.
 */
export const connectionTest = defineJob({
  id: "connection-test",
  event: connectionTestRequested,
  retries: 3,
  concurrency: { key: "connection", limit: 1 },
  async handler({ event, step, job, db }) {
    const { partnerId, connectionId } = event.data;
    const outcome = await step.run("test-connection", async () => {
      try {
        return await runConnectionTest(db, partnerId, connectionId);
      } catch (err) {
        if (err instanceof ConnectionUnavailableError) throw new NonRetriableError(err.message);
        throw err;
      }
    });
    await job.log(outcome.status === "connected" ? "info" : "warn", `${outcome.platform}: ${outcome.status}: ${outcome.message}`);
    await job.item(connectionId, outcome.status === "connected" ? "succeeded" : "failed", outcome.message);
    await job.progress(1, 1);
    return { outcome: outcome.status, message: outcome.message };
  },
});
