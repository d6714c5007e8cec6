// Prices and discounts API (discounts-prices-api.wildberries.ru): upload task → id, processed asynchronously, polled
// through history/tasks and history/goods/task. Contract: specs/wildberries/02-products.yaml.
import type { SimResponse } from "../framework";
import { contentError, failsAt, isInt, type PriceTask, type WbContext, type WbRoute } from "./shared";

/** At most 1000 goods per upload (02-products.yaml). */
export const PRICES_UPLOAD_MAX = 1000;

/** Processed upload statuses (history/tasks): 3 all applied, 5 some goods failed, 6 every good failed. */
export const TASK_STATUS = { done: 3, cancelled: 4, partial: 5, failed: 6 } as const;

const priceAnswer = (status: number, data: unknown, errorText = ""): SimResponse => ({ status, json: { data, error: false, errorText } });
const priceError = (status: number, errorText: string): SimResponse => ({ status, json: { data: null, error: true, errorText } });

export function seedPrices(ctx: Pick<WbContext, "state">) {
  for (const card of ctx.state.cards.values()) ctx.state.prices.set(card.nmID, { price: 1990 + (card.nmID % 7) * 100, discount: 10 });
}

export function settlePrices(ctx: WbContext) {
  for (const task of ctx.state.priceTasks.values()) {
    if (task.result || task.readyAt > ctx.now()) continue;
    const goods = task.items.map((item, i) => {
      const current = ctx.state.prices.get(item.nmID);
      const price = item.price ?? current?.price ?? 0;
      const discount = item.discount ?? current?.discount ?? 0;
      if (!ctx.state.cards.has(item.nmID)) return { nmID: item.nmID, price, discount, ok: false, errorText: "The product is not found" };
      if (failsAt(i, ctx.faults.partialBatchFailureRate)) return { nmID: item.nmID, price, discount, ok: false, errorText: "Simulated partial batch failure (faults.partialBatchFailureRate)" };
      // A discounted price at least 3× below the current one goes to price quarantine instead (02-products.yaml).
      if (current) {
        const before = current.price * (1 - current.discount / 100);
        const after = price * (1 - discount / 100);
        if (after * 3 <= before) return { nmID: item.nmID, price, discount, ok: false, errorText: "The new price is at least 3 times lower than the old one. The item has been moved to price quarantine" };
      }
      ctx.state.prices.set(item.nmID, { price, discount });
      return { nmID: item.nmID, price, discount, ok: true, errorText: "" };
    });
    const ok = goods.filter((g) => g.ok).length;
    task.result = { status: ok === goods.length ? TASK_STATUS.done : ok === 0 ? TASK_STATUS.failed : TASK_STATUS.partial, goods };
  }
}

function uploadTask(json: unknown, ctx: WbContext): SimResponse {
  const data = (json as { data?: unknown } | undefined)?.data;
  if (typeof json !== "object" || json === null || data === undefined) return priceError(400, "Invalid data format");
  if (!Array.isArray(data) || data.length === 0) return priceError(400, "Empty data");
  // WB's own wording says 10 000 although the limit is 1 000 (see the example note in 02-products.yaml).
  if (data.length > PRICES_UPLOAD_MAX) return priceError(400, "Upload limit exceeded: You can upload a maximum of 10 000 items");
  const items: PriceTask["items"] = [];
  const seen = new Set<number>();
  for (const raw of data as Array<Record<string, unknown>>) {
    if (!isInt(raw.nmID) || raw.nmID <= 0) return priceError(400, "Invalid item No.");
    if (seen.has(raw.nmID)) return priceError(400, "Duplicate item Nos.");
    seen.add(raw.nmID);
    if (raw.price === undefined && raw.discount === undefined) return priceError(400, "Price and discount not specified");
    if (raw.price !== undefined) {
      if (typeof raw.price !== "number") return priceError(400, "Invalid price value");
      if (!Number.isInteger(raw.price)) return priceError(400, "Price should be a whole number");
      if (raw.price <= 0) return priceError(400, "Invalid price value");
    }
    if (raw.discount !== undefined && (!isInt(raw.discount) || raw.discount < 0 || raw.discount > 99)) return priceError(400, "Invalid discount value");
    items.push({ nmID: raw.nmID, ...(raw.price !== undefined ? { price: raw.price as number } : {}), ...(raw.discount !== undefined ? { discount: raw.discount as number } : {}) });
  }
  const changed = items.filter((it) => {
    const cur = ctx.state.prices.get(it.nmID);
    if (!ctx.state.cards.has(it.nmID)) return false;
    return !cur || (it.price !== undefined && it.price !== cur.price) || (it.discount !== undefined && it.discount !== cur.discount);
  });
  if (!changed.length) return priceError(400, "All item Nos. are specified incorrectly, or the specified prices and discounts are already set");
  const fingerprint = JSON.stringify(items);
  const same = [...ctx.state.priceTasks.values()].find((t) => t.fingerprint === fingerprint && !t.result);
  if (same) return priceAnswer(208, { id: same.uploadID, alreadyExists: true }, "This task already exists");
  const uploadID = 9_000_000 + ++ctx.state.seq;
  ctx.state.priceTasks.set(uploadID, { uploadID, uploadDate: new Date(ctx.now()).toISOString(), readyAt: ctx.now() + ctx.delays.pricesMs, fingerprint, items });
  return priceAnswer(200, { id: uploadID, alreadyExists: false });
}

function uploadId(query: URLSearchParams): number | undefined {
  const raw = query.get("uploadID");
  const n = raw === null ? NaN : Number(raw);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function historyTask(query: URLSearchParams, ctx: WbContext): SimResponse {
  const id = uploadId(query);
  if (id === undefined) return priceError(400, "Invalid request parameters");
  const task = ctx.state.priceTasks.get(id);
  // Unknown or still being processed: nothing in the history yet.
  if (!task?.result) return priceAnswer(200, null);
  const ok = task.result.goods.filter((g) => g.ok).length;
  return priceAnswer(200, {
    uploadID: task.uploadID,
    status: task.result.status,
    uploadDate: task.uploadDate,
    activationDate: task.uploadDate,
    overAllGoodsNumber: task.result.goods.length,
    successGoodsNumber: ok,
  });
}

function historyGoods(query: URLSearchParams, ctx: WbContext): SimResponse {
  const id = uploadId(query);
  const limit = Number(query.get("limit"));
  const offset = Number(query.get("offset") ?? 0);
  if (id === undefined || !Number.isInteger(limit) || limit < 1 || limit > 1000 || !Number.isInteger(offset) || offset < 0) return priceError(400, "Invalid request parameters");
  const task = ctx.state.priceTasks.get(id);
  if (!task?.result) return priceAnswer(200, { uploadID: id, historyGoods: [] });
  return priceAnswer(200, {
    uploadID: id,
    historyGoods: task.result.goods.slice(offset, offset + limit).map((g) => {
      const card = ctx.state.cards.get(g.nmID);
      const size = card?.sizes[0];
      // Per-good status: 2 applied, 3 refused with errorText (codes are not documented in the contract).
      return {
        nmID: g.nmID,
        vendorCode: card?.vendorCode ?? "",
        sizeID: size?.chrtID ?? 0,
        techSizeName: size?.techSize ?? "",
        price: g.price,
        currencyIsoCode4217: "RUB",
        discount: g.discount,
        clubDiscount: 0,
        status: g.ok ? 2 : 3,
        errorText: g.errorText,
      };
    }),
  });
}

export function priceRoutes(): WbRoute[] {
  return [
    { method: "POST", host: "discounts-prices-api", pattern: "/api/v2/upload/task", operation: "uploadPriceTask", limit: "prices", handler: (req, ctx) => uploadTask(req.json, ctx) },
    { method: "GET", host: "discounts-prices-api", pattern: "/api/v2/history/tasks", operation: "getPriceTaskHistory", limit: "prices", handler: (req, ctx) => historyTask(req.query, ctx) },
    { method: "GET", host: "discounts-prices-api", pattern: "/api/v2/history/goods/task", operation: "getPriceTaskGoods", limit: "prices", handler: (req, ctx) => historyGoods(req.query, ctx) },
    {
      method: "GET",
      host: "discounts-prices-api",
      pattern: "/api/v2/list/goods/filter",
      operation: "getGoodsWithPrices",
      limit: "prices",
      handler: (req, ctx) => {
        const limit = Number(req.query.get("limit") ?? 10);
        const offset = Number(req.query.get("offset") ?? 0);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return contentError(400, "Invalid request parameters");
        const list = [...ctx.state.cards.values()].slice(offset, offset + limit).map((c) => {
          const p = ctx.state.prices.get(c.nmID) ?? { price: 0, discount: 0 };
          return {
            nmID: c.nmID,
            vendorCode: c.vendorCode,
            sizes: c.sizes.map((s) => ({ sizeID: s.chrtID, price: p.price, discountedPrice: Math.round(p.price * (1 - p.discount / 100)), clubDiscountedPrice: Math.round(p.price * (1 - p.discount / 100)), techSizeName: s.techSize })),
            currencyIsoCode4217: "RUB",
            discount: p.discount,
            clubDiscount: 0,
            editableSizePrice: false,
          };
        });
        return priceAnswer(200, { listGoods: list });
      },
    },
  ];
}
