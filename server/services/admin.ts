import { asc, count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { connections, memberships, partners, platformApiConfigs, users } from "@/db/schema";
import { hashPassword } from "@/server/auth/passwords";
import { manifests } from "@/server/platforms/registry";
import { PLATFORM_IDS } from "@/server/platforms/types";
import { findUserByEmail } from "./accounts";

/** Operator view: every partner with its member and connection counts (admins only, by design cross-partner). */
export async function listPartners(db: Db) {
  const memberCounts = db
    .select({ partnerId: memberships.partnerId, n: count().as("members") })
    .from(memberships)
    .groupBy(memberships.partnerId)
    .as("mc");
  const connectionCounts = db
    .select({ partnerId: connections.partnerId, n: count().as("connections") })
    .from(connections)
    .groupBy(connections.partnerId)
    .as("cc");
  return db
    .select({
      id: partners.id,
      name: partners.name,
      createdAt: partners.createdAt,
      members: sql<number>`coalesce(${memberCounts.n}, 0)`.mapWith(Number),
      connections: sql<number>`coalesce(${connectionCounts.n}, 0)`.mapWith(Number),
    })
    .from(partners)
    .leftJoin(memberCounts, eq(memberCounts.partnerId, partners.id))
    .leftJoin(connectionCounts, eq(connectionCounts.partnerId, partners.id))
    .orderBy(asc(partners.createdAt));
}

/** One row per platform: the stored override merged over the manifest's documented defaults. */
export async function listPlatformConfigs(db: Db) {
  const stored = new Map((await db.select().from(platformApiConfigs)).map((r) => [r.platform, r]));
  return PLATFORM_IDS.map((id) => {
    const m = manifests[id];
    const s = stored.get(id);
    const documented = m.rateLimits[0];
    return {
      platform: id,
      name: m.name,
      defaultEndpoint: m.baseUrls.production,
      endpointOverride: s?.endpointOverride ?? null,
      authType: s?.authType ?? m.authDescription,
      rateLimit: s?.rateLimit ?? (documented ? `${documented.requests} / ${documented.perSeconds} s (${documented.scope})` : "—"),
      docsUrl: s?.docsUrl ?? m.docsUrl,
      updatedAt: s?.updatedAt ?? null,
      updatedBy: s?.updatedBy ?? null,
    };
  });
}

export const platformConfigInput = z.object({
  platform: z.enum(PLATFORM_IDS),
  endpointOverride: z.union([z.literal(""), z.url({ protocol: /^https?$/, message: "validation.url" })]).transform((v) => v || null),
  authType: z.string().trim().min(1, "validation.required").max(200),
  rateLimit: z.string().trim().min(1, "validation.required").max(200),
  docsUrl: z.url({ message: "validation.url" }),
});

export async function updatePlatformConfig(db: Db, input: z.output<typeof platformConfigInput>, by: string) {
  const values = { ...input, updatedAt: new Date(), updatedBy: by };
  await db.insert(platformApiConfigs).values(values).onConflictDoUpdate({ target: platformApiConfigs.platform, set: values });
}

/** `npm run cli -- admin:create`: makes (or promotes) a platform administrator with a partner of their own. */
export async function createAdmin(db: Db, email: string, password: string) {
  const existing = await findUserByEmail(db, email);
  if (existing) {
    await db.update(users).set({ isAdmin: true }).where(eq(users.id, existing.id));
    return { userId: existing.id, created: false };
  }
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [partner] = await tx.insert(partners).values({ name: "Kervan operators" }).returning();
    const [user] = await tx
      .insert(users)
      .values({ email: email.trim().toLowerCase(), name: email.split("@")[0]!, passwordHash, isAdmin: true })
      .returning();
    await tx.insert(memberships).values({ partnerId: partner!.id, userId: user!.id, role: "owner" });
    return { userId: user!.id, created: true };
  });
}
