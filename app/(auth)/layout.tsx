import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Brand } from "@/components/shell/brand";
import { LocaleSwitch } from "@/components/shell/locale-switch";

export default async function AuthLayout({ children }: { children: ReactNode }) {
  const t = await getTranslations("auth");
  return (
    <div className="flex min-h-screen flex-col bg-gradient-to-b from-brand-50 to-slate-50">
      <div className="flex justify-end p-4">
        <LocaleSwitch />
      </div>
      <main className="flex flex-1 flex-col items-center px-4 pb-16 pt-4 sm:pt-10">
        <div className="mb-6 flex flex-col items-center gap-2 text-center">
          <Brand size="lg" />
          <p className="text-sm text-slate-600">{t("tagline")}</p>
        </div>
        <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">{children}</div>
      </main>
    </div>
  );
}
