// Publishing the catalog to Trendyol through the job, against the simulator over HTTP (every exchange checked
// against the official contract): creates, batch polling, per-item results and reasons on the listings, delta
// re-runs, content-only updates, 1000-item requests and tenancy.
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { connections, jobs, listings, platformBatches, products, stockLevels, variants, warehouses } from "@/db/schema";
import { resetEnvForTests } from "@/server/env";
import { enqueueJob } from "@/server/jobs/enqueue";
import { functions } from "@/server/jobs/functions";
import { getJob } from "@/server/jobs/queries";
import { startEmbeddedRunner, type EmbeddedRunner } from "@/server/jobs/runtime/embedded";
import type { Exchange } from "@/server/sandbox/framework";
import { startSandboxServer, type SandboxServer } from "@/server/sandbox/server";
import { createTrendyolSimulator, SANDBOX_ACCOUNTS, type TrendyolSimulator } from "@/server/sandbox/trendyol";
import { saveMapping } from "@/server/sync/trendyol/mapping";
import { fetchTrendyolReferenceData } from "@/server/sync/trendyol/reference";
import { pollTrendyolProductBatches, refreshTrendyolApproval, submitTrendyolPublish } from "@/server/sync/trendyol/publish";
import { writeConnectionCredentials } from "@/server/vault";
import { createContractChecker } from "../contract/checker";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { makePartner } from "../helpers/fixtures";

const account = SANDBOX_ACCOUNTS[0]!;
const checker = createContractChecker();
let seenResults = 0;
let t: TestDatabase;
let sim: TrendyolSimulator;
let server: SandboxServer;
let runner: EmbeddedRunner;
const exchanges: Exchange[] = [];

beforeAll(async () => {
  sim = createTrendyolSimulator({ batchProcessingMs: 0 });
  server = await startSandboxServer({
    simulators: [sim],
    onExchange: (e) => {
      exchanges.push(e);
      checker.check(e);
    },
  });
  process.env.SANDBOX_URL = server.url;
  resetEnvForTests();
  t = await createTestDatabase();
  runner = startEmbeddedRunner(t.db, { functions, pollMs: 60_000, workerId: "trendyol-publish-test" });
}, 60_000);
afterEach(() => {
  const fresh = checker.results().slice(seenResults);
  seenResults = checker.results().length;
  expect(fresh.filter((r) => !r.ok).map((r) => [r.operation, r.status, ...r.errors].join(" | "))).toEqual([]);
  sim.faults.partialBatchFailureRate = 0;
});
afterAll(async () => {
  await runner?.stop();
  await server?.close();
  delete process.env.SANDBOX_URL;
  resetEnvForTests();
  await t?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let referenceFetched = false;
/** A sandbox Trendyol connection whose catalog category "Atkı" maps to the simulator's 382 and brand 1791. */
async function makeConnection(db: Db, partnerId: string) {
  const [c] = await db
    .insert(connections)
    .values({ partnerId, platform: "trendyol", name: "Trendyol", status: "connected", environment: "sandbox", settings: { sellerId: account.sellerId } })
    .returning();
  await writeConnectionCredentials(db, { partnerId, connectionId: c!.id }, { apiKey: account.apiKey, apiSecret: account.apiSecret }, ["apiKey", "apiSecret"]);
  if (!referenceFetched) {
    // Cached per environment, shared by every sandbox connection.
    await fetchTrendyolReferenceData(db, partnerId, c!.id, { dataType: "all", categoryIds: [382] });
    referenceFetched = true;
  }
  // Colour (47, required) from the variant's "Renk" option; material (338) fixed to "Yün" (value id 338001).
  await saveMapping(db, partnerId, c!.id, { catalogCategory: "Atkı", platformCategoryId: "382", brandId: "1791", attributes: { "47": { from: "Renk" }, "338": { value: "338001" } } });
  return c!.id;
}

let seq = 0;
/** Catalog products mapped to the simulator's "Atkı" category (382) and brand "Kervan" (1791), one variant each. */
async function seedCatalog(db: Db, partnerId: string, n: number, prefix = `P${++seq}`) {
  const [wh] = await db.insert(warehouses).values({ partnerId, code: `W-${prefix}`, name: "Main" }).returning();
  const productRows = await db
    .insert(products)
    .values(
      Array.from({ length: n }, (_, i) => ({
        partnerId,
        code: `${prefix}-${i}`,
        title: `Yün atkı ${prefix} ${i}`,
        description: "Sıcak tutan yün atkı.",
        images: [`https://cdn.kervan.example/${prefix}/${i}.jpg`],
        category: "Atkı",
      })),
    )
    .returning({ id: products.id, code: products.code });
  const variantRows = await db
    .insert(variants)
    .values(
      productRows.map((p) => ({
        partnerId,
        productId: p.id,
        sku: `SKU-${p.code}`,
        barcode: `BC-${p.code}`,
        options: { Renk: "Lacivert" },
        salePrice: "100.00",
        listPrice: "120.00",
      })),
    )
    .returning({ id: variants.id });
  await db.insert(stockLevels).values(variantRows.map((v) => ({ partnerId, variantId: v.id, warehouseId: wh!.id, quantity: 7 })));
  return { productIds: productRows.map((p) => p.id), variantIds: variantRows.map((v) => v.id), prefix };
}

/** Runs the job to its end: drains, and while it sleeps between polls waits for it to wake. */
async function runJob(partnerId: string, connectionId: string, data: Record<string, unknown>, type: "trendyol-publish" | "trendyol-batch-poll" = "trendyol-publish") {
  const { jobId } = await enqueueJob(t.db, { type, partnerId, connectionId, data }, { runtime: "embedded" });
  for (let i = 0; i < 600; i++) {
    await runner.drain();
    const [job] = await t.db.select().from(jobs).where(and(eq(jobs.partnerId, partnerId), eq(jobs.id, jobId)));
    if (job && ["succeeded", "failed", "cancelled"].includes(job.state)) return job;
    await sleep(100);
  }
  throw new Error("The publish job did not finish");
}

const calls = (operation: string, from: number) => exchanges.slice(from).filter((e) => e.operation === operation);
const listingsOf = (db: Db, connectionId: string) => db.select().from(listings).where(eq(listings.connectionId, connectionId));

describe("trendyol-publish", () => {
  it("creates products, polls the batch and writes each item's status onto its listing; a re-run sends nothing", async () => {
    const { partnerId } = await makePartner(t.db, "pub");
    const connectionId = await makeConnection(t.db, partnerId);
    const catalog = await seedCatalog(t.db, partnerId, 3);
    const from = exchanges.length;

    const job = await runJob(partnerId, connectionId, { mode: "full" });
    expect(job.state).toBe("succeeded");
    expect(job.result).toMatchObject({ created: 3, updated: 0, unchanged: 0, skipped: 0, failed: 0, succeeded: 3, requests: 1, batches: 1 });
    expect(job.progressDone).toBe(3);
    expect(job.progressTotal).toBe(3);
    expect(calls("createProducts", from)).toHaveLength(1);
    expect(calls("getBatchRequestResult", from).length).toBeGreaterThanOrEqual(1);

    const rows = await listingsOf(t.db, connectionId);
    expect(rows).toHaveLength(3);
    for (const l of rows) {
      // Approved by the simulator once the batch completed, read back with its content id.
      expect(l).toMatchObject({ status: "active", lastError: null, pushedQuantity: 7, pushedSalePrice: "100.00", pushedListPrice: "120.00" });
      expect(l.contentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(l.externalProductId).toMatch(/^\d+$/);
      expect(l.lastBatchId).toBeTruthy();
    }
    const [batch] = await t.db.select().from(platformBatches).where(eq(platformBatches.connectionId, connectionId));
    expect(batch).toMatchObject({ kind: "create-products", status: "completed", itemCount: 3, failedCount: 0 });
    expect(batch!.externalBatchId).toBe(rows[0]!.lastBatchId);
    expect(sim.product(account.sellerId, `BC-${catalog.prefix}-0`)).toMatchObject({
      title: `Yün atkı ${catalog.prefix} 0`,
      categoryId: 382,
      brandId: 1791,
      attributes: [
        { attributeId: 47, attributeValueIds: [47003] },
        { attributeId: 338, attributeValueIds: [338001] },
      ],
    });

    const again = exchanges.length;
    const second = await runJob(partnerId, connectionId, { mode: "full" });
    expect(second.result).toMatchObject({ created: 0, updated: 0, unchanged: 3, requests: 0 });
    expect(exchanges.slice(again).filter((e) => e.request.method !== "GET")).toEqual([]);

    // A changed title sends one content update for that product only.
    await t.db.update(products).set({ title: "Yeni başlık" }).where(eq(products.id, catalog.productIds[1]!));
    const third = exchanges.length;
    const update = await runJob(partnerId, connectionId, { mode: "full" });
    expect(update.result).toMatchObject({ created: 0, updated: 1, unchanged: 2, failed: 0 });
    const writes = exchanges.slice(third).filter((e) => e.request.method !== "GET");
    expect(writes.map((e) => e.operation)).toEqual(["updateContentBulk"]);
    const sent = writes[0]!.request.json as { items: Array<{ contentId: number; title: string }> };
    expect(sent.items).toHaveLength(1);
    expect(sent.items[0]!.title).toBe("Yeni başlık");
    expect(sim.product(account.sellerId, `BC-${catalog.prefix}-1`)?.title).toBe("Yeni başlık");
    const fourth = exchanges.length;
    expect((await runJob(partnerId, connectionId, { mode: "full" })).result).toMatchObject({ updated: 0, unchanged: 3 });
    expect(exchanges.slice(fourth).filter((e) => e.request.method !== "GET")).toEqual([]);
  }, 60_000);

  it("reports a partial batch failure item by item with Trendyol's reasons", async () => {
    const { partnerId } = await makePartner(t.db, "partial");
    const connectionId = await makeConnection(t.db, partnerId);
    await seedCatalog(t.db, partnerId, 4);
    sim.faults.partialBatchFailureRate = 0.5;
    const job = await runJob(partnerId, connectionId, { mode: "full" });
    expect(job.state).toBe("succeeded");
    expect(job.result).toMatchObject({ created: 4, succeeded: 2, failed: 2 });
    const rows = await listingsOf(t.db, connectionId);
    const failed = rows.filter((r) => r.status === "error");
    expect(failed).toHaveLength(2);
    for (const r of failed) {
      expect(r.lastError).toBe("Required category attribute is missing: Renk");
      expect(r.contentHash).toBeNull();
    }
    expect(rows.filter((r) => r.status === "active")).toHaveLength(2);
    const detail = await getJob(t.db, partnerId, job.id);
    const items = detail!.items.filter((i) => i.status === "failed");
    expect(items).toHaveLength(2);
    expect(items.every((i) => i.message === "Required category attribute is missing: Renk")).toBe(true);
    const [batch] = await t.db.select().from(platformBatches).where(eq(platformBatches.connectionId, connectionId));
    expect(batch).toMatchObject({ status: "completed", failedCount: 2 });
  }, 60_000);

  it("test mode sends 5 items; a product whose category is not mapped is skipped with what is missing", async () => {
    const { partnerId } = await makePartner(t.db, "testmode");
    const connectionId = await makeConnection(t.db, partnerId);
    const catalog = await seedCatalog(t.db, partnerId, 7);
    await t.db.update(products).set({ category: "Bere" }).where(eq(products.id, catalog.productIds[0]!));
    const job = await runJob(partnerId, connectionId, { mode: "test" });
    expect(job.result).toMatchObject({ created: 5, skipped: 1, succeeded: 5 });
    const detail = await getJob(t.db, partnerId, job.id);
    expect(detail!.items.find((i) => i.status === "skipped")?.message).toBe('Missing: Trendyol category for "Bere" (not mapped)');
  }, 60_000);

  it("sends at most 1000 items per request", async () => {
    const { partnerId } = await makePartner(t.db, "chunk");
    const connectionId = await makeConnection(t.db, partnerId);
    await seedCatalog(t.db, partnerId, 1001);
    const from = exchanges.length;
    const job = await runJob(partnerId, connectionId, { mode: "full" });
    expect(job.state).toBe("succeeded");
    expect(job.result).toMatchObject({ created: 1001, succeeded: 1001, failed: 0, requests: 2 });
    const sizes = calls("createProducts", from).map((e) => (e.request.json as { items: unknown[] }).items.length);
    expect(sizes).toEqual([1000, 1]);
    const active = await t.db.select({ id: listings.id }).from(listings).where(and(eq(listings.connectionId, connectionId), eq(listings.status, "active")));
    expect(active).toHaveLength(1001);
  }, 180_000);

  it("shows products Trendyol rejected with its reasons, and sends their fix through the unapproved update", async () => {
    const { partnerId } = await makePartner(t.db, "rejected");
    const connectionId = await makeConnection(t.db, partnerId);
    const catalog = await seedCatalog(t.db, partnerId, 2);
    await runJob(partnerId, connectionId, { mode: "full" });
    const barcode = `BC-${catalog.prefix}-0`;
    sim.rejectProduct(account.sellerId, barcode, [{ rejectReason: "Görsel uygun değil", rejectReasonDetail: "Ürün görseli beyaz zeminli olmalı" }]);

    const poll = await runJob(partnerId, connectionId, {}, "trendyol-batch-poll");
    expect(poll.result).toMatchObject({ approval: { rejected: 1, active: 1 } });
    const [row] = await t.db.select().from(listings).where(and(eq(listings.connectionId, connectionId), eq(listings.variantId, catalog.variantIds[0]!)));
    expect(row).toMatchObject({ status: "rejected", lastError: "Görsel uygun değil: Ürün görseli beyaz zeminli olmalı" });

    await t.db.update(products).set({ images: ["https://cdn.kervan.example/white.jpg"] }).where(eq(products.id, catalog.productIds[0]!));
    const from = exchanges.length;
    const fix = await runJob(partnerId, connectionId, { mode: "full" });
    expect(fix.result).toMatchObject({ created: 0, updated: 1, failed: 0 });
    expect(exchanges.slice(from).filter((e) => e.request.method !== "GET").map((e) => e.operation)).toEqual(["updateUnapprovedProducts"]);
    expect(sim.product(account.sellerId, barcode)?.images).toEqual([{ url: "https://cdn.kervan.example/white.jpg" }]);
  }, 60_000);

  it("sends a variant change through variant-bulk-update and new delivery days through delivery-info-bulk-update", async () => {
    const { partnerId } = await makePartner(t.db, "variant");
    const connectionId = await makeConnection(t.db, partnerId);
    const catalog = await seedCatalog(t.db, partnerId, 3);
    await runJob(partnerId, connectionId, { mode: "full" });
    await t.db.update(variants).set({ weightGrams: 2500 }).where(eq(variants.id, catalog.variantIds[0]!));
    await t.db.update(products).set({ attributes: { trendyolDeliveryDuration: "3" } }).where(eq(products.id, catalog.productIds[1]!));
    const from = exchanges.length;
    const job = await runJob(partnerId, connectionId, { mode: "full" });
    expect(job.result).toMatchObject({ created: 0, updated: 2, unchanged: 1, failed: 0 });
    const writes = exchanges.slice(from).filter((e) => e.request.method !== "GET");
    expect(writes.map((e) => [e.operation, e.request.json])).toEqual([
      ["updateVariantBulk", { items: [{ barcode: `BC-${catalog.prefix}-0`, stockCode: `SKU-${catalog.prefix}-0`, vatRate: 20, dimensionalWeight: 2.5 }] }],
      ["updateDeliveryInfoBulk", { items: [{ barcode: `BC-${catalog.prefix}-1`, deliveryOptions: { deliveryDuration: 3 } }] }],
    ]);
    expect(sim.product(account.sellerId, `BC-${catalog.prefix}-0`)?.dimensionalWeight).toBe(2.5);
    expect(sim.product(account.sellerId, `BC-${catalog.prefix}-1`)?.deliveryDuration).toBe(3);
    const again = exchanges.length;
    expect((await runJob(partnerId, connectionId, { mode: "full" })).result).toMatchObject({ updated: 0, unchanged: 3 });
    expect(exchanges.slice(again).filter((e) => e.request.method !== "GET")).toEqual([]);
  }, 60_000);

  it("never sends an item twice while its batch is in flight; a batch whose results expired is reported, then settled by reading approval back", async () => {
    const { partnerId } = await makePartner(t.db, "inflight");
    const connectionId = await makeConnection(t.db, partnerId);
    await seedCatalog(t.db, partnerId, 2);
    const first = await submitTrendyolPublish(t.db, partnerId, connectionId, { mode: "full" });
    expect(first).toMatchObject({ created: 2, requests: 1 });
    const second = await submitTrendyolPublish(t.db, partnerId, connectionId, { mode: "full" });
    expect(second).toMatchObject({ created: 0, updated: 0, inFlight: 2, requests: 0 });

    // Trendyol keeps results 4 hours: polled 5 hours later, the batch is marked expired and its items reported.
    const later = () => new Date(Date.now() + 5 * 3_600_000);
    const polled = await pollTrendyolProductBatches(t.db, partnerId, connectionId, { now: later });
    expect(polled).toMatchObject({ expired: 1, completed: 0, pending: 0 });
    const rows = await listingsOf(t.db, connectionId);
    expect(rows.map((r) => r.lastError)).toEqual([
      "Trendyol no longer keeps the results of this batch (4 hours): publish again to resend",
      "Trendyol no longer keeps the results of this batch (4 hours): publish again to resend",
    ]);
    const [batch] = await t.db.select().from(platformBatches).where(eq(platformBatches.connectionId, connectionId));
    expect(batch!.status).toBe("expired");
    expect(rows.map((r) => r.status)).toEqual(["pending", "pending"]);
    // The create did go through: reading approval back finds both products, so nothing is created twice.
    expect(await refreshTrendyolApproval(t.db, partnerId, connectionId, { onlyUnsettled: true })).toMatchObject({ active: 2 });
    const settled = await listingsOf(t.db, connectionId);
    expect(settled.map((r) => [r.status, r.lastError, Boolean(r.contentHash)])).toEqual([
      ["active", null, true],
      ["active", null, true],
    ]);
    const third = await submitTrendyolPublish(t.db, partnerId, connectionId, { mode: "full" });
    expect(third).toMatchObject({ created: 0, updated: 0, unchanged: 2, requests: 0 });
  }, 60_000);

  it("archives listed products and records the result", async () => {
    const { partnerId } = await makePartner(t.db, "archive");
    const connectionId = await makeConnection(t.db, partnerId);
    const catalog = await seedCatalog(t.db, partnerId, 2);
    await runJob(partnerId, connectionId, { mode: "full" });
    const job = await runJob(partnerId, connectionId, { action: "archive", variantIds: [catalog.variantIds[0]] });
    expect(job.result).toMatchObject({ succeeded: 1, failed: 0 });
    const [row] = await t.db.select().from(listings).where(and(eq(listings.connectionId, connectionId), inArray(listings.variantId, [catalog.variantIds[0]!])));
    expect(row!.status).toBe("archived");
    expect(sim.product(account.sellerId, `BC-${catalog.prefix}-0`)?.archived).toBe(true);
  }, 60_000);

  it("keeps partners apart: another partner's connection is NOT_FOUND", async () => {
    const a = await makePartner(t.db, "tenant-a");
    const b = await makePartner(t.db, "tenant-b");
    const connectionId = await makeConnection(t.db, a.partnerId);
    await expect(b.caller.trendyolPublish.start({ connectionId, mode: "test" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(b.caller.trendyolPublish.listings({ connectionId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(b.caller.trendyolPublish.batches({ connectionId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const started = await a.caller.trendyolPublish.start({ connectionId, mode: "test" });
    expect(started.jobId).toMatch(/^[0-9a-f-]{36}$/);
  }, 60_000);
});
