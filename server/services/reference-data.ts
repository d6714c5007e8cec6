import { and, asc, eq, ilike, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { referenceData } from "@/db/schema";

export interface ReferenceItem {
  externalId: string;
  name: string;
  parentId?: string | null;
  data?: Record<string, unknown>;
}

/**
 * Caches a platform's reference data (brands, categories, attributes…), shared by every partner of the
 * platform; refreshed items are updated in place, in chunks so large trees stay within statement limits.
 */
export async function cacheReferenceData(db: Db, platform: string, kind: string, items: ReferenceItem[], now = new Date()) {
  for (let i = 0; i < items.length; i += 1000) {
    const chunk = items.slice(i, i + 1000).map((it) => ({ platform, kind, externalId: it.externalId, name: it.name, parentId: it.parentId ?? null, data: it.data ?? {}, fetchedAt: now }));
    await db
      .insert(referenceData)
      .values(chunk)
      .onConflictDoUpdate({
        target: [referenceData.platform, referenceData.kind, referenceData.externalId],
        set: { name: sql`excluded.name`, parentId: sql`excluded.parent_id`, data: sql`excluded.data`, fetchedAt: sql`excluded.fetched_at` },
      });
  }
  return items.length;
}

export async function searchReferenceData(db: Db, platform: string, kind: string, opts: { search?: string; parentId?: string; limit?: number } = {}) {
  return db
    .select()
    .from(referenceData)
    .where(
      and(
        eq(referenceData.platform, platform),
        eq(referenceData.kind, kind),
        opts.search ? ilike(referenceData.name, `%${opts.search}%`) : undefined,
        opts.parentId ? eq(referenceData.parentId, opts.parentId) : undefined,
      ),
    )
    .orderBy(asc(referenceData.name))
    .limit(opts.limit ?? 100);
}
