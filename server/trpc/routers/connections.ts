import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { enqueueJob } from "@/server/jobs/enqueue";
import {
  ConnectionInputError,
  createConnection,
  createConnectionInput,
  deleteConnection,
  getConnection,
  listConnections,
  setConnectionActive,
  updateConnection,
  updateConnectionInput,
} from "@/server/services/connections";
import { notFound, partnerProcedure, router } from "../init";

const byId = z.object({ id: z.uuid() });

/** Field errors from a manifest check reach the form the same way zod errors do. */
async function withFieldErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ConnectionInputError) {
      throw new TRPCError({ code: "BAD_REQUEST", message: JSON.stringify(err.fieldErrors), cause: err });
    }
    throw err;
  }
}

export const connectionsRouter = router({
  list: partnerProcedure.query(({ ctx }) => listConnections(ctx.db, ctx.partnerId)),
  get: partnerProcedure.input(byId).query(async ({ ctx, input }) => (await getConnection(ctx.db, ctx.partnerId, input.id)) ?? notFound("Connection not found")),
  create: partnerProcedure.input(createConnectionInput).mutation(({ ctx, input }) => withFieldErrors(() => createConnection(ctx.db, ctx.partnerId, input))),
  update: partnerProcedure
    .input(updateConnectionInput)
    .mutation(async ({ ctx, input }) => (await withFieldErrors(() => updateConnection(ctx.db, ctx.partnerId, input))) ?? notFound("Connection not found")),
  setActive: partnerProcedure
    .input(byId.extend({ active: z.boolean() }))
    .mutation(async ({ ctx, input }) => (await setConnectionActive(ctx.db, ctx.partnerId, input.id, input.active)) ?? notFound("Connection not found")),
  delete: partnerProcedure.input(byId).mutation(async ({ ctx, input }) => {
    if (!(await deleteConnection(ctx.db, ctx.partnerId, input.id))) notFound("Connection not found");
    return { ok: true };
  }),
  /** Starts the connection-test job; the card shows its outcome when it finishes. */
  test: partnerProcedure.input(byId).mutation(async ({ ctx, input }) => {
    const connection = await getConnection(ctx.db, ctx.partnerId, input.id);
    if (!connection) notFound("Connection not found");
    return enqueueJob(ctx.db, { type: "connection-test", partnerId: ctx.partnerId, connectionId: input.id, data: {} });
  }),
});
