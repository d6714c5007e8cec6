// The catalog CSV in the browser: the template, reading a chosen file, and saving text as a download.

/**
 * The columns the import reads, as documented in server/services/catalog.ts (CSV_COLUMNS, then open-ended
 * `option:<name>`, `attribute:<name>` and `stock:<warehouse code>` columns). Copied, not imported: that module
 * pulls the database layer into the browser bundle.
 */
export const CSV_FIXED_COLUMNS = ["product_code", "title", "description", "brand", "category", "sku", "barcode", "sale_price", "list_price", "currency", "images"] as const;
export const TEMPLATE_COLUMNS = [...CSV_FIXED_COLUMNS, "option:colour", "option:size", "attribute:material", "stock:MAIN"] as const;
/** The server refuses larger files; checking first spares the upload. */
export const MAX_CSV_BYTES = 20 * 1024 * 1024;
export const EXPORT_FILE_NAME = "kervan-catalog.csv";
export const TEMPLATE_FILE_NAME = "kervan-catalog-template.csv";

/** The example row's words, in the reader's language; codes, prices and numbers are the same everywhere. */
export interface TemplateWords {
  title: string;
  description: string;
  category: string;
  colour: string;
  size: string;
  material: string;
}

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const csvLine = (values: readonly string[]) => values.map(quote).join(",");

/** The header row and one example variant, ready to fill in and import. */
export function catalogTemplate(words: TemplateWords): string {
  const example: Record<(typeof TEMPLATE_COLUMNS)[number], string> = {
    product_code: "TSHIRT-001",
    title: words.title,
    description: words.description,
    brand: "Kervan",
    category: words.category,
    sku: "TSHIRT-001-RED-M",
    barcode: "8690000000017",
    sale_price: "199.90",
    list_price: "249.90",
    currency: "TRY",
    images: "https://example.com/images/tshirt-red-1.jpg|https://example.com/images/tshirt-red-2.jpg",
    "option:colour": words.colour,
    "option:size": words.size,
    "attribute:material": words.material,
    "stock:MAIN": "25",
  };
  return `${csvLine(TEMPLATE_COLUMNS)}\r\n${csvLine(TEMPLATE_COLUMNS.map((c) => example[c]))}\r\n`;
}

/** A byte-order mark first, so spreadsheet programs open the file as UTF-8 (the import ignores it). */
const BOM = "\uFEFF";

export function templateHref(words: TemplateWords) {
  return `data:text/csv;charset=utf-8,${encodeURIComponent(BOM + catalogTemplate(words))}`;
}

export function downloadText(fileName: string, text: string) {
  const url = URL.createObjectURL(new Blob([BOM, text], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The spreadsheet encoding most likely used where each language is spoken, for files that are not UTF-8. */
const LEGACY_ENCODING: Record<string, string> = { tr: "windows-1254", ru: "windows-1251", uz: "windows-1251", en: "windows-1252" };

/**
 * Reads a chosen file as text. Files saved by older spreadsheet programs are often not UTF-8; those are read in
 * the locale's usual encoding instead, and the caller says so, so that garbled letters are noticed before import.
 */
export async function readCsvFile(file: File, locale: string): Promise<{ text: string; encoding: string | null }> {
  const bytes = await file.arrayBuffer();
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: null };
  } catch {
    const encoding = LEGACY_ENCODING[locale] ?? "windows-1252";
    return { text: new TextDecoder(encoding).decode(bytes), encoding };
  }
}
