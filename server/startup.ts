import { getDatabase } from "@/db/client";
import { env } from "@/server/env";
import { ensureEmbeddedRunner } from "@/server/jobs/runtime/embedded";
import { log } from "@/server/log";
import { keyRing } from "@/server/vault";
import { ensureSandboxServer } from "@/server/sandbox";

/** Everything the server needs before it answers: fails fast with a clear message when a setting is wrong. */
export async function startServer() {
  const settings = env();
  keyRing();
  const database = await getDatabase();
  log.info("Database ready", { driver: database.driver });
  if (settings.sandboxEnabled && !settings.SANDBOX_URL) {
    const sandbox = await ensureSandboxServer(settings.SANDBOX_PORT);
    log.info(sandbox ? "Platform simulators listening" : "Platform simulators already running on this port", { url: settings.sandboxUrl });
  }
  if (settings.jobsRuntime === "embedded") {
    await ensureEmbeddedRunner();
    log.info("Embedded job runner started (set INNGEST_EVENT_KEY or INNGEST_BASE_URL to use Inngest)");
  } else {
    log.info("Jobs run on Inngest", { baseUrl: settings.INNGEST_BASE_URL ?? "Inngest Cloud" });
  }
}
