import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections, webhookEvents } from "@/db/schema";
import { dispatchJob, enqueueJob, prepareJob } from "@/server/jobs/enqueue";
import { webhookProcess } from "@/server/jobs/functions/webhook-process";
import { log, redact } from "@/server/log";
import { isPlatformId } from "@/server/platforms/registry";
import type { PlatformId } from "@/server/platforms/types";
import { WEBHOOK_PATH_ALIASES } from "@/server/platforms/webhook-paths";
import { webhookVerifierFor } from "@/server/platforms/webhook-registry";
import type { InboundWebhook } from "@/server/platforms/webhooks";
import { resolveBaseUrl } from "@/server/sync/connection-context";
import { readConnectionCredentials } from "@/server/vault";
import { webhookEventWriter } from "./event-writer";
import { webhookSourceIp } from "./source-ip";

export const MAX_WEBHOOK_BYTES = 1024 * 1024;
/** Deliveries whose platform timestamp is older than this are replays (Shopify retries for 4 hours, so keep a margin). */
export const REPLAY_WINDOW_MS = 48 * 3600_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface IntakeAnswer {
  status: number;
  json?: unknown;
  text?: string;
}

interface CachedConnection {
  partnerId: string;
  environment: "production" | "sandbox";
  baseUrl?: string;
  settings: Record<string, string>;
  credentials: Record<string, string>;
  status: string;
  until: number;
}

/** Connections and their decrypted credentials, kept a few seconds so a burst of deliveries costs one lookup. */
const cache = new Map<string, CachedConnection>();
const CACHE_MS = 10_000;

export function forgetWebhookConnection(connectionId?: string) {
  if (connectionId) cache.delete(connectionId);
  else cache.clear();
}

async function loadConnection(db: Db, platform: PlatformId, connectionId: string, now: number): Promise<CachedConnection | undefined> {
  const hit = cache.get(connectionId);
  if (hit && hit.until > now) return hit;
  // Webhooks carry no session: the connection id in the URL names the partner, and the platform must match it.
  const [row] = await db
    .select({ partnerId: connections.partnerId, settings: connections.settings, status: connections.status, environment: connections.environment })
    .from(connections)
    .where(and(eq(connections.id, connectionId), eq(connections.platform, platform)));
  if (!row) return undefined;
  const credentials = (await readConnectionCredentials(db, { partnerId: row.partnerId, connectionId })) ?? {};
  const baseUrl = await resolveBaseUrl(db, platform, row.environment).catch(() => undefined);
  const entry = { ...row, baseUrl, credentials, until: now + CACHE_MS };
  cache.set(connectionId, entry);
  if (cache.size > 10_000) cache.delete(cache.keys().next().value!);
  return entry;
}

/**
 * Receives one delivery: authenticate it the platform's way, store it once (unique on platform + event id,
 * forever), and hand it to a background job keyed on the event id. Duplicates are acknowledged and start nothing.
 */
export async function receiveWebhook(db: Db, platformParam: string, connectionId: string, req: InboundWebhook, now = Date.now()): Promise<IntakeAnswer> {
  const platform = WEBHOOK_PATH_ALIASES[platformParam] ?? platformParam;
  if (!isPlatformId(platform) || !UUID.test(connectionId)) return { status: 404, json: { error: "Unknown webhook address" } };
  const verifier = webhookVerifierFor(platform);
  if (!verifier) return { status: 404, json: { error: `${platform} does not send webhooks` } };
  if (Buffer.byteLength(req.rawBody) > MAX_WEBHOOK_BYTES) return { status: 413, json: { error: "Payload too large" } };

  const connection = await loadConnection(db, platform, connectionId, now);
  if (!connection) return { status: 404, json: { error: "Unknown webhook address" } };

  if (req.sourceIp === undefined) req = { ...req, sourceIp: webhookSourceIp(req.headers.get("x-forwarded-for"), connection.environment) };
  let verdict;
  try {
    verdict = await verifier.verify(req, {
      connectionId,
      environment: connection.environment,
      baseUrl: connection.baseUrl,
      settings: connection.settings,
      credentials: connection.credentials,
    });
  } catch (err) {
    verdict = { ok: false as const, reason: `Verification failed: ${(err as Error).message}` };
  }
  if (!verdict.ok) {
    await db.insert(webhookEvents).values({
      partnerId: connection.partnerId,
      connectionId,
      platform,
      verified: false,
      verificationError: verdict.reason,
      payload: { bytes: Buffer.byteLength(req.rawBody), sourceIp: req.sourceIp ?? null },
    });
    log.warn("Webhook rejected", { platform, connectionId, reason: verdict.reason });
    return { status: verdict.status ?? 401, json: verdict.json ?? { error: "Unauthorized" } };
  }
  if (verdict.reply) return verdict.reply;
  // An empty 200 where the platform asks for no particular body: the answer costs no body stream to send.
  const ack = verdict.ack ?? { status: 200 };
  if (verdict.occurredAt && now - verdict.occurredAt.getTime() > REPLAY_WINDOW_MS) {
    // Recorded and acknowledged, not processed: refusing would make the platform retry and then switch the
    // webhook off, and the scheduled polls fetch whatever a stale delivery was about.
    await db.insert(webhookEvents).values({
      partnerId: connection.partnerId,
      connectionId,
      platform,
      verified: false,
      verificationError: "Outside the replay window",
      platformTimestamp: verdict.occurredAt,
    });
    return ack;
  }

  const eventId = verdict.eventId || crypto.createHash("sha256").update(req.rawBody).digest("hex");
  const rowId = crypto.randomUUID();
  const job = await prepareJob(webhookProcess, {
    partnerId: connection.partnerId,
    connectionId,
    data: { webhookEventId: rowId },
    idempotencyKey: `${platform}:${eventId}`,
  });
  const stored = await webhookEventWriter(db).store({
    id: rowId,
    partnerId: connection.partnerId,
    connectionId,
    platform,
    eventId,
    topic: verdict.topic ?? null,
    payloadJson: JSON.stringify(redact(verdict.payload ?? {})),
    platformTimestamp: verdict.occurredAt ?? null,
    job: job.row,
  });
  if (!stored.created) return ack;
  await dispatchJob(job);
  return ack;
}

/** The cabinet's Replay button: the stored event runs through its job again (a new job, same event). */
export async function replayWebhook(db: Db, partnerId: string, webhookEventId: string) {
  const [event] = await db
    .select()
    .from(webhookEvents)
    .where(and(eq(webhookEvents.partnerId, partnerId), eq(webhookEvents.id, webhookEventId), eq(webhookEvents.verified, true)));
  if (!event) return undefined;
  const { jobId } = await enqueueJob(db, {
    type: "webhook-process",
    partnerId,
    connectionId: event.connectionId,
    data: { webhookEventId: event.id },
    idempotencyKey: `replay:${event.id}:${Date.now()}`,
  });
  await db.update(webhookEvents).set({ jobId }).where(and(eq(webhookEvents.partnerId, partnerId), eq(webhookEvents.id, event.id)));
  return { jobId };
}
