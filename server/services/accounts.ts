import crypto from "node:crypto";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { invitations, memberships, partners, users } from "@/db/schema";
import { dummyHash, hashPassword, verifyPassword } from "@/server/auth/passwords";
import { recordFailure, recordSuccess, throttleKey, waitRemaining } from "@/server/auth/throttle";
import { env } from "@/server/env";

export const LOCALES = ["en", "tr", "ru", "uz"] as const;
export type Locale = (typeof LOCALES)[number];

export const passwordSchema = z
  .string()
  .min(10, "validation.passwordTooShort")
  .max(200, "validation.passwordTooLong");
export const emailSchema = z.string().trim().toLowerCase().pipe(z.email("validation.email"));

export const signUpInput = z.object({
  partnerName: z.string().trim().min(2, "validation.partnerName").max(120, "validation.partnerName"),
  name: z.string().trim().min(1, "validation.name").max(120, "validation.name"),
  email: emailSchema,
  password: passwordSchema,
  locale: z.enum(LOCALES).default("en"),
});
export type SignUpInput = z.input<typeof signUpInput>;

export class AccountError extends Error {
  constructor(
    readonly code: "email_taken" | "invalid_invitation" | "rate_limited" | "invalid_credentials",
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "AccountError";
  }
}

export const findUserByEmail = async (db: Db, email: string) =>
  (await db.select().from(users).where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`))[0];

/** Creates a partner organisation and its owner. */
export async function signUp(db: Db, raw: SignUpInput) {
  const input = signUpInput.parse(raw);
  if (await findUserByEmail(db, input.email)) throw new AccountError("email_taken", "An account with this e-mail already exists");
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [partner] = await tx.insert(partners).values({ name: input.partnerName }).returning();
    const [user] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, passwordHash, locale: input.locale, isAdmin: isAdminEmail(input.email) })
      .returning();
    await tx.insert(memberships).values({ partnerId: partner!.id, userId: user!.id, role: "owner" });
    return { partnerId: partner!.id, userId: user!.id };
  });
}

export const isAdminEmail = (email: string) => env().ADMIN_EMAILS.includes(email.trim().toLowerCase());

/**
 * Checks e-mail and password. Repeated failures for one e-mail are slowed down (see throttle.ts),
 * and unknown e-mails cost the same argon2 work as known ones.
 */
export async function verifyCredentials(db: Db, email: string, password: string, now = new Date()) {
  const key = throttleKey(email);
  const wait = await waitRemaining(db, key, now);
  if (wait > 0) throw new AccountError("rate_limited", "Too many failed sign-ins; try again later", wait);
  const user = await findUserByEmail(db, email);
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
  if (!user || !ok) {
    await recordFailure(db, key, now);
    throw new AccountError("invalid_credentials", "Wrong e-mail or password");
  }
  await recordSuccess(db, key);
  return { id: user.id, email: user.email, name: user.name };
}

export async function membershipsOf(db: Db, userId: string) {
  return db
    .select({ partnerId: memberships.partnerId, role: memberships.role, partnerName: partners.name })
    .from(memberships)
    .innerJoin(partners, eq(partners.id, memberships.partnerId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt));
}

export const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

/** Looks up a still-open invitation by its token (the token itself is never stored). */
export async function findOpenInvitation(db: Db, token: string, now = new Date()) {
  const [row] = await db
    .select({ invitation: invitations, partnerName: partners.name })
    .from(invitations)
    .innerJoin(partners, eq(partners.id, invitations.partnerId))
    .where(and(eq(invitations.tokenHash, hashToken(token)), isNull(invitations.acceptedAt)));
  if (!row || row.invitation.expiresAt < now) return undefined;
  return row;
}

export const acceptInvitationInput = z.object({
  token: z.string().min(20).max(200),
  name: z.string().trim().min(1, "validation.name").max(120, "validation.name"),
  password: passwordSchema,
});

/**
 * Joins the invited partner. A new e-mail gets an account with the given password; an existing account must
 * prove its password, so an invitation link alone never grants access to someone else's account.
 */
export async function acceptInvitation(db: Db, raw: z.input<typeof acceptInvitationInput>) {
  const input = acceptInvitationInput.parse(raw);
  const open = await findOpenInvitation(db, input.token);
  if (!open) throw new AccountError("invalid_invitation", "This invitation is not valid any more");
  const inv = open.invitation;
  let user = await findUserByEmail(db, inv.email);
  if (user) {
    await verifyCredentials(db, inv.email, input.password);
  } else {
    const passwordHash = await hashPassword(input.password);
    [user] = await db
      .insert(users)
      .values({ email: inv.email, name: input.name, passwordHash, isAdmin: isAdminEmail(inv.email) })
      .returning();
  }
  await db.transaction(async (tx) => {
    await tx
      .insert(memberships)
      .values({ partnerId: inv.partnerId, userId: user!.id, role: inv.role })
      .onConflictDoUpdate({ target: [memberships.partnerId, memberships.userId], set: { role: inv.role } });
    await tx.update(invitations).set({ acceptedAt: new Date() }).where(eq(invitations.id, inv.id));
  });
  return { userId: user!.id, partnerId: inv.partnerId, email: inv.email };
}
