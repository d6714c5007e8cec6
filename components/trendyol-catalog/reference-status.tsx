"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useTRPC } from "@/components/providers";
import { RelativeTime } from "@/components/status/time";
import { Button, Card, ProgressBar } from "@/components/ui";
import { useReferenceJob } from "./use-job";

type DataType = "all" | "brands" | "categories";

/** What is cached (counts, when) and the buttons that start a fetch job; follows the job while it runs. */
export function ReferenceStatusCard({ connectionId }: { connectionId: string }) {
  const t = useTranslations("trendyolCatalog.reference");
  const format = useFormatter();
  const trpc = useTRPC();
  const status = useQuery(trpc.trendyolCatalog.status.queryOptions({ connectionId }));
  const follow = useReferenceJob();
  const refresh = useMutation(trpc.trendyolCatalog.refresh.mutationOptions({ onSuccess: (r) => follow.setJobId(r.jobId) }));
  const start = (dataType: DataType) => refresh.mutate({ connectionId, dataType });
  const busy = follow.running || refresh.isPending;

  const rows = status.data
    ? ([
        ["brands", status.data.brands],
        ["categories", status.data.categories],
        ["categoryAttributes", status.data.categoryAttributes],
      ] as const)
    : [];

  return (
    <Card className="mb-6" data-testid="trendyol-reference-status">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div>
          <h2 className="text-base font-semibold text-slate-900">{t("title")}</h2>
          <p className="mt-0.5 text-sm text-slate-600">{t("description")}</p>
          <dl className="mt-3 grid grid-cols-[auto_auto_1fr] gap-x-4 gap-y-1 text-sm">
            {rows.map(([key, row]) => (
              <div key={key} className="contents">
                <dt className="text-slate-500">{t(`kinds.${key}`)}</dt>
                <dd className="font-medium text-slate-900" data-testid={`reference-count-${key}`}>
                  {format.number(row.count)}
                </dd>
                <dd className="text-slate-500">{row.fetchedAt ? <RelativeTime date={row.fetchedAt} /> : t("never")}</dd>
              </div>
            ))}
          </dl>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button size="sm" onClick={() => start("all")} disabled={busy} data-testid="refresh-all">
            {t("refreshAll")}
          </Button>
          <Button size="sm" variant="secondary" onClick={() => start("brands")} disabled={busy}>
            {t("refreshBrands")}
          </Button>
          <Button size="sm" variant="secondary" onClick={() => start("categories")} disabled={busy}>
            {t("refreshCategories")}
          </Button>
        </div>
      </div>
      {follow.jobId ? (
        <div className="mt-4 space-y-2 border-t border-slate-100 pt-3 text-sm" role="status" data-testid="reference-job">
          {follow.running ? (
            <>
              <p className="text-blue-700">{t("running")}</p>
              <ProgressBar value={follow.job?.progressDone ?? 0} max={follow.job?.progressTotal} />
            </>
          ) : follow.state === "succeeded" ? (
            <p className="text-green-700">{t("succeeded")}</p>
          ) : (
            <p className="text-red-700">{t("failed", { error: follow.job?.error ?? "—" })}</p>
          )}
          <Link href={`/jobs/${follow.jobId}`} className="font-medium text-brand-700 hover:underline">
            {t("openJob")}
          </Link>
        </div>
      ) : null}
      {refresh.isError ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {t("startFailed")}
        </p>
      ) : null}
      <p className="mt-3 text-xs text-slate-500">{t("weekly")}</p>
    </Card>
  );
}
