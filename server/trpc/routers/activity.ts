import { z } from "zod";
import { listActivity } from "@/server/services/activity";
import { partnerProcedure, router } from "../init";

export const activityRouter = router({
  list: partnerProcedure
    .input(
      z.object({
        level: z.enum(["success", "error", "info"]).optional(),
        platform: z.string().max(40).optional(),
        connectionId: z.uuid().optional(),
        from: z.coerce.date().optional(),
        to: z.coerce.date().optional(),
        limit: z.number().int().min(1).max(500).default(100),
        beforeId: z.number().int().positive().optional(),
      }),
    )
    .query(({ ctx, input }) => listActivity(ctx.db, ctx.partnerId, input)),
});
