import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { log } from "@/server/log";

/**
 * Calls are spaced evenly at the documented rate (a token bucket holding at most one token): that is the only
 * shape that stays inside every reading of "N per T" (sliding window like Trendyol, fixed window, token bucket),
 * and for long runs it is as fast as a burst-then-wait schedule.
 */
export const BUCKET_CAPACITY = 1;

/**
 * N calls are spread over T plus this allowance, so that jitter between our send time and the platform's arrival
 * time (a cold connection, a slow handshake, a busy event loop) never puts N+1 calls in one window of the platform.
 * Cost: 2.5% on Trendyol's 50 per 10 s (205 ms instead of 200 ms between calls).
 */
export const JITTER_ALLOWANCE = { minMs: 250, shareOfWindow: 0.02 };

/** Without a documented limit the bucket still exists, so that server hints reach every process. */
export const UNLIMITED_RATE = 1_000_000;

export interface Bucket {
  /** `${connectionId}:${bucket}`, the primary key of rate_limit_buckets. */
  key: string;
  /** Tokens per second. */
  rate: number;
  /**
   * For limits the platform counts in a sliding window (Trendyol: 50 per 10 s per endpoint): up to `requests` calls
   * go at once, and the next group waits until `windowMs` (the window plus the jitter allowance) after the first.
   * Two groups are never closer than a full window, so no window of the platform ever sees more than `requests`.
   */
  burst?: { requests: number; windowMs: number };
}

export interface Take {
  /** How long to wait before sending (the reserved slot). */
  waitMs: number;
  /** How long the bucket is blocked by a server hint. */
  blockedMs: number;
  /** The block is longer than the caller will wait: nothing was taken. */
  refused: boolean;
}

export interface BucketStore {
  /** Reserves the next slot (the caller sleeps until it), unless a hint blocks the bucket for more than maxBlockMs. */
  take(bucket: Bucket, maxBlockMs: number): Promise<Take>;
  /** A server hint: nobody calls through this bucket for `ms`. */
  block(bucket: Bucket, ms: number): Promise<void>;
}

export function bucketFor(connectionId: string, name: string, rule: { requests: number; perSeconds: number; burst?: boolean } | undefined): Bucket {
  if (!rule) return { key: `${connectionId}:${name}`, rate: UNLIMITED_RATE };
  const windowMs = rule.perSeconds * 1000;
  const spreadOverMs = windowMs + Math.max(JITTER_ALLOWANCE.minMs, windowMs * JITTER_ALLOWANCE.shareOfWindow);
  const rate = rule.requests / (spreadOverMs / 1000);
  return { key: `${connectionId}:${name}`, rate, ...(rule.burst ? { burst: { requests: rule.requests, windowMs: spreadOverMs } } : {}) };
}

interface MemoryState {
  tokens: number;
  at: number;
  blockedUntil: number;
}

/** The same bucket in process memory, for clients without a database (and when the database is unavailable). */
export class MemoryBucketStore implements BucketStore {
  private state = new Map<string, MemoryState>();

  async take(bucket: Bucket, maxBlockMs: number): Promise<Take> {
    const now = performance.now();
    if (bucket.burst) return this.takeFromWindow(bucket, bucket.burst, maxBlockMs, now);
    const s = this.state.get(bucket.key) ?? { tokens: BUCKET_CAPACITY, at: now, blockedUntil: 0 };
    this.state.set(bucket.key, s);
    const blockedMs = Math.max(0, s.blockedUntil - now);
    if (blockedMs > maxBlockMs) return { waitMs: blockedMs, blockedMs, refused: true };
    refill(s, bucket.rate, now);
    s.tokens -= 1;
    const waitMs = Math.max(0, (-s.tokens / bucket.rate) * 1000, blockedMs);
    return { waitMs, blockedMs, refused: false };
  }

  /** Window mode: `tokens` counts the calls of the group that starts at `at` (which may lie in the future). */
  private takeFromWindow(bucket: Bucket, w: NonNullable<Bucket["burst"]>, maxBlockMs: number, now: number): Take {
    const s = this.state.get(bucket.key) ?? { tokens: 0, at: now, blockedUntil: 0 };
    this.state.set(bucket.key, s);
    const blockedMs = Math.max(0, s.blockedUntil - now);
    if (blockedMs > maxBlockMs) return { waitMs: blockedMs, blockedMs, refused: true };
    if (s.at + w.windowMs <= now) {
      s.at = now;
      s.tokens = 0;
    } else if (s.tokens >= w.requests) {
      s.at += w.windowMs;
      s.tokens = 0;
    }
    s.tokens += 1;
    const waitMs = Math.max(0, s.at - now, blockedMs);
    return { waitMs, blockedMs, refused: false };
  }

  async block(bucket: Bucket, ms: number): Promise<void> {
    const now = performance.now();
    if (bucket.burst) {
      const s = this.state.get(bucket.key) ?? { tokens: 0, at: now, blockedUntil: 0 };
      this.state.set(bucket.key, s);
      // The next group starts when the block ends (a group already reserved beyond it is kept).
      if (s.at < now + ms) {
        s.at = now + ms;
        s.tokens = 0;
      }
      s.blockedUntil = Math.max(s.blockedUntil, now + ms);
      return;
    }
    const s = this.state.get(bucket.key) ?? { tokens: BUCKET_CAPACITY, at: now, blockedUntil: 0 };
    this.state.set(bucket.key, s);
    refill(s, bucket.rate, now);
    // The first slot after the block is at now + ms; a queue already reaching beyond it is kept.
    s.tokens = Math.min(s.tokens, BUCKET_CAPACITY - (ms / 1000) * bucket.rate);
    s.blockedUntil = Math.max(s.blockedUntil, now + ms);
  }
}

function refill(s: MemoryState, rate: number, now: number) {
  s.tokens = Math.min(BUCKET_CAPACITY, s.tokens + (Math.max(0, now - s.at) / 1000) * rate);
  s.at = now;
}

type Rows = { rows: Record<string, unknown>[] };

/**
 * The bucket in rate_limit_buckets, shared by every process on the database. Each take is one atomic upsert that
 * refills by the time elapsed since the last take and reserves the next slot, returning how long until that slot:
 * concurrent callers queue behind each other and each sleeps once, nobody polls. Times come from the database
 * clock so processes on different machines agree.
 */
export class DbBucketStore implements BucketStore {
  private lastWarning = 0;
  constructor(
    private db: Db,
    private fallback: BucketStore,
  ) {}

  async take(bucket: Bucket, maxBlockMs: number): Promise<Take> {
    const cap = BUCKET_CAPACITY;
    const blockedTooLong = sql`b.blocked_until > statement_timestamp() + ${maxBlockMs}::float8 * interval '1 millisecond'`;
    const window = bucket.burst ? sql`${bucket.burst.windowMs}::float8 * interval '1 millisecond'` : undefined;
    // Window mode: tokens counts the calls of the group that starts at updated_at (possibly in the future).
    const query = bucket.burst
      ? sql`
      insert into rate_limit_buckets as b (key, tokens, updated_at)
      values (${bucket.key}::text, 1, statement_timestamp())
      on conflict (key) do update set
        tokens = case when ${blockedTooLong} then b.tokens
          when b.updated_at + ${window} <= statement_timestamp() then 1
          when b.tokens >= ${bucket.burst.requests}::float8 then 1
          else b.tokens + 1 end,
        updated_at = case when ${blockedTooLong} then b.updated_at
          when b.updated_at + ${window} <= statement_timestamp() then statement_timestamp()
          when b.tokens >= ${bucket.burst.requests}::float8 then b.updated_at + ${window}
          else b.updated_at end
      returning
        greatest(0, extract(epoch from b.updated_at - statement_timestamp())::float8 * 1000)::float8 as wait_ms,
        coalesce(greatest(0, extract(epoch from b.blocked_until - statement_timestamp())::float8 * 1000), 0)::float8 as blocked_ms`
      : sql`
      insert into rate_limit_buckets as b (key, tokens, updated_at)
      values (${bucket.key}::text, ${cap}::float8 - 1, statement_timestamp())
      on conflict (key) do update set
        tokens = case when ${blockedTooLong} then b.tokens
          else least(${cap}::float8, b.tokens + greatest(0, extract(epoch from excluded.updated_at - b.updated_at)::float8) * ${bucket.rate}::float8) - 1 end,
        updated_at = case when ${blockedTooLong} then b.updated_at else greatest(b.updated_at, excluded.updated_at) end
      returning
        greatest(0, (-b.tokens / ${bucket.rate}::float8) * 1000 + extract(epoch from b.updated_at - statement_timestamp())::float8 * 1000)::float8 as wait_ms,
        coalesce(greatest(0, extract(epoch from b.blocked_until - statement_timestamp())::float8 * 1000), 0)::float8 as blocked_ms`;
    try {
      const row = ((await this.db.execute(query)) as unknown as Rows).rows[0]!;
      const blockedMs = Number(row.blocked_ms);
      const refused = blockedMs > maxBlockMs;
      return { waitMs: refused ? blockedMs : Math.max(Number(row.wait_ms), blockedMs), blockedMs, refused };
    } catch (err) {
      this.warn(err);
      return this.fallback.take(bucket, maxBlockMs);
    }
  }

  async block(bucket: Bucket, ms: number): Promise<void> {
    const cap = BUCKET_CAPACITY;
    const rate = sql`${bucket.rate}::float8`;
    const until = sql`statement_timestamp() + ${ms}::float8 * interval '1 millisecond'`;
    // Window mode: the next group starts when the block ends (a group already reserved beyond it is kept).
    const query = bucket.burst
      ? sql`
      insert into rate_limit_buckets as b (key, tokens, updated_at, blocked_until)
      values (${bucket.key}::text, 0, ${until}, ${until})
      on conflict (key) do update set
        tokens = case when b.updated_at < excluded.updated_at then 0 else b.tokens end,
        updated_at = greatest(b.updated_at, excluded.updated_at),
        blocked_until = greatest(b.blocked_until, excluded.blocked_until)`
      : sql`
      insert into rate_limit_buckets as b (key, tokens, updated_at, blocked_until)
      values (${bucket.key}::text, ${cap}::float8 - ${ms}::float8 / 1000 * ${rate}, statement_timestamp(),
              statement_timestamp() + ${ms}::float8 * interval '1 millisecond')
      on conflict (key) do update set
        tokens = least(
          least(${cap}::float8, b.tokens + greatest(0, extract(epoch from excluded.updated_at - b.updated_at)::float8) * ${rate}),
          excluded.tokens + greatest(0, extract(epoch from b.updated_at - excluded.updated_at)::float8) * ${rate}),
        updated_at = greatest(b.updated_at, excluded.updated_at),
        blocked_until = greatest(b.blocked_until, excluded.blocked_until)`;
    try {
      await this.db.execute(query);
    } catch (err) {
      this.warn(err);
    }
    // Mirrored in memory so that this process honours the hint even when the database is unavailable.
    await this.fallback.block(bucket, ms);
  }

  private warn(err: unknown) {
    const now = Date.now();
    if (now - this.lastWarning < 60_000) return;
    this.lastWarning = now;
    log.warn("rate limiter: database unavailable, limiting in this process only", { error: (err as Error)?.message });
  }
}

/** Thrown by acquire when a server hint blocks the bucket for longer than the caller will wait. */
export class BucketBlocked extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`Rate limit: blocked for ${Math.round(retryAfterMs)} ms`);
  }
}

/** The hints this process has set per bucket (a counter and the latest end), so a caller that slept through one takes a new slot. */
interface LocalBlock {
  epoch: number;
  until: number;
}
const globalForLimiter = globalThis as unknown as { __kervanHttpBuckets?: MemoryBucketStore; __kervanHttpBlocks?: Map<string, LocalBlock> };

/** One in-memory bucket store per process, shared by every client (and every copy of this module). */
export function processBucketStore(): MemoryBucketStore {
  globalForLimiter.__kervanHttpBuckets ??= new MemoryBucketStore();
  return globalForLimiter.__kervanHttpBuckets;
}

function localBlocks(): Map<string, LocalBlock> {
  globalForLimiter.__kervanHttpBlocks ??= new Map();
  return globalForLimiter.__kervanHttpBlocks;
}

export class RateLimiter {
  constructor(
    private store: BucketStore,
    private sleep: (ms: number) => Promise<void>,
  ) {}

  /** Waits for this call's slot (one sleep); returns the time waited. Throws BucketBlocked past maxBlockMs. */
  async acquire(bucket: Bucket, maxBlockMs: number): Promise<number> {
    let waited = 0;
    for (;;) {
      const epoch = localBlocks().get(bucket.key)?.epoch ?? 0;
      const take = await this.store.take(bucket, maxBlockMs);
      if (take.refused) throw new BucketBlocked(take.blockedMs);
      if (take.waitMs < 1) return waited;
      const slot = Date.now() + take.waitMs;
      await this.sleep(take.waitMs);
      waited += take.waitMs;
      // A hint that arrived in this process while we slept, ending after our slot, moved the slot behind it.
      const block = localBlocks().get(bucket.key);
      if (!block || block.epoch === epoch || block.until <= slot) return waited;
    }
  }

  async block(bucket: Bucket, ms: number): Promise<void> {
    if (!(ms > 0)) return;
    const prev = localBlocks().get(bucket.key);
    localBlocks().set(bucket.key, { epoch: (prev?.epoch ?? 0) + 1, until: Math.max(prev?.until ?? 0, Date.now() + ms) });
    await this.store.block(bucket, ms);
  }
}
