"use client";

import { useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import { InvitationsCard } from "./invitations-card";
import { InviteCard } from "./invite-card";
import { MembersCard } from "./members-card";
import { ProfileCard } from "./profile-card";
import type { SettingsMe } from "./types";

export function SettingsView({ me }: { me: SettingsMe }) {
  const t = useTranslations("settings");
  const isOwner = me.role === "owner";
  return (
    <div className="space-y-6">
      <ProfileCard me={me} />
      <section className="space-y-4" aria-labelledby="team-heading">
        <h2 id="team-heading" className="text-lg font-semibold text-slate-900">
          {t("teamTitle", { partner: me.partnerName })}
        </h2>
        {isOwner ? <InviteCard /> : <Alert tone="info">{t("ownersOnly")}</Alert>}
        <MembersCard me={me} />
        {isOwner ? <InvitationsCard /> : null}
      </section>
    </div>
  );
}
