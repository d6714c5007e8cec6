import crypto from "node:crypto";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import pg from "pg";
import { openDatabase } from "@/db/client";
import { startSandboxServer } from "@/server/sandbox/server";
import { createTrendyolSimulator, SANDBOX_ACCOUNTS } from "@/server/sandbox/trendyol";
import type { SeedProduct } from "@/server/sandbox/trendyol/seed";
import { createConnection } from "@/server/services/connections";
import { signUp } from "@/server/services/accounts";
import { pushStockAndPrice, settleStockPrice } from "@/server/sync/trendyol/stock-price";
import { resetKeyRingForTests } from "@/server/vault";

const say = (m: string) => process.stderr.write(`[bench inventory] ${m}\n`);
const seconds = (ms: number) => Math.round(ms / 10) / 100;

/** Trendyol: at most 50 requests per 10 s to one endpoint (docs scrape, "Trendyol API Services Request Limitation"). */
const WINDOW_REQUESTS = 50;
const WINDOW_S = 10;

/**
 * The least time Trendyol's sliding window allows for N requests on one endpoint: the first 50 may go at once, each
 * later group of 50 one window after the previous group, so bound = floor((N - 1) / 50) × 10 s (0 for N ≤ 50).
 */
export function inventoryBoundSeconds(requests: number): number {
  return requests <= 0 ? 0 : Math.floor((requests - 1) / WINDOW_REQUESTS) * WINDOW_S;
}

/**
 * `npm run bench -- inventory --platform trendyol --skus 100000 --changed 0.01`: seeds the catalog with listings on
 * a fresh database of the local PostgreSQL, pushes every SKU's stock and prices to the Trendyol simulator (same
 * process, over HTTP, with its 50 per 10 s and 1000-item limits), settles the batches, changes a share of the SKUs
 * and pushes again; then compares every SKU on the simulator with the catalog.
 */
export async function inventoryBenchmark(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      platform: { type: "string", default: "trendyol" },
      skus: { type: "string", default: "100000" },
      changed: { type: "string", default: "0.01" },
      "database-url": { type: "string", default: process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres" },
    },
  });
  if (values.platform !== "trendyol") throw new Error("The inventory benchmark pushes to Trendyol (--platform trendyol)");
  const skus = Number(values.skus);
  const share = Number(values.changed);
  if (!(Number.isInteger(skus) && skus > 0) || !(share >= 0 && share <= 1)) throw new Error("--skus must be a positive whole number, 0 <= --changed <= 1");

  // A fresh database on the local PostgreSQL, dropped afterwards.
  const serverUrl = values["database-url"]!;
  const dbName = `kervan_bench_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;

  process.env.ENCRYPTION_KEYS = `bench:${crypto.randomBytes(32).toString("base64")}`;
  process.env.LOG_LEVEL ??= "warn";
  resetKeyRingForTests();
  const handle = await openDatabase(url.toString(), { driver: "node-postgres" });
  const account = SANDBOX_ACCOUNTS[0]!;
  const sim = createTrendyolSimulator({ batchProcessingMs: 1500 });
  let http429 = 0;
  const calls = new Map<string, number>();
  const sandbox = await startSandboxServer({
    simulators: [sim],
    onExchange: (e) => {
      if (e.response.status === 429) http429++;
      if (e.operation) calls.set(e.operation, (calls.get(e.operation) ?? 0) + 1);
    },
  });
  const pushCalls = () => calls.get("updatePriceAndInventory") ?? 0;
  try {
    const db = handle.db;
    await handle.migrate();
    const { partnerId } = await signUp(db, { partnerName: "Bench Ltd", name: "Bench", email: "bench@example.com", password: "bench password 1" });
    const connection = await createConnection(db, partnerId, {
      platform: "trendyol",
      name: "Bench Trendyol",
      environment: "sandbox",
      values: { sellerId: account.sellerId, apiKey: account.apiKey, apiSecret: account.apiSecret },
    });
    const connectionId = connection.id;
    const deps = { sandboxUrl: sandbox.url };

    say(`seeding ${skus} variants with stock in two warehouses and a listing each…`);
    let t0 = performance.now();
    const perProduct = 10;
    await db.execute(sql`insert into products (partner_id, code, title)
      select ${partnerId}::uuid, 'P-' || g, 'Bench product ' || g from generate_series(1, ${Math.ceil(skus / perProduct)}::int) g`);
    await db.execute(sql`insert into variants (partner_id, product_id, sku, barcode, sale_price, list_price)
      select ${partnerId}::uuid, p.id, 'SKU-' || g, 'BENCH-' || lpad(g::text, 7, '0'), (100 + g % 400)::numeric, (150 + g % 400)::numeric
      from generate_series(1, ${skus}::int) g
      join products p on p.partner_id = ${partnerId}::uuid and p.code = 'P-' || ((g - 1) / ${perProduct}::int + 1)`);
    await db.execute(sql`insert into warehouses (partner_id, code, name) values (${partnerId}::uuid, 'IST', 'İstanbul'), (${partnerId}::uuid, 'ANK', 'Ankara')`);
    await db.execute(sql`insert into stock_levels (partner_id, variant_id, warehouse_id, quantity)
      select v.partner_id, v.id, w.id, (abs(hashtext(v.sku || w.code)) % 60)::int
      from variants v cross join warehouses w where v.partner_id = ${partnerId}::uuid and w.partner_id = ${partnerId}::uuid`);
    await db.execute(sql`insert into listings (partner_id, connection_id, variant_id, status)
      select partner_id, ${connectionId}::uuid, id, 'active' from variants where partner_id = ${partnerId}::uuid`);
    await db.execute(sql`analyze`);
    // The same SKUs exist on Trendyol (approved), with other stock and prices than the catalog.
    const seeds: SeedProduct[] = [];
    for (let g = 1; g <= skus; g++) {
      const barcode = `BENCH-${String(g).padStart(7, "0")}`;
      seeds.push({
        barcode,
        title: `Bench ${g}`,
        productMainId: `P-${Math.floor((g - 1) / perProduct) + 1}`,
        brandId: 1791,
        categoryId: 411,
        quantity: 0,
        stockCode: `SKU-${g}`,
        dimensionalWeight: 1,
        description: "Bench",
        listPrice: 2,
        salePrice: 1,
        vatRate: 20,
        images: [],
        attributes: [],
      });
    }
    sim.addApprovedProducts(account.sellerId, seeds);
    say(`seeded in ${seconds(performance.now() - t0)} s`);

    const settleAll = async () => {
      const start = performance.now();
      for (;;) {
        const s = await settleStockPrice(db, partnerId, connectionId, deps);
        if (s.pending === 0) return { seconds: seconds(performance.now() - start), ...s, failed: s.failed.length };
        await new Promise((r) => setTimeout(r, 500));
      }
    };

    // Full push: every SKU differs from Trendyol.
    say("full push…");
    const fullCallsBefore = pushCalls();
    t0 = performance.now();
    let firstDone = 0;
    const full = await pushStockAndPrice(db, partnerId, connectionId, {
      ...deps,
      onRequest: (d, n) => {
        if (d === 1) firstDone = performance.now() - t0;
        if (d % 25 === 0) say(`  ${d}/${n} requests`);
      },
    });
    const fullWall = seconds(performance.now() - t0);
    // Where the time goes: reading and planning before the first answer, then the limiter's spacing.
    say(`first request answered after ${seconds(firstDone)} s (catalog read, delta, planning); the other ${full.requests - 1} took ${seconds(performance.now() - t0 - firstDone)} s`);
    const fullRequests = pushCalls() - fullCallsBefore;
    say(`full push: ${full.itemsSent} items in ${full.requests} requests, ${fullWall} s; settling…`);
    const fullSettle = await settleAll();
    say(`settled in ${fullSettle.seconds} s: ${fullSettle.accepted} accepted, ${fullSettle.failed} failed, ${fullSettle.expired} expired`);

    // Delta: change a share of the SKUs (stock for half of them, price for the other half).
    const changeCount = Math.round(skus * share);
    await db.execute(sql`create temporary table bench_changed as
      select id from variants where partner_id = ${partnerId}::uuid order by random() limit ${changeCount}::int`);
    await db.execute(sql`update stock_levels s set quantity = s.quantity + 1 from (select id, row_number() over () as n from bench_changed) c
      where s.variant_id = c.id and s.partner_id = ${partnerId}::uuid and c.n % 2 = 0
        and s.warehouse_id = (select id from warehouses where partner_id = ${partnerId}::uuid and code = 'IST')`);
    await db.execute(sql`update variants v set sale_price = v.sale_price + 1, list_price = v.list_price + 1
      from (select id, row_number() over () as n from bench_changed) c where v.id = c.id and v.partner_id = ${partnerId}::uuid and c.n % 2 = 1`);
    say(`changed ${changeCount} SKUs; delta push…`);
    const deltaCallsBefore = pushCalls();
    t0 = performance.now();
    const delta = await pushStockAndPrice(db, partnerId, connectionId, deps);
    const deltaWall = seconds(performance.now() - t0);
    const deltaRequests = pushCalls() - deltaCallsBefore;
    const deltaSettle = await settleAll();
    say(`delta: ${delta.itemsSent} items in ${delta.requests} requests, ${deltaWall} s; settled in ${deltaSettle.seconds} s`);

    // Lost: SKUs whose value on the simulator differs from the catalog.
    const catalog = (await db.execute(sql`
      select v.barcode, coalesce(sum(s.quantity), 0)::int as quantity, v.sale_price::float8 as sale, coalesce(v.list_price, v.sale_price)::float8 as list
      from variants v left join stock_levels s on s.variant_id = v.id
      where v.partner_id = ${partnerId}::uuid group by v.id`)) as unknown as { rows: Array<{ barcode: string; quantity: number; sale: number; list: number }> };
    let lost = 0;
    for (const row of catalog.rows) {
      const p = sim.product(account.sellerId, row.barcode);
      if (!p || p.quantity !== row.quantity || p.salePrice !== row.sale || p.listPrice !== row.list) lost++;
    }
    const bound = inventoryBoundSeconds(fullRequests);
    say(`api calls: ${JSON.stringify(Object.fromEntries(calls))}`);
    return {
      platform: "trendyol",
      skus,
      full: { requests: fullRequests, wall_s: fullWall, bound_s: bound, ratio: bound > 0 ? Math.round((fullWall / bound) * 1000) / 1000 : null, http_429: http429 },
      delta: { changed: changeCount, items_sent: delta.itemsSent, requests: deltaRequests, wall_s: deltaWall },
      lost,
    };
  } finally {
    await sandbox.close();
    await handle.close();
    const cleanup = new pg.Client({ connectionString: serverUrl });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${dbName} with (force)`);
    await cleanup.end();
  }
}
