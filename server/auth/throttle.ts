import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { signInThrottle } from "@/db/schema";

/** Failures allowed before sign-in is slowed down; each further failure doubles the wait, up to 15 minutes. */
export const FREE_ATTEMPTS = 5;
const MAX_DELAY_MS = 15 * 60_000;

export function delayAfter(failures: number) {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_DELAY_MS, 1000 * 2 ** (failures - FREE_ATTEMPTS));
}

export const throttleKey = (email: string) => `email:${email.trim().toLowerCase()}`;

/** Milliseconds the caller must still wait before another attempt for this key (0 = go ahead). */
export async function waitRemaining(db: Db, key: string, now = new Date()) {
  const [row] = await db.select().from(signInThrottle).where(eq(signInThrottle.key, key));
  if (!row?.blockedUntil) return 0;
  return Math.max(0, row.blockedUntil.getTime() - now.getTime());
}

export async function recordFailure(db: Db, key: string, now = new Date()) {
  const [row] = await db
    .insert(signInThrottle)
    .values({ key, failures: 1, lastFailureAt: now })
    .onConflictDoUpdate({
      target: signInThrottle.key,
      set: { failures: sql`${signInThrottle.failures} + 1`, lastFailureAt: now },
    })
    .returning();
  const delay = delayAfter(row!.failures);
  if (delay > 0) {
    await db
      .update(signInThrottle)
      .set({ blockedUntil: new Date(now.getTime() + delay) })
      .where(eq(signInThrottle.key, key));
  }
  return { failures: row!.failures, delayMs: delay };
}

export async function recordSuccess(db: Db, key: string) {
  await db.delete(signInThrottle).where(eq(signInThrottle.key, key));
}
