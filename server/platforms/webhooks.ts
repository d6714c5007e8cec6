/** An inbound webhook delivery, as the intake route received it (raw body: signatures are over the bytes). */
export interface InboundWebhook {
  method: string;
  url: URL;
  headers: Headers;
  rawBody: string;
  /** The caller's address; when absent the intake reads it from X-Forwarded-For (server/webhooks/source-ip.ts). */
  sourceIp?: string;
}

export interface WebhookConnection {
  connectionId: string;
  environment?: "production" | "sandbox";
  /** The connection's resolved API base URL (the simulator for Sandbox connections). */
  baseUrl?: string;
  settings: Record<string, string>;
  /** Decrypted credentials, including the webhook secrets Kervan generated for this connection. */
  credentials: Record<string, string>;
}

export type WebhookVerification =
  | {
      ok: true;
      /** The platform's event id, or a stable hash of the body where the platform sends none. */
      eventId: string;
      topic?: string;
      /** When the platform says the event happened (replay window and newest-state-wins). */
      occurredAt?: Date;
      payload: unknown;
      /** A platform-mandated answer (Ozon/Yandex PING, eBay challenge): sent as is, no job is created. */
      reply?: { status: number; json?: unknown; text?: string };
      /** The platform's required acknowledgement of a stored event (Ozon `{result:true}`); default an empty 200. */
      ack?: { status: number; json?: unknown };
    }
  | { ok: false; reason: string; status?: number; /** The platform's required error body. */ json?: unknown };

/** Each platform with webhooks implements this in server/platforms/<id>/webhook.ts. */
export interface WebhookVerifier {
  verify(req: InboundWebhook, connection: WebhookConnection): WebhookVerification | Promise<WebhookVerification>;
}
