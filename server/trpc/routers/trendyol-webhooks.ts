import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { PlatformError } from "@/server/platforms/errors";
import { TRENDYOL_WEBHOOK_STATUSES } from "@/server/platforms/trendyol/webhooks-api";
import { getConnection } from "@/server/services/connections";
import { ConnectionUnavailableError } from "@/server/sync/connection-context";
import {
  createTrendyolWebhook,
  deleteTrendyolWebhook,
  listTrendyolWebhooks,
  setTrendyolWebhookActive,
  TrendyolWebhookRefused,
  updateTrendyolWebhook,
} from "@/server/sync/trendyol/webhooks";
import { notFound, partnerProcedure, router } from "../init";

const statuses = z.array(z.enum(TRENDYOL_WEBHOOK_STATUSES)).max(TRENDYOL_WEBHOOK_STATUSES.length);
const target = z.object({ connectionId: z.uuid(), id: z.string().min(1).max(100) });

/** Refusals become message keys the cabinet translates; Trendyol's own refusals keep Trendyol's message. */
async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof TrendyolWebhookRefused) throw new TRPCError({ code: "BAD_REQUEST", message: `trendyolWebhooks.errors.${err.code}`, cause: err });
    if (err instanceof ConnectionUnavailableError) throw new TRPCError({ code: "PRECONDITION_FAILED", message: err.message });
    if (err instanceof PlatformError) throw new TRPCError({ code: err.kind === "not_found" ? "NOT_FOUND" : "BAD_GATEWAY", message: `Trendyol: ${err.message}` });
    throw err;
  }
}

/** `origin`: the cabinet's address as the browser sees it, used for the callback when APP_URL is not set. */
const connectionGuard = partnerProcedure.input(z.object({ connectionId: z.uuid(), origin: z.url().max(300).optional() })).use(async ({ ctx, input, next }) => {
  const c = await getConnection(ctx.db, ctx.partnerId, input.connectionId);
  if (!c || c.platform !== "trendyol") notFound("Connection not found");
  return next({ ctx: { origin: input.origin } });
});

export const trendyolWebhooksRouter = router({
  list: connectionGuard.query(({ ctx, input }) => guard(() => listTrendyolWebhooks(ctx.db, ctx.partnerId, input.connectionId, { origin: ctx.origin }))),
  create: connectionGuard
    .input(z.object({ subscribedStatuses: statuses }))
    .mutation(({ ctx, input }) => guard(() => createTrendyolWebhook(ctx.db, ctx.partnerId, input.connectionId, input, { origin: ctx.origin }))),
  update: connectionGuard
    .input(target.extend({ subscribedStatuses: statuses }))
    .mutation(({ ctx, input }) => guard(() => updateTrendyolWebhook(ctx.db, ctx.partnerId, input.connectionId, input.id, input, { origin: ctx.origin }))),
  setActive: connectionGuard
    .input(target.extend({ active: z.boolean() }))
    .mutation(({ ctx, input }) => guard(() => setTrendyolWebhookActive(ctx.db, ctx.partnerId, input.connectionId, input.id, input.active))),
  delete: connectionGuard.input(target).mutation(({ ctx, input }) => guard(() => deleteTrendyolWebhook(ctx.db, ctx.partnerId, input.connectionId, input.id))),
});
