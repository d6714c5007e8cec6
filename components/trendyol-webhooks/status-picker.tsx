"use client";

import { useTranslations } from "next-intl";
import { WEBHOOK_STATUSES, type WebhookStatus } from "./statuses";

/** Checkboxes for the statuses to subscribe to; none ticked means every status. */
export function StatusPicker({ value, onChange, idPrefix }: { value: WebhookStatus[]; onChange: (next: WebhookStatus[]) => void; idPrefix: string }) {
  const t = useTranslations("trendyolWebhooks");
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-700">{t("statuses.label")}</legend>
      <p className="text-xs text-slate-500">{t("statuses.help")}</p>
      <div className="mt-2 grid grid-cols-2 gap-1 sm:grid-cols-4">
        {WEBHOOK_STATUSES.map((s) => (
          <label key={s} className="flex items-center gap-2 text-sm" htmlFor={`${idPrefix}-${s}`}>
            <input
              id={`${idPrefix}-${s}`}
              type="checkbox"
              checked={value.includes(s)}
              onChange={(e) => onChange(e.target.checked ? [...value, s] : value.filter((x) => x !== s))}
            />
            {t(`statuses.${s}`)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
