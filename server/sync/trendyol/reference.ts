// Trendyol reference data (brands, the category tree, category attributes with their allowed values) fetched into
// the shared cache (`reference_data`) and read back for the cabinet. The cache is per platform, not per partner:
// any one working connection refreshes it for everybody.
import { and, asc, count, eq, ilike, inArray, isNull, lt, max, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { categoryMappings, connections, referenceData } from "@/db/schema";
import { PlatformError } from "@/server/platforms/errors";
import { createTrendyolHttp, type HttpDeps } from "@/server/platforms/trendyol/client";
import { getAllBrands, getAllCategoryAttributeValues, getBrandsByName, getCategoryAttributes, getCategoryTree } from "@/server/platforms/trendyol/reference";
import { flattenCategoryTree, type TrendyolCategoryAttribute } from "@/server/platforms/trendyol/transform-reference";
import { cacheReferenceData } from "@/server/services/reference-data";
import { buildConnectionContext } from "@/server/sync/connection-context";

export const TRENDYOL_REFERENCE_KINDS = { brand: "brand", category: "category", categoryAttributes: "category-attributes" } as const;
export const TRENDYOL_REFERENCE_DATA_TYPES = ["brands", "categories", "all"] as const;
/** "attributes": only the attributes of the given categoryIds (the mapping screen's Fetch button). */
export type TrendyolReferenceDataType = (typeof TRENDYOL_REFERENCE_DATA_TYPES)[number] | "attributes";

/**
 * The `reference_data.platform` key of a connection's environment. Sandbox connections read the simulator, whose
 * brands and categories are not Trendyol's: they are cached apart so a test shop never pollutes a real seller's lists.
 */
export function trendyolReferencePlatform(environment: "production" | "sandbox"): string {
  return environment === "sandbox" ? "trendyol-sandbox" : "trendyol";
}

export class TrendyolConnectionNotFound extends Error {
  constructor() {
    super("Trendyol connection not found");
    this.name = "TrendyolConnectionNotFound";
  }
}

/** This partner's Trendyol connection, or TrendyolConnectionNotFound (another partner's id looks the same as none). */
export async function requireTrendyolConnection(db: Db, partnerId: string, connectionId: string) {
  const [row] = await db
    .select({ id: connections.id, name: connections.name, environment: connections.environment, status: connections.status })
    .from(connections)
    .where(and(eq(connections.partnerId, partnerId), eq(connections.id, connectionId), eq(connections.platform, "trendyol")));
  if (!row) throw new TrendyolConnectionNotFound();
  return { ...row, referencePlatform: trendyolReferencePlatform(row.environment) };
}

/** Stored in `data` of a "category-attributes" row (keyed by the category id). */
export interface CachedCategoryAttributes {
  categoryId: number;
  attributes: TrendyolCategoryAttribute[];
}

export interface ReferenceFetchProgress {
  phase: "brands" | "categories" | "category-attributes";
  message: string;
  done?: number;
  total?: number;
}

export interface ReferenceFetchOptions {
  dataType: TrendyolReferenceDataType;
  /** Leaf categories whose attributes to fetch as well (the mapping screen asks for the one being mapped). */
  categoryIds?: number[];
  sandboxUrl?: string;
  deps?: HttpDeps;
  onProgress?: (p: ReferenceFetchProgress) => Promise<void> | void;
  now?: () => Date;
}

export interface ReferenceFetchSummary {
  platform: string;
  brands: number | null;
  brandsRemoved: number;
  categories: number | null;
  leafCategories: number | null;
  categoriesRemoved: number;
  categoryAttributes: number;
  attributeValues: number;
  failedCategories: { categoryId: number; message: string }[];
}

/**
 * Fetches the requested reference data through one connection and stores it. Brands: every page; categories: the
 * whole tree, then the attributes (and allowed values) of every category some mapping uses, of those already cached,
 * and of `categoryIds`. Attributes of all leaves are not fetched: thousands of leaves at 50 lookups per minute would
 * take hours, and only mapped categories are ever sent.
 */
export async function fetchTrendyolReferenceData(db: Db, partnerId: string, connectionId: string, opts: ReferenceFetchOptions): Promise<ReferenceFetchSummary> {
  const connection = await requireTrendyolConnection(db, partnerId, connectionId);
  const platform = connection.referencePlatform;
  const ctx = await buildConnectionContext(db, partnerId, connectionId, { sandboxUrl: opts.sandboxUrl });
  const http = createTrendyolHttp(ctx, { db, ...opts.deps });
  const now = opts.now ?? (() => new Date());
  const progress = async (p: ReferenceFetchProgress) => opts.onProgress?.(p);
  const summary: ReferenceFetchSummary = {
    platform,
    brands: null,
    brandsRemoved: 0,
    categories: null,
    leafCategories: null,
    categoriesRemoved: 0,
    categoryAttributes: 0,
    attributeValues: 0,
    failedCategories: [],
  };

  if (opts.dataType === "brands" || opts.dataType === "all") {
    const started = now();
    let total = 0;
    await getAllBrands(http, {
      onPage: async (page, brands) => {
        total += brands.length;
        // Stamped with the time of writing (not the start), so a concurrent refresh never removes what this one wrote.
        await cacheReferenceData(db, platform, TRENDYOL_REFERENCE_KINDS.brand, brands.map((b) => ({ externalId: String(b.id), name: b.name })), now());
        await progress({ phase: "brands", message: `Brands: page ${page + 1}, ${total} so far`, done: total });
      },
    });
    summary.brands = total;
    // Every page was read: a brand no page mentioned any more is gone from Trendyol (an empty answer removes nothing).
    if (total > 0) summary.brandsRemoved = await removeOlder(db, platform, TRENDYOL_REFERENCE_KINDS.brand, started);
  }

  const wantCategories = opts.dataType === "categories" || opts.dataType === "all";
  let leaves: Map<number, string> | null = null;
  if (wantCategories) {
    const started = now();
    const flat = flattenCategoryTree(await getCategoryTree(http));
    await cacheReferenceData(
      db,
      platform,
      TRENDYOL_REFERENCE_KINDS.category,
      flat.map((c) => ({
        externalId: String(c.id),
        name: c.name,
        parentId: c.parentId === null ? null : String(c.parentId),
        data: { leaf: c.leaf, depth: c.depth, path: c.path },
      })),
      now(),
    );
    summary.categories = flat.length;
    summary.leafCategories = flat.filter((c) => c.leaf).length;
    if (flat.length > 0) summary.categoriesRemoved = await removeOlder(db, platform, TRENDYOL_REFERENCE_KINDS.category, started);
    leaves = new Map(flat.filter((c) => c.leaf).map((c) => [c.id, c.name]));
    await progress({ phase: "categories", message: `Categories: ${flat.length} (${summary.leafCategories} leaves)`, done: flat.length, total: flat.length });
  }

  const wanted = new Set<number>(opts.categoryIds ?? []);
  if (wantCategories) for (const id of await categoriesInUse(db, platform)) wanted.add(id);
  if (wanted.size > 0) {
    leaves ??= await cachedLeaves(db, platform);
    const ids = [...wanted].sort((a, b) => a - b);
    let done = 0;
    for (const categoryId of ids) {
      try {
        if (!leaves.has(categoryId)) throw new Error(`Category ${categoryId} is not a leaf of the current Trendyol category tree`);
        const fetched = await getCategoryAttributes(http, categoryId);
        for (const attribute of fetched.attributes) {
          if (attribute.values.length === 0) attribute.values = await getAllCategoryAttributeValues(http, categoryId, attribute.id);
          summary.attributeValues += attribute.values.length;
        }
        const data: CachedCategoryAttributes = { categoryId, attributes: fetched.attributes };
        await cacheReferenceData(db, platform, TRENDYOL_REFERENCE_KINDS.categoryAttributes, [
          { externalId: String(categoryId), name: fetched.displayName || leaves.get(categoryId) || String(categoryId), data: { ...data } },
        ]);
        summary.categoryAttributes += 1;
      } catch (err) {
        // One category that left the tree must not stop the others; failures that affect every call still do.
        if (err instanceof PlatformError && !["not_found", "validation"].includes(err.kind)) throw err;
        summary.failedCategories.push({ categoryId, message: err instanceof Error ? err.message : String(err) });
      }
      done += 1;
      await progress({ phase: "category-attributes", message: `Category attributes: ${done} of ${ids.length}`, done, total: ids.length });
    }
    if (wantCategories && leaves.size > 0) {
      // Attributes of categories no longer in the tree are dropped with them.
      const stale = (await cachedAttributeCategoryIds(db, platform)).filter((id) => !leaves!.has(id));
      if (stale.length) await db.delete(referenceData).where(and(eq(referenceData.platform, platform), eq(referenceData.kind, TRENDYOL_REFERENCE_KINDS.categoryAttributes), inArray(referenceData.externalId, stale.map(String))));
    }
  }
  return summary;
}

async function removeOlder(db: Db, platform: string, kind: string, before: Date) {
  const gone = await db
    .delete(referenceData)
    .where(and(eq(referenceData.platform, platform), eq(referenceData.kind, kind), lt(referenceData.fetchedAt, before)))
    .returning({ id: referenceData.externalId });
  return gone.length;
}

/** Categories mapped by any connection of this environment (ids only: reference data is shared, mappings are not read). */
async function categoriesInUse(db: Db, platform: string): Promise<number[]> {
  const environment = platform === "trendyol-sandbox" ? "sandbox" : "production";
  const mapped = await db
    .selectDistinct({ id: categoryMappings.platformCategoryId })
    .from(categoryMappings)
    .innerJoin(connections, eq(connections.id, categoryMappings.connectionId))
    .where(and(eq(connections.platform, "trendyol"), eq(connections.environment, environment)));
  const cached = await cachedAttributeCategoryIds(db, platform);
  return [...new Set([...mapped.map((m) => Number(m.id)), ...cached])].filter((n) => Number.isSafeInteger(n));
}

async function cachedAttributeCategoryIds(db: Db, platform: string): Promise<number[]> {
  const rows = await db
    .select({ id: referenceData.externalId })
    .from(referenceData)
    .where(and(eq(referenceData.platform, platform), eq(referenceData.kind, TRENDYOL_REFERENCE_KINDS.categoryAttributes)));
  return rows.map((r) => Number(r.id)).filter((n) => Number.isSafeInteger(n));
}

async function cachedLeaves(db: Db, platform: string): Promise<Map<number, string>> {
  const rows = await db
    .select({ id: referenceData.externalId, name: referenceData.name })
    .from(referenceData)
    .where(and(eq(referenceData.platform, platform), eq(referenceData.kind, TRENDYOL_REFERENCE_KINDS.category), sql`${referenceData.data}->>'leaf' = 'true'`));
  return new Map(rows.map((r) => [Number(r.id), r.name]));
}

/** Looks a brand up on Trendyol by its exact (case-sensitive) name and caches what it finds. */
export async function lookupTrendyolBrandByName(db: Db, partnerId: string, connectionId: string, name: string, opts: { sandboxUrl?: string; deps?: HttpDeps } = {}) {
  const connection = await requireTrendyolConnection(db, partnerId, connectionId);
  const ctx = await buildConnectionContext(db, partnerId, connectionId, { sandboxUrl: opts.sandboxUrl });
  const found = await getBrandsByName(createTrendyolHttp(ctx, { db, ...opts.deps }), name);
  await cacheReferenceData(db, connection.referencePlatform, TRENDYOL_REFERENCE_KINDS.brand, found.map((b) => ({ externalId: String(b.id), name: b.name })));
  return found;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the cache (the cabinet's browser)

export async function referenceStatus(db: Db, platform: string) {
  const rows = await db
    .select({ kind: referenceData.kind, count: count(), fetchedAt: max(referenceData.fetchedAt) })
    .from(referenceData)
    .where(eq(referenceData.platform, platform))
    .groupBy(referenceData.kind);
  const of = (kind: string) => rows.find((r) => r.kind === kind) ?? { count: 0, fetchedAt: null };
  return {
    brands: of(TRENDYOL_REFERENCE_KINDS.brand),
    categories: of(TRENDYOL_REFERENCE_KINDS.category),
    categoryAttributes: of(TRENDYOL_REFERENCE_KINDS.categoryAttributes),
  };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listCachedBrands(db: Db, platform: string, opts: { search?: string; limit: number; offset: number }) {
  const where = and(
    eq(referenceData.platform, platform),
    eq(referenceData.kind, TRENDYOL_REFERENCE_KINDS.brand),
    opts.search ? ilike(referenceData.name, `%${escapeLike(opts.search)}%`) : undefined,
  );
  const [items, [total]] = await Promise.all([
    db.select({ id: referenceData.externalId, name: referenceData.name }).from(referenceData).where(where).orderBy(asc(referenceData.name), asc(referenceData.externalId)).limit(opts.limit).offset(opts.offset),
    db.select({ n: count() }).from(referenceData).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

export interface CategoryRow {
  id: string;
  name: string;
  parentId: string | null;
  leaf: boolean;
  path: string[];
}

const toCategory = (r: { id: string; name: string; parentId: string | null; data: Record<string, unknown> }): CategoryRow => ({
  id: r.id,
  name: r.name,
  parentId: r.parentId,
  leaf: r.data.leaf === true,
  path: Array.isArray(r.data.path) ? (r.data.path as string[]) : [r.name],
});

/** The children of one category (the roots when parentId is null). */
export async function listCachedCategories(db: Db, platform: string, opts: { parentId: string | null; search?: string; limit?: number }) {
  const rows = await db
    .select({ id: referenceData.externalId, name: referenceData.name, parentId: referenceData.parentId, data: referenceData.data })
    .from(referenceData)
    .where(
      and(
        eq(referenceData.platform, platform),
        eq(referenceData.kind, TRENDYOL_REFERENCE_KINDS.category),
        opts.search
          ? ilike(referenceData.name, `%${escapeLike(opts.search)}%`)
          : opts.parentId === null
            ? isNull(referenceData.parentId)
            : eq(referenceData.parentId, opts.parentId),
      ),
    )
    .orderBy(asc(referenceData.name))
    .limit(opts.limit ?? 500);
  return rows.map(toCategory);
}

export async function getCachedCategory(db: Db, platform: string, categoryId: string): Promise<CategoryRow | null> {
  const [row] = await db
    .select({ id: referenceData.externalId, name: referenceData.name, parentId: referenceData.parentId, data: referenceData.data })
    .from(referenceData)
    .where(and(eq(referenceData.platform, platform), eq(referenceData.kind, TRENDYOL_REFERENCE_KINDS.category), eq(referenceData.externalId, categoryId)));
  return row ? toCategory(row) : null;
}

/** Cached attributes of categories, by category id (missing ids were never fetched). */
export async function getCachedCategoryAttributes(db: Db, platform: string, categoryIds: string[]): Promise<Map<string, { name: string; fetchedAt: Date; attributes: TrendyolCategoryAttribute[] }>> {
  if (categoryIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(referenceData)
    .where(and(eq(referenceData.platform, platform), eq(referenceData.kind, TRENDYOL_REFERENCE_KINDS.categoryAttributes), inArray(referenceData.externalId, categoryIds)));
  return new Map(
    rows.map((r) => [r.externalId, { name: r.name, fetchedAt: r.fetchedAt, attributes: ((r.data as unknown as CachedCategoryAttributes).attributes ?? []) as TrendyolCategoryAttribute[] }]),
  );
}

export async function getCachedBrands(db: Db, platform: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: referenceData.externalId, name: referenceData.name })
    .from(referenceData)
    .where(and(eq(referenceData.platform, platform), eq(referenceData.kind, TRENDYOL_REFERENCE_KINDS.brand), inArray(referenceData.externalId, ids)));
}

/** Brands whose name equals one of `names`, ignoring case (the catalog's brand text → a Trendyol brand id). */
export async function findCachedBrandsByName(db: Db, platform: string, names: string[]) {
  const out = new Map<string, { id: string; name: string }>();
  const wanted = [...new Set(names.map(brandKey).filter(Boolean))];
  if (wanted.length === 0) return out;
  const rows = await db
    .select({ id: referenceData.externalId, name: referenceData.name })
    .from(referenceData)
    .where(and(eq(referenceData.platform, platform), eq(referenceData.kind, TRENDYOL_REFERENCE_KINDS.brand), inArray(sql`lower(trim(${referenceData.name}))`, wanted)))
    .orderBy(asc(referenceData.externalId));
  for (const r of rows) if (!out.has(brandKey(r.name))) out.set(brandKey(r.name), r);
  return out;
}

export const brandKey = (name: string) => name.trim().toLowerCase();
