import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections, jobs } from "@/db/schema";
import { env } from "@/server/env";
import { log, redact } from "@/server/log";
import { inngest } from "./client";
import { errorMessage, type EventJobFunction } from "./define";
import { findJobFunction, type JobType } from "./functions";
import { nudgeEmbeddedRunners } from "./runtime/embedded";

export interface EnqueueJobInput {
  type: JobType;
  partnerId: string;
  connectionId?: string;
  /** Further ids the job's event carries (never secrets: the job reads what it needs from the database). */
  data?: Record<string, unknown>;
  /** A second enqueue with the same type and key returns the first job instead of starting another. */
  idempotencyKey?: string;
}

export interface EnqueueJobResult {
  jobId: string;
  created: boolean;
}

export interface EnqueueOptions {
  /** Defaults to env().jobsRuntime. */
  runtime?: "inngest" | "embedded";
  /** Defaults to the Inngest client's send (tests pass a fake). */
  send?: (event: { name: string; data: Record<string, unknown>; id: string }) => Promise<unknown>;
}

/**
 * Records a job (its row is what the Jobs page shows on either runtime) and hands it to the active runtime:
 * an event to Inngest, or a nudge to the embedded runner (which also polls).
 */
export async function enqueueJob(db: Db, input: EnqueueJobInput, opts: EnqueueOptions = {}): Promise<EnqueueJobResult> {
  const def = findJobFunction(input.type);
  if (!def) throw new Error(`Unknown job type "${input.type}"`);
  return enqueueFunction(db, def, input, opts);
}

type JobDefinition = Pick<EventJobFunction, "id" | "event" | "retries" | "concurrency" | "throttle">;

/** A job row ready to insert and the event that hands it to the runtime, validated; no database work. */
export interface PreparedJob {
  row: typeof jobs.$inferInsert & { id: string };
  event: { name: string; data: Record<string, unknown>; id: string };
  runtime: "inngest" | "embedded";
}

/**
 * Builds and checks a job (ids-only payload, event schema, per-connection rules). Callers that must write the job
 * together with their own rows in one statement (the webhook intake) insert `row` themselves and then `dispatchJob`.
 */
export async function prepareJob(def: JobDefinition, input: Omit<EnqueueJobInput, "type">, opts: EnqueueOptions = {}): Promise<PreparedJob> {
  const runtime = opts.runtime ?? env().jobsRuntime;
  const { partnerId, connectionId } = input;
  if ((def.concurrency?.key === "connection" || def.throttle?.key === "connection") && !connectionId) {
    throw new Error(`Job "${def.id}" runs per connection: connectionId is required`);
  }
  const jobId = crypto.randomUUID();
  const data: Record<string, unknown> = { ...input.data, jobId, partnerId, ...(connectionId ? { connectionId } : {}) };
  if (JSON.stringify(redact(data)) !== JSON.stringify(data)) {
    throw new Error("Job payloads carry ids only; the job reads credentials from the vault itself");
  }
  const checked = await def.event.schema["~standard"].validate(data);
  if (checked.issues) throw new Error(`Invalid data for ${def.event.name}: ${checked.issues.map((i) => i.message).join("; ")}`);
  const payload = checked.value as Record<string, unknown>;
  // Only the embedded runner reads it; Inngest enforces the same limit from the function's concurrency key.
  const concurrencyKey =
    runtime === "embedded" && def.concurrency
      ? `${def.concurrency.lane ? `${def.concurrency.lane}:` : ""}${def.concurrency.key}:${def.concurrency.key === "connection" ? connectionId : partnerId}`
      : null;
  return {
    runtime,
    row: {
      id: jobId,
      partnerId,
      connectionId: connectionId ?? null,
      type: def.id,
      event: def.event.name,
      payload,
      maxAttempts: def.retries + 1,
      idempotencyKey: input.idempotencyKey ?? null,
      concurrencyKey,
    },
    event: { name: def.event.name, data: payload, id: input.idempotencyKey ? `${def.id}:${input.idempotencyKey}` : jobId },
  };
}

/** Hands an inserted job to its runtime: the event to Inngest, or a nudge to the embedded runner. */
export async function dispatchJob(prepared: Pick<PreparedJob, "event" | "runtime">, opts: EnqueueOptions = {}) {
  if (prepared.runtime === "inngest") {
    try {
      await (opts.send ?? ((e) => inngest.send(e)))(prepared.event);
    } catch (err) {
      log.error("Could not hand the job to Inngest; it stays queued", { jobId: prepared.event.data.jobId, error: errorMessage(err) });
      throw err;
    }
  } else {
    nudgeEmbeddedRunners();
  }
}

/** enqueueJob for a given definition (tests use it with functions that are not in the app's list). */
export async function enqueueFunction(db: Db, def: JobDefinition, input: Omit<EnqueueJobInput, "type">, opts: EnqueueOptions = {}): Promise<EnqueueJobResult> {
  const { partnerId, connectionId } = input;
  if (connectionId) {
    const [owned] = await db
      .select({ id: connections.id })
      .from(connections)
      .where(and(eq(connections.id, connectionId), eq(connections.partnerId, partnerId)));
    if (!owned) throw new Error("Connection not found");
  }
  const prepared = await prepareJob(def, input, opts);
  const { runtime } = prepared;
  const jobId = prepared.row.id;

  const inserted = await db
    .insert(jobs)
    .values(prepared.row)
    .onConflictDoNothing({ target: [jobs.type, jobs.idempotencyKey] })
    .returning({ id: jobs.id });

  let result: EnqueueJobResult;
  let event = prepared.event;
  if (inserted.length > 0) {
    result = { jobId, created: true };
  } else {
    const [existing] = await db
      .select()
      .from(jobs)
      .where(and(eq(jobs.type, def.id), eq(jobs.idempotencyKey, input.idempotencyKey ?? "")));
    if (!existing || existing.partnerId !== partnerId) throw new Error("This idempotency key is already used by another job");
    result = { jobId: existing.id, created: false };
    // Sent again only while it never started, in case the first send failed; Inngest drops the duplicate event id.
    if (runtime !== "inngest" || existing.state !== "queued" || existing.attempts > 0) return result;
    event = { ...event, data: existing.payload };
  }

  await dispatchJob({ event, runtime }, opts);
  return result;
}
