import { and, eq } from "drizzle-orm";
import { getDatabase } from "@/db/client";
import { connections, jobs } from "@/db/schema";
import { env } from "@/server/env";
import { enqueueJob } from "@/server/jobs/enqueue";
import { functions } from "@/server/jobs/functions";
import { startEmbeddedRunner } from "@/server/jobs/runtime/embedded";
import { ensureSandboxServer } from "@/server/sandbox";
import type { CliCommand } from "../types";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const connectionsTest: CliCommand = {
  name: "connections:test",
  description: "Test a connection against its platform and record the outcome: connections:test <connection id>",
  async run(args) {
    const id = args[0];
    if (!id || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
      console.error("Usage: npm run cli -- connections:test <connection id>");
      return 2;
    }
    const { db, close } = await getDatabase();
    const sandbox = env().sandboxEnabled && !env().SANDBOX_URL ? await ensureSandboxServer(env().SANDBOX_PORT) : null;
    const runner = startEmbeddedRunner(db, { functions, workerId: `cli-${process.pid}` });
    try {
      // An operator command: it finds the connection's partner from the id, then works inside that partner.
      const [row] = await db.select({ partnerId: connections.partnerId, name: connections.name, platform: connections.platform }).from(connections).where(eq(connections.id, id));
      if (!row) {
        console.error(`No connection ${id}`);
        return 1;
      }
      // The same job as the cabinet's Test button, run here by an embedded runner, so it shows on the Jobs page.
      const { jobId } = await enqueueJob(db, { type: "connection-test", partnerId: row.partnerId, connectionId: id, data: {} }, { runtime: "embedded" });
      console.log(`Testing ${row.name} (${row.platform})… job ${jobId}`);
      await runner.drain();
      for (let waited = 0; waited < 120_000; waited += 250) {
        const [job] = await db.select().from(jobs).where(and(eq(jobs.partnerId, row.partnerId), eq(jobs.id, jobId)));
        if (job && (job.state === "succeeded" || job.state === "failed" || job.state === "cancelled")) {
          if (job.state !== "succeeded") {
            console.error(`The test job ${job.state}: ${job.error ?? "no details"}`);
            return 1;
          }
          const result = job.result as { outcome: string; message: string };
          console.log(`${result.outcome}: ${result.message}`);
          return result.outcome === "connected" ? 0 : 1;
        }
        await sleep(250);
      }
      console.error("The test job did not finish within 2 minutes");
      return 1;
    } finally {
      await runner.stop();
      await sandbox?.close();
      await close();
    }
  },
};
