"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { useTRPC } from "@/components/providers";
import { DateTime, RelativeTime } from "@/components/status/time";
import type { Outputs } from "@/components/status/types";
import { Badge, Button } from "@/components/ui";

export type WebhookEvent = Outputs["webhooks"]["list"][number];

/** One received delivery: where it came from, whether it was genuine, what ran for it, and its (redacted) body. */
export function WebhookEventItem({ event, platformName }: { event: WebhookEvent; platformName: string }) {
  const t = useTranslations("webhooks");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const payloadId = useId();
  const [open, setOpen] = useState(false);
  const replay = useMutation(
    trpc.webhooks.replay.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.pathKey() }),
    }),
  );
  const duplicates = event.deliveries - 1;

  return (
    <li className="px-4 py-3" data-testid="webhook-event" data-verified={event.verified} data-event-id={event.eventId ?? ""}>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:gap-4">
        <div className="flex items-center justify-between gap-2 sm:w-44 sm:shrink-0 sm:flex-col sm:items-start sm:gap-0.5">
          <span className="text-xs text-slate-500">
            <DateTime date={event.receivedAt} withSeconds />
            <span className="hidden sm:block">
              <RelativeTime date={event.receivedAt} />
            </span>
          </span>
          {event.verified ? (
            <span data-testid="webhook-status" data-status="verified">
              <Badge tone="green">✓ {t("status.verified")}</Badge>
            </span>
          ) : (
            <span data-testid="webhook-status" data-status="rejected">
              <Badge tone="red">✗ {t("status.rejected")}</Badge>
            </span>
          )}
        </div>

        <div className="min-w-0 flex-1 space-y-1">
          <p className="flex flex-wrap items-baseline gap-x-2 text-sm">
            <span className="font-medium text-slate-900">{event.topic ?? t("noTopic")}</span>
            <span className="text-slate-500">
              {platformName} · {event.connectionName ?? t("deletedConnection")}
            </span>
          </p>
          {event.eventId ? (
            <p className="break-all font-mono text-xs text-slate-500" title={t("eventId")}>
              <span className="sr-only">{t("eventId")}: </span>
              {event.eventId}
            </p>
          ) : null}
          {!event.verified && event.verificationError ? (
            <p className="break-words text-sm text-red-700" data-testid="webhook-reason">
              {t("reason", { reason: event.verificationError })}
            </p>
          ) : null}
          <p className="flex flex-wrap gap-x-3 text-xs text-slate-500">
            <span data-testid="webhook-deliveries">
              {t("deliveries", { count: event.deliveries })}
              {duplicates > 0 ? ` · ${t("duplicates", { count: duplicates })}` : null}
            </span>
            {event.jobId ? (
              <Link href={`/jobs/${event.jobId}`} className="text-brand-700 hover:underline" data-testid="webhook-job">
                {t("openJob")}
              </Link>
            ) : event.verified ? (
              <span>{t("noJob")}</span>
            ) : null}
          </p>
          {replay.data ? (
            <p role="status" className="text-sm text-green-800" data-testid="replay-started">
              {t("replay.started")}{" "}
              <Link href={`/jobs/${replay.data.jobId}`} className="font-medium text-brand-700 hover:underline" data-testid="replay-job">
                {t("replay.openJob")}
              </Link>
            </p>
          ) : null}
          {replay.isError ? (
            <p role="alert" className="text-sm text-red-700">
              {t("replay.failed")}
            </p>
          ) : null}
        </div>

        <div className="flex shrink-0 flex-wrap gap-2 sm:justify-end">
          <Button size="sm" variant="ghost" aria-expanded={open} aria-controls={open ? payloadId : undefined} onClick={() => setOpen((o) => !o)} data-testid="toggle-payload">
            {open ? t("payload.hide") : t("payload.show")}
          </Button>
          {event.verified ? (
            <Button
              size="sm"
              variant="secondary"
              disabled={replay.isPending}
              title={t("replay.hint")}
              onClick={() => replay.mutate({ id: event.id })}
              data-testid="replay-webhook"
            >
              {replay.isPending ? t("replay.running") : t("replay.action")}
            </Button>
          ) : null}
        </div>
      </div>
      {open ? (
        <div id={payloadId} className="mt-3">
          <pre className="max-h-96 overflow-auto rounded-md bg-slate-900 p-3 text-xs leading-relaxed text-slate-100" data-testid="webhook-payload">
            {JSON.stringify(event.payload ?? null, null, 2)}
          </pre>
          <p className="mt-1 text-xs text-slate-500">{t("payload.redacted")}</p>
        </div>
      ) : null}
    </li>
  );
}
