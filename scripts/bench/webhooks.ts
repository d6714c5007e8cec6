import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { and, count, eq } from "drizzle-orm";
import pg from "pg";
import { openDatabase } from "@/db/client";
import { jobs, webhookEvents } from "@/db/schema";
import { shopifyWebhookHeaders } from "@/server/sandbox/shopify/webhooks";
import { SANDBOX_ACCOUNTS } from "@/server/sandbox/shopify/seed";
import { createConnection } from "@/server/services/connections";
import { signUp } from "@/server/services/accounts";
import { resetKeyRingForTests } from "@/server/vault";

const say = (m: string) => process.stderr.write(`[bench webhooks] ${m}\n`);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** CPU time (ms) used so far by the processes of a process group (Linux; 0 elsewhere). */
function groupCpuMs(pgid: number): number {
  let ticks = 0;
  try {
    for (const pid of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        if (Number(f[2]) === pgid) ticks += Number(f[11]) + Number(f[12]);
      } catch {
        /* gone */
      }
    }
  } catch {
    return 0;
  }
  return ticks * 10; // USER_HZ = 100
}

/** POSTs one delivery and resolves with the status once the answer is read. */
function post(agent: http.Agent, endpoint: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(endpoint, { method: "POST", agent, headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

function percentile(sorted: number[], p: number) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Shopify deliveries signed the way the Shopify simulator signs them, sent to `next start` on the local
 * PostgreSQL with a share of duplicates; counts how many jobs the intake created for how many unique events.
 */
export async function webhooksBenchmark(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      platform: { type: "string", default: "shopify" },
      events: { type: "string", default: "5000" },
      duplicates: { type: "string", default: "0.3" },
      concurrency: { type: "string", default: "32" },
      "database-url": { type: "string", default: process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres" },
      "skip-build": { type: "boolean", default: false },
      /** After the burst, wait for the embedded runner to finish every job and say how long it took (stderr). */
      drain: { type: "boolean", default: false },
    },
  });
  if (values.platform !== "shopify") throw new Error("The webhooks benchmark sends Shopify deliveries (--platform shopify)");
  const total = Number(values.events);
  const dupShare = Number(values.duplicates);
  const concurrency = Number(values.concurrency);
  if (!(total > 0) || !(dupShare >= 0 && dupShare < 1) || !(concurrency > 0)) throw new Error("--events > 0, 0 <= --duplicates < 1, --concurrency > 0");

  // A fresh database on the local PostgreSQL, dropped afterwards.
  const serverUrl = values["database-url"]!;
  const dbName = `kervan_bench_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();

  const encryptionKeys = `bench:${crypto.randomBytes(32).toString("base64")}`;
  process.env.ENCRYPTION_KEYS = encryptionKeys;
  resetKeyRingForTests();
  const handle = await openDatabase(databaseUrl, { driver: "node-postgres" });
  let child: ReturnType<typeof spawn> | undefined;
  try {
    await handle.migrate();
    const account = SANDBOX_ACCOUNTS[0]!;
    const { partnerId } = await signUp(handle.db, { partnerName: "Bench Ltd", name: "Bench", email: "bench@example.com", password: "bench password 1" });
    const connection = await createConnection(handle.db, partnerId, {
      platform: "shopify",
      name: "Bench store",
      environment: "sandbox",
      values: { shopDomain: account.shopDomain, accessToken: account.accessToken, apiSecret: account.apiSecret },
    });

    const distDir = process.env.NEXT_DIST_DIR || ".next";
    if (!values["skip-build"] || !fs.existsSync(path.join(distDir, "BUILD_ID"))) {
      say("building the app (next build)…");
      const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
      if (build.status !== 0) throw new Error("next build failed");
    }
    const port = await freePort();
    let out = "";
    // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server (NODE_OPTIONS refuses --cpu-prof).
    const serverNodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
    // `npm start`: one `next start` worker per core (WEB_CONCURRENCY), as the production server runs.
    child = spawn(process.execPath, [...serverNodeArgs, "scripts/start.mjs", "-p", String(port), "-H", "127.0.0.1"], {
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: databaseUrl,
        ENCRYPTION_KEYS: encryptionKeys,
        AUTH_SECRET: crypto.randomBytes(32).toString("base64"),
        AUTH_TRUST_HOST: "true",
        LOG_LEVEL: "warn",
        SANDBOX: "off",
        NEXT_TELEMETRY_DISABLED: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (out += d));
    const base = `http://127.0.0.1:${port}`;
    const endpoint = `${base}/api/webhooks/shopify/${connection.id}`;
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`next start exited:\n${out}`);
      try {
        const res = await fetch(`${base}/sign-in`);
        if (res.status < 500) break;
      } catch {
        /* starting */
      }
      if (i > 240) throw new Error(`next start did not answer:\n${out}`);
      await new Promise((r) => setTimeout(r, 500));
    }

    // The deliveries: unique events plus re-deliveries of some of them, shuffled.
    const uniqueCount = Math.max(1, Math.round(total * (1 - dupShare)));
    const uniques = Array.from({ length: uniqueCount }, (_, i) => {
      const event = { topic: "orders/updated", eventId: crypto.randomUUID(), webhookId: crypto.randomUUID(), triggeredAt: new Date() };
      const body = JSON.stringify({ id: 5_000_000 + i, name: `#${1000 + i}`, updated_at: new Date().toISOString(), total_price: "199.90" });
      return { body, headers: shopifyWebhookHeaders({ url: endpoint, apiSecret: account.apiSecret, shopDomain: account.shopDomain }, event, body) };
    });
    const deliveries = [...uniques];
    for (let i = uniqueCount; i < total; i++) deliveries.push(uniques[Math.floor(Math.random() * uniqueCount)]!);
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
    }

    // Warm up the route (first request compiles nothing in production, but opens pools and caches).
    await fetch(endpoint, { method: "POST", body: "{}" }).then((r) => r.arrayBuffer());

    say(`server: npm start with ${process.env.WEB_CONCURRENCY || os.availableParallelism()} next start worker(s) (WEB_CONCURRENCY)`);
    say(`sending ${deliveries.length} deliveries (${uniqueCount} unique) with concurrency ${concurrency}…`);
    // node:http with keep-alive rather than fetch: the sender shares the machine's cores with the server, and
    // fetch costs it several times more CPU per request (like wrk, the load generator should stay light).
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const latencies: number[] = [];
    let rejected = 0;
    let next = 0;
    const started = performance.now();
    const cpuBefore = groupCpuMs(child.pid!);
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < deliveries.length) {
          const d = deliveries[next++]!;
          const t0 = performance.now();
          const status = await post(agent, endpoint, d.headers, d.body);
          latencies.push(performance.now() - t0);
          if (status < 200 || status >= 300) rejected++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    // The server's own CPU per delivery: comparable across runs even when other work shares the machine.
    say(`server CPU during the burst: ${((groupCpuMs(child.pid!) - cpuBefore) / total).toFixed(2)} ms per delivery over ${seconds.toFixed(1)} s`);
    latencies.sort((a, b) => a - b);

    const [{ n: jobsCreated } = { n: 0 }] = await handle.db.select({ n: count() }).from(jobs).where(and(eq(jobs.connectionId, connection.id), eq(jobs.type, "webhook-process")));
    const [{ n: stored } = { n: 0 }] = await handle.db.select({ n: count() }).from(webhookEvents).where(and(eq(webhookEvents.connectionId, connection.id), eq(webhookEvents.verified, true)));
    agent.destroy();
    say(`stored ${stored} events`);
    // How far the embedded runner got with the jobs while the deliveries came in (they run in the same process).
    const byState = await handle.db
      .select({ state: jobs.state, n: count() })
      .from(jobs)
      .where(and(eq(jobs.connectionId, connection.id), eq(jobs.type, "webhook-process")))
      .groupBy(jobs.state);
    say(`jobs by state at the end of the burst: ${byState.map((r) => `${r.state} ${r.n}`).join(", ")}`);
    if (values.drain) {
      const drainStart = performance.now();
      for (;;) {
        const states = await handle.db
          .select({ state: jobs.state, n: count() })
          .from(jobs)
          .where(and(eq(jobs.connectionId, connection.id), eq(jobs.type, "webhook-process")))
          .groupBy(jobs.state);
        const open = states.filter((r) => !["succeeded", "failed", "cancelled"].includes(r.state)).reduce((a, r) => a + r.n, 0);
        if (open === 0 || performance.now() - drainStart > 300_000) {
          say(`after ${((performance.now() - drainStart) / 1000).toFixed(1)} s more: ${states.map((r) => `${r.state} ${r.n}`).join(", ")}`);
          break;
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    return {
      events: deliveries.length,
      unique: uniqueCount,
      jobs_created: jobsCreated,
      rejected,
      rps: Math.round(deliveries.length / seconds),
      p50_ms: Number(percentile(latencies, 50).toFixed(2)),
      p99_ms: Number(percentile(latencies, 99).toFixed(2)),
    };
  } finally {
    if (child && child.exitCode === null) {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        /* gone */
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    await handle.close();
    const a = new pg.Client({ connectionString: serverUrl });
    await a.connect();
    await a.query(`drop database if exists ${dbName} with (force)`);
    await a.end();
  }
}
