// The webhooks page's query, shared by the server page (prefetch) and the browser (same key, so it hydrates).

export const WEBHOOKS_PAGE_SIZE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type WebhookStatusFilter = "" | "verified" | "rejected";

/** Filters live in the address: `?connectionId=<uuid>&status=verified|rejected`; anything else means "all". */
export function readWebhookFilters(get: (key: string) => string | null | undefined) {
  const connectionId = get("connectionId") ?? "";
  const status = get("status") ?? "";
  return {
    connectionId: UUID.test(connectionId) ? connectionId : "",
    status: (status === "verified" || status === "rejected" ? status : "") as WebhookStatusFilter,
  };
}

/** The `webhooks.list` input; absent filters are left out, not sent as undefined, so both sides build the same key. */
export function webhooksListInput(f: { connectionId: string; status: WebhookStatusFilter }, before?: Date) {
  return {
    ...(f.connectionId ? { connectionId: f.connectionId } : {}),
    ...(f.status ? { verified: f.status === "verified" } : {}),
    limit: WEBHOOKS_PAGE_SIZE,
    ...(before ? { before } : {}),
  };
}
