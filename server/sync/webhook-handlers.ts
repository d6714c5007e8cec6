// What a stored, verified webhook event starts, per platform. Called by the webhook-process job; the intake already
// stored the event once, and the idempotency key (the event's id) keeps a retried or repeated run from starting a
// second job. Events a platform sends that start nothing are simply recorded.
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobs, webhookEvents } from "@/db/schema";
import { enqueueJob } from "@/server/jobs/enqueue";
import { trendyolPackageId } from "@/server/platforms/trendyol/transform-orders";

export interface WebhookDispatch {
  started?: { type: string; jobId: string; created: boolean };
  ignored?: string;
}

/**
 * `processJobId`: the webhook-process job. A Replay from the cabinet is a new webhook-process job (key "replay:…"),
 * and the seller asked for the work again, so it gets its own key; anything else is keyed on the event alone.
 */
export async function dispatchWebhookEvent(db: Db, partnerId: string, webhookEventId: string, processJobId?: string | null): Promise<WebhookDispatch> {
  const [event] = await db
    .select({ id: webhookEvents.id, platform: webhookEvents.platform, connectionId: webhookEvents.connectionId, payload: webhookEvents.payload })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.partnerId, partnerId), eq(webhookEvents.id, webhookEventId)));
  if (!event) return { ignored: "The webhook event no longer exists" };
  let key = `webhook:${event.id}`;
  if (processJobId) {
    const [own] = await db.select({ key: jobs.idempotencyKey }).from(jobs).where(and(eq(jobs.partnerId, partnerId), eq(jobs.id, processJobId)));
    if (own?.key?.startsWith("replay:")) key = `webhook:${event.id}:${own.key}`;
  }
  switch (event.platform) {
    case "trendyol": {
      const packageId = trendyolPackageId(event.payload);
      if (!packageId || !event.connectionId) return { ignored: "No shipment package id in the delivery" };
      const r = await enqueueJob(db, { type: "trendyol-orders-sync", partnerId, connectionId: event.connectionId, data: { packageIds: [packageId], webhookEventId: event.id }, idempotencyKey: key });
      return { started: { type: "trendyol-orders-sync", ...r } };
    }
    default:
      return { ignored: `Nothing to start for ${event.platform} deliveries yet` };
  }
}
