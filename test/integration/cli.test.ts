import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { connections, jobs, users } from "@/db/schema";
import { SANDBOX_ACCOUNTS } from "@/server/sandbox/trendyol/seed";
import { createConnection } from "@/server/services/connections";
import { signUp } from "@/server/services/accounts";

const run = promisify(execFile);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kervan-cli-"));
const keys = `cli:${crypto.randomBytes(32).toString("base64")}`;
const cliEnv = { ...process.env, DATA_DIR: dataDir, ENCRYPTION_KEYS: keys, NODE_ENV: "development", LOG_LEVEL: "warn", SANDBOX_PORT: "0" } as NodeJS.ProcessEnv;
delete cliEnv.DATABASE_URL;
delete cliEnv.SANDBOX_URL;

async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "server/cli/index.ts", ...args], { env: cliEnv, timeout: 120_000 });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

/** The command line on the embedded database, as an operator runs it. */
let connectionId: string;
let badConnectionId: string;

beforeAll(async () => {
  process.env.ENCRYPTION_KEYS = keys;
  const { resetKeyRingForTests } = await import("@/server/vault");
  resetKeyRingForTests();
  const h = await openDatabase(undefined, { driver: "pglite", dataDir: path.join(dataDir, "pglite") });
  await h.migrate();
  const { partnerId } = await signUp(h.db, { partnerName: "CLI Ltd", name: "Op", email: "op@example.com", password: "operator password" });
  const a = SANDBOX_ACCOUNTS[0]!;
  connectionId = (await createConnection(h.db, partnerId, { platform: "trendyol", name: "TY sandbox", environment: "sandbox", values: { sellerId: a.sellerId, apiKey: a.apiKey, apiSecret: a.apiSecret } })).id;
  badConnectionId = (await createConnection(h.db, partnerId, { platform: "trendyol", name: "TY wrong", environment: "sandbox", values: { sellerId: a.sellerId, apiKey: a.apiKey, apiSecret: "wrong-secret" } })).id;
  await h.close();
}, 120_000);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("npm run cli", () => {
  it("lists its commands", async () => {
    const r = await cli("help");
    expect(r.code).toBe(0);
    for (const c of ["admin:create", "connections:test", "keys:generate", "keys:rotate"]) expect(r.out).toContain(c);
  });

  it("connections:test reports connected with the account name, as a job, and exits 0", async () => {
    const r = await cli("connections:test", connectionId);
    expect(r.out).toMatch(/connected: Connected as /);
    expect(r.code).toBe(0);
    const bad = await cli("connections:test", badConnectionId);
    expect(bad.out).toMatch(/bad_credentials: /);
    expect(bad.code).toBe(1);
  }, 240_000);

  it("admin:create makes an administrator, and keys:rotate reports its counts", async () => {
    const r = await cli("admin:create", "--email", "boss@example.com", "--password", "a long password 1");
    expect(r.code).toBe(0);
    const rot = await cli("keys:rotate");
    expect(rot.out).toMatch(/rotated 0, already current 2, failed 0/);
    expect(rot.code).toBe(0);
    const h = await openDatabase(undefined, { driver: "pglite", dataDir: path.join(dataDir, "pglite") });
    const [boss] = await h.db.select().from(users).where(eq(users.email, "boss@example.com"));
    expect(boss!.isAdmin).toBe(true);
    const tested = await h.db.select().from(connections).where(eq(connections.id, connectionId));
    expect(tested[0]).toMatchObject({ status: "connected", lastTestResult: "connected" });
    const testJobs = await h.db.select().from(jobs).where(eq(jobs.connectionId, connectionId));
    expect(testJobs.map((j) => j.state)).toEqual(["succeeded"]);
    await h.close();
  }, 240_000);

  it("refuses bad arguments with a clear message", async () => {
    const r = await cli("connections:test", "nope");
    expect(r.code).toBe(2);
    expect(r.out).toContain("Usage: npm run cli -- connections:test <connection id>");
    expect((await cli("admin:create", "--email", "not-an-email")).code).toBe(2);
  });
});
