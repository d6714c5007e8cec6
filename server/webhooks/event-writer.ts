import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobs, webhookEvents } from "@/db/schema";
import { log } from "@/server/log";
import type { PreparedJob } from "@/server/jobs/enqueue";

/** A verified delivery to store, with the job that processes it when its event is new. */
export interface VerifiedDelivery {
  id: string;
  partnerId: string;
  connectionId: string;
  platform: string;
  eventId: string;
  topic: string | null;
  /** Redacted payload, already JSON. */
  payloadJson: string;
  platformTimestamp: Date | null;
  job: PreparedJob["row"];
}

export interface StoredDelivery {
  /** The event was new: this delivery's row and job were written (its job must be dispatched). */
  created: boolean;
}

interface Pending {
  delivery: VerifiedDelivery;
  resolve(result: StoredDelivery): void;
  reject(err: unknown): void;
}

/** Most deliveries one statement writes; a burst larger than this goes out in several statements. */
const MAX_BATCH = 256;
/** Statements in flight at once; deliveries that arrive meanwhile wait and go out together in the next one. */
const MAX_IN_FLIGHT = 2;

/**
 * Group commit for the webhook intake: deliveries that arrive while a write is in flight are written together
 * in one statement (and one commit), so a burst costs a few round trips instead of one per delivery. Each
 * statement stores every event once (unique on platform + event id; a repeat only counts the delivery) and, for
 * new events only, their jobs, so an acknowledged event never lacks its job. A quiet intake writes at once.
 */
export class WebhookEventWriter {
  private queue: Pending[] = [];
  private inFlight = 0;

  constructor(private readonly db: Db) {}

  store(delivery: VerifiedDelivery): Promise<StoredDelivery> {
    return new Promise<StoredDelivery>((resolve, reject) => {
      this.queue.push({ delivery, resolve, reject });
      this.flush();
    });
  }

  private flush() {
    while (this.inFlight < MAX_IN_FLIGHT && this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.inFlight++;
      void this.write(batch).finally(() => {
        this.inFlight--;
        this.flush();
      });
    }
  }

  private async write(batch: Pending[]) {
    try {
      settle(batch, await writeDeliveries(this.db, batch.map((p) => p.delivery)));
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err);
        return;
      }
      // One bad delivery must not fail the others: write them one by one, each with its own outcome.
      log.warn("A batch of webhook deliveries failed to store; storing them one by one", { deliveries: batch.length, error: (err as Error).message });
      await Promise.all(
        batch.map(async (p) => {
          try {
            settle([p], await writeDeliveries(this.db, [p.delivery]));
          } catch (one) {
            p.reject(one);
          }
        }),
      );
    }
  }
}

function settle(batch: Pending[], created: Set<string>) {
  for (const p of batch) p.resolve({ created: created.has(p.delivery.id) });
}

/**
 * Writes deliveries in one statement; returns the ids of the deliveries whose event was new (their row and job
 * were inserted). Repeats of one event within the batch become one row counting every delivery, and only the
 * first of them can be the new one.
 */
export async function writeDeliveries(db: Db, deliveries: VerifiedDelivery[]): Promise<Set<string>> {
  const groups = new Map<string, { first: VerifiedDelivery; count: number }>();
  for (const d of deliveries) {
    const key = `${d.platform}\u0000${d.eventId}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { first: d, count: 1 });
  }
  // One order for every statement, so two writes in flight lock the same events in the same order (no deadlock).
  const rows = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
  // The batch travels as one JSON parameter: every driver (PGlite, node-postgres, Neon) sends it the same way.
  const input = JSON.stringify(
    rows.map(({ first: d, count }) => ({
      id: d.id,
      partner_id: d.partnerId,
      connection_id: d.connectionId,
      platform: d.platform,
      event_id: d.eventId,
      topic: d.topic,
      payload: d.payloadJson,
      platform_timestamp: d.platformTimestamp?.toISOString() ?? null,
      deliveries: count,
      job_id: d.job.id,
      job_type: d.job.type,
      job_event: d.job.event,
      job_payload: d.job.payload,
      job_max_attempts: d.job.maxAttempts ?? 4,
      job_idempotency_key: d.job.idempotencyKey ?? null,
      job_concurrency_key: d.job.concurrencyKey ?? null,
    })),
  );
  const result = (await db.execute(sql`
    with input as (
      select * from jsonb_to_recordset(${input}::jsonb) as t(
        id uuid, partner_id uuid, connection_id uuid, platform text, event_id text, topic text, payload text,
        platform_timestamp timestamptz, deliveries int, job_id uuid, job_type text, job_event text, job_payload jsonb,
        job_max_attempts int, job_idempotency_key text, job_concurrency_key text)
    ), ev as (
      insert into ${webhookEvents} (id, partner_id, connection_id, platform, event_id, topic, verified, payload, platform_timestamp, job_id, deliveries)
      select id, partner_id, connection_id, platform, event_id, topic, true, payload::jsonb, platform_timestamp, job_id, deliveries from input
      on conflict (platform, event_id) do update set deliveries = ${webhookEvents}.deliveries + excluded.deliveries
      returning id
    ), job as (
      insert into ${jobs} (id, partner_id, connection_id, type, event, payload, max_attempts, idempotency_key, concurrency_key)
      select job_id, partner_id, connection_id, job_type, job_event, job_payload, job_max_attempts, job_idempotency_key, job_concurrency_key
      from input where input.id in (select id from ev)
      on conflict (type, idempotency_key) do nothing
      returning id
    )
    select input.id from input where input.job_id in (select id from job)
  `)) as unknown as { rows: { id: string }[] };
  return new Set(result.rows.map((r) => r.id));
}

const writers = new WeakMap<Db, WebhookEventWriter>();

/** The process's writer for a database (one queue per database handle). */
export function webhookEventWriter(db: Db): WebhookEventWriter {
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = new WebhookEventWriter(db)));
  return writer;
}
