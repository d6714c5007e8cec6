// Trendyol stock and price end to end: catalog → delta → price-and-inventory batches → the simulator over HTTP
// (every exchange contract-checked) → batch results written onto the listings, through the service and the job.
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { connections, listings, platformBatches, products, stockLevels, variants, warehouses } from "@/db/schema";
import { resetEnvForTests } from "@/server/env";
import { enqueueJob } from "@/server/jobs/enqueue";
import { trendyolStockPrice } from "@/server/jobs/functions/trendyol-stock-price";
import { enqueueTrendyolStockPriceAfterEdit } from "@/server/sync/trendyol/after-edit";
import { getJob } from "@/server/jobs/queries";
import { startEmbeddedRunner } from "@/server/jobs/runtime/embedded";
import type { SeedProduct } from "@/server/sandbox/trendyol/seed";
import { startSandboxServer, type SandboxServer } from "@/server/sandbox/server";
import { createTrendyolSimulator, SANDBOX_ACCOUNTS, type TrendyolSimulator } from "@/server/sandbox/trendyol";
import { pushStockAndPrice, settleStockPrice } from "@/server/sync/trendyol/stock-price";
import { writeConnectionCredentials } from "@/server/vault";
import { createContractChecker } from "../contract/checker";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { makePartner } from "../helpers/fixtures";

const SELLER = SANDBOX_ACCOUNTS[0]!;
// Starts at the real time: jobs are queued on the database clock, and the runner below runs on this one.
let t = Date.now();
const clock = () => t;
const advance = (ms: number) => (t += ms);

const checker = createContractChecker();
let seenResults = 0;
let sim: TrendyolSimulator;
let server: SandboxServer;
let db: TestDatabase;
/** Requests per operation that reached the simulator. */
const sent = new Map<string, number>();
const sentCount = (op: string) => sent.get(op) ?? 0;

beforeAll(async () => {
  sim = createTrendyolSimulator({ now: clock, batchProcessingMs: 0 });
  server = await startSandboxServer({
    simulators: [sim],
    onExchange: (e) => {
      checker.check(e);
      if (e.operation) sent.set(e.operation, (sent.get(e.operation) ?? 0) + 1);
    },
  });
  process.env.SANDBOX_URL = server.url;
  resetEnvForTests();
  db = await createTestDatabase();
});
afterAll(async () => {
  await server?.close();
  delete process.env.SANDBOX_URL;
  resetEnvForTests();
  await db?.close();
});
afterEach(() => {
  const fresh = checker.results().slice(seenResults);
  seenResults = checker.results().length;
  expect(fresh.filter((r) => !r.ok && !r.tolerated).map((r) => [r.operation, r.status, ...r.errors].join(" | "))).toEqual([]);
  // Past the per-endpoint window and the 15-minute duplicate window of the previous test.
  advance(16 * 60_000);
});

let seq = 0;
/** A partner with a Trendyol sandbox connection and two warehouses. */
async function setup() {
  const label = `stock${++seq}`;
  const { partnerId, caller } = await makePartner(db.db, label);
  const [c] = await db.db
    .insert(connections)
    .values({ partnerId, platform: "trendyol", name: "Trendyol", status: "connected", environment: "sandbox", settings: { sellerId: SELLER.sellerId } })
    .returning();
  await writeConnectionCredentials(db.db, { partnerId, connectionId: c!.id }, { apiKey: SELLER.apiKey, apiSecret: SELLER.apiSecret }, ["apiKey", "apiSecret"]);
  const [w1, w2] = await db.db
    .insert(warehouses)
    .values([
      { partnerId, code: "IST", name: "İstanbul" },
      { partnerId, code: "ANK", name: "Ankara" },
    ])
    .returning();
  const [product] = await db.db.insert(products).values({ partnerId, code: `P-${label}`, title: "Atkı" }).returning();
  return { partnerId, caller, connectionId: c!.id, w1: w1!.id, w2: w2!.id, productId: product!.id };
}
type Setup = Awaited<ReturnType<typeof setup>>;

async function addVariant(s: Setup, sku: string, barcode: string | null, stock: [number, number], salePrice: string | null, listPrice: string | null) {
  const [v] = await db.db.insert(variants).values({ partnerId: s.partnerId, productId: s.productId, sku, barcode, salePrice, listPrice }).returning();
  await db.db.insert(stockLevels).values([
    { partnerId: s.partnerId, variantId: v!.id, warehouseId: s.w1, quantity: stock[0] },
    { partnerId: s.partnerId, variantId: v!.id, warehouseId: s.w2, quantity: stock[1] },
  ]);
  return v!.id;
}

async function setStock(s: Setup, variantId: string, quantity: number) {
  await db.db
    .update(stockLevels)
    .set({ quantity })
    .where(and(eq(stockLevels.partnerId, s.partnerId), eq(stockLevels.variantId, variantId), eq(stockLevels.warehouseId, s.w1)));
}

async function listingOf(s: Setup, variantId: string) {
  const [l] = await db.db.select().from(listings).where(and(eq(listings.partnerId, s.partnerId), eq(listings.connectionId, s.connectionId), eq(listings.variantId, variantId)));
  return l!;
}

/** Fifteen minutes pass on both clocks (the simulator's, and the submission times our own check reads). */
async function pastDuplicateWindow(s: Setup) {
  advance(16 * 60_000);
  await db.db.execute(sql`update platform_batches set submitted_at = submitted_at - interval '16 minutes' where connection_id = ${s.connectionId}::uuid`);
}

/** Push, then settle until Trendyol has reported every batch (results are ready at once: batchProcessingMs 0). */
async function pushAndSettle(s: Setup, opts: { reconcile?: boolean } = {}) {
  const pushed = await pushStockAndPrice(db.db, s.partnerId, s.connectionId, opts);
  const settled = await settleStockPrice(db.db, s.partnerId, s.connectionId);
  return { pushed, settled };
}

function seedProduct(barcode: string, quantity: number, salePrice: number, listPrice: number): SeedProduct {
  return {
    barcode,
    title: `Bench ${barcode}`,
    productMainId: `MAIN-${barcode}`,
    brandId: 1791,
    categoryId: 411,
    quantity,
    stockCode: barcode,
    dimensionalWeight: 1,
    description: "Test",
    listPrice,
    salePrice,
    vatRate: 20,
    images: [],
    attributes: [],
  };
}

/** Runs queued jobs on an embedded runner whose clock is the test clock, until they finish (batch polls sleep). */
async function runJobs(partnerId: string, jobIds: string[]) {
  const runner = startEmbeddedRunner(db.db, { functions: [trendyolStockPrice], pollMs: 60_000, workerId: `stock-test-${seq}`, now: () => new Date(clock()) });
  try {
    for (let i = 0; i < 40; i++) {
      await runner.drain();
      const states = await Promise.all(jobIds.map(async (id) => (await getJob(db.db, partnerId, id))!.job.state));
      if (states.every((st) => st === "succeeded" || st === "failed")) break;
      advance(10 * 60_000);
    }
  } finally {
    await runner.stop();
  }
  return Promise.all(jobIds.map(async (id) => (await getJob(db.db, partnerId, id))!));
}

describe("pushing stock and price to Trendyol", () => {
  it("sends each variant's summed stock and prices, reports what cannot be sent item by item, and records the accepted values", async () => {
    const s = await setup();
    const ok = await addVariant(s, "SCARF-NAVY", "KRV-TY-0001", [7, 5], "299.90", "349.90");
    const noList = await addVariant(s, "SCARF-RED", "KRV-TY-0002", [3, 0], "279.50", null);
    const noBarcode = await addVariant(s, "HAT-BLACK", null, [1, 1], "99.00", "120.00");
    const tooMany = await addVariant(s, "TEE-WHITE", "KRV-TY-0005", [15_000, 6_000], "199.90", "249.90");
    const unknown = await addVariant(s, "GHOST", "NOT-ON-TRENDYOL", [2, 2], "10.00", "12.00");
    const before = sentCount("updatePriceAndInventory");

    const { pushed, settled } = await pushAndSettle(s);

    expect(sentCount("updatePriceAndInventory") - before).toBe(1);
    expect(pushed).toMatchObject({ changed: 5, itemsSent: 3, requests: 1, heldBackDuplicate: 0 });
    expect(pushed.invalid.map((e) => [e.sku, e.code]).sort()).toEqual([
      ["HAT-BLACK", "barcode_missing"],
      ["TEE-WHITE", "quantity_too_high"],
    ]);
    expect(settled).toMatchObject({ pending: 0, completed: 1, accepted: 2 });
    expect(settled.failed).toEqual([expect.objectContaining({ ref: "GHOST", reasons: ["No product was found for barcode NOT-ON-TRENDYOL."] })]);

    expect(sim.product(SELLER.sellerId, "KRV-TY-0001")).toMatchObject({ quantity: 12, salePrice: 299.9, listPrice: 349.9 });
    expect(sim.product(SELLER.sellerId, "KRV-TY-0002")).toMatchObject({ quantity: 3, salePrice: 279.5, listPrice: 279.5 });
    expect(sim.product(SELLER.sellerId, "KRV-TY-0005")!.quantity).not.toBe(21_000);

    expect(await listingOf(s, ok)).toMatchObject({ status: "active", pushedQuantity: 12, pushedSalePrice: "299.90", pushedListPrice: "349.90", lastError: null });
    expect((await listingOf(s, ok)).lastPushedAt).toBeInstanceOf(Date);
    expect(await listingOf(s, noList)).toMatchObject({ pushedQuantity: 3, pushedSalePrice: "279.50", pushedListPrice: "279.50" });
    expect(await listingOf(s, noBarcode)).toMatchObject({ status: "draft", pushedQuantity: null, lastError: expect.stringContaining("has no barcode") });
    expect(await listingOf(s, tooMany)).toMatchObject({ pushedQuantity: null, lastError: expect.stringContaining("more than Trendyol's maximum of 20000") });
    expect(await listingOf(s, unknown)).toMatchObject({ pushedQuantity: null, lastError: "No product was found for barcode NOT-ON-TRENDYOL." });
    const [batch] = await db.db.select().from(platformBatches).where(eq(platformBatches.connectionId, s.connectionId));
    expect(batch).toMatchObject({ kind: "stock-price", status: "completed", itemCount: 3, failedCount: 1, platform: "trendyol" });
    expect(batch!.bodyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(batch!.resultsExpireAt!.getTime() - batch!.submittedAt.getTime()).toBe(4 * 3_600_000);
  });

  it("sends only what changed since the last accepted push, and nothing when nothing changed", async () => {
    const s = await setup();
    const a = await addVariant(s, "A", "KRV-TY-0001", [4, 0], "100.00", "150.00");
    await addVariant(s, "B", "KRV-TY-0002", [5, 0], "100.00", "150.00");
    await addVariant(s, "C", "KRV-TY-0003", [6, 0], "100.00", "150.00");
    await pushAndSettle(s);

    const before = sentCount("updatePriceAndInventory");
    const idle = await pushAndSettle(s);
    expect(idle.pushed).toMatchObject({ changed: 0, requests: 0, itemsSent: 0 });
    expect(sentCount("updatePriceAndInventory")).toBe(before);

    await setStock(s, a, 9);
    const delta = await pushAndSettle(s);
    expect(delta.pushed).toMatchObject({ changed: 1, itemsSent: 1, requests: 1 });
    expect(sim.product(SELLER.sellerId, "KRV-TY-0001")!.quantity).toBe(9);
    expect(await listingOf(s, a)).toMatchObject({ pushedQuantity: 9 });
  });

  it("updating the same SKU ten times ends with the last value on Trendyol and no request without a change", async () => {
    const s = await setup();
    const v = await addVariant(s, "TEN", "KRV-TY-0006", [1, 0], "249.90", "299.90");
    const before = sentCount("updatePriceAndInventory");
    for (let i = 1; i <= 10; i++) {
      await setStock(s, v, 100 + i);
      await pushAndSettle(s);
      // Repeating the push with nothing changed sends nothing.
      expect((await pushAndSettle(s)).pushed.requests).toBe(0);
    }
    expect(sentCount("updatePriceAndInventory") - before).toBe(10);
    expect(sim.product(SELLER.sellerId, "KRV-TY-0006")!.quantity).toBe(110);
    expect(await listingOf(s, v)).toMatchObject({ pushedQuantity: 110, lastError: null });
  });

  it("ten catalog edits in a row make one job and one request with the last value", async () => {
    const s = await setup();
    const v = await addVariant(s, "EDIT", "KRV-TY-0004", [0, 0], "199.90", "249.90");
    const before = sentCount("updatePriceAndInventory");
    const jobIds = new Set<string>();
    for (let i = 1; i <= 10; i++) {
      await setStock(s, v, 40 + i);
      for (const id of await enqueueTrendyolStockPriceAfterEdit(db.db, s.partnerId, 24 * 3_600_000)) jobIds.add(id);
    }
    expect(jobIds.size).toBe(1);
    const [done] = await runJobs(s.partnerId, [...jobIds]);
    expect(done!.job).toMatchObject({ state: "succeeded", result: expect.objectContaining({ sent: 1, requests: 1, accepted: 1, failed: 0 }) });
    expect(sentCount("updatePriceAndInventory") - before).toBe(1);
    expect(sim.product(SELLER.sellerId, "KRV-TY-0004")!.quantity).toBe(50);
  });

  it("never sends the same body twice within 15 minutes: it is held back and sent by a later run", async () => {
    const s = await setup();
    const v = await addVariant(s, "DUP", "KRV-TY-0003", [10, 0], "199.90", "249.90");
    await pushAndSettle(s);
    await setStock(s, v, 11);
    await pushAndSettle(s);
    await setStock(s, v, 10); // the first body again
    const before = sentCount("updatePriceAndInventory");
    const held = await pushAndSettle(s);
    expect(held.pushed).toMatchObject({ changed: 1, itemsSent: 0, requests: 0, heldBackDuplicate: 1 });
    expect(sentCount("updatePriceAndInventory")).toBe(before);
    expect(await listingOf(s, v)).toMatchObject({ pushedQuantity: 11 });

    // Fifteen minutes later the same body may go.
    await pastDuplicateWindow(s);
    const later = await pushAndSettle(s);
    expect(later.pushed).toMatchObject({ itemsSent: 1, requests: 1 });
    expect(sim.product(SELLER.sellerId, "KRV-TY-0003")!.quantity).toBe(10);
  });

  it("splits a large push into requests of at most 1000 items", async () => {
    const s = await setup();
    const seeds: SeedProduct[] = [];
    const rows: Array<typeof variants.$inferInsert> = [];
    for (let i = 0; i < 2100; i++) {
      const barcode = `SPLIT-${seq}-${String(i).padStart(5, "0")}`;
      seeds.push(seedProduct(barcode, 0, 10, 20));
      rows.push({ partnerId: s.partnerId, productId: s.productId, sku: barcode, barcode, salePrice: "15.00", listPrice: "20.00" });
    }
    sim.addApprovedProducts(SELLER.sellerId, seeds);
    await db.db.insert(variants).values(rows);
    const { pushed, settled } = await pushAndSettle(s);
    expect(pushed).toMatchObject({ changed: 2100, itemsSent: 2100, requests: 3 });
    expect(settled).toMatchObject({ completed: 3, accepted: 2100, failed: [] });
    const counts = await db.db.select({ n: platformBatches.itemCount }).from(platformBatches).where(eq(platformBatches.connectionId, s.connectionId));
    expect(counts.map((c) => c.n).sort((x, y) => x - y)).toEqual([100, 1000, 1000]);
    expect(sim.product(SELLER.sellerId, seeds[2099]!.barcode)).toMatchObject({ salePrice: 15, listPrice: 20 });
  });

  it("retries a refused item on the next run instead of dropping it", async () => {
    const s = await setup();
    const barcode = `LATE-${seq}`;
    const v = await addVariant(s, "LATE", barcode, [3, 4], "50.00", "60.00");
    const first = await pushAndSettle(s);
    expect(first.settled.failed.map((f) => f.ref)).toEqual(["LATE"]);
    expect(await listingOf(s, v)).toMatchObject({ pushedQuantity: null, lastError: `No product was found for barcode ${barcode}.` });

    sim.addApprovedProducts(SELLER.sellerId, [seedProduct(barcode, 0, 1, 2)]);
    // The same item again is the same body: Trendyol refuses it within 15 minutes, so it waits for the next run.
    expect((await pushAndSettle(s)).pushed).toMatchObject({ changed: 1, itemsSent: 0, heldBackDuplicate: 1 });
    await pastDuplicateWindow(s);
    const second = await pushAndSettle(s);
    expect(second.pushed).toMatchObject({ itemsSent: 1 });
    expect(second.settled).toMatchObject({ accepted: 1, failed: [] });
    expect(sim.product(SELLER.sellerId, barcode)).toMatchObject({ quantity: 7, salePrice: 50, listPrice: 60 });
    expect(await listingOf(s, v)).toMatchObject({ pushedQuantity: 7, lastError: null, status: "active" });
  });

  it("marks a batch expired when Trendyol no longer keeps its results, and sends its items again", async () => {
    const s = await setup();
    const barcode = `EXP-${seq}`;
    sim.addApprovedProducts(SELLER.sellerId, [seedProduct(barcode, 0, 1, 2)]);
    const v = await addVariant(s, "EXP", barcode, [5, 0], "30.00", "40.00");
    await pushStockAndPrice(db.db, s.partnerId, s.connectionId);
    advance(5 * 3_600_000); // past Trendyol's 4 hours before anyone read the result
    // The contract lists no 404 for getBatchRequestResult; the simulator answers 404 for a batch it has forgotten.
    checker.tolerate(/status 404 is not documented for getBatchRequestResult/);
    const settled = await settleStockPrice(db.db, s.partnerId, s.connectionId);
    checker.tolerate(undefined);
    expect(settled).toMatchObject({ expired: 1, completed: 0, pending: 0 });
    const [batch] = await db.db.select().from(platformBatches).where(eq(platformBatches.connectionId, s.connectionId));
    expect(batch!.status).toBe("expired");
    expect(await listingOf(s, v)).toMatchObject({ pushedQuantity: null });

    await pastDuplicateWindow(s);
    const again = await pushAndSettle(s);
    expect(again.pushed).toMatchObject({ itemsSent: 1 });
    expect(await listingOf(s, v)).toMatchObject({ pushedQuantity: 5 });
  });

  it("marks a batch expired by the clock alone once its 4 hours have passed, without asking Trendyol", async () => {
    const s = await setup();
    await addVariant(s, "OLD", "KRV-TY-0001", [2, 0], "30.00", "40.00");
    await pushStockAndPrice(db.db, s.partnerId, s.connectionId);
    await db.db.execute(sql`update platform_batches set results_expire_at = now() - interval '1 minute' where connection_id = ${s.connectionId}::uuid`);
    const before = sentCount("getBatchRequestResult");
    expect(await settleStockPrice(db.db, s.partnerId, s.connectionId)).toMatchObject({ expired: 1, completed: 0 });
    expect(sentCount("getBatchRequestResult")).toBe(before);
  });

  it("reconcile compares Trendyol's view with the catalog and fixes what drifted", async () => {
    const s = await setup();
    const drift = `DRIFT-${seq}`;
    const steady = `STEADY-${seq}`;
    sim.addApprovedProducts(SELLER.sellerId, [seedProduct(drift, 0, 1, 2), seedProduct(steady, 0, 1, 2)]);
    await addVariant(s, "DRIFT", drift, [8, 0], "80.00", "90.00");
    await addVariant(s, "STEADY", steady, [9, 0], "80.00", "90.00");
    await pushAndSettle(s);
    // Someone changed the stock in the seller panel.
    sim.addApprovedProducts(SELLER.sellerId, [seedProduct(drift, 1, 80, 90)]);
    expect((await pushAndSettle(s)).pushed.requests).toBe(0); // a plain delta cannot see it

    const { jobId } = await s.caller.trendyolInventory.pushNow({ connectionId: s.connectionId, reconcile: true });
    const [done] = await runJobs(s.partnerId, [jobId]);
    expect(done!.job).toMatchObject({ state: "succeeded", result: expect.objectContaining({ drifted: 1, sent: 1, accepted: 1 }) });
    expect(sim.product(SELLER.sellerId, drift)!.quantity).toBe(8);
    expect(sim.product(SELLER.sellerId, steady)!.quantity).toBe(9);
  });
});

describe("the push-now procedure and the job", () => {
  it("starts a job that pushes and reports refused items one by one on the Jobs page", async () => {
    const s = await setup();
    await addVariant(s, "GOOD", "KRV-TY-0002", [2, 2], "120.00", "150.00");
    await addVariant(s, "NO-CODE", null, [1, 0], "10.00", "12.00");
    await addVariant(s, "MISSING", `MISSING-${seq}`, [1, 0], "10.00", "12.00");
    const { jobId } = await s.caller.trendyolInventory.pushNow({ connectionId: s.connectionId });
    const [done] = await runJobs(s.partnerId, [jobId]);
    expect(done!.job).toMatchObject({ type: "trendyol-stock-price", state: "succeeded", result: expect.objectContaining({ changed: 3, sent: 2, accepted: 1, failed: 2, pending: 0 }) });
    expect(done!.items.map((i) => [i.ref, i.status]).sort()).toEqual([
      ["MISSING", "failed"],
      ["NO-CODE", "failed"],
    ]);
    const batches = await s.caller.trendyolInventory.batches({ connectionId: s.connectionId });
    expect(batches).toEqual([expect.objectContaining({ status: "completed", itemCount: 2, failedCount: 1 })]);
    expect(sim.product(SELLER.sellerId, "KRV-TY-0002")!.quantity).toBe(4);
  });

  it("refuses another partner's connection", async () => {
    const s = await setup();
    const other = await makePartner(db.db, "intruder");
    await expect(other.caller.trendyolInventory.pushNow({ connectionId: s.connectionId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(enqueueJob(db.db, { type: "trendyol-stock-price", partnerId: other.partnerId, connectionId: s.connectionId, data: {} }, { runtime: "embedded" })).rejects.toThrow(
      "Connection not found",
    );
    await expect(pushStockAndPrice(db.db, other.partnerId, s.connectionId)).rejects.toThrow("The connection no longer exists");
    const rows = await db.db.select().from(listings).where(inArray(listings.connectionId, [s.connectionId]));
    expect(rows).toEqual([]);
  });
});
