// Pure Shopify mappings: GraphQL error bodies → messages and kinds, cost extensions → throttle waits, shop
// answers → account name and missing scopes, errors → connection test outcomes.
import { testOutcomeForError, type ConnectionTestOutcome } from "../adapter";
import { PlatformError, type PlatformErrorDetail, type PlatformErrorKind } from "../errors";

export const SHOPIFY_API_VERSION = "2025-01";
export const SHOPIFY_GRAPHQL_PATH = `/admin/api/${SHOPIFY_API_VERSION}/graphql.json`;

/**
 * Scopes the custom app needs for what Kervan does: products and prices (write_products), stock
 * (write_inventory, read_locations), order import (read_orders). Webhook subscriptions need no scope of their own.
 */
export const REQUIRED_SCOPES = ["write_products", "write_inventory", "read_locations", "read_orders"] as const;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

interface GraphqlError {
  message?: unknown;
  path?: unknown;
  extensions?: { code?: unknown } & Record<string, unknown>;
}

const KIND_BY_CODE: Record<string, PlatformErrorKind> = {
  THROTTLED: "rate_limited",
  ACCESS_DENIED: "permission",
  UNAUTHORIZED: "authentication",
  INTERNAL_SERVER_ERROR: "transient",
  MAX_COST_EXCEEDED: "validation",
  MAX_INPUT_SIZE_EXCEEDED: "validation",
};
const KIND_PRIORITY = ["THROTTLED", "ACCESS_DENIED", "UNAUTHORIZED", "INTERNAL_SERVER_ERROR", "MAX_COST_EXCEEDED", "MAX_INPUT_SIZE_EXCEEDED"];

/**
 * Shopify answers in three shapes: `{errors: "[API] Invalid API key or access token …"}` (401), `{errors: {query:
 * "Required parameter missing or invalid"}}` (400), and GraphQL `{errors: [{message, extensions: {code}}]}` —
 * the last often with HTTP 200 (THROTTLED, ACCESS_DENIED, validation), so a 200 is read too.
 */
export function parseShopifyError(status: number, body: unknown): { message: string; details?: PlatformErrorDetail[]; kind?: PlatformErrorKind } | undefined {
  const errors = isObj(body) ? body.errors : undefined;
  const success = status >= 200 && status < 300;
  if (Array.isArray(errors) && errors.length > 0) {
    const list = errors.filter(isObj) as GraphqlError[];
    const details = list.map((e) => ({
      message: typeof e.message === "string" ? e.message : "Unknown error",
      ...(typeof e.extensions?.code === "string" ? { code: e.extensions.code } : {}),
      ...(Array.isArray(e.path) ? { field: e.path.join(".") } : {}),
    }));
    const codes = details.map((d) => d.code).filter((c): c is string => Boolean(c));
    const code = KIND_PRIORITY.find((c) => codes.includes(c));
    // On a 200 any top-level error means the operation did not run as asked.
    const kind = code ? KIND_BY_CODE[code] : success ? "validation" : undefined;
    return { message: [...new Set(details.map((d) => d.message))].join("; "), details, ...(kind ? { kind } : {}) };
  }
  if (success) return undefined;
  if (typeof errors === "string" && errors.trim()) return { message: errors.trim() };
  if (isObj(errors)) {
    const parts = Object.entries(errors).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : String(v)}`);
    if (parts.length) return { message: parts.join("; ") };
  }
  // 402: the shop's plan is unpaid (frozen); 423: the shop is locked. Neither is cured by retrying.
  if (status === 402) return { kind: "permission", message: "Shopify answered 402 Payment Required: the shop is frozen until its bill is paid" };
  if (status === 423) return { kind: "permission", message: "Shopify answered 423 Locked: the shop is locked" };
  if (typeof body === "string" && body.trim()) return { message: body.trim().replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim().slice(0, 300) };
  return undefined;
}

/**
 * How long to wait before the next call according to extensions.cost: when THROTTLED, until the bucket holds
 * the requested cost again; otherwise only once the bucket is lower than what the last query asked for.
 */
export function shopifyThrottleWaitMs(body: unknown): number | undefined {
  if (!isObj(body) || !isObj(body.extensions) || !isObj(body.extensions.cost)) return undefined;
  const cost = body.extensions.cost;
  const status = isObj(cost.throttleStatus) ? cost.throttleStatus : undefined;
  const requested = Number(cost.requestedQueryCost);
  const available = Number(status?.currentlyAvailable);
  const restore = Number(status?.restoreRate);
  if (!Number.isFinite(requested) || !Number.isFinite(available) || !(restore > 0)) return undefined;
  if (available >= requested) return undefined;
  return Math.ceil(((requested - available) / restore) * 1000);
}

export interface ShopTestAnswer {
  shop?: { name?: unknown; myshopifyDomain?: unknown } | null;
  currentAppInstallation?: { accessScopes?: Array<{ handle?: unknown }> | null } | null;
}

export function shopifyAccountName(data: unknown): string | undefined {
  const shop = isObj(data) && isObj(data.shop) ? data.shop : undefined;
  return typeof shop?.name === "string" && shop.name.trim() ? shop.name.trim() : undefined;
}

/** The required scopes the installation lacks (a write scope covers its read scope). */
export function missingScopes(data: unknown, required: readonly string[] = REQUIRED_SCOPES): string[] {
  const install = isObj(data) && isObj(data.currentAppInstallation) ? data.currentAppInstallation : undefined;
  const granted = new Set(
    (Array.isArray(install?.accessScopes) ? install.accessScopes : []).flatMap((s) => (isObj(s) && typeof s.handle === "string" ? [s.handle] : [])),
  );
  return required.filter((scope) => !granted.has(scope) && !(scope.startsWith("read_") && granted.has(scope.replace(/^read_/, "write_"))));
}

/** "my-store.myshopify.com", "https://my-store.myshopify.com/admin" or "my-store" → "my-store". */
export function shopSubdomain(shopDomain: string | undefined): string | undefined {
  const v = (shopDomain ?? "").trim().toLowerCase().replace(/^https?:\/\//, "").split("/")[0]!;
  const m = /^([a-z0-9][a-z0-9-]*)(\.myshopify\.com)?$/.exec(v);
  return m?.[1];
}

/**
 * The origin requests go to: the simulator or an admin override as given; the manifest's production address with
 * {shop} filled in from the shop domain. Any /admin/api/…/graphql.json suffix is cut: the client adds the pinned one.
 */
export function shopifyBaseUrl(baseUrl: string, shopDomain: string | undefined): string {
  let url = baseUrl;
  if (url.includes("{shop}")) url = url.replace("{shop}", shopSubdomain(shopDomain) ?? "");
  return url.replace(/\/admin\/api\/[^/]+\/graphql\.json\/?$/, "").replace(/\/+$/, "");
}

export function shopifyOutcomeFromError(err: unknown): ConnectionTestOutcome {
  if (!(err instanceof PlatformError)) return { status: "unreachable", message: err instanceof Error ? err.message : String(err) };
  // No shop answers at this address: the shop domain is wrong.
  return testOutcomeForError(err, { status: { not_found: "bad_credentials" }, message: (e) => (e.kind === "not_found" ? `${e.message} (check the shop domain)` : undefined) });
}
