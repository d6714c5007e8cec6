"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { usePathname, useSearchParams } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import { useTRPC } from "@/components/providers";
import { Button, EmptyState, Input, PageHeader } from "@/components/ui";
import { CsvFileButton, ImportResultPanel, useCatalogImport } from "./catalog-import";
import { CSV_FIXED_COLUMNS, downloadText, EXPORT_FILE_NAME, TEMPLATE_FILE_NAME, templateHref } from "./csv";
import { ProductsTable } from "./products-table";
import { catalogListInput, PRODUCTS_PAGE_SIZE, readProductsParams } from "./query";

const linkClass = "inline-flex items-center rounded-md px-3 py-2 text-sm font-medium text-brand-700 hover:bg-brand-50 hover:underline";

/** The browser's history API updates the address without a server round trip; the list follows it. */
function replaceQuery(pathname: string, next: { search: string; page: number }) {
  const query = new URLSearchParams();
  if (next.search) query.set("q", next.search);
  if (next.page > 1) query.set("page", String(next.page));
  window.history.replaceState(null, "", query.size ? `${pathname}?${query}` : pathname);
}

/** What the CSV holds, for someone filling in the template for the first time. */
function CsvFormatHelp() {
  const t = useTranslations("products.format");
  return (
    <details className="mb-6 rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm shadow-sm">
      <summary className="cursor-pointer font-medium text-slate-800">{t("summary")}</summary>
      <ul className="mt-2 list-disc space-y-1 pl-5 text-slate-700">
        <li>{t("rows")}</li>
        <li>{t("required")}</li>
        <li>{t("prices")}</li>
        <li>{t("open")}</li>
        <li>{t("images")}</li>
        <li>{t("allOrNothing")}</li>
      </ul>
      <p className="mt-2 break-words font-mono text-xs text-slate-500">{CSV_FIXED_COLUMNS.join(", ")}, option:…, attribute:…, stock:…</p>
    </details>
  );
}

/**
 * The catalog: search, pages, and the CSV round trip (import all or nothing, export, template). Search and page
 * live in the address, so a reload or a shared link shows the same view.
 */
export function ProductsView() {
  const t = useTranslations("products");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pathname = usePathname();
  const params = useSearchParams();
  const { search, page } = readProductsParams((k) => params.get(k));
  const importer = useCatalogImport();

  const list = useQuery({ ...trpc.catalog.list.queryOptions(catalogListInput({ search, page })), placeholderData: keepPreviousData });
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PRODUCTS_PAGE_SIZE));

  const setQuery = (next: { search: string; page: number }) => replaceQuery(pathname, next);

  // The box updates the address a moment after typing stops, not on every key.
  const [typed, setTyped] = useState(search);
  // Back, Forward or the sidebar link change the search from outside: the box follows.
  const [seenSearch, setSeenSearch] = useState(search);
  if (search !== seenSearch) {
    setSeenSearch(search);
    if (typed.trim() !== search) setTyped(search);
  }
  useEffect(() => {
    if (typed.trim() === search) return;
    const timer = setTimeout(() => replaceQuery(pathname, { search: typed.trim(), page: 1 }), 300);
    return () => clearTimeout(timer);
  }, [typed, search, pathname]);

  const [exporting, setExporting] = useState(false);
  const [exportFailed, setExportFailed] = useState(false);
  const exportCsv = async () => {
    setExporting(true);
    setExportFailed(false);
    try {
      const { csv } = await queryClient.fetchQuery({ ...trpc.catalog.exportCsv.queryOptions(), staleTime: 0, gcTime: 0 });
      downloadText(EXPORT_FILE_NAME, csv);
    } catch {
      setExportFailed(true);
    } finally {
      setExporting(false);
    }
  };

  const template = useTranslations("products.template");
  const templateLink = useMemo(
    () =>
      templateHref({
        title: template("title"),
        description: template("description"),
        category: template("category"),
        colour: template("colour"),
        size: template("size"),
        material: template("material"),
      }),
    [template],
  );
  const downloadTemplate = (
    <a href={templateLink} download={TEMPLATE_FILE_NAME} className={linkClass} data-testid="download-template">
      {t("actions.template")}
    </a>
  );

  const catalogEmpty = list.isSuccess && total === 0 && !search;

  return (
    <div>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <>
            <CsvFileButton onFile={importer.importFile} phase={importer.phase} testId="import-csv" />
            <Button variant="secondary" onClick={exportCsv} disabled={exporting || catalogEmpty} data-testid="export-csv">
              {exporting ? t("actions.exporting") : t("actions.export")}
            </Button>
            {downloadTemplate}
          </>
        }
      />

      {exportFailed ? (
        <p role="alert" className="mb-4 rounded-md bg-red-50 p-3 text-sm text-red-700">
          {t("exportFailed")}
        </p>
      ) : null}
      {importer.outcome ? <ImportResultPanel outcome={importer.outcome} onDismiss={importer.dismiss} /> : null}

      {list.isLoading ? (
        <p className="text-sm text-slate-500">{t("loading")}</p>
      ) : list.isError && !list.data ? (
        <EmptyState title={t("loadFailed")} action={<Button onClick={() => list.refetch()}>{t("retry")}</Button>} />
      ) : catalogEmpty ? (
        <>
          <div data-testid="products-empty">
            <EmptyState
              title={t("empty.title")}
              description={t("empty.description")}
              action={
                <div className="flex flex-wrap items-center justify-center gap-2">
                  <CsvFileButton onFile={importer.importFile} phase={importer.phase} testId="import-csv-empty" />
                  {downloadTemplate}
                </div>
              }
            />
          </div>
          <div className="mt-6">
            <CsvFormatHelp />
          </div>
        </>
      ) : (
        <>
          <div className="mb-4 flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
            <div className="w-full sm:max-w-sm">
              <label htmlFor="product-search" className="sr-only">
                {t("search.label")}
              </label>
              <Input
                id="product-search"
                type="search"
                data-testid="product-search"
                placeholder={t("search.placeholder")}
                value={typed}
                maxLength={200}
                onChange={(e) => setTyped(e.target.value)}
              />
            </div>
            <p className="text-sm text-slate-500" data-testid="products-total" aria-live="polite">
              {t("total", { count: total })}
            </p>
          </div>

          {total === 0 ? (
            <EmptyState title={t("emptySearch", { search })} />
          ) : list.data && list.data.items.length === 0 ? (
            <EmptyState title={t("pageEmpty")} action={<Button onClick={() => setQuery({ search, page: 1 })}>{t("pager.first")}</Button>} />
          ) : (
            <div className={list.isPlaceholderData ? "opacity-60 transition-opacity" : undefined} aria-busy={list.isFetching}>
              <ProductsTable products={list.data?.items ?? []} />
            </div>
          )}

          {total > PRODUCTS_PAGE_SIZE ? (
            <nav aria-label={t("pager.label")} className="mt-4 flex items-center justify-between gap-3" data-testid="pager">
              <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => setQuery({ search, page: page - 1 })} data-testid="page-previous">
                ← {t("pager.previous")}
              </Button>
              <p className="text-sm tabular-nums text-slate-600" data-testid="page-range">
                {t("pager.range", {
                  from: format.number((page - 1) * PRODUCTS_PAGE_SIZE + 1),
                  to: format.number(Math.min(page * PRODUCTS_PAGE_SIZE, total)),
                  total: format.number(total),
                })}
              </p>
              <Button variant="secondary" size="sm" disabled={page >= pages} onClick={() => setQuery({ search, page: page + 1 })} data-testid="page-next">
                {t("pager.next")} →
              </Button>
            </nav>
          ) : null}
          <div className="mt-6">
            <CsvFormatHelp />
          </div>
        </>
      )}
    </div>
  );
}
