// The process's place among `npm start`'s workers (scripts/start.mjs). Outside that (next dev, tests, the CLI,
// Vercel) there is one process and it does everything.

export interface WorkerMessage {
  kervan: "jobs-nudge";
}

/** This worker's number (1-based) and the number of workers, or null when not started as one of several. */
export function clusterWorker(): { index: number; count: number } | null {
  const index = Number(process.env.KERVAN_WORKER);
  const count = Number(process.env.KERVAN_WORKERS);
  if (!Number.isInteger(index) || !Number.isInteger(count) || count < 2 || typeof process.send !== "function") return null;
  return { index, count };
}

/** Worker 1 (or the only process) runs the embedded job runner, the cron schedules and the simulators. */
export function runsBackgroundWork(): boolean {
  const worker = clusterWorker();
  return !worker || worker.index === 1;
}

/** Sends a message to the other workers through the primary; false when there are none. */
export function tellOtherWorkers(message: WorkerMessage): boolean {
  if (!clusterWorker() || !process.connected) return false;
  process.send!(message);
  return true;
}

/** Calls `handler` for every message another worker sends. */
export function onWorkerMessage(handler: (message: WorkerMessage) => void) {
  if (!clusterWorker()) return;
  process.on("message", (message: unknown) => {
    if (message && typeof message === "object" && "kervan" in message) handler(message as WorkerMessage);
  });
}
