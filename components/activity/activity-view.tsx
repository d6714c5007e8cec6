"use client";

import { useQueries, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useTimeZone, useTranslations } from "next-intl";
import { useState } from "react";
import { usePlatforms } from "@/components/connections/platforms";
import { useTRPC } from "@/components/providers";
import { ActivityLevelBadge } from "@/components/status/badges";
import { DateTime, RelativeTime } from "@/components/status/time";
import { ACTIVITY_LEVELS, type ActivityLevel } from "@/components/status/types";
import { Button, EmptyState, Field, Input, PageHeader, Select } from "@/components/ui";

const PAGE_SIZE = 50;
const FILTER_KEYS = ["level", "platform", "connectionId", "from", "to"] as const;
type Filters = Record<(typeof FILTER_KEYS)[number], string>;

const isLevel = (v: string): v is ActivityLevel => (ACTIVITY_LEVELS as readonly string[]).includes(v);
const isDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

/** Milliseconds that `timeZone` is ahead of UTC at `at`. */
function zoneOffsetMs(at: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(at));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second")) - Math.floor(at / 1000) * 1000;
}

/** Midnight at the start of `day` (YYYY-MM-DD) in `timeZone`, the zone the page shows times in. */
function startOfDay(day: string, timeZone: string) {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(y, m - 1, d);
  return new Date(utcMidnight - zoneOffsetMs(utcMidnight - zoneOffsetMs(utcMidnight, timeZone), timeZone));
}

/** The API's filter from the form's: "from" and "to" are whole days, both included. */
function toInput(f: Filters, timeZone: string) {
  return {
    level: isLevel(f.level) ? f.level : undefined,
    platform: f.platform || undefined,
    connectionId: f.connectionId || undefined,
    from: isDay(f.from) ? startOfDay(f.from, timeZone) : undefined,
    to: isDay(f.to) ? new Date(startOfDay(f.to, timeZone).getTime() + 86_400_000 - 1) : undefined,
    limit: PAGE_SIZE,
  };
}

/** The partner's activity log, newest first, filtered and paged by the id of the last entry shown. */
export function ActivityView({ retentionDays }: { retentionDays: number }) {
  const t = useTranslations("activity");
  const trpc = useTRPC();
  const pathname = usePathname();
  const params = useSearchParams();
  const timeZone = useTimeZone() ?? "UTC";
  const { platforms, nameOf } = usePlatforms();
  const connections = useQuery(trpc.connections.list.queryOptions());

  // The filters live in the address (shareable, and the connection card links here with one set); the browser's
  // history API updates it without a server round trip.
  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ""])) as Filters;
  const filterKey = FILTER_KEYS.map((k) => filters[k]).join("|");
  // Each "load more" adds the id to continue below; other filters start again from the newest entry.
  const [paging, setPaging] = useState<{ key: string; cursors: Array<number | undefined> }>({ key: filterKey, cursors: [undefined] });
  const cursors = paging.key === filterKey ? paging.cursors : [undefined];

  const setQuery = (next: Filters) => {
    const query = new URLSearchParams(Object.entries(next).filter(([, v]) => v !== ""));
    window.history.replaceState(null, "", query.size ? `${pathname}?${query}` : pathname);
  };
  const change = (key: keyof Filters, value: string) => setQuery({ ...filters, [key]: value });
  const clear = () => setQuery(Object.fromEntries(FILTER_KEYS.map((k) => [k, ""])) as Filters);

  const input = toInput(filters, timeZone);
  const pages = useQueries({
    queries: cursors.map((beforeId) => trpc.activity.list.queryOptions({ ...input, beforeId })),
  });
  const rows = pages.flatMap((p) => p.data ?? []);
  const last = pages[pages.length - 1];
  const hasMore = Boolean(last?.data && last.data.length === PAGE_SIZE);
  const loadingMore = cursors.length > 1 && Boolean(last?.isLoading);
  const loadingFirst = pages[0]?.isLoading;
  const connectionName = (id: string | null) => {
    if (!id) return null;
    return connections.data?.find((c) => c.id === id)?.name ?? t("deletedConnection");
  };
  const filtered = FILTER_KEYS.some((k) => filters[k] !== "");

  return (
    <div>
      <PageHeader title={t("title")} description={t("description", { days: retentionDays })} />

      <form
        className="mb-4 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm lg:grid-cols-6"
        onSubmit={(e) => e.preventDefault()}
        aria-label={t("filters.label")}
      >
        <Field id="filter-level" label={t("filters.level")}>
          <Select id="filter-level" data-testid="filter-level" value={filters.level} onChange={(e) => change("level", e.target.value)}>
            <option value="">{t("filters.all")}</option>
            {ACTIVITY_LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`levels.${l}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="filter-platform" label={t("filters.platform")}>
          <Select id="filter-platform" data-testid="filter-platform" value={filters.platform} onChange={(e) => change("platform", e.target.value)}>
            <option value="">{t("filters.all")}</option>
            {platforms.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </Select>
        </Field>
        <div className="col-span-2 lg:col-span-1">
          <Field id="filter-connection" label={t("filters.connection")}>
            <Select
              id="filter-connection"
              data-testid="filter-connection"
              value={filters.connectionId}
              onChange={(e) => change("connectionId", e.target.value)}
            >
              <option value="">{t("filters.all")}</option>
              {connections.data?.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({nameOf(c.platform)})
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <Field id="filter-from" label={t("filters.from")}>
          <Input id="filter-from" data-testid="filter-from" type="date" value={filters.from} max={filters.to || undefined} onChange={(e) => change("from", e.target.value)} />
        </Field>
        <Field id="filter-to" label={t("filters.to")}>
          <Input id="filter-to" data-testid="filter-to" type="date" value={filters.to} min={filters.from || undefined} onChange={(e) => change("to", e.target.value)} />
        </Field>
        <div className="col-span-2 flex items-end lg:col-span-1">
          <Button variant="secondary" className="w-full" onClick={clear} disabled={!filtered}>
            {t("filters.clear")}
          </Button>
        </div>
      </form>

      {loadingFirst ? (
        <p className="text-sm text-slate-500">{t("loading")}</p>
      ) : pages[0]?.isError ? (
        <EmptyState title={t("loadFailed")} action={<Button onClick={() => pages[0]?.refetch()}>{t("retry")}</Button>} />
      ) : rows.length === 0 ? (
        <EmptyState title={filtered ? t("emptyFiltered") : t("empty.title")} description={filtered ? undefined : t("empty.description")} />
      ) : (
        <>
          <ol className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm" data-testid="activity-list">
            {rows.map((row) => (
              <li key={row.id} className="flex flex-col gap-1 px-4 py-3 sm:flex-row sm:items-start sm:gap-4" data-testid="activity-entry" data-level={row.level}>
                <div className="flex items-center justify-between gap-2 sm:contents">
                  <div className="flex shrink-0 flex-col text-xs text-slate-500 sm:w-44 sm:gap-0.5">
                    <DateTime date={row.createdAt} withSeconds />
                    <span className="hidden sm:inline">
                      <RelativeTime date={row.createdAt} />
                    </span>
                  </div>
                  <div className="shrink-0 sm:w-24">
                    <ActivityLevelBadge level={row.level} />
                  </div>
                </div>
                <div className="min-w-0 flex-1">
                  <p className="break-words text-sm text-slate-900">{row.message}</p>
                  <p className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-slate-500">
                    {row.platform ? <span>{nameOf(row.platform)}</span> : null}
                    {row.connectionId ? <span>{connectionName(row.connectionId)}</span> : null}
                    {row.jobId ? (
                      <Link href={`/jobs/${row.jobId}`} className="text-brand-700 hover:underline">
                        {t("openJob")}
                      </Link>
                    ) : null}
                  </p>
                </div>
              </li>
            ))}
          </ol>
          <div className="mt-4 flex justify-center">
            {hasMore || loadingMore ? (
              <Button
                variant="secondary"
                data-testid="load-more"
                disabled={loadingMore}
                onClick={() => {
                  const lastRow = rows[rows.length - 1];
                  if (lastRow) setPaging({ key: filterKey, cursors: [...cursors, lastRow.id] });
                }}
              >
                {loadingMore ? t("loading") : t("loadMore")}
              </Button>
            ) : (
              <p className="text-xs text-slate-500">{t("end", { days: retentionDays })}</p>
            )}
          </div>
        </>
      )}
    </div>
  );
}
