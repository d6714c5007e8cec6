import { bigserial, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { connections } from "./connections";
import { partners } from "./partners";

export interface Address {
  name?: string;
  company?: string;
  line1?: string;
  line2?: string;
  district?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
  phone?: string;
  taxId?: string;
}

/** An order as the platform reports it, stored once per (connection, external id). */
export const orders = pgTable(
  "orders",
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
    orderNumber: text(),
    status: text().notNull(),
    platformStatus: text().notNull(),
    currency: text().notNull(),
    totalAmount: numeric({ precision: 14, scale: 2 }).notNull(),
    customerName: text(),
    customerEmail: text(),
    customerPhone: text(),
    billingAddress: jsonb().$type<Address>(),
    shippingAddress: jsonb().$type<Address>(),
    orderedAt: timestamp({ withTimezone: true }).notNull(),
    /** The platform's last-modified time: newer state wins, older deliveries are ignored. */
    platformUpdatedAt: timestamp({ withTimezone: true }).notNull(),
    raw: jsonb().$type<Record<string, unknown>>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("orders_connection_external_unique").on(t.connectionId, t.externalId),
    index("orders_partner_ordered_idx").on(t.partnerId, t.orderedAt),
  ],
);

export const orderLines = pgTable(
  "order_lines",
  {
    id: uuid().primaryKey().defaultRandom(),
    partnerId: uuid().notNull(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    externalId: text().notNull(),
    sku: text(),
    barcode: text(),
    title: text().notNull(),
    quantity: integer().notNull(),
    unitPrice: numeric({ precision: 14, scale: 2 }).notNull(),
    discount: numeric({ precision: 14, scale: 2 }).notNull().default("0"),
    status: text(),
    packageExternalId: text(),
  },
  (t) => [uniqueIndex("order_lines_order_external_unique").on(t.orderId, t.externalId)],
);

/** A shipment package (Trendyol's unit of fulfilment; one per order elsewhere). */
export const shipmentPackages = pgTable(
  "shipment_packages",
  {
    id: uuid().primaryKey().defaultRandom(),
    partnerId: uuid().notNull(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    externalId: text().notNull(),
    status: text().notNull(),
    carrier: text(),
    trackingNumber: text(),
    invoiceNumber: text(),
    platformUpdatedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex("shipment_packages_order_external_unique").on(t.orderId, t.externalId)],
);

export const orderStatusHistory = pgTable(
  "order_status_history",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    partnerId: uuid().notNull(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    status: text().notNull(),
    platformStatus: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("order_status_history_order_idx").on(t.orderId, t.at)],
);
