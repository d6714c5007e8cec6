// Pure mapping of catalog products to Trendyol's V2 product items, and the hashes of what is sent, split by the
// endpoint that can change each part (create, content-bulk-update, variant-bulk-update, delivery-info-bulk-update).
// No I/O here.
import crypto from "node:crypto";

/** Documented in spm-openapi-english.yml (CreateProductItem, *BulkUpdateRequest) and MARKETPLACES.md. */
export const TRENDYOL_PRODUCT_LIMITS = {
  itemsPerRequest: 1000,
  titleMax: 100,
  barcodeMax: 40,
  productMainIdMax: 40,
  stockCodeMax: 100,
  descriptionMax: 30_000,
  imagesMax: 8,
  quantityMax: 20_000,
  vatRates: [0, 1, 10, 20],
} as const;

/** V2 shape: a listed value as `attributeValueIds: [id]`, free text (allowCustom) as `attributeValue`. */
export interface TrendyolAttribute {
  attributeId: number;
  attributeValueIds?: number[];
  attributeValue?: string;
}

/** Where a catalog product goes on Trendyol: category, brand and attribute values (from the mapping). */
export interface TrendyolProductMapping {
  categoryId: number;
  brandId: number;
  /** Content-level attributes (material, …), the same for every variant. */
  attributes: TrendyolAttribute[];
  /** Variant-level attributes (the varianters: colour, size), by variant id. */
  variantAttributes: Record<string, TrendyolAttribute[]>;
  vatRate: number;
  /** Days to ship; left out when the seller has not set one. */
  deliveryDuration?: number;
}

export interface CatalogVariantInput {
  id: string;
  sku: string;
  barcode: string | null;
  images: string[];
  salePrice: string | number | null;
  listPrice: string | number | null;
  weightGrams: number | null;
  /** Sum of stock over warehouses. */
  quantity: number;
}

export interface CatalogProductInput {
  id: string;
  code: string;
  title: string;
  description: string;
  images: string[];
  variants: CatalogVariantInput[];
}

export interface TrendyolCreateItem {
  barcode: string;
  title: string;
  productMainId: string;
  brandId: number;
  categoryId: number;
  quantity: number;
  stockCode: string;
  dimensionalWeight: number;
  description: string;
  listPrice: number;
  salePrice: number;
  vatRate: number;
  images: Array<{ url: string }>;
  attributes: TrendyolAttribute[];
  deliveryOption?: { deliveryDuration: number };
}

export interface TrendyolContentUpdate {
  title: string;
  description: string;
  images: Array<{ url: string }>;
  attributes: TrendyolAttribute[];
}

export interface TrendyolVariantUpdateItem {
  barcode: string;
  stockCode: string;
  vatRate: number;
  dimensionalWeight: number;
}

export interface TrendyolDeliveryUpdateItem {
  barcode: string;
  deliveryOptions: { deliveryDuration: number };
}

/**
 * Parts of what is sent, each changed by one endpoint once the product is approved:
 * content (title, description, images) and attributes go through content-bulk-update, variant through
 * variant-bulk-update, delivery through delivery-info-bulk-update; identity (barcode, model code, brand, category,
 * variant attributes and images) only at creation or while the product is unapproved.
 */
export const TRENDYOL_PARTS = ["identity", "content", "attributes", "variant", "delivery"] as const;
export type TrendyolPart = (typeof TRENDYOL_PARTS)[number];
export type TrendyolPartHashes = Record<TrendyolPart, string>;

export interface TrendyolVariantItem {
  productId: string;
  variantId: string;
  barcode: string;
  create: TrendyolCreateItem;
  content: TrendyolContentUpdate;
  variant: TrendyolVariantUpdateItem;
  delivery: TrendyolDeliveryUpdateItem | null;
  parts: TrendyolPartHashes;
  /** Hash of every part: equal to the listing's contentHash when Trendyol already has exactly this. */
  hash: string;
}

export type TrendyolTransformResult = { ok: true; item: TrendyolVariantItem } | { ok: false; variantId: string; productId: string; sku: string; problems: string[] };

/** JSON with object keys sorted, so equal content always hashes equally. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

export const sha256 = (text: string) => crypto.createHash("sha256").update(text, "utf8").digest("hex");
export const hashOf = (value: unknown) => sha256(stableJson(value));

/** One hash over the part hashes (what listings.contentHash holds once every part is accepted). */
export function combinedHash(parts: Partial<TrendyolPartHashes>): string {
  return hashOf(TRENDYOL_PARTS.map((p) => parts[p] ?? null));
}

function money(v: string | number | null): number | undefined {
  if (v === null || v === "") return undefined;
  const n = typeof v === "number" ? v : Number(v);
  return Number.isFinite(n) ? Math.round(n * 100) / 100 : undefined;
}

function images(list: string[]): Array<{ url: string }> {
  return list.slice(0, TRENDYOL_PRODUCT_LIMITS.imagesMax).map((url) => ({ url }));
}

const byAttributeId = (a: TrendyolAttribute, b: TrendyolAttribute) => a.attributeId - b.attributeId;

/** A catalog variant → the items Trendyol's V2 endpoints take, or the reasons it cannot be sent. */
export function toTrendyolVariantItem(product: CatalogProductInput, variant: CatalogVariantInput, mapping: TrendyolProductMapping): TrendyolTransformResult {
  const L = TRENDYOL_PRODUCT_LIMITS;
  const problems: string[] = [];
  const barcode = (variant.barcode ?? "").trim();
  if (!barcode) problems.push("The variant has no barcode");
  else if (barcode.length > L.barcodeMax) problems.push(`The barcode is longer than ${L.barcodeMax} characters`);
  const title = product.title.trim();
  if (!title) problems.push("The title is empty");
  else if (title.length > L.titleMax) problems.push(`The title is longer than ${L.titleMax} characters`);
  const description = product.description.trim();
  if (!description) problems.push("The description is empty (Trendyol requires one)");
  else if (description.length > L.descriptionMax) problems.push(`The description is longer than ${L.descriptionMax} characters`);
  if (product.code.length > L.productMainIdMax) problems.push(`The product code is longer than ${L.productMainIdMax} characters`);
  if (variant.sku.length > L.stockCodeMax) problems.push(`The SKU is longer than ${L.stockCodeMax} characters`);
  const salePrice = money(variant.salePrice);
  const listPrice = money(variant.listPrice) ?? salePrice;
  if (salePrice === undefined || listPrice === undefined) problems.push("The variant has no sale price");
  else if (listPrice < salePrice) problems.push("The list price is lower than the sale price");
  const pictures = variant.images.length ? variant.images : product.images;
  if (pictures.length === 0) problems.push("The product has no image");
  else if (pictures.some((u) => !/^https:\/\//i.test(u))) problems.push("Image addresses must start with https://");
  if (!(L.vatRates as readonly number[]).includes(mapping.vatRate)) problems.push(`The VAT rate must be one of ${L.vatRates.join(", ")}`);
  if (problems.length) return { ok: false, variantId: variant.id, productId: product.id, sku: variant.sku, problems };

  const contentAttributes = [...mapping.attributes].sort(byAttributeId);
  const variantAttributes = [...(mapping.variantAttributes[variant.id] ?? [])].sort(byAttributeId);
  const ids = new Set(variantAttributes.map((a) => a.attributeId));
  const allAttributes = [...variantAttributes, ...contentAttributes.filter((a) => !ids.has(a.attributeId))].sort(byAttributeId);
  const dimensionalWeight = variant.weightGrams && variant.weightGrams > 0 ? Math.round(variant.weightGrams / 10) / 100 : 1;
  const quantity = Math.max(0, Math.min(L.quantityMax, Math.floor(variant.quantity)));
  const productImages = images(product.images.length ? product.images : pictures);
  const create: TrendyolCreateItem = {
    barcode,
    title,
    productMainId: product.code,
    brandId: mapping.brandId,
    categoryId: mapping.categoryId,
    quantity,
    stockCode: variant.sku,
    dimensionalWeight,
    description,
    listPrice: listPrice!,
    salePrice: salePrice!,
    vatRate: mapping.vatRate,
    images: images(pictures),
    attributes: allAttributes,
    ...(mapping.deliveryDuration !== undefined ? { deliveryOption: { deliveryDuration: mapping.deliveryDuration } } : {}),
  };
  const content: TrendyolContentUpdate = { title, description, images: productImages, attributes: contentAttributes };
  const variantItem: TrendyolVariantUpdateItem = { barcode, stockCode: variant.sku, vatRate: mapping.vatRate, dimensionalWeight };
  const delivery = mapping.deliveryDuration !== undefined ? { barcode, deliveryOptions: { deliveryDuration: mapping.deliveryDuration } } : null;
  // Prices and quantity are left out on purpose: the stock-and-price push owns them.
  const parts: TrendyolPartHashes = {
    identity: hashOf({ barcode, productMainId: product.code, brandId: mapping.brandId, categoryId: mapping.categoryId, variantAttributes, images: create.images }),
    content: hashOf({ title, description, images: productImages }),
    attributes: hashOf(contentAttributes),
    variant: hashOf({ stockCode: variant.sku, vatRate: mapping.vatRate, dimensionalWeight }),
    delivery: hashOf(delivery?.deliveryOptions ?? null),
  };
  return {
    ok: true,
    item: { productId: product.id, variantId: variant.id, barcode, create, content, variant: variantItem, delivery, parts, hash: combinedHash(parts) },
  };
}

/** The parts that differ from what Trendyol last accepted (every part when nothing was accepted yet). */
export function changedParts(planned: TrendyolPartHashes, accepted: Partial<TrendyolPartHashes> | undefined): TrendyolPart[] {
  return TRENDYOL_PARTS.filter((p) => accepted?.[p] !== planned[p]);
}

/** Splits a list into requests of at most `size` items (Trendyol: 1000). */
export function chunk<T>(items: readonly T[], size: number = TRENDYOL_PRODUCT_LIMITS.itemsPerRequest): T[][] {
  const n = Math.max(1, Math.min(TRENDYOL_PRODUCT_LIMITS.itemsPerRequest, Math.floor(size)));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  return out;
}

/** A resolved mapping attribute (server/sync/trendyol/mapping.ts) → the V2 request shape. */
export function toTrendyolAttribute(a: { attributeId: number; attributeValueId?: number; customAttributeValue?: string }): TrendyolAttribute {
  return a.attributeValueId !== undefined ? { attributeId: a.attributeId, attributeValueIds: [a.attributeValueId] } : { attributeId: a.attributeId, attributeValue: a.customAttributeValue ?? "" };
}

/** Batch result item → the barcode it is about (create and variant updates carry it; content updates do not). */
export function batchItemBarcode(item: { requestItem?: unknown }): string | undefined {
  const r = item.requestItem as { barcode?: unknown; product?: { barcode?: unknown } } | undefined;
  const b = r?.barcode ?? r?.product?.barcode;
  return typeof b === "string" && b ? b : undefined;
}
