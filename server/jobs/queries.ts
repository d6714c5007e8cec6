import { and, asc, desc, eq, getTableColumns, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections, jobItems, jobLogs, jobs } from "@/db/schema";

export type JobState = (typeof jobs.$inferSelect)["state"];

export interface JobListFilter {
  limit: number;
  connectionId?: string;
  state?: JobState;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The runner's bookkeeping (lease, concurrency key) stays out of what the Jobs page receives.
const INTERNAL = new Set(["lockedBy", "lockedUntil", "concurrencyKey"]);
const jobColumns = Object.fromEntries(Object.entries(getTableColumns(jobs)).filter(([name]) => !INTERNAL.has(name))) as Omit<
  ReturnType<typeof getTableColumns<typeof jobs>>,
  "lockedBy" | "lockedUntil" | "concurrencyKey"
>;

const withConnection = {
  ...jobColumns,
  connectionName: connections.name,
  platform: connections.platform,
};

function withDuration<T extends { startedAt: Date | null; finishedAt: Date | null }>(row: T) {
  return { ...row, durationMs: row.startedAt && row.finishedAt ? row.finishedAt.getTime() - row.startedAt.getTime() : null };
}

/** The partner's recent jobs, newest first, with the connection's name and platform. */
export async function listJobs(db: Db, partnerId: string, f: JobListFilter) {
  const where: SQL[] = [eq(jobs.partnerId, partnerId)];
  if (f.connectionId) where.push(eq(jobs.connectionId, f.connectionId));
  if (f.state) where.push(eq(jobs.state, f.state));
  const rows = await db
    .select(withConnection)
    .from(jobs)
    .leftJoin(connections, and(eq(connections.id, jobs.connectionId), eq(connections.partnerId, partnerId)))
    .where(and(...where))
    .orderBy(desc(jobs.createdAt), desc(jobs.id))
    .limit(f.limit);
  return rows.map(withDuration);
}

/** One job of the partner with its per-item results and log lines, or null. */
export async function getJob(db: Db, partnerId: string, jobId: string, opts: { maxItems?: number; maxLogs?: number } = {}) {
  if (!UUID.test(jobId)) return null;
  const [job] = await db
    .select(withConnection)
    .from(jobs)
    .leftJoin(connections, and(eq(connections.id, jobs.connectionId), eq(connections.partnerId, partnerId)))
    .where(and(eq(jobs.id, jobId), eq(jobs.partnerId, partnerId)));
  if (!job) return null;
  const [items, logs] = await Promise.all([
    db
      .select({ id: jobItems.id, ref: jobItems.ref, status: jobItems.status, message: jobItems.message, createdAt: jobItems.createdAt })
      .from(jobItems)
      .where(and(eq(jobItems.jobId, jobId), eq(jobItems.partnerId, partnerId)))
      .orderBy(asc(jobItems.id))
      .limit(opts.maxItems ?? 1000),
    db
      .select({ id: jobLogs.id, level: jobLogs.level, message: jobLogs.message, at: jobLogs.at })
      .from(jobLogs)
      .where(and(eq(jobLogs.jobId, jobId), eq(jobLogs.partnerId, partnerId)))
      .orderBy(asc(jobLogs.at), asc(jobLogs.id))
      .limit(opts.maxLogs ?? 1000),
  ]);
  return { job: withDuration(job), items, logs };
}

export type JobListItem = Awaited<ReturnType<typeof listJobs>>[number];
export type JobDetail = NonNullable<Awaited<ReturnType<typeof getJob>>>;
