import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { createPrefetcher } from "@/components/shell/server";
import { readWebhookFilters, webhooksListInput } from "@/components/webhooks/query";
import { WebhooksView } from "@/components/webhooks/webhooks-view";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("webhooks");
  return { title: `${t("title")} · Kervan` };
}

export default async function WebhooksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = await searchParams;
  const first = (k: string) => {
    const v = query[k];
    return Array.isArray(v) ? v[0] : v;
  };
  const { trpc, queryClient, dehydrated } = await createPrefetcher();
  await Promise.all([
    queryClient.prefetchQuery(trpc.webhooks.list.queryOptions(webhooksListInput(readWebhookFilters(first)))),
    queryClient.prefetchQuery(trpc.connections.list.queryOptions()),
    queryClient.prefetchQuery(trpc.account.platforms.queryOptions()),
  ]);
  return (
    <HydrationBoundary state={dehydrated()}>
      <Suspense>
        <WebhooksView />
      </Suspense>
    </HydrationBoundary>
  );
}
