"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { errorCodeOf } from "@/components/connections/field-errors";
import { usePlatforms } from "@/components/connections/platforms";
import { useTRPC } from "@/components/providers";
import { ItemStatusBadge, JobStateBadge, LogLevelBadge } from "@/components/status/badges";
import { DateTime, Duration } from "@/components/status/time";
import { ACTIVE_JOB_STATES } from "@/components/status/types";
import { Button, Card, EmptyState, PageHeader } from "@/components/ui";
import { useJobTypeLabel } from "./job-type";
import { JobProgress } from "./jobs-table";

function Fact({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm text-slate-900">{children}</dd>
    </div>
  );
}

/** One job: what it is, how it went, each item's result and its log; refreshes while the job may still change. */
export function JobDetailView({ id }: { id: string }) {
  const t = useTranslations("jobs");
  const trpc = useTRPC();
  const typeLabel = useJobTypeLabel();
  const { nameOf } = usePlatforms();
  const query = useQuery(
    trpc.jobs.get.queryOptions(
      { id },
      { refetchInterval: (q) => (q.state.data && ACTIVE_JOB_STATES.has(q.state.data.job.state) ? 2_000 : false) },
    ),
  );
  const back = (
    <Link href="/jobs" className="mb-4 inline-block text-sm font-medium text-brand-700 hover:underline">
      ← {t("detail.back")}
    </Link>
  );

  if (query.isLoading) return <p className="text-sm text-slate-500">{t("loading")}</p>;
  if (query.isError || !query.data) {
    // A malformed id is as unknown as a missing one (and one of another partner looks the same).
    const missing = ["NOT_FOUND", "BAD_REQUEST"].includes(errorCodeOf(query.error) ?? "");
    return (
      <div>
        {back}
        <EmptyState
          title={missing ? t("detail.notFound.title") : t("loadFailed")}
          description={missing ? t("detail.notFound.description") : undefined}
          action={missing ? undefined : <Button onClick={() => query.refetch()}>{t("retry")}</Button>}
        />
      </div>
    );
  }

  const { job, items, logs } = query.data;
  return (
    <div data-testid="job-detail">
      {back}
      <PageHeader title={typeLabel(job.type)} description={t("detail.id", { id: job.id })} actions={<JobStateBadge state={job.state} />} />

      <Card className="mb-6">
        <dl className="grid grid-cols-2 gap-4 lg:grid-cols-4">
          <Fact label={t("columns.connection")}>
            {job.connectionId ? (
              <>
                {job.connectionName ?? t("deletedConnection")}
                <span className="text-slate-500"> · {nameOf(job.platform)}</span>
              </>
            ) : (
              "—"
            )}
          </Fact>
          <Fact label={t("columns.progress")}>
            <JobProgress done={job.progressDone} total={job.progressTotal} />
          </Fact>
          <Fact label={t("columns.attempts")}>{t("attemptsValue", { attempts: job.attempts, max: job.maxAttempts })}</Fact>
          <Fact label={t("columns.duration")}>
            <Duration from={job.startedAt} to={job.finishedAt} />
          </Fact>
          <Fact label={t("detail.created")}>
            <DateTime date={job.createdAt} withSeconds />
          </Fact>
          <Fact label={t("detail.started")}>
            <DateTime date={job.startedAt} withSeconds />
          </Fact>
          <Fact label={t("detail.finished")}>
            <DateTime date={job.finishedAt} withSeconds />
          </Fact>
        </dl>
        {job.error ? (
          <div className="mt-4 rounded-md bg-red-50 p-3 text-sm text-red-800" role="alert">
            <p className="font-medium">{t("columns.error")}</p>
            <p className="mt-1 break-words">{job.error}</p>
          </div>
        ) : null}
      </Card>

      <section className="mb-6" aria-labelledby="job-items">
        <h2 id="job-items" className="mb-2 text-lg font-semibold text-slate-900">
          {t("detail.items.title")}
        </h2>
        {items.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">{t("detail.items.empty")}</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
            <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="job-items">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className="px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
                    {t("detail.items.ref")}
                  </th>
                  <th scope="col" className="px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
                    {t("detail.items.status")}
                  </th>
                  <th scope="col" className="px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
                    {t("detail.items.message")}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {items.map((item) => (
                  <tr key={item.id} className="align-top">
                    <td className="px-3 py-2 font-mono text-xs">{item.ref}</td>
                    <td className="px-3 py-2">
                      <ItemStatusBadge status={item.status} />
                    </td>
                    <td className="break-words px-3 py-2 text-slate-700">{item.message ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="job-logs">
        <h2 id="job-logs" className="mb-2 text-lg font-semibold text-slate-900">
          {t("detail.logs.title")}
        </h2>
        {logs.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">{t("detail.logs.empty")}</p>
        ) : (
          <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm" data-testid="job-logs">
            {logs.map((line) => (
              <li key={line.id} className="flex flex-col gap-1 px-3 py-2 text-sm sm:flex-row sm:items-start sm:gap-3" data-testid="job-log" data-level={line.level}>
                <span className="shrink-0 text-xs text-slate-500 tabular-nums sm:w-40">
                  <DateTime date={line.at} withSeconds />
                </span>
                <span className="w-16 shrink-0">
                  <LogLevelBadge level={line.level} />
                </span>
                <span className="min-w-0 break-words font-mono text-xs text-slate-800">{line.message}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
