import type { Db } from "@/db/client";
import { enqueueJob } from "@/server/jobs/enqueue";
import { activeTrendyolConnectionsForStock } from "./stock-price";

/**
 * After catalog edits: one push per active Trendyol connection of the partner. Edits within the same `debounceMs`
 * share one job (the idempotency key is the time slot), so ten edits of a SKU in a row make one push of the last value.
 * (Not in the job's own file: the catalog router imports this, and the job list must not be imported half-built.)
 */
export async function enqueueTrendyolStockPriceAfterEdit(db: Db, partnerId: string, debounceMs = 60_000) {
  const slot = Math.floor(Date.now() / debounceMs);
  const jobIds: string[] = [];
  for (const c of await activeTrendyolConnectionsForStock(db, partnerId)) {
    const r = await enqueueJob(db, { type: "trendyol-stock-price", partnerId, connectionId: c.id, data: {}, idempotencyKey: `catalog:${c.id}:${slot}` });
    jobIds.push(r.jobId);
  }
  return jobIds;
}
