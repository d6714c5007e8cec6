import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { DashboardView } from "@/components/dashboard/dashboard-view";
import { createPrefetcher } from "@/components/shell/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("dashboard");
  return { title: `${t("title")} · Kervan` };
}

export default async function DashboardPage() {
  const { trpc, queryClient, dehydrated } = await createPrefetcher();
  await Promise.all([
    queryClient.prefetchQuery(trpc.account.me.queryOptions()),
    queryClient.prefetchQuery(trpc.connections.list.queryOptions()),
    queryClient.prefetchQuery(trpc.jobs.list.queryOptions({ limit: 5 })),
    queryClient.prefetchQuery(trpc.account.platforms.queryOptions()),
  ]);
  return (
    <HydrationBoundary state={dehydrated()}>
      <DashboardView />
    </HydrationBoundary>
  );
}
