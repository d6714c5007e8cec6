import { log } from "@/server/log";
import { ConnectionUnavailableError } from "@/server/sync/connection-context";
import { activeTrendyolConnectionsForStock, pushStockAndPrice, settleStockPrice } from "@/server/sync/trendyol/stock-price";
import { defineJob, NonRetriableError, type JobContext } from "../define";
import { enqueueJob } from "../enqueue";
import { trendyolStockPriceRequested } from "../events";

/** Pauses between batch polls: Trendyol usually finishes within seconds, results are kept 4 hours. */
const POLL_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 600_000, 600_000];
/** Items reported one by one on the Jobs page; beyond this a count in the log. */
const MAX_REPORTED_ITEMS = 500;

async function reportItems(job: JobContext, items: Array<{ ref: string; message: string }>, what: string) {
  for (const it of items.slice(0, MAX_REPORTED_ITEMS)) await job.item(it.ref, "failed", it.message);
  if (items.length > MAX_REPORTED_ITEMS) await job.log("warn", `${items.length - MAX_REPORTED_ITEMS} more ${what} not listed one by one`);
}

/**
 * Pushes a connection's changed stock and prices to Trendyol, then polls the batches until Trendyol reports every
 * item, writing each outcome onto its listing. A refused item keeps its last accepted values, so the next run sends
 * it again. Batches left unfinished (a retry, a crash) are settled at the start of the next run.
 */
export const trendyolStockPrice = defineJob({
  id: "trendyol-stock-price",
  event: trendyolStockPriceRequested,
  retries: 3,
  concurrency: { key: "connection", limit: 1 },
  async handler({ event, step, job, db }) {
    const { partnerId, connectionId, jobId, reconcile } = event.data;
    const guard = async <T>(fn: () => Promise<T>) => {
      try {
        return await fn();
      } catch (err) {
        if (err instanceof ConnectionUnavailableError) throw new NonRetriableError(err.message);
        throw err;
      }
    };
    // Outcomes of earlier runs first, so that the delta below is taken against what Trendyol accepted.
    await step.run("settle-earlier", () => guard(() => settleStockPrice(db, partnerId, connectionId).then((s) => ({ pending: s.pending, failed: s.failed.length }))));
    const pushed = await step.run("push", () =>
      guard(async () => {
        const r = await pushStockAndPrice(db, partnerId, connectionId, { jobId, reconcile });
        const refusals = [
          ...r.invalid.map((e) => ({ ref: e.sku, message: e.message })),
          ...r.refused.map((e) => ({ ref: e.sku, message: e.message })),
        ];
        return { ...r, invalid: undefined, refused: undefined, invalidCount: r.invalid.length, refusedCount: r.refused.length, refusals: refusals.slice(0, MAX_REPORTED_ITEMS + 1) };
      }),
    );
    await reportItems(job, pushed.refusals, "items not sent");
    await job.log(
      "info",
      `${reconcile ? `Reconcile: ${pushed.drifted ?? 0} listings drifted on Trendyol. ` : ""}${pushed.changed} changed, ${pushed.itemsSent} sent in ${pushed.requests} requests, ` +
        `${pushed.invalidCount} not sendable, ${pushed.heldBackDuplicate} held back (identical body within 15 minutes)`,
    );

    let accepted = 0;
    let failed = 0;
    let pending = pushed.batchIds.length;
    let expired = 0;
    for (let i = 0; pending > 0 && i <= POLL_DELAYS_MS.length; i++) {
      if (i > 0) await step.sleep(`wait-${i}`, POLL_DELAYS_MS[i - 1]!);
      const s = await step.run(`settle-${i}`, () =>
        guard(async () => {
          const r = await settleStockPrice(db, partnerId, connectionId, { batchIds: pushed.batchIds });
          return { pending: r.pending, expired: r.expired, accepted: r.accepted, failed: r.failed.map((f) => ({ ref: f.ref, message: f.reasons.join("; ") })) };
        }),
      );
      pending = s.pending;
      expired += s.expired;
      accepted += s.accepted;
      failed += s.failed.length;
      await reportItems(job, s.failed, "refused items");
      await job.progress(pushed.batchIds.length - pending, pushed.batchIds.length);
    }
    if (pending > 0) await job.log("warn", `${pending} batches still processing on Trendyol; the next run settles them`);
    if (expired > 0) await job.log("warn", `${expired} batches expired before their results were read; their items are sent again next run`);
    if (!pushed.batchIds.length) await job.progress(1, 1);
    return {
      changed: pushed.changed,
      sent: pushed.itemsSent,
      requests: pushed.requests,
      accepted,
      failed: failed + pushed.invalidCount + pushed.refusedCount,
      heldBack: pushed.heldBackDuplicate,
      pending,
      ...(reconcile ? { drifted: pushed.drifted ?? 0 } : {}),
    };
  },
});

/** Enqueues a stock-price job per active Trendyol connection, once per slot. */
async function enqueueForAll(db: Parameters<typeof activeTrendyolConnectionsForStock>[0], label: string, slotMs: number, reconcile: boolean) {
  const slot = Math.floor(Date.now() / slotMs);
  let queued = 0;
  for (const c of await activeTrendyolConnectionsForStock(db)) {
    try {
      const r = await enqueueJob(db, {
        type: "trendyol-stock-price",
        partnerId: c.partnerId,
        connectionId: c.id,
        data: reconcile ? { reconcile: true } : {},
        idempotencyKey: `${label}:${c.id}:${slot}`,
      });
      if (r.created) queued++;
    } catch (err) {
      log.error("Could not queue a Trendyol stock and price push", { connectionId: c.id, error: (err as Error).message });
    }
  }
  return { queued };
}


/** Every 15 minutes (Trendyol's duplicate-body window): the delta push for every active Trendyol connection. */
export const trendyolStockPriceSchedule = defineJob({
  id: "trendyol-stock-price-schedule",
  cron: "*/15 * * * *",
  retries: 2,
  async handler({ step, db }) {
    return step.run("enqueue-pushes", () => enqueueForAll(db, "schedule", 15 * 60_000, false));
  },
});

/** Daily at 04:30 UTC: compare Trendyol's stock and prices with the catalog and fix what drifted. */
export const trendyolStockPriceReconcile = defineJob({
  id: "trendyol-stock-price-reconcile",
  cron: "30 4 * * *",
  retries: 2,
  async handler({ step, db }) {
    return step.run("enqueue-reconciles", () => enqueueForAll(db, "reconcile", 24 * 3_600_000, true));
  },
});
