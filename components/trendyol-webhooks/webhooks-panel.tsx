"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState, useSyncExternalStore } from "react";
import { useTRPC } from "@/components/providers";
import { DateTime } from "@/components/status/time";
import { Badge, Button, Card, ConfirmDialog, EmptyState, PageHeader } from "@/components/ui";
import { Alert } from "@/components/ui/alert";
import { useErrorMessage } from "@/components/ui/use-message";
import { Table, TableCard, Td, Th } from "@/components/ui/table";
import { StatusPicker } from "./status-picker";
import type { WebhookStatus } from "./statuses";

const noSubscribe = () => () => {};

/**
 * The Trendyol webhooks of one connection's seller: those that call this connection can be changed here; others
 * (made elsewhere) are listed because they count towards Trendyol's limit of 15.
 */
export function TrendyolWebhooksPanel({ connectionId }: { connectionId: string }) {
  const t = useTranslations("trendyolWebhooks");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  // Used for the callback address when the server has no APP_URL.
  const origin = useSyncExternalStore(noSubscribe, () => window.location.origin, () => "");
  const connections = useQuery(trpc.connections.list.queryOptions());
  const connection = connections.data?.find((c) => c.id === connectionId);
  const input = { connectionId, origin: origin || undefined };
  const list = useQuery({ ...trpc.trendyolWebhooks.list.queryOptions(input), enabled: Boolean(origin), retry: false });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.trendyolWebhooks.list.queryKey() });

  const [statuses, setStatuses] = useState<WebhookStatus[]>([]);
  const [editing, setEditing] = useState<{ id: string; statuses: WebhookStatus[] } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const create = useMutation(trpc.trendyolWebhooks.create.mutationOptions({ onSuccess: () => (setStatuses([]), refresh()) }));
  const update = useMutation(trpc.trendyolWebhooks.update.mutationOptions({ onSuccess: () => (setEditing(null), refresh()) }));
  const setActive = useMutation(trpc.trendyolWebhooks.setActive.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.trendyolWebhooks.delete.mutationOptions({ onSuccess: () => (setConfirmDelete(null), refresh()) }));
  const error = create.error ?? update.error ?? setActive.error ?? remove.error;
  const data = list.data;
  const full = data ? data.total >= data.limit : false;

  return (
    <div className="space-y-4">
      <PageHeader
        title={t("title")}
        description={connection ? t("description", { name: connection.name }) : undefined}
        actions={
          <Link href="/connections" className="text-sm font-medium text-brand-700 hover:underline">
            {t("back")}
          </Link>
        }
      />
      {error ? (
        <Alert tone="error" testId="trendyol-webhooks-error">
          {errorMessage(error)}
        </Alert>
      ) : null}

      <Card className="space-y-3" data-testid="trendyol-webhook-create">
        <h2 className="text-base font-semibold text-slate-900">{t("create.title")}</h2>
        <p className="text-sm text-slate-600">{t("create.help")}</p>
        {data ? (
          <p className="text-sm">
            <span className="text-slate-500">{t("create.callback")} </span>
            <span className="break-all font-mono text-xs" data-testid="trendyol-webhook-callback">
              {data.callbackUrl}
            </span>
          </p>
        ) : null}
        <StatusPicker idPrefix="create" value={statuses} onChange={setStatuses} />
        {full ? (
          <Alert tone="error" testId="trendyol-webhooks-full">
            {t("errors.limitReached")}
          </Alert>
        ) : null}
        <Button data-testid="create-trendyol-webhook" disabled={create.isPending || full || !origin} onClick={() => create.mutate({ ...input, subscribedStatuses: statuses })}>
          {create.isPending ? t("create.creating") : t("create.button")}
        </Button>
      </Card>

      {list.isLoading || !origin ? (
        <p className="text-sm text-slate-500">{t("loading")}</p>
      ) : list.isError ? (
        <EmptyState title={errorMessage(list.error)} action={<Button onClick={() => list.refetch()}>{t("retry")}</Button>} />
      ) : data && data.webhooks.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : data ? (
        <TableCard title={t("list.title")} aside={t("list.count", { count: data.total, limit: data.limit })} testId="trendyol-webhooks">
          <Table>
            <thead>
              <tr>
                <Th>{t("list.url")}</Th>
                <Th>{t("list.statuses")}</Th>
                <Th>{t("list.state")}</Th>
                <Th>{t("list.created")}</Th>
                <Th align="right">{t("list.actions")}</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.webhooks.map((w) => (
                <tr key={w.id} data-testid="trendyol-webhook" data-webhook-id={w.id}>
                  <Td className="max-w-xs break-all font-mono text-xs">
                    {w.url}
                    {w.ours ? null : <p className="font-sans text-slate-500">{t("list.notOurs")}</p>}
                  </Td>
                  <Td className="text-xs">
                    {editing?.id === w.id ? (
                      <StatusPicker idPrefix={`edit-${w.id}`} value={editing.statuses} onChange={(s) => setEditing({ id: w.id, statuses: s })} />
                    ) : w.subscribedStatuses.length ? (
                      w.subscribedStatuses.map((s) => (t.has(`statuses.${s}`) ? t(`statuses.${s}` as "statuses.CREATED") : s)).join(", ")
                    ) : (
                      t("list.allStatuses")
                    )}
                  </Td>
                  <Td>
                    <Badge tone={w.active ? "green" : "slate"}>{w.active ? t("list.active") : t("list.passive")}</Badge>
                  </Td>
                  <Td>{w.createdDate ? <DateTime date={new Date(w.createdDate)} /> : "—"}</Td>
                  <Td align="right">
                    {w.ours ? (
                      <div className="flex flex-wrap justify-end gap-1">
                        {editing?.id === w.id ? (
                          <>
                            <Button size="sm" disabled={update.isPending} onClick={() => update.mutate({ ...input, id: w.id, subscribedStatuses: editing.statuses })}>
                              {t("actions.save")}
                            </Button>
                            <Button size="sm" variant="secondary" onClick={() => setEditing(null)}>
                              {t("actions.cancel")}
                            </Button>
                          </>
                        ) : (
                          <Button size="sm" variant="secondary" onClick={() => setEditing({ id: w.id, statuses: w.subscribedStatuses as WebhookStatus[] })}>
                            {t("actions.edit")}
                          </Button>
                        )}
                        <Button size="sm" variant="secondary" data-testid="toggle-trendyol-webhook" disabled={setActive.isPending} onClick={() => setActive.mutate({ ...input, id: w.id, active: !w.active })}>
                          {w.active ? t("actions.deactivate") : t("actions.activate")}
                        </Button>
                        <Button size="sm" variant="ghost" className="text-red-700" data-testid="delete-trendyol-webhook" onClick={() => setConfirmDelete(w.id)}>
                          {t("actions.delete")}
                        </Button>
                      </div>
                    ) : null}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </TableCard>
      ) : null}

      <ConfirmDialog
        open={confirmDelete !== null}
        title={t("delete.title")}
        body={t("delete.body")}
        confirmLabel={t("delete.confirm")}
        cancelLabel={t("delete.cancel")}
        busy={remove.isPending}
        onCancel={() => setConfirmDelete(null)}
        onConfirm={() => confirmDelete && remove.mutate({ ...input, id: confirmDelete })}
      />
    </div>
  );
}
