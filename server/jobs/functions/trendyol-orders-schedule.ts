import { log } from "@/server/log";
import { activeTrendyolConnections } from "@/server/sync/trendyol/orders";
import { enqueueJob } from "../enqueue";
import { defineJob } from "../define";

/** Trendyol advises polling as a backstop to webhooks. */
export const TRENDYOL_ORDERS_SCHEDULE = "*/5 * * * *";
const SLOT_MS = 5 * 60_000;

/** Every 5 minutes: one import job per active Trendyol connection (one per slot, however often this runs). */
export const trendyolOrdersSchedule = defineJob({
  id: "trendyol-orders-schedule",
  cron: TRENDYOL_ORDERS_SCHEDULE,
  retries: 2,
  async handler({ step, db }) {
    const slot = Math.floor(Date.now() / SLOT_MS);
    return step.run("enqueue-imports", async () => {
      let queued = 0;
      for (const c of await activeTrendyolConnections(db)) {
        try {
          const r = await enqueueJob(db, { type: "trendyol-orders-import", partnerId: c.partnerId, connectionId: c.id, idempotencyKey: `schedule:${c.id}:${slot}` });
          if (r.created) queued++;
        } catch (err) {
          log.error("Could not queue a Trendyol order import", { connectionId: c.id, error: (err as Error).message });
        }
      }
      return { queued };
    });
  },
});
