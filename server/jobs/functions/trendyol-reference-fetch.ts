import { and, eq, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections } from "@/db/schema";
import { PlatformError } from "@/server/platforms/errors";
import { ConnectionUnavailableError } from "@/server/sync/connection-context";
import { fetchTrendyolReferenceData, TrendyolConnectionNotFound, type ReferenceFetchSummary, type TrendyolReferenceDataType } from "@/server/sync/trendyol/reference";
import { defineJob, errorMessage, NonRetriableError, type JobContext } from "../define";
import { trendyolReferenceFetchRequested } from "../events";

/** Trying again cannot fix a missing connection or refused credentials. */
function final(err: unknown): unknown {
  if (err instanceof TrendyolConnectionNotFound || err instanceof ConnectionUnavailableError) return new NonRetriableError(err.message);
  if (err instanceof PlatformError && (err.kind === "authentication" || err.kind === "permission")) return new NonRetriableError(err.message);
  return err;
}

export function describeReferenceSummary(s: ReferenceFetchSummary): string {
  const parts = [
    s.brands === null ? null : `${s.brands} brands${s.brandsRemoved ? ` (${s.brandsRemoved} removed)` : ""}`,
    s.categories === null ? null : `${s.categories} categories, ${s.leafCategories} leaves${s.categoriesRemoved ? ` (${s.categoriesRemoved} removed)` : ""}`,
    `attributes of ${s.categoryAttributes} categories with ${s.attributeValues} values`,
    s.failedCategories.length ? `${s.failedCategories.length} categories failed` : null,
  ];
  return parts.filter(Boolean).join("; ");
}

async function runFetch(db: Db, job: JobContext, partnerId: string, connectionId: string, dataType: TrendyolReferenceDataType, categoryIds?: number[]) {
  return fetchTrendyolReferenceData(db, partnerId, connectionId, {
    dataType,
    categoryIds,
    onProgress: async (p) => {
      if (p.done !== undefined) await job.progress(p.done, p.total);
      await job.log("info", p.message);
    },
  });
}

/** The cabinet's Refresh button and `trendyol:fetch`: brands, the category tree and mapped categories' attributes. */
export const trendyolReferenceFetch = defineJob({
  id: "trendyol-reference-fetch",
  event: trendyolReferenceFetchRequested,
  retries: 3,
  concurrency: { key: "connection", limit: 1 },
  async handler({ event, step, job, db }) {
    const { partnerId, connectionId, dataType, categoryIds } = event.data;
    const summary = await step.run("fetch", async () => {
      try {
        return await runFetch(db, job, partnerId, connectionId, dataType, categoryIds);
      } catch (err) {
        throw final(err);
      }
    });
    for (const f of summary.failedCategories) await job.item(`category:${f.categoryId}`, "failed", f.message);
    await job.log(summary.failedCategories.length ? "warn" : "info", `Fetched ${describeReferenceSummary(summary)}`);
    return { ...summary };
  },
});

/**
 * Weekly (Trendyol advises refreshing the tree and attributes weekly): the cache is shared, so per environment one
 * working connection fetches it for everybody; connections are tried in turn until one succeeds.
 */
export const trendyolReferenceWeekly = defineJob({
  id: "trendyol-reference-weekly",
  cron: "0 4 * * 1",
  retries: 1,
  async handler({ step, job, db }) {
    const results: Record<string, unknown> = {};
    for (const environment of ["production", "sandbox"] as const) {
      results[environment] = await step.run(`fetch-${environment}`, async () => {
        const candidates = await db
          .select({ id: connections.id, partnerId: connections.partnerId })
          .from(connections)
          .where(and(eq(connections.platform, "trendyol"), eq(connections.environment, environment), ne(connections.status, "disabled")))
          .orderBy(sql`case when ${connections.status} = 'connected' then 0 else 1 end`, sql`${connections.lastTestedAt} desc nulls last`)
          .limit(20);
        for (const c of candidates) {
          try {
            const summary = await runFetch(db, job, c.partnerId, c.id, "all");
            await job.log("info", `Trendyol ${environment} reference data: ${describeReferenceSummary(summary)}`);
            return { connectionId: c.id, ...summary };
          } catch (err) {
            await job.log("warn", `Trendyol ${environment} reference data through connection ${c.id} failed: ${errorMessage(err)}`);
          }
        }
        return { skipped: candidates.length ? "every connection failed" : "no connection" };
      });
    }
    return results;
  },
});
