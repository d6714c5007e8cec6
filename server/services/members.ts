import crypto from "node:crypto";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { invitations, memberships, users } from "@/db/schema";
import { emailSchema, hashToken } from "./accounts";

export const INVITATION_DAYS = 7;

export const inviteInput = z.object({ email: emailSchema, role: z.enum(["owner", "member"]) });

export async function listMembers(db: Db, partnerId: string) {
  return db
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.partnerId, partnerId))
    .orderBy(asc(memberships.createdAt));
}

export async function listOpenInvitations(db: Db, partnerId: string) {
  return db
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, expiresAt: invitations.expiresAt, createdAt: invitations.createdAt })
    .from(invitations)
    .where(and(eq(invitations.partnerId, partnerId), isNull(invitations.acceptedAt)))
    .orderBy(asc(invitations.createdAt));
}

/** Creates an invitation and returns the one-time token; only its hash is stored. */
export async function invite(db: Db, partnerId: string, invitedBy: string, raw: z.input<typeof inviteInput>) {
  const input = inviteInput.parse(raw);
  const already = await db
    .select({ userId: users.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.partnerId, partnerId), sql`lower(${users.email}) = ${input.email}`));
  if (already.length) return { status: "already_member" as const };
  const token = crypto.randomBytes(24).toString("base64url");
  const [row] = await db
    .insert(invitations)
    .values({
      partnerId,
      email: input.email,
      role: input.role,
      tokenHash: hashToken(token),
      invitedBy,
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
    })
    .returning({ id: invitations.id });
  return { status: "invited" as const, id: row!.id, token };
}

export async function revokeInvitation(db: Db, partnerId: string, id: string) {
  const rows = await db
    .delete(invitations)
    .where(and(eq(invitations.partnerId, partnerId), eq(invitations.id, id), isNull(invitations.acceptedAt)))
    .returning({ id: invitations.id });
  return rows.length > 0;
}

async function ownerCount(db: Db, partnerId: string) {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.partnerId, partnerId), eq(memberships.role, "owner")));
  return rows.length;
}

export type MemberChange = "ok" | "not_found" | "last_owner";

/** Changes a member's role; the last owner cannot step down, so a partner is never left without one. */
export async function changeRole(db: Db, partnerId: string, userId: string, role: "owner" | "member"): Promise<MemberChange> {
  const [m] = await db.select().from(memberships).where(and(eq(memberships.partnerId, partnerId), eq(memberships.userId, userId)));
  if (!m) return "not_found";
  if (m.role === "owner" && role === "member" && (await ownerCount(db, partnerId)) <= 1) return "last_owner";
  await db.update(memberships).set({ role }).where(and(eq(memberships.partnerId, partnerId), eq(memberships.userId, userId)));
  return "ok";
}

export async function removeMember(db: Db, partnerId: string, userId: string): Promise<MemberChange> {
  const [m] = await db.select().from(memberships).where(and(eq(memberships.partnerId, partnerId), eq(memberships.userId, userId)));
  if (!m) return "not_found";
  if (m.role === "owner" && (await ownerCount(db, partnerId)) <= 1) return "last_owner";
  await db.delete(memberships).where(and(eq(memberships.partnerId, partnerId), eq(memberships.userId, userId)));
  return "ok";
}
