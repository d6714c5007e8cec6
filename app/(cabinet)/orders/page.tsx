import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { OrdersView } from "@/components/orders/orders-view";
import { createPrefetcher } from "@/components/shell/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("trendyolOrders");
  return { title: `${t("title")} · Kervan` };
}

export default async function OrdersPage() {
  const { trpc, queryClient, dehydrated } = await createPrefetcher();
  await Promise.all([queryClient.prefetchQuery(trpc.connections.list.queryOptions()), queryClient.prefetchQuery(trpc.account.platforms.queryOptions())]);
  return (
    <HydrationBoundary state={dehydrated()}>
      <Suspense>
        <OrdersView />
      </Suspense>
    </HydrationBoundary>
  );
}
