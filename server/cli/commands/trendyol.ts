import { and, asc, eq, gt } from "drizzle-orm";
import { getDatabase } from "@/db/client";
import { connections, jobItems, jobLogs, jobs } from "@/db/schema";
import { env } from "@/server/env";
import { enqueueJob } from "@/server/jobs/enqueue";
import { trendyolReferenceFetch } from "@/server/jobs/functions/trendyol-reference-fetch";
import { startEmbeddedRunner } from "@/server/jobs/runtime/embedded";
import { ensureSandboxServer } from "@/server/sandbox";
import { TRENDYOL_REFERENCE_DATA_TYPES, type ReferenceFetchSummary, type TrendyolReferenceDataType } from "@/server/sync/trendyol/reference";
import type { CliCommand } from "../types";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FINAL = new Set(["succeeded", "failed", "cancelled"]);
/** A full brand list is hundreds of pages at 50 lookups a minute. */
const MAX_WAIT_MS = 6 * 3_600_000;

/** `--name value` options; anything else is reported as a usage error. */
function parseOptions(args: string[], known: string[]): { options: Record<string, string>; error?: string } {
  const options: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const name = arg.startsWith("--") ? arg.slice(2).split("=")[0]! : null;
    if (!name || !known.includes(name)) return { options, error: `Unknown argument ${arg}` };
    const inline = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : undefined;
    const value = inline ?? args[++i];
    if (value === undefined || value.startsWith("--")) return { options, error: `--${name} needs a value` };
    options[name] = value;
  }
  return { options };
}

const USAGE = "Usage: npm run cli -- trendyol:fetch --connection <connection id> [--data-type brands|categories|all]";

export const trendyolFetch: CliCommand = {
  name: "trendyol:fetch",
  description: "Fetch Trendyol brands and/or the category tree (with mapped categories' attributes) into the cache: trendyol:fetch --connection <id> --data-type brands|categories|all",
  async run(args) {
    const { options, error } = parseOptions(args, ["connection", "data-type"]);
    const id = options.connection;
    const dataType = (options["data-type"] ?? "all") as TrendyolReferenceDataType;
    if (error || !id || !UUID.test(id) || !(TRENDYOL_REFERENCE_DATA_TYPES as readonly string[]).includes(dataType)) {
      console.error(error ? `${error}\n${USAGE}` : USAGE);
      return 2;
    }
    const { db, close } = await getDatabase();
    const sandbox = env().sandboxEnabled && !env().SANDBOX_URL ? await ensureSandboxServer(env().SANDBOX_PORT) : null;
    const runner = startEmbeddedRunner(db, { functions: [trendyolReferenceFetch], workerId: `cli-${process.pid}` });
    try {
      // An operator command: it finds the connection's partner from the id, then works inside that partner.
      const [row] = await db
        .select({ partnerId: connections.partnerId, name: connections.name, platform: connections.platform, environment: connections.environment })
        .from(connections)
        .where(eq(connections.id, id));
      if (!row) {
        console.error(`No connection ${id}`);
        return 1;
      }
      if (row.platform !== "trendyol") {
        console.error(`Connection ${id} is a ${row.platform} connection, not Trendyol`);
        return 1;
      }
      // The same job as the cabinet's Refresh button, run here by an embedded runner, so it shows on the Jobs page.
      const { jobId } = await enqueueJob(db, { type: "trendyol-reference-fetch", partnerId: row.partnerId, connectionId: id, data: { dataType } }, { runtime: "embedded" });
      console.log(`Fetching ${dataType} for ${row.name} (${row.environment})… job ${jobId}`);
      const own = and(eq(jobs.partnerId, row.partnerId), eq(jobs.id, jobId));
      let lastLog = 0;
      const printLogs = async () => {
        const lines = await db
          .select({ id: jobLogs.id, level: jobLogs.level, message: jobLogs.message })
          .from(jobLogs)
          .where(and(eq(jobLogs.partnerId, row.partnerId), eq(jobLogs.jobId, jobId), gt(jobLogs.id, lastLog)))
          .orderBy(asc(jobLogs.id));
        for (const l of lines) {
          (l.level === "error" || l.level === "warn" ? console.error : console.log)(`  ${l.message}`);
          lastLog = l.id;
        }
      };
      const draining = runner.drain();
      for (let waited = 0; waited < MAX_WAIT_MS; waited += 500) {
        await printLogs();
        const [job] = await db.select().from(jobs).where(own);
        if (job && FINAL.has(job.state)) {
          await draining;
          await printLogs();
          if (job.state !== "succeeded") {
            console.error(`The fetch job ${job.state}: ${job.error ?? "no details"}`);
            return 1;
          }
          const s = job.result as unknown as ReferenceFetchSummary;
          const failed = await db.select().from(jobItems).where(and(eq(jobItems.partnerId, row.partnerId), eq(jobItems.jobId, jobId), eq(jobItems.status, "failed")));
          console.log(
            [
              "Summary:",
              s.brands === null ? null : `  brands: ${s.brands} fetched, ${s.brandsRemoved} removed`,
              s.categories === null ? null : `  categories: ${s.categories} fetched (${s.leafCategories} leaves), ${s.categoriesRemoved} removed`,
              `  category attributes: ${s.categoryAttributes} categories, ${s.attributeValues} values`,
              `  failed: ${failed.length}`,
            ]
              .filter(Boolean)
              .join("\n"),
          );
          for (const f of failed) console.error(`  ${f.ref}: ${f.message ?? "failed"}`);
          return failed.length ? 1 : 0;
        }
        await sleep(500);
      }
      console.error("The fetch job did not finish in time; it goes on in the background");
      return 1;
    } finally {
      await runner.stop();
      await sandbox?.close();
      await close();
    }
  },
};
