import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { createPrefetcher } from "@/components/shell/server";
import { TrendyolCatalogView } from "@/components/trendyol-catalog/trendyol-catalog-view";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("trendyolCatalog");
  return { title: `${t("title")} · Kervan` };
}

export default async function TrendyolCatalogPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { trpc, queryClient, dehydrated } = await createPrefetcher();
  // A connection that is not this partner's Trendyol connection fails here and is left out: the page says "not found".
  await Promise.all([
    queryClient.prefetchQuery(trpc.trendyolCatalog.status.queryOptions({ connectionId: id })),
    queryClient.prefetchQuery(trpc.trendyolCatalog.mappings.queryOptions({ connectionId: id })),
  ]);
  return (
    <HydrationBoundary state={dehydrated()}>
      <TrendyolCatalogView connectionId={id} />
    </HydrationBoundary>
  );
}
