import { index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { partners } from "./partners";

export const connectionStatus = pgEnum("connection_status", ["pending", "connected", "failed", "disabled"]);
export const connectionEnvironment = pgEnum("connection_environment", ["production", "sandbox"]);

/** A partner's account on one platform. Secrets live only in `credentialsCiphertext` (see server/vault). */
export const connections = pgTable(
  "connections",
  {
    id: uuid().primaryKey().defaultRandom(),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    platform: text().notNull(),
    name: text().notNull(),
    environment: connectionEnvironment().notNull().default("production"),
    status: connectionStatus().notNull().default("pending"),
    /** Non-secret manifest fields (seller id, shop domain, …). */
    settings: jsonb().$type<Record<string, string>>().notNull().default({}),
    credentialsCiphertext: text(),
    credentialsKeyId: text(),
    /** Last four characters of each secret field, for display. */
    credentialHints: jsonb().$type<Record<string, string>>().notNull().default({}),
    lastTestedAt: timestamp({ withTimezone: true }),
    lastTestResult: text(),
    lastTestMessage: text(),
    /** What the product learned about the account (e.g. Sentos's working auth scheme); not secret. */
    memory: jsonb().$type<Record<string, string>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("connections_partner_idx").on(t.partnerId, t.platform)],
);

/** Admin-managed API configuration, one row per platform; not partner data. */
export const platformApiConfigs = pgTable("platform_api_configs", {
  platform: text().primaryKey(),
  endpointOverride: text(),
  authType: text().notNull(),
  rateLimit: text().notNull(),
  docsUrl: text().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedBy: text(),
});
