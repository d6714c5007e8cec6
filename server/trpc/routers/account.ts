import { eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/schema";
import { LOCALES } from "@/server/services/accounts";
import { manifests } from "@/server/platforms/registry";
import { env } from "@/server/env";
import type { PlatformId } from "@/server/platforms/types";
import { sandboxConnectionValues } from "@/server/sandbox/accounts";
import { authedProcedure, partnerProcedure, router } from "../init";

export const accountRouter = router({
  me: partnerProcedure.query(({ ctx }) => ({
    userId: ctx.viewer.userId,
    email: ctx.viewer.email,
    name: ctx.viewer.name,
    locale: ctx.viewer.locale,
    isAdmin: ctx.viewer.isAdmin,
    partnerId: ctx.partnerId,
    role: ctx.role,
    memberships: ctx.viewer.memberships,
  })),
  setLocale: authedProcedure.input(z.object({ locale: z.enum(LOCALES) })).mutation(async ({ ctx, input }) => {
    await ctx.db.update(users).set({ locale: input.locale }).where(eq(users.id, ctx.viewer.userId));
    return { ok: true };
  }),
  /** Manifests drive the connection form; they hold no secrets. */
  platforms: authedProcedure.query(() => Object.values(manifests)),
  /** The simulators' test accounts for the form's "Sandbox" environment; empty when sandboxes are off. */
  sandboxAccounts: authedProcedure.query((): Partial<Record<PlatformId, Record<string, string>>> => (env().sandboxEnabled ? sandboxConnectionValues() : {})),
});
