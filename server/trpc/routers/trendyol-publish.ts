import { z } from "zod";
import { enqueueJob } from "@/server/jobs/enqueue";
import { getConnection } from "@/server/services/connections";
import { listingStatusCounts, listTrendyolBatches, listTrendyolListings } from "@/server/sync/trendyol/publish";
import type { Db } from "@/db/client";
import { notFound, partnerProcedure, router } from "../init";

const byConnection = z.object({ connectionId: z.uuid() });
const LISTING_STATUSES = ["draft", "pending", "active", "rejected", "archived", "deleted", "error"] as const;

/** The partner's own Trendyol connection, or NOT_FOUND (another partner's id reads as absent). */
async function trendyolConnection(db: Db, partnerId: string, connectionId: string) {
  const connection = await getConnection(db, partnerId, connectionId);
  if (!connection || connection.platform !== "trendyol") notFound("Connection not found");
  return connection;
}

export const trendyolPublishRouter = router({
  /** Starts a publishing run (test: 5 items, full: everything that changed); the page follows the job. */
  start: partnerProcedure
    .input(byConnection.extend({ mode: z.enum(["test", "full"]), productIds: z.array(z.uuid()).max(1000).optional() }))
    .mutation(async ({ ctx, input }) => {
      await trendyolConnection(ctx.db, ctx.partnerId, input.connectionId);
      return enqueueJob(ctx.db, {
        type: "trendyol-publish",
        partnerId: ctx.partnerId,
        connectionId: input.connectionId,
        data: { action: "publish", mode: input.mode, ...(input.productIds ? { productIds: input.productIds } : {}) },
      });
    }),
  /** Archive, unarchive or delete listed variants on Trendyol. */
  changeState: partnerProcedure
    .input(byConnection.extend({ action: z.enum(["archive", "unarchive", "delete"]), variantIds: z.array(z.uuid()).min(1).max(10_000) }))
    .mutation(async ({ ctx, input }) => {
      await trendyolConnection(ctx.db, ctx.partnerId, input.connectionId);
      return enqueueJob(ctx.db, {
        type: "trendyol-publish",
        partnerId: ctx.partnerId,
        connectionId: input.connectionId,
        data: { action: input.action, variantIds: input.variantIds },
      });
    }),
  /** Polls the connection's open batches and reads back approval (rejected products and their reasons). */
  refresh: partnerProcedure.input(byConnection).mutation(async ({ ctx, input }) => {
    await trendyolConnection(ctx.db, ctx.partnerId, input.connectionId);
    return enqueueJob(ctx.db, { type: "trendyol-batch-poll", partnerId: ctx.partnerId, connectionId: input.connectionId, data: {} });
  }),
  listings: partnerProcedure
    .input(
      byConnection.extend({
        status: z.enum(LISTING_STATUSES).optional(),
        failedOnly: z.boolean().optional(),
        search: z.string().trim().max(100).optional(),
        limit: z.number().int().min(1).max(500).default(100),
        offset: z.number().int().min(0).default(0),
      }),
    )
    .query(async ({ ctx, input }) => {
      await trendyolConnection(ctx.db, ctx.partnerId, input.connectionId);
      const { connectionId, ...filter } = input;
      const [rows, counts] = await Promise.all([
        listTrendyolListings(ctx.db, ctx.partnerId, connectionId, { ...filter, search: filter.search || undefined }),
        listingStatusCounts(ctx.db, ctx.partnerId, connectionId),
      ]);
      return { rows, counts };
    }),
  batches: partnerProcedure.input(byConnection.extend({ batchId: z.string().max(200).optional() })).query(async ({ ctx, input }) => {
    await trendyolConnection(ctx.db, ctx.partnerId, input.connectionId);
    return listTrendyolBatches(ctx.db, ctx.partnerId, input.connectionId, { batchId: input.batchId });
  }),
});
