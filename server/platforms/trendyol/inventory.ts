// Trendyol stock and price calls: price-and-inventory (async, returns a batchRequestId), the batch-request result
// (shared with product batches) and the approved-products listing read for the reconcile.
import type { PlatformHttpClient } from "../http";
import { trendyolRequest } from "./client";
import { approvedVariantsStock, type TrendyolInventoryItem, type TrendyolStockPrice } from "./transform-inventory";

const enc = encodeURIComponent;

/** POST price-and-inventory; not retried after a 5xx (POST): a repeat could be refused as a duplicate anyway. */
export async function updatePriceAndInventory(http: PlatformHttpClient, sellerId: string, body: { items: TrendyolInventoryItem[] }): Promise<{ batchRequestId: string }> {
  const res = await trendyolRequest<{ batchRequestId?: string }>(http, {
    operation: "updatePriceAndInventory",
    method: "POST",
    path: `/inventory/sellers/${enc(sellerId)}/products/price-and-inventory`,
    json: body,
  });
  if (!res.body?.batchRequestId) throw new Error("Trendyol accepted the stock and price update but returned no batchRequestId");
  return { batchRequestId: res.body.batchRequestId };
}

/** GET the result of any batch (create, update, stock/price, archive, delete); raw body for parseBatchResult. */
export async function getBatchRequestResult(http: PlatformHttpClient, sellerId: string, batchRequestId: string): Promise<unknown> {
  const res = await trendyolRequest(http, {
    operation: "getBatchRequestResult",
    method: "GET",
    path: `/product/sellers/${enc(sellerId)}/products/batch-requests/${enc(batchRequestId)}`,
  });
  return res.body;
}

/** Trendyol's page size maximum for approved products. */
const APPROVED_PAGE_SIZE = 100;
/** page × size may not pass 10,000; beyond it Trendyol hands out nextPageToken. */
const PAGE_WINDOW = 10_000;

/** Every approved variant's stock and price as Trendyol holds them, page by page (then by nextPageToken). */
export async function* listApprovedStockAndPrice(http: PlatformHttpClient, sellerId: string): AsyncGenerator<TrendyolStockPrice[]> {
  let page = 0;
  let token: string | undefined;
  for (;;) {
    const res = await trendyolRequest<{ content?: unknown; totalPages?: number; nextPageToken?: string }>(http, {
      operation: "filterApprovedProducts",
      method: "GET",
      path: `/product/sellers/${enc(sellerId)}/products/approved`,
      query: token ? { size: APPROVED_PAGE_SIZE, nextPageToken: token } : { page, size: APPROVED_PAGE_SIZE },
    });
    yield approvedVariantsStock(res.body?.content);
    const content = Array.isArray(res.body?.content) ? res.body.content : [];
    if (content.length < APPROVED_PAGE_SIZE) return;
    if (res.body?.nextPageToken) token = res.body.nextPageToken;
    else if (token) return;
    else {
      page += 1;
      if ((page + 1) * APPROVED_PAGE_SIZE > PAGE_WINDOW) return;
      if (res.body?.totalPages !== undefined && page >= res.body.totalPages) return;
    }
  }
}
