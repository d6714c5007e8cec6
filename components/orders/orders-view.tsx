"use client";

import { useMutation, useQueries, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { usePlatforms } from "@/components/connections/platforms";
import { useTRPC } from "@/components/providers";
import { DateTime } from "@/components/status/time";
import { Button, EmptyState, Field, Input, PageHeader, Select } from "@/components/ui";
import { useErrorMessage } from "@/components/ui/use-message";
import { Table, TableCard, Td, Th } from "@/components/ui/table";
import { ORDER_STATUSES, OrderStatusBadge, useOrderStatusLabel } from "./status";

interface Filters {
  connectionId: string;
  status: string;
  from: string;
  to: string;
  search: string;
}
const KEYS: (keyof Filters)[] = ["connectionId", "status", "from", "to", "search"];
const PAGE = 50;

/** The filters live in the address, so a filtered list can be shared and survives a reload. */
function readFilters(get: (k: string) => string | null): Filters {
  return Object.fromEntries(KEYS.map((k) => [k, get(k) ?? ""])) as unknown as Filters;
}

function listInput(f: Filters, before?: { orderedAt: Date; id: string }) {
  // Dates are whole days in the reader's time zone; "to" includes its day.
  const day = (s: string, plus = 0) => {
    const d = new Date(`${s}T00:00:00`);
    if (Number.isNaN(d.getTime())) return undefined;
    d.setDate(d.getDate() + plus);
    return d;
  };
  return {
    connectionId: f.connectionId || undefined,
    status: f.status || undefined,
    from: f.from ? day(f.from) : undefined,
    to: f.to ? day(f.to, 1) : undefined,
    search: f.search.trim() || undefined,
    limit: PAGE,
    before,
  };
}

/** Imported orders (Trendyol: one row per shipment package), newest first, with filters. */
export function OrdersView() {
  const t = useTranslations("trendyolOrders");
  const trpc = useTRPC();
  const format = useFormatter();
  const errorMessage = useErrorMessage();
  const pathname = usePathname();
  const params = useSearchParams();
  const { nameOf } = usePlatforms();
  const statusLabel = useOrderStatusLabel();
  const filters = readFilters((k) => params.get(k));
  const [search, setSearch] = useState(filters.search);
  const connections = useQuery(trpc.connections.list.queryOptions());
  // "Load more" continues below the oldest order shown; new filters start again from the newest.
  const filterKey = KEYS.map((k) => filters[k]).join("|");
  const [paging, setPaging] = useState<{ key: string; cursors: Array<{ orderedAt: Date; id: string } | undefined> }>({ key: filterKey, cursors: [undefined] });
  const cursors = paging.key === filterKey ? paging.cursors : [undefined];
  const pages = useQueries({
    queries: cursors.map((before, i) => ({ ...trpc.orders.list.queryOptions(listInput(filters, before)), refetchInterval: i === 0 ? 30_000 : (false as const) })),
  });
  const list = pages[0]!;
  const trendyolConnections = (connections.data ?? []).filter((c) => c.platform === "trendyol" && c.status !== "disabled");
  const [importJob, setImportJob] = useState<string | null>(null);
  const importNow = useMutation(trpc.orders.importNow.mutationOptions({ onSuccess: (r) => setImportJob(r.jobId) }));

  const setQuery = (next: Filters) => {
    const query = new URLSearchParams(Object.entries(next).filter(([, v]) => v !== ""));
    window.history.replaceState(null, "", query.size ? `${pathname}?${query}` : pathname);
  };
  // The search box waits for a pause in typing before it filters.
  useEffect(() => {
    if (search === filters.search) return;
    const timer = setTimeout(() => setQuery({ ...filters, search }), 300);
    return () => clearTimeout(timer);
  });
  const filtered = KEYS.some((k) => filters[k] !== "");
  const rows = [...new Map(pages.flatMap((p) => p.data ?? []).map((o) => [o.id, o])).values()];
  const last = pages[pages.length - 1];
  const hasMore = Boolean(last?.data && last.data.length === PAGE);

  return (
    <div>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          trendyolConnections.length ? (
            <div className="flex items-center gap-2 whitespace-nowrap">
              {importJob ? (
                <Link href={`/jobs/${importJob}`} className="text-sm text-brand-700 hover:underline" data-testid="import-job">
                  {t("import.started")}
                </Link>
              ) : null}
              <Button
                size="sm"
                data-testid="import-orders"
                disabled={importNow.isPending}
                onClick={() => {
                  const target = trendyolConnections.find((c) => c.id === filters.connectionId) ?? trendyolConnections[0]!;
                  importNow.mutate({ connectionId: target.id });
                }}
              >
                {t("import.button")}
              </Button>
            </div>
          ) : null
        }
      />
      {importNow.error ? (
        <p role="alert" className="mb-3 text-sm text-red-700">
          {errorMessage(importNow.error)}
        </p>
      ) : null}

      <form
        className="mb-4 grid grid-cols-1 gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-3 xl:grid-cols-6"
        onSubmit={(e) => e.preventDefault()}
        aria-label={t("filters.label")}
      >
        <Field id="orders-connection" label={t("filters.connection")}>
          <Select id="orders-connection" value={filters.connectionId} onChange={(e) => setQuery({ ...filters, connectionId: e.target.value })}>
            <option value="">{t("filters.all")}</option>
            {connections.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({nameOf(c.platform)})
              </option>
            ))}
          </Select>
        </Field>
        <Field id="orders-status" label={t("filters.status")}>
          <Select id="orders-status" value={filters.status} onChange={(e) => setQuery({ ...filters, status: e.target.value })}>
            <option value="">{t("filters.all")}</option>
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="orders-from" label={t("filters.from")}>
          <Input id="orders-from" type="date" value={filters.from} onChange={(e) => setQuery({ ...filters, from: e.target.value })} />
        </Field>
        <Field id="orders-to" label={t("filters.to")}>
          <Input id="orders-to" type="date" value={filters.to} onChange={(e) => setQuery({ ...filters, to: e.target.value })} />
        </Field>
        <Field id="orders-search" label={t("filters.search")}>
          <Input id="orders-search" type="search" value={search} placeholder={t("filters.searchPlaceholder")} onChange={(e) => setSearch(e.target.value)} />
        </Field>
        <div className="flex items-end">
          <Button
            variant="secondary"
            className="w-full"
            disabled={!filtered}
            onClick={() => {
              setSearch("");
              setQuery({ connectionId: "", status: "", from: "", to: "", search: "" });
            }}
          >
            {t("filters.clear")}
          </Button>
        </div>
      </form>

      {list.isLoading ? (
        <p className="text-sm text-slate-500">{t("loading")}</p>
      ) : list.isError ? (
        <EmptyState title={t("loadFailed")} action={<Button onClick={() => list.refetch()}>{t("retry")}</Button>} />
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState title={t("emptyFiltered")} />
        ) : (
          <div data-testid="orders-empty">
            <EmptyState
              title={t("empty.title")}
              description={t("empty.description")}
              action={
                <Link href="/connections" className="text-sm font-medium text-brand-700 hover:underline">
                  {t("empty.action")}
                </Link>
              }
            />
          </div>
        )
      ) : (
        <>
          <TableCard title={t("table.title")} aside={hasMore ? t("table.newest", { count: rows.length }) : t("table.count", { count: rows.length })} testId="orders-table">
            <Table>
              <thead>
                <tr>
                  <Th>{t("table.orderNumber")}</Th>
                  <Th>{t("table.package")}</Th>
                  <Th>{t("table.connection")}</Th>
                  <Th>{t("table.customer")}</Th>
                  <Th>{t("table.status")}</Th>
                  <Th align="right">{t("table.total")}</Th>
                  <Th>{t("table.orderedAt")}</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((o) => (
                  <tr key={o.id} data-testid="order-row">
                    <Td>
                      <Link href={`/orders/${o.id}`} className="font-medium text-brand-700 hover:underline">
                        {o.orderNumber ?? o.externalId}
                      </Link>
                    </Td>
                    <Td className="font-mono text-xs">{o.externalId}</Td>
                    <Td>
                      {o.connectionName} <span className="text-slate-500">({nameOf(o.platform)})</span>
                    </Td>
                    <Td>{o.customerName ?? "—"}</Td>
                    <Td>
                      <OrderStatusBadge status={o.status} />
                    </Td>
                    <Td align="right">{format.number(Number(o.totalAmount), { style: "currency", currency: o.currency })}</Td>
                    <Td>
                      <DateTime date={o.orderedAt} />
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </TableCard>
          {hasMore ? (
            <div className="mt-4 flex justify-center">
              <Button
                variant="secondary"
                data-testid="orders-load-more"
                disabled={Boolean(last?.isLoading)}
                onClick={() => {
                  const oldest = rows[rows.length - 1];
                  if (oldest) setPaging({ key: filterKey, cursors: [...cursors, { orderedAt: new Date(oldest.orderedAt), id: oldest.id }] });
                }}
              >
                {t("table.loadMore")}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
