"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { useTRPC } from "@/components/providers";
import { JobStateBadge } from "@/components/status/badges";
import { DateTime } from "@/components/status/time";
import { ACTIVE_JOB_STATES, type Outputs } from "@/components/status/types";
import { Button, Card, EmptyState, Field, Input, PageHeader, Select } from "@/components/ui";
import { Alert } from "@/components/ui/alert";
import { useErrorMessage } from "@/components/ui/use-message";
import { Table, TableCard, Td, Th } from "@/components/ui/table";
import { OrderStatusBadge, useOrderStatusLabel } from "./status";

type Order = Outputs["orders"]["get"];
/** Trendyol's cancellation reasons (docs: "Cancel Order Package Item"); 503 does not exist. */
const CANCEL_REASONS = [500, 501, 502, 504, 505, 506] as const;
/** Carriers Trendyol's changeCargoProvider accepts. */
const CARRIERS = ["YKMP", "ARASMP", "SURATMP", "HOROZMP", "DHLECOMMP", "PTTMP", "CEVAMP", "TEXMP", "UPSMP", "KOLAYGELSINMP", "CEVATEDARIK"] as const;

/** One package: what was ordered, where it goes, its history, and the seller's status updates with their results. */
export function OrderDetailView({ id }: { id: string }) {
  const t = useTranslations("trendyolOrders");
  const trpc = useTRPC();
  const format = useFormatter();
  const statusLabel = useOrderStatusLabel();
  // While an action job runs, the package is asked for again until it ends.
  const order = useQuery({
    ...trpc.orders.get.queryOptions({ id }),
    refetchInterval: (q) => (q.state.data?.actions.some((a) => ACTIVE_JOB_STATES.has(a.state)) ? 1_500 : false),
  });

  if (order.isLoading) return <p className="text-sm text-slate-500">{t("loading")}</p>;
  if (!order.data)
    return (
      <EmptyState
        title={t("detail.notFound")}
        action={
          <Link href="/orders" className="text-sm font-medium text-brand-700 hover:underline">
            {t("detail.back")}
          </Link>
        }
      />
    );
  const o = order.data;
  const money = (v: string | number) => format.number(Number(v), { style: "currency", currency: o.currency });
  const pkg = o.packages[0];
  const address = o.shippingAddress;

  return (
    <div className="space-y-4">
      <PageHeader
        title={t("detail.title", { number: o.orderNumber ?? o.externalId })}
        description={t("detail.description", { connection: o.connectionName ?? "—", package: o.externalId })}
        actions={
          <Link href="/orders" className="text-sm font-medium text-brand-700 hover:underline">
            {t("detail.back")}
          </Link>
        }
      />

      <div className="grid gap-4 lg:grid-cols-3">
        <Card className="space-y-2 text-sm" data-testid="order-summary">
          <div className="flex items-center justify-between gap-2">
            <span className="text-slate-500">{t("detail.status")}</span>
            <span className="flex items-center gap-2">
              <OrderStatusBadge status={o.status} />
              <span className="font-mono text-xs text-slate-500">{o.platformStatus}</span>
            </span>
          </div>
          <Row label={t("detail.total")} value={money(o.totalAmount)} />
          <Row label={t("detail.orderedAt")} value={<DateTime date={o.orderedAt} />} />
          <Row label={t("detail.updatedAt")} value={<DateTime date={o.platformUpdatedAt} withSeconds />} />
          <Row label={t("detail.customer")} value={o.customerName ?? "—"} />
        </Card>
        <Card className="space-y-2 text-sm" data-testid="order-package">
          <h2 className="font-semibold text-slate-900">{t("detail.package")}</h2>
          <Row label={t("detail.carrier")} value={pkg?.carrier ?? "—"} />
          <Row label={t("detail.tracking")} value={<span className="font-mono">{pkg?.trackingNumber ?? "—"}</span>} />
          <Row label={t("detail.invoiceNumber")} value={<span className="font-mono" data-testid="invoice-number">{pkg?.invoiceNumber ?? "—"}</span>} />
        </Card>
        <Card className="space-y-1 text-sm">
          <h2 className="font-semibold text-slate-900">{t("detail.shipTo")}</h2>
          {address ? (
            <address className="not-italic text-slate-700">
              {[address.name, address.line1, address.line2, [address.district, address.city].filter(Boolean).join(", "), [address.postalCode, address.country].filter(Boolean).join(" ")]
                .filter(Boolean)
                .map((line, i) => (
                  <div key={i}>{line}</div>
                ))}
            </address>
          ) : (
            <p className="text-slate-500">—</p>
          )}
        </Card>
      </div>

      <TableCard title={t("detail.lines")}>
        <Table>
          <thead>
            <tr>
              <Th>{t("detail.product")}</Th>
              <Th>{t("detail.barcode")}</Th>
              <Th align="right">{t("detail.quantity")}</Th>
              <Th align="right">{t("detail.unitPrice")}</Th>
              <Th>{t("detail.lineStatus")}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {o.lines.map((l) => (
              <tr key={l.id}>
                <Td>{l.title}</Td>
                <Td className="font-mono text-xs">{l.barcode ?? l.sku ?? "—"}</Td>
                <Td align="right">{l.quantity}</Td>
                <Td align="right">{money(l.unitPrice)}</Td>
                <Td className="text-xs text-slate-600">{l.status ?? "—"}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </TableCard>

      {o.platform === "trendyol" ? <OrderActions order={o} /> : null}

      <div className="grid gap-4 lg:grid-cols-2">
        <TableCard title={t("detail.actionsTitle")} testId="order-actions-history">
          {o.actions.length ? (
            <ul className="divide-y divide-slate-100 border-t border-slate-200">
              {o.actions.map((a) => (
                <li key={a.id} className="flex flex-wrap items-start justify-between gap-2 px-4 py-3 text-sm sm:px-5" data-testid="order-action">
                  <div className="min-w-0">
                    <p className="font-medium text-slate-900">{actionLabel(t, a.payload)}</p>
                    {a.state === "failed" && a.error ? (
                      <p className="break-words text-red-700" data-testid="order-action-error">
                        {a.error}
                      </p>
                    ) : a.state === "succeeded" && a.result ? (
                      <p className="text-slate-600">{t("actions.resultStatus", { status: statusLabel(String(a.result.status ?? "")) })}</p>
                    ) : null}
                    <Link href={`/jobs/${a.id}`} className="text-xs text-brand-700 hover:underline">
                      <DateTime date={a.createdAt} withSeconds />
                    </Link>
                  </div>
                  <JobStateBadge state={a.state} />
                </li>
              ))}
            </ul>
          ) : (
            <p className="border-t border-slate-200 px-5 py-4 text-sm text-slate-500">{t("detail.noActions")}</p>
          )}
        </TableCard>
        <TableCard title={t("detail.history")}>
          <ul className="divide-y divide-slate-100 border-t border-slate-200">
            {o.history.map((h) => (
              <li key={h.id} className="flex items-center justify-between gap-2 px-4 py-2 text-sm sm:px-5">
                <span className="flex items-center gap-2">
                  <OrderStatusBadge status={h.status} />
                  <span className="font-mono text-xs text-slate-500">{h.platformStatus}</span>
                </span>
                <DateTime date={h.at} withSeconds />
              </li>
            ))}
          </ul>
        </TableCard>
      </div>
    </div>
  );
}

function Row({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div className="flex items-center justify-between gap-2">
      <span className="text-slate-500">{label}</span>
      <span className="text-right text-slate-900">{value}</span>
    </div>
  );
}

function actionLabel(t: ReturnType<typeof useTranslations<"trendyolOrders">>, payload: Record<string, unknown>) {
  if (payload.action === "picking") return t("actions.picking");
  if (payload.action === "invoiced") return t("actions.invoicedWith", { number: String(payload.invoiceNumber ?? "") });
  if (payload.action === "carrier") return t("actions.carrierWith", { carrier: String(payload.cargoProvider ?? "") });
  return t("actions.cancelWith", { reason: t(`reasons.r${String(payload.reasonId)}` as "reasons.r500") });
}

/** Picking → Invoiced (with the invoice number) and cancelling lines with a reason, each queued as a job. */
function OrderActions({ order }: { order: Order }) {
  const t = useTranslations("trendyolOrders");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [invoiceNumber, setInvoiceNumber] = useState("");
  const [reasonId, setReasonId] = useState<(typeof CANCEL_REASONS)[number]>(500);
  const [cancelQty, setCancelQty] = useState<Record<string, number>>({});
  const [carrier, setCarrier] = useState<(typeof CARRIERS)[number]>("ARASMP");
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.orders.get.queryKey({ id: order.id }) });
  const action = useMutation(trpc.orders.action.mutationOptions({ onSuccess: refresh }));
  const running = order.actions.some((a) => ACTIVE_JOB_STATES.has(a.state));
  // A finished job may have changed the package: the list of orders is stale too.
  useEffect(() => {
    if (!running) void queryClient.invalidateQueries({ queryKey: trpc.orders.list.queryKey() });
  }, [running, queryClient, trpc]);

  const platformStatus = order.platformStatus;
  const canPick = platformStatus === "Created";
  const canInvoice = platformStatus === "Picking";
  const canCancel = ["Created", "Picking", "Invoiced"].includes(platformStatus);
  const cancelLines = Object.entries(cancelQty)
    .filter(([, q]) => q > 0)
    .map(([lineId, quantity]) => ({ lineId: Number(lineId), quantity }));
  const busy = action.isPending || running;

  return (
    <Card className="space-y-4" data-testid="order-actions">
      <h2 className="text-base font-semibold text-slate-900">{t("actions.title")}</h2>
      {running ? (
        <Alert tone="info" testId="order-action-running">
          {t("actions.running")}
        </Alert>
      ) : null}
      {action.error ? (
        <Alert tone="error" testId="order-action-refused">
          {errorMessage(action.error)}
        </Alert>
      ) : null}
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-4">
        <div className="space-y-2">
          <p className="text-sm text-slate-600">{t("actions.pickingHelp")}</p>
          <Button size="sm" data-testid="action-picking" disabled={!canPick || busy} onClick={() => action.mutate({ orderId: order.id, action: "picking" })}>
            {t("actions.picking")}
          </Button>
        </div>
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            action.mutate({ orderId: order.id, action: "invoiced", invoiceNumber: invoiceNumber.trim() }, { onSuccess: () => setInvoiceNumber("") });
          }}
        >
          <Field id="invoice-number" label={t("actions.invoiceNumber")} help={canInvoice ? undefined : t("actions.invoiceHelp")}>
            <Input id="invoice-number" data-testid="invoice-number-input" value={invoiceNumber} maxLength={100} onChange={(e) => setInvoiceNumber(e.target.value)} />
          </Field>
          <Button size="sm" type="submit" data-testid="action-invoiced" disabled={!canInvoice || busy || !invoiceNumber.trim()}>
            {t("actions.invoiced")}
          </Button>
        </form>
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            action.mutate({ orderId: order.id, action: "cancel", reasonId, lines: cancelLines }, { onSuccess: () => setCancelQty({}) });
          }}
        >
          <Field id="cancel-reason" label={t("actions.reason")}>
            <Select id="cancel-reason" value={reasonId} onChange={(e) => setReasonId(Number(e.target.value) as (typeof CANCEL_REASONS)[number])}>
              {CANCEL_REASONS.map((r) => (
                <option key={r} value={r}>
                  {t(`reasons.r${r}`)}
                </option>
              ))}
            </Select>
          </Field>
          <fieldset className="space-y-1">
            <legend className="text-sm font-medium text-slate-700">{t("actions.cancelLines")}</legend>
            {order.lines.map((l) => (
              <label key={l.id} className="flex items-center justify-between gap-2 text-sm">
                <span className="truncate">{l.title}</span>
                <Input
                  type="number"
                  min={0}
                  max={l.quantity}
                  className="w-20"
                  aria-label={t("actions.cancelQuantity", { title: l.title })}
                  value={cancelQty[l.externalId] ?? 0}
                  onChange={(e) => setCancelQty({ ...cancelQty, [l.externalId]: Math.max(0, Math.min(l.quantity, Number(e.target.value) || 0)) })}
                />
              </label>
            ))}
          </fieldset>
          <Button size="sm" variant="danger" type="submit" data-testid="action-cancel" disabled={!canCancel || busy || cancelLines.length === 0}>
            {t("actions.cancel")}
          </Button>
        </form>
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            action.mutate({ orderId: order.id, action: "carrier", cargoProvider: carrier });
          }}
        >
          <Field id="carrier" label={t("actions.carrierLabel")} help={t("actions.carrierHelp")}>
            <Select id="carrier" data-testid="carrier-select" value={carrier} onChange={(e) => setCarrier(e.target.value as (typeof CARRIERS)[number])}>
              {CARRIERS.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </Select>
          </Field>
          <Button size="sm" variant="secondary" type="submit" data-testid="action-carrier" disabled={!canCancel || busy}>
            {t("actions.carrier")}
          </Button>
        </form>
      </div>
    </Card>
  );
}
