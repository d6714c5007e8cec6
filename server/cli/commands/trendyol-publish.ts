// trendyol:sync-products, trendyol:batch-status, trendyol:create-product: the cabinet's publishing jobs, run here
// by an embedded runner (so they show on the Jobs page), with progress and a summary on the terminal.
import { and, asc, eq, gt } from "drizzle-orm";
import { getDatabase, type Db } from "@/db/client";
import { connections, jobItems, jobs, products } from "@/db/schema";
import { env } from "@/server/env";
import { enqueueJob } from "@/server/jobs/enqueue";
import { trendyolBatchPoll, trendyolPublish } from "@/server/jobs/functions/trendyol-publish";
import { startEmbeddedRunner } from "@/server/jobs/runtime/embedded";
import { ensureSandboxServer } from "@/server/sandbox";
import { listTrendyolBatches } from "@/server/sync/trendyol/publish";
import type { CliCommand } from "../types";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FINAL = new Set(["succeeded", "failed", "cancelled"]);
/** Trendyol keeps batch results 4 hours: waiting longer cannot tell more. */
const MAX_WAIT_MS = 4 * 3_600_000;

/** `--name value` options and positional arguments; unknown options are a usage error. */
function parseArgs(args: string[], known: string[]): { options: Record<string, string>; positional: string[]; error?: string } {
  const options: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const name = arg.slice(2).split("=")[0]!;
    if (!known.includes(name)) return { options, positional, error: `Unknown argument ${arg}` };
    const inline = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : undefined;
    const value = inline ?? args[++i];
    if (value === undefined || value.startsWith("--")) return { options, positional, error: `--${name} needs a value` };
    options[name] = value;
  }
  return { options, positional };
}

const positiveInt = (v: string | undefined, max = Number.MAX_SAFE_INTEGER) => (v === undefined ? undefined : /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= max ? Number(v) : NaN);

interface JobSummary {
  created?: number;
  updated?: number;
  unchanged?: number;
  skipped?: number;
  failed?: number;
  succeeded?: number;
  requests?: number;
  approval?: { pending?: number; rejected?: number; active?: number };
}

/** Opens the database, finds the Trendyol connection, runs one job to its end printing progress; returns the exit code. */
async function runJob(
  connectionId: string,
  start: (db: Db, partnerId: string) => Promise<{ jobId: string } | number>,
  finish: (db: Db, partnerId: string, job: typeof jobs.$inferSelect) => Promise<number>,
): Promise<number> {
  const { db, close } = await getDatabase();
  const sandbox = env().sandboxEnabled && !env().SANDBOX_URL ? await ensureSandboxServer(env().SANDBOX_PORT) : null;
  const runner = startEmbeddedRunner(db, { functions: [trendyolPublish, trendyolBatchPoll], pollMs: 500, workerId: `cli-${process.pid}` });
  try {
    // An operator command: it finds the connection's partner from the id, then works inside that partner.
    const [row] = await db.select({ partnerId: connections.partnerId, name: connections.name, platform: connections.platform }).from(connections).where(eq(connections.id, connectionId));
    if (!row) {
      console.error(`No connection ${connectionId}`);
      return 1;
    }
    if (row.platform !== "trendyol") {
      console.error(`Connection ${connectionId} is a ${row.platform} connection, not Trendyol`);
      return 1;
    }
    const started = await start(db, row.partnerId);
    if (typeof started === "number") return started;
    console.log(`${row.name}: job ${started.jobId}`);
    let lastProgress = "";
    let seenItems = new Date(0);
    for (let waited = 0; waited < MAX_WAIT_MS; waited += 500) {
      const [job] = await db.select().from(jobs).where(and(eq(jobs.partnerId, row.partnerId), eq(jobs.id, started.jobId)));
      // Failed and skipped items as they arrive, with Trendyol's reasons.
      const items = await db
        .select()
        .from(jobItems)
        .where(and(eq(jobItems.partnerId, row.partnerId), eq(jobItems.jobId, started.jobId), gt(jobItems.createdAt, seenItems)))
        .orderBy(asc(jobItems.createdAt));
      for (const i of items) {
        if (i.status !== "succeeded") console.log(`  ${i.status === "failed" ? "FAILED " : "skipped"} ${i.ref}: ${i.message ?? ""}`);
        seenItems = i.createdAt > seenItems ? i.createdAt : seenItems;
      }
      if (job) {
        const progress = job.progressTotal ? `${job.progressDone}/${job.progressTotal}` : "";
        if (progress && progress !== lastProgress) console.log(`  progress ${progress}`);
        lastProgress = progress || lastProgress;
        if (FINAL.has(job.state)) {
          if (job.state !== "succeeded") {
            console.error(`The job ${job.state}: ${job.error ?? "no details"}`);
            return 1;
          }
          return finish(db, row.partnerId, job);
        }
      }
      await sleep(500);
    }
    console.error("The job did not finish in time; it goes on in the background (see the Jobs page)");
    return 1;
  } finally {
    await runner.stop();
    await sandbox?.close();
    await close();
  }
}

function printSummary(r: JobSummary) {
  console.log(
    `created ${r.created ?? 0} / updated ${r.updated ?? 0} / failed ${r.failed ?? 0} / skipped ${r.skipped ?? 0}` +
      ` (unchanged ${r.unchanged ?? 0}, ${r.requests ?? 0} requests; pending approval ${r.approval?.pending ?? 0}, rejected ${r.approval?.rejected ?? 0})`,
  );
}

const publishFinish = async (_db: Db, _partnerId: string, job: typeof jobs.$inferSelect) => {
  const r = (job.result ?? {}) as JobSummary;
  printSummary(r);
  return (r.failed ?? 0) > 0 ? 1 : 0;
};

const SYNC_USAGE = "Usage: npm run cli -- trendyol:sync-products --connection <connection id> [--max-items N] [--batch-size N]";

export const trendyolSyncProducts: CliCommand = {
  name: "trendyol:sync-products",
  description: "Publish the catalog to Trendyol (create new, update changed; at most 1000 items per request): trendyol:sync-products --connection <id> [--max-items N] [--batch-size N]",
  async run(args) {
    const { options, positional, error } = parseArgs(args, ["connection", "max-items", "batch-size"]);
    const maxItems = positiveInt(options["max-items"]);
    const batchSize = positiveInt(options["batch-size"], 1000);
    if (error || positional.length || !options.connection || !UUID.test(options.connection) || Number.isNaN(maxItems) || Number.isNaN(batchSize)) {
      console.error(error ? `${error}\n${SYNC_USAGE}` : `${SYNC_USAGE}\n(--batch-size is 1–1000)`);
      return 2;
    }
    return runJob(
      options.connection,
      (db, partnerId) =>
        enqueueJob(
          db,
          { type: "trendyol-publish", partnerId, connectionId: options.connection, data: { action: "publish", mode: "full", ...(maxItems ? { maxItems } : {}), ...(batchSize ? { batchSize } : {}) } },
          { runtime: "embedded" },
        ),
      publishFinish,
    );
  },
};

const CREATE_USAGE = "Usage: npm run cli -- trendyol:create-product --connection <connection id> <product id>";

export const trendyolCreateProduct: CliCommand = {
  name: "trendyol:create-product",
  description: "Publish one catalog product (all its variants) to Trendyol: trendyol:create-product --connection <id> <product id>",
  async run(args) {
    const { options, positional, error } = parseArgs(args, ["connection"]);
    const productId = positional[0];
    if (error || positional.length !== 1 || !productId || !UUID.test(productId) || !options.connection || !UUID.test(options.connection)) {
      console.error(error ? `${error}\n${CREATE_USAGE}` : CREATE_USAGE);
      return 2;
    }
    return runJob(
      options.connection,
      async (db, partnerId) => {
        const [p] = await db.select({ id: products.id }).from(products).where(and(eq(products.partnerId, partnerId), eq(products.id, productId)));
        if (!p) {
          console.error(`No product ${productId} in this connection's catalog`);
          return 1;
        }
        return enqueueJob(db, { type: "trendyol-publish", partnerId, connectionId: options.connection, data: { action: "publish", mode: "full", productIds: [productId] } }, { runtime: "embedded" });
      },
      publishFinish,
    );
  },
};

const STATUS_USAGE = "Usage: npm run cli -- trendyol:batch-status --connection <connection id> [--batch-id ID]";

export const trendyolBatchStatus: CliCommand = {
  name: "trendyol:batch-status",
  description: "Poll the connection's open Trendyol product batches, write the results onto the listings and show them: trendyol:batch-status --connection <id> [--batch-id ID]",
  async run(args) {
    const { options, positional, error } = parseArgs(args, ["connection", "batch-id"]);
    if (error || positional.length || !options.connection || !UUID.test(options.connection)) {
      console.error(error ? `${error}\n${STATUS_USAGE}` : STATUS_USAGE);
      return 2;
    }
    const batchId = options["batch-id"];
    const connectionId = options.connection;
    return runJob(
      connectionId,
      (db, partnerId) => enqueueJob(db, { type: "trendyol-batch-poll", partnerId, connectionId, data: {} }, { runtime: "embedded" }),
      async (db, partnerId, job) => {
        const batches = await listTrendyolBatches(db, partnerId, connectionId, { batchId, limit: batchId ? 1 : 20 });
        if (batchId && batches.length === 0) {
          console.error(`No batch ${batchId} on this connection`);
          return 1;
        }
        for (const b of batches)
          console.log(`${b.batchRequestId}  ${b.kind.padEnd(17)} ${b.status.padEnd(9)} items ${b.itemCount}  failed ${b.failedCount ?? "-"}  sent ${b.submittedAt.toISOString()}`);
        const r = (job.result ?? {}) as { succeeded?: number; failed?: number };
        const failed = batchId ? (batches[0]!.failedCount ?? 0) + (batches[0]!.status === "expired" ? 1 : 0) : (r.failed ?? 0);
        console.log(`succeeded ${r.succeeded ?? 0} / failed ${r.failed ?? 0} in this poll`);
        return failed > 0 ? 1 : 0;
      },
    );
  },
};
