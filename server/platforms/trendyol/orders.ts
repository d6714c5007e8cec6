// Trendyol order API calls (specs/trendyol/openapi-domestic.yml): shipment packages by cursor or by id, and the
// seller's package updates. Thin: each function is one request through the connection's client.
import type { PlatformHttpClient } from "../http";
import { trendyolRequest } from "./client";
import type { TrendyolShipmentPackage } from "./transform-orders";

/** getShipmentPackages accepts at most 200 per page and at most 50 shipmentPackageIds (MARKETPLACES.md). */
export const TRENDYOL_ORDERS_PAGE_MAX = 200;
export const TRENDYOL_PACKAGE_IDS_MAX = 50;
/** Cancellation reasons of cancelOrderPackageItem (docs scrape, "Cancel Order Package Item"); 503 does not exist. */
export const TRENDYOL_CANCEL_REASONS = [500, 501, 502, 504, 505, 506] as const;
export type TrendyolCancelReason = (typeof TRENDYOL_CANCEL_REASONS)[number];

export interface TrendyolStreamPage {
  content: TrendyolShipmentPackage[];
  hasMore: boolean;
  nextCursor: string;
}

/**
 * One page of GET /order/sellers/{id}/orders/stream: newest lastModifiedDate first. The cursor is only valid with
 * the same filters as the request that returned it.
 */
export async function getShipmentPackagesStream(
  http: PlatformHttpClient,
  sellerId: string,
  q: { lastModifiedStartDate?: number; lastModifiedEndDate?: number; nextCursor?: string; size?: number },
): Promise<TrendyolStreamPage> {
  const res = await trendyolRequest<Partial<TrendyolStreamPage>>(http, {
    operation: "getShipmentPackagesStream",
    method: "GET",
    path: `/order/sellers/${sellerId}/orders/stream`,
    query: {
      size: q.size ?? TRENDYOL_ORDERS_PAGE_MAX,
      lastModifiedStartDate: q.lastModifiedStartDate,
      lastModifiedEndDate: q.lastModifiedEndDate,
      nextCursor: q.nextCursor || undefined,
    },
  });
  return { content: res.body?.content ?? [], hasMore: Boolean(res.body?.hasMore), nextCursor: res.body?.nextCursor ?? "" };
}

/**
 * GET /order/sellers/{id}/orders?shipmentPackageIds=…: the packages named, in chunks of 50. Without dates Trendyol
 * looks at the last week only, so the range is the last 2 weeks by modification date (the widest it allows).
 */
export async function getShipmentPackagesByIds(http: PlatformHttpClient, sellerId: string, ids: readonly (string | number)[], now = Date.now()): Promise<TrendyolShipmentPackage[]> {
  const out: TrendyolShipmentPackage[] = [];
  const unique = [...new Set(ids.map(String))];
  for (let i = 0; i < unique.length; i += TRENDYOL_PACKAGE_IDS_MAX) {
    const chunk = unique.slice(i, i + TRENDYOL_PACKAGE_IDS_MAX);
    let page = 0;
    for (;;) {
      const res = await trendyolRequest<{ content?: TrendyolShipmentPackage[]; totalPages?: number }>(http, {
        operation: "getShipmentPackages",
        method: "GET",
        path: `/order/sellers/${sellerId}/orders`,
        query: {
          shipmentPackageIds: chunk,
          startDate: now - 14 * 86_400_000 + 60_000,
          endDate: now,
          orderByField: "PackageLastModifiedDate",
          page,
          size: TRENDYOL_ORDERS_PAGE_MAX,
        },
      });
      out.push(...(res.body?.content ?? []));
      page++;
      if (page >= (res.body?.totalPages ?? 0)) break;
    }
  }
  return out;
}

export interface PackageLine {
  lineId: number;
  quantity: number;
}

/** PUT /order/sellers/{id}/shipment-packages/{packageId}: Picking, then Invoiced (with the invoice number). */
export async function updatePackageStatus(
  http: PlatformHttpClient,
  sellerId: string,
  packageId: string,
  body: { status: "Picking" | "Invoiced"; lines: PackageLine[]; invoiceNumber?: string },
): Promise<void> {
  await trendyolRequest(http, {
    operation: "updatePackageStatus",
    method: "PUT",
    path: `/order/sellers/${sellerId}/shipment-packages/${packageId}`,
    json: {
      lines: body.lines,
      // The contract: params "should be given only for Invoiced status".
      params: body.status === "Invoiced" && body.invoiceNumber ? { invoiceNumber: body.invoiceNumber } : {},
      status: body.status,
    },
  });
}

/** PUT /order/sellers/{id}/shipment-packages/{packageId}/items/unsupplied: cancels lines with a reason. */
export async function cancelPackageItems(http: PlatformHttpClient, sellerId: string, packageId: string, body: { lines: PackageLine[]; reasonId: TrendyolCancelReason }): Promise<void> {
  await trendyolRequest(http, {
    operation: "cancelOrderPackageItem",
    method: "PUT",
    path: `/order/sellers/${sellerId}/shipment-packages/${packageId}/items/unsupplied`,
    json: { lines: body.lines, reasonId: body.reasonId },
  });
}

/** Carriers changeCargoProvider accepts (openapi-domestic.yml). */
export const TRENDYOL_CARGO_PROVIDERS = ["YKMP", "ARASMP", "SURATMP", "HOROZMP", "DHLECOMMP", "PTTMP", "CEVAMP", "TEXMP", "UPSMP", "KOLAYGELSINMP", "CEVATEDARIK"] as const;
export type TrendyolCargoProvider = (typeof TRENDYOL_CARGO_PROVIDERS)[number];

/**
 * PUT /order/sellers/{id}/shipment-packages/{packageId}/cargo-providers: another carrier for the package (once per
 * 5 minutes per package); Trendyol then issues the new tracking number, read back with getShipmentPackages.
 * client.ts has no bucket of its own for it yet: it shares updatePackageStatus's, which keeps both under the limit.
 */
export async function changeCargoProvider(http: PlatformHttpClient, sellerId: string, packageId: string, cargoProvider: TrendyolCargoProvider): Promise<void> {
  await http.request({
    operation: "changeCargoProvider",
    bucket: "updatePackageStatus",
    method: "PUT",
    path: `/order/sellers/${sellerId}/shipment-packages/${packageId}/cargo-providers`,
    json: { cargoProvider },
  });
}
