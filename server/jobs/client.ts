import { Inngest, type Logger } from "inngest";
import { log } from "@/server/log";

/** The SDK's messages go through the house log (JSON lines, LOG_LEVEL, redaction) instead of the console. */
function houseLogger(): Logger {
  const write =
    (level: "debug" | "info" | "warn" | "error") =>
    (...args: unknown[]) => {
      const [first, ...rest] = args;
      const message = typeof first === "string" ? first : first instanceof Error ? first.message : "Inngest";
      const details = (typeof first === "string" ? rest : args).map((a) => (a instanceof Error ? { error: a.name, message: a.message } : a));
      log[level](message, details.length > 0 ? { source: "inngest", details } : { source: "inngest" });
    };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}

/**
 * The one Inngest client. Events are typed by the `eventType(...)` definitions in ./events (Inngest v4 types and
 * validates event data from the function's triggers). Keys and URLs come from the environment the SDK reads itself:
 * INNGEST_EVENT_KEY / INNGEST_SIGNING_KEY for Inngest Cloud, INNGEST_BASE_URL or INNGEST_DEV for a self-hosted or dev
 * server. Without any of them the embedded runner runs the same functions (see ./runtime/embedded).
 */
export const inngest = new Inngest({ id: "kervan", logger: houseLogger() });
