import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { enqueueJob } from "@/server/jobs/enqueue";
import { TRENDYOL_CANCEL_REASONS, TRENDYOL_CARGO_PROVIDERS, type TrendyolCancelReason } from "@/server/platforms/trendyol/orders";
import { getOrder } from "@/server/services/orders";
import { checkOrderAction, listOrderActionJobs, OrderActionRefused, type TrendyolOrderAction } from "@/server/sync/trendyol/order-actions";
import { listOrders } from "@/server/sync/trendyol/orders";
import { getConnection } from "@/server/services/connections";
import { notFound, partnerProcedure, router } from "../init";

const cancelReason = z.number().refine((n) => (TRENDYOL_CANCEL_REASONS as readonly number[]).includes(n), "trendyolOrders.errors.unknownReason");

const actionInput = z.discriminatedUnion("action", [
  z.object({ orderId: z.uuid(), action: z.literal("picking") }),
  z.object({ orderId: z.uuid(), action: z.literal("invoiced"), invoiceNumber: z.string().trim().min(1, "trendyolOrders.errors.invoiceRequired").max(100) }),
  z.object({
    orderId: z.uuid(),
    action: z.literal("cancel"),
    reasonId: cancelReason,
    lines: z.array(z.object({ lineId: z.number().int(), quantity: z.number().int().min(1) })).min(1, "trendyolOrders.errors.noLines").max(500),
  }),
  z.object({ orderId: z.uuid(), action: z.literal("carrier"), cargoProvider: z.enum(TRENDYOL_CARGO_PROVIDERS) }),
]);

export const ordersRouter = router({
  list: partnerProcedure
    .input(
      z.object({
        connectionId: z.uuid().optional(),
        status: z.string().max(40).optional(),
        from: z.coerce.date().optional(),
        to: z.coerce.date().optional(),
        search: z.string().max(100).optional(),
        limit: z.number().int().min(1).max(200).default(50),
        before: z.object({ orderedAt: z.coerce.date(), id: z.uuid() }).optional(),
      }),
    )
    .query(({ ctx, input }) => listOrders(ctx.db, ctx.partnerId, input)),

  /** One stored order (a Trendyol shipment package) with lines, packages, status history and its action jobs. */
  get: partnerProcedure.input(z.object({ id: z.uuid() })).query(async ({ ctx, input }) => {
    const order = (await getOrder(ctx.db, ctx.partnerId, input.id)) ?? notFound("Order not found");
    const [actions, connection] = await Promise.all([listOrderActionJobs(ctx.db, ctx.partnerId, input.id), getConnection(ctx.db, ctx.partnerId, order.connectionId)]);
    // The raw platform payload stays on the server: the page shows the mapped fields.
    return { ...order, raw: undefined, connectionName: connection?.name ?? null, actions };
  }),

  /** Picking, Invoiced (with the invoice number), cancel lines, or another carrier: queued as a job whose result the package shows. */
  action: partnerProcedure.input(actionInput).mutation(async ({ ctx, input }) => {
    const action: TrendyolOrderAction =
      input.action === "picking"
        ? { action: "picking" }
        : input.action === "invoiced"
          ? { action: "invoiced", invoiceNumber: input.invoiceNumber }
          : input.action === "carrier"
            ? { action: "carrier", cargoProvider: input.cargoProvider }
            : { action: "cancel", reasonId: input.reasonId as TrendyolCancelReason, lines: input.lines };
    let checked;
    try {
      checked = await checkOrderAction(ctx.db, ctx.partnerId, input.orderId, action);
    } catch (err) {
      if (err instanceof OrderActionRefused) throw new TRPCError({ code: "BAD_REQUEST", message: `trendyolOrders.errors.${err.code}` });
      throw err;
    }
    if (!checked) notFound("Order not found");
    return enqueueJob(ctx.db, { type: "trendyol-orders-action", partnerId: ctx.partnerId, connectionId: checked.connectionId, data: { orderId: input.orderId, ...action } });
  }),

  /** "Import now" for one Trendyol connection. */
  importNow: partnerProcedure.input(z.object({ connectionId: z.uuid() })).mutation(async ({ ctx, input }) => {
    const connection = await getConnection(ctx.db, ctx.partnerId, input.connectionId);
    if (!connection || connection.platform !== "trendyol") notFound("Connection not found");
    return enqueueJob(ctx.db, { type: "trendyol-orders-import", partnerId: ctx.partnerId, connectionId: input.connectionId });
  }),
});
