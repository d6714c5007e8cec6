import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { TrendyolWebhooksPanel } from "@/components/trendyol-webhooks/webhooks-panel";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("trendyolWebhooks");
  return { title: `${t("title")} · Kervan` };
}

/** Not prefetched: the list is a live call to Trendyol, made from the browser so the page opens at once. */
export default async function ConnectionWebhooksPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <TrendyolWebhooksPanel connectionId={id} />;
}
