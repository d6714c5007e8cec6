import { and, eq, notInArray, sql } from "drizzle-orm";
import { cron as cronTrigger, NonRetriableError, StepError, type EventType, type InngestFunction, type StandardSchemaV1, type TimeStr } from "inngest";
import { db as processDb, type Db } from "@/db/client";
import { jobItems, jobLogs, jobs } from "@/db/schema";
import { log as serverLog } from "@/server/log";
import { inngest } from "./client";
import type { JobEventData } from "./events";
import { parseCron, type CronSchedule } from "./runtime/cron";

/**
 * Throw this (Inngest's own class) when trying again cannot help: both runtimes fail the job at once.
 * Anything else thrown is retried with backoff until the function's `retries` run out.
 */
export { NonRetriableError };

/** The only step tools a job may use, so the same handler runs on Inngest and on the embedded runner. */
export interface JobStep {
  /**
   * Runs `fn` once per job: a retried or resumed job gets the stored result instead of running it again.
   * Results travel as JSON on both runtimes (undefined becomes null, a Date becomes a string).
   */
  run<T>(id: string, fn: () => Promise<T> | T): Promise<T>;
  /**
   * Waits durably; the job does not hold a worker (or a connection's concurrency slot) while it sleeps.
   * (The embedded runner stops the handler here by throwing: do not wrap step calls in a catch-all.)
   */
  sleep(id: string, ms: number): Promise<void>;
}

export type JobLogLevel = "debug" | "info" | "warn" | "error";
export type JobItemStatus = "succeeded" | "failed" | "skipped";

/**
 * What a job tells the Jobs page. Writes go to the job's own rows, scoped by its partner. They are plain writes, not
 * steps: a call outside `step.run` is made again whenever the handler runs again (each retry, and on Inngest each
 * step replay). `item` is safe to repeat (one row per ref); put `log` lines inside a step when a repeat would mislead.
 * Cron jobs have no partner and so no jobs row: their context only writes to the server log.
 */
export interface JobContext {
  readonly id: string | null;
  readonly partnerId: string | null;
  readonly connectionId: string | null;
  /** 1 on the first try. */
  readonly attempt: number;
  readonly runtime: "inngest" | "embedded";
  progress(done: number, total?: number): Promise<void>;
  log(level: JobLogLevel, message: string): Promise<void>;
  item(ref: string, status: JobItemStatus, message?: string): Promise<void>;
}

export interface JobHandlerArgs<TData> {
  event: { name: string; data: TData };
  step: JobStep;
  job: JobContext;
  db: Db;
}

export type JobResult = Record<string, unknown> | void;
export type JobRetries = NonNullable<InngestFunction.Options["retries"]>;
/** Concurrency and throttle are per connection or per partner; Inngest keys them on the event's ids. */
export type JobScope = "connection" | "partner";
export interface JobConcurrency {
  key: JobScope;
  limit: 1;
  /**
   * On the embedded runner, jobs of one scope (a connection, a partner) share one slot unless they name their own
   * lane: webhook jobs take the "webhooks" lane, so a burst of deliveries never holds up the connection's syncs.
   * (Inngest keys concurrency per function anyway.)
   */
  lane?: string;
}
/** Inngest-only: the embedded runner (one machine) already runs one job per key at a time and does not throttle. */
export interface JobThrottle {
  key: JobScope;
  limit: number;
  period: TimeStr;
  burst?: number;
}

type AnyJobEvent = EventType<string, StandardSchemaV1<JobEventData>>;
export type JobEventDataOf<TEvent extends AnyJobEvent> = StandardSchemaV1.InferOutput<TEvent["schema"]>;
export type CronEventData = { cron?: string };

interface JobFunctionBase<TId extends string> {
  readonly id: TId;
  readonly retries: JobRetries;
  /** The same function as Inngest sees it; served at /api/inngest. */
  readonly inngest: InngestFunction.Any;
}

export interface EventJobFunction<TId extends string = string, TData extends JobEventData = JobEventData> extends JobFunctionBase<TId> {
  readonly kind: "event";
  readonly event: AnyJobEvent;
  readonly concurrency: JobConcurrency | null;
  readonly throttle: JobThrottle | null;
  readonly handler: (args: JobHandlerArgs<TData>) => Promise<JobResult>;
}

export interface CronJobFunction<TId extends string = string> extends JobFunctionBase<TId> {
  readonly kind: "cron";
  readonly cron: string;
  readonly schedule: CronSchedule;
  readonly handler: (args: JobHandlerArgs<CronEventData>) => Promise<JobResult>;
}

export type JobFunction = EventJobFunction<string, any> | CronJobFunction; // eslint-disable-line @typescript-eslint/no-explicit-any

interface EventJobOptions<TId extends string, TEvent extends AnyJobEvent> {
  id: TId;
  event: TEvent;
  retries: JobRetries;
  concurrency?: JobConcurrency;
  throttle?: JobThrottle;
  handler: (args: JobHandlerArgs<JobEventDataOf<TEvent>>) => Promise<JobResult>;
}

interface CronJobOptions<TId extends string> {
  id: TId;
  /** Five-field cron, UTC (e.g. "0 3 * * *"). */
  cron: string;
  retries: JobRetries;
  handler: (args: JobHandlerArgs<CronEventData>) => Promise<JobResult>;
}

/** Inngest expressions for the event ids a scope keys on. */
export const scopeExpression: Record<JobScope, string> = {
  connection: "event.data.connectionId",
  partner: "event.data.partnerId",
};

/** Defines a background function once; both runtimes run it (see ./runtime/embedded and /api/inngest). */
export function defineJob<const TId extends string, TEvent extends AnyJobEvent>(
  opts: EventJobOptions<TId, TEvent>,
): EventJobFunction<TId, JobEventDataOf<TEvent>>;
export function defineJob<const TId extends string>(opts: CronJobOptions<TId>): CronJobFunction<TId>;
export function defineJob(opts: EventJobOptions<string, AnyJobEvent> | CronJobOptions<string>): JobFunction {
  if ("cron" in opts) {
    const schedule = parseCron(opts.cron);
    schedule.next(new Date(0)); // throws now, not at 3 a.m., for a date that never comes (31 February)
    const def: Omit<CronJobFunction, "inngest"> = { kind: "cron", id: opts.id, retries: opts.retries, cron: opts.cron, schedule, handler: opts.handler };
    const fn = inngest.createFunction({ id: opts.id, retries: opts.retries, triggers: [cronTrigger(opts.cron)] }, (ctx) =>
      runOnInngest(def, ctx),
    );
    return { ...def, inngest: fn as unknown as InngestFunction.Any };
  }
  const def: Omit<EventJobFunction, "inngest"> = {
    kind: "event",
    id: opts.id,
    event: opts.event,
    retries: opts.retries,
    concurrency: opts.concurrency ?? null,
    throttle: opts.throttle ?? null,
    handler: opts.handler as EventJobFunction["handler"],
  };
  const fn = inngest.createFunction(
    {
      id: opts.id,
      retries: opts.retries,
      triggers: [opts.event],
      // The event id already dedupes a send; this also keeps a re-sent job from running twice within 24 hours.
      idempotency: "event.data.jobId",
      ...(opts.concurrency ? { concurrency: [{ key: scopeExpression[opts.concurrency.key], limit: opts.concurrency.limit }] } : {}),
      ...(opts.throttle
        ? {
            throttle: {
              key: scopeExpression[opts.throttle.key],
              limit: opts.throttle.limit,
              period: opts.throttle.period,
              ...(opts.throttle.burst ? { burst: opts.throttle.burst } : {}),
            },
          }
        : {}),
    },
    (ctx) => runOnInngest(def, ctx),
  );
  return { ...def, inngest: fn as unknown as InngestFunction.Any };
}

// ---------------------------------------------------------------------------------------------------------------
// Shared by both runtimes

export function isNonRetriable(err: unknown): boolean {
  return err instanceof NonRetriableError || (err instanceof Error && err.name === "NonRetriableError");
}

export function errorMessage(err: unknown): string {
  const message = err instanceof Error ? err.message || err.name : typeof err === "string" ? err : JSON.stringify(err);
  return message.length > 2000 ? `${message.slice(0, 2000)}…` : message;
}

export const FINAL_STATES = ["succeeded", "failed", "cancelled"] as const;

/** The context of a job that has a jobs row: every write is scoped by the row's partner. */
export function trackedJobContext(
  db: Db,
  row: { id: string; partnerId: string; connectionId: string | null },
  attempt: number,
  runtime: JobContext["runtime"],
): JobContext {
  const own = and(eq(jobs.id, row.id), eq(jobs.partnerId, row.partnerId));
  return {
    id: row.id,
    partnerId: row.partnerId,
    connectionId: row.connectionId,
    attempt,
    runtime,
    async progress(done, total) {
      await db
        .update(jobs)
        .set({ progressDone: done, ...(total === undefined ? {} : { progressTotal: total }) })
        .where(own);
    },
    async log(level, message) {
      await db.insert(jobLogs).values({ jobId: row.id, partnerId: row.partnerId, level, message });
      serverLog[level](message, { jobId: row.id, partnerId: row.partnerId });
    },
    async item(ref, status, message) {
      await db
        .insert(jobItems)
        .values({ jobId: row.id, partnerId: row.partnerId, ref, status, message: message ?? null })
        .onConflictDoUpdate({ target: [jobItems.jobId, jobItems.ref], set: { status, message: message ?? null, createdAt: new Date() } });
    },
  };
}

/** The context of a cron job: no partner, so no jobs row; lines go to the server log. */
export function untrackedJobContext(functionId: string, attempt: number, runtime: JobContext["runtime"]): JobContext {
  return {
    id: null,
    partnerId: null,
    connectionId: null,
    attempt,
    runtime,
    async progress() {},
    async log(level, message) {
      serverLog[level](message, { job: functionId });
    },
    async item(ref, status, message) {
      serverLog.info("Job item", { job: functionId, ref, status, message });
    },
  };
}

/** Writes the line the Jobs page shows when an attempt fails. `retryInMs`: null when this was the last attempt. */
export async function logAttemptFailure(
  db: Db,
  row: { id: string; partnerId: string },
  attempt: number,
  maxAttempts: number,
  err: unknown,
  retryInMs: number | "unknown" | null,
) {
  const when = retryInMs === "unknown" ? "retrying" : retryInMs === null ? null : `retrying in ${Math.max(1, Math.round(retryInMs / 1000))}s`;
  const message = `Attempt ${attempt} of ${maxAttempts} failed${when ? `, ${when}` : ""}: ${errorMessage(err)}`;
  await db.insert(jobLogs).values({ jobId: row.id, partnerId: row.partnerId, level: when ? "warn" : "error", message });
}

// ---------------------------------------------------------------------------------------------------------------
// Inngest runtime: adapt Inngest's context to the small interface and keep the jobs row current.

interface InngestCtx {
  event: { name: string; data?: unknown };
  step: {
    run: (id: string, fn: () => Promise<unknown>) => Promise<unknown>;
    sleep: (id: string, ms: number) => Promise<void>;
  };
  attempt: number;
  maxAttempts?: number;
}

async function runOnInngest(def: Omit<JobFunction, "inngest">, rawCtx: unknown): Promise<JobResult | null> {
  const ctx = rawCtx as InngestCtx;
  const database = await processDb();
  const attempt = ctx.attempt + 1;
  const maxAttempts = ctx.maxAttempts ?? def.retries + 1;
  const data = (ctx.event.data ?? {}) as Partial<JobEventData>;

  if (def.kind === "cron" || !data.jobId || !data.partnerId) {
    const job = untrackedJobContext(def.id, attempt, "inngest");
    const step: JobStep = {
      run: <T>(id: string, fn: () => Promise<T> | T) => ctx.step.run(id, async () => fn()) as Promise<T>,
      sleep: (id, ms) => ctx.step.sleep(id, ms),
    };
    const handler = def.handler as (args: JobHandlerArgs<unknown>) => Promise<JobResult>;
    return (await handler({ event: { name: ctx.event.name, data: ctx.event.data ?? {} }, step, job, db: database })) ?? null;
  }

  const ref = { id: data.jobId, partnerId: data.partnerId };
  const own = and(eq(jobs.id, ref.id), eq(jobs.partnerId, ref.partnerId));
  // Runs on every invocation (Inngest replays the handler per step), so it only ever moves forward.
  const [row] = await database
    .update(jobs)
    .set({
      state: "running",
      attempts: sql`greatest(${jobs.attempts}, ${attempt})`,
      maxAttempts,
      startedAt: sql`coalesce(${jobs.startedAt}, now())`,
    })
    .where(and(own, notInArray(jobs.state, [...FINAL_STATES])))
    .returning();
  if (!row) {
    const [existing] = await database.select().from(jobs).where(own);
    if (!existing) throw new NonRetriableError(`Job ${ref.id} does not exist for partner ${ref.partnerId}`);
    return existing.result ?? { skipped: existing.state };
  }

  const willRetry = (err: unknown) =>
    !isNonRetriable(err) && !(err instanceof StepError || (err instanceof Error && err.name === "StepError")) && ctx.attempt + 1 < maxAttempts;
  const job = trackedJobContext(database, row, attempt, "inngest");
  const step: JobStep = {
    run: <T>(id: string, fn: () => Promise<T> | T) =>
      ctx.step.run(id, async () => {
        try {
          return await fn();
        } catch (err) {
          // Inngest retries the step itself; the handler only sees the error once the step's retries run out.
          if (willRetry(err)) {
            await database.update(jobs).set({ state: "retrying", error: errorMessage(err) }).where(own);
            await logAttemptFailure(database, row, attempt, maxAttempts, err, "unknown");
          }
          throw err;
        }
      }) as Promise<T>,
    sleep: (id, ms) => ctx.step.sleep(id, ms),
  };

  try {
    const handler = def.handler as (args: JobHandlerArgs<JobEventData>) => Promise<JobResult>;
    const result = await handler({ event: { name: ctx.event.name, data: data as JobEventData }, step, job, db: database });
    await database
      .update(jobs)
      .set({ state: "succeeded", result: result ?? null, error: null, finishedAt: new Date() })
      .where(own);
    return result ?? null;
  } catch (err) {
    const retry = willRetry(err);
    await database
      .update(jobs)
      .set({ state: retry ? "retrying" : "failed", error: errorMessage(err), ...(retry ? {} : { finishedAt: new Date() }) })
      .where(own);
    await logAttemptFailure(database, row, attempt, maxAttempts, err, retry ? "unknown" : null);
    throw err;
  }
}
