import { and, eq } from "drizzle-orm";
import { webhookEvents } from "@/db/schema";
import { recordActivity } from "@/server/services/activity";
import { dispatchWebhookEvent } from "@/server/sync/webhook-handlers";
import { defineJob, NonRetriableError } from "../define";
import { webhookReceived } from "../events";

/**
 * Handles a stored webhook event. The intake already authenticated and de-duplicated it; platform issues
 * add what each topic starts (a targeted order sync, a stock refresh …). Today it records the event.
 */
export const webhookProcess = defineJob({
  id: "webhook-process",
  event: webhookReceived,
  retries: 5,
  concurrency: { key: "connection", limit: 1, lane: "webhooks" },
  async handler({ event, step, job, db }) {
    const { partnerId, connectionId, webhookEventId, jobId } = event.data;
    const stored = await step.run("load-event", async () => {
      const [row] = await db
        .select({ id: webhookEvents.id, platform: webhookEvents.platform, topic: webhookEvents.topic, eventId: webhookEvents.eventId })
        .from(webhookEvents)
        .where(and(eq(webhookEvents.partnerId, partnerId), eq(webhookEvents.id, webhookEventId)));
      if (!row) throw new NonRetriableError("The webhook event no longer exists");
      return row;
    });
    await step.run("record-activity", async () => {
      await recordActivity(db, {
        partnerId,
        connectionId,
        platform: stored.platform,
        jobId,
        level: "info",
        message: `Webhook received: ${stored.topic ?? "event"} (${stored.eventId})`,
      });
    });
    // What the event starts (a targeted order sync …), keyed on the event so a repeat starts nothing more.
    const dispatched = await step.run("dispatch", () => dispatchWebhookEvent(db, partnerId, webhookEventId, jobId));
    await job.item(stored.eventId ?? stored.id, "succeeded", dispatched.started ? `${stored.topic ?? "event"} → ${dispatched.started.type}` : (stored.topic ?? undefined));
    await job.progress(1, 1);
    return { platform: stored.platform, topic: stored.topic, ...(dispatched.started ? { started: dispatched.started } : {}) };
  },
});
