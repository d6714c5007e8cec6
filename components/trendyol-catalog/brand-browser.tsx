"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useDeferredValue, useState } from "react";
import { useTRPC } from "@/components/providers";
import { Button, Input } from "@/components/ui";

const PAGE_SIZE = 25;

/** Cached brands, searchable by name; an exact (case-sensitive) lookup asks Trendyol for one not cached yet. */
export function BrandBrowser({ connectionId, onPick, pickedId }: { connectionId: string; onPick?: (brand: { id: string; name: string }) => void; pickedId?: string | null }) {
  const t = useTranslations("trendyolCatalog.brands");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(0);
  const deferred = useDeferredValue(search.trim());
  const brands = useQuery(trpc.trendyolCatalog.brands.queryOptions({ connectionId, search: deferred || undefined, page, size: PAGE_SIZE }, { placeholderData: keepPreviousData }));
  const lookup = useMutation(
    trpc.trendyolCatalog.lookupBrand.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.trendyolCatalog.brands.pathKey() }) }),
  );
  const total = brands.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const inputId = `brand-search-${connectionId}`;

  return (
    <div className="space-y-3" data-testid="brand-browser">
      <label htmlFor={inputId} className="sr-only">
        {t("search")}
      </label>
      <div className="flex gap-2">
        <Input
          id={inputId}
          placeholder={t("search")}
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(0);
          }}
        />
        <Button variant="secondary" disabled={!search.trim() || lookup.isPending} onClick={() => lookup.mutate({ connectionId, name: search.trim() })} title={t("lookupHelp")}>
          {t("lookup")}
        </Button>
      </div>
      {lookup.data ? <p className="text-xs text-slate-600">{lookup.data.length ? t("lookupFound", { count: lookup.data.length }) : t("lookupNone")}</p> : null}
      {lookup.isError ? (
        <p role="alert" className="text-xs text-red-700">
          {t("lookupFailed", { error: lookup.error.message })}
        </p>
      ) : null}
      {brands.isLoading ? (
        <p className="text-sm text-slate-500">{t("loading")}</p>
      ) : total === 0 ? (
        <p className="text-sm text-slate-500">{deferred ? t("noMatch") : t("empty")}</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
          {brands.data!.items.map((b) => (
            <li key={b.id} className="flex items-center justify-between gap-2 px-3 py-1.5 text-sm">
              <span className="text-slate-900">
                {b.name} <span className="font-mono text-xs text-slate-500">#{b.id}</span>
              </span>
              {onPick ? (
                <Button size="sm" variant={pickedId === b.id ? "primary" : "ghost"} onClick={() => onPick(b)}>
                  {pickedId === b.id ? t("picked") : t("pick")}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {total > PAGE_SIZE ? (
        <div className="flex items-center justify-between text-sm text-slate-600">
          <span>{t("page", { page: format.number(page + 1), pages: format.number(pages), total: format.number(total) })}</span>
          <div className="flex gap-2">
            <Button size="sm" variant="secondary" disabled={page === 0} onClick={() => setPage((p) => p - 1)}>
              {t("previous")}
            </Button>
            <Button size="sm" variant="secondary" disabled={page + 1 >= pages} onClick={() => setPage((p) => p + 1)}>
              {t("next")}
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
