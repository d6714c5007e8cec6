// Pure readings of Yandex Market payloads: error bodies, throttle headers, campaigns, token scopes, notifications.
import crypto from "node:crypto";
import type { PlatformErrorDetail, PlatformErrorKind } from "../errors";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** `{status:"ERROR", errors:[{code, message}]}` (components/schemas/ApiErrorResponse.yaml) → message + details. */
export function readYandexError(status: number, body: unknown): { message: string; details?: PlatformErrorDetail[]; kind?: PlatformErrorKind } | undefined {
  if (status < 400) return undefined;
  if (isObject(body) && Array.isArray(body.errors)) {
    const details: PlatformErrorDetail[] = body.errors.filter(isObject).map((e) => ({
      code: typeof e.code === "string" ? e.code : undefined,
      message: typeof e.message === "string" && e.message ? e.message : String(e.code ?? "error"),
    }));
    if (details.length) return { message: details.map((d) => d.message).join("; "), details };
  }
  // Notification-style or gateway bodies.
  if (isObject(body) && isObject(body.error) && typeof body.error.message === "string") return { message: body.error.message };
  if (isObject(body) && typeof body.message === "string") return { message: body.message };
  if (typeof body === "string" && body.trim()) return { message: body.trim().slice(0, 500) };
  return undefined;
}

/**
 * How long to wait after a 420. A resource limit names its end in X-RateLimit-Resource-Until (RFC 822 date); the
 * parallel-requests limit names none, and clears as soon as a running request ends.
 */
export function yandexRetryAfterMs(status: number, headers: Headers, now: number = Date.now()): number | undefined {
  if (status !== 420) return undefined;
  const until = headers.get("x-ratelimit-resource-until");
  const remaining = headers.get("x-ratelimit-resource-remaining");
  if (until && (remaining === null || Number(remaining) <= 0)) {
    const at = Date.parse(until);
    if (!Number.isNaN(at)) return Math.max(1_000, at - now);
  }
  return 1_000;
}

export interface YandexCampaign {
  id: number;
  domain: string;
  businessId?: number;
  businessName?: string;
  placementType?: string;
  apiAvailability?: string;
}

/** GET /v2/campaigns answer → shops, and the next page if there is one. */
export function readCampaigns(body: unknown): { campaigns: YandexCampaign[]; pagesCount?: number; currentPage?: number; nextPageToken?: string } {
  const b = isObject(body) ? body : {};
  const list = Array.isArray(b.campaigns) ? b.campaigns.filter(isObject) : [];
  const pager = isObject(b.pager) ? b.pager : {};
  const paging = isObject(b.paging) ? b.paging : {};
  return {
    campaigns: list.map((c) => {
      const business = isObject(c.business) ? c.business : {};
      return {
        id: Number(c.id),
        domain: typeof c.domain === "string" ? c.domain : "",
        businessId: business.id === undefined ? undefined : Number(business.id),
        businessName: typeof business.name === "string" ? business.name : undefined,
        placementType: typeof c.placementType === "string" ? c.placementType : undefined,
        apiAvailability: typeof c.apiAvailability === "string" ? c.apiAvailability : undefined,
      };
    }),
    pagesCount: typeof pager.pagesCount === "number" ? pager.pagesCount : undefined,
    currentPage: typeof pager.currentPage === "number" ? pager.currentPage : undefined,
    nextPageToken: typeof paging.nextPageToken === "string" && paging.nextPageToken ? paging.nextPageToken : undefined,
  };
}

/** "Shop (Business)", the way the seller knows the connection. */
export function yandexAccountName(c: YandexCampaign): string {
  const shop = c.domain || `campaign ${c.id}`;
  return c.businessName && c.businessName !== shop ? `${shop} (${c.businessName})` : shop;
}

/** What apiAvailability values other than AVAILABLE mean (GetCampaignsResponse description). */
export const API_AVAILABILITY: Record<string, string> = {
  DISABLED_BY_INACTIVITY: "API access is disabled: the shop has been inactive",
  DISABLED_BY_NO_ACTIVE_CONTRACT: "API access is disabled: the shop has no active contract",
  MANUALLY_DISABLED: "API access was disabled manually",
  DISABLED_BY_NO_PLACEMENT_TYPE: "API access is disabled: the shop has no placement model",
};

/** Scope groups Kervan needs: catalog and stock, prices, orders (x-auth-scopes of the methods it calls). */
export const REQUIRED_SCOPES: Array<{ need: string; anyOf: string[] }> = [
  { need: "OFFERS_AND_CARDS_MANAGEMENT", anyOf: ["ALL_METHODS", "OFFERS_AND_CARDS_MANAGEMENT"] },
  { need: "PRICING", anyOf: ["ALL_METHODS", "PRICING"] },
  { need: "INVENTORY_AND_ORDER_PROCESSING", anyOf: ["ALL_METHODS", "INVENTORY_AND_ORDER_PROCESSING"] },
];

/** POST /v2/auth/token answer → the token's scopes (TokenDTO). */
export function readTokenScopes(body: unknown): { name?: string; scopes: string[] } | undefined {
  const result = isObject(body) && isObject(body.result) ? body.result : undefined;
  const apiKey = result && isObject(result.apiKey) ? result.apiKey : undefined;
  if (!apiKey || !Array.isArray(apiKey.authScopes)) return undefined;
  return { name: typeof apiKey.name === "string" ? apiKey.name : undefined, scopes: apiKey.authScopes.map(String) };
}

export function missingScopes(scopes: string[]): string[] {
  return REQUIRED_SCOPES.filter((r) => !r.anyOf.some((s) => scopes.includes(s))).map((r) => r.need);
}

// --- notifications --------------------------------------------------------------------------------------------------

/** Sender ranges of Yandex Market notifications (push-notifications page; also in the manifest). */
export const YANDEX_PUSH_RANGES = ["5.45.207.0/25", "141.8.142.0/25", "5.255.253.0/25"] as const;

const TIME_FIELDS = ["createdAt", "updatedAt", "cancelledAt", "requestedAt", "sentAt", "startedAt", "finishedAt", "publishedAt", "time"];

/** The event's time: createdAt, updatedAt or cancelledAt depending on the type (sendNotification reference). */
export function yandexOccurredAt(payload: Record<string, unknown>): Date | undefined {
  for (const key of TIME_FIELDS) {
    const v = payload[key];
    if (typeof v === "string") {
      const t = Date.parse(v);
      if (!Number.isNaN(t)) return new Date(t);
    }
  }
  return undefined;
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * Notifications carry no id of their own, and the Market repeats them. The id is a hash of the whole content
 * (keys sorted): a repeat hashes alike; a new status of the same order (new updatedAt) does not.
 */
export function yandexEventId(payload: Record<string, unknown>): string {
  const id = payload.notificationId ?? payload.id;
  if (typeof id === "string" || typeof id === "number") return `yandex-market:${id}`;
  return `yandex-market:${crypto.createHash("sha256").update(canonicalJson(payload)).digest("hex")}`;
}
