// A stateful fake of the Ozon Seller API (https://api-seller.ozon.ru), faithful to specs/ozon/ozon-seller-api.swagger.json
// for the methods Kervan uses: warehouses, roles, product list/import/import info, stocks, prices, FBS postings.
// Auth answers follow what the live API answers (401/16 without headers, 400/3 for a non-numeric Client-Id, 404/5 for a
// wrong key, 403/7 for a missing role); errors are `{code, message, details}` with gRPC status codes.
import { json, matchRoute, noFaults, WindowLimiter, type Faults, type Route, type SimRequest, type SimResponse, type Simulator } from "../framework";
import { sendOzonPushes, type OzonPushOptions, type OzonPushResult } from "./push";
import { OZON_ROLES, seedAccounts, type OzonAccountSeed, type OzonKeySeed } from "./seed";

export { SANDBOX_ACCOUNTS, OZON_ROLES } from "./seed";
export { OZON_PUSH_SOURCE_IP, type OzonPushResult, type OzonPushDelivery } from "./push";

const SPEC = "specs/ozon/ozon-seller-api.swagger.json";

/** Limits the simulator enforces, each with where it is written. */
export const OZON_LIMITS = {
  requestsPerSecondPerClient: 50, // tag Process, SPEC
  stocksRequestsPerMinute: 80, // /v2/products/stocks description, SPEC
  stocksPerRequest: 100, // /v2/products/stocks description, SPEC
  stockPairIntervalMs: 30_000, // /v2/products/stocks description + Errors tag TOO_MANY_REQUESTS, SPEC
  maxStock: 1_000_000, // Errors tag STOCK_TOO_BIG ("less than a million"), SPEC
  pricesPerRequest: 1000, // /v1/product/import/prices maxItems, SPEC
  priceUpdatesPerProductPerHour: 10, // /v1/product/import/prices description, SPEC
  importItemsPerRequest: 100, // /v3/product/import description, SPEC
  productListMaxLimit: 1000, // /v3/product/list limit description, SPEC
  postingsMaxLimit: 1000, // /v3/posting/fbs/list limit description, SPEC
  source: SPEC,
} as const;

export interface OzonError {
  code: number;
  message: string;
  details: unknown[];
}

const err = (status: number, code: number, message: string, headers?: Record<string, string>): SimResponse =>
  json(status, { code, message, details: [] } satisfies OzonError, headers);

// gRPC status codes Ozon's gateway puts in `code`.
const GRPC = { INVALID_ARGUMENT: 3, NOT_FOUND: 5, PERMISSION_DENIED: 7, RESOURCE_EXHAUSTED: 8, INTERNAL: 13, UNAUTHENTICATED: 16 } as const;

export const OZON_MESSAGES = {
  missingHeaders: "Client-Id and Api-Key headers are required",
  badClientId: "Client-Id header value should be positive integer",
  invalidKey: "Invalid Api-Key, please check the key and try again",
  deactivatedKey: "Api-key is deactivated, use another one or generate a new one",
  missingRole: "Api-Key is missing a required role for a method",
  perSecond: "You have reached request rate limit per second",
  internal: "Internal error",
} as const;

interface Product {
  product_id: number;
  offer_id: string;
  sku: number;
  name: string;
  barcode: string;
  description_category_id: number;
  type_id: number;
  price: string;
  old_price: string;
  currency_code: string;
  vat: string;
  archived: boolean;
  /** The import item as last accepted, to tell "skipped" (no changes) from "imported". */
  source?: string;
}

interface ImportItemState {
  offer_id: string;
  raw: Record<string, unknown>;
  status: "pending" | "imported" | "failed" | "skipped";
  product_id: number;
  errors: Array<Record<string, unknown>>;
}

interface ImportTask {
  task_id: number;
  createdAt: number;
  done: boolean;
  items: ImportItemState[];
}

interface Posting {
  posting_number: string;
  order_id: number;
  status: string;
  substatus: string;
  in_process_at: string;
  shipment_date: string;
  warehouse_id: number;
  products: Array<{ offer_id: string; quantity: number }>;
  cancelled?: { reason_id: number; reason: string };
}

interface Account {
  clientId: string;
  keys: Map<string, OzonKeySeed>;
  warehouses: Array<{ warehouse_id: number; name: string; is_rfbs: boolean }>;
  products: Map<number, Product>;
  stocks: Map<string, number>;
  stockUpdatedAt: Map<string, number>;
  priceUpdates: Map<number, number[]>;
  tasks: Map<number, ImportTask>;
  postings: Posting[];
}

export interface OzonSimulatorOptions {
  /** Clock for limits, tasks and timestamps (tests move it to cross the 30 s stock rule). */
  now?: () => number;
  /** Random source for faults.partialBatchFailureRate. */
  random?: () => number;
  /** How long an import task stays `pending` (default 1 s of the simulator's clock). */
  importProcessingMs?: number;
  accounts?: () => OzonAccountSeed[];
}

export interface OzonSimulator extends Simulator {
  platform: "ozon";
  /** Stock of one product-warehouse pair, as the seller's cabinet shows it. */
  stockOf(clientId: string, productId: number, warehouseId: number): number | undefined;
  /** The product with this offer_id, if the account has it. */
  productByOfferId(clientId: string, offerId: string): { product_id: number; offer_id: string; price: string; old_price: string; name: string } | undefined;
  /** A buyer orders: adds an FBS posting and returns its TYPE_NEW_POSTING notification. */
  createPosting(clientId: string, input?: { offerId?: string; quantity?: number; postingNumber?: string }): Record<string, unknown>;
  /** Moves a posting to another push-model state (e.g. posting_delivered) and returns TYPE_STATE_CHANGED. */
  changePostingState(clientId: string, postingNumber: string, newState: string): Record<string, unknown>;
  /** Cancels a posting and returns TYPE_POSTING_CANCELLED. */
  cancelPosting(clientId: string, postingNumber: string, reason?: string): Record<string, unknown>;
  /** Sends TYPE_PING then the events to the seller's URL the way Ozon does (honours duplicate/out-of-order faults). */
  push(url: string, events: Array<Record<string, unknown>>, opts?: OzonPushOptions): Promise<OzonPushResult>;
}

// Push-model state → Seller API status (push_types tag, "Изменение статуса отправления").
const PUSH_TO_API_STATUS: Record<string, string> = {
  posting_acceptance_in_progress: "acceptance_in_progress",
  posting_created: "awaiting_packaging",
  posting_awaiting_registration: "awaiting_registration",
  posting_transferring_to_delivery: "awaiting_deliver",
  posting_in_carriage: "awaiting_deliver",
  posting_not_in_carriage: "awaiting_deliver",
  posting_in_arbitration: "arbitration",
  posting_in_client_arbitration: "client_arbitration",
  posting_on_way_to_city: "delivering",
  posting_transferred_to_courier_service: "delivering",
  posting_in_courier_service: "delivering",
  posting_on_way_to_pickup_point: "delivering",
  posting_in_pickup_point: "delivering",
  posting_conditionally_delivered: "delivering",
  posting_driver_pick_up: "driver_pickup",
  posting_delivered: "delivered",
  posting_received: "delivered",
  posting_canceled: "cancelled",
  posting_not_in_sort_center: "not_accepted",
};

const UNFULFILLED = new Set([
  "awaiting_registration",
  "acceptance_in_progress",
  "awaiting_approve",
  "awaiting_packaging",
  "awaiting_deliver",
  "arbitration",
  "client_arbitration",
  "delivering",
  "driver_pickup",
  "not_accepted",
]);

function buildAccount(seed: OzonAccountSeed): Account {
  const acc: Account = {
    clientId: seed.clientId,
    keys: new Map(seed.keys.map((k) => [k.apiKey, k])),
    warehouses: seed.warehouses.map((w) => ({ ...w })),
    products: new Map(),
    stocks: new Map(),
    stockUpdatedAt: new Map(),
    priceUpdates: new Map(),
    tasks: new Map(),
    postings: seed.postings.map((p) => ({ ...p, substatus: "posting_created", products: p.products.map((x) => ({ ...x })) })),
  };
  for (const p of seed.products) {
    const { stocks, archived, ...rest } = p;
    acc.products.set(p.product_id, { ...rest, archived: archived ?? false });
    for (const [wid, n] of Object.entries(stocks ?? {})) acc.stocks.set(`${p.product_id}:${wid}`, n);
  }
  return acc;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && /^-?\d+$/.test(v)) return Number(v);
  return undefined;
};
const decimal = (v: unknown): number | undefined => {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && /^-?\d+(\.\d{1,2})?$/.test(v.trim())) return Number(v);
  return undefined;
};

const encodeLastId = (productId: number) => Buffer.from(JSON.stringify({ id: productId })).toString("base64");
function decodeLastId(lastId: string): number | undefined {
  try {
    const v = JSON.parse(Buffer.from(lastId, "base64").toString("utf8")) as { id?: unknown };
    return typeof v.id === "number" ? v.id : undefined;
  } catch {
    return undefined;
  }
}

type Handler = Route<Ctx>["handler"];
interface Ctx {
  account: Account;
  now: number;
}

export function createOzonSimulator(opts: OzonSimulatorOptions = {}): OzonSimulator {
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const importProcessingMs = opts.importProcessingMs ?? 1_000;
  const seeds = opts.accounts ?? seedAccounts;
  const faults: Faults = noFaults();
  let accounts = new Map<string, Account>();
  let nextTaskId = 1_000_000;
  let nextProductId = 910_000_000;
  let nextPosting = 1;
  const perSecond = new WindowLimiter(OZON_LIMITS.requestsPerSecondPerClient, 1_000, now);
  const stocksPerMinute = new WindowLimiter(OZON_LIMITS.stocksRequestsPerMinute, 60_000, now);

  function reset() {
    accounts = new Map(seeds().map((s) => [s.clientId, buildAccount(s)]));
    perSecond.reset();
    stocksPerMinute.reset();
  }
  reset();

  const fails = () => faults.partialBatchFailureRate > 0 && random() < faults.partialBatchFailureRate;
  const findByOffer = (acc: Account, offerId: string) => [...acc.products.values()].find((p) => p.offer_id === offerId);
  // offer_id wins when both are given (description of /v2/products/stocks and /v1/product/import/prices).
  function resolveProduct(acc: Account, item: Record<string, unknown>): Product | undefined {
    if (typeof item.offer_id === "string" && item.offer_id !== "") return findByOffer(acc, item.offer_id);
    const id = num(item.product_id);
    return id === undefined ? undefined : acc.products.get(id);
  }

  // --- products -------------------------------------------------------------------------------------------------------

  const productList: Handler = (req, { account }) => {
    const body = isObject(req.json) ? req.json : {};
    const limit = body.limit === undefined ? 100 : num(body.limit);
    if (limit === undefined || limit < 1 || limit > OZON_LIMITS.productListMaxLimit)
      return err(400, GRPC.INVALID_ARGUMENT, "invalid GetProductListRequest.Limit: value must be inside range [1, 1000]");
    const filter = isObject(body.filter) ? body.filter : {};
    const visibility = typeof filter.visibility === "string" ? filter.visibility : "ALL";
    const offerIds = Array.isArray(filter.offer_id) ? filter.offer_id.map(String) : undefined;
    const productIds = Array.isArray(filter.product_id) ? filter.product_id.map((x) => Number(x)) : undefined;
    let items = [...account.products.values()].sort((a, b) => a.product_id - b.product_id);
    if (offerIds) items = items.filter((p) => offerIds.includes(p.offer_id));
    if (productIds) items = items.filter((p) => productIds.includes(p.product_id));
    if (visibility === "ARCHIVED") items = items.filter((p) => p.archived);
    else if (!offerIds && !productIds) items = items.filter((p) => !p.archived);
    const total = items.length;
    if (typeof body.last_id === "string" && body.last_id !== "") {
      const after = decodeLastId(body.last_id);
      if (after === undefined) return err(400, GRPC.INVALID_ARGUMENT, "invalid last_id");
      items = items.filter((p) => p.product_id > after);
    }
    const page = items.slice(0, limit);
    const last = page.at(-1);
    const hasStock = (p: Product, rfbs: boolean) =>
      account.warehouses.some((w) => w.is_rfbs === rfbs && (account.stocks.get(`${p.product_id}:${w.warehouse_id}`) ?? 0) > 0);
    return json(200, {
      result: {
        items: page.map((p) => ({
          product_id: p.product_id,
          offer_id: p.offer_id,
          archived: p.archived,
          has_fbo_stocks: false,
          has_fbs_stocks: hasStock(p, false) || hasStock(p, true),
          is_discounted: false,
          // `quants` is left out: the live API sends a list, the contract declares an object.
        })),
        total,
        // Like the live API: the token of the last item on the page; a page after the last one is empty.
        last_id: last ? encodeLastId(last.product_id) : "",
      },
    });
  };

  function validateImportItem(raw: Record<string, unknown>, index: number): Array<Record<string, unknown>> {
    const errors: Array<Record<string, unknown>> = [];
    const missing = (field: string, message: string) =>
      errors.push({ code: "missing_required_field", field, message, state: "imported", level: "error", attribute_id: 0, attribute_name: "" });
    if (typeof raw.offer_id !== "string" || raw.offer_id.trim() === "") missing("offer_id", `items[${index}].offer_id is required`);
    else if (raw.offer_id.length > 50) missing("offer_id", "offer_id must be at most 50 characters");
    if (typeof raw.name !== "string" || raw.name.trim() === "") missing("name", "name is required");
    if (num(raw.description_category_id) === undefined) missing("description_category_id", "description_category_id is required");
    if (num(raw.type_id) === undefined) missing("type_id", "type_id is required");
    const price = decimal(raw.price);
    if (price === undefined || price <= 0) missing("price", "price must be a positive number with at most two decimals, as a string");
    for (const f of ["depth", "width", "height", "weight"]) {
      const v = num(raw[f]);
      if (v === undefined || v <= 0) missing(f, `${f} must be a real, non-zero value`);
    }
    if (!["mm", "cm", "in"].includes(String(raw.dimension_unit))) missing("dimension_unit", "dimension_unit must be mm, cm or in");
    if (!["g", "kg", "lb"].includes(String(raw.weight_unit))) missing("weight_unit", "weight_unit must be g, kg or lb");
    return errors;
  }

  const productImport: Handler = (req, { account, now: t }) => {
    const body = isObject(req.json) ? req.json : undefined;
    const items = body && Array.isArray(body.items) ? body.items : undefined;
    if (!items || items.length === 0)
      return err(400, GRPC.INVALID_ARGUMENT, "invalid ImportProductsV3Request.Items: value must contain at least 1 item(s)");
    if (items.length > OZON_LIMITS.importItemsPerRequest)
      return err(400, GRPC.INVALID_ARGUMENT, "invalid ImportProductsV3Request.Items: value must contain no more than 100 item(s)");
    const task: ImportTask = {
      task_id: nextTaskId++,
      createdAt: t,
      done: false,
      items: items.map((raw, i) => {
        const item = isObject(raw) ? raw : {};
        return { offer_id: typeof item.offer_id === "string" ? item.offer_id : "", raw: item, status: "pending", product_id: 0, errors: validateImportItem(item, i) };
      }),
    };
    account.tasks.set(task.task_id, task);
    return json(200, { result: { task_id: task.task_id } });
  };

  // The queue finishes a task once its processing time has passed: every item gets its final status at once.
  function settle(account: Account, task: ImportTask, t: number) {
    if (task.done || t < task.createdAt + importProcessingMs) return;
    task.done = true;
    for (const item of task.items) {
      if (item.errors.length > 0) {
        item.status = "failed";
        continue;
      }
      if (fails()) {
        item.status = "failed";
        item.errors.push({
          code: "Incorrect_density",
          field: "weight",
          message: "The product failed the density check: weight × 1000 ÷ (height × width × depth) is out of range",
          state: "imported",
          level: "error",
          attribute_id: 0,
          attribute_name: "",
        });
        continue;
      }
      const raw = item.raw;
      const source = JSON.stringify(raw);
      const existing = findByOffer(account, item.offer_id);
      if (existing && existing.source === source) {
        item.status = "skipped";
        item.product_id = existing.product_id;
        continue;
      }
      const product: Product = {
        product_id: existing?.product_id ?? nextProductId++,
        offer_id: item.offer_id,
        sku: existing?.sku ?? 2_000_000_000 + nextProductId,
        name: String(raw.name),
        barcode: typeof raw.barcode === "string" ? raw.barcode : (existing?.barcode ?? ""),
        description_category_id: num(raw.description_category_id) ?? 0,
        type_id: num(raw.type_id) ?? 0,
        price: String(raw.price),
        old_price: typeof raw.old_price === "string" ? raw.old_price : "0",
        currency_code: typeof raw.currency_code === "string" ? raw.currency_code : "RUB",
        vat: typeof raw.vat === "string" ? raw.vat : "0",
        archived: false,
        source,
      };
      account.products.set(product.product_id, product);
      item.status = "imported";
      item.product_id = product.product_id;
    }
  }

  const importInfo: Handler = (req, { account, now: t }) => {
    const body = isObject(req.json) ? req.json : {};
    const taskId = num(body.task_id);
    if (taskId === undefined) return err(400, GRPC.INVALID_ARGUMENT, "invalid GetImportProductsInfoRequest.TaskId: value must be greater than 0");
    const task = account.tasks.get(taskId);
    if (!task) return err(404, GRPC.NOT_FOUND, "task not found");
    settle(account, task, t);
    return json(200, {
      result: {
        items: task.items.map((i) => ({ offer_id: i.offer_id, product_id: i.product_id, status: i.status, errors: i.errors })),
        total: task.items.length,
      },
    });
  };

  // --- stocks and prices ----------------------------------------------------------------------------------------------

  const stocks: Handler = (req, { account, now: t }) => {
    const body = isObject(req.json) ? req.json : undefined;
    const list = body && Array.isArray(body.stocks) ? body.stocks : undefined;
    if (!list || list.length === 0) return err(400, GRPC.INVALID_ARGUMENT, "invalid ProductsStocksRequest.Stocks: value must contain at least 1 item(s)");
    if (list.length > OZON_LIMITS.stocksPerRequest)
      return err(400, GRPC.INVALID_ARGUMENT, "invalid ProductsStocksRequest.Stocks: value must contain no more than 100 item(s)");
    for (const [i, raw] of list.entries()) {
      if (!isObject(raw) || num(raw.warehouse_id) === undefined || num(raw.stock) === undefined)
        return err(400, GRPC.INVALID_ARGUMENT, `Request validation error: invalid ProductsStocksRequest.Stocks[${i}]: embedded message failed validation`);
    }
    const wait = stocksPerMinute.take(account.clientId);
    if (wait > 0) return err(429, GRPC.RESOURCE_EXHAUSTED, "You have reached request rate limit per minute", { "retry-after": String(Math.ceil(wait / 1000)) });
    const result = (list as Array<Record<string, unknown>>).map((item) => {
      const warehouseId = num(item.warehouse_id)!;
      const stock = num(item.stock)!;
      const product = resolveProduct(account, item);
      const base = {
        warehouse_id: warehouseId,
        product_id: product?.product_id ?? num(item.product_id) ?? 0,
        offer_id: product?.offer_id ?? (typeof item.offer_id === "string" ? item.offer_id : ""),
      };
      const fail = (code: string, message: string) => ({ ...base, updated: false, errors: [{ code, message }] });
      if (!product) return fail("NOT_FOUND_ERROR", "Product not found in the seller's cabinet");
      if (!account.warehouses.some((w) => w.warehouse_id === warehouseId))
        return fail("WAREHOUSE_NOT_FOUND", `Warehouse ${warehouseId} not found or not active`);
      if (stock < 0) return fail("STOCK_NEGATIVE", "Stock must not be negative");
      if (stock >= OZON_LIMITS.maxStock) return fail("STOCK_TOO_BIG", "Stock must be less than a million");
      const pair = `${product.product_id}:${warehouseId}`;
      const last = account.stockUpdatedAt.get(pair);
      if (last !== undefined && t - last < OZON_LIMITS.stockPairIntervalMs)
        return fail("TOO_MANY_REQUESTS", "Stock of one product on one warehouse can be updated at most once in 30 seconds");
      if (fails()) return fail("PRODUCT_HAS_NOT_BEEN_TAGGED_YET", "The product has no large-size tag yet: its dimensions are missing or not processed");
      account.stocks.set(pair, stock);
      account.stockUpdatedAt.set(pair, t);
      return { ...base, updated: true, errors: [] };
    });
    return json(200, { result });
  };

  const prices: Handler = (req, { account, now: t }) => {
    const body = isObject(req.json) ? req.json : undefined;
    const list = body && Array.isArray(body.prices) ? body.prices : undefined;
    if (!list || list.length === 0) return err(400, GRPC.INVALID_ARGUMENT, "invalid ImportProductsPricesRequest.Prices: value must contain at least 1 item(s)");
    if (list.length > OZON_LIMITS.pricesPerRequest)
      return err(400, GRPC.INVALID_ARGUMENT, "invalid ImportProductsPricesRequest.Prices: value must contain no more than 1000 item(s)");
    const result = list.map((raw) => {
      const item = isObject(raw) ? raw : {};
      const product = resolveProduct(account, item);
      const base = { product_id: product?.product_id ?? num(item.product_id) ?? 0, offer_id: product?.offer_id ?? String(item.offer_id ?? "") };
      const fail = (code: string, message: string) => ({ ...base, updated: false, errors: [{ code, message }] });
      if (!product) return fail("NOT_FOUND_ERROR", "Product with this identifier is not in the seller's cabinet");
      const price = decimal(item.price);
      const oldPrice = item.old_price === undefined ? undefined : decimal(item.old_price);
      if (price === undefined) return fail("INVALID_PRICE", "price must be a number with at most two decimals, as a string");
      if (price < 0 || (oldPrice !== undefined && oldPrice < 0)) return fail("price_negative", "The price must not be negative");
      if (oldPrice !== undefined && oldPrice > 0 && price < oldPrice * 0.1)
        return fail("discount_too_big", "The discount is too big: the difference between prices must be less than 90%");
      const recent = (account.priceUpdates.get(product.product_id) ?? []).filter((x) => x > t - 3_600_000);
      if (recent.length >= OZON_LIMITS.priceUpdatesPerProductPerHour)
        return fail("TOO_MANY_REQUESTS", "The price of one product can be updated at most 10 times per hour");
      if (fails()) return fail("invalid_category_price", "The price is too high or too low for this category");
      recent.push(t);
      account.priceUpdates.set(product.product_id, recent);
      product.price = String(item.price);
      if (oldPrice !== undefined) product.old_price = String(item.old_price);
      return { ...base, updated: true, errors: [] };
    });
    return json(200, { result });
  };

  // --- warehouses, roles, postings -----------------------------------------------------------------------------------

  const warehouses: Handler = (_req, { account }) =>
    json(200, {
      result: account.warehouses.map((w) => ({
        warehouse_id: w.warehouse_id,
        name: w.name,
        is_rfbs: w.is_rfbs,
        status: "created",
        has_entrusted_acceptance: false,
        can_print_act_in_advance: true,
        has_postings_limit: false,
        is_karantin: false,
        is_kgt: false,
        is_economy: false,
        is_timetable_editable: true,
        min_postings_limit: 0,
        postings_limit: -1,
        min_working_days: 5,
        working_days: ["1", "2", "3", "4", "5"],
        first_mile_type: { dropoff_point_id: "", dropoff_timeslot_id: 0, first_mile_is_changing: false, first_mile_type: "DropOff" },
      })),
    });

  const roles: Handler = (req, { account }) => {
    const key = account.keys.get(req.headers.get("api-key") ?? "");
    return json(200, { roles: (key?.roles ?? []).map((name) => ({ name, methods: OZON_ROLES[name] ?? [] })) });
  };

  function postingJson(account: Account, p: Posting) {
    const warehouse = account.warehouses.find((w) => w.warehouse_id === p.warehouse_id);
    return {
      posting_number: p.posting_number,
      order_id: p.order_id,
      order_number: p.posting_number.split("-").slice(0, 2).join("-"),
      status: p.status,
      substatus: p.substatus,
      in_process_at: p.in_process_at,
      shipment_date: p.shipment_date,
      tracking_number: "",
      tpl_integration_type: "ozon",
      is_express: false,
      is_multibox: false,
      multi_box_qty: 1,
      available_actions: p.status === "awaiting_packaging" ? ["cancel", "ship"] : [],
      delivery_method: {
        id: 1,
        name: "Ozon Логистика",
        tpl_provider: "Ozon Логистика",
        tpl_provider_id: 24,
        warehouse: warehouse?.name ?? "",
        warehouse_id: p.warehouse_id,
      },
      cancellation: p.cancelled
        ? {
            cancel_reason: p.cancelled.reason,
            cancel_reason_id: p.cancelled.reason_id,
            cancellation_initiator: "Клиент",
            cancellation_type: "client",
            cancelled_after_ship: false,
            affect_cancellation_rating: false,
          }
        : undefined,
      products: p.products.map((line) => {
        const product = findByOffer(account, line.offer_id);
        return {
          sku: product?.sku ?? 0,
          offer_id: line.offer_id,
          name: product?.name ?? line.offer_id,
          quantity: line.quantity,
          price: product?.price ?? "0",
          currency_code: product?.currency_code ?? "RUB",
        };
      }),
    };
  }

  function pageArgs(body: Record<string, unknown>) {
    const limit = num(body.limit);
    const offset = num(body.offset);
    if (limit === undefined || limit < 1 || limit > OZON_LIMITS.postingsMaxLimit)
      return { error: err(400, GRPC.INVALID_ARGUMENT, "invalid request: limit must be inside range [1, 1000]") };
    if (offset === undefined || offset < 0) return { error: err(400, GRPC.INVALID_ARGUMENT, "invalid request: offset must be 0 or greater") };
    return { limit, offset, dir: body.dir === "desc" ? "desc" : "asc" };
  }

  const fbsList: Handler = (req, { account }) => {
    const body = isObject(req.json) ? req.json : {};
    const filter = isObject(body.filter) ? body.filter : undefined;
    const since = typeof filter?.since === "string" ? Date.parse(filter.since) : NaN;
    const to = typeof filter?.to === "string" ? Date.parse(filter.to) : NaN;
    if (!filter || Number.isNaN(since) || Number.isNaN(to)) return err(400, GRPC.INVALID_ARGUMENT, "invalid request: filter.since and filter.to are required");
    if (to - since > 366 * 86_400_000) return err(400, GRPC.INVALID_ARGUMENT, "invalid request: the period must not be longer than one year");
    const page = pageArgs(body);
    if ("error" in page) return page.error!;
    let list = account.postings.filter((p) => {
      const at = Date.parse(p.in_process_at);
      return at >= since && at <= to && (typeof filter.status !== "string" || filter.status === "" || p.status === filter.status);
    });
    list = list.sort((a, b) => (page.dir === "desc" ? -1 : 1) * (Date.parse(a.in_process_at) - Date.parse(b.in_process_at)));
    const slice = list.slice(page.offset, page.offset + page.limit);
    return json(200, { result: { postings: slice.map((p) => postingJson(account, p)), has_next: page.offset + page.limit < list.length } });
  };

  const fbsUnfulfilled: Handler = (req, { account }) => {
    const body = isObject(req.json) ? req.json : {};
    const filter = isObject(body.filter) ? body.filter : undefined;
    const from = typeof filter?.cutoff_from === "string" ? Date.parse(filter.cutoff_from) : NaN;
    const to = typeof filter?.cutoff_to === "string" ? Date.parse(filter.cutoff_to) : NaN;
    if (!filter || Number.isNaN(from) || Number.isNaN(to))
      return err(400, GRPC.INVALID_ARGUMENT, "invalid request: filter.cutoff_from and filter.cutoff_to are required");
    const page = pageArgs(body);
    if ("error" in page) return page.error!;
    const list = account.postings.filter((p) => {
      const cutoff = Date.parse(p.shipment_date);
      return UNFULFILLED.has(p.status) && cutoff >= from && cutoff <= to && (typeof filter.status !== "string" || filter.status === "" || p.status === filter.status);
    });
    const slice = list.slice(page.offset, page.offset + page.limit);
    return json(200, { result: { postings: slice.map((p) => postingJson(account, p)), count: list.length } });
  };

  const routes: Array<Route<Ctx>> = [
    { method: "POST", pattern: "/v1/warehouse/list", operation: "WarehouseAPI_WarehouseList", handler: warehouses },
    { method: "POST", pattern: "/v1/roles", operation: "AccessAPI_RolesByToken", handler: roles },
    { method: "POST", pattern: "/v3/product/list", operation: "ProductAPI_GetProductList", handler: productList },
    { method: "POST", pattern: "/v3/product/import", operation: "ProductAPI_ImportProductsV3", handler: productImport },
    { method: "POST", pattern: "/v1/product/import/info", operation: "ProductAPI_GetImportProductsInfo", handler: importInfo },
    { method: "POST", pattern: "/v2/products/stocks", operation: "ProductAPI_ProductsStocksV2", handler: stocks },
    { method: "POST", pattern: "/v1/product/import/prices", operation: "ProductAPI_ImportProductsPrices", handler: prices },
    { method: "POST", pattern: "/v3/posting/fbs/list", operation: "PostingAPI_GetFbsPostingListV3", handler: fbsList },
    { method: "POST", pattern: "/v3/posting/fbs/unfulfilled/list", operation: "PostingAPI_GetFbsPostingUnfulfilledList", handler: fbsUnfulfilled },
  ];

  async function handle(req: SimRequest): Promise<SimResponse & { operation?: string }> {
    const match = matchRoute(routes, req.method, req.path);
    const operation = match?.route.operation;
    const clientId = req.headers.get("client-id");
    const apiKey = req.headers.get("api-key");
    if (!clientId || !apiKey) return { ...err(401, GRPC.UNAUTHENTICATED, OZON_MESSAGES.missingHeaders), operation };
    if (!/^[1-9]\d*$/.test(clientId)) return { ...err(400, GRPC.INVALID_ARGUMENT, OZON_MESSAGES.badClientId), operation };
    const account = accounts.get(clientId);
    const key = account?.keys.get(apiKey);
    if (!account || !key) return { ...err(404, GRPC.NOT_FOUND, OZON_MESSAGES.invalidKey), operation };
    if (key.deactivated) return { ...err(403, GRPC.PERMISSION_DENIED, OZON_MESSAGES.deactivatedKey), operation };
    const wait = perSecond.take(clientId);
    if (wait > 0) return { ...err(429, GRPC.RESOURCE_EXHAUSTED, OZON_MESSAGES.perSecond), operation };
    if (!match) return err(404, GRPC.NOT_FOUND, "Not Found");
    const allowed = key.roles.some((r) => (OZON_ROLES[r] ?? []).includes(match.route.pattern));
    if (!allowed) return { ...err(403, GRPC.PERMISSION_DENIED, OZON_MESSAGES.missingRole), operation };
    const res = await match.route.handler({ ...req, params: match.params }, { account, now: now() });
    return { ...res, operation };
  }

  // --- what the marketplace does on its own: orders arrive, change and get cancelled ---------------------------------

  function account(clientId: string): Account {
    const acc = accounts.get(clientId);
    if (!acc) throw new Error(`No Ozon sandbox account with Client-Id ${clientId}`);
    return acc;
  }
  const sellerId = (clientId: string) => Number(clientId);

  return {
    platform: "ozon",
    faults,
    handle,
    rateLimited: () => err(429, GRPC.RESOURCE_EXHAUSTED, OZON_MESSAGES.perSecond),
    serverError: () => err(500, GRPC.INTERNAL, OZON_MESSAGES.internal),
    reset,
    stockOf: (clientId, productId, warehouseId) => accounts.get(clientId)?.stocks.get(`${productId}:${warehouseId}`),
    productByOfferId(clientId, offerId) {
      const p = findByOffer(account(clientId), offerId);
      return p && { product_id: p.product_id, offer_id: p.offer_id, price: p.price, old_price: p.old_price, name: p.name };
    },
    createPosting(clientId, input = {}) {
      const acc = account(clientId);
      const product = input.offerId ? findByOffer(acc, input.offerId) : [...acc.products.values()].find((p) => !p.archived);
      if (!product) throw new Error("No product to order");
      const warehouse = acc.warehouses[0]!;
      const t = now();
      const n = nextPosting++;
      const posting: Posting = {
        posting_number: input.postingNumber ?? `5${String(t).slice(-7)}-${String(n).padStart(4, "0")}-1`,
        order_id: 50_000_000_000 + n,
        status: "awaiting_packaging",
        substatus: "posting_created",
        in_process_at: new Date(t).toISOString(),
        shipment_date: new Date(t + 86_400_000).toISOString(),
        warehouse_id: warehouse.warehouse_id,
        products: [{ offer_id: product.offer_id, quantity: input.quantity ?? 1 }],
      };
      acc.postings.push(posting);
      return {
        message_type: "TYPE_NEW_POSTING",
        posting_number: posting.posting_number,
        products: [{ sku: product.sku, quantity: input.quantity ?? 1 }],
        in_process_at: posting.in_process_at,
        warehouse_id: warehouse.warehouse_id,
        seller_id: sellerId(clientId),
      };
    },
    changePostingState(clientId, postingNumber, newState) {
      const acc = account(clientId);
      const posting = acc.postings.find((p) => p.posting_number === postingNumber);
      if (!posting) throw new Error(`No posting ${postingNumber}`);
      posting.status = PUSH_TO_API_STATUS[newState] ?? posting.status;
      posting.substatus = newState;
      return {
        message_type: "TYPE_STATE_CHANGED",
        posting_number: postingNumber,
        new_state: newState,
        changed_state_date: new Date(now()).toISOString(),
        warehouse_id: posting.warehouse_id,
        seller_id: sellerId(clientId),
      };
    },
    cancelPosting(clientId, postingNumber, reason = "Покупатель отменил заказ") {
      const acc = account(clientId);
      const posting = acc.postings.find((p) => p.posting_number === postingNumber);
      if (!posting) throw new Error(`No posting ${postingNumber}`);
      const oldState = posting.substatus;
      posting.status = "cancelled";
      posting.substatus = "posting_canceled";
      posting.cancelled = { reason_id: 402, reason };
      return {
        message_type: "TYPE_POSTING_CANCELLED",
        posting_number: postingNumber,
        products: posting.products.map((l) => ({ sku: findByOffer(acc, l.offer_id)?.sku ?? 0, quantity: l.quantity })),
        old_state: oldState,
        new_state: "posting_canceled",
        changed_state_date: new Date(now()).toISOString(),
        reason: { id: 402, message: reason },
        warehouse_id: posting.warehouse_id,
        seller_id: sellerId(clientId),
      };
    },
    push: (url, events, pushOpts) =>
      sendOzonPushes(url, events, { duplicate: faults.duplicateWebhooks, outOfOrder: faults.outOfOrderWebhooks, now }, pushOpts),
  };
}
