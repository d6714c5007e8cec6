import { describe, expect, it } from "vitest";
import {
  toTrendyolAttribute,
  batchItemBarcode,
  changedParts,
  chunk,
  combinedHash,
  stableJson,
  toTrendyolVariantItem,
  type CatalogProductInput,
  type TrendyolProductMapping,
} from "@/server/platforms/trendyol/transform-products";

const product = (over: Partial<CatalogProductInput> = {}): CatalogProductInput => ({
  id: "p1",
  code: "ATK-1",
  title: "Yün Atkı",
  description: "Sıcak tutar.",
  images: ["https://cdn.example/a.jpg"],
  variants: [],
  ...over,
});
const variant = { id: "v1", sku: "ATK-1-LAC", barcode: "8690000000001", images: [], salePrice: "349.90", listPrice: "399.90", weightGrams: 250, quantity: 25_000 };
const mapping: TrendyolProductMapping = {
  categoryId: 382,
  brandId: 1791,
  vatRate: 20,
  attributes: [{ attributeId: 338, attributeValueIds: [338001] }],
  variantAttributes: { v1: [{ attributeId: 47, attributeValue: "Lacivert" }] },
};

describe("toTrendyolVariantItem", () => {
  it("builds the V2 create item with Trendyol's field names, capped quantity and merged attributes", () => {
    const r = toTrendyolVariantItem(product(), variant, mapping);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.item.create).toEqual({
      barcode: "8690000000001",
      title: "Yün Atkı",
      productMainId: "ATK-1",
      brandId: 1791,
      categoryId: 382,
      quantity: 20_000,
      stockCode: "ATK-1-LAC",
      dimensionalWeight: 0.25,
      description: "Sıcak tutar.",
      listPrice: 399.9,
      salePrice: 349.9,
      vatRate: 20,
      images: [{ url: "https://cdn.example/a.jpg" }],
      attributes: [
        { attributeId: 47, attributeValue: "Lacivert" },
        { attributeId: 338, attributeValueIds: [338001] },
      ],
    });
    expect(r.item.content).toEqual({ title: "Yün Atkı", description: "Sıcak tutar.", images: [{ url: "https://cdn.example/a.jpg" }], attributes: [{ attributeId: 338, attributeValueIds: [338001] }] });
    expect(r.item.delivery).toBeNull();
    expect(r.item.hash).toBe(combinedHash(r.item.parts));
  });

  it("lists every reason a variant cannot be sent", () => {
    const r = toTrendyolVariantItem(product({ title: "x".repeat(101), description: " ", images: ["http://insecure/a.jpg"] }), { ...variant, barcode: null, salePrice: null }, { ...mapping, vatRate: 18 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      "The variant has no barcode",
      "The title is longer than 100 characters",
      "The description is empty (Trendyol requires one)",
      "The variant has no sale price",
      "Image addresses must start with https://",
      "The VAT rate must be one of 0, 1, 10, 20",
    ]);
  });

  it("refuses a list price under the sale price, and uses the sale price when there is no list price", () => {
    const low = toTrendyolVariantItem(product(), { ...variant, listPrice: "100" }, mapping);
    expect(low.ok ? [] : low.problems).toEqual(["The list price is lower than the sale price"]);
    const none = toTrendyolVariantItem(product(), { ...variant, listPrice: null }, mapping);
    expect(none.ok && none.item.create.listPrice).toBe(349.9);
  });

  it("hashes only what is sent: a title change touches the content part alone; price and stock touch nothing", () => {
    const base = toTrendyolVariantItem(product(), variant, mapping);
    const retitled = toTrendyolVariantItem(product({ title: "Yeni" }), variant, mapping);
    const repriced = toTrendyolVariantItem(product(), { ...variant, salePrice: "10", listPrice: "20", quantity: 1 }, mapping);
    const delivered = toTrendyolVariantItem(product(), variant, { ...mapping, deliveryDuration: 3 });
    if (!base.ok || !retitled.ok || !repriced.ok || !delivered.ok) throw new Error("expected items");
    expect(changedParts(retitled.item.parts, base.item.parts)).toEqual(["content"]);
    expect(repriced.item.hash).toBe(base.item.hash);
    expect(changedParts(delivered.item.parts, base.item.parts)).toEqual(["delivery"]);
    expect(delivered.item.delivery).toEqual({ barcode: "8690000000001", deliveryOptions: { deliveryDuration: 3 } });
    expect(changedParts(base.item.parts, undefined)).toEqual(["identity", "content", "attributes", "variant", "delivery"]);
  });

  it("keeps at most 8 images", () => {
    const many = Array.from({ length: 10 }, (_, i) => `https://cdn.example/${i}.jpg`);
    const r = toTrendyolVariantItem(product({ images: many }), variant, mapping);
    expect(r.ok && r.item.create.images).toHaveLength(8);
  });
});

describe("helpers", () => {
  it("splits into requests of at most 1000 items", () => {
    const items = Array.from({ length: 2501 }, (_, i) => i);
    expect(chunk(items).map((c) => c.length)).toEqual([1000, 1000, 501]);
    expect(chunk(items, 5000).map((c) => c.length)).toEqual([1000, 1000, 501]);
    expect(chunk(items.slice(0, 7), 3).map((c) => c.length)).toEqual([3, 3, 1]);
  });

  it("stable JSON ignores key order", () => {
    expect(stableJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe(stableJson({ a: [{ c: 3, d: 2 }], b: 1 }));
  });

  it("reads attribute values and batch item barcodes", () => {
    expect(toTrendyolAttribute({ attributeId: 47, attributeValueId: 47006 })).toEqual({ attributeId: 47, attributeValueIds: [47006] });
    expect(toTrendyolAttribute({ attributeId: 47, customAttributeValue: "Mavi" })).toEqual({ attributeId: 47, attributeValue: "Mavi" });
    expect(batchItemBarcode({ requestItem: { product: { barcode: "X" }, barcode: "X" } })).toBe("X");
    expect(batchItemBarcode({ requestItem: { barcode: "Y" } })).toBe("Y");
    expect(batchItemBarcode({ requestItem: { product: { contentId: 1 }, barcode: null } })).toBeUndefined();
  });
});
