// Trendyol webhooks of a connection: registered with the callback credentials Kervan generated in the vault and
// the connection's intake address, kept in step with platform_webhooks. Trendyol's rules (15 per seller, no
// "trendyol"/"dolap"/"localhost" in the URL) are checked before calling, so the seller gets a clear reason.
import { and, eq, notInArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { platformWebhooks } from "@/db/schema";
import { env } from "@/server/env";
import { createTrendyolHttp } from "@/server/platforms/trendyol/client";
import {
  createWebhook,
  deleteWebhook,
  listWebhooks,
  setWebhookActive,
  TRENDYOL_MAX_WEBHOOKS,
  trendyolWebhookUrlProblem,
  updateWebhook,
  type TrendyolWebhookAuth,
  type TrendyolWebhookStatus,
} from "@/server/platforms/trendyol/webhooks-api";
import { webhookPath } from "@/server/platforms/webhook-paths";
import { readConnectionCredentials } from "@/server/vault";
import { buildConnectionContext } from "../connection-context";

export type WebhookRefusal = "limitReached" | "forbiddenUrl" | "invalidUrl" | "noCredentials" | "notTrendyol" | "notFound";

/** Refused before calling Trendyol; `code` is the message key suffix the cabinet translates. */
export class TrendyolWebhookRefused extends Error {
  constructor(
    readonly code: WebhookRefusal,
    message: string,
  ) {
    super(message);
    this.name = "TrendyolWebhookRefused";
  }
}

export interface WebhookServiceOptions {
  /** The cabinet's origin, used when APP_URL is not set. */
  origin?: string;
  sandboxUrl?: string;
}

/** The address Trendyol must call for this connection: `${APP_URL or origin}/api/webhooks/ty/<id>`. */
export function trendyolCallbackUrl(connectionId: string, origin?: string): string {
  const base = (env().APP_URL ?? origin ?? "").replace(/\/+$/, "");
  return `${base}${webhookPath("trendyol", connectionId)}`;
}

async function open(db: Db, partnerId: string, connectionId: string, opts: WebhookServiceOptions) {
  const ctx = await buildConnectionContext(db, partnerId, connectionId, { sandboxUrl: opts.sandboxUrl });
  if (ctx.platform !== "trendyol") throw new TrendyolWebhookRefused("notTrendyol", "Webhooks here are for Trendyol connections");
  return { sellerId: (ctx.settings.sellerId ?? "").trim(), http: createTrendyolHttp(ctx, { db }) };
}

/** The generated callback credentials; Basic when both halves exist, else the API key. */
async function callbackAuth(db: Db, partnerId: string, connectionId: string): Promise<TrendyolWebhookAuth> {
  const c = (await readConnectionCredentials(db, { partnerId, connectionId })) ?? {};
  if (c.webhookUsername && c.webhookPassword) return { authenticationType: "BASIC_AUTHENTICATION", username: c.webhookUsername, password: c.webhookPassword };
  if (c.webhookApiKey) return { authenticationType: "API_KEY", apiKey: c.webhookApiKey };
  throw new TrendyolWebhookRefused("noCredentials", "This connection has no generated webhook credentials; save the connection again to create them");
}

function checkUrl(url: string) {
  const problem = trendyolWebhookUrlProblem(url);
  if (problem === "forbiddenWord")
    throw new TrendyolWebhookRefused("forbiddenUrl", `Trendyol refuses webhook addresses containing "trendyol", "dolap" or "localhost": ${url}. Set APP_URL to a public address.`);
  if (problem === "invalid") throw new TrendyolWebhookRefused("invalidUrl", `Not a valid webhook address: ${url}. Set APP_URL to a public address.`);
}

/** Trendyol's list, with which of them call this connection; platform_webhooks is brought in line with it. */
export async function listTrendyolWebhooks(db: Db, partnerId: string, connectionId: string, opts: WebhookServiceOptions = {}) {
  const { sellerId, http } = await open(db, partnerId, connectionId, opts);
  const list = await listWebhooks(http, sellerId);
  const ours = trendyolCallbackUrl(connectionId, opts.origin);
  const ourPath = webhookPath("trendyol", connectionId);
  const mine = list.filter((w) => w.url.endsWith(ourPath));
  for (const w of mine) {
    const values = { url: w.url, topics: w.subscribedStatuses ?? [], authenticationType: w.authenticationType, active: w.status === "ACTIVE", updatedAt: new Date() };
    await db
      .insert(platformWebhooks)
      .values({ partnerId, connectionId, platform: "trendyol", externalId: w.id, ...values })
      .onConflictDoUpdate({ target: [platformWebhooks.connectionId, platformWebhooks.externalId], set: values, setWhere: eq(platformWebhooks.partnerId, partnerId) });
  }
  // Rows of webhooks Trendyol no longer has (deleted elsewhere) go.
  await db
    .delete(platformWebhooks)
    .where(
      and(
        eq(platformWebhooks.partnerId, partnerId),
        eq(platformWebhooks.connectionId, connectionId),
        ...(mine.length ? [notInArray(platformWebhooks.externalId, mine.map((w) => w.id))] : []),
      ),
    );
  return {
    callbackUrl: ours,
    limit: TRENDYOL_MAX_WEBHOOKS,
    /** Every webhook of the seller counts towards the limit, whichever system made it. */
    total: list.length,
    webhooks: list.map((w) => ({ ...w, subscribedStatuses: w.subscribedStatuses ?? [], active: w.status === "ACTIVE", ours: w.url.endsWith(ourPath) })),
  };
}

/** Registers a webhook that calls this connection's intake with its generated credentials. */
export async function createTrendyolWebhook(
  db: Db,
  partnerId: string,
  connectionId: string,
  input: { subscribedStatuses: TrendyolWebhookStatus[] },
  opts: WebhookServiceOptions = {},
) {
  const url = trendyolCallbackUrl(connectionId, opts.origin);
  checkUrl(url);
  const { sellerId, http } = await open(db, partnerId, connectionId, opts);
  const auth = await callbackAuth(db, partnerId, connectionId);
  const existing = await listWebhooks(http, sellerId);
  if (existing.length >= TRENDYOL_MAX_WEBHOOKS)
    throw new TrendyolWebhookRefused(
      "limitReached",
      `This Trendyol seller already has ${existing.length} webhooks, the most Trendyol allows (${TRENDYOL_MAX_WEBHOOKS}, deactivated ones included). Delete one first.`,
    );
  const id = await createWebhook(http, sellerId, { url, auth, subscribedStatuses: input.subscribedStatuses });
  await db
    .insert(platformWebhooks)
    .values({ partnerId, connectionId, platform: "trendyol", externalId: id, url, topics: input.subscribedStatuses, authenticationType: auth.authenticationType, active: true })
    .onConflictDoNothing();
  return { id, url };
}

async function ownedRow(db: Db, partnerId: string, connectionId: string, id: string) {
  const [row] = await db
    .select()
    .from(platformWebhooks)
    .where(and(eq(platformWebhooks.partnerId, partnerId), eq(platformWebhooks.connectionId, connectionId), eq(platformWebhooks.externalId, id)));
  return row;
}

/** Changes the subscribed statuses (and re-sends the current address and credentials). */
export async function updateTrendyolWebhook(
  db: Db,
  partnerId: string,
  connectionId: string,
  id: string,
  input: { subscribedStatuses: TrendyolWebhookStatus[] },
  opts: WebhookServiceOptions = {},
) {
  const url = trendyolCallbackUrl(connectionId, opts.origin);
  checkUrl(url);
  const { sellerId, http } = await open(db, partnerId, connectionId, opts);
  const auth = await callbackAuth(db, partnerId, connectionId);
  await updateWebhook(http, sellerId, id, { url, auth, subscribedStatuses: input.subscribedStatuses });
  const values = { url, topics: input.subscribedStatuses, authenticationType: auth.authenticationType, updatedAt: new Date() };
  await db
    .insert(platformWebhooks)
    .values({ partnerId, connectionId, platform: "trendyol", externalId: id, ...values })
    .onConflictDoUpdate({ target: [platformWebhooks.connectionId, platformWebhooks.externalId], set: values, setWhere: eq(platformWebhooks.partnerId, partnerId) });
}

export async function setTrendyolWebhookActive(db: Db, partnerId: string, connectionId: string, id: string, active: boolean, opts: WebhookServiceOptions = {}) {
  const { sellerId, http } = await open(db, partnerId, connectionId, opts);
  await setWebhookActive(http, sellerId, id, active);
  if (await ownedRow(db, partnerId, connectionId, id))
    await db
      .update(platformWebhooks)
      .set({ active, updatedAt: new Date() })
      .where(and(eq(platformWebhooks.partnerId, partnerId), eq(platformWebhooks.connectionId, connectionId), eq(platformWebhooks.externalId, id)));
}

export async function deleteTrendyolWebhook(db: Db, partnerId: string, connectionId: string, id: string, opts: WebhookServiceOptions = {}) {
  const { sellerId, http } = await open(db, partnerId, connectionId, opts);
  await deleteWebhook(http, sellerId, id);
  await db
    .delete(platformWebhooks)
    .where(and(eq(platformWebhooks.partnerId, partnerId), eq(platformWebhooks.connectionId, connectionId), eq(platformWebhooks.externalId, id)));
}
