import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs, products, stockLevels, variants } from "@/db/schema";
import { exportCatalogCsv, importCatalogCsv, parseCatalogCsv } from "@/server/services/catalog";
import { makePartner, trendyolValues } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.close());

const GOOD = [
  "product_code,title,description,brand,category,sku,barcode,sale_price,list_price,currency,images,option:colour,option:size,attribute:material,stock:IST,stock:ANK",
  'TSHIRT-1,Basic T-shirt,"Soft, cotton",Kervan,Apparel,TS-RED-M,8690000000011,199.90,249.90,TRY,https://img.example/1.jpg|https://img.example/2.jpg,Red,M,Cotton,10,5',
  "TSHIRT-1,Basic T-shirt,\"Soft, cotton\",Kervan,Apparel,TS-RED-L,8690000000012,199.90,249.90,TRY,https://img.example/1.jpg|https://img.example/2.jpg,Red,L,Cotton,3,0",
  "MUG-1,Mug,,Kervan,Home,MUG-WHITE,8690000000020,\"89,50\",,try,,White,,,7,",
].join("\n");

describe("catalog CSV", () => {
  it("imports products, variants with options, warehouses and stock", async () => {
    const p = await makePartner(t.db, "csv");
    const r = await importCatalogCsv(t.db, p.partnerId, GOOD);
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ ok: true, rows: 3, products: { created: 2, updated: 0 }, variants: { created: 3, updated: 0 }, warehousesCreated: 2 });
    const vs = await t.db.select().from(variants).where(eq(variants.partnerId, p.partnerId));
    const red = vs.find((v) => v.sku === "TS-RED-M")!;
    expect(red.options).toEqual({ colour: "Red", size: "M" });
    expect(red.salePrice).toBe("199.90");
    expect(vs.find((v) => v.sku === "MUG-WHITE")!).toMatchObject({ salePrice: "89.50", listPrice: null, currency: "TRY" });
    const stock = await t.db.select().from(stockLevels).where(eq(stockLevels.variantId, red.id));
    expect(stock.map((s) => s.quantity).sort()).toEqual([10, 5].sort());
    const list = await p.caller.catalog.list({ limit: 50, offset: 0 });
    expect(list.total).toBe(2);
    expect(list.items.find((i) => i.code === "TSHIRT-1")!.variants.map((v) => v.stock)).toEqual([3, 15]);
  });

  it("lists every invalid line and imports nothing at all", async () => {
    const p = await makePartner(t.db, "csvbad");
    const bad = [
      "product_code,title,sku,sale_price,stock:IST",
      "A,Good row,A-1,10.00,5",
      ",Missing code,A-2,10.00,5",
      "B,Bad price,B-1,ten,5",
      "C,Bad stock,C-1,1.00,-3",
      "D,Dup sku,A-1,1.00,1",
    ].join("\n");
    const r = await importCatalogCsv(t.db, p.partnerId, bad);
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => [e.line, e.column])).toEqual([
      [3, "product_code"],
      [4, "sale_price"],
      [5, "stock:IST"],
      [6, "sku"],
    ]);
    expect(r.errors[3]!.message).toContain("line 2");
    expect(await t.db.select().from(products).where(eq(products.partnerId, p.partnerId))).toEqual([]);
  });

  it("imports a minimal file with only the required columns, leaving prices empty", async () => {
    const p = await makePartner(t.db, "csvmin");
    const r = await importCatalogCsv(t.db, p.partnerId, "product_code,title,sku\nMIN-1,Minimal,MIN-SKU");
    expect(r).toMatchObject({ ok: true, variants: { created: 1 } });
    const [v] = await t.db.select().from(variants).where(eq(variants.partnerId, p.partnerId));
    expect(v).toMatchObject({ salePrice: null, listPrice: null, currency: "TRY", barcode: null });
  });

  it("starts a Trendyol stock and price push after a successful import, not after a refused one", async () => {
    const p = await makePartner(t.db, "csvpush");
    const c = await p.caller.connections.create({ platform: "trendyol", name: "TY", values: trendyolValues() });
    const pushes = () => t.db.select().from(jobs).where(and(eq(jobs.connectionId, c.id), eq(jobs.type, "trendyol-stock-price")));
    await p.caller.catalog.importCsv({ csv: "product_code,title,sku\n,No code,X-1" });
    expect(await pushes()).toHaveLength(0);
    await p.caller.catalog.importCsv({ csv: GOOD });
    expect(await pushes()).toHaveLength(1);
  });

  it("refuses a header without the required columns or with unknown ones", () => {
    const { errors } = parseCatalogCsv("title,colour\nx,y");
    expect(errors.map((e) => e.message)).toEqual(
      expect.arrayContaining(['The header has no "product_code" column', 'The header has no "sku" column', 'Unknown column "colour"']),
    );
  });

  it("exports what it imports: export → import again changes nothing", async () => {
    const p = await makePartner(t.db, "csvround");
    await importCatalogCsv(t.db, p.partnerId, GOOD);
    const csv = await exportCatalogCsv(t.db, p.partnerId);
    expect(csv.split("\n")[0]).toContain("option:colour");
    const again = await importCatalogCsv(t.db, p.partnerId, csv);
    expect(again).toMatchObject({ ok: true, products: { created: 0, updated: 0 }, variants: { created: 0, updated: 0 } });
    expect(await exportCatalogCsv(t.db, p.partnerId)).toBe(csv);
  });

  it("updates only what changed, and keeps partners apart", async () => {
    const a = await makePartner(t.db, "csvA");
    const b = await makePartner(t.db, "csvB");
    await importCatalogCsv(t.db, a.partnerId, GOOD);
    const changed = GOOD.replace("TS-RED-L,8690000000012,199.90", "TS-RED-L,8690000000012,179.90");
    const r = await importCatalogCsv(t.db, a.partnerId, changed);
    expect(r).toMatchObject({ products: { created: 0, updated: 0 }, variants: { created: 0, updated: 1 } });
    // The same SKUs in another partner are that partner's own rows.
    const rb = await importCatalogCsv(t.db, b.partnerId, GOOD);
    expect(rb.variants.created).toBe(3);
    expect((await b.caller.catalog.list({ limit: 50, offset: 0, search: "TS-RED" })).items).toHaveLength(1);
    expect((await b.caller.catalog.exportCsv()).csv).not.toContain("179.90");
  });
});
