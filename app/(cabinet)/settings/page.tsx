import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { SettingsView } from "@/components/settings/settings-view";
import { createPrefetcher, serverCaller, serverContext } from "@/components/shell/server";
import { EmptyState, PageHeader } from "@/components/ui";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings");
  return { title: `${t("title")} · Kervan` };
}

export default async function SettingsPage() {
  const ctx = await serverContext();
  if (!ctx.viewer) redirect("/sign-in");
  const t = await getTranslations("settings");
  const tShell = await getTranslations("shell");
  if (!ctx.viewer.memberships.length) {
    return <EmptyState title={tShell("noPartnerTitle")} description={tShell("noPartnerDescription")} />;
  }
  const me = await (await serverCaller()).account.me();
  const partnerName = me.memberships.find((m) => m.partnerId === me.partnerId)?.partnerName ?? "";
  const { trpc, queryClient, dehydrated } = await createPrefetcher();
  await queryClient.prefetchQuery(trpc.members.list.queryOptions());
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <HydrationBoundary state={dehydrated()}>
        <SettingsView me={{ userId: me.userId, name: me.name, email: me.email, role: me.role, partnerName }} />
      </HydrationBoundary>
    </>
  );
}
