// Pure mapping of a Trendyol shipment package (getShipmentPackages / stream / webhook model, which are the same)
// to the hub's IncomingOrder. One package is one stored order: Trendyol fulfils, updates and notifies per package,
// and an order number with two packages is two things the seller ships separately.
import type { Address } from "@/db/schema";
import type { IncomingOrder } from "@/server/services/orders";

export interface TrendyolAddress {
  firstName?: string;
  lastName?: string;
  fullName?: string;
  company?: string;
  address1?: string;
  address2?: string;
  fullAddress?: string;
  district?: string;
  city?: string;
  postalCode?: string;
  countryCode?: string;
  phone?: string;
  taxNumber?: string;
}

export interface TrendyolOrderLine {
  id: number;
  quantity: number;
  productName?: string;
  merchantSku?: string;
  sku?: string;
  barcode?: string;
  amount?: number;
  price?: number;
  discount?: number;
  orderLineItemStatusName?: string;
}

export interface TrendyolShipmentPackage {
  id: number;
  shipmentPackageId?: number;
  orderNumber?: string;
  grossAmount?: number;
  totalDiscount?: number;
  totalPrice?: number;
  currencyCode?: string;
  customerFirstName?: string;
  customerLastName?: string;
  customerEmail?: string;
  shipmentAddress?: TrendyolAddress;
  invoiceAddress?: TrendyolAddress;
  cargoTrackingNumber?: string | number;
  cargoProviderName?: string;
  lines?: TrendyolOrderLine[];
  orderDate?: number;
  lastModifiedDate?: number;
  status?: string;
  shipmentPackageStatus?: string;
  invoiceNumber?: string;
}

/**
 * Trendyol package status → hub status, with why (docs scrape "Get Order Packages", Package Status table).
 * Anything not listed keeps its own word, lower-cased, so a new Trendyol status is shown rather than hidden.
 */
export const TRENDYOL_STATUS_MAP: Record<string, { status: string; why: string }> = {
  Awaiting: { status: "awaiting", why: "payment not yet confirmed: Trendyol says to take no action but stock until it is Created" },
  Created: { status: "new", why: "payment confirmed, ready for the seller to prepare" },
  Picking: { status: "picking", why: "the seller reported that preparation started" },
  Invoiced: { status: "invoiced", why: "the seller reported the invoice" },
  Shipped: { status: "shipped", why: "handed to the carrier" },
  AtCollectionPoint: { status: "shipped", why: "still on its way to the customer: waiting at a pick-up point, not yet received" },
  Delivered: { status: "delivered", why: "final: received by the customer" },
  UnDelivered: { status: "undelivered", why: "the carrier could not deliver; it may still be delivered or come back" },
  Returned: { status: "returned", why: "final: came back to the seller undelivered" },
  Cancelled: { status: "cancelled", why: "cancelled by the customer or Trendyol (unsupplied lines included)" },
  UnSupplied: { status: "cancelled", why: "every line was cancelled by the seller as not supplied" },
  UnPacked: { status: "split", why: "the package was split; its items live on in new packages with new ids" },
  Verified: { status: "delivered", why: "delivery verified (a state after Delivered)" },
};

export function hubStatusOf(trendyolStatus: string | undefined): string {
  if (!trendyolStatus) return "unknown";
  return TRENDYOL_STATUS_MAP[trendyolStatus]?.status ?? trendyolStatus.toLowerCase();
}

const text = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);
const money = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v.toFixed(2) : "0.00");

export function trendyolAddress(a: TrendyolAddress | undefined): Address | undefined {
  if (!a) return undefined;
  const name = text(a.fullName) ?? ([text(a.firstName), text(a.lastName)].filter(Boolean).join(" ") || undefined);
  const out: Address = {
    name,
    company: text(a.company),
    line1: text(a.address1) ?? text(a.fullAddress),
    line2: text(a.address2),
    district: text(a.district),
    city: text(a.city),
    postalCode: text(a.postalCode),
    country: text(a.countryCode),
    phone: text(a.phone),
    taxId: text(a.taxNumber),
  };
  const clean = Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as Address;
  return Object.keys(clean).length ? clean : undefined;
}

/** The package id of a package or a webhook payload (the same model; `id` is the package id). */
export function trendyolPackageId(payload: unknown): string | undefined {
  if (typeof payload !== "object" || payload === null) return undefined;
  const p = payload as Record<string, unknown>;
  const id = p.shipmentPackageId ?? p.id;
  return typeof id === "number" || (typeof id === "string" && /^\d+$/.test(id)) ? String(id) : undefined;
}

/**
 * A shipment package → one IncomingOrder keyed by the package id. `invoiceNumber`: the one Kervan sent, since
 * the package model does not return it.
 */
export function transformShipmentPackage(pkg: TrendyolShipmentPackage, opts: { invoiceNumber?: string } = {}): IncomingOrder {
  const externalId = trendyolPackageId(pkg);
  if (!externalId) throw new Error("A Trendyol shipment package without an id");
  const platformStatus = text(pkg.shipmentPackageStatus) ?? text(pkg.status) ?? "Unknown";
  const status = hubStatusOf(platformStatus);
  const orderedAt = new Date(pkg.orderDate ?? pkg.lastModifiedDate ?? 0);
  const platformUpdatedAt = new Date(pkg.lastModifiedDate ?? pkg.orderDate ?? 0);
  const total = typeof pkg.totalPrice === "number" ? pkg.totalPrice : (pkg.grossAmount ?? 0) - (pkg.totalDiscount ?? 0);
  const customerName = [text(pkg.customerFirstName), text(pkg.customerLastName)].filter(Boolean).join(" ") || undefined;
  const tracking = pkg.cargoTrackingNumber === undefined || pkg.cargoTrackingNumber === null ? undefined : text(String(pkg.cargoTrackingNumber));
  const invoiceNumber = text(pkg.invoiceNumber) ?? text(opts.invoiceNumber);
  return {
    externalId,
    orderNumber: text(pkg.orderNumber),
    status,
    platformStatus,
    currency: text(pkg.currencyCode) ?? "TRY",
    totalAmount: money(total),
    customer: customerName || text(pkg.customerEmail) ? { name: customerName, email: text(pkg.customerEmail) } : undefined,
    billingAddress: trendyolAddress(pkg.invoiceAddress),
    shippingAddress: trendyolAddress(pkg.shipmentAddress),
    orderedAt,
    platformUpdatedAt,
    lines: (pkg.lines ?? []).map((l) => ({
      externalId: String(l.id),
      sku: text(l.merchantSku) ?? text(l.sku),
      barcode: text(l.barcode),
      title: text(l.productName) ?? text(l.barcode) ?? String(l.id),
      quantity: Number.isInteger(l.quantity) ? l.quantity : 0,
      unitPrice: money(l.price ?? l.amount),
      discount: money(l.discount ?? 0),
      status: text(l.orderLineItemStatusName),
      packageExternalId: externalId,
    })),
    packages: [
      {
        externalId,
        status,
        carrier: text(pkg.cargoProviderName),
        trackingNumber: tracking,
        invoiceNumber,
      },
    ],
    raw: pkg as unknown as Record<string, unknown>,
  };
}
