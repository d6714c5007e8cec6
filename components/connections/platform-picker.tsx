"use client";

import { useTranslations } from "next-intl";
import type { Platform } from "@/components/status/types";
import { Badge } from "@/components/ui";

/** Step one of adding a connection: the nine platforms, each with what Kervan does with it. */
export function PlatformPicker({ platforms, onPick }: { platforms: Platform[]; onPick: (id: Platform["id"]) => void }) {
  const t = useTranslations();
  const tc = useTranslations("connections");
  return (
    <section aria-labelledby="pick-platform">
      <h2 id="pick-platform" className="mb-1 text-lg font-semibold text-slate-900">
        {tc("pick.title")}
      </h2>
      <p className="mb-4 text-sm text-slate-600">{tc("pick.description")}</p>
      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {platforms.map((p) => {
          const description = `platforms.${p.id}.description`;
          return (
            <li key={p.id}>
              <button
                type="button"
                data-testid={`platform-${p.id}`}
                onClick={() => onPick(p.id)}
                className="flex h-full w-full flex-col rounded-lg border border-slate-200 bg-white p-4 text-left shadow-sm transition hover:border-brand-500 hover:shadow focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500"
              >
                <span className="flex items-center justify-between gap-2">
                  <span className="font-semibold text-slate-900">{p.name}</span>
                  <span className="flex gap-1">
                    <Badge>{p.region}</Badge>
                    <Badge tone="blue">{tc(`kinds.${p.kind}`)}</Badge>
                  </span>
                </span>
                {t.has(description) ? <span className="mt-2 text-sm text-slate-600">{t(description)}</span> : null}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
