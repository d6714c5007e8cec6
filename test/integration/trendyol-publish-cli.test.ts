// The publishing commands as an operator runs them: embedded database, the simulator started by the command,
// the job recorded like the cabinet's, progress and a summary printed, the exit code telling failure.
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { jobs, products, stockLevels, variants, warehouses } from "@/db/schema";
import { startSandboxServer } from "@/server/sandbox/server";
import { createTrendyolSimulator } from "@/server/sandbox/trendyol";
import { SANDBOX_ACCOUNTS } from "@/server/sandbox/trendyol/seed";
import { saveMapping } from "@/server/sync/trendyol/mapping";
import { fetchTrendyolReferenceData } from "@/server/sync/trendyol/reference";
import { signUp } from "@/server/services/accounts";
import { createConnection } from "@/server/services/connections";

const run = promisify(execFile);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kervan-ty-cli-"));
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

let connectionId: string;
let productId: string;
let unmappedId: string;

beforeAll(async () => {
  const previousKeys = process.env.ENCRYPTION_KEYS;
  process.env.ENCRYPTION_KEYS = keys;
  const { resetKeyRingForTests } = await import("@/server/vault");
  resetKeyRingForTests();
  const h = await openDatabase(undefined, { driver: "pglite", dataDir: path.join(dataDir, "pglite") });
  await h.migrate();
  const { partnerId } = await signUp(h.db, { partnerName: "CLI Ltd", name: "Op", email: "op@example.com", password: "operator password" });
  const a = SANDBOX_ACCOUNTS[0]!;
  connectionId = (await createConnection(h.db, partnerId, { platform: "trendyol", name: "TY sandbox", environment: "sandbox", values: { sellerId: a.sellerId, apiKey: a.apiKey, apiSecret: a.apiSecret } })).id;
  // The category mapping, made the way the mapping screen makes it (reference data fetched from a simulator).
  const sandbox = await startSandboxServer({ simulators: [createTrendyolSimulator()] });
  try {
    await fetchTrendyolReferenceData(h.db, partnerId, connectionId, { dataType: "all", categoryIds: [382], sandboxUrl: sandbox.url });
  } finally {
    await sandbox.close();
  }
  await saveMapping(h.db, partnerId, connectionId, { catalogCategory: "Atkı", platformCategoryId: "382", brandId: "1791", attributes: { "47": { from: "Renk" } } });
  const [wh] = await h.db.insert(warehouses).values({ partnerId, code: "W", name: "Main" }).returning();
  const rows = await h.db
    .insert(products)
    .values(
      ["CLI-1", "CLI-2", "CLI-3"].map((code) => ({
        partnerId,
        code,
        title: `Atkı ${code}`,
        description: "Yün atkı.",
        images: [`https://cdn.kervan.example/${code}.jpg`],
        category: code === "CLI-3" ? "Bere" : "Atkı",
      })),
    )
    .returning();
  const vs = await h.db
    .insert(variants)
    .values(rows.map((p) => ({ partnerId, productId: p.id, sku: `S-${p.code}`, options: { Renk: "Gri" }, barcode: `B-${p.code}-${crypto.randomBytes(3).toString("hex")}`, salePrice: "50.00", listPrice: "60.00" })))
    .returning();
  await h.db.insert(stockLevels).values(vs.map((v) => ({ partnerId, variantId: v.id, warehouseId: wh!.id, quantity: 3 })));
  productId = rows[0]!.id;
  unmappedId = rows[2]!.id;
  await h.close();
  process.env.ENCRYPTION_KEYS = previousKeys;
  if (previousKeys === undefined) delete process.env.ENCRYPTION_KEYS;
  resetKeyRingForTests();
}, 120_000);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("trendyol publishing commands", () => {
  it("create-product publishes one product, sync-products the rest, batch-status shows the batches", async () => {
    const one = await cli("trendyol:create-product", "--connection", connectionId, productId);
    expect(one.out).toContain("created 1 / updated 0 / failed 0 / skipped 0");
    expect(one.code).toBe(0);

    // The unmapped product is skipped with its reason; nothing failed, so the exit code is 0.
    const all = await cli("trendyol:sync-products", "--connection", connectionId, "--batch-size", "10");
    expect(all.out).toContain(`skipped S-CLI-3: Missing: Trendyol category for "Bere" (not mapped)`);
    expect(all.out).toContain("created 1 / updated 0 / failed 0 / skipped 1");
    expect(all.code).toBe(0);

    const status = await cli("trendyol:batch-status", "--connection", connectionId);
    expect(status.out).toMatch(/create-products\s+completed\s+items 1\s+failed 0/);
    expect(status.code).toBe(0);

    const unknown = await cli("trendyol:batch-status", "--connection", connectionId, "--batch-id", "nope");
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain("No batch nope on this connection");

    const h = await openDatabase(undefined, { driver: "pglite", dataDir: path.join(dataDir, "pglite") });
    try {
      const recorded = await h.db.select({ type: jobs.type, state: jobs.state }).from(jobs).where(eq(jobs.connectionId, connectionId));
      expect(recorded.filter((j) => j.type === "trendyol-publish").map((j) => j.state)).toEqual(["succeeded", "succeeded"]);
      expect(recorded.some((j) => j.type === "trendyol-batch-poll")).toBe(true);
    } finally {
      await h.close();
    }
    expect(unmappedId).toBeTruthy();
  }, 180_000);

  it("refuses bad arguments with the usage", async () => {
    const r = await cli("trendyol:sync-products", "--connection", connectionId, "--batch-size", "1001");
    expect(r.code).toBe(2);
    expect(r.out).toContain("Usage: npm run cli -- trendyol:sync-products");
    expect((await cli("trendyol:create-product", "--connection", connectionId)).code).toBe(2);
  }, 60_000);
});
