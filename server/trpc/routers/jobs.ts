import { z } from "zod";
import { getJob, listJobs } from "@/server/jobs/queries";
import { notFound, partnerProcedure, router } from "../init";

export const jobsRouter = router({
  list: partnerProcedure
    .input(
      z
        .object({
          limit: z.number().int().min(1).max(200).default(50),
          connectionId: z.uuid().optional(),
          state: z.enum(["queued", "running", "retrying", "succeeded", "failed", "cancelled"]).optional(),
        })
        .default({ limit: 50 }),
    )
    .query(({ ctx, input }) => listJobs(ctx.db, ctx.partnerId, input)),
  get: partnerProcedure
    .input(z.object({ id: z.uuid() }))
    .query(async ({ ctx, input }) => (await getJob(ctx.db, ctx.partnerId, input.id)) ?? notFound("Job not found")),
});
