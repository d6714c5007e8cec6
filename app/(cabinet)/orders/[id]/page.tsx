import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { OrderDetailView } from "@/components/orders/order-detail";
import { createPrefetcher } from "@/components/shell/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("trendyolOrders");
  return { title: `${t("detail.pageTitle")} · Kervan` };
}

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { trpc, queryClient, dehydrated } = await createPrefetcher();
  // A missing order is not prefetched (failed queries are left out): the page asks again and shows "not found".
  if (/^[0-9a-f-]{36}$/i.test(id)) await queryClient.prefetchQuery(trpc.orders.get.queryOptions({ id }));
  return (
    <HydrationBoundary state={dehydrated()}>
      <OrderDetailView id={id} />
    </HydrationBoundary>
  );
}
