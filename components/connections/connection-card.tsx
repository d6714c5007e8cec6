"use client";

import { webhookPath } from "@/server/platforms/webhook-paths";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useState, useSyncExternalStore } from "react";
import { useTRPC } from "@/components/providers";
import { ConnectionStatusBadge, EnvironmentBadge } from "@/components/status/badges";
import { RelativeTime } from "@/components/status/time";
import { ACTIVE_JOB_STATES, type Connection, type Platform } from "@/components/status/types";
import { Button, Card, ConfirmDialog, cx } from "@/components/ui";

/** What the connection-test job records (server/sync/connection-test.ts); "unavailable" is from before it tested for real. */
const TEST_RESULTS = ["connected", "bad_credentials", "permission_missing", "rate_limited", "unreachable", "unavailable"] as const;
type TestResultKind = (typeof TEST_RESULTS)[number];
const isKnownResult = (v: string): v is TestResultKind => (TEST_RESULTS as readonly string[]).includes(v);
const resultTone: Record<TestResultKind, string> = {
  connected: "text-green-700",
  bad_credentials: "text-red-700",
  permission_missing: "text-red-700",
  rate_limited: "text-amber-700",
  unreachable: "text-amber-700",
  unavailable: "text-slate-700",
};
/** The job words a success as "Connected as <account>"; the account name is the part worth translating around. */
const CONNECTED_AS = /^Connected as (.+)$/s;

/** The last test's outcome in words: a translated verdict, the platform's own message, and what to do about it. */
function TestResult({ connection }: { connection: Connection }) {
  const t = useTranslations("connections.test");
  const { lastTestResult: result, lastTestMessage: detail, lastTestedAt } = connection;
  if (!result && !lastTestedAt) return <p className="text-sm text-slate-500">{t("never")}</p>;
  const kind = result && isKnownResult(result) ? result : null;
  const verdict = kind === "unavailable" ? t("unavailable") : kind ? t(`results.${kind}`) : t("unknown");
  const account = kind === "connected" && detail ? CONNECTED_AS.exec(detail)?.[1] : undefined;
  const message = account ? t("connectedAs", { account }) : kind === "unavailable" ? null : detail;
  const advice = kind && kind !== "connected" && kind !== "unavailable" ? t(`advice.${kind}`) : null;
  return (
    <div className="text-sm" data-testid="test-result" data-result={result ?? ""}>
      <p className={cx("font-medium", kind ? resultTone[kind] : "text-slate-700")}>
        <span className="font-normal text-slate-500">{t("last")} </span>
        <RelativeTime date={lastTestedAt} />
        <span className="font-normal text-slate-500"> · </span>
        <span data-testid="test-verdict">{verdict}</span>
      </p>
      {message ? (
        <p className={cx("mt-0.5 break-words", kind === "connected" ? "text-slate-700" : "text-slate-800")} data-testid="test-message">
          {kind === "connected" ? null : <span className="text-slate-500">{t("platformSays")} </span>}
          {message}
        </p>
      ) : null}
      {advice ? <p className="mt-0.5 text-xs text-slate-500">{advice}</p> : null}
    </div>
  );
}

const noSubscribe = () => () => {};

/**
 * Where the platform delivers this connection's events. The address uses the host the cabinet is open on, which
 * is only known in the browser (empty while rendering on the server).
 */
function WebhookAddress({ connection }: { connection: Connection }) {
  const t = useTranslations("connections.webhook");
  const origin = useSyncExternalStore(noSubscribe, () => window.location.origin, () => "");
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const inputId = `webhook-${connection.id}`;
  const address = `${origin}${webhookPath(connection.platform, connection.id)}`;
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), 2_500);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(address);
      setCopied("yes");
    } catch {
      // No clipboard outside secure contexts (plain http on another host): select it for copying by hand.
      const input = document.getElementById(inputId) as HTMLInputElement | null;
      input?.select();
      setCopied("failed");
    }
  };

  return (
    <div className="space-y-1 text-sm">
      <label htmlFor={inputId} className="block text-slate-500">
        {t("label")}
      </label>
      <div className="flex gap-2">
        <input
          id={inputId}
          readOnly
          value={origin ? address : ""}
          onFocus={(e) => e.currentTarget.select()}
          className="min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-2 py-1 font-mono text-xs text-slate-800"
          data-testid="webhook-address"
        />
        <Button size="sm" variant="secondary" onClick={copy} disabled={!origin} data-testid="copy-webhook-address">
          {copied === "yes" ? t("copied") : t("copy")}
        </Button>
      </div>
      <p className="text-xs text-slate-500" role={copied === "failed" ? "alert" : undefined}>
        {copied === "failed" ? t("copyFailed") : t("help")}
      </p>
    </div>
  );
}

/** One connection: what it is, how it stands, and what can be done with it. Secrets appear only as their hints. */
/** The Trendyol screens of a connection: catalog mapping, publishing, webhooks. */
const TRENDYOL_PAGES = [
  { path: "trendyol", label: "trendyolCatalog.cardLink", testId: "trendyol-catalog-link" },
  { path: "publish", label: "trendyolPublish.title", testId: "trendyol-publish-link" },
  { path: "webhooks", label: "trendyolWebhooks.link", testId: "trendyol-webhooks-link" },
] as const;

export function ConnectionCard({ connection, platform, onEdit }: { connection: Connection; platform?: Platform; onEdit: () => void }) {
  const t = useTranslations();
  const tc = useTranslations("connections");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [testJobId, setTestJobId] = useState<string | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.connections.list.queryKey() });

  const test = useMutation(trpc.connections.test.mutationOptions({ onSuccess: (started) => setTestJobId(started.jobId) }));
  const toggle = useMutation(trpc.connections.setActive.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(
    trpc.connections.delete.mutationOptions({
      onSuccess: async () => {
        setConfirmDelete(false);
        await invalidate();
      },
    }),
  );

  // Follow the test job until it ends, then reload the list so the card shows the new result.
  const job = useQuery(
    trpc.jobs.get.queryOptions(
      { id: testJobId ?? "" },
      {
        enabled: Boolean(testJobId),
        refetchInterval: (q) => (q.state.data && !ACTIVE_JOB_STATES.has(q.state.data.job.state) ? false : 1_500),
      },
    ),
  );
  const testFinished = Boolean(testJobId) && (job.isError || (job.data ? !ACTIVE_JOB_STATES.has(job.data.job.state) : false));
  const testRunning = Boolean(testJobId) && !testFinished;
  useEffect(() => {
    if (testFinished) void queryClient.invalidateQueries({ queryKey: trpc.connections.list.queryKey() });
  }, [testFinished, queryClient, trpc]);

  const disabled = connection.status === "disabled";
  const fieldLabel = (key: string) => {
    const k = `platforms.${connection.platform}.fields.${key}.label`;
    return t.has(k) ? t(k) : key;
  };
  const details = [
    ...Object.entries(connection.settings).map(([k, v]) => [k, v] as const),
    ...Object.entries(connection.credentialHints).map(([k, v]) => [k, v] as const),
  ];
  const actionError = test.error ?? toggle.error ?? remove.error;

  return (
    <Card className={cx("flex flex-col gap-3", disabled && "bg-slate-50")} data-testid="connection-card" data-connection-id={connection.id}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{platform?.name ?? connection.platform}</p>
          <h3 className="truncate text-base font-semibold text-slate-900" data-testid="connection-name">
            {connection.name}
          </h3>
        </div>
        <div className="flex flex-wrap gap-1">
          <EnvironmentBadge environment={connection.environment} />
          <ConnectionStatusBadge status={connection.status} />
        </div>
      </div>

      {details.length ? (
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          {details.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-slate-500">{fieldLabel(k)}</dt>
              <dd className="truncate font-mono text-slate-800" data-testid={`detail-${k}`}>
                {v}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}

      {platform?.webhooks.supported ? <WebhookAddress connection={connection} /> : null}

      {testRunning ? (
        <p className="text-sm text-blue-700" role="status" data-testid="test-started">
          {tc("test.started")}
        </p>
      ) : (
        <TestResult connection={connection} />
      )}
      {actionError ? (
        <p role="alert" className="text-sm text-red-700">
          {tc("actionFailed")}
        </p>
      ) : null}

      <div className="mt-auto flex flex-wrap gap-2 border-t border-slate-100 pt-3">
        <Button size="sm" variant="secondary" onClick={onEdit} data-testid="edit-connection">
          {tc("actions.edit")}
        </Button>
        <Button
          size="sm"
          variant="secondary"
          data-testid="test-connection"
          disabled={disabled || testRunning || test.isPending}
          title={disabled ? tc("test.disabledHint") : undefined}
          onClick={() => test.mutate({ id: connection.id })}
        >
          {testRunning || test.isPending ? tc("test.running") : tc("actions.test")}
        </Button>
        <Button
          size="sm"
          variant="secondary"
          data-testid="toggle-connection"
          disabled={toggle.isPending}
          onClick={() => toggle.mutate({ id: connection.id, active: disabled })}
        >
          {disabled ? tc("actions.activate") : tc("actions.deactivate")}
        </Button>
        <Link
          href={`/activity?connectionId=${connection.id}`}
          className="inline-flex items-center rounded-md px-2.5 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100"
        >
          {tc("actions.activity")}
        </Link>
        {connection.platform === "trendyol"
          ? TRENDYOL_PAGES.map(({ path, label, testId }) => (
              <Link
                key={path}
                href={`/connections/${connection.id}/${path}`}
                className="inline-flex items-center rounded-md px-2.5 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100"
                data-testid={testId}
              >
                {t(label)}
              </Link>
            ))
          : null}
        <Button size="sm" variant="ghost" className="ml-auto text-red-700" data-testid="delete-connection" onClick={() => setConfirmDelete(true)}>
          {tc("actions.delete")}
        </Button>
      </div>

      <ConfirmDialog
        open={confirmDelete}
        title={tc("delete.title", { name: connection.name })}
        body={tc("delete.body")}
        confirmLabel={tc("delete.confirm")}
        cancelLabel={tc("delete.cancel")}
        busy={remove.isPending}
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() => remove.mutate({ id: connection.id })}
      />
    </Card>
  );
}
