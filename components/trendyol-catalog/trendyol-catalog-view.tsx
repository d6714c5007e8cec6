"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { errorCodeOf } from "@/components/connections/field-errors";
import { useTRPC } from "@/components/providers";
import { EnvironmentBadge } from "@/components/status/badges";
import { Badge, Card, cx, EmptyState, PageHeader } from "@/components/ui";
import { BrandBrowser } from "./brand-browser";
import { CategoryBrowser } from "./category-browser";
import { MappingEditor } from "./mapping-editor";
import { ReadinessList } from "./readiness-list";
import { ReferenceStatusCard } from "./reference-status";
import type { CategoryRow } from "./types";

const TABS = ["mapping", "readiness", "brands", "categories"] as const;
type Tab = (typeof TABS)[number];

/** A Trendyol connection's catalog: reference data, category/attribute mapping, and what cannot be sent yet. */
export function TrendyolCatalogView({ connectionId }: { connectionId: string }) {
  const t = useTranslations("trendyolCatalog");
  const trpc = useTRPC();
  const status = useQuery(trpc.trendyolCatalog.status.queryOptions({ connectionId }));
  const [tab, setTab] = useState<Tab>("mapping");
  const back = (
    <Link href="/connections" className="mb-4 inline-block text-sm font-medium text-brand-700 hover:underline">
      ← {t("back")}
    </Link>
  );

  if (status.isLoading) return <p className="text-sm text-slate-500">{t("loading")}</p>;
  if (status.isError || !status.data) {
    const missing = ["NOT_FOUND", "BAD_REQUEST"].includes(errorCodeOf(status.error) ?? "");
    return (
      <div>
        {back}
        <EmptyState title={missing ? t("notFound.title") : t("loadFailed")} description={missing ? t("notFound.description") : undefined} />
      </div>
    );
  }
  const { connection } = status.data;

  return (
    <div data-testid="trendyol-catalog">
      {back}
      <PageHeader title={t("title")} description={t("description", { name: connection.name })} actions={<EnvironmentBadge environment={connection.environment} />} />
      <ReferenceStatusCard connectionId={connectionId} />
      <div role="tablist" aria-label={t("title")} className="mb-4 flex gap-1 overflow-x-auto whitespace-nowrap border-b border-slate-200">
        {TABS.map((key) => (
          <button
            key={key}
            type="button"
            role="tab"
            aria-selected={tab === key}
            onClick={() => setTab(key)}
            className={cx(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
              tab === key ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900",
            )}
            data-testid={`tab-${key}`}
          >
            {t(`tabs.${key}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === "mapping" ? <MappingEditor connectionId={connectionId} /> : null}
        {tab === "readiness" ? <ReadinessList connectionId={connectionId} /> : null}
        {tab === "brands" ? (
          <Card>
            <BrandBrowser connectionId={connectionId} />
          </Card>
        ) : null}
        {tab === "categories" ? <CategoryExplorer connectionId={connectionId} /> : null}
      </div>
    </div>
  );
}

/** Browse the tree and look at a leaf's attributes and allowed values. */
function CategoryExplorer({ connectionId }: { connectionId: string }) {
  const t = useTranslations("trendyolCatalog");
  const trpc = useTRPC();
  const [picked, setPicked] = useState<CategoryRow | null>(null);
  const detail = useQuery(trpc.trendyolCatalog.category.queryOptions({ connectionId, categoryId: picked?.id ?? "0" }, { enabled: Boolean(picked) }));
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card>
        <CategoryBrowser connectionId={connectionId} onPick={setPicked} pickedId={picked?.id} />
      </Card>
      <Card data-testid="category-attributes">
        {!picked ? (
          <p className="text-sm text-slate-500">{t("categories.pickToSee")}</p>
        ) : (
          <div className="space-y-3">
            <h3 className="font-semibold text-slate-900">{picked.path.join(" / ")}</h3>
            {detail.data?.attributes === null ? (
              <p className="text-sm text-slate-600">{t("mapping.attributesNotFetched")}</p>
            ) : (
              <ul className="space-y-2">
                {(detail.data?.attributes ?? []).map((a) => (
                  <li key={a.id} className="text-sm">
                    <p className="flex flex-wrap items-center gap-1 font-medium text-slate-900">
                      {a.name} <span className="font-mono text-xs text-slate-500">#{a.id}</span>
                      {a.required ? <Badge tone="red">{t("mapping.required")}</Badge> : null}
                      {a.allowCustom ? <Badge tone="green">{t("mapping.allowCustom")}</Badge> : null}
                    </p>
                    <p className="text-xs text-slate-600">{a.values.length ? a.values.map((v) => v.name).join(", ") : t("categories.noValues")}</p>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </Card>
    </div>
  );
}
