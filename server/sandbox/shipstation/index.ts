// Stateful ShipStation simulator. v1 (https://ssapi.shipstation.com): Basic apiKey:apiSecret, 40 requests/min per key
// with X-Rate-Limit-* headers on every answer, stores, warehouses, carriers, orders (paged ≤ 500, createorder upsert by
// orderKey, createorders batch, markasshipped, createlabelfororder), shipments, webhooks with {resource_url,
// resource_type} deliveries. v2 (/v2/…): header api-key, 200/min (sandbox keys 20/min) with Retry-After, warehouses,
// labels (create, get, void, track) and environment webhooks (track events with the registered custom headers).
// Contracts: specs/shipstation/ (v1 is a third-party reconstruction, see SOURCE.md).
import crypto from "node:crypto";
import { json, matchRoute, noFaults, type Faults, type Route, type SimRequest, type SimResponse, type Simulator } from "../framework";
import { SANDBOX_ACCOUNTS } from "./accounts";
import { fromShipStationDate, toShipStationDate } from "./dates";

export { SANDBOX_ACCOUNTS } from "./accounts";
export { fromShipStationDate, toShipStationDate } from "./dates";

/** v1: 40 requests per minute per API key (MARKETPLACES.md). */
export const V1_REQUESTS_PER_MINUTE = 40;
/** v2: 200 requests per minute, sandbox (TEST_) keys 20 (MARKETPLACES.md). */
export const V2_REQUESTS_PER_MINUTE = 200;
export const V2_SANDBOX_REQUESTS_PER_MINUTE = 20;
/** GET /orders pageSize ≤ 500 (specs/shipstation/shipstation-v1-openapi.thirdparty.yml). */
export const ORDERS_PAGE_MAX = 500;
/** POST /orders/createorders takes at most 100 orders (ShipStation v1 docs). */
export const CREATE_ORDERS_MAX = 100;

export const V1_WEBHOOK_EVENTS = ["ORDER_NOTIFY", "ITEM_ORDER_NOTIFY", "SHIP_NOTIFY", "ITEM_SHIP_NOTIFY"] as const;
export type V1WebhookEvent = (typeof V1_WEBHOOK_EVENTS)[number];
const V2_WEBHOOK_EVENTS = ["batch", "carrier_connected", "order_source_refresh_complete", "rate", "report_complete", "sales_orders_imported", "track"];

const ORDER_STATUSES = ["awaiting_payment", "awaiting_shipment", "pending_fulfillment", "shipped", "on_hold", "cancelled"] as const;
type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface SsAddress {
  name?: string;
  company?: string | null;
  street1?: string;
  street2?: string | null;
  street3?: string | null;
  city?: string;
  state?: string;
  postalCode?: string;
  country?: string;
  phone?: string | null;
  residential?: boolean | null;
}

export interface SsOrderItem {
  orderItemId?: number;
  lineItemKey?: string | null;
  sku?: string;
  name?: string;
  quantity?: number;
  unitPrice?: number;
  [k: string]: unknown;
}

export interface SsOrder {
  orderId: number;
  orderNumber: string;
  orderKey: string;
  orderDate: string;
  createDate: string;
  modifyDate: string;
  paymentDate: string | null;
  shipByDate: string | null;
  orderStatus: OrderStatus;
  customerId: number | null;
  customerUsername: string | null;
  customerEmail: string | null;
  billTo: SsAddress;
  shipTo: SsAddress;
  items: SsOrderItem[];
  orderTotal: number;
  amountPaid: number;
  taxAmount: number;
  shippingAmount: number;
  customerNotes: string | null;
  internalNotes: string | null;
  gift: boolean;
  paymentMethod: string | null;
  requestedShippingService: string | null;
  carrierCode: string | null;
  serviceCode: string | null;
  packageCode: string | null;
  confirmation: string;
  shipDate: string | null;
  advancedOptions: { storeId: number; [k: string]: unknown };
  tagIds: number[] | null;
  externallyFulfilled: boolean;
  /** Not part of the API answer: which import batch brought the order (resource_url filter). */
  importBatch?: string;
}

interface SsShipment {
  shipmentId: number;
  orderId: number;
  orderKey: string;
  orderNumber: string;
  createDate: string;
  shipDate: string;
  shipmentCost: number;
  insuranceCost: number;
  trackingNumber: string;
  isReturnLabel: boolean;
  carrierCode: string;
  serviceCode: string | null;
  packageCode: string | null;
  confirmation: string;
  warehouseId: number;
  voided: boolean;
  voidDate: string | null;
  marketplaceNotified: boolean;
  notifyErrorMessage: string | null;
  shipTo: SsAddress;
  advancedOptions: { storeId: number };
  batchId: string;
}

interface V1Webhook {
  WebHookID: number;
  SellerID: number;
  StoreID: number | null;
  HookType: V1WebhookEvent;
  MessageFormat: "Json";
  Url: string;
  Name: string | null;
  Active: boolean;
  IsLabelAPIHook: boolean;
}

interface V2Webhook {
  webhook_id: string;
  url: string;
  event: string;
  headers?: Array<{ key: string; value: string }>;
}

/** A v2 label as ShipStation answers it (create_label_response_body: every field present, null when empty). */
interface V2Label {
  label_id: string;
  status: "processing" | "completed" | "error" | "voided";
  shipment_id: string;
  ship_date: string;
  created_at: string;
  shipment_cost: { currency: string; amount: number };
  insurance_cost: { currency: string; amount: number };
  tracking_number: string;
  is_return_label: boolean;
  rma_number: string | null;
  is_international: boolean;
  batch_id: string;
  carrier_id: string;
  charge_event: string;
  service_code: string;
  package_code: string;
  voided: boolean;
  voided_at: string | null;
  label_format: string;
  display_scheme: string;
  label_layout: string;
  trackable: boolean;
  label_image_id: string | null;
  carrier_code: string;
  tracking_status: "unknown" | "in_transit" | "error" | "delivered";
  label_download: { href: string; pdf: string; png: string; zpl: string };
  form_download: null;
  paperless_download: null;
  insurance_claim: null;
  packages: Array<Record<string, unknown>>;
  rate_details: unknown[];
  tracking_url: string;
}

interface ShipStationState {
  orders: Map<number, SsOrder>;
  shipments: Map<number, SsShipment>;
  webhooks: Map<number, V1Webhook>;
  v2webhooks: Map<string, V2Webhook>;
  labels: Map<string, V2Label>;
  outbox: Array<{ url: string; body: { resource_url: string; resource_type: string; data?: unknown }; headers: Record<string, string> }>;
  windows: Map<string, { start: number; count: number }>;
  seq: number;
}

export interface WebhookDelivery {
  url: string;
  headers: Record<string, string>;
  body: string;
  status: number | "error";
}

export interface ShipStationSimulatorOptions {
  /** Clock (ms); tests move it across rate-limit windows. */
  now?: () => number;
  /** Where the simulator is reachable (resource_url of webhook payloads); default http://<Host header>/sandbox/shipstation. */
  publicBaseUrl?: string;
  /** Outbound webhook deliveries; default global fetch. */
  fetch?: typeof fetch;
}

export interface ShipStationSimulator extends Simulator {
  platform: "shipstation";
  /** Adds orders the way a store import does (with an ORDER_NOTIFY webhook to subscribers). */
  importOrders(orders: Array<Partial<SsOrder> & { orderNumber: string }>, opts?: { storeId?: number; baseUrl?: string }): SsOrder[];
  /** Sends queued webhook deliveries, honouring faults.duplicateWebhooks and faults.outOfOrderWebhooks. */
  flushWebhooks(opts?: { fetch?: typeof fetch }): Promise<WebhookDelivery[]>;
  /** The next webhook payload queued for delivery (tests). */
  pendingWebhooks(): Array<{ url: string; body: { resource_url: string; resource_type: string; data?: unknown }; headers: Record<string, string> }>;
  inspect(): { orders: SsOrder[]; shipments: SsShipment[]; webhooks: V1Webhook[]; labels: V2Label[] };
}

const STORES = [
  {
    storeId: 310001,
    storeName: "Kervan Demo Shop",
    marketplaceId: 0,
    marketplaceName: "Custom Store",
    accountName: null,
    email: "ops@kervan-demo.example",
    integrationUrl: "https://kervan-demo.example/shipstation",
    active: true,
    companyName: SANDBOX_ACCOUNTS.main.companyName,
    phone: "+1 512 555 0100",
    publicEmail: "hello@kervan-demo.example",
    website: "https://kervan-demo.example",
    refreshDate: "2024-05-01T09:00:00.0000000",
    lastRefreshAttempt: "2024-05-01T09:00:00.0000000",
    createDate: "2023-11-02T10:15:00.0000000",
    modifyDate: "2024-04-01T08:00:00.0000000",
    autoRefresh: true,
  },
  {
    storeId: 310002,
    storeName: "Manual Orders",
    marketplaceId: 0,
    marketplaceName: "ShipStation",
    accountName: null,
    email: null,
    integrationUrl: null,
    active: true,
    companyName: SANDBOX_ACCOUNTS.main.companyName,
    phone: null,
    publicEmail: null,
    website: null,
    refreshDate: null,
    lastRefreshAttempt: null,
    createDate: "2023-11-02T10:15:00.0000000",
    modifyDate: "2023-11-02T10:15:00.0000000",
    autoRefresh: false,
  },
];

const WAREHOUSE_ADDRESS: SsAddress = {
  name: "Kervan Fulfilment",
  company: "Kervan Sandbox Shipping",
  street1: "500 E 5th St",
  street2: null,
  street3: null,
  city: "Austin",
  state: "TX",
  postalCode: "78701",
  country: "US",
  phone: "5125550100",
  residential: false,
};

const WAREHOUSES = [
  { warehouseId: 77001, warehouseName: "Austin DC", originAddress: WAREHOUSE_ADDRESS, returnAddress: WAREHOUSE_ADDRESS, createDate: "2023-11-02T10:15:00.0000000", isDefault: true },
];

/** v2 carrier accounts (carrier_id → code), the same carriers as v1. */
export const V2_CARRIERS: Record<string, { carrier_code: string; services: string[] }> = {
  "se-12001": { carrier_code: "stamps_com", services: ["usps_priority_mail", "usps_ground_advantage"] },
  "se-12002": { carrier_code: "ups", services: ["ups_ground", "ups_2nd_day_air"] },
};

const CARRIERS = [
  { name: "Stamps.com", code: "stamps_com", accountNumber: "kervan-sbx", requiresFundedAccount: true, balance: 125.5, nickname: null, shippingProviderId: 12001, primary: true },
  { name: "UPS by ShipStation", code: "ups_walleted", accountNumber: "kervan-ups", requiresFundedAccount: true, balance: 80, nickname: null, shippingProviderId: 12002, primary: false },
];

// Deterministic spread of failures: with rate r, item i fails when floor((i+1)·r) > floor(i·r).
function failsAt(index: number, rate: number): boolean {
  if (rate <= 0) return false;
  if (rate >= 1) return true;
  return Math.floor((index + 1) * rate) > Math.floor(index * rate);
}

/** A copy without the given keys (internal bookkeeping never leaves the simulator). */
function omit<T extends object, K extends keyof T>(o: T, ...keys: K[]): Omit<T, K> {
  const copy = { ...o };
  for (const k of keys) delete copy[k];
  return copy;
}

/** ASP.NET-style v1 errors: {Message, ExceptionMessage?, ModelState?}. */
const v1Error = (status: number, message: string, extra: Record<string, unknown> = {}) => json(status, { Message: message, ...extra });
const modelState = (field: string, problem: string) => v1Error(400, "The request is invalid.", { ModelState: { [field]: [problem] } });

export function createShipStationSimulator(opts: ShipStationSimulatorOptions = {}): ShipStationSimulator {
  const now = opts.now ?? Date.now;
  const faults: Faults = noFaults();
  let state = initialState();
  let lastBase = opts.publicBaseUrl ?? "http://127.0.0.1/sandbox/shipstation";

  function initialState(): ShipStationState {
    const s: ShipStationState = {
      orders: new Map(),
      shipments: new Map(),
      webhooks: new Map(),
      v2webhooks: new Map(),
      labels: new Map(),
      outbox: [],
      windows: new Map(),
      seq: 500_000,
    };
    const t = now();
    const h = 3_600_000;
    const seed = (id: number, n: string, status: OrderStatus, ageH: number, sku: string, name: string, qty: number, price: number, storeId: number): SsOrder => {
      const addr: SsAddress = { name: "Jane Doe", company: null, street1: "1 Main St", street2: null, street3: null, city: "Springfield", state: "IL", postalCode: "62701", country: "US", phone: "2175550123", residential: true };
      return {
        orderId: id,
        orderNumber: n,
        orderKey: `kervan-${n}`,
        orderDate: toShipStationDate(t - ageH * h),
        createDate: toShipStationDate(t - ageH * h + 60_000),
        modifyDate: toShipStationDate(t - ageH * h + 120_000),
        paymentDate: status === "awaiting_payment" ? null : toShipStationDate(t - ageH * h),
        shipByDate: null,
        orderStatus: status,
        customerId: 9001,
        customerUsername: "jane@example.com",
        customerEmail: "jane@example.com",
        billTo: { ...addr },
        shipTo: addr,
        items: [{ orderItemId: id * 10 + 1, lineItemKey: `${n}-1`, sku, name, quantity: qty, unitPrice: price, taxAmount: 0, shippingAmount: 0, options: [], productId: null, fulfillmentSku: null, adjustment: false, upc: null }],
        orderTotal: +(qty * price).toFixed(2),
        amountPaid: status === "awaiting_payment" ? 0 : +(qty * price).toFixed(2),
        taxAmount: 0,
        shippingAmount: 0,
        customerNotes: null,
        internalNotes: null,
        gift: false,
        paymentMethod: "CreditCard",
        requestedShippingService: "Ground",
        carrierCode: status === "shipped" ? "stamps_com" : null,
        serviceCode: status === "shipped" ? "usps_priority_mail" : null,
        packageCode: "package",
        confirmation: "none",
        shipDate: status === "shipped" ? toShipStationDate(t - (ageH - 2) * h).slice(0, 10) : null,
        advancedOptions: { storeId, warehouseId: 77001, source: null, mergedOrSplit: false },
        tagIds: null,
        externallyFulfilled: false,
        importBatch: "seed",
      };
    };
    for (const o of [
      seed(500101, "KRV-1001", "shipped", 72, "KRV-MUG-01", "Kervan ceramic mug", 2, 14.99, 310001),
      seed(500102, "KRV-1002", "awaiting_shipment", 20, "KRV-TSHIRT-RED-M", "Kervan T-shirt red M", 1, 24.5, 310001),
      seed(500103, "KRV-1003", "awaiting_payment", 2, "KRV-CAP-BLUE", "Kervan cap blue", 3, 12, 310002),
    ]) {
      s.orders.set(o.orderId, o);
    }
    return s;
  }

  // ---------- auth and limits ----------

  function basicAuth(req: SimRequest): { ok: true; apiKey: string } | { ok: false } {
    const m = /^Basic\s+(.+)$/i.exec(req.headers.get("authorization") ?? "");
    if (!m) return { ok: false };
    const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
    const i = decoded.indexOf(":");
    const key = i >= 0 ? decoded.slice(0, i) : decoded;
    const secret = i >= 0 ? decoded.slice(i + 1) : "";
    const account = Object.values(SANDBOX_ACCOUNTS).find((a) => a.values.apiKey === key && a.values.apiSecret === secret);
    return account ? { ok: true, apiKey: key } : { ok: false };
  }

  /** Fixed one-minute windows per key, as ShipStation counts them; returns the headers and whether the call is allowed. */
  function take(bucket: string, limit: number): { allowed: boolean; remaining: number; resetSeconds: number } {
    const t = now();
    let w = state.windows.get(bucket);
    if (!w || t >= w.start + 60_000) {
      w = { start: t, count: 0 };
      state.windows.set(bucket, w);
    }
    const resetSeconds = Math.max(1, Math.ceil((w.start + 60_000 - t) / 1000));
    if (w.count >= limit) return { allowed: false, remaining: 0, resetSeconds };
    w.count++;
    return { allowed: true, remaining: limit - w.count, resetSeconds };
  }

  function peek(bucket: string, limit: number) {
    const t = now();
    const w = state.windows.get(bucket);
    if (!w || t >= w.start + 60_000) return { remaining: limit, resetSeconds: 60 };
    return { remaining: Math.max(0, limit - w.count), resetSeconds: Math.max(1, Math.ceil((w.start + 60_000 - t) / 1000)) };
  }

  const v1Headers = (remaining: number, resetSeconds: number): Record<string, string> => ({
    "X-Rate-Limit-Limit": String(V1_REQUESTS_PER_MINUTE),
    "X-Rate-Limit-Remaining": String(remaining),
    "X-Rate-Limit-Reset": String(resetSeconds),
  });

  const v1TooMany = (resetSeconds: number): SimResponse => json(429, { message: "Too Many Requests" }, v1Headers(0, resetSeconds));

  const v2Error = (status: number, errorType: string, errorCode: string, message: string, headers?: Record<string, string>): SimResponse =>
    json(status, { request_id: crypto.randomUUID(), errors: [{ error_source: "ShipStation", error_type: errorType, error_code: errorCode, message }] }, headers);

  function v2Limit(apiKey: string) {
    return apiKey.startsWith("TEST_") ? V2_SANDBOX_REQUESTS_PER_MINUTE : V2_REQUESTS_PER_MINUTE;
  }

  // ---------- v1 views ----------

  const orderView = (o: SsOrder) => omit(o, "importBatch");

  function recompute(o: SsOrder) {
    const items = o.items.reduce((sum, i) => sum + (i.quantity ?? 0) * (i.unitPrice ?? 0), 0);
    o.orderTotal = +(items + o.taxAmount + o.shippingAmount).toFixed(2);
  }

  function queue(event: V1WebhookEvent | "SHIP_NOTIFY", resourceUrl: string, storeId: number) {
    for (const hook of state.webhooks.values()) {
      if (!hook.Active) continue;
      if (hook.HookType !== event && !(event === "ORDER_NOTIFY" && hook.HookType === "ITEM_ORDER_NOTIFY") && !(event === "SHIP_NOTIFY" && hook.HookType === "ITEM_SHIP_NOTIFY")) continue;
      if (hook.StoreID !== null && hook.StoreID !== storeId) continue;
      const url = hook.HookType.startsWith("ITEM_") ? `${resourceUrl}&includeOrderItems=True` : resourceUrl;
      state.outbox.push({ url: hook.Url, body: { resource_url: url, resource_type: hook.HookType }, headers: { "content-type": "application/json" } });
    }
  }

  // ---------- v1 handlers ----------

  /** Route handlers get the simulator's public base URL (for resource_url and links) as their state. */
  type H = Route<string>["handler"];

  const listStores: H = (req) => {
    const showInactive = req.query.get("showInactive") === "true";
    const marketplaceId = req.query.get("marketplaceId");
    return json(
      200,
      STORES.filter((s) => (showInactive || s.active) && (marketplaceId === null || String(s.marketplaceId) === marketplaceId)),
    );
  };

  const getStore: H = (req) => {
    const store = STORES.find((s) => String(s.storeId) === req.params.storeId);
    return store ? json(200, store) : v1Error(404, "Store not found");
  };

  const listWarehouses: H = () => json(200, WAREHOUSES);
  const listCarriers: H = () => json(200, CARRIERS);

  function dateFilter(req: SimRequest, name: string): number | undefined | SimResponse {
    const raw = req.query.get(name);
    if (raw === null || raw === "") return undefined;
    const t = fromShipStationDate(raw);
    if (t === undefined) return modelState(name, `The value '${raw}' is not valid for ${name}.`);
    return t;
  }

  const listOrders: H = (req) => {
    const pageRaw = req.query.get("page");
    const sizeRaw = req.query.get("pageSize");
    const page = pageRaw === null ? 1 : Number(pageRaw);
    const pageSize = sizeRaw === null ? 100 : Number(sizeRaw);
    if (!Number.isInteger(page) || page < 1) return modelState("page", "page must be 1 or more.");
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > ORDERS_PAGE_MAX) return modelState("pageSize", `pageSize must be between 1 and ${ORDERS_PAGE_MAX}.`);
    const status = req.query.get("orderStatus");
    if (status !== null && !(ORDER_STATUSES as readonly string[]).includes(status)) return modelState("orderStatus", `The value '${status}' is not valid for orderStatus.`);
    const filters: Array<[string, keyof SsOrder, "start" | "end"]> = [
      ["modifyDateStart", "modifyDate", "start"],
      ["modifyDateEnd", "modifyDate", "end"],
      ["createDateStart", "createDate", "start"],
      ["createDateEnd", "createDate", "end"],
      ["orderDateStart", "orderDate", "start"],
      ["orderDateEnd", "orderDate", "end"],
      ["paymentDateStart", "paymentDate", "start"],
      ["paymentDateEnd", "paymentDate", "end"],
    ];
    const bounds: Array<{ field: keyof SsOrder; side: "start" | "end"; t: number }> = [];
    for (const [param, field, side] of filters) {
      const t = dateFilter(req, param);
      if (typeof t === "object") return t;
      if (t !== undefined) bounds.push({ field, side, t });
    }
    const storeId = req.query.get("storeId");
    const orderNumber = req.query.get("orderNumber");
    const importBatch = req.query.get("importBatch");
    const customerName = req.query.get("customerName")?.toLowerCase();
    let list = [...state.orders.values()].filter((o) => {
      if (status && o.orderStatus !== status) return false;
      if (storeId && String(o.advancedOptions.storeId) !== storeId) return false;
      if (orderNumber && !o.orderNumber.startsWith(orderNumber)) return false;
      if (importBatch && o.importBatch !== importBatch) return false;
      if (customerName && !(o.shipTo.name ?? "").toLowerCase().includes(customerName)) return false;
      for (const b of bounds) {
        const v = o[b.field];
        const t = typeof v === "string" ? fromShipStationDate(v) : undefined;
        if (t === undefined) return false;
        if (b.side === "start" ? t < b.t : t > b.t) return false;
      }
      return true;
    });
    const sortBy = req.query.get("sortBy");
    const dir = req.query.get("sortDir") === "DESC" ? -1 : 1;
    const key: keyof SsOrder | undefined = sortBy === "OrderDate" ? "orderDate" : sortBy === "ModifyDate" ? "modifyDate" : sortBy === "CreateDate" ? "createDate" : undefined;
    list = list.sort((a, b) => dir * (key ? (fromShipStationDate(a[key] as string) ?? 0) - (fromShipStationDate(b[key] as string) ?? 0) || a.orderId - b.orderId : a.orderId - b.orderId));
    const total = list.length;
    return json(200, { orders: list.slice((page - 1) * pageSize, page * pageSize).map(orderView), total, page, pages: Math.ceil(total / pageSize) });
  };

  const getOrder: H = (req) => {
    const o = state.orders.get(Number(req.params.orderId));
    return o ? json(200, orderView(o)) : v1Error(404, "Order not found");
  };

  const deleteOrder: H = (req) => {
    const id = Number(req.params.orderId);
    if (!state.orders.delete(id)) return v1Error(404, "Order not found");
    return json(200, { success: true, message: "The requested order has been deleted." });
  };

  /** Validates and upserts one order (by orderKey); returns the saved order or the v1 ModelState error. */
  function upsertOrder(body: Record<string, unknown>, batch: string, base: string): { order: SsOrder; created: boolean } | { error: SimResponse; message: string } {
    for (const f of ["orderNumber", "orderDate", "orderStatus", "billTo", "shipTo"]) {
      if (body[f] === undefined || body[f] === null || body[f] === "") {
        return { error: modelState(`apiOrder.${f}`, `The ${f} field is required.`), message: `The ${f} field is required.` };
      }
    }
    const status = body.orderStatus as string;
    if (!(ORDER_STATUSES as readonly string[]).includes(status)) {
      return { error: modelState("apiOrder.orderStatus", `'${status}' is not a valid order status.`), message: `'${status}' is not a valid order status.` };
    }
    const orderDate = fromShipStationDate(String(body.orderDate));
    if (orderDate === undefined) return { error: modelState("apiOrder.orderDate", "The orderDate field is not a valid date."), message: "The orderDate field is not a valid date." };
    const key = typeof body.orderKey === "string" && body.orderKey ? body.orderKey : undefined;
    const existing = key ? [...state.orders.values()].find((o) => o.orderKey === key) : typeof body.orderId === "number" ? state.orders.get(body.orderId) : undefined;
    const stamp = toShipStationDate(now());
    const advanced = (body.advancedOptions as Record<string, unknown> | undefined) ?? {};
    const storeId = typeof advanced.storeId === "number" ? advanced.storeId : existing?.advancedOptions.storeId ?? 310002;
    const items = Array.isArray(body.items) ? (body.items as SsOrderItem[]) : [];
    const id = existing?.orderId ?? ++state.seq;
    const order: SsOrder = {
      orderId: id,
      orderNumber: String(body.orderNumber),
      orderKey: key ?? existing?.orderKey ?? crypto.randomUUID().replace(/-/g, ""),
      orderDate: toShipStationDate(orderDate),
      createDate: existing?.createDate ?? stamp,
      modifyDate: stamp,
      paymentDate: typeof body.paymentDate === "string" ? toShipStationDate(fromShipStationDate(body.paymentDate) ?? orderDate) : null,
      shipByDate: typeof body.shipByDate === "string" ? toShipStationDate(fromShipStationDate(body.shipByDate) ?? orderDate) : null,
      orderStatus: status as OrderStatus,
      customerId: existing?.customerId ?? null,
      customerUsername: (body.customerUsername as string | undefined) ?? null,
      customerEmail: (body.customerEmail as string | undefined) ?? null,
      billTo: body.billTo as SsAddress,
      shipTo: body.shipTo as SsAddress,
      items: items.map((it, i) => ({ ...it, orderItemId: id * 10 + i + 1 })),
      orderTotal: 0,
      amountPaid: typeof body.amountPaid === "number" ? body.amountPaid : 0,
      taxAmount: typeof body.taxAmount === "number" ? body.taxAmount : 0,
      shippingAmount: typeof body.shippingAmount === "number" ? body.shippingAmount : 0,
      customerNotes: (body.customerNotes as string | undefined) ?? null,
      internalNotes: (body.internalNotes as string | undefined) ?? null,
      gift: body.gift === true,
      paymentMethod: (body.paymentMethod as string | undefined) ?? null,
      requestedShippingService: (body.requestedShippingService as string | undefined) ?? null,
      carrierCode: (body.carrierCode as string | undefined) ?? null,
      serviceCode: (body.serviceCode as string | undefined) ?? null,
      packageCode: (body.packageCode as string | undefined) ?? null,
      confirmation: (body.confirmation as string | undefined) ?? "none",
      shipDate: (body.shipDate as string | undefined) ?? null,
      advancedOptions: { ...advanced, storeId },
      tagIds: Array.isArray(body.tagIds) ? (body.tagIds as number[]) : null,
      externallyFulfilled: false,
      importBatch: existing?.importBatch ?? batch,
    };
    recompute(order);
    state.orders.set(id, order);
    if (!existing) queue("ORDER_NOTIFY", `${base}/orders?storeID=${storeId}&importBatch=${batch}`, storeId);
    return { order, created: !existing };
  }

  const createOrder: H = (req, base) => {
    if (!req.json || typeof req.json !== "object") return v1Error(400, "The request is invalid.", { ModelState: { apiOrder: ["A value is required but was not present in the request."] } });
    const r = upsertOrder(req.json as Record<string, unknown>, crypto.randomUUID().replace(/-/g, ""), base);
    if ("error" in r) return r.error;
    return json(200, orderView(r.order));
  };

  const createOrders: H = (req, base) => {
    if (!Array.isArray(req.json)) return v1Error(400, "The request is invalid.", { ModelState: { apiOrders: ["A value is required but was not present in the request."] } });
    const list = req.json as Array<Record<string, unknown>>;
    if (list.length > CREATE_ORDERS_MAX) return v1Error(400, `You can only create or update up to ${CREATE_ORDERS_MAX} orders at a time.`);
    const batch = crypto.randomUUID().replace(/-/g, "");
    const results = list.map((body, i) => {
      const echo = { orderId: 0, orderNumber: String(body.orderNumber ?? ""), orderKey: String(body.orderKey ?? "") };
      if (failsAt(i, faults.partialBatchFailureRate)) return { ...echo, success: false, errorMessage: "Simulated partial batch failure (faults.partialBatchFailureRate)." };
      const r = upsertOrder(body, batch, base);
      if ("error" in r) return { ...echo, success: false, errorMessage: r.message };
      return { orderId: r.order.orderId, orderNumber: r.order.orderNumber, orderKey: r.order.orderKey, success: true, errorMessage: null };
    });
    return json(200, { hasErrors: results.some((r) => !r.success), results });
  };

  function ship(o: SsOrder, carrierCode: string, trackingNumber: string, shipDate: string, base: string, cost = 0): SsShipment {
    const t = now();
    o.orderStatus = "shipped";
    o.modifyDate = toShipStationDate(t);
    o.shipDate = shipDate;
    o.carrierCode = carrierCode;
    const batchId = String(++state.seq);
    const shipment: SsShipment = {
      shipmentId: ++state.seq,
      orderId: o.orderId,
      orderKey: o.orderKey,
      orderNumber: o.orderNumber,
      createDate: toShipStationDate(t),
      shipDate,
      shipmentCost: cost,
      insuranceCost: 0,
      trackingNumber,
      isReturnLabel: false,
      carrierCode,
      serviceCode: o.serviceCode,
      packageCode: o.packageCode,
      confirmation: o.confirmation,
      warehouseId: 77001,
      voided: false,
      voidDate: null,
      marketplaceNotified: false,
      notifyErrorMessage: null,
      shipTo: o.shipTo,
      advancedOptions: { storeId: o.advancedOptions.storeId },
      batchId,
    };
    state.shipments.set(shipment.shipmentId, shipment);
    queue("SHIP_NOTIFY", `${base}/shipments?storeID=${o.advancedOptions.storeId}&batchId=${batchId}&includeShipmentItems=False`, o.advancedOptions.storeId);
    return shipment;
  }

  const markAsShipped: H = (req, base) => {
    const body = (req.json ?? {}) as { orderId?: unknown; carrierCode?: unknown; shipDate?: unknown; trackingNumber?: unknown };
    const o = typeof body.orderId === "number" ? state.orders.get(body.orderId) : undefined;
    if (!o) return v1Error(400, `Order ${String(body.orderId)} was not found.`);
    if (typeof body.carrierCode !== "string" || !body.carrierCode) return modelState("apiRequest.carrierCode", "The carrierCode field is required.");
    if (o.orderStatus === "cancelled") return v1Error(400, `Order ${o.orderNumber} is cancelled and cannot be marked as shipped.`);
    const shipDate = typeof body.shipDate === "string" ? body.shipDate : toShipStationDate(now()).slice(0, 10);
    ship(o, body.carrierCode, typeof body.trackingNumber === "string" ? body.trackingNumber : "", shipDate, base);
    return json(200, { orderId: o.orderId, orderNumber: o.orderNumber });
  };

  const createLabelForOrder: H = (req, base) => {
    const body = (req.json ?? {}) as { orderId?: unknown; carrierCode?: unknown; serviceCode?: unknown; shipDate?: unknown; testLabel?: unknown };
    const o = typeof body.orderId === "number" ? state.orders.get(body.orderId) : undefined;
    if (!o) return v1Error(400, `Order ${String(body.orderId)} was not found.`);
    const carrier = CARRIERS.find((c) => c.code === body.carrierCode);
    if (!carrier) return v1Error(400, `Carrier '${String(body.carrierCode)}' is not connected to this account.`);
    if (typeof body.serviceCode !== "string") return modelState("apiRequest.serviceCode", "The serviceCode field is required.");
    if (o.orderStatus === "shipped" || o.orderStatus === "cancelled") return v1Error(400, `Order ${o.orderNumber} is ${o.orderStatus}; a label can only be created for an order awaiting shipment.`);
    const shipDate = typeof body.shipDate === "string" ? body.shipDate : toShipStationDate(now()).slice(0, 10);
    o.serviceCode = body.serviceCode;
    const tracking = `9400${String(now()).slice(-10)}${String(o.orderId).slice(-4)}`;
    const s = ship(o, carrier.code, tracking, shipDate, base, 7.85);
    return json(200, {
      shipmentId: s.shipmentId,
      orderId: o.orderId,
      orderKey: o.orderKey,
      orderNumber: o.orderNumber,
      createDate: s.createDate,
      shipDate,
      shipmentCost: s.shipmentCost,
      insuranceCost: 0,
      trackingNumber: tracking,
      isReturnLabel: false,
      batchNumber: null,
      carrierCode: carrier.code,
      serviceCode: body.serviceCode,
      packageCode: o.packageCode,
      confirmation: o.confirmation,
      warehouseId: 77001,
      voided: false,
      voidDate: null,
      marketplaceNotified: false,
      notifyErrorMessage: null,
      shipTo: null,
      weight: null,
      dimensions: null,
      insuranceOptions: null,
      advancedOptions: null,
      shipmentItems: null,
      labelData: Buffer.from(`%PDF-1.4 sandbox label ${tracking}`).toString("base64"),
      formData: null,
    });
  };

  const listShipments: H = (req) => {
    const batchId = req.query.get("batchId");
    const orderId = req.query.get("orderId");
    const orderNumber = req.query.get("orderNumber");
    const page = Number(req.query.get("page") ?? 1);
    const pageSize = Number(req.query.get("pageSize") ?? 100);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > ORDERS_PAGE_MAX) return modelState("pageSize", `pageSize must be between 1 and ${ORDERS_PAGE_MAX}.`);
    const list = [...state.shipments.values()].filter(
      (s) => (!batchId || s.batchId === batchId) && (!orderId || String(s.orderId) === orderId) && (!orderNumber || s.orderNumber === orderNumber),
    );
    return json(200, {
      shipments: list.slice((page - 1) * pageSize, page * pageSize).map((s) => omit(s, "batchId")),
      total: list.length,
      page,
      pages: Math.ceil(list.length / pageSize),
    });
  };

  const listWebhooks: H = () => json(200, { webhooks: [...state.webhooks.values()] });

  const subscribe: H = (req) => {
    const body = (req.json ?? {}) as { target_url?: unknown; event?: unknown; store_id?: unknown; friendly_name?: unknown };
    if (typeof body.target_url !== "string" || !/^https?:\/\//.test(body.target_url)) return modelState("target_url", "The target_url field is required and must be a URL.");
    if (typeof body.event !== "string" || !(V1_WEBHOOK_EVENTS as readonly string[]).includes(body.event)) {
      return modelState("event", `The event field must be one of ${V1_WEBHOOK_EVENTS.join(", ")}.`);
    }
    const storeId = body.store_id === undefined || body.store_id === null || body.store_id === "" ? null : Number(body.store_id);
    if (storeId !== null && !STORES.some((s) => s.storeId === storeId)) return v1Error(400, `Store ${String(body.store_id)} was not found.`);
    const id = ++state.seq;
    state.webhooks.set(id, {
      WebHookID: id,
      SellerID: SANDBOX_ACCOUNTS.main.sellerId,
      StoreID: storeId,
      HookType: body.event as V1WebhookEvent,
      MessageFormat: "Json",
      Url: body.target_url,
      Name: typeof body.friendly_name === "string" ? body.friendly_name : null,
      Active: true,
      IsLabelAPIHook: false,
    });
    return json(200, { id });
  };

  const unsubscribe: H = (req) => {
    if (!state.webhooks.delete(Number(req.params.webhookId))) return v1Error(404, "Webhook not found");
    return { status: 200 };
  };

  const v1Routes: Array<Route<string>> = [];
  const v1 = (method: string, pattern: string, operation: string, handler: H) => v1Routes.push({ method, pattern, operation, handler });
  v1("GET", "/stores", "listStores", listStores);
  v1("GET", "/stores/:storeId", "getStore", getStore);
  v1("GET", "/warehouses", "listWarehouses", listWarehouses);
  v1("GET", "/carriers", "listCarriers", listCarriers);
  v1("GET", "/orders", "listOrders", listOrders);
  v1("POST", "/orders/createorder", "createOrder", createOrder);
  v1("POST", "/orders/createorders", "createOrders", createOrders);
  v1("POST", "/orders/markasshipped", "markOrderAsShipped", markAsShipped);
  v1("POST", "/orders/createlabelfororder", "createLabelForOrder", createLabelForOrder);
  v1("GET", "/orders/:orderId", "getOrder", getOrder);
  v1("DELETE", "/orders/:orderId", "deleteOrder", deleteOrder);
  v1("GET", "/shipments", "listShipments", listShipments);
  v1("GET", "/webhooks", "listWebhooks", listWebhooks);
  // ShipStation's docs say POST /webhooks/subscribe; the third-party contract lists POST /webhooks. Both answer.
  v1("POST", "/webhooks/subscribe", "subscribeToWebhook", subscribe);
  v1("POST", "/webhooks", "subscribeToWebhook", subscribe);
  v1("DELETE", "/webhooks/:webhookId", "unsubscribeFromWebhook", unsubscribe);

  // ---------- v2 ----------

  const v2Warehouses: H = () =>
    json(200, {
      warehouses: WAREHOUSES.map((w) => ({
        warehouse_id: `se-${w.warehouseId}`,
        is_default: w.isDefault,
        name: w.warehouseName,
        created_at: "2023-11-02T18:15:00Z",
        origin_address: {
          name: WAREHOUSE_ADDRESS.name!,
          phone: WAREHOUSE_ADDRESS.phone!,
          company_name: WAREHOUSE_ADDRESS.company!,
          address_line1: WAREHOUSE_ADDRESS.street1!,
          city_locality: WAREHOUSE_ADDRESS.city!,
          state_province: WAREHOUSE_ADDRESS.state!,
          postal_code: WAREHOUSE_ADDRESS.postalCode!,
          country_code: WAREHOUSE_ADDRESS.country!,
          address_residential_indicator: "no",
        },
        return_address: {
          name: WAREHOUSE_ADDRESS.name!,
          phone: WAREHOUSE_ADDRESS.phone!,
          company_name: WAREHOUSE_ADDRESS.company!,
          address_line1: WAREHOUSE_ADDRESS.street1!,
          city_locality: WAREHOUSE_ADDRESS.city!,
          state_province: WAREHOUSE_ADDRESS.state!,
          postal_code: WAREHOUSE_ADDRESS.postalCode!,
          country_code: WAREHOUSE_ADDRESS.country!,
          address_residential_indicator: "no",
        },
      })),
    });

  const v2ListWebhooks: H = () => json(200, [...state.v2webhooks.values()]);

  const v2CreateWebhook: H = (req) => {
    const body = (req.json ?? {}) as { url?: unknown; event?: unknown; headers?: unknown };
    if (typeof body.url !== "string" || !/^https?:\/\//.test(body.url)) return v2Error(400, "validation", "field_value_required", "url is a required field and must be a URL.");
    if (typeof body.event !== "string" || !V2_WEBHOOK_EVENTS.includes(body.event)) return v2Error(400, "validation", "invalid_field_value", `event must be one of ${V2_WEBHOOK_EVENTS.join(", ")}.`);
    if ([...state.v2webhooks.values()].some((w) => w.event === body.event)) return v2Error(409, "business_rules", "webhook_event_type_conflict", `A webhook for the '${body.event}' event already exists.`);
    const hook: V2Webhook = { webhook_id: `se-${++state.seq}`, url: body.url, event: body.event, ...(Array.isArray(body.headers) ? { headers: body.headers as V2Webhook["headers"] } : {}) };
    state.v2webhooks.set(hook.webhook_id, hook);
    return json(200, hook);
  };

  const v2DeleteWebhook: H = (req) => {
    if (!state.v2webhooks.delete(req.params.webhookId!)) return v2Error(404, "validation", "invalid_identifier", `Webhook ${req.params.webhookId} was not found.`);
    return { status: 204 };
  };

  const V2_ADDRESS_FIELDS = ["name", "address_line1", "city_locality", "state_province", "postal_code", "country_code"];

  const v2CreateLabel: H = (req, base) => {
    const body = (req.json ?? {}) as { shipment?: Record<string, unknown>; label_format?: unknown; label_layout?: unknown; test_label?: unknown };
    const shipment = body.shipment;
    if (!shipment || typeof shipment !== "object") return v2Error(400, "validation", "request_body_required", "shipment is a required field.");
    const carrierId = shipment.carrier_id;
    const carrier = typeof carrierId === "string" ? V2_CARRIERS[carrierId] : undefined;
    if (!carrier) return v2Error(400, "validation", "carrier_not_connected", `carrier_id '${String(carrierId)}' is not connected to this account.`);
    if (typeof shipment.service_code !== "string" || !carrier.services.includes(shipment.service_code)) {
      return v2Error(400, "validation", "invalid_field_value", `service_code '${String(shipment.service_code)}' is not offered by ${carrier.carrier_code}.`);
    }
    const shipTo = (shipment.ship_to ?? {}) as Record<string, unknown>;
    const missing = V2_ADDRESS_FIELDS.filter((f) => typeof shipTo[f] !== "string" || !shipTo[f]);
    if (missing.length) return v2Error(400, "validation", "invalid_address", `ship_to is missing ${missing.join(", ")}.`);
    if (!shipment.ship_from && !shipment.warehouse_id) return v2Error(400, "validation", "field_value_required", "Either ship_from or warehouse_id is required.");
    const packages = Array.isArray(shipment.packages) ? (shipment.packages as Array<Record<string, unknown>>) : [];
    if (!packages.length) return v2Error(400, "validation", "field_value_required", "packages must contain at least one package.");
    for (const p of packages) {
      const w = p.weight as { value?: unknown; unit?: unknown } | undefined;
      if (!w || typeof w.value !== "number" || w.value <= 0 || !["pound", "ounce", "gram", "kilogram"].includes(String(w.unit))) {
        return v2Error(400, "validation", "invalid_field_value", "Each package needs a weight with a positive value and a unit (pound, ounce, gram, kilogram).");
      }
    }
    const n = ++state.seq;
    const t = now();
    const tracking = `9405${String(t).slice(-9)}${String(n).padStart(7, "0")}`;
    const labelId = `se-${n}`;
    const format = typeof body.label_format === "string" ? body.label_format : "pdf";
    const label: V2Label = {
      label_id: labelId,
      status: "completed",
      shipment_id: `se-${n + 1}`,
      ship_date: new Date(t).toISOString().slice(0, 10) + "T00:00:00Z",
      created_at: new Date(t).toISOString(),
      shipment_cost: { currency: "usd", amount: 7.85 },
      insurance_cost: { currency: "usd", amount: 0 },
      tracking_number: tracking,
      is_return_label: false,
      rma_number: null,
      is_international: shipTo.country_code !== "US",
      batch_id: "",
      carrier_id: carrierId as string,
      charge_event: "carrier_default",
      service_code: shipment.service_code,
      package_code: "package",
      voided: false,
      voided_at: null,
      label_format: format,
      display_scheme: "label",
      label_layout: typeof body.label_layout === "string" ? body.label_layout : "4x6",
      trackable: true,
      label_image_id: null,
      carrier_code: carrier.carrier_code,
      tracking_status: "in_transit",
      // Downloads are served by ShipStation's file host, not by the API (the simulator serves none).
      label_download: {
        href: `https://api.shipstation.com/v2/downloads/10/${labelId}/label-${n}.${format}`,
        pdf: `https://api.shipstation.com/v2/downloads/10/${labelId}/label-${n}.pdf`,
        png: `https://api.shipstation.com/v2/downloads/10/${labelId}/label-${n}.png`,
        zpl: `https://api.shipstation.com/v2/downloads/10/${labelId}/label-${n}.zpl`,
      },
      form_download: null,
      paperless_download: null,
      insurance_claim: null,
      packages: packages.map((p, i) => ({ package_id: n * 10 + i, package_code: "package", weight: p.weight, dimensions: p.dimensions ?? { unit: "inch", length: 0, width: 0, height: 0 }, tracking_number: tracking })),
      rate_details: [],
      tracking_url: `https://tools.usps.com/go/TrackConfirmAction.action?tLabels=${tracking}`,
    };
    state.labels.set(labelId, label);
    queueV2("track", `${base}/v2/labels/${labelId}/track`, "API_TRACK", trackingOf(label));
    return json(200, label);
  };

  function trackingOf(label: V2Label) {
    const t = Date.parse(label.created_at);
    return {
      tracking_number: label.tracking_number,
      tracking_url: label.tracking_url,
      status_code: label.voided ? "CANCELLED" : "ELEC_ADVICE_RECD_BY_CARRIER",
      status_description: label.voided ? "Cancelled" : "Electronic advice received by the carrier",
      carrier_code: label.carrier_code,
      carrier_id: Number(label.carrier_id.replace(/\D/g, "")),
      carrier_status_code: label.voided ? "VOID" : "MA",
      carrier_status_description: label.voided ? "Label voided" : "Shipping label created, USPS awaiting item",
      ship_date: label.ship_date,
      estimated_delivery_date: new Date(t + 3 * 86_400_000).toISOString(),
      events: [
        {
          occurred_at: label.created_at,
          carrier_occurred_at: label.created_at,
          description: "Shipping label created",
          city_locality: "AUSTIN",
          state_province: "TX",
          postal_code: "78701",
          country_code: "US",
          company_name: "",
          signer: "",
          event_code: "MA",
          carrier_detail_code: "MA",
          status_code: "ELEC_ADVICE_RECD_BY_CARRIER",
          status_description: "Electronic advice received by the carrier",
          carrier_status_code: "MA",
          carrier_status_description: "Shipping label created",
          latitude: 30.2672,
          longitude: -97.7431,
        },
      ],
    };
  }

  function queueV2(event: string, resourceUrl: string, resourceType: string, data: unknown) {
    for (const hook of state.v2webhooks.values()) {
      if (hook.event !== event) continue;
      const headers: Record<string, string> = { "content-type": "application/json" };
      for (const h of hook.headers ?? []) headers[h.key] = h.value;
      state.outbox.push({ url: hook.url, body: { resource_url: resourceUrl, resource_type: resourceType, data }, headers });
    }
  }

  const v2GetLabel: H = (req) => {
    const label = state.labels.get(req.params.labelId!);
    return label ? json(200, label) : v2Error(404, "validation", "invalid_identifier", `Label ${req.params.labelId} was not found.`);
  };

  const v2VoidLabel: H = (req) => {
    const label = state.labels.get(req.params.labelId!);
    if (!label) return v2Error(404, "validation", "invalid_identifier", `Label ${req.params.labelId} was not found.`);
    if (label.voided) return json(200, { approved: false, message: "This label has already been voided." });
    label.voided = true;
    label.voided_at = new Date(now()).toISOString();
    label.status = "voided";
    return json(200, { approved: true, message: "Request for refund submitted.  This label has been voided." });
  };

  const v2TrackLabel: H = (req) => {
    const label = state.labels.get(req.params.labelId!);
    return label ? json(200, trackingOf(label)) : v2Error(404, "validation", "invalid_identifier", `Label ${req.params.labelId} was not found.`);
  };

  const v2Routes: Array<Route<string>> = [];
  const v2 = (method: string, pattern: string, operation: string, handler: H) => v2Routes.push({ method, pattern, operation, handler });
  v2("GET", "/v2/warehouses", "list_warehouses", v2Warehouses);
  v2("POST", "/v2/labels", "create_label", v2CreateLabel);
  v2("GET", "/v2/labels/:labelId", "get_label_by_id", v2GetLabel);
  v2("PUT", "/v2/labels/:labelId/void", "void_label", v2VoidLabel);
  v2("GET", "/v2/labels/:labelId/track", "get_tracking_log_from_label", v2TrackLabel);
  v2("GET", "/v2/environment/webhooks", "list_webhooks", v2ListWebhooks);
  v2("POST", "/v2/environment/webhooks", "create_webhook", v2CreateWebhook);
  v2("DELETE", "/v2/environment/webhooks/:webhookId", "delete_webhook", v2DeleteWebhook);

  // ---------- dispatch ----------

  const baseOf = (req: SimRequest) => opts.publicBaseUrl ?? `http://${req.headers.get("host") ?? "127.0.0.1"}/sandbox/shipstation`;

  async function handle(req: SimRequest): Promise<SimResponse & { operation?: string }> {
    const base = baseOf(req);
    lastBase = base;
    if (req.path === "/v2" || req.path.startsWith("/v2/")) {
      const found = matchRoute(v2Routes, req.method, req.path);
      const operation = found?.route.operation;
      const apiKey = req.headers.get("api-key") ?? "";
      const known = Object.values(SANDBOX_ACCOUNTS).some((a) => a.values.apiKeyV2 === apiKey);
      if (!known) return { ...v2Error(401, "security", "unauthorized", "The API key is invalid. Please see https://www.shipstation.com/docs/api/authentication"), operation };
      const limit = v2Limit(apiKey);
      const slot = take(`v2:${apiKey}`, limit);
      if (!slot.allowed) {
        return { ...v2Error(429, "system", "rate_limit_exceeded", "You have exceeded the rate limit. Please see https://www.shipstation.com/docs/api/rate-limits", { "Retry-After": String(slot.resetSeconds) }), operation };
      }
      if (!found) return v2Error(404, "validation", "invalid_identifier", `The resource ${req.path} was not found.`);
      const res = await found.route.handler({ ...req, params: found.params }, base);
      return { ...res, operation };
    }
    const found = matchRoute(v1Routes, req.method, req.path);
    const operation = found?.route.operation;
    const auth = basicAuth(req);
    if (!auth.ok) return { status: 401, text: "401 Unauthorized", headers: { "content-type": "text/plain; charset=utf-8" }, operation };
    const slot = take(`v1:${auth.apiKey}`, V1_REQUESTS_PER_MINUTE);
    if (!slot.allowed) return { ...v1TooMany(slot.resetSeconds), operation };
    const headers = v1Headers(slot.remaining, slot.resetSeconds);
    if (!found) return { ...v1Error(404, `No HTTP resource was found that matches the request URI '${req.path}'.`), headers, operation };
    const res = await found.route.handler({ ...req, params: found.params }, base);
    return { ...res, headers: { ...(res.headers ?? {}), ...headers }, operation };
  }

  function keyOf(req: SimRequest): { version: 1 | 2; key: string } | undefined {
    if (req.path.startsWith("/v2")) {
      const k = req.headers.get("api-key");
      return k ? { version: 2, key: k } : undefined;
    }
    const auth = basicAuth(req);
    return auth.ok ? { version: 1, key: auth.apiKey } : undefined;
  }

  async function flushWebhooks(o: { fetch?: typeof fetch } = {}): Promise<WebhookDelivery[]> {
    let batch = state.outbox.splice(0);
    if (faults.outOfOrderWebhooks) batch = batch.reverse();
    if (faults.duplicateWebhooks) batch = batch.flatMap((d) => [d, d]);
    const send = o.fetch ?? opts.fetch ?? fetch;
    const out: WebhookDelivery[] = [];
    for (const d of batch) {
      const body = JSON.stringify(d.body);
      let status: number | "error";
      try {
        const res = await send(d.url, { method: "POST", headers: d.headers, body });
        status = res.status;
        await res.arrayBuffer().catch(() => undefined);
      } catch {
        status = "error";
      }
      out.push({ url: d.url, headers: d.headers, body, status });
    }
    return out;
  }

  const sim: ShipStationSimulator = {
    platform: "shipstation",
    faults,
    handle,
    rateLimited(req) {
      const k = keyOf(req);
      if (k?.version === 2) {
        return v2Error(429, "system", "rate_limit_exceeded", "You have exceeded the rate limit. Please see https://www.shipstation.com/docs/api/rate-limits", { "Retry-After": "1" });
      }
      const { resetSeconds } = k ? peek(`v1:${k.key}`, V1_REQUESTS_PER_MINUTE) : { resetSeconds: 60 };
      return v1TooMany(resetSeconds);
    },
    serverError(req) {
      if (req.path.startsWith("/v2")) return v2Error(500, "system", "unspecified", "An unexpected error occurred. Please try again.");
      const k = keyOf(req);
      const p = k ? peek(`v1:${k.key}`, V1_REQUESTS_PER_MINUTE) : undefined;
      return { ...v1Error(500, "An error has occurred."), ...(p ? { headers: v1Headers(p.remaining, p.resetSeconds) } : {}) };
    },
    reset() {
      state = initialState();
    },
    importOrders(orders, o = {}) {
      const batch = crypto.randomUUID().replace(/-/g, "");
      const base = o.baseUrl ?? lastBase;
      const saved: SsOrder[] = [];
      for (const input of orders) {
        const r = upsertOrder(
          {
            orderDate: toShipStationDate(now()),
            orderStatus: "awaiting_shipment",
            billTo: { name: "Sandbox Buyer" },
            shipTo: { name: "Sandbox Buyer", street1: "1 Main St", city: "Springfield", state: "IL", postalCode: "62701", country: "US" },
            ...input,
            advancedOptions: { storeId: o.storeId ?? 310001 },
          },
          batch,
          base,
        );
        if ("order" in r) saved.push(r.order);
      }
      return saved;
    },
    flushWebhooks,
    pendingWebhooks: () => state.outbox.map((d) => ({ url: d.url, body: d.body, headers: d.headers })),
    inspect: () => ({ orders: [...state.orders.values()], shipments: [...state.shipments.values()], webhooks: [...state.webhooks.values()], labels: [...state.labels.values()] }),
  };
  return sim;
}
