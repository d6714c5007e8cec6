import { describe, expect, it } from "vitest";
import {
  approvedVariantsStock,
  bodyHash,
  chunk,
  inventoryBody,
  parseBatchResult,
  planInventoryPush,
  priceOf,
  type StockPriceRow,
} from "@/server/platforms/trendyol/transform-inventory";
import { inventoryBoundSeconds } from "../../scripts/bench/inventory";

const row = (over: Partial<StockPriceRow>): StockPriceRow => ({
  listingId: "l1",
  variantId: "v1",
  sku: "SKU-1",
  barcode: "BC-1",
  quantity: 5,
  salePrice: "199.90",
  listPrice: "249.90",
  ...over,
});

describe("planInventoryPush", () => {
  it("maps a catalog row to Trendyol's item with prices as numbers", () => {
    expect(planInventoryPush([row({})]).items.map((p) => p.item)).toEqual([{ barcode: "BC-1", quantity: 5, salePrice: 199.9, listPrice: 249.9 }]);
  });

  it("sells at the sale price when the catalog has no list price, and sends stock alone without prices", () => {
    const plan = planInventoryPush([row({ listPrice: null }), row({ sku: "S2", barcode: "BC-2", salePrice: null, listPrice: null })]);
    expect(plan.items.map((p) => p.item)).toEqual([
      { barcode: "BC-1", quantity: 5, salePrice: 199.9, listPrice: 199.9 },
      { barcode: "BC-2", quantity: 5 },
    ]);
  });

  it("reports, per item and without sending it, a missing barcode, stock over 20,000 and a list price below the sale price", () => {
    const plan = planInventoryPush([
      row({ sku: "NOBC", barcode: null }),
      row({ sku: "BLANK", barcode: "  " }),
      row({ sku: "MANY", quantity: 20_001 }),
      row({ sku: "EDGE", barcode: "BC-EDGE", quantity: 20_000 }),
      row({ sku: "CHEAP", salePrice: "300.00", listPrice: "250.00" }),
    ]);
    expect(plan.errors.map((e) => [e.sku, e.code])).toEqual([
      ["NOBC", "barcode_missing"],
      ["BLANK", "barcode_missing"],
      ["MANY", "quantity_too_high"],
      ["CHEAP", "list_below_sale"],
    ]);
    expect(plan.errors[2]!.message).toBe("SKU MANY: stock 20001 is more than Trendyol's maximum of 20000 per product; not sent.");
    expect(plan.items.map((p) => p.row.sku)).toEqual(["EDGE"]);
  });

  it("never sends negative stock", () => {
    expect(planInventoryPush([row({ quantity: -3 })]).items[0]!.item.quantity).toBe(0);
  });
});

describe("request bodies", () => {
  it("chunks into requests of at most 1000 items", () => {
    expect(chunk(Array.from({ length: 2500 }, (_, i) => i)).map((c) => c.length)).toEqual([1000, 1000, 500]);
    expect(chunk([])).toEqual([]);
  });

  it("makes the same body (and hash) for the same content whatever the order", () => {
    const a = inventoryBody([{ barcode: "B", quantity: 1 }, { barcode: "A", quantity: 2 }]);
    const b = inventoryBody([{ barcode: "A", quantity: 2 }, { barcode: "B", quantity: 1 }]);
    expect(a).toEqual({ items: [{ barcode: "A", quantity: 2 }, { barcode: "B", quantity: 1 }] });
    expect(bodyHash(a)).toBe(bodyHash(b));
    expect(bodyHash(a)).not.toBe(bodyHash(inventoryBody([{ barcode: "A", quantity: 3 }, { barcode: "B", quantity: 1 }])));
  });

  it("rounds prices to cents", () => {
    expect(priceOf("10.005")).toBe(10.01);
    expect(priceOf(null)).toBeUndefined();
    expect(priceOf("abc")).toBeUndefined();
  });
});

describe("parseBatchResult", () => {
  it("reads a finished stock-and-price batch (no overall status) item by item", () => {
    const report = parseBatchResult({
      batchRequestId: "b1",
      items: [
        { requestItem: { barcode: "A", quantity: 1 }, status: "SUCCESS", failureReasons: [] },
        { requestItem: { barcode: "B", quantity: 1 }, status: "FAILED", failureReasons: ["No product was found for barcode B."] },
      ],
      itemCount: 2,
      failedItemCount: 1,
      batchRequestType: "ProductInventoryUpdate",
    });
    expect(report).toEqual({
      done: true,
      itemCount: 2,
      failedCount: 1,
      items: [
        { key: "A", ok: true, reasons: [] },
        { key: "B", ok: false, reasons: ["No product was found for barcode B."] },
      ],
    });
  });

  it("is not done while a stock-and-price batch reports no items yet", () => {
    expect(parseBatchResult({ items: [], itemCount: 3, failedItemCount: 0 }).done).toBe(false);
  });

  it("follows the overall status of product batches and finds the barcode of nested items", () => {
    expect(parseBatchResult({ status: "IN_PROGRESS", items: [], itemCount: 1 }).done).toBe(false);
    const done = parseBatchResult({ status: "COMPLETED", items: [{ requestItem: { product: { barcode: "P1" } }, status: "SUCCESS" }], itemCount: 1 });
    expect(done).toMatchObject({ done: true, items: [{ key: "P1", ok: true, reasons: [] }] });
  });
});

describe("approvedVariantsStock", () => {
  it("reads each variant's barcode, quantity and prices from filterApprovedProducts content", () => {
    const content = [{ variants: [{ barcode: "A", quantity: 4, price: { salePrice: 10, listPrice: 12 } }, { barcode: "B", price: {} }] }, { variants: [{ nobarcode: true }] }];
    expect(approvedVariantsStock(content)).toEqual([
      { barcode: "A", quantity: 4, salePrice: 10, listPrice: 12 },
      { barcode: "B", quantity: undefined, salePrice: undefined, listPrice: undefined },
    ]);
  });
});

describe("the inventory benchmark's bound", () => {
  it("lets the first 50 requests go at once, then 50 per 10 s window", () => {
    expect([1, 50, 51, 100, 101, 150].map(inventoryBoundSeconds)).toEqual([0, 0, 10, 10, 20, 20]);
  });
});
