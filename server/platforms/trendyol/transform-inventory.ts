// Pure mapping for Trendyol stock and price: catalog rows → price-and-inventory items (with per-item errors for what
// Trendyol would refuse), request bodies, and batch-request results → per-item outcomes. No I/O.
import crypto from "node:crypto";

/** spm-openapi-english.yml, updatePriceAndInventory: "Maximum 1,000 items, maximum 20,000 stock per product". */
export const TRENDYOL_INVENTORY_MAX_ITEMS = 1000;
export const TRENDYOL_MAX_QUANTITY = 20_000;
/** "You cannot send the same request repeatedly for 15 minutes." */
export const TRENDYOL_DUPLICATE_BODY_WINDOW_MS = 15 * 60_000;
/** "Batch request results can be viewed up to 4 hours after completion." */
export const TRENDYOL_BATCH_RETENTION_MS = 4 * 3_600_000;

/** What the catalog says one variant should be on Trendyol (stock summed over warehouses). */
export interface StockPriceRow {
  listingId: string;
  variantId: string;
  sku: string;
  barcode: string | null;
  quantity: number;
  /** Decimal strings as PostgreSQL numeric returns them, or null when the catalog has no price. */
  salePrice: string | null;
  listPrice: string | null;
}

export interface TrendyolInventoryItem {
  barcode: string;
  quantity: number;
  salePrice?: number;
  listPrice?: number;
}

export type StockPriceErrorCode = "barcode_missing" | "quantity_too_high" | "list_below_sale";

export interface StockPriceItemError {
  listingId: string;
  sku: string;
  code: StockPriceErrorCode;
  message: string;
}

export interface PlannedItem {
  row: StockPriceRow;
  item: TrendyolInventoryItem;
}

export interface InventoryPlan {
  items: PlannedItem[];
  errors: StockPriceItemError[];
}

/** Decimal string → number with two decimals (what Trendyol stores), or undefined. */
export function priceOf(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? Math.round(n * 100) / 100 : undefined;
}

/**
 * The items to send for rows that changed, and a clear error for each row Trendyol would refuse (never sent:
 * a refused item would only burn a request and a 15-minute body slot).
 */
export function planInventoryPush(rows: readonly StockPriceRow[]): InventoryPlan {
  const items: PlannedItem[] = [];
  const errors: StockPriceItemError[] = [];
  for (const row of rows) {
    const fail = (code: StockPriceErrorCode, message: string) => errors.push({ listingId: row.listingId, sku: row.sku, code, message });
    const barcode = row.barcode?.trim();
    if (!barcode) {
      fail("barcode_missing", `SKU ${row.sku} has no barcode: Trendyol identifies stock and price by barcode, so it was not sent.`);
      continue;
    }
    if (row.quantity > TRENDYOL_MAX_QUANTITY) {
      fail("quantity_too_high", `SKU ${row.sku}: stock ${row.quantity} is more than Trendyol's maximum of ${TRENDYOL_MAX_QUANTITY} per product; not sent.`);
      continue;
    }
    const salePrice = priceOf(row.salePrice);
    // Trendyol needs listPrice >= salePrice; a catalog without a list price sells at the sale price.
    const listPrice = priceOf(row.listPrice) ?? salePrice;
    if (salePrice !== undefined && listPrice !== undefined && listPrice < salePrice) {
      fail("list_below_sale", `SKU ${row.sku}: list price ${listPrice} is below sale price ${salePrice}; Trendyol refuses that, not sent.`);
      continue;
    }
    const item: TrendyolInventoryItem = { barcode, quantity: Math.max(0, Math.trunc(row.quantity)) };
    if (salePrice !== undefined) item.salePrice = salePrice;
    if (listPrice !== undefined) item.listPrice = listPrice;
    items.push({ row, item });
  }
  return { items, errors };
}

/** Consecutive chunks of at most `size` (Trendyol's 1000 items per request). */
export function chunk<T>(list: readonly T[], size = TRENDYOL_INVENTORY_MAX_ITEMS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** The request body, items in barcode order so that the same content always makes the same body (and hash). */
export function inventoryBody(items: readonly TrendyolInventoryItem[]): { items: TrendyolInventoryItem[] } {
  return { items: [...items].sort((a, b) => (a.barcode < b.barcode ? -1 : a.barcode > b.barcode ? 1 : 0)) };
}

/** SHA-256 of the exact JSON sent. */
export function bodyHash(body: unknown): string {
  return crypto.createHash("sha256").update(JSON.stringify(body)).digest("hex");
}

// ---------- batch results ----------

/** One item of a finished batch, keyed the way the batch plan keys it (the barcode). */
export interface BatchItemOutcome {
  key: string;
  ok: boolean;
  reasons: string[];
}

export interface BatchReport {
  /** Trendyol has processed every item (results below are final). */
  done: boolean;
  itemCount: number;
  failedCount: number;
  items: BatchItemOutcome[];
}

interface RawBatchResult {
  status?: string;
  itemCount?: number;
  failedItemCount?: number;
  items?: Array<{ requestItem?: Record<string, unknown>; status?: string; failureReasons?: unknown[] }>;
}

function keyOf(requestItem: Record<string, unknown> | undefined): string {
  if (!requestItem) return "";
  if (typeof requestItem.barcode === "string") return requestItem.barcode;
  const product = requestItem.product as Record<string, unknown> | undefined;
  return typeof product?.barcode === "string" ? product.barcode : "";
}

/**
 * getBatchRequestResult → outcome per item. Product batches say `status: COMPLETED`; stock-and-price batches carry
 * no overall status (the docs: "Batch status field will not return to you"), so they are done once every item is
 * reported.
 */
export function parseBatchResult(body: unknown): BatchReport {
  const raw = (body ?? {}) as RawBatchResult;
  const items = (raw.items ?? []).map((i) => ({
    key: keyOf(i.requestItem),
    ok: i.status === "SUCCESS",
    reasons: (i.failureReasons ?? []).map((r) => (typeof r === "string" ? r : JSON.stringify(r))),
  }));
  const itemCount = raw.itemCount ?? items.length;
  const done = raw.status !== undefined ? raw.status !== "IN_PROGRESS" : itemCount > 0 && items.length >= itemCount;
  return { done, itemCount, failedCount: raw.failedItemCount ?? items.filter((i) => !i.ok).length, items };
}

// ---------- Trendyol's view (reconcile) ----------

export interface TrendyolStockPrice {
  barcode: string;
  quantity: number | undefined;
  salePrice: number | undefined;
  listPrice: number | undefined;
}

/** filterApprovedProducts content → one entry per variant barcode. */
export function approvedVariantsStock(content: unknown): TrendyolStockPrice[] {
  const out: TrendyolStockPrice[] = [];
  for (const c of (Array.isArray(content) ? content : []) as Array<{ variants?: unknown[] }>) {
    for (const v of (c.variants ?? []) as Array<{ barcode?: unknown; quantity?: unknown; price?: { salePrice?: unknown; listPrice?: unknown } }>) {
      if (typeof v.barcode !== "string") continue;
      const num = (x: unknown) => (typeof x === "number" && Number.isFinite(x) ? x : undefined);
      out.push({ barcode: v.barcode, quantity: num(v.quantity), salePrice: num(v.price?.salePrice), listPrice: num(v.price?.listPrice) });
    }
  }
  return out;
}
