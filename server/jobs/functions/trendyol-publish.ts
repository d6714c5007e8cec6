import { ConnectionUnavailableError } from "@/server/sync/connection-context";
import {
  archiveTrendyolListings,
  deleteTrendyolListings,
  pollTrendyolProductBatches,
  PublishInputError,
  refreshTrendyolApproval,
  submitTrendyolPublish,
  type PollOutcome,
  type PublishSubmitted,
} from "@/server/sync/trendyol/publish";
import { defineJob, NonRetriableError, type JobContext, type JobStep } from "../define";
import { trendyolBatchPollRequested, trendyolPublishRequested } from "../events";
import type { Db } from "@/db/client";

/** Waits between polls: 1 s, 2 s, 4 s … up to 30 s; Trendyol keeps results 4 hours, so ~500 polls is the most useful. */
const pollDelayMs = (i: number) => Math.min(30_000, 1000 * 2 ** Math.min(i, 5));
const MAX_POLLS = 500;

async function nonRetriable<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ConnectionUnavailableError || err instanceof PublishInputError) throw new NonRetriableError(err.message);
    throw err;
  }
}

/** Polls until every batch given (or every open batch of the connection) is answered; progress is per item. */
async function pollUntilDone(
  db: Db,
  step: JobStep,
  job: JobContext,
  ids: { partnerId: string; connectionId: string },
  opts: { batchIds?: string[]; total: number },
): Promise<Omit<PollOutcome, "pending">> {
  const sum = { completed: 0, expired: 0, succeededItems: 0, failedItems: 0 };
  for (let i = 0; ; i++) {
    const r = await step.run(`poll-${i}`, () =>
      nonRetriable(() => pollTrendyolProductBatches(db, ids.partnerId, ids.connectionId, { batchIds: opts.batchIds, reporter: job })),
    );
    sum.completed += r.completed;
    sum.expired += r.expired;
    sum.succeededItems += r.succeededItems;
    sum.failedItems += r.failedItems;
    await job.progress(Math.min(opts.total, sum.succeededItems + sum.failedItems), opts.total);
    if (r.pending === 0) return sum;
    if (i >= MAX_POLLS) throw new NonRetriableError(`Trendyol was still processing ${r.pending} batches after ${MAX_POLLS} polls`);
    await step.sleep(`wait-${i}`, pollDelayMs(i));
  }
}

/**
 * Publishes the catalog to Trendyol (or archives / deletes listed variants), then polls each batch until Trendyol
 * has answered every item and reads back which products are approved, pending or rejected.
 */
export const trendyolPublish = defineJob({
  id: "trendyol-publish",
  event: trendyolPublishRequested,
  retries: 3,
  concurrency: { key: "connection", limit: 1 },
  async handler({ event, step, job, db }) {
    const { partnerId, connectionId, maxItems, batchSize, productIds, variantIds } = event.data;
    const action = event.data.action ?? "publish";
    const mode = event.data.mode ?? "full";
    const submitted: PublishSubmitted = await step.run("submit", () =>
      nonRetriable(async () => {
        if (action === "publish") return submitTrendyolPublish(db, partnerId, connectionId, { mode, maxItems, batchSize, productIds }, { jobId: job.id, reporter: job });
        const ids = variantIds ?? [];
        const r =
          action === "delete"
            ? await deleteTrendyolListings(db, partnerId, connectionId, ids, { jobId: job.id, batchSize })
            : await archiveTrendyolListings(db, partnerId, connectionId, ids, action === "archive", { jobId: job.id, batchSize });
        return { created: 0, updated: r.sent, unchanged: 0, skipped: 0, inFlight: 0, sent: r.sent, requests: r.batchIds.length, batchIds: r.batchIds };
      }),
    );
    const polled = await pollUntilDone(db, step, job, { partnerId, connectionId }, { batchIds: submitted.batchIds, total: submitted.sent });
    const approval = await step.run("read-approval", () => nonRetriable(() => refreshTrendyolApproval(db, partnerId, connectionId, { onlyUnsettled: true })));
    await job.progress(submitted.sent, submitted.sent);
    const result = {
      action,
      mode,
      created: submitted.created,
      updated: submitted.updated,
      unchanged: submitted.unchanged,
      skipped: submitted.skipped,
      inFlight: submitted.inFlight,
      succeeded: polled.succeededItems,
      failed: polled.failedItems,
      requests: submitted.requests,
      batches: submitted.batchIds.length,
      expiredBatches: polled.expired,
      approval,
    };
    await job.log(
      polled.failedItems ? "warn" : "info",
      `Trendyol ${action}: ${result.created} new, ${result.updated} updated, ${result.unchanged} unchanged, ${result.skipped} skipped; ${result.failed} failed on Trendyol; ${approval.pending} pending approval, ${approval.rejected} rejected`,
    );
    return result;
  },
});

/** Polls every open product batch of a connection (after a restart, or on demand) and reads back approval. */
export const trendyolBatchPoll = defineJob({
  id: "trendyol-batch-poll",
  event: trendyolBatchPollRequested,
  retries: 3,
  concurrency: { key: "connection", limit: 1 },
  async handler({ event, step, job, db }) {
    const { partnerId, connectionId } = event.data;
    const polled = await pollUntilDone(db, step, job, { partnerId, connectionId }, { total: 0 });
    const approval = await step.run("read-approval", () => nonRetriable(() => refreshTrendyolApproval(db, partnerId, connectionId)));
    await job.log("info", `Trendyol batches: ${polled.completed} finished, ${polled.expired} expired; ${polled.succeededItems} items succeeded, ${polled.failedItems} failed`);
    return { ...polled, failed: polled.failedItems, succeeded: polled.succeededItems, approval };
  },
});
