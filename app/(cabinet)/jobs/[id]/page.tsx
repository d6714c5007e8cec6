import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { JobDetailView } from "@/components/jobs/job-detail";
import { createPrefetcher } from "@/components/shell/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("jobs");
  return { title: `${t("detail.title")} · Kervan` };
}

export default async function JobPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { trpc, queryClient, dehydrated } = await createPrefetcher();
  // A missing job is not prefetched (failed queries are left out), so the page asks again and shows "not found".
  await Promise.all([
    queryClient.prefetchQuery(trpc.jobs.get.queryOptions({ id })),
    queryClient.prefetchQuery(trpc.account.platforms.queryOptions()),
  ]);
  return (
    <HydrationBoundary state={dehydrated()}>
      <JobDetailView id={id} />
    </HydrationBoundary>
  );
}
