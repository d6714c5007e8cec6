import crypto from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { connections } from "@/db/schema";
import { credentialsSchema, getManifest, isPlatformId, secretFieldKeys, splitFields } from "@/server/platforms/registry";
import { PLATFORM_IDS, type PlatformId } from "@/server/platforms/types";
import { readConnectionCredentials, writeConnectionCredentials } from "@/server/vault";
import { recordActivity } from "./activity";

/**
 * Secrets Kervan generates for a connection's inbound webhooks (the credentials a platform must present when it
 * calls us). They live in the vault beside the partner's own credentials but are not form fields.
 */
export const WEBHOOK_SECRET_KEYS = ["webhookUsername", "webhookPassword", "webhookApiKey", "webhookToken", "webhookVerificationToken"] as const;

function generateWebhookSecrets(): Record<string, string> {
  const token = () => crypto.randomBytes(24).toString("base64url");
  return {
    webhookUsername: `kervan-${crypto.randomBytes(6).toString("hex")}`,
    webhookPassword: token(),
    webhookApiKey: token(),
    webhookToken: token(),
    // eBay requires 32–80 characters of [A-Za-z0-9_-].
    webhookVerificationToken: crypto.randomBytes(32).toString("hex"),
  };
}

/** Generated secrets of a stored credential object, so an edit of the form never drops them. */
const internalSecrets = (stored: Record<string, string> | null) =>
  Object.fromEntries(Object.entries(stored ?? {}).filter(([k]) => (WEBHOOK_SECRET_KEYS as readonly string[]).includes(k)));

export const connectionValues = z.record(z.string().max(100), z.string().max(4000));

export const createConnectionInput = z.object({
  platform: z.enum(PLATFORM_IDS),
  name: z.string().trim().min(1, "validation.connectionName").max(100, "validation.connectionName"),
  environment: z.enum(["production", "sandbox"]).default("production"),
  values: connectionValues,
});

export const updateConnectionInput = z.object({
  id: z.uuid(),
  name: z.string().trim().min(1, "validation.connectionName").max(100, "validation.connectionName"),
  environment: z.enum(["production", "sandbox"]),
  /** Secret fields left empty keep their stored value. */
  values: connectionValues,
});

/** What the browser may see of a connection: no ciphertext, secrets only as hints. */
const publicColumns = {
  id: connections.id,
  platform: connections.platform,
  name: connections.name,
  environment: connections.environment,
  status: connections.status,
  settings: connections.settings,
  credentialHints: connections.credentialHints,
  lastTestedAt: connections.lastTestedAt,
  lastTestResult: connections.lastTestResult,
  lastTestMessage: connections.lastTestMessage,
  createdAt: connections.createdAt,
  updatedAt: connections.updatedAt,
};

export type PublicConnection = Awaited<ReturnType<typeof listConnections>>[number];

export class ConnectionInputError extends Error {
  constructor(readonly fieldErrors: Record<string, string[]>) {
    super("Some connection fields are not valid");
    this.name = "ConnectionInputError";
  }
}

function validateValues(platform: PlatformId, values: Record<string, string>) {
  const manifest = getManifest(platform);
  const known = new Set(manifest.fields.map((f) => f.key));
  const unknown = Object.keys(values).filter((k) => !known.has(k));
  if (unknown.length) throw new ConnectionInputError(Object.fromEntries(unknown.map((k) => [k, ["validation.unknownField"]])));
  const parsed = credentialsSchema(manifest).safeParse(values);
  if (!parsed.success) {
    const errors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (errors[issue.path.join(".") || "_form"] ??= []).push(issue.message);
    throw new ConnectionInputError(errors);
  }
  const clean = Object.fromEntries(Object.entries(parsed.data as Record<string, unknown>).filter(([, v]) => typeof v === "string" && v !== "")) as Record<string, string>;
  return { manifest, ...splitFields(manifest, clean) };
}

export async function listConnections(db: Db, partnerId: string) {
  return db.select(publicColumns).from(connections).where(eq(connections.partnerId, partnerId)).orderBy(asc(connections.createdAt));
}

export async function getConnection(db: Db, partnerId: string, id: string) {
  const [row] = await db
    .select(publicColumns)
    .from(connections)
    .where(and(eq(connections.partnerId, partnerId), eq(connections.id, id)));
  return row;
}

export async function createConnection(db: Db, partnerId: string, raw: z.input<typeof createConnectionInput>) {
  const input = createConnectionInput.parse(raw);
  const { manifest, settings, secrets } = validateValues(input.platform, input.values);
  const [row] = await db
    .insert(connections)
    .values({ partnerId, platform: input.platform, name: input.name, environment: input.environment, settings, status: "pending" })
    .returning({ id: connections.id });
  await writeConnectionCredentials(db, { partnerId, connectionId: row!.id }, { ...generateWebhookSecrets(), ...secrets }, secretFieldKeys(manifest));
  await recordActivity(db, {
    partnerId,
    connectionId: row!.id,
    platform: input.platform,
    level: "info",
    message: `Connection "${input.name}" added`,
  });
  return (await getConnection(db, partnerId, row!.id))!;
}

export async function updateConnection(db: Db, partnerId: string, raw: z.input<typeof updateConnectionInput>) {
  const input = updateConnectionInput.parse(raw);
  const current = await getConnection(db, partnerId, input.id);
  if (!current || !isPlatformId(current.platform)) return undefined;
  const manifest = getManifest(current.platform);
  const secretKeys = secretFieldKeys(manifest);
  const stored = await readConnectionCredentials(db, { partnerId, connectionId: input.id });
  // Empty secret inputs mean "unchanged": merge the stored secrets under the new values before validating.
  const merged: Record<string, string> = { ...(stored ?? {}) };
  for (const [k, v] of Object.entries(input.values)) {
    if (secretKeys.includes(k) && v.trim() === "") continue;
    merged[k] = v;
  }
  for (const k of Object.keys(merged)) if (!secretKeys.includes(k) && !(k in input.values)) delete merged[k];
  const { settings, secrets } = validateValues(current.platform, merged);
  await db
    .update(connections)
    .set({ name: input.name, environment: input.environment, settings, updatedAt: new Date(), status: current.status === "disabled" ? "disabled" : "pending" })
    .where(and(eq(connections.partnerId, partnerId), eq(connections.id, input.id)));
  await writeConnectionCredentials(db, { partnerId, connectionId: input.id }, { ...internalSecrets(stored), ...secrets }, secretKeys);
  await recordActivity(db, { partnerId, connectionId: input.id, platform: current.platform, level: "info", message: `Connection "${input.name}" updated` });
  return getConnection(db, partnerId, input.id);
}

export async function setConnectionActive(db: Db, partnerId: string, id: string, active: boolean) {
  const [row] = await db
    .update(connections)
    .set({ status: active ? "pending" : "disabled", updatedAt: new Date() })
    .where(and(eq(connections.partnerId, partnerId), eq(connections.id, id)))
    .returning({ id: connections.id, name: connections.name, platform: connections.platform });
  if (!row) return undefined;
  await recordActivity(db, {
    partnerId,
    connectionId: id,
    platform: row.platform,
    level: "info",
    message: active ? `Connection "${row.name}" activated` : `Connection "${row.name}" deactivated`,
  });
  return getConnection(db, partnerId, id);
}

export async function deleteConnection(db: Db, partnerId: string, id: string) {
  const [row] = await db
    .delete(connections)
    .where(and(eq(connections.partnerId, partnerId), eq(connections.id, id)))
    .returning({ id: connections.id, name: connections.name, platform: connections.platform });
  if (!row) return false;
  await recordActivity(db, { partnerId, platform: row.platform, level: "info", message: `Connection "${row.name}" deleted` });
  return true;
}
