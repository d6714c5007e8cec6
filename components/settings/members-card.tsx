"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/components/providers";
import { Alert } from "@/components/ui/alert";
import { Badge, Button, ConfirmDialog, Select } from "@/components/ui";
import { Table, TableCard, Td, Th } from "@/components/ui/table";
import { useErrorMessage } from "@/components/ui/use-message";
import type { SettingsMe } from "./types";

type Role = "owner" | "member";

export function MembersCard({ me }: { me: SettingsMe }) {
  const t = useTranslations("settings.members");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const errorText = useErrorMessage();
  const router = useRouter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data, isLoading, error } = useQuery(trpc.members.list.queryOptions());
  const [failure, setFailure] = useState<string>();
  const [removing, setRemoving] = useState<{ userId: string; name: string }>();
  const isOwner = me.role === "owner";

  const refresh = async (userId: string) => {
    await queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() });
    // Changing or removing oneself changes what the cabinet may show.
    if (userId === me.userId) router.refresh();
  };
  const changeRole = useMutation(
    trpc.members.changeRole.mutationOptions({
      onMutate: () => setFailure(undefined),
      onError: (err) => setFailure(errorText(err)),
      onSuccess: (_d, v) => refresh(v.userId),
    }),
  );
  const remove = useMutation(
    trpc.members.remove.mutationOptions({
      onMutate: () => setFailure(undefined),
      onError: (err) => setFailure(errorText(err)),
      onSettled: () => setRemoving(undefined),
      onSuccess: (_d, v) => refresh(v.userId),
    }),
  );

  return (
    <TableCard title={t("title")} description={isOwner ? t("descriptionOwner") : t("descriptionMember")} testId="members-card">
      {failure ? (
        <Alert tone="error" className="mx-4 mb-3 sm:mx-5" testId="members-error">
          {failure}
        </Alert>
      ) : null}
      {error ? (
        <Alert tone="error" className="mx-4 mb-3 sm:mx-5">
          {errorText(error)}
        </Alert>
      ) : null}
      <Table>
        <thead>
          <tr>
            <Th>{t("name")}</Th>
            <Th className="hidden sm:table-cell">{t("email")}</Th>
            <Th>{t("role")}</Th>
            <Th className="hidden md:table-cell">{t("joined")}</Th>
            {isOwner ? (
              <Th>
                <span className="sr-only">{tCommon("actions")}</span>
              </Th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {isLoading ? (
            <tr>
              <Td colSpan={5} className="text-center text-slate-500">
                {tCommon("loading")}
              </Td>
            </tr>
          ) : null}
          {data?.members.map((m) => {
            const pendingRole = changeRole.isPending && changeRole.variables?.userId === m.userId ? changeRole.variables.role : undefined;
            return (
              <tr key={m.userId} data-testid="member-row" data-email={m.email}>
                <Td className="font-medium text-slate-900">
                  {m.name} {m.userId === me.userId ? <Badge tone="blue">{t("you")}</Badge> : null}
                  <p className="whitespace-normal break-all text-xs font-normal text-slate-500 sm:hidden">{m.email}</p>
                </Td>
                <Td className="hidden whitespace-nowrap text-slate-600 sm:table-cell">{m.email}</Td>
                <Td className="whitespace-nowrap">
                  {isOwner ? (
                    <div className="w-28 sm:w-32">
                      <Select
                        aria-label={t("roleFor", { name: m.name })}
                        data-testid="member-role"
                        value={pendingRole ?? m.role}
                        disabled={changeRole.isPending}
                        onChange={(e) => changeRole.mutate({ userId: m.userId, role: e.target.value as Role })}
                      >
                        <option value="owner">{tCommon("roles.owner")}</option>
                        <option value="member">{tCommon("roles.member")}</option>
                      </Select>
                    </div>
                  ) : (
                    <Badge tone={m.role === "owner" ? "amber" : "slate"}>{tCommon(`roles.${m.role}`)}</Badge>
                  )}
                </Td>
                <Td className="hidden whitespace-nowrap text-slate-600 md:table-cell">{format.dateTime(m.joinedAt, { dateStyle: "medium" })}</Td>
                {isOwner ? (
                  <Td align="right" className="whitespace-nowrap">
                    <Button variant="ghost" size="sm" data-testid="member-remove" onClick={() => setRemoving({ userId: m.userId, name: m.name })}>
                      {t("remove")}
                    </Button>
                  </Td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </Table>
      <ConfirmDialog
        open={Boolean(removing)}
        title={t("removeTitle", { name: removing?.name ?? "" })}
        body={removing?.userId === me.userId ? t("removeSelfBody", { partner: me.partnerName }) : t("removeBody", { partner: me.partnerName })}
        confirmLabel={t("remove")}
        cancelLabel={tCommon("cancel")}
        busy={remove.isPending}
        onCancel={() => setRemoving(undefined)}
        onConfirm={() => removing && remove.mutate({ userId: removing.userId })}
      />
    </TableCard>
  );
}
