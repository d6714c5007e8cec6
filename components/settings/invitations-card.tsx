"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "@/components/providers";
import { Alert } from "@/components/ui/alert";
import { Badge, Button } from "@/components/ui";
import { TableCard } from "@/components/ui/table";
import { useErrorMessage } from "@/components/ui/use-message";

export function InvitationsCard() {
  const t = useTranslations("settings.invitations");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const errorText = useErrorMessage();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useQuery(trpc.members.list.queryOptions());
  const [failure, setFailure] = useState<string>();
  const revoke = useMutation(
    trpc.members.revokeInvitation.mutationOptions({
      onMutate: () => setFailure(undefined),
      onError: (err) => setFailure(errorText(err)),
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() }),
    }),
  );
  const invitations = data?.invitations ?? [];

  return (
    <TableCard title={t("title")} description={t("description")} testId="invitations-card">
      {failure ? (
        <Alert tone="error" className="mx-4 mb-3 sm:mx-5">
          {failure}
        </Alert>
      ) : null}
      {invitations.length === 0 ? (
        <p className="border-t border-slate-200 px-4 py-6 text-center text-sm text-slate-500">{t("empty")}</p>
      ) : (
        <ul className="divide-y divide-slate-100 border-t border-slate-200">
          {invitations.map((inv) => (
            <li key={inv.id} data-testid="invitation-row" data-email={inv.email} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3 text-sm sm:px-5">
              <div className="min-w-0">
                <p className="truncate font-medium text-slate-900">{inv.email}</p>
                <p className="text-xs text-slate-500">{t("expires", { date: format.dateTime(inv.expiresAt, { dateStyle: "medium" }) })}</p>
              </div>
              <div className="flex items-center gap-3">
                <Badge tone={inv.role === "owner" ? "amber" : "slate"}>{tCommon(`roles.${inv.role}`)}</Badge>
                <Button
                  variant="secondary"
                  size="sm"
                  data-testid="invitation-revoke"
                  disabled={revoke.isPending && revoke.variables?.id === inv.id}
                  onClick={() => revoke.mutate({ id: inv.id })}
                >
                  {t("revoke")}
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </TableCard>
  );
}
