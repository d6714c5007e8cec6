import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { ActivityView } from "@/components/activity/activity-view";
import { createPrefetcher } from "@/components/shell/server";
import { env } from "@/server/env";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("activity");
  return { title: `${t("title")} · Kervan` };
}

export default async function ActivityPage() {
  const { trpc, queryClient, dehydrated } = await createPrefetcher();
  await Promise.all([
    queryClient.prefetchQuery(trpc.connections.list.queryOptions()),
    queryClient.prefetchQuery(trpc.account.platforms.queryOptions()),
  ]);
  // The retention period is a server setting (ACTIVITY_RETENTION_DAYS, 90 days by default); the page states the one in force.
  return (
    <HydrationBoundary state={dehydrated()}>
      <Suspense>
        <ActivityView retentionDays={env().ACTIVITY_RETENTION_DAYS} />
      </Suspense>
    </HydrationBoundary>
  );
}
