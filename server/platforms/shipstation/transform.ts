// Pure ShipStation mappings: v1/v2 error bodies → messages, the account name from the stores list, Pacific-time dates,
// webhook event ids.
import crypto from "node:crypto";
import type { PlatformErrorDetail, PlatformErrorKind } from "../errors";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * ShipStation's error bodies: v1 (ASP.NET) {Message, ExceptionMessage?, ModelState?}, v1 throttling {message},
 * v2 {request_id, errors:[{error_source, error_type, error_code, message}]}, and plain text ("401 Unauthorized").
 */
export function readShipStationError(status: number, body: unknown): { message: string; details?: PlatformErrorDetail[]; kind?: PlatformErrorKind } | undefined {
  if (isObject(body) && Array.isArray(body.errors) && body.errors.length > 0) {
    const list = body.errors.filter(isObject);
    const details = list.map((e) => ({
      message: String(e.message ?? e.error_code ?? "error"),
      ...(typeof e.error_code === "string" ? { code: e.error_code } : {}),
      ...(typeof e.field_name === "string" ? { field: e.field_name } : {}),
    }));
    return { message: details.map((d) => d.message).join("; "), details };
  }
  if (isObject(body)) {
    const modelState = isObject(body.ModelState) ? body.ModelState : undefined;
    const details: PlatformErrorDetail[] = [];
    for (const [field, problems] of Object.entries(modelState ?? {})) {
      for (const p of Array.isArray(problems) ? problems : [problems]) details.push({ field: field.replace(/^api\w+\./, ""), message: String(p) });
    }
    const top = [body.ExceptionMessage, body.Message, body.message].find((v): v is string => typeof v === "string" && v.trim() !== "");
    if (top || details.length) {
      const message = details.length ? `${top ?? "The request is invalid."} ${details.map((d) => (d.field ? `${d.field}: ${d.message}` : d.message)).join("; ")}` : top!;
      return { message, ...(details.length ? { details } : {}) };
    }
  }
  if (typeof body === "string" && body.trim()) {
    const text = body.trim().slice(0, 200);
    if (status === 401) return { message: `ShipStation refused the API key and secret (${text})` };
    return { message: `ShipStation answered HTTP ${status}: ${text}` };
  }
  if (status === 401) return { message: "ShipStation refused the API key and secret (401 Unauthorized)" };
  return undefined;
}

/** v1 Store (specs/shipstation/shipstation-v1-openapi.thirdparty.yml). */
export interface ShipStationStore {
  storeId?: number;
  storeName?: string;
  marketplaceName?: string;
  companyName?: string | null;
  active?: boolean;
}

/** The name the cabinet shows for a ShipStation account: the company on its stores, else the first store's name. */
export function accountFromStores(stores: ShipStationStore[]): { accountName?: string; message: string } {
  const active = stores.filter((s) => s.active !== false);
  const company = active.map((s) => s.companyName?.trim()).find((c): c is string => !!c);
  const accountName = company ?? active[0]?.storeName ?? undefined;
  const names = active.map((s) => s.storeName).filter((n): n is string => !!n);
  const message = names.length
    ? `Connected to ShipStation: ${names.length} active store${names.length === 1 ? "" : "s"} (${names.join(", ")}).`
    : "Connected to ShipStation: the account has no active store yet.";
  return { ...(accountName ? { accountName } : {}), message };
}

const PACIFIC = new Intl.DateTimeFormat("en-US", {
  timeZone: "America/Los_Angeles",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

function pacificOffsetMs(instant: number): number {
  const p: Record<string, number> = {};
  for (const part of PACIFIC.formatToParts(new Date(instant))) if (part.type !== "literal") p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * ShipStation v1 dates are Pacific wall-clock time without an offset ("2015-06-29T08:46:27.0000000"): read them as
 * America/Los_Angeles. Values with an explicit offset or Z are read as given. Undefined when unreadable.
 */
export function parseShipStationDate(value: string | null | undefined): Date | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/(Z|[+-]\d\d:?\d\d)$/i.test(v)) {
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : new Date(t);
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?$/.exec(v);
  if (!m) return undefined;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, "0")) : 0;
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), ms);
  let t = wall - pacificOffsetMs(wall);
  t = wall - pacificOffsetMs(t);
  return new Date(t);
}

/** Formats an instant the way ShipStation v1 filters expect it (Pacific wall-clock time, no offset). */
export function formatShipStationDate(date: Date): string {
  const p: Record<string, string> = {};
  for (const part of PACIFIC.formatToParts(date)) if (part.type !== "literal") p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** v1 webhook payload: only where to fetch the changes (MARKETPLACES.md). */
export interface ShipStationWebhookPayload {
  resource_url: string;
  resource_type: string;
}

export function readWebhookPayload(body: unknown): ShipStationWebhookPayload | undefined {
  if (!isObject(body) || typeof body.resource_url !== "string" || typeof body.resource_type !== "string") return undefined;
  if (!body.resource_url || !body.resource_type) return undefined;
  return { resource_url: body.resource_url, resource_type: body.resource_type };
}

/** ShipStation sends no event id: the resource URL and type identify a delivery (repeats carry the same pair). */
export function webhookEventId(payload: ShipStationWebhookPayload): string {
  return crypto.createHash("sha256").update(`${payload.resource_type}\n${payload.resource_url}`).digest("hex");
}
