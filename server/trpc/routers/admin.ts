import { listPartners, listPlatformConfigs, platformConfigInput, updatePlatformConfig } from "@/server/services/admin";
import { adminProcedure, router } from "../init";

export const adminRouter = router({
  partners: adminProcedure.query(({ ctx }) => listPartners(ctx.db)),
  platformConfigs: adminProcedure.query(({ ctx }) => listPlatformConfigs(ctx.db)),
  updatePlatformConfig: adminProcedure
    .input(platformConfigInput)
    .mutation(async ({ ctx, input }) => {
      await updatePlatformConfig(ctx.db, input, ctx.viewer.email);
      return { ok: true };
    }),
});
