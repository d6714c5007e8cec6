import { env } from "./env";

type Level = "debug" | "info" | "warn" | "error";
const order: Record<Level | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Keys whose values are never written anywhere: they are replaced before a line leaves the process. */
const SECRET_KEY = /(secret|password|token|api[-_]?key|authorization|cookie|credential|signature)/i;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? "[redacted]" : redact(v, depth + 1);
  return out;
}

export type LogSink = (line: string) => void;
let sink: LogSink = (line) => process.stdout.write(line + "\n");

/** Tests capture every log line through this. */
export function setLogSink(next: LogSink | undefined) {
  sink = next ?? ((line) => process.stdout.write(line + "\n"));
}

function write(level: Level, message: string, fields?: Record<string, unknown>) {
  const configured = (() => {
    try {
      return env().LOG_LEVEL;
    } catch {
      return "info" as const;
    }
  })();
  if (order[level] < order[configured]) return;
  sink(JSON.stringify({ t: new Date().toISOString(), level, msg: message, ...(redact(fields ?? {}) as object) }));
}

export const log = {
  debug: (m: string, f?: Record<string, unknown>) => write("debug", m, f),
  info: (m: string, f?: Record<string, unknown>) => write("info", m, f),
  warn: (m: string, f?: Record<string, unknown>) => write("warn", m, f),
  error: (m: string, f?: Record<string, unknown>) => write("error", m, f),
};
