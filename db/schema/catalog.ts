import { index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { partners } from "./partners";

/** A product of the partner's own catalog: the one truth every platform is kept in step with. */
export const products = pgTable(
  "products",
  {
    id: uuid().primaryKey().defaultRandom(),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    /** The partner's own product code (model code); groups variants. */
    code: text().notNull(),
    title: text().notNull(),
    description: text().notNull().default(""),
    brand: text(),
    category: text(),
    attributes: jsonb().$type<Record<string, string>>().notNull().default({}),
    images: jsonb().$type<string[]>().notNull().default([]),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("products_partner_code_unique").on(t.partnerId, t.code)],
);

export const variants = pgTable(
  "variants",
  {
    id: uuid().primaryKey().defaultRandom(),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    sku: text().notNull(),
    barcode: text(),
    /** Options such as colour, model, size. */
    options: jsonb().$type<Record<string, string>>().notNull().default({}),
    attributes: jsonb().$type<Record<string, string>>().notNull().default({}),
    images: jsonb().$type<string[]>().notNull().default([]),
    salePrice: numeric({ precision: 14, scale: 2 }),
    listPrice: numeric({ precision: 14, scale: 2 }),
    currency: text().notNull().default("TRY"),
    weightGrams: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("variants_partner_sku_unique").on(t.partnerId, t.sku),
    index("variants_product_idx").on(t.productId),
    index("variants_partner_barcode_idx").on(t.partnerId, t.barcode),
  ],
);

export const warehouses = pgTable(
  "warehouses",
  {
    id: uuid().primaryKey().defaultRandom(),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    code: text().notNull(),
    name: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("warehouses_partner_code_unique").on(t.partnerId, t.code)],
);

export const stockLevels = pgTable(
  "stock_levels",
  {
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    variantId: uuid()
      .notNull()
      .references(() => variants.id, { onDelete: "cascade" }),
    warehouseId: uuid()
      .notNull()
      .references(() => warehouses.id, { onDelete: "cascade" }),
    quantity: integer().notNull().default(0),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.variantId, t.warehouseId] }), index("stock_partner_idx").on(t.partnerId)],
);
