import { z } from "zod";
import { exportCatalogCsv, importCatalogCsv, listProducts, listProductsInput, MAX_CSV_BYTES } from "@/server/services/catalog";
import { recordActivity } from "@/server/services/activity";
import { enqueueTrendyolStockPriceAfterEdit } from "@/server/sync/trendyol/after-edit";
import { partnerProcedure, router } from "../init";

export const catalogRouter = router({
  list: partnerProcedure.input(listProductsInput).query(({ ctx, input }) => listProducts(ctx.db, ctx.partnerId, input)),
  /** All or nothing: a file with any invalid line is refused whole, with every error listed by line. */
  importCsv: partnerProcedure
    .input(z.object({ csv: z.string().min(1, "validation.required").max(MAX_CSV_BYTES, "validation.fileTooLarge") }))
    .mutation(async ({ ctx, input }) => {
      const result = await importCatalogCsv(ctx.db, ctx.partnerId, input.csv);
      await recordActivity(ctx.db, {
        partnerId: ctx.partnerId,
        level: result.ok ? "success" : "error",
        message: result.ok
          ? `Catalog imported: ${result.products.created} products created, ${result.products.updated} updated; ${result.variants.created} variants created, ${result.variants.updated} updated`
          : `Catalog import refused: ${result.errors.length} errors`,
      });
      // A catalog edit reaches the platforms soon, not only at the next schedule (edits within a minute share one push).
      if (result.ok) await enqueueTrendyolStockPriceAfterEdit(ctx.db, ctx.partnerId);
      return { ...result, errors: result.errors.slice(0, 500), errorCount: result.errors.length };
    }),
  exportCsv: partnerProcedure.query(async ({ ctx }) => ({ csv: await exportCatalogCsv(ctx.db, ctx.partnerId) })),
});
