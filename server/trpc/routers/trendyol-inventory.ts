import { desc, and, eq } from "drizzle-orm";
import { z } from "zod";
import { platformBatches } from "@/db/schema";
import { enqueueJob } from "@/server/jobs/enqueue";
import { getConnection } from "@/server/services/connections";
import { STOCK_PRICE_BATCH_KIND } from "@/server/sync/trendyol/stock-price";
import { notFound, partnerProcedure, router } from "../init";

const byConnection = z.object({ connectionId: z.uuid() });

export const trendyolInventoryRouter = router({
  /** Push now: the changed stock and prices of one Trendyol connection (reconcile: compare with Trendyol first). */
  pushNow: partnerProcedure.input(byConnection.extend({ reconcile: z.boolean().optional() })).mutation(async ({ ctx, input }) => {
    const connection = await getConnection(ctx.db, ctx.partnerId, input.connectionId);
    if (!connection || connection.platform !== "trendyol") notFound("Connection not found");
    const { jobId } = await enqueueJob(ctx.db, {
      type: "trendyol-stock-price",
      partnerId: ctx.partnerId,
      connectionId: input.connectionId,
      data: input.reconcile ? { reconcile: true } : {},
    });
    return { jobId };
  }),
  /** The connection's latest stock-price batches with their state. */
  batches: partnerProcedure.input(byConnection).query(({ ctx, input }) =>
    ctx.db
      .select({
        id: platformBatches.id,
        externalBatchId: platformBatches.externalBatchId,
        status: platformBatches.status,
        itemCount: platformBatches.itemCount,
        failedCount: platformBatches.failedCount,
        submittedAt: platformBatches.submittedAt,
        finishedAt: platformBatches.finishedAt,
        resultsExpireAt: platformBatches.resultsExpireAt,
      })
      .from(platformBatches)
      .where(and(eq(platformBatches.partnerId, ctx.partnerId), eq(platformBatches.connectionId, input.connectionId), eq(platformBatches.kind, STOCK_PRICE_BATCH_KIND)))
      .orderBy(desc(platformBatches.submittedAt))
      .limit(50),
  ),
});
