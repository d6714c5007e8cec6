import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { connections } from "./connections";
import { partners } from "./partners";

export const jobState = pgEnum("job_state", ["queued", "running", "retrying", "succeeded", "failed", "cancelled"]);
export const logLevel = pgEnum("log_level", ["debug", "info", "warn", "error"]);
export const itemStatus = pgEnum("item_status", ["succeeded", "failed", "skipped"]);

/** One run of a background function, whichever runtime (Inngest or embedded) executes it. */
export const jobs = pgTable(
  "jobs",
  {
    id: uuid().primaryKey().defaultRandom(),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    connectionId: uuid().references(() => connections.id, { onDelete: "set null" }),
    /** Function id, e.g. `connection-test`. */
    type: text().notNull(),
    event: text().notNull(),
    state: jobState().notNull().default("queued"),
    payload: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    result: jsonb().$type<Record<string, unknown>>(),
    error: text(),
    progressDone: integer().notNull().default(0),
    progressTotal: integer(),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull().default(4),
    idempotencyKey: text(),
    /** Only one job with the same key runs at a time (e.g. one sync per connection). */
    concurrencyKey: text(),
    runAfter: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lockedBy: text(),
    lockedUntil: timestamp({ withTimezone: true }),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("jobs_idempotency_unique").on(t.type, t.idempotencyKey),
    index("jobs_partner_created_idx").on(t.partnerId, t.createdAt),
    index("jobs_due_idx").on(t.state, t.runAfter),
    /** The database itself guarantees the embedded runner's "one running job per key" across workers. */
    uniqueIndex("jobs_running_concurrency_unique").on(t.concurrencyKey).where(sql`state = 'running'`),
  ],
);

/** Durable step results: a retried job skips the steps that already finished. */
export const jobSteps = pgTable(
  "job_steps",
  {
    jobId: uuid()
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    partnerId: uuid().notNull(),
    stepId: text().notNull(),
    output: jsonb(),
    finishedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.stepId] })],
);

export const jobItems = pgTable(
  "job_items",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    jobId: uuid()
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    partnerId: uuid().notNull(),
    ref: text().notNull(),
    status: itemStatus().notNull(),
    message: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("job_items_job_idx").on(t.jobId),
    /** One result per item per job: a retried or replayed job updates the item instead of adding a second row. */
    uniqueIndex("job_items_job_ref_unique").on(t.jobId, t.ref),
  ],
);

export const jobLogs = pgTable(
  "job_logs",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    jobId: uuid()
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    partnerId: uuid().notNull(),
    level: logLevel().notNull().default("info"),
    message: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("job_logs_job_idx").on(t.jobId, t.at)],
);

/** Last fire time of each cron schedule on the embedded runner; not partner data. */
export const cronState = pgTable("cron_state", {
  functionId: text().primaryKey(),
  lastRunAt: timestamp({ withTimezone: true }).notNull(),
});
