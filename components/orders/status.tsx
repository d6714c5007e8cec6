"use client";

import { useTranslations } from "next-intl";
import { Badge, type Tone } from "@/components/ui";

/** The hub's order statuses (server/platforms/trendyol/transform-orders.ts maps Trendyol's words onto them). */
export const ORDER_STATUSES = ["awaiting", "new", "picking", "invoiced", "shipped", "delivered", "undelivered", "returned", "cancelled", "split"] as const;

const tones: Record<string, Tone> = {
  awaiting: "slate",
  new: "blue",
  picking: "amber",
  invoiced: "amber",
  shipped: "blue",
  delivered: "green",
  undelivered: "red",
  returned: "red",
  cancelled: "slate",
  split: "slate",
};

export function useOrderStatusLabel() {
  const t = useTranslations("trendyolOrders.status");
  return (status: string) => (t.has(status) ? t(status) : status);
}

export function OrderStatusBadge({ status }: { status: string }) {
  const label = useOrderStatusLabel();
  return (
    <span data-testid="order-status" data-status={status}>
      <Badge tone={tones[status] ?? "slate"}>{label(status)}</Badge>
    </span>
  );
}
