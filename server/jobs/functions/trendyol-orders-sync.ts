import { PlatformError } from "@/server/platforms/errors";
import { ConnectionUnavailableError } from "@/server/sync/connection-context";
import { syncTrendyolPackages } from "@/server/sync/trendyol/orders";
import { defineJob, NonRetriableError } from "../define";
import { trendyolOrdersSyncRequested } from "../events";

/** A targeted sync: the named shipment packages fetched by id and stored (webhook events start it). */
export const trendyolOrdersSync = defineJob({
  id: "trendyol-orders-sync",
  event: trendyolOrdersSyncRequested,
  retries: 5,
  concurrency: { key: "connection", limit: 1 },
  async handler({ event, step, job, db }) {
    const { partnerId, connectionId, packageIds } = event.data;
    const result = await step.run("sync", async () => {
      try {
        const r = await syncTrendyolPackages(db, partnerId, connectionId, packageIds);
        return { counts: r.counts, outcomes: r.outcomes.map((o) => ({ packageId: o.packageId, outcome: o.outcome })), missing: r.missing };
      } catch (err) {
        if (err instanceof ConnectionUnavailableError) throw new NonRetriableError(err.message);
        if (err instanceof PlatformError && !err.retriable) throw new NonRetriableError(err.message);
        throw err;
      }
    });
    for (const o of result.outcomes) await job.item(o.packageId, "succeeded", o.outcome);
    for (const id of result.missing) await job.item(id, "skipped", "Trendyol did not return this package (older than two weeks or another seller's)");
    await job.progress(packageIds.length, packageIds.length);
    return { ...result.counts, missing: result.missing.length };
  },
});
