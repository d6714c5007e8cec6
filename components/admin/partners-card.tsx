"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useTRPC } from "@/components/providers";
import { Alert } from "@/components/ui/alert";
import { Table, TableCard, Td, Th } from "@/components/ui/table";
import { useErrorMessage } from "@/components/ui/use-message";

export function PartnersCard() {
  const t = useTranslations("admin.partners");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const errorText = useErrorMessage();
  const trpc = useTRPC();
  const { data, isLoading, error } = useQuery(trpc.admin.partners.queryOptions());

  return (
    <TableCard title={t("title")} description={t("description")} aside={data ? t("count", { count: data.length }) : null} testId="admin-partners">
      {error ? (
        <Alert tone="error" className="mx-4 mb-3 sm:mx-5">
          {errorText(error)}
        </Alert>
      ) : null}
      <Table>
        <thead>
          <tr>
            <Th>{t("name")}</Th>
            <Th align="right">{t("members")}</Th>
            <Th align="right">{t("connections")}</Th>
            <Th>{t("created")}</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {isLoading ? (
            <tr>
              <Td colSpan={4} className="text-center text-slate-500">
                {tCommon("loading")}
              </Td>
            </tr>
          ) : null}
          {data?.length === 0 ? (
            <tr>
              <Td colSpan={4} className="text-center text-slate-500">
                {t("empty")}
              </Td>
            </tr>
          ) : null}
          {data?.map((p) => (
            <tr key={p.id} data-testid="partner-row">
              <Td className="font-medium text-slate-900">{p.name}</Td>
              <Td align="right" className="tabular-nums text-slate-700">
                {format.number(p.members)}
              </Td>
              <Td align="right" className="tabular-nums text-slate-700">
                {format.number(p.connections)}
              </Td>
              <Td className="whitespace-nowrap text-slate-600">{format.dateTime(p.createdAt, { dateStyle: "medium" })}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </TableCard>
  );
}
