"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { setLocaleAction } from "@/app/(auth)/actions";
import { Card, Field, Select } from "@/components/ui";
import { LOCALE_NAMES, LOCALES } from "@/server/i18n/config";
import type { SettingsMe } from "./types";

export function ProfileCard({ me }: { me: SettingsMe }) {
  const t = useTranslations("settings.profile");
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  return (
    <Card data-testid="profile-card">
      <h2 className="text-base font-semibold text-slate-900">{t("title")}</h2>
      <dl className="mt-4 grid gap-4 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-slate-500">{t("name")}</dt>
          <dd className="mt-1 font-medium text-slate-900">{me.name}</dd>
        </div>
        <div>
          <dt className="text-slate-500">{t("email")}</dt>
          <dd className="mt-1 break-all font-medium text-slate-900">{me.email}</dd>
        </div>
        <div>
          <Field id="profile-locale" label={t("language")} help={t("languageHelp")}>
            <Select
              id="profile-locale"
              data-testid="profile-locale"
              value={locale}
              disabled={pending}
              onChange={(e) => {
                const next = e.target.value;
                startTransition(async () => {
                  await setLocaleAction(next);
                  router.refresh();
                });
              }}
            >
              {LOCALES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {LOCALE_NAMES[l]}
                </option>
              ))}
            </Select>
          </Field>
        </div>
      </dl>
    </Card>
  );
}
