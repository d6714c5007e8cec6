"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { usePlatforms } from "@/components/connections/platforms";
import { useJobTypeLabel } from "@/components/jobs/job-type";
import { useTRPC } from "@/components/providers";
import { JobStateBadge } from "@/components/status/badges";
import { RelativeTime } from "@/components/status/time";
import { ACTIVE_JOB_STATES, CONNECTION_STATUSES, type ConnectionStatus } from "@/components/status/types";
import { Card, cx, EmptyState, PageHeader } from "@/components/ui";

const statusAccent: Record<ConnectionStatus, string> = {
  connected: "border-l-green-500",
  failed: "border-l-red-500",
  pending: "border-l-amber-500",
  disabled: "border-l-slate-400",
};

const linkButton =
  "inline-flex items-center justify-center rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500";

/** For now: a welcome, the connections by status and the latest jobs; the full dashboard comes later. */
export function DashboardView() {
  const t = useTranslations("dashboard");
  const ts = useTranslations("status.connection");
  const trpc = useTRPC();
  const typeLabel = useJobTypeLabel();
  const { nameOf } = usePlatforms();
  const me = useQuery(trpc.account.me.queryOptions());
  const connections = useQuery(trpc.connections.list.queryOptions());
  const jobs = useQuery(
    trpc.jobs.list.queryOptions(
      { limit: 5 },
      { refetchInterval: (q) => (q.state.data?.some((j) => ACTIVE_JOB_STATES.has(j.state)) ? 3_000 : false) },
    ),
  );

  const title = me.data?.name ? t("welcomeName", { name: me.data.name }) : t("welcome");
  const counts = Object.fromEntries(CONNECTION_STATUSES.map((s) => [s, 0])) as Record<ConnectionStatus, number>;
  for (const c of connections.data ?? []) if (c.status in counts) counts[c.status as ConnectionStatus] += 1;

  if (connections.isLoading) {
    return (
      <div>
        <PageHeader title={title} />
        <p className="text-sm text-slate-500">{t("loading")}</p>
      </div>
    );
  }

  if (!connections.data?.length) {
    return (
      <div>
        <PageHeader title={title} description={t("intro")} />
        <EmptyState
          title={t("firstSteps.title")}
          description={t("firstSteps.description")}
          action={
            <Link href="/connections?add" className={linkButton} data-testid="dashboard-add-connection">
              {t("firstSteps.action")}
            </Link>
          }
        />
        <ol className="mx-auto mt-6 grid max-w-3xl gap-3 text-sm text-slate-700 sm:grid-cols-3">
          {(["connect", "test", "watch"] as const).map((step, i) => (
            <li key={step} className="rounded-lg border border-slate-200 bg-white p-4">
              <span className="mb-1 flex h-6 w-6 items-center justify-center rounded-full bg-brand-100 text-xs font-semibold text-brand-700">{i + 1}</span>
              {t(`firstSteps.steps.${step}`)}
            </li>
          ))}
        </ol>
      </div>
    );
  }

  return (
    <div>
      <PageHeader title={title} description={t("intro")} />

      <section aria-labelledby="dashboard-connections" className="mb-8">
        <div className="mb-3 flex items-baseline justify-between gap-2">
          <h2 id="dashboard-connections" className="text-lg font-semibold text-slate-900">
            {t("connections.title", { count: connections.data.length })}
          </h2>
          <Link href="/connections" className="text-sm font-medium text-brand-700 hover:underline">
            {t("connections.manage")}
          </Link>
        </div>
        <ul className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          {CONNECTION_STATUSES.map((s) => (
            <li key={s}>
              <Card className={cx("border-l-4", statusAccent[s])} data-testid={`count-${s}`}>
                <p className="text-sm text-slate-600">{ts(s)}</p>
                <p className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">{counts[s]}</p>
              </Card>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="dashboard-jobs">
        <div className="mb-3 flex items-baseline justify-between gap-2">
          <h2 id="dashboard-jobs" className="text-lg font-semibold text-slate-900">
            {t("jobs.title")}
          </h2>
          <Link href="/jobs" className="text-sm font-medium text-brand-700 hover:underline">
            {t("jobs.all")}
          </Link>
        </div>
        {!jobs.data?.length ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">{t("jobs.empty")}</p>
        ) : (
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm">
            {jobs.data.map((j) => (
              <li key={j.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3 text-sm">
                <Link href={`/jobs/${j.id}`} className="font-medium text-brand-700 hover:underline">
                  {typeLabel(j.type)}
                </Link>
                <span className="text-slate-600">
                  {j.connectionName ?? "—"}
                  {j.platform ? <span className="text-slate-400"> · {nameOf(j.platform)}</span> : null}
                </span>
                <span className="ml-auto flex items-center gap-3">
                  <span className="text-xs text-slate-500">
                    <RelativeTime date={j.createdAt} />
                  </span>
                  <JobStateBadge state={j.state} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
