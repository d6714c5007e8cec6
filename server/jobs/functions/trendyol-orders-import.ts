import { PlatformError } from "@/server/platforms/errors";
import { ConnectionUnavailableError } from "@/server/sync/connection-context";
import { importTrendyolOrders } from "@/server/sync/trendyol/orders";
import { defineJob, NonRetriableError } from "../define";
import { trendyolOrdersImportRequested } from "../events";

/** Imports every Trendyol package modified since the connection's watermark (the stream cursor endpoint). */
export const trendyolOrdersImport = defineJob({
  id: "trendyol-orders-import",
  event: trendyolOrdersImportRequested,
  retries: 3,
  concurrency: { key: "connection", limit: 1 },
  async handler({ event, step, job, db }) {
    const { partnerId, connectionId } = event.data;
    const result = await step.run("import", async () => {
      try {
        return await importTrendyolOrders(db, partnerId, connectionId, { onPage: (c) => job.progress(c.fetched) });
      } catch (err) {
        if (err instanceof ConnectionUnavailableError) throw new NonRetriableError(err.message);
        if (err instanceof PlatformError && !err.retriable) throw new NonRetriableError(err.message);
        throw err;
      }
    });
    await job.log(
      "info",
      `Trendyol orders: ${result.fetched} packages in ${result.pages} pages (${result.created} new, ${result.updated} updated, ${result.unchanged} unchanged, ${result.stale} older than stored)`,
    );
    await job.progress(result.fetched, result.fetched);
    return result;
  },
});
