import { z } from "zod";
import { listWebhookEvents } from "@/server/services/webhooks";
import { replayWebhook } from "@/server/webhooks/intake";
import { notFound, partnerProcedure, router } from "../init";

export const webhooksRouter = router({
  list: partnerProcedure
    .input(
      z.object({
        connectionId: z.uuid().optional(),
        verified: z.boolean().optional(),
        limit: z.number().int().min(1).max(200).default(50),
        before: z.coerce.date().optional(),
      }),
    )
    .query(({ ctx, input }) => listWebhookEvents(ctx.db, ctx.partnerId, input)),
  /** Runs a stored, verified event through its job again. */
  replay: partnerProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => (await replayWebhook(ctx.db, ctx.partnerId, input.id)) ?? notFound("Webhook event not found")),
});
