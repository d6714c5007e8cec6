// Content API (content-api.wildberries.ru): cards list with cursor, async cards upload/update, error list.
// Contract: specs/wildberries/02-products.yaml.
import crypto from "node:crypto";
import { contentAnswer, contentError, failsAt, isInt, type CardErrorBatch, type WbCard, type WbContext, type WbRoute, type WbSize, type WbState } from "./shared";

/** Cards list page size ≤ 100; cards upload ≤ 100 per request, ≤ 30 variants each; update ≤ 3000 (02-products.yaml). */
export const CARDS_LIST_MAX = 100;
export const CARDS_UPLOAD_MAX = 100;
export const CARD_VARIANTS_MAX = 30;
export const CARDS_UPDATE_MAX = 3000;
/** Title at most 60 characters (02-products.yaml, variants.title maxLength). */
export const TITLE_MAX = 60;

export const SUBJECTS: Record<number, string> = { 105: "Футболки", 2184: "Кружки", 3091: "Бейсболки", 7771: "Аксессуары" };

export function seedCards(state: WbState, now: number) {
  const iso = (ms: number) => new Date(ms).toISOString();
  const card = (nmID: number, vendorCode: string, subjectID: number, title: string, sizes: Array<[number, string, string]>, withPhoto: boolean, ageMin: number): WbCard => ({
    nmID,
    imtID: nmID + 100_000_000,
    nmUUID: crypto.randomUUID(),
    subjectID,
    subjectName: SUBJECTS[subjectID]!,
    vendorCode,
    brand: "Kervan",
    title,
    description: `${title}. Товар из песочницы Kervan.`,
    needKiz: false,
    photos: withPhoto
      ? [{ big: `https://basket-01.wbbasket.ru/vol${nmID}/images/big/1.webp`, c246x328: `https://basket-01.wbbasket.ru/vol${nmID}/images/c246x328/1.webp`, c516x688: `https://basket-01.wbbasket.ru/vol${nmID}/images/c516x688/1.webp`, square: `https://basket-01.wbbasket.ru/vol${nmID}/images/square/1.webp`, tm: `https://basket-01.wbbasket.ru/vol${nmID}/images/tm/1.webp` }]
      : [],
    dimensions: { length: 30, width: 20, height: 5, weightBrutto: 0.35, isValid: true },
    characteristics: [{ id: 14177449, name: "Цвет", value: ["красный"] }],
    sizes: sizes.map(([chrtID, techSize, sku]) => ({ chrtID, techSize, wbSize: techSize === "0" ? "" : techSize, skus: [sku] })),
    tags: [],
    createdAt: iso(now - ageMin * 60_000 - 86_400_000),
    updatedAt: iso(now - ageMin * 60_000),
  });
  for (const c of [
    card(211_000_101, "KRV-TSHIRT-RED", 105, "Футболка Kervan хлопок красная", [
      [311_000_101, "S", "2040000001011"],
      [311_000_102, "M", "2040000001028"],
      [311_000_103, "L", "2040000001035"],
    ], true, 50),
    card(211_000_102, "KRV-MUG-01", 2184, "Кружка Kervan керамика 350 мл", [[311_000_201, "0", "2040000002018"]], true, 40),
    card(211_000_103, "KRV-CAP-BLUE", 3091, "Бейсболка Kervan синяя", [[311_000_301, "0", "2040000003015"]], false, 30),
  ]) {
    state.cards.set(c.nmID, c);
  }
}

type CardBody = Record<string, unknown>;

function newSizes(state: WbState, sizes: unknown, existing: WbSize[] = []): WbSize[] {
  const list = Array.isArray(sizes) && sizes.length ? (sizes as Array<Record<string, unknown>>) : [{}];
  return list.map((s) => {
    const keep = isInt(s.chrtID) ? existing.find((e) => e.chrtID === s.chrtID) : undefined;
    const skus = Array.isArray(s.skus) ? (s.skus as unknown[]).filter((x): x is string => typeof x === "string") : [];
    // Barcodes can only be added, never removed (02-products.yaml, cards update).
    const merged = [...new Set([...(keep?.skus ?? []), ...skus])];
    return {
      chrtID: keep?.chrtID ?? 300_000_000 + ++state.seq,
      techSize: typeof s.techSize === "string" ? s.techSize : keep?.techSize ?? "0",
      wbSize: typeof s.wbSize === "string" ? s.wbSize : keep?.wbSize ?? "",
      skus: merged.length ? merged : [`20400${String(++state.seq).padStart(8, "0")}`],
    };
  });
}

/** Runs the asynchronous part of uploads and updates whose time has come; failures go to the error list. */
export function settleCards(ctx: WbContext) {
  const { state, now, faults } = ctx;
  for (const batch of state.cardBatches) {
    if (batch.processed || batch.readyAt > now()) continue;
    batch.processed = true;
    const errorBatch: CardErrorBatch = { batchUUID: batch.batchUUID, updatedAt: new Date(now()).toISOString(), subjects: {}, brands: {}, vendorCodes: [], errors: {} };
    const fail = (vendorCode: string, subjectID: number, message: string) => {
      errorBatch.vendorCodes.push(vendorCode);
      errorBatch.subjects[vendorCode] = { id: subjectID, name: SUBJECTS[subjectID] ?? "" };
      (errorBatch.errors[vendorCode] ??= []).push(message);
    };
    let index = 0;
    if (batch.kind === "upload") {
      for (const group of batch.payload as Array<{ subjectID: number; variants: CardBody[] }>) {
        const imtID = 200_000_000 + ++state.seq;
        for (const v of group.variants) {
          const vendorCode = String(v.vendorCode);
          const title = typeof v.title === "string" ? v.title : "";
          if (title.length > TITLE_MAX) fail(vendorCode, group.subjectID, `Наименование товара должно быть не длиннее ${TITLE_MAX} символов`);
          else if (/@/.test(title)) fail(vendorCode, group.subjectID, "Запрещено использовать E-Mail в поле Наименование");
          else if (failsAt(index, faults.partialBatchFailureRate)) fail(vendorCode, group.subjectID, "Карточка не создана: имитация частичного сбоя пакета (faults.partialBatchFailureRate)");
          else {
            const at = new Date(now()).toISOString();
            const nmID = 212_000_000 + ++state.seq;
            state.cards.set(nmID, {
              nmID,
              imtID,
              nmUUID: crypto.randomUUID(),
              subjectID: group.subjectID,
              subjectName: SUBJECTS[group.subjectID] ?? "",
              vendorCode,
              brand: typeof v.brand === "string" ? v.brand : "",
              title,
              description: typeof v.description === "string" ? v.description : "",
              needKiz: false,
              photos: [],
              dimensions: { ...{ length: 0, width: 0, height: 0, weightBrutto: 0 }, ...(v.dimensions as object | undefined), isValid: !!v.dimensions },
              characteristics: Array.isArray(v.characteristics) ? (v.characteristics as WbCard["characteristics"]).map((c) => ({ id: c.id, name: String(c.id), value: c.value })) : [],
              sizes: newSizes(state, v.sizes),
              tags: [],
              createdAt: at,
              updatedAt: at,
            });
          }
          index++;
        }
      }
    } else {
      for (const v of batch.payload as CardBody[]) {
        const card = isInt(v.nmID) ? state.cards.get(v.nmID) : undefined;
        const vendorCode = String(v.vendorCode ?? v.nmID);
        if (!card) fail(vendorCode, 0, `Карточка товара с артикулом WB ${String(v.nmID)} не найдена`);
        else if (typeof v.title === "string" && v.title.length > TITLE_MAX) fail(vendorCode, card.subjectID, `Наименование товара должно быть не длиннее ${TITLE_MAX} символов`);
        else if (failsAt(index, faults.partialBatchFailureRate)) fail(vendorCode, card.subjectID, "Карточка не обновлена: имитация частичного сбоя пакета (faults.partialBatchFailureRate)");
        else {
          // The card is overwritten: what the request leaves out is cleared (02-products.yaml, cards update).
          card.vendorCode = typeof v.vendorCode === "string" ? v.vendorCode : card.vendorCode;
          card.brand = typeof v.brand === "string" ? v.brand : "";
          card.title = typeof v.title === "string" ? v.title : "";
          card.description = typeof v.description === "string" ? v.description : "";
          card.characteristics = Array.isArray(v.characteristics) ? (v.characteristics as WbCard["characteristics"]).map((c) => ({ id: c.id, name: String(c.id), value: c.value })) : [];
          if (v.dimensions) card.dimensions = { ...card.dimensions, ...(v.dimensions as object), isValid: true };
          card.sizes = newSizes(state, v.sizes, card.sizes);
          card.updatedAt = new Date(now()).toISOString();
        }
        index++;
      }
    }
    if (errorBatch.vendorCodes.length) state.cardErrors.push(errorBatch);
  }
}

function cardsList(req: { json: unknown }, ctx: WbContext) {
  const body = (req.json ?? {}) as { settings?: { sort?: { ascending?: unknown }; filter?: Record<string, unknown>; cursor?: { limit?: unknown; updatedAt?: unknown; nmID?: unknown } } };
  if (typeof req.json !== "object" || req.json === null) return contentError(400, "Request body can not be decoded");
  const settings = body.settings ?? {};
  const cursor = settings.cursor ?? {};
  const limit = cursor.limit === undefined ? 10 : cursor.limit;
  if (!isInt(limit) || limit < 1 || limit > 100) return contentError(400, `Invalid cursor.limit: must be from 1 to ${CARDS_LIST_MAX}`);
  const ascending = settings.sort?.ascending === true;
  const filter = settings.filter ?? {};
  // Default withPhoto is 0 = only cards WITHOUT photos (02-products.yaml); -1 returns all.
  const withPhoto = filter.withPhoto === undefined ? 0 : filter.withPhoto;
  const text = typeof filter.textSearch === "string" ? filter.textSearch.toLowerCase() : "";
  const objectIDs = Array.isArray(filter.objectIDs) ? filter.objectIDs : undefined;
  const brands = Array.isArray(filter.brands) ? filter.brands : undefined;
  let list = [...ctx.state.cards.values()].filter((c) => {
    if (withPhoto === 0 && c.photos.length) return false;
    if (withPhoto === 1 && !c.photos.length) return false;
    if (text && !(c.vendorCode.toLowerCase().includes(text) || String(c.nmID) === text || c.sizes.some((s) => s.skus.includes(text)))) return false;
    if (objectIDs && !objectIDs.includes(c.subjectID)) return false;
    if (brands && !brands.includes(c.brand)) return false;
    if (isInt(filter.imtID) && c.imtID !== filter.imtID) return false;
    return true;
  });
  const cmp = (a: WbCard, b: WbCard) => (a.updatedAt === b.updatedAt ? a.nmID - b.nmID : a.updatedAt < b.updatedAt ? -1 : 1);
  list.sort((a, b) => (ascending ? cmp(a, b) : cmp(b, a)));
  if (typeof cursor.updatedAt === "string" && isInt(cursor.nmID)) {
    const at = cursor.updatedAt;
    const nm = cursor.nmID;
    list = list.filter((c) => (ascending ? c.updatedAt > at || (c.updatedAt === at && c.nmID > nm) : c.updatedAt < at || (c.updatedAt === at && c.nmID < nm)));
  }
  const page = list.slice(0, limit);
  const last = page[page.length - 1];
  return {
    status: 200,
    json: { cards: page, cursor: { ...(last ? { updatedAt: last.updatedAt, nmID: last.nmID } : {}), total: page.length } },
  };
}

function cardsUpload(req: { json: unknown }, ctx: WbContext) {
  if (!Array.isArray(req.json)) return contentError(400, "Invalid request format");
  const groups = req.json as Array<Record<string, unknown>>;
  if (!groups.length) return contentError(400, "Invalid request format");
  if (groups.length > CARDS_UPLOAD_MAX) return contentError(400, `Too many cards in the request: at most ${CARDS_UPLOAD_MAX}`);
  const codes = new Set([...ctx.state.cards.values()].map((c) => c.vendorCode));
  for (const g of groups) {
    if (!isInt(g.subjectID) || !Array.isArray(g.variants) || !g.variants.length) return contentError(400, "Invalid request format");
    if (!SUBJECTS[g.subjectID]) return contentError(400, "This category does not exist", { id: String(g.subjectID) });
    if (g.variants.length > CARD_VARIANTS_MAX) return contentError(400, `A group can hold at most ${CARD_VARIANTS_MAX} cards`);
    for (const v of g.variants as Array<Record<string, unknown>>) {
      if (typeof v.vendorCode !== "string" || !v.vendorCode) return contentError(400, "A card cannot be created without a vendorCode");
      if (codes.has(v.vendorCode)) return contentError(400, "bad request; Unexpected the specified card's vendor code is used in other cards");
      codes.add(v.vendorCode);
    }
  }
  ctx.state.cardBatches.push({ batchUUID: crypto.randomUUID(), kind: "upload", readyAt: ctx.now() + ctx.delays.cardsMs, payload: groups, processed: false });
  return contentAnswer(200, null, "", {});
}

function cardsUpdate(req: { json: unknown }, ctx: WbContext) {
  if (!Array.isArray(req.json) || !req.json.length) return contentError(400, "Invalid request format");
  if (req.json.length > CARDS_UPDATE_MAX) return contentError(400, `Too many cards in the request: at most ${CARDS_UPDATE_MAX}`);
  for (const v of req.json as Array<Record<string, unknown>>) {
    if (!isInt(v.nmID)) return contentError(400, "Invalid request format", { nmID: "required" });
    if (typeof v.vendorCode !== "string" || !v.vendorCode) return contentError(400, "A card cannot be updated without a vendorCode");
  }
  ctx.state.cardBatches.push({ batchUUID: crypto.randomUUID(), kind: "update", readyAt: ctx.now() + ctx.delays.cardsMs, payload: req.json, processed: false });
  return contentAnswer(200, null, "", {});
}

function errorList(req: { json: unknown }, ctx: WbContext) {
  const body = (req.json ?? {}) as { cursor?: { limit?: unknown; updatedAt?: unknown; batchUUID?: unknown }; order?: { ascending?: unknown } };
  const limit = body.cursor?.limit ?? 100;
  if (!isInt(limit) || limit < 1 || limit > 100) return contentError(400, "Invalid cursor.limit: must be from 1 to 100");
  const ascending = body.order?.ascending !== false;
  let list = [...ctx.state.cardErrors];
  if (!ascending) list.reverse();
  if (typeof body.cursor?.batchUUID === "string") {
    const i = list.findIndex((b) => b.batchUUID === body.cursor!.batchUUID);
    if (i >= 0) list = list.slice(i + 1);
  }
  const page = list.slice(0, limit);
  const last = page[page.length - 1];
  return contentAnswer(200, {
    items: page,
    cursor: { next: list.length > page.length, updatedAt: last?.updatedAt ?? new Date(ctx.now()).toISOString(), batchUUID: last?.batchUUID ?? "00000000-0000-0000-0000-000000000000" },
  });
}

export function contentRoutes(): WbRoute[] {
  return [
    { method: "POST", host: "content-api", pattern: "/content/v2/get/cards/list", operation: "getCardsList", limit: "content", handler: (req, ctx) => cardsList(req, ctx) },
    { method: "POST", host: "content-api", pattern: "/content/v2/cards/upload", operation: "createCards", limit: "contentUpload", handler: (req, ctx) => cardsUpload(req, ctx) },
    { method: "POST", host: "content-api", pattern: "/content/v2/cards/update", operation: "updateCards", limit: "contentUpload", handler: (req, ctx) => cardsUpdate(req, ctx) },
    { method: "POST", host: "content-api", pattern: "/content/v2/cards/error/list", operation: "getCardErrors", limit: "contentUpload", handler: (req, ctx) => errorList(req, ctx) },
    {
      method: "GET",
      host: "content-api",
      pattern: "/content/v2/cards/limits",
      operation: "getCardLimits",
      limit: "content",
      handler: () => contentAnswer(200, { freeLimits: 500, paidLimits: 0 }),
    },
  ];
}
