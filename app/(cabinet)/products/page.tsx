import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { ProductsView } from "@/components/products/products-view";
import { catalogListInput, readProductsParams } from "@/components/products/query";
import { createPrefetcher } from "@/components/shell/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("products");
  return { title: `${t("title")} · Kervan` };
}

export default async function ProductsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = await searchParams;
  const first = (k: string) => {
    const v = query[k];
    return Array.isArray(v) ? v[0] : v;
  };
  const { trpc, queryClient, dehydrated } = await createPrefetcher();
  await queryClient.prefetchQuery(trpc.catalog.list.queryOptions(catalogListInput(readProductsParams(first))));
  return (
    <HydrationBoundary state={dehydrated()}>
      <Suspense>
        <ProductsView />
      </Suspense>
    </HydrationBoundary>
  );
}
