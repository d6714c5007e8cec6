// The seller's status updates on a Trendyol shipment package, run by the trendyol-orders-action job: Picking,
// Invoiced (with the invoice number), cancel lines with a reason. After Trendyol accepts, the package is fetched
// again so the stored state is Trendyol's, not a guess.
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobs, orderLines, orders } from "@/db/schema";
import { createTrendyolHttp } from "@/server/platforms/trendyol/client";
import {
  cancelPackageItems,
  changeCargoProvider,
  TRENDYOL_CANCEL_REASONS,
  TRENDYOL_CARGO_PROVIDERS,
  updatePackageStatus,
  type PackageLine,
  type TrendyolCancelReason,
  type TrendyolCargoProvider,
} from "@/server/platforms/trendyol/orders";
import { buildConnectionContext, ConnectionUnavailableError } from "../connection-context";
import { syncTrendyolPackages, type TrendyolSyncOptions } from "./orders";

export const ORDER_ACTION_JOB = "trendyol-orders-action";

export type TrendyolOrderAction =
  | { action: "picking" }
  | { action: "invoiced"; invoiceNumber: string }
  | { action: "cancel"; reasonId: TrendyolCancelReason; lines: PackageLine[] }
  | { action: "carrier"; cargoProvider: TrendyolCargoProvider };

/** A request the seller can fix (wrong state, unknown line): the job fails at once with this message. */
export class OrderActionRefused extends Error {
  constructor(
    readonly code: "notTrendyol" | "invoiceRequired" | "unknownReason" | "noLines" | "unknownLine" | "tooManyItems" | "unknownCarrier",
    message: string,
  ) {
    super(message);
    this.name = "OrderActionRefused";
  }
}

export function isCancelReason(n: number): n is TrendyolCancelReason {
  return (TRENDYOL_CANCEL_REASONS as readonly number[]).includes(n);
}

/** The stored order (one Trendyol package) with its lines, only for its partner. */
async function loadPackage(db: Db, partnerId: string, orderId: string) {
  const [order] = await db
    .select({ id: orders.id, connectionId: orders.connectionId, platform: orders.platform, externalId: orders.externalId, platformStatus: orders.platformStatus })
    .from(orders)
    .where(and(eq(orders.partnerId, partnerId), eq(orders.id, orderId)));
  if (!order) return undefined;
  const lines = await db
    .select({ externalId: orderLines.externalId, quantity: orderLines.quantity })
    .from(orderLines)
    .where(and(eq(orderLines.partnerId, partnerId), eq(orderLines.orderId, orderId)));
  return { ...order, lines };
}

/** Checks an action against the stored package before a job is queued; returns the order's connection. */
export async function checkOrderAction(db: Db, partnerId: string, orderId: string, action: TrendyolOrderAction) {
  const pkg = await loadPackage(db, partnerId, orderId);
  if (!pkg) return undefined;
  if (pkg.platform !== "trendyol") throw new OrderActionRefused("notTrendyol", "Only Trendyol packages can be updated here");
  if (action.action === "invoiced" && !action.invoiceNumber.trim()) throw new OrderActionRefused("invoiceRequired", "An invoice number is required");
  if (action.action === "carrier" && !(TRENDYOL_CARGO_PROVIDERS as readonly string[]).includes(action.cargoProvider))
    throw new OrderActionRefused("unknownCarrier", `Unknown carrier ${action.cargoProvider}`);
  if (action.action === "cancel") {
    if (!isCancelReason(action.reasonId)) throw new OrderActionRefused("unknownReason", `Unknown cancellation reason ${action.reasonId}`);
    if (!action.lines.length) throw new OrderActionRefused("noLines", "Choose at least one line to cancel");
    for (const l of action.lines) {
      const line = pkg.lines.find((x) => x.externalId === String(l.lineId));
      if (!line) throw new OrderActionRefused("unknownLine", `Line ${l.lineId} is not in this package`);
      if (l.quantity < 1 || l.quantity > line.quantity) throw new OrderActionRefused("tooManyItems", `Line ${l.lineId} has ${line.quantity} items`);
    }
  }
  return { connectionId: pkg.connectionId, packageId: pkg.externalId };
}

/** Sends the action to Trendyol, then stores the package as Trendyol now reports it. */
export async function runOrderAction(db: Db, partnerId: string, orderId: string, action: TrendyolOrderAction, opts: TrendyolSyncOptions = {}) {
  const pkg = await loadPackage(db, partnerId, orderId);
  if (!pkg) throw new ConnectionUnavailableError("The order no longer exists");
  const ctx = await buildConnectionContext(db, partnerId, pkg.connectionId, { sandboxUrl: opts.sandboxUrl });
  const sellerId = (ctx.settings.sellerId ?? "").trim();
  const http = createTrendyolHttp(ctx, { db });
  // Picking and Invoiced apply to the whole package: Trendyol wants every line with its quantity.
  const allLines = pkg.lines.map((l) => ({ lineId: Number(l.externalId), quantity: l.quantity }));
  if (action.action === "picking") await updatePackageStatus(http, sellerId, pkg.externalId, { status: "Picking", lines: allLines });
  else if (action.action === "invoiced")
    await updatePackageStatus(http, sellerId, pkg.externalId, { status: "Invoiced", lines: allLines, invoiceNumber: action.invoiceNumber.trim() });
  else if (action.action === "carrier") await changeCargoProvider(http, sellerId, pkg.externalId, action.cargoProvider);
  else await cancelPackageItems(http, sellerId, pkg.externalId, { lines: action.lines, reasonId: action.reasonId });

  const invoiceNumbers = action.action === "invoiced" ? new Map([[pkg.externalId, action.invoiceNumber.trim()]]) : undefined;
  const synced = await syncTrendyolPackages(db, partnerId, pkg.connectionId, [pkg.externalId], { ...opts, invoiceNumbers });
  const [after] = await db.select({ status: orders.status, platformStatus: orders.platformStatus }).from(orders).where(and(eq(orders.partnerId, partnerId), eq(orders.id, orderId)));
  return { packageId: pkg.externalId, action: action.action, status: after?.status ?? null, platformStatus: after?.platformStatus ?? null, refreshed: synced.missing.length === 0 };
}

/** The action jobs of one order, newest first, with their state and result: what the package detail shows. */
export async function listOrderActionJobs(db: Db, partnerId: string, orderId: string) {
  return db
    .select({ id: jobs.id, state: jobs.state, payload: jobs.payload, result: jobs.result, error: jobs.error, createdAt: jobs.createdAt, finishedAt: jobs.finishedAt })
    .from(jobs)
    .where(and(eq(jobs.partnerId, partnerId), inArray(jobs.type, [ORDER_ACTION_JOB]), sql`${jobs.payload}->>'orderId' = ${orderId}`))
    .orderBy(desc(jobs.createdAt))
    .limit(20);
}
