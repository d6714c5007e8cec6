import type { Db } from "@/db/client";
import { apiCalls } from "@/db/schema";
import { log } from "@/server/log";

export type ApiCallRow = typeof apiCalls.$inferInsert;

/** Rows wait at most this long, or until this many are queued, before one multi-row insert. */
const FLUSH_AFTER_MS = 50;
const FLUSH_AT_ROWS = 200;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Writes api_calls off the request path: rows are queued and inserted in batches, failures are logged and
 * dropped. A request never waits for, nor fails because of, its own record.
 */
export class CallRecorder {
  private queue: ApiCallRow[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing = new Set<Promise<void>>();

  constructor(private db: Db) {}

  record(row: ApiCallRow) {
    // The columns are uuids: a call made before its connection exists (a first connection test) is not recorded.
    if (!UUID.test(row.partnerId) || !UUID.test(row.connectionId)) return;
    this.queue.push(row);
    if (this.queue.length >= FLUSH_AT_ROWS) this.drain();
    else this.timer ??= setTimeout(() => this.drain(), FLUSH_AFTER_MS);
  }

  /** Writes everything queued and waits for every write in flight (tests, shutdown). */
  async flush(): Promise<void> {
    this.drain();
    while (this.writing.size) await Promise.all([...this.writing]);
  }

  private drain() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.queue.length) return;
    const rows = this.queue.splice(0);
    const write = this.insert(rows).finally(() => this.writing.delete(write));
    this.writing.add(write);
  }

  private async insert(rows: ApiCallRow[]): Promise<void> {
    try {
      await this.db.insert(apiCalls).values(rows);
      return;
    } catch (err) {
      if (rows.length === 1) {
        log.warn("api call not recorded", { error: (err as Error)?.message, platform: rows[0]!.platform, operation: rows[0]!.operation });
        return;
      }
    }
    // One bad row (say, a partner deleted meanwhile) must not lose the others.
    let lost = 0;
    let lastError: unknown;
    for (const row of rows) {
      try {
        await this.db.insert(apiCalls).values(row);
      } catch (err) {
        lost++;
        lastError = err;
      }
    }
    if (lost) log.warn("api calls not recorded", { lost, of: rows.length, error: (lastError as Error)?.message });
  }
}

const recorders = new WeakMap<Db, CallRecorder>();

/** One recorder per database handle, shared by every client in the process. */
export function recorderFor(db: Db): CallRecorder {
  let r = recorders.get(db);
  if (!r) {
    r = new CallRecorder(db);
    recorders.set(db, r);
  }
  return r;
}
