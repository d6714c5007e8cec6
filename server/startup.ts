import { getDatabase } from "@/db/client";
import { clusterWorker, onWorkerMessage, runsBackgroundWork } from "@/server/cluster";
import { env } from "@/server/env";
import { ensureEmbeddedRunner, nudgeEmbeddedRunners } from "@/server/jobs/runtime/embedded";
import { log } from "@/server/log";
import { keyRing } from "@/server/vault";
import { ensureSandboxServer } from "@/server/sandbox";

/** Everything the server needs before it answers: fails fast with a clear message when a setting is wrong. */
export async function startServer() {
  const settings = env();
  keyRing();
  const database = await getDatabase();
  log.info("Database ready", { driver: database.driver });
  const worker = clusterWorker();
  if (!runsBackgroundWork()) {
    // One of several `npm start` workers: worker 1 runs the simulators and the jobs; this one answers requests.
    log.info("Worker ready (jobs and simulators run in worker 1)", { worker: worker!.index, workers: worker!.count });
    return;
  }
  if (settings.sandboxEnabled && !settings.SANDBOX_URL) {
    const sandbox = await ensureSandboxServer(settings.SANDBOX_PORT);
    log.info(sandbox ? "Platform simulators listening" : "Platform simulators already running on this port", { url: settings.sandboxUrl });
  }
  if (settings.jobsRuntime === "embedded") {
    await ensureEmbeddedRunner();
    // Jobs enqueued by the other workers.
    onWorkerMessage((message) => {
      if (message.kervan === "jobs-nudge") nudgeEmbeddedRunners();
    });
    log.info("Embedded job runner started (set INNGEST_EVENT_KEY or INNGEST_BASE_URL to use Inngest)");
  } else {
    log.info("Jobs run on Inngest", { baseUrl: settings.INNGEST_BASE_URL ?? "Inngest Cloud" });
  }
}
