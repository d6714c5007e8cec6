"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useDeferredValue, useState } from "react";
import { useTRPC } from "@/components/providers";
import { Badge, Button, Input } from "@/components/ui";
import type { CategoryRow } from "./types";

/**
 * The cached Trendyol category tree, one level at a time (or a search across it). Only leaves take products, so
 * only leaves can be picked.
 */
export function CategoryBrowser({ connectionId, onPick, pickedId }: { connectionId: string; onPick: (category: CategoryRow) => void; pickedId?: string | null }) {
  const t = useTranslations("trendyolCatalog.categories");
  const trpc = useTRPC();
  const [trail, setTrail] = useState<CategoryRow[]>([]);
  const [search, setSearch] = useState("");
  const deferred = useDeferredValue(search.trim());
  const parent = trail.at(-1) ?? null;
  const list = useQuery(trpc.trendyolCatalog.categories.queryOptions({ connectionId, parentId: deferred ? null : (parent?.id ?? null), search: deferred || undefined }));
  const inputId = `category-search-${connectionId}`;

  return (
    <div className="space-y-3" data-testid="category-browser">
      <label htmlFor={inputId} className="sr-only">
        {t("search")}
      </label>
      <Input id={inputId} placeholder={t("search")} value={search} onChange={(e) => setSearch(e.target.value)} />
      {!deferred ? (
        <nav aria-label={t("trail")} className="flex flex-wrap items-center gap-1 text-sm">
          <button type="button" className="font-medium text-brand-700 hover:underline" onClick={() => setTrail([])}>
            {t("root")}
          </button>
          {trail.map((c, i) => (
            <span key={c.id} className="flex items-center gap-1">
              <span className="text-slate-400">/</span>
              <button type="button" className="font-medium text-brand-700 hover:underline" onClick={() => setTrail(trail.slice(0, i + 1))}>
                {c.name}
              </button>
            </span>
          ))}
        </nav>
      ) : null}
      {list.isLoading ? (
        <p className="text-sm text-slate-500">{t("loading")}</p>
      ) : !list.data?.length ? (
        <p className="text-sm text-slate-500">{deferred ? t("noMatch") : t("empty")}</p>
      ) : (
        <ul className="max-h-80 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200">
          {list.data.map((c) => (
            <li key={c.id} className="flex items-center justify-between gap-2 px-3 py-1.5 text-sm" data-testid="category-row">
              <div className="min-w-0">
                {c.leaf ? (
                  <span className="text-slate-900">{c.name}</span>
                ) : (
                  <button type="button" className="font-medium text-slate-900 hover:underline" onClick={() => setTrail(deferred ? [] : [...trail, c])} disabled={Boolean(deferred)}>
                    {c.name} ›
                  </button>
                )}
                {deferred ? <p className="truncate text-xs text-slate-500">{c.path.join(" / ")}</p> : null}
              </div>
              <div className="flex shrink-0 items-center gap-2">
                <span className="font-mono text-xs text-slate-500">#{c.id}</span>
                {c.leaf ? (
                  <Button size="sm" variant={pickedId === c.id ? "primary" : "ghost"} onClick={() => onPick(c)}>
                    {pickedId === c.id ? t("picked") : t("pick")}
                  </Button>
                ) : (
                  <Badge>{t("branch")}</Badge>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
