"use client";

import { useFormatter, useTranslations } from "next-intl";
import type { Outputs } from "@/components/status/types";
import { cx } from "@/components/ui";

export type CatalogProduct = Outputs["catalog"]["list"]["items"][number];
type Variant = CatalogProduct["variants"][number];

/** Sale price first; the list price struck through beside it when the variant is on sale. */
function Price({ variant }: { variant: Variant }) {
  const t = useTranslations("products");
  const format = useFormatter();
  const money = (value: string) => {
    try {
      return format.number(Number(value), { style: "currency", currency: variant.currency });
    } catch {
      // A currency code the browser does not know still shows, as the number and the code.
      return `${format.number(Number(value), { minimumFractionDigits: 2 })} ${variant.currency}`;
    }
  };
  const { salePrice: sale, listPrice: list } = variant;
  if (sale === null && list === null) return <span className="text-slate-400">{t("noPrice")}</span>;
  const reduced = sale !== null && list !== null && Number(list) > Number(sale);
  return (
    <span className="whitespace-nowrap tabular-nums">
      <span className="font-medium text-slate-900">{money(sale ?? list!)}</span>
      {reduced ? (
        <span className="ml-2 text-xs text-slate-500 line-through" title={t("listPrice")}>
          <span className="sr-only">{t("listPrice")}: </span>
          {money(list!)}
        </span>
      ) : null}
    </span>
  );
}

function Options({ options }: { options: Record<string, string> }) {
  const entries = Object.entries(options);
  if (!entries.length) return <span className="text-slate-400">—</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {entries.map(([name, value]) => (
        <span key={name} className="inline-flex rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
          <span className="text-slate-500">{name}:</span>&nbsp;{value}
        </span>
      ))}
    </span>
  );
}

function Stock({ quantity }: { quantity: number }) {
  const format = useFormatter();
  return <span className={cx("tabular-nums", quantity === 0 ? "text-amber-700" : "text-slate-900")}>{format.number(quantity)}</span>;
}

function ProductHeading({ product }: { product: CatalogProduct }) {
  const t = useTranslations("products");
  const facts = [product.brand, product.category].filter(Boolean);
  return (
    <div className="min-w-0">
      <p className="font-medium text-slate-900">{product.title}</p>
      <p className="mt-0.5 flex flex-wrap gap-x-2 text-xs text-slate-500">
        <span className="font-mono">{product.code}</span>
        {facts.map((f) => (
          <span key={f}>· {f}</span>
        ))}
        <span>· {t("variantCount", { count: product.variants.length })}</span>
      </p>
    </div>
  );
}

/** The catalog page: a table from md up, one card per product on phones. */
export function ProductsTable({ products }: { products: CatalogProduct[] }) {
  const t = useTranslations("products");
  return (
    <>
      <ul className="space-y-3 md:hidden" data-testid="products-cards">
        {products.map((p) => (
          <li key={p.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="product-card" data-code={p.code}>
            <ProductHeading product={p} />
            <ul className="mt-3 divide-y divide-slate-100 border-t border-slate-100">
              {p.variants.map((v) => (
                <li key={v.id} className="space-y-1.5 py-2 text-sm">
                  <div className="flex items-start justify-between gap-3">
                    <span className="break-all font-mono text-slate-800">{v.sku}</span>
                    <Price variant={v} />
                  </div>
                  <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500">
                    {Object.keys(v.options).length ? <Options options={v.options} /> : null}
                    {v.barcode ? <span className="font-mono">{v.barcode}</span> : null}
                    <span>
                      {t("columns.stock")}: <Stock quantity={v.stock} />
                    </span>
                  </div>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>

      <div className="hidden overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm md:block">
        <table className="min-w-full text-sm" data-testid="products-table">
          <thead className="border-b border-slate-200 bg-slate-50">
            <tr>
              {(["sku", "barcode", "options", "price"] as const).map((c) => (
                <th key={c} scope="col" className="whitespace-nowrap px-4 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
                  {t(`columns.${c}`)}
                </th>
              ))}
              <th scope="col" className="whitespace-nowrap px-4 py-2 text-right text-xs font-semibold uppercase tracking-wide text-slate-600">
                {t("columns.stock")}
              </th>
            </tr>
          </thead>
          {products.map((p) => (
            <tbody key={p.id} className="border-b border-slate-200 last:border-b-0" data-testid="product-row" data-code={p.code}>
              <tr className="bg-slate-50/60">
                <th scope="rowgroup" colSpan={5} className="px-4 py-2 text-left font-normal">
                  <ProductHeading product={p} />
                </th>
              </tr>
              {p.variants.map((v) => (
                <tr key={v.id} className="border-t border-slate-100 hover:bg-slate-50" data-testid="variant-row" data-sku={v.sku}>
                  <td className="py-2 pl-8 pr-4 font-mono text-slate-800">{v.sku}</td>
                  <td className="px-4 py-2 font-mono text-slate-600">{v.barcode ?? <span className="text-slate-400">—</span>}</td>
                  <td className="px-4 py-2">
                    <Options options={v.options} />
                  </td>
                  <td className="px-4 py-2">
                    <Price variant={v} />
                  </td>
                  <td className="px-4 py-2 text-right">
                    <Stock quantity={v.stock} />
                  </td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      </div>
    </>
  );
}
