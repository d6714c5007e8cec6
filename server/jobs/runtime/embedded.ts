import crypto from "node:crypto";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { and, asc, eq, inArray, isNull, lt, lte, ne, notExists, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db as processDb, type Db } from "@/db/client";
import { cronState, jobs, jobSteps } from "@/db/schema";
import { tellOtherWorkers } from "@/server/cluster";
import { env } from "@/server/env";
import { log } from "@/server/log";
import {
  isNonRetriable,
  logAttemptFailure,
  errorMessage,
  NonRetriableError,
  trackedJobContext,
  untrackedJobContext,
  type CronJobFunction,
  type EventJobFunction,
  type JobFunction,
  type JobHandlerArgs,
  type JobStep,
} from "../define";

/**
 * The embedded runner: runs the job functions in this process over the database, for a single machine without
 * Inngest. Jobs are claimed with `FOR UPDATE SKIP LOCKED` and held by a lease (`locked_by`/`locked_until`) that a
 * heartbeat extends; a job whose worker died is picked up again once its lease expires. Step results are stored in
 * `job_steps`, so a retried or resumed job skips the steps that finished. A partial unique index lets at most one job
 * per concurrency key be `running`. Cron functions are fired once per slot, claimed through `cron_state`; they have no
 * partner and so no jobs row, and a failed cron run is logged and tried again at its next slot.
 */

export interface Backoff {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 10_000, maxMs: 60 * 60_000 };

/**
 * Delay before the retry that follows failed attempt `attempt` (1-based): exponential, capped, with "equal jitter"
 * (half fixed, half random), i.e. within [ceiling/2, ceiling] where ceiling = min(maxMs, baseMs·2^(attempt-1)).
 */
export function backoffDelay(attempt: number, backoff: Backoff = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export interface EmbeddedRunnerOptions {
  functions: readonly JobFunction[];
  /** How often to look for due jobs and cron slots when nothing nudges the runner. */
  pollMs?: number;
  workerId?: string;
  /** How long a claim holds a job without a heartbeat; a job of a dead worker is resumed after this. */
  leaseMs?: number;
  /** Jobs run at the same time by this runner (jobs sharing a concurrency key never do). */
  maxParallel?: number;
  backoff?: Backoff;
  /**
   * Yield to request handling: while jobs are being enqueued and the event loop is saturated (utilization at or
   * above this share), new claims wait (jobs in hand go on), at most `maxYieldMs` between claims, so a burst of
   * deliveries is answered first and its jobs run right after. 0 or undefined: never wait.
   */
  yieldAboveUtilization?: number;
  /** Longest a claim waits while yielding (default 1000 ms); then one pass claims up to capacity anyway. */
  maxYieldMs?: number;
  /**
   * Fire the cron schedules of `functions` (default: JOBS_CRON, on). The test suite turns them off so a schedule
   * that comes due mid-test never adds jobs to another test's database; cron tests turn them on explicitly.
   */
  cron?: boolean;
  /** Injectable clock and randomness, for tests. */
  now?: () => Date;
  random?: () => number;
}

export interface EmbeddedRunner {
  readonly workerId: string;
  /** Stops polling and waits for the jobs in hand to finish. */
  stop(): Promise<void>;
  /** Runs until no job or cron slot is due and nothing is in flight (for tests and scripts). */
  drain(): Promise<void>;
  /** Looks for work now instead of at the next poll (enqueueJob calls this). */
  nudge(): void;
  /** A nudge from outside the runner (a job was enqueued): also marks the process as serving work. */
  enqueued?(): void;
}

type JobRow = typeof jobs.$inferSelect;

class SleepSignal extends Error {
  constructor(readonly wakeAt: Date) {
    super(`Sleeping until ${wakeAt.toISOString()}`);
    this.name = "SleepSignal";
  }
}

class LeaseLostError extends Error {
  constructor(jobId: string) {
    super(`Lost the lease on job ${jobId}: another worker took it over`);
    this.name = "LeaseLostError";
  }
}

/** Shared through globalThis so a nudge from a route handler reaches the runner started by the instrumentation hook. */
const globalForRunners = globalThis as unknown as { __kervanRunners?: Set<EmbeddedRunner>; __kervanRunner?: Promise<EmbeddedRunner | null> };
const activeRunners = (globalForRunners.__kervanRunners ??= new Set());

let nudgeForwarded = false;

/**
 * Wakes every embedded runner in this process (no-op when none runs, e.g. on Inngest). In an `npm start` worker
 * that runs no jobs, the nudge goes to the worker that does (at most one message per 10 ms; it merges them anyway).
 */
export function nudgeEmbeddedRunners() {
  if (activeRunners.size === 0) {
    if (nudgeForwarded || env().jobsRuntime !== "embedded") return;
    if (tellOtherWorkers({ kervan: "jobs-nudge" })) {
      nudgeForwarded = true;
      setTimeout(() => (nudgeForwarded = false), 10).unref();
    }
    return;
  }
  for (const runner of activeRunners) (runner.enqueued ?? runner.nudge).call(runner);
}

function toJson(value: unknown): unknown {
  const text = value === undefined ? undefined : JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as unknown);
}

function pgErrorCode(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 5; e = e.cause as typeof e, i++) {
    if (typeof e.code === "string") return e.code;
  }
  return undefined;
}

function defaultWorkerId() {
  return `${os.hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
}

export function startEmbeddedRunner(db: Db, opts: EmbeddedRunnerOptions): EmbeddedRunner {
  const workerId = opts.workerId ?? defaultWorkerId();
  const pollMs = opts.pollMs ?? 2000;
  const leaseMs = opts.leaseMs ?? 60_000;
  const maxParallel = Math.max(1, opts.maxParallel ?? 4);
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  const clock = opts.now ?? (() => new Date());
  const random = opts.random ?? Math.random;

  const eventFns = new Map<string, EventJobFunction>();
  const cronFns: CronJobFunction[] = [];
  for (const fn of opts.functions) {
    if (eventFns.has(fn.id) || cronFns.some((c) => c.id === fn.id)) throw new Error(`Two job functions share the id "${fn.id}"`);
    if (fn.kind === "cron") {
      if (opts.cron ?? env().JOBS_CRON === "on") cronFns.push(fn);
    } else eventFns.set(fn.id, fn);
  }
  const types = [...eventFns.keys()];

  const inFlight = new Set<Promise<void>>();
  const cronRunning = new Set<string>();
  const cronNextDue = new Map<string, number>();
  let stopped = false;
  let pumping: Promise<unknown> = Promise.resolve();
  let nudgeScheduled = false;
  /** A nudged pass is queued behind the running one and has not started: further nudges join it. */
  let passWaiting = false;
  const yieldAbove = opts.yieldAboveUtilization ?? 0;
  const maxYieldMs = opts.maxYieldMs ?? 1000;
  let lastEnqueueAt = -Infinity;
  let lastClaimAt = performance.now();
  let elu = performance.eventLoopUtilization();
  let eluAt = performance.now();
  let busy = false;
  let yieldTimer: ReturnType<typeof setTimeout> | undefined;

  /** True while enqueues keep coming and the event loop had no room in the last ~100 ms. */
  function saturated(now: number): boolean {
    if (!(yieldAbove > 0) || now - lastEnqueueAt > 250) return false;
    if (now - eluAt >= 100) {
      const next = performance.eventLoopUtilization();
      busy = performance.eventLoopUtilization(next, elu).utilization >= yieldAbove;
      elu = next;
      eluAt = now;
    }
    return busy;
  }

  /** A nudged pass: claims wait while the process is saturated with requests, up to maxYieldMs. */
  function nudgedPass() {
    if (passWaiting || stopped) return;
    passWaiting = true;
    const pass = pumping.then(() => {
      passWaiting = false;
      const now = performance.now();
      if (inFlight.size < maxParallel && saturated(now) && now - lastClaimAt < maxYieldMs) {
        yieldTimer ??= setTimeout(() => {
          yieldTimer = undefined;
          nudgedPass();
        }, 50);
        return fireDueCrons();
      }
      return pumpOnce();
    });
    pumping = pass.catch(() => undefined);
    pass.catch((err: unknown) => log.error("Embedded job runner: poll failed", { workerId, error: errorMessage(err) }));
  }

  function track(work: Promise<void>) {
    const p: Promise<void> = work
      .catch((err: unknown) => log.error("Embedded job runner: unexpected error", { workerId, error: errorMessage(err) }))
      .finally(() => {
        inFlight.delete(p);
        runner.nudge();
      });
    inFlight.add(p);
  }

  /** One pass: fire due cron slots, then claim due jobs up to capacity. Passes never overlap. */
  function pump(): Promise<number> {
    const pass = pumping.then(pumpOnce);
    pumping = pass.catch(() => undefined);
    return pass;
  }

  async function pumpOnce(): Promise<number> {
    if (stopped) return 0;
    let started = await fireDueCrons();
    while (!stopped && inFlight.size < maxParallel && types.length > 0) {
      lastClaimAt = performance.now();
      const row = await claim();
      if (!row) break;
      track(execute(row));
      started++;
    }
    return started;
  }

  async function claim(): Promise<JobRow | null> {
    const now = clock();
    // run_after comes from the database clock in microseconds, `now` in milliseconds: without the extra
    // millisecond a job enqueued within the same millisecond looks not yet due, and drain() stops short.
    const dueBy = new Date(now.getTime() + 1);
    const other = alias(jobs, "other");
    const due = db
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        and(
          inArray(jobs.type, types),
          or(
            and(inArray(jobs.state, ["queued", "retrying"]), lte(jobs.runAfter, dueBy)),
            // Left running by a worker whose lease ran out (it crashed or was stopped): resume it.
            and(eq(jobs.state, "running"), lt(jobs.lockedUntil, now)),
          ),
          or(
            isNull(jobs.concurrencyKey),
            notExists(
              db
                .select({ one: sql`1` })
                .from(other)
                .where(and(eq(other.concurrencyKey, jobs.concurrencyKey), eq(other.state, "running"), ne(other.id, jobs.id))),
            ),
          ),
        ),
      )
      .orderBy(asc(jobs.runAfter), asc(jobs.createdAt))
      .limit(1)
      .for("update", { skipLocked: true });
    try {
      const [row] = await db
        .update(jobs)
        .set({
          state: "running",
          lockedBy: workerId,
          lockedUntil: new Date(now.getTime() + leaseMs),
          attempts: sql`${jobs.attempts} + 1`,
          startedAt: sql`coalesce(${jobs.startedAt}, ${now.toISOString()}::timestamptz)`,
          finishedAt: null,
        })
        .where(inArray(jobs.id, due))
        .returning();
      return row ?? null;
    } catch (err) {
      // Another worker started a job with the same concurrency key between our check and our update.
      if (pgErrorCode(err) === "23505") return null;
      throw err;
    }
  }

  const mine = (jobId: string) => and(eq(jobs.id, jobId), eq(jobs.lockedBy, workerId), eq(jobs.state, "running"));

  function holdLease(jobId: string) {
    let lost = false;
    const extend = async () => {
      const held = await db
        .update(jobs)
        .set({ lockedUntil: new Date(clock().getTime() + leaseMs) })
        .where(mine(jobId))
        .returning({ id: jobs.id });
      if (held.length === 0) lost = true;
    };
    const timer = setInterval(() => {
      extend().catch((err: unknown) => log.warn("Embedded job runner: heartbeat failed", { jobId, error: errorMessage(err) }));
    }, Math.max(1000, Math.floor(leaseMs / 3)));
    timer.unref?.();
    return {
      /** Before each step: extend the lease, or stop if another worker has taken the job over. */
      async check() {
        if (!lost) await extend();
        if (lost) throw new LeaseLostError(jobId);
      },
      stop: () => clearInterval(timer),
    };
  }

  function durableStep(row: JobRow, done: Map<string, unknown>, lease: ReturnType<typeof holdLease>): JobStep {
    const seen = new Map<string, number>();
    // Same rule as Inngest: a repeated id gets a counter, so loops over the same step id stay distinct.
    const stepKey = (id: string) => {
      const n = seen.get(id) ?? 0;
      seen.set(id, n + 1);
      return n === 0 ? id : `${id}:${n}`;
    };
    const save = (stepId: string, output: unknown) =>
      db.insert(jobSteps).values({ jobId: row.id, partnerId: row.partnerId, stepId, output }).onConflictDoNothing();
    return {
      async run<T>(id: string, fn: () => Promise<T> | T): Promise<T> {
        const key = stepKey(id);
        if (done.has(key)) return done.get(key) as T;
        await lease.check();
        const output = toJson(await fn());
        await save(key, output);
        done.set(key, output);
        return output as T;
      },
      async sleep(id: string, ms: number) {
        const key = stepKey(id);
        const stored = done.get(key) as { wakeAt?: string } | undefined;
        if (stored?.wakeAt) {
          const wakeAt = new Date(stored.wakeAt);
          if (wakeAt.getTime() <= clock().getTime()) return;
          throw new SleepSignal(wakeAt);
        }
        if (ms <= 0) return;
        await lease.check();
        const wakeAt = new Date(clock().getTime() + ms);
        await save(key, { wakeAt: wakeAt.toISOString() });
        done.set(key, { wakeAt: wakeAt.toISOString() });
        throw new SleepSignal(wakeAt);
      },
    };
  }

  async function execute(row: JobRow): Promise<void> {
    const def = eventFns.get(row.type);
    if (!def) return;
    const lease = holdLease(row.id);
    try {
      if (row.attempts > row.maxAttempts) {
        throw new NonRetriableError(`Gave up after ${row.maxAttempts} attempts: the worker running it stopped each time`);
      }
      const checked = await def.event.schema["~standard"].validate(row.payload);
      if (checked.issues) {
        throw new NonRetriableError(`Job payload does not match ${def.event.name}: ${checked.issues.map((i) => i.message).join("; ")}`);
      }
      const stored = await db.select().from(jobSteps).where(eq(jobSteps.jobId, row.id));
      const done = new Map(stored.map((s) => [s.stepId, s.output] as const));
      const args: JobHandlerArgs<unknown> = {
        event: { name: row.event, data: checked.value },
        step: durableStep(row, done, lease),
        job: trackedJobContext(db, row, row.attempts, "embedded"),
        db,
      };
      const result = await (def.handler as (a: JobHandlerArgs<unknown>) => Promise<Record<string, unknown> | void>)(args);
      await settle(row, { state: "succeeded", result: result ?? null, error: null, finishedAt: clock() });
    } catch (err) {
      if (err instanceof SleepSignal) {
        // Not a failure: give the job back until it wakes; the resumed run is the same attempt.
        await settle(row, { state: "queued", runAfter: err.wakeAt, attempts: sql`${jobs.attempts} - 1` });
      } else if (err instanceof LeaseLostError) {
        log.warn("Embedded job runner: job taken over by another worker", { jobId: row.id, workerId });
      } else if (isNonRetriable(err) || row.attempts >= row.maxAttempts) {
        if (await settle(row, { state: "failed", error: errorMessage(err), finishedAt: clock() })) {
          await logAttemptFailure(db, row, row.attempts, row.maxAttempts, err, null);
        }
      } else {
        const delay = backoffDelay(row.attempts, backoff, random);
        const runAfter = new Date(clock().getTime() + delay);
        if (await settle(row, { state: "retrying", error: errorMessage(err), runAfter })) {
          await logAttemptFailure(db, row, row.attempts, row.maxAttempts, err, delay);
        }
      }
    } finally {
      lease.stop();
    }
  }

  /** Final write of an attempt, only while this worker still holds the job; false when the lease was lost. */
  async function settle(row: JobRow, set: Partial<Record<keyof JobRow, unknown>>): Promise<boolean> {
    const updated = await db
      .update(jobs)
      .set({ ...(set as object), lockedBy: null, lockedUntil: null })
      .where(mine(row.id))
      .returning({ id: jobs.id });
    if (updated.length === 0) log.warn("Embedded job runner: job was taken over before it finished", { jobId: row.id, workerId });
    return updated.length > 0;
  }

  async function fireDueCrons(): Promise<number> {
    let fired = 0;
    for (const fn of cronFns) {
      if (stopped || cronRunning.has(fn.id)) continue;
      const now = clock();
      if (now.getTime() < (cronNextDue.get(fn.id) ?? 0)) continue;
      // The first sight of a schedule starts it from now: no catch-up run for slots before it existed.
      await db.insert(cronState).values({ functionId: fn.id, lastRunAt: now }).onConflictDoNothing();
      // One run per slot, even with several runners: only the update that moves last_run_at forward wins.
      // After downtime only the latest missed slot runs.
      const slot = fn.schedule.previous(now);
      const won = await db
        .update(cronState)
        .set({ lastRunAt: slot })
        .where(and(eq(cronState.functionId, fn.id), lt(cronState.lastRunAt, slot)))
        .returning({ functionId: cronState.functionId });
      cronNextDue.set(fn.id, fn.schedule.next(slot).getTime());
      if (won.length === 0) continue;
      cronRunning.add(fn.id);
      fired++;
      track(runCron(fn, slot).finally(() => cronRunning.delete(fn.id)));
    }
    return fired;
  }

  async function runCron(fn: CronJobFunction, slot: Date) {
    const step: JobStep = {
      run: async <T>(_id: string, body: () => Promise<T> | T) => toJson(await body()) as T,
      sleep: (_id, ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    };
    try {
      await fn.handler({ event: { name: "inngest/scheduled.timer", data: { cron: fn.cron } }, step, job: untrackedJobContext(fn.id, 1, "embedded"), db });
      log.info("Cron job finished", { job: fn.id, slot: slot.toISOString() });
    } catch (err) {
      log.error("Cron job failed; it runs again at its next slot", { job: fn.id, slot: slot.toISOString(), error: errorMessage(err) });
    }
  }

  const timer = setInterval(() => runner.nudge(), pollMs);
  timer.unref?.();

  const runner: EmbeddedRunner = {
    workerId,
    nudge() {
      if (stopped || nudgeScheduled) return;
      nudgeScheduled = true;
      setTimeout(() => {
        nudgeScheduled = false;
        nudgedPass();
      }, 0);
    },
    enqueued() {
      lastEnqueueAt = performance.now();
      runner.nudge();
    },
    async drain() {
      for (;;) {
        const started = await pump();
        if (started === 0 && inFlight.size === 0) return;
        if (inFlight.size > 0) await Promise.race(inFlight);
      }
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (yieldTimer) clearTimeout(yieldTimer);
      activeRunners.delete(runner);
      await pumping;
      await Promise.allSettled([...inFlight]);
    },
  };
  activeRunners.add(runner);
  runner.nudge();
  return runner;
}

/**
 * The process-wide runner the app uses (started from Next's instrumentation hook through server/startup).
 * Resolves to null when jobs run on Inngest.
 */
export function ensureEmbeddedRunner(): Promise<EmbeddedRunner | null> {
  if (env().jobsRuntime !== "embedded") return Promise.resolve(null);
  globalForRunners.__kervanRunner ??= (async () => {
    const [{ jobFunctions }, database] = await Promise.all([import("../functions"), processDb()]);
    // Webhook bursts are answered first: the runner holds back new claims while they saturate the process.
    return startEmbeddedRunner(database, { functions: jobFunctions, pollMs: 2000, yieldAboveUtilization: 0.9 });
  })().catch((err: unknown) => {
    globalForRunners.__kervanRunner = undefined;
    throw err;
  });
  return globalForRunners.__kervanRunner;
}
