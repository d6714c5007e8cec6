"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { setLocaleAction } from "@/app/(auth)/actions";
import { cx } from "@/components/ui";
import { LOCALE_NAMES, LOCALES } from "@/server/i18n/config";
import { Icon } from "./icons";

/** English / Türkçe / Русский / O'zbekcha: each name in its own language, so anyone can find theirs. */
export function LocaleSwitch({ className }: { className?: string }) {
  const t = useTranslations("shell");
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  return (
    <label className={cx("relative inline-flex items-center text-sm text-slate-700", pending && "opacity-60", className)}>
      <span className="sr-only">{t("language")}</span>
      <Icon name="globe" className="pointer-events-none absolute left-2 h-4 w-4 text-slate-500" />
      <select
        data-testid="locale-switch"
        value={locale}
        disabled={pending}
        onChange={(e) => {
          const next = e.target.value;
          startTransition(async () => {
            await setLocaleAction(next);
            router.refresh();
          });
        }}
        className="appearance-none rounded-md border border-slate-300 bg-white py-1.5 pl-7 pr-7 text-sm shadow-sm focus:outline-none focus:ring-2 focus:ring-brand-500"
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
      <Icon name="chevronDown" className="pointer-events-none absolute right-2 h-4 w-4 text-slate-500" />
    </label>
  );
}
