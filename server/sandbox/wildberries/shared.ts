// Types and answer shapes shared by the Wildberries simulator's API sections.
import crypto from "node:crypto";
import type { Faults, SimRequest, SimResponse } from "../framework";
import type { BucketRule } from "./limits";

export interface WbSize {
  chrtID: number;
  techSize: string;
  wbSize: string;
  skus: string[];
}

export interface WbCard {
  nmID: number;
  imtID: number;
  nmUUID: string;
  subjectID: number;
  subjectName: string;
  vendorCode: string;
  brand: string;
  title: string;
  description: string;
  needKiz: boolean;
  photos: Array<Record<string, string>>;
  dimensions: { length: number; width: number; height: number; weightBrutto: number; isValid: boolean };
  characteristics: Array<{ id: number; name: string; value: unknown }>;
  sizes: WbSize[];
  tags: Array<{ id: number; name: string; color: string }>;
  createdAt: string;
  updatedAt: string;
}

export interface CardBatch {
  batchUUID: string;
  kind: "upload" | "update";
  readyAt: number;
  payload: unknown[];
  processed: boolean;
}

export interface CardErrorBatch {
  batchUUID: string;
  updatedAt: string;
  subjects: Record<string, { id: number; name: string }>;
  brands: Record<string, { id: number; name: string }>;
  vendorCodes: string[];
  errors: Record<string, string[]>;
}

export interface PriceTask {
  uploadID: number;
  uploadDate: string;
  readyAt: number;
  fingerprint: string;
  items: Array<{ nmID: number; price?: number; discount?: number }>;
  /** Filled when processed. */
  result?: { status: 3 | 5 | 6; goods: Array<{ nmID: number; price: number; discount: number; ok: boolean; errorText: string }> };
}

export interface FbsOrder {
  id: number;
  rid: string;
  orderUid: string;
  article: string;
  nmId: number;
  chrtId: number;
  skus: string[];
  warehouseId: number;
  officeId: number;
  offices: string[];
  price: number;
  convertedPrice: number;
  salePrice: number;
  currencyCode: number;
  convertedCurrencyCode: number;
  cargoType: 1 | 2 | 3;
  crossBorderType: 0 | 1;
  createdAt: string;
  deliveryType: "fbs";
  colorCode: string;
  comment: string;
  isZeroOrder: boolean;
  options: { isB2b: boolean };
  requiredMeta: string[];
  optionalMeta: string[];
  ddate: string;
  sellerDate: string | null;
  supplyId?: string;
  supplierStatus: "new" | "confirm" | "complete" | "cancel";
  wbStatus: "waiting" | "sorted" | "sold" | "canceled" | "canceled_by_client" | "declined_by_client" | "defect" | "ready_for_pickup";
}

export interface WbState {
  cards: Map<number, WbCard>;
  cardBatches: CardBatch[];
  cardErrors: CardErrorBatch[];
  prices: Map<number, { price: number; discount: number }>;
  priceTasks: Map<number, PriceTask>;
  stocks: Map<number, Map<number, number>>;
  /** Items a stocks PUT carried without chrtId: WB answers 204 and drops them (inspectable for tests). */
  ignoredStockItems: unknown[];
  orders: Map<number, FbsOrder>;
  supplies: Map<string, { id: string; name: string; createdAt: string; done: boolean }>;
  seq: number;
}

export interface WbContext {
  state: WbState;
  now: () => number;
  faults: Faults;
  /** Processes async work whose time has come (card batches, price tasks). */
  settle(): void;
  /** How long asynchronous work takes on the simulator's clock. */
  delays: { cardsMs: number; pricesMs: number };
  /** The bucket the current call was counted against (a 409 charges it extra). */
  bucket?: { key: string; rule: BucketRule };
}

export type WbHandler = (req: SimRequest & { params: Record<string, string> }, ctx: WbContext) => SimResponse | Promise<SimResponse>;

export interface WbRoute {
  method: string;
  /** Host prefix, e.g. "content-api". */
  host: string;
  pattern: string;
  operation: string;
  /** Which limiter group the call counts against. */
  limit: "content" | "contentUpload" | "prices" | "stocks" | "fbs" | "sellerInfo" | "ping";
  handler: WbHandler;
}

export const requestId = () => crypto.randomBytes(16).toString("hex");

/** Moscow time with offset, the way WB stamps TS fields. */
export function moscowIso(ms: number): string {
  return new Date(ms + 3 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "+03:00");
}

/** application/problem+json answer (auth, limits, server errors). */
export function problem(status: number, title: string, detail: string, origin: string, now: number): SimResponse {
  const statusText: Record<number, string> = {
    400: "Bad Request",
    401: "Unauthorized",
    402: "Payment Required",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
  };
  return {
    status,
    headers: { "content-type": "application/problem+json" },
    json: {
      title,
      detail,
      code: `${crypto.randomBytes(4).toString("hex")}-${crypto.randomBytes(6).toString("hex")}-[UK-${crypto.randomBytes(6).toString("base64url")}]`,
      requestId: requestId(),
      origin,
      status,
      statusText: statusText[status] ?? "Error",
      timestamp: new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z"),
    },
  };
}

/** Content and prices APIs, success: {data, error:false, errorText, additionalErrors}. */
export function contentAnswer(status: number, data: unknown, errorText = "", additionalErrors: unknown = null): SimResponse {
  return { status, json: { data, error: false, errorText, additionalErrors } };
}

export function contentError(status: number, errorText: string, additionalErrors: unknown = {}): SimResponse {
  return { status, json: { data: null, error: true, errorText, additionalErrors } };
}

/** Marketplace API: {code, message, data}. */
export function marketplaceError(status: number, code: string, message: string, data: unknown = null): SimResponse {
  return { status, json: { code, message, data } };
}

// Deterministic spread of failures: with rate r, item i fails when floor((i+1)·r) > floor(i·r).
export function failsAt(index: number, rate: number): boolean {
  if (rate <= 0) return false;
  if (rate >= 1) return true;
  return Math.floor((index + 1) * rate) > Math.floor(index * rate);
}

export function isInt(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v);
}
