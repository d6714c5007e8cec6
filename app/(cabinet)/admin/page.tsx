import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { AdminView } from "@/components/admin/admin-view";
import { createPrefetcher, serverContext } from "@/components/shell/server";
import { PageHeader } from "@/components/ui";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin");
  return { title: `${t("title")} · Kervan` };
}

export default async function AdminPage() {
  const ctx = await serverContext();
  // Not "forbidden": to everyone else the operator area does not exist.
  if (!ctx.viewer?.isAdmin) notFound();
  const t = await getTranslations("admin");
  const { trpc, queryClient, dehydrated } = await createPrefetcher();
  await Promise.all([queryClient.prefetchQuery(trpc.admin.platformConfigs.queryOptions()), queryClient.prefetchQuery(trpc.admin.partners.queryOptions())]);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <HydrationBoundary state={dehydrated()}>
        <AdminView />
      </HydrationBoundary>
    </>
  );
}
