import { and, desc, eq, gte, lt, lte, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { activityLog } from "@/db/schema";
import { redact } from "@/server/log";

export type ActivityLevel = "success" | "error" | "info";

export interface ActivityEntry {
  partnerId: string;
  level: ActivityLevel;
  message: string;
  connectionId?: string | null;
  platform?: string | null;
  jobId?: string | null;
  details?: Record<string, unknown>;
}

/** Writes one entry of the partner's activity log; details pass through the same redaction as log lines. */
export async function recordActivity(db: Db, entry: ActivityEntry) {
  await db.insert(activityLog).values({
    partnerId: entry.partnerId,
    level: entry.level,
    message: entry.message,
    connectionId: entry.connectionId ?? null,
    platform: entry.platform ?? null,
    jobId: entry.jobId ?? null,
    details: entry.details ? (redact(entry.details) as Record<string, unknown>) : null,
  });
}

export interface ActivityFilter {
  level?: ActivityLevel;
  platform?: string;
  connectionId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  beforeId?: number;
}

export async function listActivity(db: Db, partnerId: string, f: ActivityFilter) {
  const where: SQL[] = [eq(activityLog.partnerId, partnerId)];
  if (f.level) where.push(eq(activityLog.level, f.level));
  if (f.platform) where.push(eq(activityLog.platform, f.platform));
  if (f.connectionId) where.push(eq(activityLog.connectionId, f.connectionId));
  if (f.from) where.push(gte(activityLog.createdAt, f.from));
  if (f.to) where.push(lte(activityLog.createdAt, f.to));
  if (f.beforeId) where.push(lt(activityLog.id, f.beforeId));
  return db
    .select()
    .from(activityLog)
    .where(and(...where))
    .orderBy(desc(activityLog.id))
    .limit(f.limit);
}

/** Deletes entries older than the retention period (all partners: this is the retention job). */
export async function pruneActivity(db: Db, retentionDays: number, now = new Date()) {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const deleted = await db.delete(activityLog).where(lt(activityLog.createdAt, cutoff)).returning({ id: activityLog.id });
  return deleted.length;
}
