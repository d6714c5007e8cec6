// eBay notifications: the endpoint challenge (GET ?challenge_code=…) and signed deliveries (X-EBAY-SIGNATURE, ECDSA over
// the raw body with the public key eBay serves by kid). Answer 412 when the signature does not hold (MARKETPLACES.md).
import crypto from "node:crypto";
import type { ConnectionContext } from "../adapter";
import type { InboundWebhook, WebhookConnection, WebhookVerification, WebhookVerifier } from "../webhooks";
import { createEbayHttp } from "./client";
import { manifest } from "./manifest";
import { challengeResponse, parseSignatureHeader, readNotification, verifyEbaySignature } from "./transform";

export interface EbayPublicKey {
  key: string;
  algorithm?: string;
  digest?: string;
}

export interface EbayWebhookDeps {
  /** Fetches the public key for a kid (GET /commerce/notification/v1/public_key/{kid}). */
  fetchPublicKey(kid: string, connection: WebhookConnection): Promise<EbayPublicKey>;
  now?: () => number;
  /** How long a fetched key is trusted before it is fetched again; default 1 h. */
  keyTtlMs?: number;
}

/** Credential Kervan generated and registered as the destination's verificationToken. */
export const VERIFICATION_TOKEN_KEY = "webhookVerificationToken";
/** Setting with the endpoint URL exactly as registered at eBay (the challenge hash covers it). */
export const ENDPOINT_SETTING_KEY = "webhookEndpoint";

/** The endpoint as eBay knows it: the registered URL, else the request URL without challenge_code. */
function endpointOf(req: InboundWebhook, connection: WebhookConnection): string {
  const registered = connection.settings[ENDPOINT_SETTING_KEY];
  if (registered) return registered;
  const url = new URL(req.url.toString());
  url.searchParams.delete("challenge_code");
  return url.toString();
}

export function createEbayWebhookVerifier(deps: EbayWebhookDeps): WebhookVerifier & { clearKeyCache(): void } {
  const now = deps.now ?? Date.now;
  const ttl = deps.keyTtlMs ?? 3_600_000;
  const keys = new Map<string, { key: EbayPublicKey; at: number }>();

  async function keyFor(kid: string, connection: WebhookConnection): Promise<EbayPublicKey> {
    const hit = keys.get(kid);
    if (hit && now() - hit.at < ttl) return hit.key;
    const key = await deps.fetchPublicKey(kid, connection);
    keys.set(kid, { key, at: now() });
    return key;
  }

  return {
    clearKeyCache: () => keys.clear(),
    async verify(req: InboundWebhook, connection: WebhookConnection): Promise<WebhookVerification> {
      if (req.method === "GET") {
        const code = req.url.searchParams.get("challenge_code");
        if (!code) return { ok: false, reason: "GET without challenge_code", status: 400 };
        const token = connection.credentials[VERIFICATION_TOKEN_KEY];
        if (!token) return { ok: false, reason: "the connection has no eBay verification token", status: 500 };
        const answer = challengeResponse(code, token, endpointOf(req, connection));
        return { ok: true, eventId: `challenge:${code}`, topic: "challenge", payload: null, reply: { status: 200, json: { challengeResponse: answer } } };
      }
      const signature = parseSignatureHeader(req.headers.get("x-ebay-signature"));
      if (!signature) return { ok: false, reason: "missing or unreadable X-EBAY-SIGNATURE header", status: 412 };
      let key: EbayPublicKey;
      try {
        key = await keyFor(signature.kid, connection);
      } catch (err) {
        // Not the sender's fault: answer so that eBay retries later.
        return { ok: false, reason: `could not fetch eBay's public key ${signature.kid}: ${(err as Error).message}`, status: 503 };
      }
      if (!verifyEbaySignature(req.rawBody, { ...signature, digest: key.digest ?? signature.digest }, key.key)) {
        return { ok: false, reason: "X-EBAY-SIGNATURE does not match the body", status: 412 };
      }
      let payload: unknown;
      try {
        payload = JSON.parse(req.rawBody);
      } catch {
        return { ok: false, reason: "the signed body is not JSON", status: 400 };
      }
      const info = readNotification(payload);
      return {
        ok: true,
        eventId: info?.eventId ?? crypto.createHash("sha256").update(req.rawBody).digest("hex"),
        ...(info?.topic ? { topic: info.topic } : {}),
        ...(info?.occurredAt ? { occurredAt: info.occurredAt } : {}),
        payload,
        // eBay's documented acknowledgement of a valid delivery.
        ack: { status: 204 },
      };
    },
  };
}

/** Fetches the key through eBay (or the simulator) with an application token of the connection's developer app. */
export async function fetchPublicKeyWithConnection(kid: string, connection: WebhookConnection, deps: { fetch?: typeof fetch } = {}): Promise<EbayPublicKey> {
  const ctx: ConnectionContext = {
    connectionId: connection.connectionId,
    partnerId: connection.settings.partnerId ?? "",
    platform: "ebay",
    environment: connection.environment ?? (connection.settings.baseUrl ? "sandbox" : "production"),
    settings: connection.settings,
    credentials: connection.credentials,
    baseUrl: connection.baseUrl ?? connection.settings.baseUrl ?? manifest.baseUrls.production,
    memory: {},
  };
  const http = createEbayHttp(ctx, deps);
  const token = await http.applicationToken();
  const res = await http.request<EbayPublicKey>({
    operation: "getPublicKey",
    method: "GET",
    path: `/commerce/notification/v1/public_key/${encodeURIComponent(kid)}`,
    auth: { type: "bearer", token },
  });
  if (!res.body || typeof res.body.key !== "string") throw new Error("eBay answered without a key");
  return res.body;
}

export const webhook = createEbayWebhookVerifier({ fetchPublicKey: (kid, connection) => fetchPublicKeyWithConnection(kid, connection) });
