// Pure readings of Ozon payloads: error bodies, warehouse lists, push notifications. No I/O here.
import crypto from "node:crypto";
import type { PlatformErrorDetail, PlatformErrorKind } from "../errors";

/** Ozon's error body: gRPC status code, message, protobuf Any details (specs/ozon, every 4xx/5xx response). */
export interface OzonErrorBody {
  code?: number;
  message?: string;
  details?: Array<{ typeUrl?: string; value?: string } | unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * An Ozon error answer → the platform's message, details and, where the HTTP status misleads, the kind.
 * The live API answers a wrong Api-Key with 404/5 "Invalid Api-Key…" and a non-numeric Client-Id with 400/3, so
 * both are read as bad credentials; a deactivated key is one too, a key restricted to other IP addresses is a
 * permission problem (Errors tag of the swagger).
 */
export function readOzonError(status: number, body: unknown): { message: string; details?: PlatformErrorDetail[]; kind?: PlatformErrorKind } | undefined {
  // Success answers carry per-item errors (stocks, prices): those are results, not a failed call.
  if (status < 400) return undefined;
  let message: string | undefined;
  let code: string | undefined;
  const details: PlatformErrorDetail[] = [];
  if (isObject(body)) {
    if (typeof body.message === "string" && body.message.trim()) message = body.message.trim();
    if (typeof body.code === "number" || typeof body.code === "string") code = String(body.code);
    // Some gateways wrap it: {error: {code, message, details}} (the push answer format).
    if (!message && isObject(body.error) && typeof body.error.message === "string") message = body.error.message;
    if (Array.isArray(body.details)) {
      for (const d of body.details) {
        if (isObject(d) && typeof d.value === "string" && d.value) details.push({ code: typeof d.typeUrl === "string" ? d.typeUrl : undefined, message: d.value });
        else if (typeof d === "string" && d) details.push({ message: d });
      }
    }
  } else if (typeof body === "string" && body.trim()) {
    message = body.trim().slice(0, 500);
  }
  if (!message) return undefined;
  const out: { message: string; details?: PlatformErrorDetail[]; kind?: PlatformErrorKind } = { message };
  if (details.length) out.details = details;
  else if (code) out.details = [{ code, message }];
  if (/missing a required role|restricted to specific ip/i.test(message)) out.kind = "permission";
  else if (/invalid api-key|headers are required|client-id header value|deactivated/i.test(message)) out.kind = "authentication";
  return out;
}

/** Ozon names no pause in its 429: the per-second limit clears within a second. */
export function ozonThrottleHintMs(status: number, body: unknown): number | undefined {
  if (status !== 429) return undefined;
  const message = isObject(body) && typeof body.message === "string" ? body.message : "";
  if (/per second/i.test(message)) return 1_000;
  if (/per minute/i.test(message)) return 60_000;
  return undefined;
}

export interface OzonWarehouse {
  warehouse_id: number;
  name: string;
  is_rfbs: boolean;
  status?: string;
}

/** POST /v1/warehouse/list answer → the seller's FBS/rFBS warehouses. */
export function readWarehouses(body: unknown): OzonWarehouse[] {
  const list = isObject(body) && Array.isArray(body.result) ? body.result : [];
  return list.filter(isObject).map((w) => ({
    warehouse_id: typeof w.warehouse_id === "number" ? w.warehouse_id : Number(w.warehouse_id),
    name: typeof w.name === "string" ? w.name : "",
    is_rfbs: w.is_rfbs === true,
    status: typeof w.status === "string" ? w.status : undefined,
  }));
}

/**
 * The seller as Kervan shows it. This contract has no seller-profile method (no /v1/seller/info in
 * specs/ozon/ozon-seller-api.swagger.json), so the account is named by its Client-Id.
 */
export function ozonAccountName(clientId: string): string {
  return `Ozon seller ${clientId}`;
}

export function describeWarehouses(warehouses: OzonWarehouse[]): string {
  if (warehouses.length === 0) return "no FBS or rFBS warehouses yet";
  const names = warehouses.map((w) => w.name || String(w.warehouse_id));
  return `${warehouses.length} warehouse${warehouses.length === 1 ? "" : "s"}: ${names.join(", ")}`;
}

// --- push notifications ---------------------------------------------------------------------------------------------

/** Ozon's push sender ranges (push_start tag of the swagger; also in the manifest). */
export const OZON_PUSH_RANGES = ["195.34.21.0/24", "185.73.192.0/22", "91.223.93.0/24"] as const;

/** The time the event happened, from the field its type carries (push_types tag). */
export function ozonOccurredAt(payload: Record<string, unknown>): Date | undefined {
  for (const key of ["changed_state_date", "in_process_at", "changed_at", "created_at", "time"]) {
    const v = payload[key];
    if (typeof v === "string") {
      const t = Date.parse(v);
      if (!Number.isNaN(t)) return new Date(t);
    }
  }
  return undefined;
}

/** JSON with keys sorted, so two deliveries of the same event hash alike whatever their key order. */
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

const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("hex");

/**
 * Ozon sends no event id. A posting event is identified by type + posting number + the state's time; any other
 * event by its whole content (redeliveries carry the same payload).
 */
export function ozonEventId(payload: Record<string, unknown>): string {
  const type = String(payload.message_type ?? "");
  const posting = typeof payload.posting_number === "string" ? payload.posting_number : undefined;
  const at = payload.changed_state_date ?? payload.in_process_at ?? payload.new_cutoff_date ?? payload.new_delivery_date_begin;
  if (posting && typeof at === "string") return `ozon:${sha256([type, posting, at, String(payload.new_state ?? "")].join("|"))}`;
  return `ozon:${sha256(canonicalJson(payload))}`;
}
