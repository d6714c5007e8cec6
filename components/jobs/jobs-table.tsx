"use client";

import { useQuery } from "@tanstack/react-query";
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { usePlatforms } from "@/components/connections/platforms";
import { useTRPC } from "@/components/providers";
import { JobStateBadge } from "@/components/status/badges";
import { Duration, RelativeTime } from "@/components/status/time";
import { ACTIVE_JOB_STATES, type JobRow } from "@/components/status/types";
import { Button, EmptyState, PageHeader, ProgressBar } from "@/components/ui";
import { useJobTypeLabel } from "./job-type";

const column = createColumnHelper<JobRow>();

/** Progress as a bar and "done / total" (a job that does not know its total shows a moving bar and the count). */
export function JobProgress({ done, total }: { done: number; total: number | null }) {
  return (
    <div className="min-w-24 space-y-1">
      <ProgressBar value={done} max={total} />
      <p className="text-xs text-slate-500 tabular-nums">{total ? `${done} / ${total}` : done}</p>
    </div>
  );
}

/** Recent jobs of the partner; refreshes every two seconds while any of them may still change. */
export function JobsTable() {
  const t = useTranslations("jobs");
  const trpc = useTRPC();
  const typeLabel = useJobTypeLabel();
  const { nameOf } = usePlatforms();
  const jobs = useQuery(
    trpc.jobs.list.queryOptions(
      { limit: 50 },
      { refetchInterval: (q) => (q.state.data?.some((j) => ACTIVE_JOB_STATES.has(j.state)) ? 2_000 : false) },
    ),
  );

  const columns = useMemo(
    () => [
      column.accessor("type", {
        header: () => t("columns.type"),
        cell: (c) => (
          <div>
            <Link href={`/jobs/${c.row.original.id}`} className="font-medium text-brand-700 hover:underline" data-testid="job-link">
              {typeLabel(c.getValue())}
            </Link>
            <p className="text-xs text-slate-500">
              <RelativeTime date={c.row.original.createdAt} />
            </p>
          </div>
        ),
      }),
      column.display({
        id: "connection",
        header: () => t("columns.connection"),
        cell: (c) => {
          const j = c.row.original;
          if (!j.connectionId) return <span className="text-slate-400">—</span>;
          return (
            <div>
              <p className="text-slate-900">{j.connectionName ?? t("deletedConnection")}</p>
              <p className="text-xs text-slate-500">{nameOf(j.platform)}</p>
            </div>
          );
        },
      }),
      column.accessor("state", { header: () => t("columns.state"), cell: (c) => <JobStateBadge state={c.getValue()} /> }),
      column.display({
        id: "progress",
        header: () => t("columns.progress"),
        cell: (c) => <JobProgress done={c.row.original.progressDone} total={c.row.original.progressTotal} />,
      }),
      column.display({
        id: "attempts",
        header: () => t("columns.attempts"),
        cell: (c) => <span className="tabular-nums">{t("attemptsValue", { attempts: c.row.original.attempts, max: c.row.original.maxAttempts })}</span>,
      }),
      column.display({
        id: "duration",
        header: () => t("columns.duration"),
        cell: (c) => <Duration from={c.row.original.startedAt} to={c.row.original.finishedAt} />,
      }),
      column.accessor("error", {
        header: () => t("columns.error"),
        cell: (c) =>
          c.getValue() ? (
            <p className="line-clamp-2 max-w-xs break-words text-xs text-red-700" title={c.getValue() ?? undefined}>
              {c.getValue()}
            </p>
          ) : (
            <span className="text-slate-400">—</span>
          ),
      }),
    ],
    [t, typeLabel, nameOf],
  );

  // TanStack Table hands back fresh functions every render; this component does not memoize them, so the rule's concern does not apply.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({ data: jobs.data ?? [], columns, getCoreRowModel: getCoreRowModel(), getRowId: (row) => row.id });

  return (
    <div>
      <PageHeader title={t("title")} description={t("description")} />
      {jobs.isLoading ? (
        <p className="text-sm text-slate-500">{t("loading")}</p>
      ) : jobs.isError ? (
        <EmptyState title={t("loadFailed")} action={<Button onClick={() => jobs.refetch()}>{t("retry")}</Button>} />
      ) : !jobs.data?.length ? (
        <EmptyState
          title={t("empty.title")}
          description={t("empty.description")}
          action={
            <Link href="/connections" className="text-sm font-medium text-brand-700 hover:underline">
              {t("empty.action")}
            </Link>
          }
        />
      ) : (
        <>
          {/* Phones get one card per job; the table needs more width than they have. */}
          <ul className="space-y-3 md:hidden" data-testid="jobs-cards">
            {jobs.data.map((j) => (
              <li key={j.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="job-card" data-state={j.state}>
                <div className="flex items-start justify-between gap-2">
                  <div className="min-w-0">
                    <Link href={`/jobs/${j.id}`} className="font-medium text-brand-700 hover:underline">
                      {typeLabel(j.type)}
                    </Link>
                    <p className="text-xs text-slate-500">
                      <RelativeTime date={j.createdAt} />
                      {j.connectionId ? ` · ${j.connectionName ?? t("deletedConnection")} · ${nameOf(j.platform)}` : null}
                    </p>
                  </div>
                  <JobStateBadge state={j.state} />
                </div>
                <div className="mt-3 grid grid-cols-3 gap-3 text-sm">
                  <JobProgress done={j.progressDone} total={j.progressTotal} />
                  <div>
                    <p className="text-xs text-slate-500">{t("columns.attempts")}</p>
                    <p className="tabular-nums">{t("attemptsValue", { attempts: j.attempts, max: j.maxAttempts })}</p>
                  </div>
                  <div>
                    <p className="text-xs text-slate-500">{t("columns.duration")}</p>
                    <Duration from={j.startedAt} to={j.finishedAt} />
                  </div>
                </div>
                {j.error ? <p className="mt-2 line-clamp-3 break-words text-xs text-red-700">{j.error}</p> : null}
              </li>
            ))}
          </ul>
          <div className="hidden overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm md:block">
            <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="jobs-table">
              <thead className="bg-slate-50">
                {table.getHeaderGroups().map((group) => (
                  <tr key={group.id}>
                    {group.headers.map((h) => (
                      <th key={h.id} scope="col" className="whitespace-nowrap px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
                        {flexRender(h.column.columnDef.header, h.getContext())}
                      </th>
                    ))}
                  </tr>
                ))}
              </thead>
              <tbody className="divide-y divide-slate-100">
                {table.getRowModel().rows.map((row) => (
                  <tr key={row.id} data-testid="job-row" data-state={row.original.state} className="align-top hover:bg-slate-50">
                    {row.getVisibleCells().map((cell) => (
                      <td key={cell.id} className="px-3 py-2">
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
