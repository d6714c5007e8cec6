import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { EmptyState } from "@/components/ui";
import { serverCaller, serverContext } from "@/components/shell/server";
import { Shell } from "@/components/shell/shell";
import type { ShellViewer } from "@/components/shell/types";

export default async function CabinetLayout({ children }: { children: ReactNode }) {
  const ctx = await serverContext();
  if (!ctx.viewer) redirect("/sign-in");
  const { viewer } = ctx;
  const me = viewer.memberships.length ? await (await serverCaller()).account.me() : null;
  const shellViewer: ShellViewer = {
    name: viewer.name,
    email: viewer.email,
    isAdmin: viewer.isAdmin,
    partnerId: me?.partnerId ?? null,
    role: me?.role ?? null,
    memberships: viewer.memberships,
  };
  // Someone removed from every partner can still reach the admin area, but has no cabinet of their own.
  const t = await getTranslations("shell");
  return (
    <Shell viewer={shellViewer}>
      {me || viewer.isAdmin ? children : <EmptyState title={t("noPartnerTitle")} description={t("noPartnerDescription")} />}
    </Shell>
  );
}
