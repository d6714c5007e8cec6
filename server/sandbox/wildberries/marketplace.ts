// Marketplace API (marketplace-api.wildberries.ru): seller warehouses, stocks by chrtId, FBS orders and supplies.
// Contracts: specs/wildberries/02-products.yaml (warehouses, stocks), 03-orders-fbs.yaml (orders, supplies).
import type { SimResponse } from "../framework";
import { failsAt, isInt, marketplaceError, type FbsOrder, type WbContext, type WbRoute, type WbState } from "./shared";

/** Stocks: 1–1000 items per request, amount ≤ 100000 (02-products.yaml). */
export const STOCKS_MAX = 1000;
export const STOCK_AMOUNT_MAX = 100_000;
/** FBS orders page size 1–1000, range ≤ 30 days (03-orders-fbs.yaml). */
export const ORDERS_PAGE_MAX = 1000;
export const ORDERS_RANGE_MAX_SECONDS = 30 * 86_400;
/** Orders added to a supply per request ≤ 100 (03-orders-fbs.yaml). */
export const SUPPLY_ORDERS_MAX = 100;

export const WAREHOUSES = [
  { name: "Склад Kervan, Подольск, ул. Троицкая", officeId: 15, id: 507001, cargoType: 1, deliveryType: 1, isDeleting: false, isProcessing: false },
  { name: "Склад Kervan КГТ, Электросталь", officeId: 206, id: 507002, cargoType: 2, deliveryType: 1, isDeleting: false, isProcessing: false },
];

export function seedMarketplace(state: WbState, now: number) {
  for (const w of WAREHOUSES) state.stocks.set(w.id, new Map());
  const main = state.stocks.get(507001)!;
  for (const card of state.cards.values()) for (const s of card.sizes) main.set(s.chrtID, 5);
  const order = (id: number, nmID: number, ageMin: number, status: FbsOrder["supplierStatus"], supplyId?: string): FbsOrder => {
    const card = state.cards.get(nmID)!;
    const size = card.sizes[0]!;
    return {
      id,
      rid: `${id}f884001e44e511edb8780242ac120002`.slice(0, 32),
      orderUid: `${id}_629fbc924b984618a44354475ca58675`,
      article: card.vendorCode,
      nmId: nmID,
      chrtId: size.chrtID,
      skus: size.skus,
      warehouseId: 507001,
      officeId: 15,
      offices: ["Подольск"],
      price: 199000,
      convertedPrice: 199000,
      salePrice: 179100,
      currencyCode: 643,
      convertedCurrencyCode: 643,
      cargoType: 1,
      crossBorderType: 0,
      createdAt: new Date(now - ageMin * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
      deliveryType: "fbs",
      colorCode: "",
      comment: "",
      isZeroOrder: false,
      options: { isB2b: false },
      requiredMeta: [],
      optionalMeta: [],
      ddate: new Date(now + 3 * 86_400_000).toISOString().slice(0, 10).split("-").reverse().join("."),
      sellerDate: null,
      ...(supplyId ? { supplyId } : {}),
      supplierStatus: status,
      wbStatus: "waiting",
    };
  };
  state.supplies.set("WB-GI-1000001", { id: "WB-GI-1000001", name: "Поставка Kervan 1", createdAt: new Date(now - 86_400_000).toISOString(), done: false });
  for (const o of [order(4_100_001, 211_000_101, 300, "confirm", "WB-GI-1000001"), order(4_100_002, 211_000_102, 45, "new"), order(4_100_003, 211_000_101, 10, "new")]) {
    state.orders.set(o.id, o);
  }
}

const notFound = () => marketplaceError(404, "NotFound", "Не найдено");

function warehouseOf(params: Record<string, string>, state: WbState) {
  const id = Number(params.warehouseId);
  return Number.isInteger(id) ? state.stocks.get(id) : undefined;
}

function putStocks(json: unknown, params: Record<string, string>, ctx: WbContext): SimResponse {
  const stocks = warehouseOf(params, ctx.state);
  if (!stocks) return notFound();
  const list = (json as { stocks?: unknown } | undefined)?.stocks;
  if (!Array.isArray(list) || list.length < 1 || list.length > STOCKS_MAX) return marketplaceError(400, "IncorrectRequestBody", "Incorrect required body");
  const valid: Array<{ chrtId: number; amount: number }> = [];
  const conflicts: Array<{ code: string; message: string; items: Array<Record<string, unknown>> }> = [];
  const conflict = (code: string, message: string, item: Record<string, unknown>) => {
    const c = conflicts.find((x) => x.code === code) ?? conflicts[conflicts.push({ code, message, items: [] }) - 1]!;
    c.items.push(item);
  };
  const known = new Set<number>();
  for (const card of ctx.state.cards.values()) for (const s of card.sizes) known.add(s.chrtID);
  list.forEach((raw: unknown, i) => {
    const item = (raw ?? {}) as Record<string, unknown>;
    // Field names are not validated: an item without chrtId is accepted and silently ignored (02-products.yaml).
    if (item.chrtId === undefined) {
      ctx.state.ignoredStockItems.push(item);
      return;
    }
    if (!isInt(item.chrtId) || (item.amount !== undefined && !isInt(item.amount))) {
      conflict("IncorrectRequest", "Переданы некорректные данные", { chrtId: item.chrtId, amount: item.amount });
      return;
    }
    const amount = (item.amount as number | undefined) ?? 0;
    if (amount < 0 || amount > STOCK_AMOUNT_MAX) conflict("UploadDataLimit", "Upload limit exceeded.", { sku: "", chrtId: item.chrtId, amount });
    else if (!known.has(item.chrtId)) conflict("NotFound", "Not found", { sku: "", chrtId: item.chrtId, amount });
    else if (failsAt(i, ctx.faults.partialBatchFailureRate)) conflict("StoreIsProcessing", "The store is processing", { sku: "", chrtId: item.chrtId, amount });
    else valid.push({ chrtId: item.chrtId, amount });
  });
  if (conflicts.some((c) => c.code === "IncorrectRequest")) return marketplaceError(400, "IncorrectRequest", "Переданы некорректные данные");
  // A 409 applies nothing: the whole request is refused with the offending items listed.
  if (conflicts.length) return { status: 409, json: conflicts.map((c) => ({ code: c.code, message: c.message, data: c.items })) };
  for (const v of valid) stocks.set(v.chrtId, v.amount);
  return { status: 204 };
}

function readStocks(json: unknown, params: Record<string, string>, ctx: WbContext): SimResponse {
  const stocks = warehouseOf(params, ctx.state);
  if (!stocks) return notFound();
  const ids = (json as { chrtIds?: unknown } | undefined)?.chrtIds;
  if (!Array.isArray(ids) || !ids.every(isInt)) return marketplaceError(400, "IncorrectRequestBody", "Incorrect required body");
  return { status: 200, json: { stocks: ids.filter((id) => stocks.has(id)).map((chrtId) => ({ chrtId, amount: stocks.get(chrtId)! })) } };
}

function deleteStocks(json: unknown, params: Record<string, string>, ctx: WbContext): SimResponse {
  const stocks = warehouseOf(params, ctx.state);
  if (!stocks) return notFound();
  const ids = (json as { chrtIds?: unknown } | undefined)?.chrtIds;
  if (!Array.isArray(ids) || !ids.length || !ids.every(isInt)) return marketplaceError(400, "IncorrectRequestBody", "Incorrect required body");
  for (const id of ids) stocks.delete(id);
  return { status: 204 };
}

/** Statuses are not part of an order in WB's answers: they come from POST /api/v3/orders/status. */
const orderView = (o: FbsOrder) => {
  const copy: Partial<FbsOrder> = { ...o };
  delete copy.supplierStatus;
  delete copy.wbStatus;
  return copy;
};

function listOrders(query: URLSearchParams, ctx: WbContext): SimResponse {
  const limit = Number(query.get("limit"));
  const next = Number(query.get("next"));
  if (query.get("limit") === null || !Number.isInteger(limit) || limit < 1 || limit > ORDERS_PAGE_MAX) return marketplaceError(400, "IncorrectParameter", "Некорректный параметр limit");
  if (query.get("next") === null || !Number.isInteger(next) || next < 0) return marketplaceError(400, "IncorrectParameter", "Некорректный параметр next");
  const from = query.get("dateFrom") === null ? undefined : Number(query.get("dateFrom"));
  const to = query.get("dateTo") === null ? undefined : Number(query.get("dateTo"));
  if ((from !== undefined && !Number.isInteger(from)) || (to !== undefined && !Number.isInteger(to))) return marketplaceError(400, "IncorrectParameter", "Некорректный параметр dateFrom/dateTo");
  const end = to ?? Math.floor(ctx.now() / 1000);
  const start = from ?? end - ORDERS_RANGE_MAX_SECONDS;
  if (end - start > ORDERS_RANGE_MAX_SECONDS) return marketplaceError(400, "IncorrectParameter", "Период не должен превышать 30 дней");
  const list = [...ctx.state.orders.values()]
    .filter((o) => {
      const t = Math.floor(Date.parse(o.createdAt) / 1000);
      return t >= start && t <= end && o.id > next;
    })
    .sort((a, b) => a.id - b.id)
    .slice(0, limit);
  return { status: 200, json: { next: list.length ? list[list.length - 1]!.id : next, orders: list.map(orderView) } };
}

function orderStatuses(json: unknown, ctx: WbContext): SimResponse {
  const ids = (json as { orders?: unknown } | undefined)?.orders;
  if (!Array.isArray(ids) || ids.length < 1 || ids.length > 1000 || !ids.every(isInt)) return marketplaceError(400, "IncorrectRequestBody", "Incorrect required body");
  return {
    status: 200,
    json: { orders: ids.map((id) => ctx.state.orders.get(id)).filter((o): o is FbsOrder => !!o).map((o) => ({ id: o.id, supplierStatus: o.supplierStatus, wbStatus: o.wbStatus })) },
  };
}

function cancelOrder(params: Record<string, string>, ctx: WbContext): SimResponse {
  const o = ctx.state.orders.get(Number(params.orderId));
  if (!o) return notFound();
  if (o.supplierStatus === "complete" || o.supplierStatus === "cancel") return marketplaceError(409, "StatusMismatch", "Несоответствие статусов");
  o.supplierStatus = "cancel";
  o.wbStatus = "canceled";
  return { status: 204 };
}

function createSupply(json: unknown, ctx: WbContext): SimResponse {
  const name = (json as { name?: unknown } | undefined)?.name;
  if (typeof name !== "string" || name.length < 1 || name.length > 128) return marketplaceError(400, "IncorrectRequestBody", "Incorrect required body");
  const id = `WB-GI-${1_000_000 + ++ctx.state.seq}`;
  ctx.state.supplies.set(id, { id, name, createdAt: new Date(ctx.now()).toISOString(), done: false });
  return { status: 201, json: { id } };
}

function addOrdersToSupply(json: unknown, params: Record<string, string>, ctx: WbContext): SimResponse {
  const supply = ctx.state.supplies.get(params.supplyId!);
  if (!supply) return notFound();
  const ids = (json as { orders?: unknown } | undefined)?.orders;
  if (!Array.isArray(ids) || ids.length < 1 || ids.length > SUPPLY_ORDERS_MAX || !ids.every(isInt)) return marketplaceError(400, "IncorrectRequestBody", "Incorrect required body");
  if (supply.done) return marketplaceError(409, "FailedToAddSupplyOrder", "Поставка уже передана в доставку");
  const orders = ids.map((id) => ctx.state.orders.get(id));
  if (orders.some((o) => !o)) return notFound();
  if (orders.some((o) => o!.supplierStatus !== "new" && o!.supplyId !== supply.id)) return marketplaceError(409, "StatusMismatch", "Несоответствие статусов");
  for (const o of orders) {
    o!.supplierStatus = "confirm";
    o!.supplyId = supply.id;
  }
  return { status: 204 };
}

export function marketplaceRoutes(): WbRoute[] {
  const host = "marketplace-api";
  return [
    { method: "GET", host, pattern: "/api/v3/warehouses", operation: "getWarehouses", limit: "stocks", handler: () => ({ status: 200, json: WAREHOUSES }) },
    { method: "PUT", host, pattern: "/api/v3/stocks/:warehouseId", operation: "updateStocks", limit: "stocks", handler: (req, ctx) => putStocks(req.json, req.params, ctx) },
    { method: "POST", host, pattern: "/api/v3/stocks/:warehouseId", operation: "getStocks", limit: "stocks", handler: (req, ctx) => readStocks(req.json, req.params, ctx) },
    { method: "DELETE", host, pattern: "/api/v3/stocks/:warehouseId", operation: "deleteStocks", limit: "stocks", handler: (req, ctx) => deleteStocks(req.json, req.params, ctx) },
    {
      method: "GET",
      host,
      pattern: "/api/v3/orders/new",
      operation: "getNewOrders",
      limit: "fbs",
      handler: (_req, ctx) => ({ status: 200, json: { orders: [...ctx.state.orders.values()].filter((o) => o.supplierStatus === "new").map(orderView) } }),
    },
    { method: "GET", host, pattern: "/api/v3/orders", operation: "getOrders", limit: "fbs", handler: (req, ctx) => listOrders(req.query, ctx) },
    { method: "POST", host, pattern: "/api/v3/orders/status", operation: "getOrderStatuses", limit: "fbs", handler: (req, ctx) => orderStatuses(req.json, ctx) },
    { method: "PATCH", host, pattern: "/api/v3/orders/:orderId/cancel", operation: "cancelOrder", limit: "fbs", handler: (req, ctx) => cancelOrder(req.params, ctx) },
    { method: "POST", host, pattern: "/api/v3/supplies", operation: "createSupply", limit: "fbs", handler: (req, ctx) => createSupply(req.json, ctx) },
    { method: "PATCH", host, pattern: "/api/marketplace/v3/supplies/:supplyId/orders", operation: "addOrdersToSupply", limit: "fbs", handler: (req, ctx) => addOrdersToSupply(req.json, req.params, ctx) },
  ];
}
