import { env } from "@/server/env";
import { pruneActivity } from "@/server/services/activity";
import { defineJob } from "../define";

/** Daily at 03:00 UTC: deletes activity entries older than ACTIVITY_RETENTION_DAYS, for every partner. */
export const activityPrune = defineJob({
  id: "activity-prune",
  cron: "0 3 * * *",
  retries: 2,
  async handler({ step, job, db }) {
    const retentionDays = env().ACTIVITY_RETENTION_DAYS;
    const deleted = await step.run("prune", () => pruneActivity(db, retentionDays));
    await job.log("info", `Deleted ${deleted} activity entries older than ${retentionDays} days`);
    return { deleted, retentionDays };
  },
});
