import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { orderLines, orders, orderStatusHistory, shipmentPackages, type Address } from "@/db/schema";

/** An order as an adapter reports it, already mapped to the hub's shape (pure transforms live per platform). */
export interface IncomingOrder {
  externalId: string;
  orderNumber?: string;
  /** The hub's status (e.g. new, picking, invoiced, shipped, delivered, cancelled, returned). */
  status: string;
  /** The platform's own status word, kept for display and mapping audits. */
  platformStatus: string;
  currency: string;
  totalAmount: string;
  customer?: { name?: string; email?: string; phone?: string };
  billingAddress?: Address;
  shippingAddress?: Address;
  orderedAt: Date;
  /** The platform's last-modified time of this state: a delivery older than what is stored changes nothing. */
  platformUpdatedAt: Date;
  lines: { externalId: string; sku?: string; barcode?: string; title: string; quantity: number; unitPrice: string; discount?: string; status?: string; packageExternalId?: string }[];
  packages?: { externalId: string; status: string; carrier?: string; trackingNumber?: string; invoiceNumber?: string }[];
  raw?: Record<string, unknown>;
}

export type UpsertOutcome = "created" | "updated" | "unchanged" | "stale";

/**
 * Stores an order once per (connection, external id), whatever the order in which webhooks and polls deliver it:
 * a newer state replaces the stored one (with its lines and packages), an older or equal one is ignored.
 */
export async function upsertOrder(db: Db, partnerId: string, connectionId: string, platform: string, o: IncomingOrder): Promise<{ orderId: string; outcome: UpsertOutcome }> {
  return db.transaction(async (tx) => {
    const values = {
      partnerId,
      connectionId,
      platform,
      externalId: o.externalId,
      orderNumber: o.orderNumber ?? null,
      status: o.status,
      platformStatus: o.platformStatus,
      currency: o.currency,
      totalAmount: o.totalAmount,
      customerName: o.customer?.name ?? null,
      customerEmail: o.customer?.email ?? null,
      customerPhone: o.customer?.phone ?? null,
      billingAddress: o.billingAddress ?? null,
      shippingAddress: o.shippingAddress ?? null,
      orderedAt: o.orderedAt,
      platformUpdatedAt: o.platformUpdatedAt,
      raw: o.raw ?? null,
    };
    // Insert, or update only when this state is newer: one statement, so concurrent deliveries cannot interleave.
    const [row] = await tx
      .insert(orders)
      .values(values)
      .onConflictDoUpdate({
        target: [orders.connectionId, orders.externalId],
        set: { ...values, updatedAt: new Date() },
        setWhere: sql`${orders.platformUpdatedAt} < excluded.platform_updated_at and ${orders.partnerId} = excluded.partner_id`,
      })
      .returning({ id: orders.id, inserted: sql<boolean>`(xmax = 0)` });
    if (!row) {
      const [existing] = await tx
        .select({ id: orders.id, at: orders.platformUpdatedAt })
        .from(orders)
        .where(and(eq(orders.partnerId, partnerId), eq(orders.connectionId, connectionId), eq(orders.externalId, o.externalId)));
      if (!existing) throw new Error(`Order ${o.externalId} belongs to another partner`);
      return { orderId: existing.id, outcome: existing.at.getTime() === o.platformUpdatedAt.getTime() ? ("unchanged" as const) : ("stale" as const) };
    }
    const orderId = row.id;
    // Lines and packages are replaced by the newer state (the platform's view is the truth).
    await tx.delete(orderLines).where(and(eq(orderLines.partnerId, partnerId), eq(orderLines.orderId, orderId)));
    if (o.lines.length) {
      await tx.insert(orderLines).values(
        o.lines.map((l) => ({
          partnerId,
          orderId,
          externalId: l.externalId,
          sku: l.sku ?? null,
          barcode: l.barcode ?? null,
          title: l.title,
          quantity: l.quantity,
          unitPrice: l.unitPrice,
          discount: l.discount ?? "0",
          status: l.status ?? null,
          packageExternalId: l.packageExternalId ?? null,
        })),
      );
    }
    await tx.delete(shipmentPackages).where(and(eq(shipmentPackages.partnerId, partnerId), eq(shipmentPackages.orderId, orderId)));
    if (o.packages?.length) {
      await tx.insert(shipmentPackages).values(
        o.packages.map((p) => ({
          partnerId,
          orderId,
          externalId: p.externalId,
          status: p.status,
          carrier: p.carrier ?? null,
          trackingNumber: p.trackingNumber ?? null,
          invoiceNumber: p.invoiceNumber ?? null,
          platformUpdatedAt: o.platformUpdatedAt,
        })),
      );
    }
    const [last] = await tx
      .select({ status: orderStatusHistory.status })
      .from(orderStatusHistory)
      .where(and(eq(orderStatusHistory.partnerId, partnerId), eq(orderStatusHistory.orderId, orderId)))
      .orderBy(desc(orderStatusHistory.at))
      .limit(1);
    if (last?.status !== o.status) {
      await tx.insert(orderStatusHistory).values({ partnerId, orderId, status: o.status, platformStatus: o.platformStatus, at: o.platformUpdatedAt });
    }
    return { orderId, outcome: row.inserted ? ("created" as const) : ("updated" as const) };
  });
}

/** An order with its lines, packages and status history, for the partner only. */
export async function getOrder(db: Db, partnerId: string, orderId: string) {
  const [order] = await db.select().from(orders).where(and(eq(orders.partnerId, partnerId), eq(orders.id, orderId)));
  if (!order) return undefined;
  const [lines, packages, history] = await Promise.all([
    db.select().from(orderLines).where(and(eq(orderLines.partnerId, partnerId), eq(orderLines.orderId, orderId))),
    db.select().from(shipmentPackages).where(and(eq(shipmentPackages.partnerId, partnerId), eq(shipmentPackages.orderId, orderId))),
    db.select().from(orderStatusHistory).where(and(eq(orderStatusHistory.partnerId, partnerId), eq(orderStatusHistory.orderId, orderId))).orderBy(orderStatusHistory.at),
  ]);
  return { ...order, lines, packages, history };
}

export async function countOrders(db: Db, partnerId: string, connectionIds: string[]) {
  if (!connectionIds.length) return 0;
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(orders)
    .where(and(eq(orders.partnerId, partnerId), inArray(orders.connectionId, connectionIds)));
  return r?.n ?? 0;
}
