import { eventType } from "inngest";
import { z } from "zod";

/**
 * What every job event carries: ids only. Secrets and platform data are read by the job itself from the database,
 * so nothing sensitive ever sits in a queue, an Inngest run log or the `jobs.payload` column.
 */
export const jobEventData = z.object({
  jobId: z.uuid(),
  partnerId: z.uuid(),
  connectionId: z.uuid().optional(),
});
export type JobEventData = z.infer<typeof jobEventData>;

/** The Test button on a connection card. */
export const connectionTestRequested = eventType("kervan/connection.test.requested", {
  schema: jobEventData.extend({ connectionId: z.uuid() }),
});
export type ConnectionTestRequested = z.infer<typeof connectionTestRequested.schema>;

/** A verified webhook delivery, stored once in webhook_events, to be processed in the background. */
export const webhookReceived = eventType("kervan/webhook.received", {
  schema: jobEventData.extend({ connectionId: z.uuid(), webhookEventId: z.uuid() }),
});
