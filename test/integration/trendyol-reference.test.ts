// Trendyol reference data end to end: fetched from the simulator over HTTP (every exchange checked against the
// contract) into the shared cache, refreshed in place, browsed and mapped through tRPC, and the readiness report
// that decides which catalog products may be sent.
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDatabase, setDatabaseForTests } from "@/db/client";
import { trendyolFetch } from "@/server/cli/commands/trendyol";
import { connections, jobs, products, referenceData, variants } from "@/db/schema";
import { resetEnvForTests } from "@/server/env";
import { enqueueJob } from "@/server/jobs/enqueue";
import { untrackedJobContext } from "@/server/jobs/define";
import { trendyolReferenceFetch, trendyolReferenceWeekly } from "@/server/jobs/functions/trendyol-reference-fetch";
import { startEmbeddedRunner } from "@/server/jobs/runtime/embedded";
import type { HttpDeps } from "@/server/platforms/trendyol/client";
import { startSandboxServer, type SandboxServer } from "@/server/sandbox/server";
import { createTrendyolSimulator, SANDBOX_ACCOUNTS } from "@/server/sandbox/trendyol";
import { productsReadyForTrendyol } from "@/server/sync/trendyol/mapping";
import { cacheReferenceData } from "@/server/services/reference-data";
import { fetchTrendyolReferenceData, type CachedCategoryAttributes } from "@/server/sync/trendyol/reference";
import { writeConnectionCredentials } from "@/server/vault";
import { createContractChecker } from "../contract/checker";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { makePartner } from "../helpers/fixtures";

const account = SANDBOX_ACCOUNTS[0]!;
const checker = createContractChecker();
let seen = 0;
let t: TestDatabase;
let server: SandboxServer;
let owner: Awaited<ReturnType<typeof makePartner>>;
let stranger: Awaited<ReturnType<typeof makePartner>>;
let connectionId: string;
/** The limiter's waits are skipped (the simulator's limits are far away for these few calls). */
const fast: HttpDeps = { random: () => 0, sleep: async () => {} };
const PLATFORM = "trendyol-sandbox";

async function makeConnection(partnerId: string, name: string) {
  const [c] = await t.db
    .insert(connections)
    .values({ partnerId, platform: "trendyol", name, status: "connected", environment: "sandbox", settings: { sellerId: account.sellerId } })
    .returning();
  await writeConnectionCredentials(t.db, { partnerId, connectionId: c!.id }, { apiKey: account.apiKey, apiSecret: account.apiSecret }, ["apiKey", "apiSecret"]);
  return c!.id;
}

async function cached(kind: string) {
  return t.db
    .select()
    .from(referenceData)
    .where(and(eq(referenceData.platform, PLATFORM), eq(referenceData.kind, kind)))
    .orderBy(referenceData.externalId);
}

beforeAll(async () => {
  server = await startSandboxServer({ simulators: [createTrendyolSimulator()], onExchange: (e) => checker.check(e) });
  process.env.SANDBOX_URL = server.url;
  resetEnvForTests();
  t = await createTestDatabase();
  owner = await makePartner(t.db, "ty-ref-owner");
  stranger = await makePartner(t.db, "ty-ref-stranger");
  connectionId = await makeConnection(owner.partnerId, "Trendyol shop");
});
afterEach(() => {
  const fresh = checker.results().slice(seen);
  seen = checker.results().length;
  expect(fresh.filter((r) => !r.ok).map((r) => [r.operation, r.status, ...r.errors].join(" | "))).toEqual([]);
});
afterAll(async () => {
  await server?.close();
  delete process.env.SANDBOX_URL;
  resetEnvForTests();
  await t?.close();
});

describe("fetching Trendyol reference data into the cache", () => {
  it("stores every brand, the flattened category tree and the asked categories' attributes with their values", async () => {
    const summary = await fetchTrendyolReferenceData(t.db, owner.partnerId, connectionId, { dataType: "all", categoryIds: [382, 411], deps: fast });
    expect(summary).toMatchObject({ platform: PLATFORM, brands: 5, categories: 6, leafCategories: 3, categoryAttributes: 2, failedCategories: [] });
    // 382: Renk (7 values) + Materyal (3); 411: Renk (7) + Beden (4)
    expect(summary.attributeValues).toBe(21);

    expect((await cached("brand")).map((b) => [b.externalId, b.name])).toContainEqual(["1791", "Kervan"]);
    const categories = await cached("category");
    expect(categories).toHaveLength(6);
    const atki = categories.find((c) => c.externalId === "382")!;
    expect(atki).toMatchObject({ name: "Atkı", parentId: "1162", data: { leaf: true, depth: 2, path: ["Aksesuar", "Atkı & Bere & Eldiven", "Atkı"] } });
    expect(categories.find((c) => c.externalId === "368")).toMatchObject({ parentId: null, data: { leaf: false } });

    const attrs = await cached("category-attributes");
    expect(attrs.map((a) => a.externalId)).toEqual(["382", "411"]);
    const tshirt = attrs.find((a) => a.externalId === "411")!.data as unknown as CachedCategoryAttributes;
    const beden = tshirt.attributes.find((a) => a.id === 293)!;
    expect(beden).toMatchObject({ name: "Beden", required: true, allowCustom: false, varianter: true });
    expect(beden.values.map((v) => v.name)).toEqual(["S", "M", "L", "XL"]);
    expect(tshirt.attributes.find((a) => a.id === 47)).toMatchObject({ name: "Renk", required: true, allowCustom: true });
  });

  it("refreshes in place: a second fetch leaves the same cache and keeps cached categories' attributes fresh", async () => {
    const before = { brands: await cached("brand"), categories: await cached("category"), attrs: await cached("category-attributes") };
    // What Trendyol no longer lists goes: a brand and a category cached last week that the new lists lack.
    const lastWeek = new Date(Date.now() - 7 * 86_400_000);
    await cacheReferenceData(t.db, PLATFORM, "brand", [{ externalId: "999999", name: "Gone brand" }], lastWeek);
    await cacheReferenceData(t.db, PLATFORM, "category", [{ externalId: "999998", name: "Gone category", parentId: "368", data: { leaf: true } }], lastWeek);
    const summary = await fetchTrendyolReferenceData(t.db, owner.partnerId, connectionId, { dataType: "all", deps: fast });
    expect(summary).toMatchObject({ brands: 5, brandsRemoved: 1, categories: 6, categoriesRemoved: 1, categoryAttributes: 2, attributeValues: 21 });
    const strip = (rows: (typeof referenceData.$inferSelect)[]) => rows.map((r) => ({ ...r, fetchedAt: null }));
    expect(strip(await cached("brand"))).toEqual(strip(before.brands));
    expect(strip(await cached("category"))).toEqual(strip(before.categories));
    expect(strip(await cached("category-attributes"))).toEqual(strip(before.attrs));
    // Production connections read another cache: the simulator's brands never reach it.
    expect(await t.db.select().from(referenceData).where(eq(referenceData.platform, "trendyol"))).toEqual([]);
  });

  it("records a category that is not a leaf as failed and goes on with the others", async () => {
    const summary = await fetchTrendyolReferenceData(t.db, owner.partnerId, connectionId, { dataType: "categories", categoryIds: [1162], deps: fast });
    expect(summary.failedCategories).toMatchObject([{ categoryId: 1162 }]);
    expect(summary.categoryAttributes).toBe(2);
  });

  it("is browsable through tRPC: brands by search, the tree level by level, a category's attributes required first", async () => {
    const brands = await owner.caller.trendyolCatalog.brands({ connectionId, search: "milla" });
    expect(brands.items.map((b) => b.name)).toEqual(["Milla", "TrendyolMilla"]);
    expect(brands.total).toBe(2);
    const roots = await owner.caller.trendyolCatalog.categories({ connectionId });
    expect(roots.map((c) => c.name)).toEqual(["Aksesuar", "Giyim"]);
    const children = await owner.caller.trendyolCatalog.categories({ connectionId, parentId: "1162" });
    expect(children.map((c) => [c.name, c.leaf])).toEqual([
      ["Atkı", true],
      ["Bere", true],
    ]);
    const detail = await owner.caller.trendyolCatalog.category({ connectionId, categoryId: "382" });
    expect(detail.attributes!.map((a) => [a.name, a.required])).toEqual([
      ["Renk", true],
      ["Materyal", false],
    ]);
    const notFetched = await owner.caller.trendyolCatalog.category({ connectionId, categoryId: "384" });
    expect(notFetched.attributes).toBeNull();
    const status = await owner.caller.trendyolCatalog.status({ connectionId });
    expect(status).toMatchObject({ brands: { count: 5 }, categories: { count: 6 }, categoryAttributes: { count: 2 } });
  });
});

describe("category mapping and the readiness report", () => {
  async function addProduct(code: string, category: string | null, brand: string | null, variantList: { sku: string; options: Record<string, string> }[], attributes: Record<string, string> = {}) {
    const [p] = await t.db.insert(products).values({ partnerId: owner.partnerId, code, title: `Product ${code}`, category, brand, attributes }).returning();
    if (variantList.length) await t.db.insert(variants).values(variantList.map((v) => ({ partnerId: owner.partnerId, productId: p!.id, sku: v.sku, barcode: `BC-${v.sku}`, options: v.options })));
    return p!.id;
  }

  it("lists ready products with their Trendyol ids and the not-ready ones with exactly what is missing", async () => {
    const ready = await addProduct("TS-1", "T-Shirts", "kervan", [
      { sku: "TS-1-M", options: { Beden: "M", Renk: "Siyah" } },
      { sku: "TS-1-L", options: { Beden: "L", Renk: "siyah" } },
    ]);
    const noSize = await addProduct("TS-2", "T-Shirts", "Kervan", [{ sku: "TS-2-X", options: { Renk: "Mavi" } }]);
    const badSize = await addProduct("TS-3", "T-Shirts", "Kervan", [{ sku: "TS-3-XXL", options: { Beden: "XXL", Renk: "Turkuaz" } }]);
    const noBrand = await addProduct("TS-4", "T-Shirts", "Unknown Brand", [{ sku: "TS-4-S", options: { Beden: "S", Renk: "Gri" } }]);
    const unmapped = await addProduct("SC-1", "Scarves", "Kervan", [{ sku: "SC-1-A", options: {} }]);

    const { mappings: beforeMapping, catalogCategories } = await owner.caller.trendyolCatalog.mappings({ connectionId });
    expect(beforeMapping).toEqual([]);
    expect(catalogCategories).toEqual([
      { category: "Scarves", productCount: 1 },
      { category: "T-Shirts", productCount: 4 },
    ]);

    // A branch of the tree takes no products.
    await expect(owner.caller.trendyolCatalog.saveMapping({ connectionId, catalogCategory: "T-Shirts", platformCategoryId: "1162", attributes: {} })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // A closed list takes only its own value ids.
    await expect(
      owner.caller.trendyolCatalog.saveMapping({ connectionId, catalogCategory: "T-Shirts", platformCategoryId: "411", attributes: { "293": { value: "XXL" } } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await owner.caller.trendyolCatalog.saveMapping({
      connectionId,
      catalogCategory: "T-Shirts",
      platformCategoryId: "411",
      attributes: { "47": { from: "renk" }, "293": { from: "Beden" } },
    });
    const { mappings } = await owner.caller.trendyolCatalog.mappings({ connectionId });
    expect(mappings).toMatchObject([{ catalogCategory: "T-Shirts", platformCategoryId: "411", brandId: null, category: { name: "Tişört", leaf: true } }]);

    const report = await productsReadyForTrendyol(t.db, owner.partnerId, connectionId);
    expect(report.ready.map((r) => r.productId)).toEqual([ready]);
    const r = report.ready[0]!;
    expect(r).toMatchObject({ categoryId: 411, brandId: 1791 });
    // Colour "Siyah" matched its listed value whatever the case; size differs per variant so it is not shared.
    expect(r.attributes).toEqual([{ attributeId: 47, attributeValueId: 47001 }]);
    expect(r.variants.map((v) => [v.sku, v.attributes])).toEqual([
      ["TS-1-L", [{ attributeId: 47, attributeValueId: 47001 }, { attributeId: 293, attributeValueId: 293003 }]],
      ["TS-1-M", [{ attributeId: 47, attributeValueId: 47001 }, { attributeId: 293, attributeValueId: 293002 }]],
    ]);

    const missing = Object.fromEntries(report.notReady.map((n) => [n.productId, n.missing]));
    expect(missing[noSize]).toEqual(["Beden (attribute 293)"]);
    expect(missing[badSize]).toEqual(['Beden (attribute 293): "XXL" is not an allowed value']);
    expect(missing[noBrand]).toEqual(['Trendyol brand for "Unknown Brand"']);
    expect(missing[unmapped]).toEqual(['Trendyol category for "Scarves" (not mapped)']);
    // Free text is fine where Trendyol allows it: "Turkuaz" is not a listed colour but Renk allows custom values.
    expect(report.notReady.find((n) => n.productId === badSize)!.problems).toEqual([{ kind: "attribute-value-not-allowed", attributeId: 293, attributeName: "Beden", value: "XXL", skus: [] }]);

    // A fixed brand on the mapping overrides the product's text.
    await owner.caller.trendyolCatalog.saveMapping({ connectionId, catalogCategory: "T-Shirts", platformCategoryId: "411", brandId: "2032", attributes: { "47": { from: "Renk" }, "293": { from: "Beden" } } });
    const viaTrpc = await owner.caller.trendyolCatalog.readiness({ connectionId });
    expect(viaTrpc.ready.map((x) => [x.code, x.brandId]).sort()).toEqual([
      ["TS-1", 2032],
      ["TS-4", 2032],
    ]);
    expect(viaTrpc.notReady.map((n) => n.code).sort()).toEqual(["SC-1", "TS-2", "TS-3"]);
  });

  it("keeps each partner's mappings to itself: another partner gets NOT_FOUND for this connection", async () => {
    const as = stranger.caller.trendyolCatalog;
    await expect(as.mappings({ connectionId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(as.saveMapping({ connectionId, catalogCategory: "T-Shirts", platformCategoryId: "384", attributes: {} })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(as.deleteMapping({ connectionId, catalogCategory: "T-Shirts" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(as.readiness({ connectionId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(as.refresh({ connectionId, dataType: "brands" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(as.brands({ connectionId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(productsReadyForTrendyol(t.db, stranger.partnerId, connectionId)).rejects.toThrow("Trendyol connection not found");
    // Nothing of the owner's changed.
    const { mappings } = await owner.caller.trendyolCatalog.mappings({ connectionId });
    expect(mappings.map((m) => [m.catalogCategory, m.platformCategoryId])).toEqual([["T-Shirts", "411"]]);
  });
});

describe("the trendyol-reference-fetch job", () => {
  it("runs on the embedded runner from the Refresh button and records its summary", async () => {
    const jobConnection = await makeConnection(owner.partnerId, "Second shop");
    const { jobId } = await owner.caller.trendyolCatalog.refresh({ connectionId: jobConnection, dataType: "brands" });
    const runner = startEmbeddedRunner(t.db, { functions: [trendyolReferenceFetch], pollMs: 60_000, workerId: "trendyol-reference-test" });
    try {
      await runner.drain();
    } finally {
      await runner.stop();
    }
    const [job] = await t.db.select().from(jobs).where(eq(jobs.id, jobId));
    expect(job).toMatchObject({ type: "trendyol-reference-fetch", state: "succeeded", partnerId: owner.partnerId, result: { brands: 5, categories: null } });
  });

  it("is only started for a connection of the same partner", async () => {
    await expect(enqueueJob(t.db, { type: "trendyol-reference-fetch", partnerId: stranger.partnerId, connectionId, data: { dataType: "all" } }, { runtime: "embedded" })).rejects.toThrow(
      "Connection not found",
    );
  });
});

describe("the weekly refresh", () => {
  it("fetches once per environment through a working connection, skipping one whose credentials fail", async () => {
    // Only two candidates: a broken one tested most recently, and a fresh working one.
    await t.db.update(connections).set({ status: "disabled" }).where(eq(connections.partnerId, owner.partnerId));
    const working = await makeConnection(stranger.partnerId, "Weekly working");
    const broken = await makeConnection(stranger.partnerId, "Weekly broken");
    await writeConnectionCredentials(t.db, { partnerId: stranger.partnerId, connectionId: broken }, { apiKey: account.apiKey, apiSecret: "wrong-secret" }, ["apiKey", "apiSecret"]);
    await t.db.update(connections).set({ lastTestedAt: new Date() }).where(eq(connections.id, broken));
    const lines: string[] = [];
    const job = { ...untrackedJobContext("trendyol-reference-weekly", 1, "embedded"), log: async (_level: string, message: string) => void lines.push(message) };
    const step = { run: async <T>(_id: string, fn: () => Promise<T> | T) => fn(), sleep: async () => {} };
    const result = (await trendyolReferenceWeekly.handler({ event: { name: "cron", data: {} }, step, job, db: t.db })) as Record<string, Record<string, unknown>>;
    expect(result.production).toEqual({ skipped: "no connection" });
    expect(result.sandbox).toMatchObject({ connectionId: working, brands: 5, categories: 6, categoryAttributes: 2 });
    expect(lines.some((l) => l.includes(`through connection ${broken} failed`))).toBe(true);
  }, 60_000);
});

describe("npm run cli -- trendyol:fetch", () => {
  /** Runs the command in this process on the test database (kept open: the command closes what it opened). */
  async function cli(...args: string[]) {
    const handle = await getDatabase();
    setDatabaseForTests({ ...handle, close: async () => {} });
    const out: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
    const err = vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
    try {
      const code = await trendyolFetch.run(args);
      return { code, out: out.join("\n") };
    } finally {
      log.mockRestore();
      err.mockRestore();
      setDatabaseForTests(handle);
    }
  }

  it("fetches through a recorded job, prints progress and a summary, and exits 0", async () => {
    const id = await makeConnection(owner.partnerId, "CLI shop");
    const r = await cli("--connection", id, "--data-type", "brands");
    expect(r.out).toContain("Brands: page 1, 5 so far");
    expect(r.out).toContain("brands: 5 fetched, 0 removed");
    expect(r.code).toBe(0);
    const [job] = await t.db.select().from(jobs).where(and(eq(jobs.connectionId, id), eq(jobs.type, "trendyol-reference-fetch")));
    expect(job).toMatchObject({ state: "succeeded", partnerId: owner.partnerId });
  });

  it("exits non-zero when Trendyol refuses the credentials, and 2 on a usage error", async () => {
    const id = await makeConnection(owner.partnerId, "CLI broken");
    await writeConnectionCredentials(t.db, { partnerId: owner.partnerId, connectionId: id }, { apiKey: account.apiKey, apiSecret: "wrong-secret" }, ["apiKey", "apiSecret"]);
    const r = await cli("--connection", id, "--data-type", "categories");
    expect(r.out).toMatch(/The fetch job failed: Unauthorized/);
    expect(r.code).toBe(1);
    expect((await cli("--connection", id, "--data-type", "everything")).code).toBe(2);
    expect((await cli("--connection", "not-an-id")).code).toBe(2);
  });
});
