import { bigserial, index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { partners } from "./partners";

export const activityLevel = pgEnum("activity_level", ["success", "error", "info"]);

/** What happened, in the seller's words; kept ACTIVITY_RETENTION_DAYS days. */
export const activityLog = pgTable(
  "activity_log",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    connectionId: uuid(),
    platform: text(),
    jobId: uuid(),
    level: activityLevel().notNull(),
    message: text().notNull(),
    details: jsonb().$type<Record<string, unknown>>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("activity_partner_created_idx").on(t.partnerId, t.createdAt)],
);
