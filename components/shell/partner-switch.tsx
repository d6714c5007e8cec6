"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { switchPartnerAction } from "@/app/(cabinet)/actions";
import { cx } from "@/components/ui";
import { Icon } from "./icons";
import type { ShellViewer } from "./types";

/** Partner name in the header; a switcher when the user belongs to more than one partner. */
export function PartnerSwitch({ viewer }: { viewer: ShellViewer }) {
  const t = useTranslations("shell");
  const router = useRouter();
  const queryClient = useQueryClient();
  const [pending, startTransition] = useTransition();
  const current = viewer.memberships.find((m) => m.partnerId === viewer.partnerId);

  if (viewer.memberships.length < 2) {
    return (
      <span className="flex min-w-0 items-center gap-2 text-sm font-medium text-slate-900" data-testid="partner-name">
        <Icon name="building" className="h-4 w-4 shrink-0 text-slate-500" />
        <span className="truncate">{current?.partnerName ?? t("noPartner")}</span>
      </span>
    );
  }
  return (
    <label className={cx("relative flex min-w-0 items-center", pending && "opacity-60")}>
      <span className="sr-only">{t("switchPartner")}</span>
      <Icon name="building" className="pointer-events-none absolute left-2 h-4 w-4 text-slate-500" />
      <select
        data-testid="partner-switch"
        value={viewer.partnerId ?? ""}
        disabled={pending}
        onChange={(e) => {
          const partnerId = e.target.value;
          startTransition(async () => {
            await switchPartnerAction(partnerId);
            // Every cached query belongs to the previous partner.
            queryClient.removeQueries();
            router.refresh();
          });
        }}
        className="w-full min-w-0 max-w-56 appearance-none truncate rounded-md border border-slate-300 bg-white py-1.5 pl-7 pr-7 text-sm font-medium shadow-sm focus:outline-none focus:ring-2 focus:ring-brand-500"
      >
        {viewer.memberships.map((m) => (
          <option key={m.partnerId} value={m.partnerId}>
            {m.partnerName}
          </option>
        ))}
      </select>
      <Icon name="chevronDown" className="pointer-events-none absolute right-2 h-4 w-4 text-slate-500" />
    </label>
  );
}
