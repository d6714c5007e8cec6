import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { changeRole, invite, inviteInput, listMembers, listOpenInvitations, removeMember, revokeInvitation, type MemberChange } from "@/server/services/members";
import { notFound, ownerProcedure, partnerProcedure, router } from "../init";

function check(result: MemberChange) {
  if (result === "not_found") notFound("Member not found");
  if (result === "last_owner") throw new TRPCError({ code: "BAD_REQUEST", message: "errors.lastOwner" });
  return { ok: true };
}

export const membersRouter = router({
  list: partnerProcedure.query(async ({ ctx }) => ({
    members: await listMembers(ctx.db, ctx.partnerId),
    invitations: ctx.role === "owner" ? await listOpenInvitations(ctx.db, ctx.partnerId) : [],
  })),
  /** Returns the invitation link's token once; an owner passes the link on (e-mail comes with alerts). */
  invite: ownerProcedure.input(inviteInput).mutation(({ ctx, input }) => invite(ctx.db, ctx.partnerId, ctx.viewer.userId, input)),
  revokeInvitation: ownerProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    if (!(await revokeInvitation(ctx.db, ctx.partnerId, input.id))) notFound("Invitation not found");
    return { ok: true };
  }),
  changeRole: ownerProcedure
    .input(z.object({ userId: z.uuid(), role: z.enum(["owner", "member"]) }))
    .mutation(async ({ ctx, input }) => check(await changeRole(ctx.db, ctx.partnerId, input.userId, input.role))),
  remove: ownerProcedure
    .input(z.object({ userId: z.uuid() }))
    .mutation(async ({ ctx, input }) => check(await removeMember(ctx.db, ctx.partnerId, input.userId))),
});
