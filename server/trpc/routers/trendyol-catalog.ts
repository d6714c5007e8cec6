import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { enqueueJob } from "@/server/jobs/enqueue";
import { PlatformError } from "@/server/platforms/errors";
import {
  deleteMapping,
  listCatalogAttributeNames,
  listCatalogCategories,
  listMappings,
  productsReadyForTrendyol,
  saveMapping,
  TrendyolMappingError,
} from "@/server/sync/trendyol/mapping";
import {
  getCachedBrands,
  getCachedCategory,
  getCachedCategoryAttributes,
  listCachedBrands,
  listCachedCategories,
  lookupTrendyolBrandByName,
  referenceStatus,
  requireTrendyolConnection,
  TrendyolConnectionNotFound,
} from "@/server/sync/trendyol/reference";
import { sortAttributesForMapping } from "@/server/platforms/trendyol/transform-reference";
import type { Db } from "@/db/client";
import { notFound, partnerProcedure, router } from "../init";

const connectionInput = z.object({ connectionId: z.uuid() });
const idText = z.string().regex(/^\d{1,18}$/);

/** A connection of another partner (or of another platform) is as unknown as a missing one. */
async function connectionOf(db: Db, partnerId: string, connectionId: string) {
  try {
    return await requireTrendyolConnection(db, partnerId, connectionId);
  } catch (err) {
    if (err instanceof TrendyolConnectionNotFound) notFound("Connection not found");
    throw err;
  }
}

async function translated<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof TrendyolConnectionNotFound) notFound("Connection not found");
    if (err instanceof TrendyolMappingError) throw new TRPCError({ code: "BAD_REQUEST", message: err.message, cause: err });
    if (err instanceof PlatformError) throw new TRPCError({ code: err.kind === "rate_limited" ? "TOO_MANY_REQUESTS" : "BAD_GATEWAY", message: err.message, cause: err });
    throw err;
  }
}

export const trendyolCatalogRouter = router({
  /** What is cached (counts and when), for the connection's environment. */
  status: partnerProcedure.input(connectionInput).query(async ({ ctx, input }) => {
    const c = await connectionOf(ctx.db, ctx.partnerId, input.connectionId);
    return { connection: { id: c.id, name: c.name, environment: c.environment }, ...(await referenceStatus(ctx.db, c.referencePlatform)) };
  }),

  brands: partnerProcedure
    .input(connectionInput.extend({ search: z.string().trim().max(200).optional(), page: z.number().int().min(0).max(10_000).default(0), size: z.number().int().min(1).max(100).default(25) }))
    .query(async ({ ctx, input }) => {
      const c = await connectionOf(ctx.db, ctx.partnerId, input.connectionId);
      return listCachedBrands(ctx.db, c.referencePlatform, { search: input.search || undefined, limit: input.size, offset: input.page * input.size });
    }),

  /** Asks Trendyol for a brand by its exact name (case-sensitive) and caches the answer. */
  lookupBrand: partnerProcedure.input(connectionInput.extend({ name: z.string().trim().min(1).max(200) })).mutation(({ ctx, input }) =>
    translated(() => lookupTrendyolBrandByName(ctx.db, ctx.partnerId, input.connectionId, input.name)),
  ),

  /** Children of a category (roots without parentId), or leaves and branches matching a search. */
  categories: partnerProcedure
    .input(connectionInput.extend({ parentId: idText.nullable().default(null), search: z.string().trim().max(200).optional() }))
    .query(async ({ ctx, input }) => {
      const c = await connectionOf(ctx.db, ctx.partnerId, input.connectionId);
      return listCachedCategories(ctx.db, c.referencePlatform, { parentId: input.parentId, search: input.search || undefined, limit: input.search ? 100 : 1000 });
    }),

  /** One category with its cached attributes (required first); `attributes` is null when not fetched yet. */
  category: partnerProcedure.input(connectionInput.extend({ categoryId: idText })).query(async ({ ctx, input }) => {
    const c = await connectionOf(ctx.db, ctx.partnerId, input.connectionId);
    const category = await getCachedCategory(ctx.db, c.referencePlatform, input.categoryId);
    if (!category) notFound("Category not found");
    const cached = (await getCachedCategoryAttributes(ctx.db, c.referencePlatform, [input.categoryId])).get(input.categoryId);
    return { category, fetchedAt: cached?.fetchedAt ?? null, attributes: cached ? sortAttributesForMapping(cached.attributes) : null };
  }),

  /** The mapping screen's data: catalog categories, their mappings, and the catalog's attribute names. */
  mappings: partnerProcedure.input(connectionInput).query(async ({ ctx, input }) => {
    const c = await connectionOf(ctx.db, ctx.partnerId, input.connectionId);
    const [catalogCategories, mappings, catalogAttributes] = await Promise.all([
      listCatalogCategories(ctx.db, ctx.partnerId),
      listMappings(ctx.db, ctx.partnerId, input.connectionId),
      listCatalogAttributeNames(ctx.db, ctx.partnerId),
    ]);
    const categoryIds = [...new Set(mappings.map((m) => m.platformCategoryId))];
    const [categories, brands] = await Promise.all([
      Promise.all(categoryIds.map((id) => getCachedCategory(ctx.db, c.referencePlatform, id))),
      getCachedBrands(ctx.db, c.referencePlatform, [...new Set(mappings.map((m) => m.brandId).filter((b): b is string => Boolean(b)))]),
    ]);
    return {
      catalogCategories,
      catalogAttributes,
      mappings: mappings.map((m) => ({
        ...m,
        category: categories.find((x) => x?.id === m.platformCategoryId) ?? null,
        brand: brands.find((b) => b.id === m.brandId) ?? null,
      })),
    };
  }),

  saveMapping: partnerProcedure
    .input(
      connectionInput.extend({
        catalogCategory: z.string().trim().min(1).max(300),
        platformCategoryId: idText,
        brandId: idText.nullable().optional(),
        attributes: z.record(idText, z.object({ from: z.string().trim().max(200).optional(), value: z.string().trim().max(500).optional() })).default({}),
      }),
    )
    .mutation(({ ctx, input }) => translated(() => saveMapping(ctx.db, ctx.partnerId, input.connectionId, input))),

  deleteMapping: partnerProcedure.input(connectionInput.extend({ catalogCategory: z.string().min(1).max(300) })).mutation(async ({ ctx, input }) => {
    const deleted = await translated(() => deleteMapping(ctx.db, ctx.partnerId, input.connectionId, input.catalogCategory));
    if (!deleted) notFound("Mapping not found");
    return { ok: true };
  }),

  /** Which products can be sent, and for the others what is missing. */
  readiness: partnerProcedure.input(connectionInput).query(async ({ ctx, input }) => {
    const report = await translated(() => productsReadyForTrendyol(ctx.db, ctx.partnerId, input.connectionId));
    return {
      readyCount: report.ready.length,
      ready: report.ready.map((r) => ({ productId: r.productId, code: r.code, categoryId: r.categoryId, brandId: r.brandId, variants: r.variants.length })),
      notReady: report.notReady,
    };
  }),

  /** Starts the fetch job; `categoryIds` also fetches those categories' attributes (the category being mapped). */
  refresh: partnerProcedure
    .input(connectionInput.extend({ dataType: z.enum(["brands", "categories", "all", "attributes"]).default("all"), categoryIds: z.array(z.number().int().positive()).max(50).optional() }))
    .mutation(async ({ ctx, input }) => {
      await connectionOf(ctx.db, ctx.partnerId, input.connectionId);
      return enqueueJob(ctx.db, {
        type: "trendyol-reference-fetch",
        partnerId: ctx.partnerId,
        connectionId: input.connectionId,
        data: { dataType: input.dataType, ...(input.categoryIds?.length ? { categoryIds: input.categoryIds } : {}) },
      });
    }),
});
