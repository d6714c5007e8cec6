import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { connections } from "./connections";
import { partners } from "./partners";

/**
 * An asynchronous batch sent to a platform (Trendyol batchRequestId, Ozon task_id, Wildberries upload id):
 * tracked until the platform reports every item, whose results are written onto the listings.
 */
export const platformBatches = pgTable(
  "platform_batches",
  {
    id: uuid().primaryKey().defaultRandom(),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    connectionId: uuid()
      .notNull()
      .references(() => connections.id, { onDelete: "cascade" }),
    platform: text().notNull(),
    /** create-products, update-content, stock-price, archive, delete … */
    kind: text().notNull(),
    externalBatchId: text(),
    /** SHA-256 of the request body: platforms that refuse an identical body within a window are never sent one. */
    bodyHash: text().notNull(),
    itemCount: integer().notNull(),
    failedCount: integer(),
    /** submitted → completed | failed | expired (the platform forgot the results before we read them). */
    status: text().notNull().default("submitted"),
    jobId: uuid(),
    result: jsonb().$type<Record<string, unknown>>(),
    submittedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
    /** When the platform stops keeping the results (Trendyol: 4 hours). */
    resultsExpireAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("platform_batches_connection_idx").on(t.partnerId, t.connectionId, t.submittedAt),
    index("platform_batches_hash_idx").on(t.connectionId, t.kind, t.bodyHash, t.submittedAt),
    uniqueIndex("platform_batches_external_unique").on(t.connectionId, t.externalBatchId),
  ],
);

/** A webhook registered on a platform for a connection (Trendyol's webhook API, Shopify subscriptions). */
export const platformWebhooks = pgTable(
  "platform_webhooks",
  {
    id: uuid().primaryKey().defaultRandom(),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    connectionId: uuid()
      .notNull()
      .references(() => connections.id, { onDelete: "cascade" }),
    platform: text().notNull(),
    externalId: text().notNull(),
    url: text().notNull(),
    topics: jsonb().$type<string[]>().notNull().default([]),
    authenticationType: text(),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("platform_webhooks_external_unique").on(t.connectionId, t.externalId), index("platform_webhooks_partner_idx").on(t.partnerId)],
);

/** How a catalog category and its attributes map to a platform's category and attributes, per connection. */
export const categoryMappings = pgTable(
  "category_mappings",
  {
    id: uuid().primaryKey().defaultRandom(),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    connectionId: uuid()
      .notNull()
      .references(() => connections.id, { onDelete: "cascade" }),
    /** The catalog's own category text (products.category). */
    catalogCategory: text().notNull(),
    platformCategoryId: text().notNull(),
    /** Platform attribute id → { from: catalog attribute name } or { value: fixed value id/text }. */
    attributes: jsonb().$type<Record<string, { from?: string; value?: string }>>().notNull().default({}),
    brandId: text(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("category_mappings_unique").on(t.connectionId, t.catalogCategory)],
);
