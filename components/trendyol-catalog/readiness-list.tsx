"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useTRPC } from "@/components/providers";
import { Alert } from "@/components/ui/alert";
import { Table, TableCard, Td, Th } from "@/components/ui/table";
import type { ReadinessProblem } from "./types";

/** One reason in the seller's language; attribute names and values stay Trendyol's. */
function useProblemText() {
  const t = useTranslations("trendyolCatalog.readiness.problems");
  return (p: ReadinessProblem) => {
    switch (p.kind) {
      case "no-category":
        return t("noCategory");
      case "unmapped-category":
        return t("unmappedCategory", { category: p.category });
      case "attributes-not-fetched":
        return t("attributesNotFetched", { categoryId: p.categoryId });
      case "no-brand":
        return p.brand ? t("unknownBrand", { brand: p.brand }) : t("noBrand");
      case "no-variants":
        return t("noVariants");
      case "attribute-missing":
        return p.skus.length ? t("attributeMissingFor", { name: p.attributeName, skus: p.skus.join(", ") }) : t("attributeMissing", { name: p.attributeName });
      case "attribute-value-not-allowed":
        return p.skus.length
          ? t("valueNotAllowedFor", { name: p.attributeName, value: p.value, skus: p.skus.join(", ") })
          : t("valueNotAllowed", { name: p.attributeName, value: p.value });
    }
  };
}

/** Products that cannot be sent to Trendyol yet, each with everything it lacks. */
export function ReadinessList({ connectionId }: { connectionId: string }) {
  const t = useTranslations("trendyolCatalog.readiness");
  const format = useFormatter();
  const trpc = useTRPC();
  const report = useQuery(trpc.trendyolCatalog.readiness.queryOptions({ connectionId }));
  const problemText = useProblemText();

  if (report.isLoading) return <p className="text-sm text-slate-500">{t("loading")}</p>;
  if (report.isError || !report.data) return <Alert tone="error">{t("loadFailed")}</Alert>;
  const { readyCount, notReady } = report.data;

  return (
    <TableCard
      title={t("title")}
      description={t("description")}
      aside={
        <span data-testid="readiness-counts">
          {t("counts", { ready: format.number(readyCount), notReady: format.number(notReady.length) })}
        </span>
      }
      testId="readiness-list"
    >
      {notReady.length === 0 ? (
        <p className="border-t border-slate-200 px-5 py-4 text-sm text-green-700">{t("allReady")}</p>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>{t("columns.product")}</Th>
              <Th>{t("columns.category")}</Th>
              <Th>{t("columns.missing")}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {notReady.map((p) => (
              <tr key={p.productId} data-testid="not-ready-product" data-code={p.code}>
                <Td valign="top">
                  <p className="font-medium text-slate-900">{p.title}</p>
                  <p className="font-mono text-xs text-slate-500">{p.code}</p>
                </Td>
                <Td valign="top" className="text-slate-700">
                  {p.category ?? "—"}
                </Td>
                <Td valign="top">
                  <ul className="list-disc space-y-0.5 pl-4 text-slate-800">
                    {p.problems.map((problem, i) => (
                      <li key={i}>{problemText(problem)}</li>
                    ))}
                  </ul>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </TableCard>
  );
}
