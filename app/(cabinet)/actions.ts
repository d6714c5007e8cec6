"use server";

import { cookies } from "next/headers";
import { serverContext } from "@/components/shell/server";
import { PARTNER_COOKIE } from "@/server/trpc/cookies";

/** Partner switcher: remembers the chosen partner, only if the viewer is a member of it. */
export async function switchPartnerAction(partnerId: string) {
  const ctx = await serverContext();
  if (!ctx.viewer?.memberships.some((m) => m.partnerId === partnerId)) return { ok: false };
  (await cookies()).set(PARTNER_COOKIE, partnerId, { path: "/", maxAge: 365 * 24 * 3600, sameSite: "lax" });
  return { ok: true };
}
