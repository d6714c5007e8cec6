"use client";

import { useQueries, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { usePlatforms } from "@/components/connections/platforms";
import { useTRPC } from "@/components/providers";
import { Button, EmptyState, Field, PageHeader, Select } from "@/components/ui";
import { readWebhookFilters, webhooksListInput, WEBHOOKS_PAGE_SIZE, type WebhookStatusFilter } from "./query";
import { WebhookEventItem, type WebhookEvent } from "./webhook-event";

/** Received webhook deliveries, newest first, filtered by connection and verdict, paged by time. */
export function WebhooksView() {
  const t = useTranslations("webhooks");
  const trpc = useTRPC();
  const pathname = usePathname();
  const params = useSearchParams();
  const { nameOf } = usePlatforms();
  const connections = useQuery(trpc.connections.list.queryOptions());
  const filters = readWebhookFilters((k) => params.get(k));
  const filterKey = `${filters.connectionId}|${filters.status}`;
  const filtered = filterKey !== "|";

  // Each "load more" continues below the oldest event shown; new filters start again from the newest.
  const [paging, setPaging] = useState<{ key: string; cursors: Array<Date | undefined> }>({ key: filterKey, cursors: [undefined] });
  const cursors = paging.key === filterKey ? paging.cursors : [undefined];
  const pages = useQueries({
    queries: cursors.map((before, i) => ({
      ...trpc.webhooks.list.queryOptions(webhooksListInput(filters, before)),
      // The newest page keeps an eye out for new deliveries.
      refetchInterval: i === 0 ? 15_000 : false,
    })),
  });
  // A delivery that arrived since may push a row onto the next page too; show it once.
  const rows: WebhookEvent[] = [];
  const seen = new Set<string>();
  for (const row of pages.flatMap((p) => p.data ?? [])) {
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    rows.push(row);
  }
  const last = pages[pages.length - 1];
  const hasMore = Boolean(last?.data && last.data.length === WEBHOOKS_PAGE_SIZE);
  const loadingMore = cursors.length > 1 && Boolean(last?.isLoading);

  const setQuery = (next: { connectionId: string; status: WebhookStatusFilter }) => {
    const query = new URLSearchParams(Object.entries(next).filter(([, v]) => v !== ""));
    window.history.replaceState(null, "", query.size ? `${pathname}?${query}` : pathname);
  };

  return (
    <div>
      <PageHeader title={t("title")} description={t("description")} />

      <form
        className="mb-4 grid grid-cols-1 gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-3"
        onSubmit={(e) => e.preventDefault()}
        aria-label={t("filters.label")}
      >
        <Field id="filter-connection" label={t("filters.connection")}>
          <Select
            id="filter-connection"
            data-testid="filter-connection"
            value={filters.connectionId}
            onChange={(e) => setQuery({ ...filters, connectionId: e.target.value })}
          >
            <option value="">{t("filters.all")}</option>
            {connections.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({nameOf(c.platform)})
              </option>
            ))}
          </Select>
        </Field>
        <Field id="filter-status" label={t("filters.status")}>
          <Select
            id="filter-status"
            data-testid="filter-status"
            value={filters.status}
            onChange={(e) => setQuery({ ...filters, status: e.target.value as WebhookStatusFilter })}
          >
            <option value="">{t("filters.all")}</option>
            <option value="verified">{t("filters.verified")}</option>
            <option value="rejected">{t("filters.rejected")}</option>
          </Select>
        </Field>
        <div className="flex items-end">
          <Button variant="secondary" className="w-full" disabled={!filtered} onClick={() => setQuery({ connectionId: "", status: "" })}>
            {t("filters.clear")}
          </Button>
        </div>
      </form>

      {pages[0]?.isLoading ? (
        <p className="text-sm text-slate-500">{t("loading")}</p>
      ) : pages[0]?.isError && !pages[0].data ? (
        <EmptyState title={t("loadFailed")} action={<Button onClick={() => pages[0]?.refetch()}>{t("retry")}</Button>} />
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState title={t("emptyFiltered")} />
        ) : (
          <div data-testid="webhooks-empty">
            <EmptyState
              title={t("empty.title")}
              description={t("empty.description")}
              action={
                <Link href="/connections" className="text-sm font-medium text-brand-700 hover:underline">
                  {t("empty.action")}
                </Link>
              }
            />
          </div>
        )
      ) : (
        <>
          <ol className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm" data-testid="webhook-list">
            {rows.map((row) => (
              <WebhookEventItem key={row.id} event={row} platformName={nameOf(row.platform)} />
            ))}
          </ol>
          <div className="mt-4 flex justify-center">
            {hasMore || loadingMore ? (
              <Button
                variant="secondary"
                data-testid="load-more"
                disabled={loadingMore}
                onClick={() => {
                  const oldest = rows[rows.length - 1];
                  if (oldest) setPaging({ key: filterKey, cursors: [...cursors, new Date(oldest.receivedAt)] });
                }}
              >
                {loadingMore ? t("loading") : t("loadMore")}
              </Button>
            ) : (
              <p className="text-xs text-slate-500">{t("end")}</p>
            )}
          </div>
        </>
      )}
    </div>
  );
}
