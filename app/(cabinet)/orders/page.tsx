import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { EmptyState, PageHeader } from "@/components/ui";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("orders");
  return { title: `${t("title")} · Kervan` };
}

/** Orders are imported per platform (Trendyol and Shopify issues); until then the page says so instead of showing sample data. */
export default async function OrdersPage() {
  const t = await getTranslations("orders");
  return (
    <div>
      <PageHeader title={t("title")} description={t("description")} />
      <EmptyState
        title={t("empty.title")}
        description={t("empty.description")}
        action={
          <Link href="/connections" className="text-sm font-medium text-brand-700 hover:underline">
            {t("empty.action")}
          </Link>
        }
      />
    </div>
  );
}
