// Importing Trendyol shipment packages: a scheduled import through the stream cursor from a watermark kept on the
// connection, and targeted syncs of given package ids (webhooks, after a status update). Each package is stored
// once per (connection, package id) by upsertOrder, whose newest-state-wins makes the order of arrival irrelevant.
import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections, orders, shipmentPackages } from "@/db/schema";
import { createTrendyolHttp } from "@/server/platforms/trendyol/client";
import { getShipmentPackagesByIds, getShipmentPackagesStream } from "@/server/platforms/trendyol/orders";
import { transformShipmentPackage, trendyolPackageId, type TrendyolShipmentPackage } from "@/server/platforms/trendyol/transform-orders";
import { upsertOrder, type UpsertOutcome } from "@/server/services/orders";
import { buildConnectionContext, ConnectionUnavailableError } from "../connection-context";

/** connections.memory key: epoch ms up to which every modified package has been imported. */
export const ORDERS_WATERMARK_KEY = "trendyolOrdersWatermark";
/** A first import looks back two weeks. */
export const FIRST_IMPORT_LOOKBACK_MS = 14 * 86_400_000;
/** Each import starts a little before the watermark: clocks differ, and a repeat costs only an "unchanged". */
export const WATERMARK_OVERLAP_MS = 5 * 60_000;

export type ImportCounts = {
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  stale: number;
};

const emptyCounts = (): ImportCounts => ({ fetched: 0, created: 0, updated: 0, unchanged: 0, stale: 0 });

export interface TrendyolSyncOptions {
  sandboxUrl?: string;
  now?: number;
}

async function trendyolConnection(db: Db, partnerId: string, connectionId: string, opts: TrendyolSyncOptions) {
  const ctx = await buildConnectionContext(db, partnerId, connectionId, { sandboxUrl: opts.sandboxUrl });
  if (ctx.platform !== "trendyol") throw new ConnectionUnavailableError("This is not a Trendyol connection");
  const sellerId = (ctx.settings.sellerId ?? ctx.credentials.sellerId ?? "").trim();
  if (!/^\d+$/.test(sellerId)) throw new ConnectionUnavailableError("The Trendyol seller id must be a number");
  return { ctx, sellerId, http: createTrendyolHttp(ctx, { db }) };
}

/** Invoice numbers Kervan sent for these packages: Trendyol's package model does not return them. */
async function storedInvoiceNumbers(db: Db, partnerId: string, connectionId: string, externalIds: string[]) {
  if (!externalIds.length) return new Map<string, string>();
  const rows = await db
    .select({ externalId: shipmentPackages.externalId, invoiceNumber: shipmentPackages.invoiceNumber })
    .from(shipmentPackages)
    .innerJoin(orders, eq(orders.id, shipmentPackages.orderId))
    .where(
      and(
        eq(orders.partnerId, partnerId),
        eq(shipmentPackages.partnerId, partnerId),
        eq(orders.connectionId, connectionId),
        inArray(shipmentPackages.externalId, externalIds),
        isNotNull(shipmentPackages.invoiceNumber),
      ),
    );
  return new Map(rows.map((r) => [r.externalId, r.invoiceNumber!]));
}

/** Stores packages (any order, any age): each one once, the newest state winning. */
export async function storeShipmentPackages(
  db: Db,
  partnerId: string,
  connectionId: string,
  packages: TrendyolShipmentPackage[],
  overrides: { invoiceNumbers?: Map<string, string> } = {},
): Promise<{ counts: ImportCounts; outcomes: { packageId: string; orderId: string; outcome: UpsertOutcome }[] }> {
  const counts = emptyCounts();
  const outcomes: { packageId: string; orderId: string; outcome: UpsertOutcome }[] = [];
  const ids = packages.map((p) => trendyolPackageId(p)).filter((x): x is string => Boolean(x));
  const invoices = await storedInvoiceNumbers(db, partnerId, connectionId, ids);
  for (const [k, v] of overrides.invoiceNumbers ?? []) invoices.set(k, v);
  for (const pkg of packages) {
    const packageId = trendyolPackageId(pkg);
    if (!packageId) continue;
    counts.fetched++;
    const incoming = transformShipmentPackage(pkg, { invoiceNumber: invoices.get(packageId) });
    const { orderId, outcome } = await upsertOrder(db, partnerId, connectionId, "trendyol", incoming);
    counts[outcome]++;
    outcomes.push({ packageId, orderId, outcome });
  }
  return { counts, outcomes };
}

export async function readOrdersWatermark(db: Db, partnerId: string, connectionId: string): Promise<number | undefined> {
  const [row] = await db
    .select({ memory: connections.memory })
    .from(connections)
    .where(and(eq(connections.partnerId, partnerId), eq(connections.id, connectionId)));
  const v = Number(row?.memory?.[ORDERS_WATERMARK_KEY]);
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

/** Only this key of the connection's memory changes, so concurrent writers of other keys are not overwritten. */
async function writeOrdersWatermark(db: Db, partnerId: string, connectionId: string, at: number) {
  await db
    .update(connections)
    .set({ memory: sql`coalesce(${connections.memory}, '{}'::jsonb) || jsonb_build_object(${ORDERS_WATERMARK_KEY}::text, ${String(at)}::text)` })
    .where(and(eq(connections.partnerId, partnerId), eq(connections.id, connectionId)));
}

/**
 * The scheduled import: every package modified since the watermark, through the stream endpoint (newest first,
 * cursor pages of 200, same filters on every page), then the watermark moves to the time the import started.
 */
export async function importTrendyolOrders(
  db: Db,
  partnerId: string,
  connectionId: string,
  opts: TrendyolSyncOptions & { pageSize?: number; onPage?: (counts: ImportCounts, page: number) => Promise<void> | void } = {},
): Promise<ImportCounts & { pages: number; from: number; to: number }> {
  const { sellerId, http } = await trendyolConnection(db, partnerId, connectionId, opts);
  const to = opts.now ?? Date.now();
  const watermark = await readOrdersWatermark(db, partnerId, connectionId);
  const from = watermark ? watermark - WATERMARK_OVERLAP_MS : to - FIRST_IMPORT_LOOKBACK_MS;
  const counts = emptyCounts();
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await getShipmentPackagesStream(http, sellerId, { lastModifiedStartDate: from, lastModifiedEndDate: to, nextCursor: cursor, size: opts.pageSize });
    pages++;
    const stored = await storeShipmentPackages(db, partnerId, connectionId, page.content);
    for (const k of Object.keys(counts) as (keyof ImportCounts)[]) counts[k] += stored.counts[k];
    await opts.onPage?.(counts, pages);
    cursor = page.hasMore && page.nextCursor ? page.nextCursor : undefined;
  } while (cursor);
  await writeOrdersWatermark(db, partnerId, connectionId, to);
  return { ...counts, pages, from, to };
}

/** A targeted sync: fetches the named packages by id and stores them. Ids Trendyol does not return are reported. */
export async function syncTrendyolPackages(
  db: Db,
  partnerId: string,
  connectionId: string,
  packageIds: string[],
  opts: TrendyolSyncOptions & { invoiceNumbers?: Map<string, string> } = {},
) {
  const { sellerId, http } = await trendyolConnection(db, partnerId, connectionId, opts);
  const packages = await getShipmentPackagesByIds(http, sellerId, packageIds, opts.now);
  const stored = await storeShipmentPackages(db, partnerId, connectionId, packages, { invoiceNumbers: opts.invoiceNumbers });
  const found = new Set(stored.outcomes.map((o) => o.packageId));
  return { ...stored, missing: packageIds.filter((id) => !found.has(String(id))) };
}

/** Active Trendyol connections of every partner, for the schedule. */
export async function activeTrendyolConnections(db: Db) {
  return db
    .select({ id: connections.id, partnerId: connections.partnerId })
    .from(connections)
    .where(and(eq(connections.platform, "trendyol"), inArray(connections.status, ["pending", "connected"])));
}

export interface OrderListFilters {
  connectionId?: string;
  status?: string;
  from?: Date;
  to?: Date;
  /** Part of an order number or package id. */
  search?: string;
  limit: number;
  /** Keyset paging: orders placed before this one (orderedAt, id). */
  before?: { orderedAt: Date; id: string };
}

/**
 * The Orders screen's list (every platform's stored orders, this partner only), newest first.
 * Belongs with upsertOrder in server/services/orders.ts; kept here while that file is shared.
 */
export async function listOrders(db: Db, partnerId: string, f: OrderListFilters) {
  const conds = [eq(orders.partnerId, partnerId)];
  if (f.connectionId) conds.push(eq(orders.connectionId, f.connectionId));
  if (f.status) conds.push(eq(orders.status, f.status));
  if (f.from) conds.push(sql`${orders.orderedAt} >= ${f.from.toISOString()}::timestamptz`);
  if (f.to) conds.push(sql`${orders.orderedAt} < ${f.to.toISOString()}::timestamptz`);
  const search = f.search?.trim();
  if (search) {
    const like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(sql`(${orders.orderNumber} ilike ${like} or ${orders.externalId} ilike ${like})`);
  }
  if (f.before) conds.push(sql`(${orders.orderedAt}, ${orders.id}) < (${f.before.orderedAt.toISOString()}::timestamptz, ${f.before.id}::uuid)`);
  return db
    .select({
      id: orders.id,
      connectionId: orders.connectionId,
      connectionName: connections.name,
      platform: orders.platform,
      externalId: orders.externalId,
      orderNumber: orders.orderNumber,
      status: orders.status,
      platformStatus: orders.platformStatus,
      currency: orders.currency,
      totalAmount: orders.totalAmount,
      customerName: orders.customerName,
      orderedAt: orders.orderedAt,
      platformUpdatedAt: orders.platformUpdatedAt,
    })
    .from(orders)
    .innerJoin(connections, and(eq(connections.id, orders.connectionId), eq(connections.partnerId, partnerId)))
    .where(and(...conds))
    .orderBy(sql`${orders.orderedAt} desc, ${orders.id} desc`)
    .limit(f.limit);
}
