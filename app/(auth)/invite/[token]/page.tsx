import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { InvitationInvalid, InviteForm } from "@/components/auth/invite-form";
import { db } from "@/db/client";
import { findOpenInvitation, findUserByEmail } from "@/server/services/accounts";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.invite");
  return { title: `${t("title")} · Kervan` };
}

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const database = await db();
  const open = await findOpenInvitation(database, token);
  if (!open) return <InvitationInvalid />;
  const hasAccount = Boolean(await findUserByEmail(database, open.invitation.email));
  return <InviteForm token={token} partnerName={open.partnerName} email={open.invitation.email} role={open.invitation.role} hasAccount={hasAccount} />;
}
