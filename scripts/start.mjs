// `npm start`: the production server. One `next start` per core (WEB_CONCURRENCY, default: the machine's cores)
// sharing one port through Node's cluster module, because one Node process answers on one core only. With the
// embedded database (no DATABASE_URL) it is always one process: PGlite cannot be shared. Worker 1 alone runs the
// embedded job runner, the cron schedules and the simulators; the others hand their job nudges to it through the
// primary. A worker that dies is started again. Arguments go to `next start` as they are.
import cluster from "node:cluster";
import http from "node:http";
import os from "node:os";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const nextBin = require.resolve("next/dist/bin/next");
const args = process.argv.slice(2);

function workerCount() {
  const raw = process.env.WEB_CONCURRENCY?.trim();
  if (raw) {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) {
      console.error(`WEB_CONCURRENCY must be a whole number of at least 1 (got "${raw}")`);
      process.exit(1);
    }
    if (n > 1 && !process.env.DATABASE_URL) {
      console.error("WEB_CONCURRENCY above 1 needs DATABASE_URL: the embedded database serves one process only.");
      process.exit(1);
    }
    return n;
  }
  return process.env.DATABASE_URL ? os.availableParallelism() : 1;
}

/**
 * Appends each request's socket peer to X-Forwarded-For, as a proxy does, before Next sees it (Next keeps a
 * header the client sent as it is): the last entry is then one no sender can forge (server/webhooks/source-ip.ts).
 */
function recordPeerAddress() {
  const createServer = http.createServer;
  http.createServer = function (...args) {
    const server = createServer.apply(this, args);
    server.prependListener("request", (req) => {
      const peer = req.socket.remoteAddress;
      if (!peer) return;
      const sent = req.headers["x-forwarded-for"];
      req.headers["x-forwarded-for"] = sent ? `${Array.isArray(sent) ? sent.join(", ") : sent}, ${peer}` : peer;
    });
    return server;
  };
}

function runNextStart() {
  recordPeerAddress();
  process.argv = [process.argv[0], nextBin, "start", ...args];
  require(nextBin);
}

if (cluster.isWorker) {
  runNextStart();
} else {
  const count = workerCount();
  if (count === 1) {
    runNextStart();
  } else {
    let stopping = false;
    const restarts = [];
    const fork = (index) => {
      const worker = cluster.fork({ KERVAN_WORKER: String(index), KERVAN_WORKERS: String(count) });
      worker.kervanIndex = index;
      // Messages between workers (job nudges) go to every other worker; the one that runs the jobs acts on them.
      worker.on("message", (message) => {
        if (!message || typeof message !== "object" || !("kervan" in message)) return;
        for (const other of Object.values(cluster.workers ?? {})) if (other && other !== worker && other.isConnected()) other.send(message);
      });
      worker.on("exit", (code, signal) => {
        if (stopping) return;
        const now = Date.now();
        restarts.push(now);
        while (restarts.length && now - restarts[0] > 60_000) restarts.shift();
        if (restarts.length > 10) {
          console.error("Workers keep dying (more than 10 restarts in a minute); stopping.");
          shutdown(1);
          return;
        }
        console.error(`Worker ${index} exited (${signal ?? code}); starting it again.`);
        setTimeout(() => fork(index), 500);
      });
    };
    const shutdown = (code) => {
      if (stopping) return;
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
      const deadline = setTimeout(() => process.exit(code), 10_000);
      deadline.unref();
      cluster.on("exit", () => {
        if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(code);
      });
    };
    process.on("SIGTERM", () => shutdown(0));
    process.on("SIGINT", () => shutdown(0));
    console.log(`Starting ${count} workers (WEB_CONCURRENCY=${count})`);
    // Worker 1 first: it applies the migrations while the others wait on the same lock anyway.
    for (let i = 1; i <= count; i++) fork(i);
  }
}
