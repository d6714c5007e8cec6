// Trendyol product API (V2, spm-openapi-english.yml): create, bulk updates, archive, delete, the approved and
// unapproved lists, and batch results. Every write is asynchronous and answers a batchRequestId.
import type { PlatformHttpClient } from "../http";
import { trendyolRequest, type TrendyolOperation } from "./client";
import type { TrendyolAttribute, TrendyolCreateItem, TrendyolDeliveryUpdateItem, TrendyolVariantUpdateItem } from "./transform-products";

export interface TrendyolBatchItemResult {
  requestItem?: Record<string, unknown>;
  status?: "SUCCESS" | "FAILED" | string;
  failureReasons?: string[];
}

export interface TrendyolBatchResult {
  batchRequestId: string;
  /** Absent for stock-and-price batches (documented); COMPLETED or IN_PROGRESS otherwise. */
  status?: string;
  itemCount?: number;
  failedItemCount?: number;
  batchRequestType?: string;
  items?: TrendyolBatchItemResult[];
}

export interface TrendyolContentBulkItem {
  contentId: number;
  title?: string;
  description?: string;
  images?: Array<{ url: string }>;
  attributes?: TrendyolAttribute[];
}

export type TrendyolUnapprovedUpdateItem = Omit<TrendyolCreateItem, "quantity" | "listPrice" | "salePrice">;

export interface TrendyolApprovedContent {
  contentId: number;
  productMainId: string;
  title?: string;
  variants: Array<{ variantId: number; barcode: string; archived?: boolean; locked?: boolean; lockReason?: string | null; onSale?: boolean }>;
}

export interface TrendyolUnapprovedProduct {
  barcode: string;
  productMainId?: string;
  title?: string;
  rejectReasonDetails?: Array<{ rejectReason?: string; rejectReasonDetail?: string }>;
}

interface PageResponse<T> {
  totalElements?: number;
  totalPages?: number;
  page?: number;
  size?: number;
  nextPageToken?: string;
  content?: T[];
}

const sellerPath = (sellerId: string) => `/product/sellers/${encodeURIComponent(sellerId)}`;

async function submit(http: PlatformHttpClient, operation: TrendyolOperation, method: "POST" | "PUT" | "DELETE", path: string, items: unknown[]): Promise<string> {
  const res = await trendyolRequest<{ batchRequestId?: string }>(http, { operation, method, path, json: { items } });
  const id = res.body?.batchRequestId;
  if (typeof id !== "string" || !id) throw new Error(`Trendyol ${operation} answered without a batchRequestId`);
  return id;
}

export const createProducts = (http: PlatformHttpClient, sellerId: string, items: TrendyolCreateItem[]) =>
  submit(http, "createProducts", "POST", `${sellerPath(sellerId)}/v2/products`, items);

export const updateUnapprovedProducts = (http: PlatformHttpClient, sellerId: string, items: TrendyolUnapprovedUpdateItem[]) =>
  submit(http, "updateUnapprovedProducts", "POST", `${sellerPath(sellerId)}/products/unapproved-bulk-update`, items);

export const updateContentBulk = (http: PlatformHttpClient, sellerId: string, items: TrendyolContentBulkItem[]) =>
  submit(http, "updateContentBulk", "POST", `${sellerPath(sellerId)}/products/content-bulk-update`, items);

export const updateVariantBulk = (http: PlatformHttpClient, sellerId: string, items: TrendyolVariantUpdateItem[]) =>
  submit(http, "updateVariantBulk", "POST", `${sellerPath(sellerId)}/products/variant-bulk-update`, items);

export const updateDeliveryInfoBulk = (http: PlatformHttpClient, sellerId: string, items: TrendyolDeliveryUpdateItem[]) =>
  submit(http, "updateDeliveryInfoBulk", "POST", `${sellerPath(sellerId)}/products/delivery-info-bulk-update`, items);

export const archiveProducts = (http: PlatformHttpClient, sellerId: string, items: Array<{ barcode: string; archived: boolean }>) =>
  submit(http, "archiveProducts", "PUT", `${sellerPath(sellerId)}/products/archive-state`, items);

export const deleteProducts = (http: PlatformHttpClient, sellerId: string, items: Array<{ barcode: string }>) =>
  submit(http, "deleteProducts", "DELETE", `${sellerPath(sellerId)}/products`, items);

export async function getBatchRequestResult(http: PlatformHttpClient, sellerId: string, batchRequestId: string): Promise<TrendyolBatchResult> {
  const res = await trendyolRequest<TrendyolBatchResult>(http, {
    operation: "getBatchRequestResult",
    method: "GET",
    path: `${sellerPath(sellerId)}/products/batch-requests/${encodeURIComponent(batchRequestId)}`,
  });
  return res.body;
}

export async function getProductBase(http: PlatformHttpClient, sellerId: string, barcode: string) {
  const res = await trendyolRequest<{ barcode?: string; approved?: boolean; archived?: boolean; contentId?: number }>(http, {
    operation: "getProductBase",
    method: "GET",
    path: `${sellerPath(sellerId)}/product/${encodeURIComponent(barcode)}`,
  });
  return res.body;
}

/** page × size may not pass 10,000: past that Trendyol hands out nextPageToken, which the walk follows. */
const PAGE_WINDOW = 10_000;

async function* walk<T>(
  http: PlatformHttpClient,
  operation: "filterApprovedProducts" | "filterUnapprovedProducts",
  path: string,
  size: number,
  query: Record<string, string | number | undefined>,
): AsyncGenerator<T[]> {
  let page = 0;
  let token: string | undefined;
  for (;;) {
    const res = await trendyolRequest<PageResponse<T>>(http, {
      operation,
      method: "GET",
      path,
      query: { ...query, size, ...(token ? { nextPageToken: token } : { page }) },
    });
    const content = res.body?.content ?? [];
    if (content.length) yield content;
    if (content.length < size) return;
    if (res.body?.nextPageToken) token = res.body.nextPageToken;
    else if (token) return; // a token page that names no next token is the last
    else if ((page + 2) * size > PAGE_WINDOW) return;
    else page++;
  }
}

/** Approved contents (each with its variants), 100 per page (the documented maximum). */
export function listApprovedProducts(http: PlatformHttpClient, sellerId: string, query: { barcode?: string } = {}) {
  return walk<TrendyolApprovedContent>(http, "filterApprovedProducts", `${sellerPath(sellerId)}/products/approved`, 100, query);
}

/** Products pending approval or rejected (with Trendyol's reasons), 1000 per page (the documented maximum). */
export function listUnapprovedProducts(http: PlatformHttpClient, sellerId: string, query: { barcode?: string } = {}) {
  return walk<TrendyolUnapprovedProduct>(http, "filterUnapprovedProducts", `${sellerPath(sellerId)}/products/unapproved`, 1000, query);
}
