import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections, webhookEvents } from "@/db/schema";

export interface WebhookEventFilter {
  connectionId?: string;
  verified?: boolean;
  limit: number;
  before?: Date;
}

/** Received deliveries, newest first; payloads were redacted when stored. */
export async function listWebhookEvents(db: Db, partnerId: string, f: WebhookEventFilter) {
  const where: SQL[] = [eq(webhookEvents.partnerId, partnerId)];
  if (f.connectionId) where.push(eq(webhookEvents.connectionId, f.connectionId));
  if (f.verified !== undefined) where.push(eq(webhookEvents.verified, f.verified));
  if (f.before) where.push(lt(webhookEvents.receivedAt, f.before));
  return db
    .select({
      id: webhookEvents.id,
      connectionId: webhookEvents.connectionId,
      connectionName: connections.name,
      platform: webhookEvents.platform,
      eventId: webhookEvents.eventId,
      topic: webhookEvents.topic,
      verified: webhookEvents.verified,
      verificationError: webhookEvents.verificationError,
      payload: webhookEvents.payload,
      deliveries: webhookEvents.deliveries,
      jobId: webhookEvents.jobId,
      platformTimestamp: webhookEvents.platformTimestamp,
      receivedAt: webhookEvents.receivedAt,
    })
    .from(webhookEvents)
    .leftJoin(connections, and(eq(connections.id, webhookEvents.connectionId), eq(connections.partnerId, partnerId)))
    .where(and(...where))
    .orderBy(desc(webhookEvents.receivedAt))
    .limit(f.limit);
}
