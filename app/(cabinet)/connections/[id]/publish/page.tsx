import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { TrendyolPublishPanel } from "@/components/trendyol-publish/publish-panel";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("trendyolPublish");
  return { title: `${t("title")} · Kervan` };
}

/** Publishing to Trendyol for one connection; the panel follows the running job live. */
export default async function ConnectionPublishPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <TrendyolPublishPanel connectionId={id} />;
}
