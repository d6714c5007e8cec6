"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "@/components/providers";
import { DateTime } from "@/components/status/time";
import { ACTIVE_JOB_STATES } from "@/components/status/types";
import { Alert } from "@/components/ui/alert";
import { Badge, Button, Card, Input, PageHeader, ProgressBar, Select, type Tone } from "@/components/ui";
import { Table, TableCard, Td, Th } from "@/components/ui/table";

const STATUSES = ["draft", "pending", "active", "rejected", "archived", "deleted", "error"] as const;
type ListingStatus = (typeof STATUSES)[number];
const STATUS_TONE: Record<ListingStatus, Tone> = { draft: "slate", pending: "amber", active: "green", rejected: "red", archived: "slate", deleted: "slate", error: "red" };
const BATCH_TONE: Record<string, Tone> = { submitted: "blue", completed: "green", failed: "red", expired: "amber" };

interface RunResult {
  created?: number;
  updated?: number;
  unchanged?: number;
  skipped?: number;
  failed?: number;
  approval?: { pending?: number; rejected?: number };
}

/** Publishing to Trendyol for one connection: run (test or full), follow the job, read each item's result. */
export function TrendyolPublishPanel({ connectionId }: { connectionId: string }) {
  const t = useTranslations("trendyolPublish");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const [status, setStatus] = useState<ListingStatus | "">("");
  const [failedOnly, setFailedOnly] = useState(false);
  const [search, setSearch] = useState("");

  const job = useQuery({
    ...trpc.jobs.get.queryOptions({ id: jobId ?? "00000000-0000-0000-0000-000000000000" }, { refetchInterval: (q) => (q.state.data && ACTIVE_JOB_STATES.has(q.state.data.job.state) ? 1_500 : false) }),
    enabled: Boolean(jobId),
  });
  const running = Boolean(jobId) && (!job.data || ACTIVE_JOB_STATES.has(job.data.job.state));
  const listingsQuery = useQuery(
    trpc.trendyolPublish.listings.queryOptions(
      { connectionId, status: status || undefined, failedOnly: failedOnly || undefined, search: search.trim() || undefined, limit: 200, offset: 0 },
      { refetchInterval: running ? 3_000 : false },
    ),
  );
  const batches = useQuery(trpc.trendyolPublish.batches.queryOptions({ connectionId }, { refetchInterval: running ? 3_000 : false }));
  const refreshAll = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.trendyolPublish.listings.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.trendyolPublish.batches.queryKey() });
  };
  const start = useMutation(trpc.trendyolPublish.start.mutationOptions({ onSuccess: (r) => setJobId(r.jobId) }));
  const poll = useMutation(trpc.trendyolPublish.refresh.mutationOptions({ onSuccess: (r) => setJobId(r.jobId) }));

  const current = job.data?.job;
  const result = (current?.result ?? null) as RunResult | null;
  const finished = current && !ACTIVE_JOB_STATES.has(current.state);
  const counts = listingsQuery.data?.counts ?? [];
  const unapproved = (listingsQuery.data?.rows ?? []).filter((r) => r.status === "rejected" || r.rejectReasons.length > 0);

  return (
    <div data-testid="trendyol-publish">
      <Link href="/connections" className="mb-4 inline-block text-sm font-medium text-brand-700 hover:underline">
        ← {t("back")}
      </Link>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <>
            <Button variant="secondary" disabled={running || start.isPending} onClick={() => start.mutate({ connectionId, mode: "test" })} data-testid="publish-test">
              {t("run.test")}
            </Button>
            <Button disabled={running || start.isPending} onClick={() => start.mutate({ connectionId, mode: "full" })} data-testid="publish-full">
              {t("run.full")}
            </Button>
            <Button variant="ghost" disabled={running || poll.isPending} onClick={() => poll.mutate({ connectionId })}>
              {t("run.refresh")}
            </Button>
          </>
        }
      />
      {start.isError || poll.isError ? <Alert tone="error" className="mb-4">{t("run.failedToStart")}</Alert> : null}

      {jobId ? (
        <Card className="mb-6" data-testid="publish-progress">
          <div className="mb-2 flex items-center justify-between text-sm">
            <span className="font-medium text-slate-800">{running ? t("progress.running") : current?.state === "succeeded" ? t("progress.done") : t("progress.failed")}</span>
            <Link href={`/jobs/${jobId}`} className="text-brand-700 hover:underline">
              {t("progress.openJob")}
            </Link>
          </div>
          <ProgressBar value={current?.progressDone ?? 0} max={current?.progressTotal ?? null} />
          <p className="mt-2 text-sm text-slate-600">
            {t("progress.items", { done: format.number(current?.progressDone ?? 0), total: format.number(current?.progressTotal ?? 0) })}
          </p>
          {finished && result ? (
            <p className="mt-2 text-sm text-slate-800" data-testid="publish-summary">
              {t("summary", {
                created: result.created ?? 0,
                updated: result.updated ?? 0,
                failed: result.failed ?? 0,
                skipped: result.skipped ?? 0,
                unchanged: result.unchanged ?? 0,
                pending: result.approval?.pending ?? 0,
                rejected: result.approval?.rejected ?? 0,
              })}
            </p>
          ) : null}
          {finished && current?.state !== "succeeded" && current?.error ? <Alert tone="error" className="mt-2">{current.error}</Alert> : null}
        </Card>
      ) : null}

      <div className="mb-4 flex flex-wrap gap-2">
        {counts.map((c) => (
          <Badge key={c.status} tone={STATUS_TONE[c.status]}>
            {t(`status.${c.status}`)}: {format.number(c.count)}
          </Badge>
        ))}
      </div>

      {unapproved.length ? (
        <TableCard title={t("unapproved.title")} description={t("unapproved.description")} testId="publish-unapproved">
          <Table>
            <thead>
              <tr>
                <Th>{t("columns.sku")}</Th>
                <Th>{t("columns.title")}</Th>
                <Th>{t("unapproved.reasons")}</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {unapproved.map((r) => (
                <tr key={r.id}>
                  <Td>{r.sku}</Td>
                  <Td>{r.title}</Td>
                  <Td className="text-red-700">{(r.rejectReasons.length ? r.rejectReasons : [r.lastError ?? ""]).join("; ")}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </TableCard>
      ) : null}

      <div className="my-4 flex flex-wrap items-end gap-3">
        <div className="w-48">
          <label htmlFor="publish-status" className="block text-xs font-medium text-slate-600">
            {t("filters.status")}
          </label>
          <Select id="publish-status" value={status} onChange={(e) => setStatus(e.target.value as ListingStatus | "")}>
            <option value="">{t("filters.all")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </Select>
        </div>
        <div className="w-64">
          <label htmlFor="publish-search" className="block text-xs font-medium text-slate-600">
            {t("filters.search")}
          </label>
          <Input id="publish-search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t("filters.searchPlaceholder")} />
        </div>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" checked={failedOnly} onChange={(e) => setFailedOnly(e.target.checked)} />
          {t("filters.failedOnly")}
        </label>
        <Button variant="ghost" size="sm" onClick={refreshAll}>
          {t("filters.reload")}
        </Button>
      </div>

      <TableCard title={t("items.title")} description={t("items.description")} testId="publish-items">
        {listingsQuery.isLoading ? (
          <p className="px-5 pb-4 text-sm text-slate-500">{t("loading")}</p>
        ) : listingsQuery.isError ? (
          <p className="px-5 pb-4 text-sm text-red-700">{t("loadFailed")}</p>
        ) : (listingsQuery.data?.rows.length ?? 0) === 0 ? (
          <p className="px-5 pb-4 text-sm text-slate-500">{t("items.empty")}</p>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>{t("columns.sku")}</Th>
                <Th>{t("columns.barcode")}</Th>
                <Th>{t("columns.title")}</Th>
                <Th>{t("columns.status")}</Th>
                <Th>{t("columns.error")}</Th>
                <Th>{t("columns.pushedAt")}</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {listingsQuery.data!.rows.map((r) => (
                <tr key={r.id}>
                  <Td>{r.sku}</Td>
                  <Td>{r.barcode ?? "—"}</Td>
                  <Td>{r.title}</Td>
                  <Td>
                    <Badge tone={STATUS_TONE[r.status]}>{t(`status.${r.status}`)}</Badge>
                  </Td>
                  <Td className="max-w-md text-red-700">{r.lastError ?? ""}</Td>
                  <Td>
                    <DateTime date={r.lastPushedAt} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </TableCard>

      <div className="mt-6">
        <TableCard title={t("batches.title")} description={t("batches.description")} testId="publish-batches">
          {(batches.data?.length ?? 0) === 0 ? (
            <p className="px-5 pb-4 text-sm text-slate-500">{t("batches.empty")}</p>
          ) : (
            <Table>
              <thead>
                <tr>
                  <Th>{t("batches.id")}</Th>
                  <Th>{t("batches.kind")}</Th>
                  <Th>{t("columns.status")}</Th>
                  <Th align="right">{t("batches.items")}</Th>
                  <Th align="right">{t("batches.failed")}</Th>
                  <Th>{t("batches.sent")}</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {batches.data!.map((b) => (
                  <tr key={b.id}>
                    <Td className="font-mono text-xs">{b.batchRequestId}</Td>
                    <Td>{t.has(`kinds.${b.kind}`) ? t(`kinds.${b.kind}`) : b.kind}</Td>
                    <Td>
                      <Badge tone={BATCH_TONE[b.status] ?? "slate"}>{t.has(`batchStatus.${b.status}`) ? t(`batchStatus.${b.status}`) : b.status}</Badge>
                    </Td>
                    <Td align="right">{format.number(b.itemCount)}</Td>
                    <Td align="right">{b.failedCount === null ? "—" : format.number(b.failedCount)}</Td>
                    <Td>
                      <DateTime date={b.submittedAt} />
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </TableCard>
      </div>
    </div>
  );
}
