import { and, asc, count, eq, ilike, inArray, or, sql } from "drizzle-orm";
import Papa from "papaparse";
import { z } from "zod";
import type { Db } from "@/db/client";
import { products, stockLevels, variants, warehouses } from "@/db/schema";

/**
 * The catalog CSV: one row per variant. Fixed columns below, plus open-ended ones:
 * `option:<name>` (colour, size, model…), `attribute:<name>`, `stock:<warehouse code>`.
 */
export const CSV_COLUMNS = ["product_code", "title", "description", "brand", "category", "sku", "barcode", "sale_price", "list_price", "currency", "images"] as const;
export const MAX_CSV_BYTES = 20 * 1024 * 1024;

const money = z
  .string()
  .trim()
  .transform((v) => v.replace(",", "."))
  .refine((v) => v === "" || (/^\d+(\.\d{1,2})?$/.test(v) && Number(v) < 1e12), "must be a price such as 199.90")
  .transform((v) => (v === "" ? null : v));

const rowSchema = z.object({
  product_code: z.string().trim().min(1, "is required").max(100, "is longer than 100 characters"),
  title: z.string().trim().min(1, "is required").max(500, "is longer than 500 characters"),
  description: z.string().max(30_000, "is longer than 30,000 characters").default(""),
  brand: z.string().trim().max(200).default(""),
  category: z.string().trim().max(300).default(""),
  sku: z.string().trim().min(1, "is required").max(100, "is longer than 100 characters"),
  barcode: z.string().trim().max(100).default(""),
  sale_price: money.prefault(""),
  list_price: money.prefault(""),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .default("TRY")
    .transform((v) => v || "TRY")
    .refine((v) => /^[A-Z]{3}$/.test(v), "must be a three-letter currency code such as TRY"),
  images: z.string().default(""),
});

export interface CsvLineError {
  line: number;
  column: string;
  message: string;
}

export interface ImportResult {
  ok: boolean;
  errors: CsvLineError[];
  rows: number;
  products: { created: number; updated: number };
  variants: { created: number; updated: number };
  warehousesCreated: number;
}

interface ParsedRow {
  line: number;
  base: z.output<typeof rowSchema>;
  options: Record<string, string>;
  attributes: Record<string, string>;
  stock: Record<string, number>;
}

/** Parses and validates the whole file first; any error means nothing is written. */
export function parseCatalogCsv(text: string): { rows: ParsedRow[]; errors: CsvLineError[] } {
  const errors: CsvLineError[] = [];
  if (Buffer.byteLength(text, "utf8") > MAX_CSV_BYTES) return { rows: [], errors: [{ line: 0, column: "", message: "The file is larger than 20 MB" }] };
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ""), { header: true, skipEmptyLines: "greedy", transformHeader: (h) => h.trim() });
  for (const e of parsed.errors) errors.push({ line: (e.row ?? 0) + 2, column: "", message: e.message });
  const headers = parsed.meta.fields ?? [];
  for (const required of ["product_code", "title", "sku"]) {
    if (!headers.includes(required)) errors.push({ line: 1, column: required, message: `The header has no "${required}" column` });
  }
  const known = new Set<string>(CSV_COLUMNS);
  for (const h of headers) {
    if (!known.has(h) && !/^(option|attribute|stock):.+/.test(h)) errors.push({ line: 1, column: h, message: `Unknown column "${h}"` });
  }
  if (errors.some((e) => e.line === 1)) return { rows: [], errors };

  const rows: ParsedRow[] = [];
  const seenSku = new Map<string, number>();
  const productTitles = new Map<string, string>();
  parsed.data.forEach((raw, i) => {
    const line = i + 2; // the header is line 1
    const result = rowSchema.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) errors.push({ line, column: String(issue.path[0] ?? ""), message: `${String(issue.path[0] ?? "value")} ${issue.message}` });
      return;
    }
    const base = result.data;
    const prev = seenSku.get(base.sku);
    if (prev) errors.push({ line, column: "sku", message: `SKU "${base.sku}" already appears on line ${prev}` });
    seenSku.set(base.sku, line);
    const title = productTitles.get(base.product_code);
    if (title !== undefined && title !== base.title) errors.push({ line, column: "title", message: `Product "${base.product_code}" has another title on an earlier line` });
    productTitles.set(base.product_code, base.title);
    const options: Record<string, string> = {};
    const attributes: Record<string, string> = {};
    const stock: Record<string, number> = {};
    for (const [k, v] of Object.entries(raw)) {
      const value = (v ?? "").trim();
      if (k.startsWith("option:") && value) options[k.slice(7).trim()] = value;
      else if (k.startsWith("attribute:") && value) attributes[k.slice(10).trim()] = value;
      else if (k.startsWith("stock:") && value !== "") {
        if (!/^\d+$/.test(value) || Number(value) > 10_000_000) errors.push({ line, column: k, message: `${k} must be a whole number from 0 to 10,000,000` });
        else stock[k.slice(6).trim()] = Number(value);
      }
    }
    rows.push({ line, base, options, attributes, stock });
  });
  if (rows.length === 0 && errors.length === 0) errors.push({ line: 0, column: "", message: "The file has no rows" });
  return { rows, errors };
}

const samePrice = (a: string | null, b: string | null) => (a === null || b === null ? a === b : Number(a) === Number(b));

/** jsonb stores object keys in its own order, so compare canonically. */
const canonical = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(canonical) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, canonical(x)])) : v;
const sameJson = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/** Imports a catalog CSV all or nothing: validation errors are listed by line and nothing is written. */
export async function importCatalogCsv(db: Db, partnerId: string, text: string): Promise<ImportResult> {
  const { rows, errors } = parseCatalogCsv(text);
  const result: ImportResult = { ok: false, errors, rows: rows.length, products: { created: 0, updated: 0 }, variants: { created: 0, updated: 0 }, warehousesCreated: 0 };
  if (errors.length) return result;

  await db.transaction(async (tx) => {
    // Warehouses named in stock columns, created on first use.
    const codes = [...new Set(rows.flatMap((r) => Object.keys(r.stock)))];
    const whByCode = new Map<string, string>();
    if (codes.length) {
      for (const w of await tx.select().from(warehouses).where(and(eq(warehouses.partnerId, partnerId), inArray(warehouses.code, codes)))) whByCode.set(w.code, w.id);
      const missing = codes.filter((c) => !whByCode.has(c));
      if (missing.length) {
        const created = await tx.insert(warehouses).values(missing.map((code) => ({ partnerId, code, name: code }))).returning();
        for (const w of created) whByCode.set(w.code, w.id);
        result.warehousesCreated = created.length;
      }
    }

    const byProduct = new Map<string, ParsedRow[]>();
    for (const r of rows) byProduct.set(r.base.product_code, [...(byProduct.get(r.base.product_code) ?? []), r]);
    const existingProducts = new Map(
      (await tx.select().from(products).where(and(eq(products.partnerId, partnerId), inArray(products.code, [...byProduct.keys()])))).map((p) => [p.code, p]),
    );
    const existingVariants = new Map(
      (await tx.select().from(variants).where(and(eq(variants.partnerId, partnerId), inArray(variants.sku, rows.map((r) => r.base.sku))))).map((v) => [v.sku, v]),
    );

    for (const [code, group] of byProduct) {
      const first = group[0]!.base;
      const productValues = {
        title: first.title,
        description: first.description,
        brand: first.brand || null,
        category: first.category || null,
        attributes: group[0]!.attributes,
        images: first.images.split("|").map((s) => s.trim()).filter(Boolean),
      };
      let productId: string;
      const existing = existingProducts.get(code);
      if (existing) {
        productId = existing.id;
        const changed = (Object.keys(productValues) as (keyof typeof productValues)[]).some((k) => !sameJson(existing[k], productValues[k]));
        if (changed) {
          await tx.update(products).set({ ...productValues, updatedAt: new Date() }).where(and(eq(products.partnerId, partnerId), eq(products.id, existing.id)));
          result.products.updated++;
        }
      } else {
        const [p] = await tx.insert(products).values({ partnerId, code, ...productValues }).returning({ id: products.id });
        productId = p!.id;
        result.products.created++;
      }

      for (const r of group) {
        const v = r.base;
        const variantValues = {
          productId,
          barcode: v.barcode || null,
          options: r.options,
          attributes: r.attributes,
          salePrice: v.sale_price,
          listPrice: v.list_price,
          currency: v.currency,
        };
        const ev = existingVariants.get(v.sku);
        let variantId: string;
        if (ev) {
          variantId = ev.id;
          const changed =
            ev.productId !== productId ||
            ev.barcode !== variantValues.barcode ||
            !sameJson(ev.options, r.options) ||
            !sameJson(ev.attributes, r.attributes) ||
            !samePrice(ev.salePrice, v.sale_price) ||
            !samePrice(ev.listPrice, v.list_price) ||
            ev.currency !== v.currency;
          if (changed) {
            await tx.update(variants).set({ ...variantValues, updatedAt: new Date() }).where(and(eq(variants.partnerId, partnerId), eq(variants.id, ev.id)));
            result.variants.updated++;
          }
        } else {
          const [created] = await tx.insert(variants).values({ partnerId, sku: v.sku, ...variantValues }).returning({ id: variants.id });
          variantId = created!.id;
          result.variants.created++;
        }
        for (const [wh, quantity] of Object.entries(r.stock)) {
          await tx
            .insert(stockLevels)
            .values({ partnerId, variantId, warehouseId: whByCode.get(wh)!, quantity })
            .onConflictDoUpdate({ target: [stockLevels.variantId, stockLevels.warehouseId], set: { quantity, updatedAt: new Date() }, setWhere: sql`${stockLevels.quantity} <> ${quantity}` });
        }
      }
    }
  });
  result.ok = true;
  return result;
}

/** The whole catalog as CSV, in the same shape the import reads (export → import changes nothing). */
export async function exportCatalogCsv(db: Db, partnerId: string): Promise<string> {
  const rows = await db
    .select({ p: products, v: variants })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(eq(variants.partnerId, partnerId))
    .orderBy(asc(products.code), asc(variants.sku));
  const stock = await db
    .select({ variantId: stockLevels.variantId, code: warehouses.code, quantity: stockLevels.quantity })
    .from(stockLevels)
    .innerJoin(warehouses, eq(warehouses.id, stockLevels.warehouseId))
    .where(eq(stockLevels.partnerId, partnerId));
  const stockByVariant = new Map<string, Record<string, number>>();
  for (const s of stock) stockByVariant.set(s.variantId, { ...(stockByVariant.get(s.variantId) ?? {}), [s.code]: s.quantity });
  const optionNames = [...new Set(rows.flatMap((r) => Object.keys(r.v.options)))].sort();
  const attributeNames = [...new Set(rows.flatMap((r) => Object.keys({ ...r.p.attributes, ...r.v.attributes })))].sort();
  const warehouseCodes = [...new Set(stock.map((s) => s.code))].sort();
  const fields = [...CSV_COLUMNS, ...optionNames.map((n) => `option:${n}`), ...attributeNames.map((n) => `attribute:${n}`), ...warehouseCodes.map((c) => `stock:${c}`)];
  const data = rows.map(({ p, v }) => {
    const out: Record<string, string | number> = {
      product_code: p.code,
      title: p.title,
      description: p.description,
      brand: p.brand ?? "",
      category: p.category ?? "",
      sku: v.sku,
      barcode: v.barcode ?? "",
      sale_price: v.salePrice ?? "",
      list_price: v.listPrice ?? "",
      currency: v.currency,
      images: p.images.join("|"),
    };
    for (const n of optionNames) out[`option:${n}`] = v.options[n] ?? "";
    const attrs = { ...p.attributes, ...v.attributes };
    for (const n of attributeNames) out[`attribute:${n}`] = attrs[n] ?? "";
    const s = stockByVariant.get(v.id) ?? {};
    for (const c of warehouseCodes) out[`stock:${c}`] = s[c] ?? "";
    return out;
  });
  return Papa.unparse({ fields, data: data.map((d) => fields.map((f) => d[f] ?? "")) });
}

export const listProductsInput = z.object({
  search: z.string().trim().max(200).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).default(0),
});

/** Products with their variants and total stock, newest code order, searchable by code, title, SKU or barcode. */
export async function listProducts(db: Db, partnerId: string, input: z.output<typeof listProductsInput>) {
  const term = input.search ? `%${input.search}%` : undefined;
  const match = term
    ? or(
        ilike(products.code, term),
        ilike(products.title, term),
        sql`exists (select 1 from ${variants} v where v.product_id = ${products.id} and (v.sku ilike ${term} or v.barcode ilike ${term}))`,
      )
    : undefined;
  const where = and(eq(products.partnerId, partnerId), match);
  const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(products).where(where);
  const page = await db.select().from(products).where(where).orderBy(asc(products.code)).limit(input.limit).offset(input.offset);
  const ids = page.map((p) => p.id);
  const vs = ids.length ? await db.select().from(variants).where(and(eq(variants.partnerId, partnerId), inArray(variants.productId, ids))).orderBy(asc(variants.sku)) : [];
  const stock = vs.length
    ? await db
        .select({ variantId: stockLevels.variantId, quantity: sql<number>`sum(${stockLevels.quantity})`.mapWith(Number) })
        .from(stockLevels)
        .where(and(eq(stockLevels.partnerId, partnerId), inArray(stockLevels.variantId, vs.map((v) => v.id))))
        .groupBy(stockLevels.variantId)
    : [];
  const stockBy = new Map(stock.map((s) => [s.variantId, s.quantity]));
  return {
    total,
    items: page.map((p) => ({
      ...p,
      variants: vs.filter((v) => v.productId === p.id).map((v) => ({ ...v, stock: stockBy.get(v.id) ?? 0 })),
    })),
  };
}
