import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { JobsTable } from "@/components/jobs/jobs-table";
import { createPrefetcher } from "@/components/shell/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("jobs");
  return { title: `${t("title")} · Kervan` };
}

export default async function JobsPage() {
  const { trpc, queryClient, dehydrated } = await createPrefetcher();
  await Promise.all([
    queryClient.prefetchQuery(trpc.jobs.list.queryOptions({ limit: 50 })),
    queryClient.prefetchQuery(trpc.account.platforms.queryOptions()),
  ]);
  return (
    <HydrationBoundary state={dehydrated()}>
      <JobsTable />
    </HydrationBoundary>
  );
}
