import { bigserial, boolean, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { partners } from "./partners";

/** Every call to a platform API, for the dashboard: counts, error rate, response-time percentiles. */
export const apiCalls = pgTable(
  "api_calls",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    connectionId: uuid().notNull(),
    platform: text().notNull(),
    operation: text().notNull(),
    method: text().notNull(),
    status: integer(),
    ok: boolean().notNull(),
    errorKind: text(),
    latencyMs: integer().notNull(),
    requestBytes: integer().notNull().default(0),
    responseBytes: integer().notNull().default(0),
    retries: integer().notNull().default(0),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("api_calls_partner_at_idx").on(t.partnerId, t.at), index("api_calls_connection_at_idx").on(t.connectionId, t.at)],
);

/**
 * Shared rate-limit state per (connection, bucket): a token bucket kept in the database so every process
 * that talks to the platform for this connection draws from the same allowance.
 */
export const rateLimitBuckets = pgTable("rate_limit_buckets", {
  key: text().primaryKey(),
  tokens: doublePrecision().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  /** Set from the platform's own hints (Retry-After, 429, 420): nobody calls before this. */
  blockedUntil: timestamp({ withTimezone: true }),
});

/** A webhook delivery as received: stored once per (platform, event id), forever. */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    connectionId: uuid().notNull(),
    platform: text().notNull(),
    /** The platform's event id, or a hash of the body where the platform sends none. */
    eventId: text(),
    topic: text(),
    verified: boolean().notNull(),
    verificationError: text(),
    /** Payload with secrets redacted. */
    payload: jsonb().$type<Record<string, unknown>>(),
    platformTimestamp: timestamp({ withTimezone: true }),
    jobId: uuid(),
    deliveries: integer().notNull().default(1),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("webhook_events_platform_event_unique").on(t.platform, t.eventId),
    index("webhook_events_partner_idx").on(t.partnerId, t.receivedAt),
  ],
);
