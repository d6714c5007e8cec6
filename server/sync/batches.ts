/**
 * Asynchronous platform batches (Trendyol's batchRequestId, for any kind: stock-price, create-products, …), tracked
 * in `platform_batches` until the platform reports every item, whose outcome is then written onto its listing.
 *
 * The whole API:
 * - `recentBodySubmission(db, …)`: was this exact body (its SHA-256) already sent within a window? Trendyol refuses
 *   an identical stock/price body for 15 minutes, so such a body is never sent twice.
 * - `recordBatch(db, …)`: after the platform accepted a request: stores the batch with its body hash, the plan
 *   (item key → listing + the listing values to write when that item is accepted) and when results expire, and
 *   points each listing's `lastBatchId` at it.
 * - `pollBatches(db, scope, fetchReport)`: one pass over the connection's unfinished batches: asks the platform
 *   (your `fetchReport`), and for a finished batch writes every item onto its listing (accepted: `lastError`
 *   cleared, the plan's values, `lastPushedAt`; failed: `lastError` = the platform's reasons, values untouched so
 *   the next run sends it again), marks it `completed`, and marks `expired` a batch whose results the platform
 *   no longer keeps. Call it again (after a pause) while `pending > 0`.
 * - `writeListingErrors(db, …)`: per-item errors found before sending (never sent), onto the listings.
 */
import { and, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { listings, platformBatches } from "@/db/schema";

/** Listing columns a batch may set when an item is accepted. */
export interface ListingAcceptedValues {
  status?: (typeof listings.$inferSelect)["status"];
  contentHash?: string | null;
  externalProductId?: string | null;
  externalVariantId?: string | null;
  pushedQuantity?: number | null;
  /** Decimal as text, e.g. "199.90". */
  pushedSalePrice?: string | null;
  pushedListPrice?: string | null;
}

/** One item of a submitted batch: `key` is how the platform names it in the result (Trendyol: the barcode). */
export interface BatchPlanItem {
  key: string;
  listingId: string;
  /** What the Jobs page shows for the item (the SKU). */
  ref: string;
  onAccepted: ListingAcceptedValues;
  /** Listing status to set when the platform refuses the item (default: leave the status). */
  onFailedStatus?: (typeof listings.$inferSelect)["status"];
}

export interface BatchScope {
  partnerId: string;
  connectionId: string;
}

export interface RecordBatchInput extends BatchScope {
  platform: string;
  kind: string;
  externalBatchId: string;
  bodyHash: string;
  items: BatchPlanItem[];
  /** How long the platform keeps the results after submission (Trendyol: 4 hours). */
  resultsRetentionMs: number;
  jobId?: string | null;
}

/** What the platform said about one batch (e.g. Trendyol's parseBatchResult). */
export interface BatchReport {
  done: boolean;
  items: Array<{ key: string; ok: boolean; reasons: string[] }>;
}

/** Returns the platform's report, or `"gone"` when the platform no longer knows the batch (results expired). */
export type FetchBatchReport = (externalBatchId: string) => Promise<BatchReport | "gone">;

export interface FailedBatchItem {
  batchId: string;
  externalBatchId: string;
  listingId: string;
  ref: string;
  reasons: string[];
}

export interface PollSummary {
  /** Still processing on the platform: poll again later. */
  pending: number;
  completed: number;
  expired: number;
  accepted: number;
  failed: FailedBatchItem[];
}

interface StoredPlan {
  plan: BatchPlanItem[];
  accepted?: number;
  failed?: number;
}

/** When this exact body was last submitted for (connection, kind) within `withinMs`, else null. */
export async function recentBodySubmission(db: Db, input: BatchScope & { kind: string; bodyHash: string; withinMs: number; now?: Date }): Promise<Date | null> {
  const since = new Date((input.now ?? new Date()).getTime() - input.withinMs);
  const [row] = await db
    .select({ at: platformBatches.submittedAt })
    .from(platformBatches)
    .where(
      and(
        eq(platformBatches.partnerId, input.partnerId),
        eq(platformBatches.connectionId, input.connectionId),
        eq(platformBatches.kind, input.kind),
        eq(platformBatches.bodyHash, input.bodyHash),
        gt(platformBatches.submittedAt, since),
      ),
    )
    .orderBy(sql`${platformBatches.submittedAt} desc`)
    .limit(1);
  return row?.at ?? null;
}

/** Stores a batch the platform accepted and links its listings to it; returns the batch row id. */
export async function recordBatch(db: Db, input: RecordBatchInput): Promise<string> {
  const now = new Date();
  const [row] = await db
    .insert(platformBatches)
    .values({
      partnerId: input.partnerId,
      connectionId: input.connectionId,
      platform: input.platform,
      kind: input.kind,
      externalBatchId: input.externalBatchId,
      bodyHash: input.bodyHash,
      itemCount: input.items.length,
      status: "submitted",
      jobId: input.jobId ?? null,
      result: { plan: input.items } satisfies StoredPlan as unknown as Record<string, unknown>,
      submittedAt: now,
      resultsExpireAt: new Date(now.getTime() + input.resultsRetentionMs),
    })
    .returning({ id: platformBatches.id });
  const ids = input.items.map((i) => i.listingId);
  if (ids.length) {
    await db
      .update(listings)
      .set({ lastBatchId: input.externalBatchId, updatedAt: now })
      .where(and(eq(listings.partnerId, input.partnerId), eq(listings.connectionId, input.connectionId), inArray(listings.id, ids)));
  }
  return row!.id;
}

/**
 * One pass over the unfinished batches of one kind of a connection (or only the given batch row ids): finished ones
 * are applied to their listings, expired ones marked. Safe to repeat: a batch is applied once. `kind` is required
 * because only batches recorded by `recordBatch` carry the plan this reads.
 */
export async function pollBatches(db: Db, scope: BatchScope & { kind: string; batchIds?: string[] }, fetchReport: FetchBatchReport): Promise<PollSummary> {
  const summary: PollSummary = { pending: 0, completed: 0, expired: 0, accepted: 0, failed: [] };
  const now = new Date();
  const open = await db
    .select()
    .from(platformBatches)
    .where(
      and(
        eq(platformBatches.partnerId, scope.partnerId),
        eq(platformBatches.connectionId, scope.connectionId),
        eq(platformBatches.status, "submitted"),
        eq(platformBatches.kind, scope.kind),
        scope.batchIds ? inArray(platformBatches.id, scope.batchIds.length ? scope.batchIds : ["00000000-0000-0000-0000-000000000000"]) : undefined,
      ),
    )
    .orderBy(platformBatches.submittedAt);

  for (const batch of open) {
    const externalId = batch.externalBatchId ?? "";
    const expiredByClock = batch.resultsExpireAt !== null && batch.resultsExpireAt < now;
    const report = expiredByClock ? "gone" : await fetchReport(externalId);
    if (report === "gone") {
      // The listings keep their last accepted values, so the next run sends these items again.
      await db
        .update(platformBatches)
        .set({ status: "expired", finishedAt: now })
        .where(and(eq(platformBatches.partnerId, scope.partnerId), eq(platformBatches.id, batch.id), eq(platformBatches.status, "submitted")));
      summary.expired++;
      continue;
    }
    if (!report.done) {
      summary.pending++;
      continue;
    }
    const plan = ((batch.result ?? {}) as unknown as StoredPlan).plan ?? [];
    const outcomes = new Map(report.items.map((i) => [i.key, i]));
    const accepted: BatchPlanItem[] = [];
    const failed: Array<BatchPlanItem & { reasons: string[] }> = [];
    for (const item of plan) {
      const outcome = outcomes.get(item.key);
      if (outcome?.ok) accepted.push(item);
      // An item the platform did not report is not assumed accepted: it is reported and sent again next run.
      else failed.push({ ...item, reasons: outcome ? (outcome.reasons.length ? outcome.reasons : ["Refused without a reason"]) : ["Missing from the batch result"] });
    }
    // Claim the batch first, so that two pollers never apply it twice.
    const claimed = await db
      .update(platformBatches)
      .set({
        status: "completed",
        finishedAt: now,
        failedCount: failed.length,
        result: { plan, accepted: accepted.length, failed: failed.length } satisfies StoredPlan as unknown as Record<string, unknown>,
      })
      .where(and(eq(platformBatches.partnerId, scope.partnerId), eq(platformBatches.id, batch.id), eq(platformBatches.status, "submitted")))
      .returning({ id: platformBatches.id });
    if (!claimed.length) continue;
    await applyAccepted(db, scope, externalId, accepted, now);
    await applyFailed(db, scope, externalId, failed, now);
    summary.completed++;
    summary.accepted += accepted.length;
    for (const f of failed) summary.failed.push({ batchId: batch.id, externalBatchId: externalId, listingId: f.listingId, ref: f.ref, reasons: f.reasons });
  }
  return summary;
}

/** Per-item errors found before sending (the item was not sent): onto the listings, values untouched. */
export async function writeListingErrors(db: Db, scope: BatchScope, errors: ReadonlyArray<{ listingId: string; message: string }>): Promise<void> {
  for (let i = 0; i < errors.length; i += 1000) {
    const rows = errors.slice(i, i + 1000).map((e) => ({ id: e.listingId, error: e.message }));
    await db.execute(sql`
      update listings l set last_error = x.error, updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, error text)
      where l.id = x.id and l.partner_id = ${scope.partnerId} and l.connection_id = ${scope.connectionId}
        and l.last_error is distinct from x.error`);
  }
}

/** Accepted items: one statement per 1000, only if the listing still points at this batch (a newer push wins). */
async function applyAccepted(db: Db, scope: BatchScope, externalBatchId: string, items: BatchPlanItem[], now: Date) {
  for (let i = 0; i < items.length; i += 1000) {
    const rows = items.slice(i, i + 1000).map((it) => ({ id: it.listingId, v: it.onAccepted }));
    await db.execute(sql`
      update listings l set
        last_error = null,
        last_pushed_at = ${now.toISOString()}::timestamptz,
        updated_at = now(),
        status = coalesce((x.v->>'status')::listing_status, l.status),
        content_hash = case when x.v ? 'contentHash' then x.v->>'contentHash' else l.content_hash end,
        external_product_id = case when x.v ? 'externalProductId' then x.v->>'externalProductId' else l.external_product_id end,
        external_variant_id = case when x.v ? 'externalVariantId' then x.v->>'externalVariantId' else l.external_variant_id end,
        pushed_quantity = case when x.v ? 'pushedQuantity' then (x.v->>'pushedQuantity')::integer else l.pushed_quantity end,
        pushed_sale_price = case when x.v ? 'pushedSalePrice' then (x.v->>'pushedSalePrice')::numeric else l.pushed_sale_price end,
        pushed_list_price = case when x.v ? 'pushedListPrice' then (x.v->>'pushedListPrice')::numeric else l.pushed_list_price end
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, v jsonb)
      where l.id = x.id and l.partner_id = ${scope.partnerId} and l.connection_id = ${scope.connectionId}
        and l.last_batch_id = ${externalBatchId}`);
  }
}

async function applyFailed(db: Db, scope: BatchScope, externalBatchId: string, items: Array<BatchPlanItem & { reasons: string[] }>, now: Date) {
  for (let i = 0; i < items.length; i += 1000) {
    const rows = items.slice(i, i + 1000).map((it) => ({ id: it.listingId, error: it.reasons.join("; "), status: it.onFailedStatus ?? null }));
    await db.execute(sql`
      update listings l set last_error = x.error, updated_at = ${now.toISOString()}::timestamptz,
        status = coalesce(x.status::listing_status, l.status)
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, error text, status text)
      where l.id = x.id and l.partner_id = ${scope.partnerId} and l.connection_id = ${scope.connectionId}
        and l.last_batch_id = ${externalBatchId}`);
  }
}
