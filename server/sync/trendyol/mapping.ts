// How the seller's catalog categories map to Trendyol: a catalog category (products.category) → a leaf Trendyol
// category, a brand, and for each Trendyol attribute either a catalog attribute/option to read or a fixed value.
// From that, which products can be sent to Trendyol and, for the others, exactly what is missing.
import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { categoryMappings, products, variants } from "@/db/schema";
import type { TrendyolCategoryAttribute } from "@/server/platforms/trendyol/transform-reference";
import {
  brandKey,
  findCachedBrandsByName,
  getCachedBrands,
  getCachedCategory,
  getCachedCategoryAttributes,
  requireTrendyolConnection,
} from "./reference";

/** Trendyol attribute id → where its value comes from: a catalog attribute/option name, or a fixed value (id or text). */
export type AttributeMappings = Record<string, { from?: string; value?: string }>;

export class TrendyolMappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TrendyolMappingError";
  }
}

export interface MappingInput {
  catalogCategory: string;
  platformCategoryId: string;
  brandId?: string | null;
  attributes: AttributeMappings;
}

/** The partner's catalog categories (distinct products.category) with their product counts. */
export async function listCatalogCategories(db: Db, partnerId: string) {
  const rows = await db
    .select({ category: products.category, id: products.id })
    .from(products)
    .where(and(eq(products.partnerId, partnerId), isNotNull(products.category)));
  const counts = new Map<string, number>();
  for (const r of rows) if (r.category?.trim()) counts.set(r.category.trim(), (counts.get(r.category.trim()) ?? 0) + 1);
  return [...counts].map(([category, productCount]) => ({ category, productCount })).sort((a, b) => a.category.localeCompare(b.category, "tr"));
}

/** The catalog's attribute and option names (what a Trendyol attribute can be read from). */
export async function listCatalogAttributeNames(db: Db, partnerId: string): Promise<string[]> {
  const [ps, vs] = await Promise.all([
    db.select({ a: products.attributes }).from(products).where(eq(products.partnerId, partnerId)),
    db.select({ a: variants.attributes, o: variants.options }).from(variants).where(eq(variants.partnerId, partnerId)),
  ]);
  const names = new Map<string, string>();
  for (const rec of [...ps.map((p) => p.a), ...vs.map((v) => v.a), ...vs.map((v) => v.o)]) for (const k of Object.keys(rec ?? {})) names.set(k.toLowerCase(), names.get(k.toLowerCase()) ?? k);
  return [...names.values()].sort((a, b) => a.localeCompare(b, "tr"));
}

export async function listMappings(db: Db, partnerId: string, connectionId: string) {
  await requireTrendyolConnection(db, partnerId, connectionId);
  return db
    .select({
      id: categoryMappings.id,
      catalogCategory: categoryMappings.catalogCategory,
      platformCategoryId: categoryMappings.platformCategoryId,
      brandId: categoryMappings.brandId,
      attributes: categoryMappings.attributes,
      updatedAt: categoryMappings.updatedAt,
    })
    .from(categoryMappings)
    .where(and(eq(categoryMappings.partnerId, partnerId), eq(categoryMappings.connectionId, connectionId)))
    .orderBy(asc(categoryMappings.catalogCategory));
}

/**
 * Saves (creates or replaces) one catalog category's mapping. The Trendyol category must be a cached leaf, the brand
 * a cached brand, every mapped attribute one of the category's, and a fixed value of a closed list one of its values.
 */
export async function saveMapping(db: Db, partnerId: string, connectionId: string, input: MappingInput) {
  const connection = await requireTrendyolConnection(db, partnerId, connectionId);
  const platform = connection.referencePlatform;
  const catalogCategory = input.catalogCategory.trim();
  if (!catalogCategory) throw new TrendyolMappingError("The catalog category is empty");
  const category = await getCachedCategory(db, platform, input.platformCategoryId);
  if (!category) throw new TrendyolMappingError(`Trendyol category ${input.platformCategoryId} is not in the fetched category tree`);
  if (!category.leaf) throw new TrendyolMappingError(`Trendyol category "${category.name}" has subcategories: choose one of them (only leaf categories take products)`);
  const brandId = input.brandId?.trim() || null;
  if (brandId && (await getCachedBrands(db, platform, [brandId])).length === 0) throw new TrendyolMappingError(`Brand ${brandId} is not among the fetched Trendyol brands`);

  const attributes: AttributeMappings = {};
  const cached = (await getCachedCategoryAttributes(db, platform, [category.id])).get(category.id);
  for (const [attributeId, m] of Object.entries(input.attributes)) {
    const from = m.from?.trim() || undefined;
    const value = m.value?.trim() || undefined;
    if (!from && !value) continue;
    if (from && value) throw new TrendyolMappingError(`Attribute ${attributeId}: choose a catalog field or a fixed value, not both`);
    if (cached) {
      const attribute = cached.attributes.find((a) => String(a.id) === attributeId);
      if (!attribute) throw new TrendyolMappingError(`Attribute ${attributeId} is not an attribute of Trendyol category "${category.name}"`);
      if (value && !attribute.allowCustom && !attribute.values.some((v) => String(v.id) === value))
        throw new TrendyolMappingError(`Attribute "${attribute.name}" only takes one of its listed values`);
    }
    attributes[attributeId] = from ? { from } : { value };
  }

  const [row] = await db
    .insert(categoryMappings)
    .values({ partnerId, connectionId, catalogCategory, platformCategoryId: category.id, brandId, attributes, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: [categoryMappings.connectionId, categoryMappings.catalogCategory],
      set: { platformCategoryId: category.id, brandId, attributes, updatedAt: new Date() },
      // The unique key is per connection; the connection was checked to be this partner's above.
      setWhere: eq(categoryMappings.partnerId, partnerId),
    })
    .returning();
  if (!row) throw new TrendyolMappingError("The mapping could not be saved");
  return row;
}

export async function deleteMapping(db: Db, partnerId: string, connectionId: string, catalogCategory: string) {
  await requireTrendyolConnection(db, partnerId, connectionId);
  const gone = await db
    .delete(categoryMappings)
    .where(and(eq(categoryMappings.partnerId, partnerId), eq(categoryMappings.connectionId, connectionId), eq(categoryMappings.catalogCategory, catalogCategory)))
    .returning({ id: categoryMappings.id });
  return gone.length > 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Readiness

/** One attribute as createProducts needs it (V2 sends attributeValueId as `attributeValueIds: [id]`, text as `attributeValue`). */
export interface ResolvedAttribute {
  attributeId: number;
  attributeValueId?: number;
  customAttributeValue?: string;
}

export type ReadinessProblem =
  | { kind: "no-category" }
  | { kind: "unmapped-category"; category: string }
  | { kind: "attributes-not-fetched"; categoryId: string }
  | { kind: "no-brand"; brand: string | null }
  | { kind: "no-variants" }
  | { kind: "attribute-missing"; attributeId: number; attributeName: string; skus: string[] }
  | { kind: "attribute-value-not-allowed"; attributeId: number; attributeName: string; value: string; skus: string[] };

export interface ReadyProduct {
  productId: string;
  code: string;
  categoryId: number;
  brandId: number;
  /** Attributes whose value is the same for every variant. */
  attributes: ResolvedAttribute[];
  /** Every variant with its complete attribute list (the product's plus its own, e.g. colour and size): one createProducts item each. */
  variants: { variantId: string; sku: string; barcode: string | null; attributes: ResolvedAttribute[] }[];
}

export interface NotReadyProduct {
  productId: string;
  code: string;
  title: string;
  category: string | null;
  /** What is missing, in words (attribute names are Trendyol's). */
  missing: string[];
  problems: ReadinessProblem[];
}

export interface ReadinessReport {
  ready: ReadyProduct[];
  notReady: NotReadyProduct[];
}

export interface ReadinessProductInput {
  id: string;
  code: string;
  title: string;
  brand: string | null;
  category: string | null;
  attributes: Record<string, string>;
  variants: { id: string; sku: string; barcode: string | null; options: Record<string, string>; attributes: Record<string, string> }[];
}

export interface ReadinessContext {
  mappings: Map<string, { platformCategoryId: string; brandId: string | null; attributes: AttributeMappings }>;
  categoryAttributes: Map<string, TrendyolCategoryAttribute[]>;
  /** brandKey(catalog brand text) → Trendyol brand id. */
  brandsByName: Map<string, string>;
}

/** A catalog field by name, ignoring case: the variant's options, then its attributes, then the product's. */
function readField(name: string, product: ReadinessProductInput, variant: ReadinessProductInput["variants"][number]): string | undefined {
  const key = name.trim().toLowerCase();
  for (const rec of [variant.options, variant.attributes, product.attributes]) {
    for (const [k, v] of Object.entries(rec ?? {})) if (k.trim().toLowerCase() === key && typeof v === "string" && v.trim() !== "") return v.trim();
  }
  return undefined;
}

const sameText = (a: string, b: string) => a.localeCompare(b, "tr", { sensitivity: "accent" }) === 0;

type Resolution = { ok: ResolvedAttribute } | { missing: true } | { notAllowed: string };

function resolveAttribute(attribute: TrendyolCategoryAttribute, m: { from?: string; value?: string } | undefined, product: ReadinessProductInput, variant: ReadinessProductInput["variants"][number]): Resolution {
  const raw = m?.value ?? (m?.from ? readField(m.from, product, variant) : undefined);
  if (raw === undefined || raw.trim() === "") return { missing: true };
  const value = raw.trim();
  // A fixed value is stored as the value's id; a catalog text is matched to a listed value by its name.
  const byId = m?.value !== undefined ? attribute.values.find((v) => String(v.id) === value) : undefined;
  const listed = byId ?? attribute.values.find((v) => sameText(v.name, value));
  if (listed) return { ok: { attributeId: attribute.id, attributeValueId: listed.id } };
  if (attribute.allowCustom) return { ok: { attributeId: attribute.id, customAttributeValue: value } };
  return { notAllowed: value };
}

/** The words of one problem, for logs, the command line and the publishing engineer's item errors. */
export function describeProblem(p: ReadinessProblem): string {
  switch (p.kind) {
    case "no-category":
      return "catalog category";
    case "unmapped-category":
      return `Trendyol category for "${p.category}" (not mapped)`;
    case "attributes-not-fetched":
      return `attributes of Trendyol category ${p.categoryId} (not fetched yet)`;
    case "no-brand":
      return p.brand ? `Trendyol brand for "${p.brand}"` : "brand";
    case "no-variants":
      return "variants";
    case "attribute-missing":
      return `${p.attributeName} (attribute ${p.attributeId})${p.skus.length ? ` for ${p.skus.join(", ")}` : ""}`;
    case "attribute-value-not-allowed":
      return `${p.attributeName} (attribute ${p.attributeId}): "${p.value}" is not an allowed value${p.skus.length ? ` for ${p.skus.join(", ")}` : ""}`;
  }
}

/** Pure: one product against its mapping and the cached Trendyol data. */
export function evaluateProductReadiness(product: ReadinessProductInput, ctx: ReadinessContext): { ready: ReadyProduct } | { notReady: NotReadyProduct } {
  const problems: ReadinessProblem[] = [];
  const notReady = () => ({
    notReady: { productId: product.id, code: product.code, title: product.title, category: product.category, missing: problems.map(describeProblem), problems },
  });
  const category = product.category?.trim();
  if (!category) {
    problems.push({ kind: "no-category" });
    return notReady();
  }
  const mapping = ctx.mappings.get(category);
  if (!mapping) {
    problems.push({ kind: "unmapped-category", category });
    return notReady();
  }
  const brandId = mapping.brandId ?? (product.brand ? ctx.brandsByName.get(brandKey(product.brand)) : undefined);
  if (!brandId) problems.push({ kind: "no-brand", brand: product.brand?.trim() || null });
  const attributes = ctx.categoryAttributes.get(mapping.platformCategoryId);
  if (!attributes) problems.push({ kind: "attributes-not-fetched", categoryId: mapping.platformCategoryId });
  if (product.variants.length === 0) problems.push({ kind: "no-variants" });
  if (!attributes || product.variants.length === 0) return notReady();

  const perVariant = product.variants.map(() => [] as ResolvedAttribute[]);
  for (const attribute of attributes) {
    const m = mapping.attributes[String(attribute.id)];
    const missingSkus: string[] = [];
    const notAllowed = new Map<string, string[]>();
    product.variants.forEach((variant, i) => {
      const r = resolveAttribute(attribute, m, product, variant);
      if ("ok" in r) perVariant[i]!.push(r.ok);
      else if ("missing" in r) missingSkus.push(variant.sku);
      else notAllowed.set(r.notAllowed, [...(notAllowed.get(r.notAllowed) ?? []), variant.sku]);
    });
    // An optional attribute without a usable value is left out; a required one stops the product.
    if (!attribute.required) continue;
    const all = (skus: string[]) => (skus.length === product.variants.length ? [] : skus);
    if (missingSkus.length) problems.push({ kind: "attribute-missing", attributeId: attribute.id, attributeName: attribute.name, skus: all(missingSkus) });
    for (const [value, skus] of notAllowed) problems.push({ kind: "attribute-value-not-allowed", attributeId: attribute.id, attributeName: attribute.name, value, skus: all(skus) });
  }
  if (problems.length || !brandId) return notReady();

  const key = (a: ResolvedAttribute) => `${a.attributeId}:${a.attributeValueId ?? ""}:${a.customAttributeValue ?? ""}`;
  const shared = perVariant[0]!.filter((a) => perVariant.every((list) => list.some((b) => key(b) === key(a))));
  return {
    ready: {
      productId: product.id,
      code: product.code,
      categoryId: Number(mapping.platformCategoryId),
      brandId: Number(brandId),
      attributes: shared,
      variants: product.variants.map((v, i) => ({ variantId: v.id, sku: v.sku, barcode: v.barcode, attributes: perVariant[i]! })),
    },
  };
}

/**
 * Which of the partner's catalog products can be sent to Trendyol through this connection, and for the others what
 * is missing. Publishing sends only `ready`; `notReady` products are listed to the seller, never sent.
 *
 * - ready: `{ productId, code, categoryId, brandId, attributes, variants }`: `categoryId` is a leaf Trendyol category,
 *   `brandId` the mapping's brand or the Trendyol brand whose name equals the product's brand (ignoring case),
 *   `attributes` the resolved attributes shared by all variants, and `variants[].attributes` the complete list per
 *   variant (use this one per createProducts item). Each attribute is `{ attributeId, attributeValueId }` for a listed
 *   value or `{ attributeId, customAttributeValue }` for free text where Trendyol allows it (allowCustom); in the V2
 *   request these become `attributeValueIds: [attributeValueId]` and `attributeValue` respectively.
 * - notReady: `{ productId, code, title, category, missing, problems }`: `missing` in words, `problems` structured.
 *
 * Throws TrendyolConnectionNotFound when the connection is not this partner's Trendyol connection.
 */
export async function productsReadyForTrendyol(db: Db, partnerId: string, connectionId: string, opts: { productIds?: string[] } = {}): Promise<ReadinessReport> {
  const connection = await requireTrendyolConnection(db, partnerId, connectionId);
  const platform = connection.referencePlatform;
  const mappingRows = await db
    .select()
    .from(categoryMappings)
    .where(and(eq(categoryMappings.partnerId, partnerId), eq(categoryMappings.connectionId, connectionId)));
  const productRows = await db
    .select({ id: products.id, code: products.code, title: products.title, brand: products.brand, category: products.category, attributes: products.attributes })
    .from(products)
    .where(and(eq(products.partnerId, partnerId), opts.productIds ? inArray(products.id, opts.productIds.length ? opts.productIds : ["00000000-0000-0000-0000-000000000000"]) : undefined))
    .orderBy(asc(products.code));
  const variantRows = productRows.length
    ? await db
        .select({ id: variants.id, productId: variants.productId, sku: variants.sku, barcode: variants.barcode, options: variants.options, attributes: variants.attributes })
        .from(variants)
        .where(and(eq(variants.partnerId, partnerId), opts.productIds ? inArray(variants.productId, productRows.map((p) => p.id)) : undefined))
        .orderBy(asc(variants.sku))
    : [];

  const mappings = new Map(mappingRows.map((m) => [m.catalogCategory, { platformCategoryId: m.platformCategoryId, brandId: m.brandId, attributes: m.attributes }]));
  const cachedAttributes = await getCachedCategoryAttributes(db, platform, [...new Set(mappingRows.map((m) => m.platformCategoryId))]);
  const brands = await findCachedBrandsByName(db, platform, productRows.map((p) => p.brand ?? "").filter(Boolean));
  const ctx: ReadinessContext = {
    mappings,
    categoryAttributes: new Map([...cachedAttributes].map(([id, c]) => [id, c.attributes])),
    brandsByName: new Map([...brands].map(([k, b]) => [k, b.id])),
  };
  const byProduct = new Map<string, ReadinessProductInput["variants"]>();
  for (const v of variantRows) byProduct.set(v.productId, [...(byProduct.get(v.productId) ?? []), { id: v.id, sku: v.sku, barcode: v.barcode, options: v.options, attributes: v.attributes }]);

  const report: ReadinessReport = { ready: [], notReady: [] };
  for (const p of productRows) {
    const r = evaluateProductReadiness({ ...p, variants: byProduct.get(p.id) ?? [] }, ctx);
    if ("ready" in r) report.ready.push(r.ready);
    else report.notReady.push(r.notReady);
  }
  return report;
}
