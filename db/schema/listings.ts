import { index, integer, jsonb, numeric, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { variants } from "./catalog";
import { connections } from "./connections";
import { partners } from "./partners";

export const listingStatus = pgEnum("listing_status", ["draft", "pending", "active", "rejected", "archived", "deleted", "error"]);

/** A variant's presence on one connection: what was last pushed, so a sync sends only what changed. */
export const listings = pgTable(
  "listings",
  {
    id: uuid().primaryKey().defaultRandom(),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    connectionId: uuid()
      .notNull()
      .references(() => connections.id, { onDelete: "cascade" }),
    variantId: uuid()
      .notNull()
      .references(() => variants.id, { onDelete: "cascade" }),
    externalProductId: text(),
    externalVariantId: text(),
    status: listingStatus().notNull().default("draft"),
    /** SHA-256 of the content last accepted by the platform. */
    contentHash: text(),
    pushedQuantity: integer(),
    pushedSalePrice: numeric({ precision: 14, scale: 2 }),
    pushedListPrice: numeric({ precision: 14, scale: 2 }),
    lastPushedAt: timestamp({ withTimezone: true }),
    lastError: text(),
    lastBatchId: text(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("listings_connection_variant_unique").on(t.connectionId, t.variantId),
    index("listings_partner_idx").on(t.partnerId, t.connectionId),
    index("listings_external_idx").on(t.connectionId, t.externalVariantId),
  ],
);

/** Platform reference data (brands, categories, attributes), shared by every partner: not partner data. */
export const referenceData = pgTable(
  "reference_data",
  {
    platform: text().notNull(),
    kind: text().notNull(),
    externalId: text().notNull(),
    parentId: text(),
    name: text().notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    fetchedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("reference_data_unique").on(t.platform, t.kind, t.externalId), index("reference_data_name_idx").on(t.platform, t.kind, t.name)],
);
