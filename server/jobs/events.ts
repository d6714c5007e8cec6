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

/** Trendyol orders: an import from the connection's watermark (schedule or button). */
export const trendyolOrdersImportRequested = eventType("kervan/trendyol.orders.import.requested", { schema: jobEventData.extend({ connectionId: z.uuid() }) });
/** Trendyol orders: a targeted sync of package ids (a webhook event, or the cabinet). */
export const trendyolOrdersSyncRequested = eventType("kervan/trendyol.orders.sync.requested", {
  schema: jobEventData.extend({ connectionId: z.uuid(), packageIds: z.array(z.string().regex(/^\d+$/)).min(1).max(200), webhookEventId: z.uuid().optional() }),
});
/** Trendyol orders: a status update of one stored package (Picking, Invoiced with its number, cancel lines). */
export const trendyolOrderActionRequested = eventType("kervan/trendyol.orders.action.requested", {
  schema: jobEventData.extend({
    connectionId: z.uuid(),
    orderId: z.uuid(),
    action: z.enum(["picking", "invoiced", "cancel", "carrier"]),
    invoiceNumber: z.string().max(100).optional(),
    cargoProvider: z.string().max(40).optional(),
    reasonId: z.number().int().optional(),
    lines: z.array(z.object({ lineId: z.number().int(), quantity: z.number().int().min(1) })).max(500).optional(),
  }),
});
/** Trendyol reference data (brands, category tree, category attributes) fetched into the shared cache. */
export const trendyolReferenceFetchRequested = eventType("kervan/trendyol.reference.fetch.requested", {
  schema: jobEventData.extend({ connectionId: z.uuid(), dataType: z.enum(["brands", "categories", "all", "attributes"]), categoryIds: z.array(z.number().int().positive()).max(50).optional() }),
});
/** Push Trendyol stock and price for a connection (on demand, on schedule, after catalog edits; reconcile reads Trendyol first). */
export const trendyolStockPriceRequested = eventType("kervan/trendyol.stock-price.requested", {
  schema: jobEventData.extend({ connectionId: z.uuid(), reconcile: z.boolean().optional() }),
});
/** Publish the catalog to Trendyol (test: 5 items, full: all changed), or archive / unarchive / delete listed variants. */
export const trendyolPublishRequested = eventType("kervan/trendyol.publish.requested", {
  schema: jobEventData.extend({
    connectionId: z.uuid(),
    action: z.enum(["publish", "archive", "unarchive", "delete"]).optional(),
    mode: z.enum(["test", "full"]).optional(),
    maxItems: z.number().int().min(1).optional(),
    batchSize: z.number().int().min(1).max(1000).optional(),
    productIds: z.array(z.uuid()).optional(),
    variantIds: z.array(z.uuid()).optional(),
  }),
});
/** Poll a connection's open Trendyol product batches until they finish, and read back approval. */
export const trendyolBatchPollRequested = eventType("kervan/trendyol.batch-poll.requested", {
  schema: jobEventData.extend({ connectionId: z.uuid() }),
});
