// Trendyol simulator: a stateful fake of the Partner API at https://apigw.trendyol.com/integration.
// Behaviour follows specs/trendyol/spm-openapi-english.yml (product V2, batches), openapi-domestic.yml (orders),
// openapi-webhook.yml, openapi-supplier-addresses-domestic-english.yml and the docs scrape (auth, User-Agent, limits).
import crypto from "node:crypto";
import { json, matchRoute, noFaults, WindowLimiter, type Faults, type Route, type SimRequest, type SimResponse, type Simulator } from "../framework";
import {
  findCategory,
  leafCategoryIds,
  SANDBOX_ACCOUNTS,
  SEED_BRANDS,
  SEED_CATEGORIES,
  SEED_ATTRIBUTE_VALUES,
  SEED_CATEGORY_ATTRIBUTES,
  seedAddresses,
  seedProducts,
  seedShipmentPackages,
  type SeedProduct,
  type ShipmentPackage,
  type TrendyolSandboxAccount,
} from "./seed";
import { deliverTrendyolWebhooks, type TrendyolWebhookDelivery, type TrendyolWebhookTarget } from "./webhooks";

export { SANDBOX_ACCOUNTS, type TrendyolSandboxAccount, type ShipmentPackage };
export type { TrendyolWebhookDelivery, TrendyolWebhookTarget };

/** Documented limits (docs scrape "Trendyol API Services Request Limitation", "Service limits"; spm-openapi-english.yml). */
export const TRENDYOL_LIMITS = {
  perEndpointRequests: 50,
  perEndpointWindowMs: 10_000,
  batchMaxItems: 1000,
  maxQuantity: 20_000,
  duplicateInventoryWindowMs: 15 * 60_000,
  batchResultRetentionMs: 4 * 3_600_000,
  maxWebhooksPerSeller: 15,
  approvedPageSizeMax: 100,
  unapprovedPageSizeMax: 1000,
  pageWindowMax: 10_000,
  ordersPageSizeMax: 200,
  ordersRangeMaxMs: 14 * 86_400_000,
} as const;

// Per-service limits in requests per minute, on top of the 50 per 10 s rule (docs scrape, "Service limits").
const SERVICE_LIMITS_PER_MINUTE: Record<string, number> = {
  getBrands: 50,
  getBrandsByName: 50,
  getCategoryTree: 50,
  getCategoryAttributes: 50,
  getCategoryAttributeValues: 50,
  deleteProducts: 100,
};

/** The documented duplicate-request message of updatePriceAndInventory (docs scrape, "Stock and Price Update"). */
export const DUPLICATE_INVENTORY_MESSAGE = "15 dakika boyunca aynı isteği tekrarlı olarak atamazsınız!";

const USER_AGENT = /^(\d+) - ([A-Za-z0-9]{1,30})$/;

export const WEBHOOK_STATUSES = [
  "CREATED",
  "PICKING",
  "INVOICED",
  "SHIPPED",
  "CANCELLED",
  "DELIVERED",
  "UNDELIVERED",
  "RETURNED",
  "UNSUPPLIED",
  "AWAITING",
  "UNPACKED",
  "AT_COLLECTION_POINT",
  "VERIFIED",
] as const;
type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

const PACKAGE_TO_WEBHOOK_STATUS: Record<string, WebhookStatus> = {
  Created: "CREATED",
  Picking: "PICKING",
  Invoiced: "INVOICED",
  Shipped: "SHIPPED",
  Cancelled: "CANCELLED",
  Delivered: "DELIVERED",
  UnDelivered: "UNDELIVERED",
  Returned: "RETURNED",
  UnSupplied: "UNSUPPLIED",
  Awaiting: "AWAITING",
  UnPacked: "UNPACKED",
  AtCollectionPoint: "AT_COLLECTION_POINT",
  Verified: "VERIFIED",
};

type BatchType = "ProductV2OnBoarding" | "ProductV2Update" | "ProductInventoryUpdate" | "ProductArchiveUpdate" | "ProductDeletion";

interface BatchItem {
  requestItem: Record<string, unknown>;
  status: "SUCCESS" | "FAILED";
  failureReasons: string[];
}

interface Batch {
  batchRequestId: string;
  type: BatchType;
  sellerId: string;
  creationDate: number;
  readyAt: number;
  items: BatchItem[];
  /** Effects of the successful items, applied once when the batch completes. */
  effects: Array<() => void>;
  applied: boolean;
}

interface Product extends SeedProduct {
  contentId: number;
  variantId: number;
  approved: boolean;
  archived: boolean;
  archivedDate: number | null;
  locked: boolean;
  onSale: boolean;
  createDateTime: number;
  lastUpdateDate: number;
  lastPriceChangeDate: number;
  lastStockChangeDate: number;
  deliveryDuration?: number;
  fastDeliveryType?: string;
  /** Set by rejectProduct: Trendyol's moderation answer, listed by filterUnapprovedProducts. */
  rejectReasons?: Array<{ rejectReason: string; rejectReasonDetail: string }>;
}

interface RegisteredWebhook {
  id: string;
  createdDate: number;
  lastModifiedDate: number | null;
  url: string;
  username?: string;
  password?: string;
  apiKey?: string;
  authenticationType: "BASIC_AUTHENTICATION" | "API_KEY";
  status: "ACTIVE" | "PASSIVE";
  subscribedStatuses: WebhookStatus[] | null;
}

interface SellerState {
  account: TrendyolSandboxAccount;
  products: Map<string, Product>;
  contentIds: Map<string, number>;
  packages: ShipmentPackage[];
  webhooks: RegisteredWebhook[];
  inventoryBodies: Map<string, number>;
}

interface State {
  sellers: Map<string, SellerState>;
  batches: Map<string, Batch>;
  nextId: number;
}

export interface TrendyolSimulatorOptions {
  /** Injectable clock (ms) for limits, batch timing, 15-minute duplicates. */
  now?: () => number;
  accounts?: readonly TrendyolSandboxAccount[];
  /** How long a batch stays IN_PROGRESS before its results are ready (default 1500 ms). */
  batchProcessingMs?: number;
  /** Created products are approved when their batch completes (default true); false keeps them pendingApproval. */
  autoApprove?: boolean;
  /** Used for outbound webhook deliveries (default global fetch). */
  fetch?: typeof fetch;
}

export interface TrendyolSimulator extends Simulator {
  /** POSTs shipment packages the way Trendyol does (Basic or x-api-key, not signed), honouring the webhook faults. */
  deliverWebhook(target: TrendyolWebhookTarget, event: ShipmentPackage | ShipmentPackage[]): Promise<TrendyolWebhookDelivery[]>;
  /** Moves a package to a new status (as the customer/carrier would) and pushes it to the seller's active webhooks. */
  emitPackageStatus(sellerId: string, packageId: number, status: string): Promise<TrendyolWebhookDelivery[]>;
  /** Current shipment packages of a seller (read only copy). */
  packages(sellerId: string): ShipmentPackage[];
  /** Current product (by barcode) as the simulator holds it. */
  product(sellerId: string, barcode: string): Readonly<Product> | undefined;
  /** Webhooks the seller registered through the API. */
  webhooks(sellerId: string): ReadonlyArray<Readonly<RegisteredWebhook>>;
  /** Moderation rejects a product (as Trendyol's reviewers would): it leaves the approved list with these reasons. */
  rejectProduct(sellerId: string, barcode: string, reasons: Array<{ rejectReason: string; rejectReasonDetail: string }>): void;
  /** Adds approved products to a seller directly (benchmarks that need many listings without the create API). */
  addApprovedProducts(sellerId: string, products: readonly SeedProduct[]): void;
}

type Req = SimRequest & { params: Record<string, string> };
type Ctx = { seller: SellerState; now: number };
type Handler = (req: Req, ctx: Ctx) => SimResponse;

export function createTrendyolSimulator(opts: TrendyolSimulatorOptions = {}): TrendyolSimulator {
  const now = opts.now ?? Date.now;
  const accounts = opts.accounts ?? SANDBOX_ACCOUNTS;
  const processingMs = opts.batchProcessingMs ?? 1500;
  const autoApprove = opts.autoApprove ?? true;
  const faults: Faults = noFaults();
  const endpointLimiter = new WindowLimiter(TRENDYOL_LIMITS.perEndpointRequests, TRENDYOL_LIMITS.perEndpointWindowMs, now);
  const minuteLimiters = new Map<string, WindowLimiter>();
  let state = initialState();

  function initialState(): State {
    const t = now();
    const sellers = new Map<string, SellerState>();
    let contentSeq = 9_511_000;
    let variantSeq = 700_000;
    for (const account of accounts) {
      const products = new Map<string, Product>();
      const contentIds = new Map<string, number>();
      for (const p of seedProducts()) {
        const barcode = account.sellerId === SANDBOX_ACCOUNTS[0]?.sellerId ? p.barcode : `${p.barcode}-${account.sellerId}`;
        let contentId = contentIds.get(p.productMainId);
        if (contentId === undefined) contentIds.set(p.productMainId, (contentId = ++contentSeq));
        products.set(barcode, {
          ...p,
          barcode,
          contentId,
          variantId: ++variantSeq,
          approved: true,
          archived: false,
          archivedDate: null,
          locked: false,
          onSale: p.quantity > 0,
          createDateTime: t - 30 * 86_400_000,
          lastUpdateDate: t - 86_400_000,
          lastPriceChangeDate: t - 86_400_000,
          lastStockChangeDate: t - 86_400_000,
        });
      }
      sellers.set(account.sellerId, {
        account,
        products,
        contentIds,
        packages: seedShipmentPackages(account.sellerId, t),
        webhooks: [],
        inventoryBodies: new Map(),
      });
    }
    return { sellers, batches: new Map(), nextId: contentSeq + 1 };
  }

  // ---------- answers in Trendyol's shapes ----------
  const error = (status: number, key: string, message: string, exception?: string): SimResponse =>
    json(status, { timestamp: now(), ...(exception ? { exception } : {}), errors: [{ key, message, errorCode: String(status) }] });
  const badRequest = (key: string, message: string) => error(400, key, message, "ClientApiBusinessException");

  // ---------- batches ----------
  function failSome(items: BatchItem[], reason: string) {
    const rate = faults.partialBatchFailureRate;
    if (rate <= 0) return;
    let i = 0;
    for (const item of items) {
      if (item.status === "SUCCESS" && Math.floor((i + 1) * rate) > Math.floor(i * rate)) {
        item.status = "FAILED";
        item.failureReasons = [reason];
      }
      i++;
    }
  }

  function newBatch(seller: SellerState, type: BatchType, items: BatchItem[], effects: Array<(() => void) | undefined>, faultReason: string): SimResponse {
    failSome(items, faultReason);
    const t = now();
    const id = `${crypto.randomUUID()}-${Math.floor(t / 1000)}`;
    state.batches.set(id, {
      batchRequestId: id,
      type,
      sellerId: seller.account.sellerId,
      creationDate: t,
      readyAt: t + processingMs,
      items,
      effects: items.flatMap((item, i) => (item.status === "SUCCESS" && effects[i] ? [effects[i]!] : [])),
      applied: false,
    });
    return json(200, { batchRequestId: id });
  }

  function settle(t: number) {
    for (const [id, b] of state.batches) {
      if (!b.applied && b.readyAt <= t) {
        b.applied = true;
        for (const effect of b.effects) effect();
      }
      if (b.applied && b.readyAt + TRENDYOL_LIMITS.batchResultRetentionMs < t) state.batches.delete(id);
    }
  }

  function itemsOf(body: unknown): unknown[] | SimResponse {
    const items = (body as { items?: unknown } | undefined)?.items;
    if (!Array.isArray(items)) return badRequest("items.required", "items must not be null");
    if (items.length === 0) return badRequest("items.empty", "items must not be empty");
    if (items.length > TRENDYOL_LIMITS.batchMaxItems)
      return badRequest("items.size.exceeded", `You can send at most ${TRENDYOL_LIMITS.batchMaxItems} items in one request (${items.length} sent).`);
    return items;
  }

  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
  const isStr = (v: unknown): v is string => typeof v === "string" && v.trim().length > 0;

  function validateCreate(seller: SellerState, raw: unknown, seen: Set<string>): string[] {
    if (!isObj(raw)) return ["Item must be an object."];
    const reasons: string[] = [];
    const required = ["barcode", "title", "productMainId", "brandId", "categoryId", "quantity", "stockCode", "dimensionalWeight", "description", "listPrice", "salePrice", "images", "vatRate", "attributes"];
    for (const f of required) if (raw[f] === undefined || raw[f] === null || raw[f] === "") reasons.push(`${f} is required.`);
    if (reasons.length) return reasons;
    const barcode = String(raw.barcode);
    if (barcode.length > 40) reasons.push("barcode must be at most 40 characters.");
    if (seller.products.has(barcode) || seen.has(barcode)) reasons.push(`Barcode ${barcode} is already used by another product.`);
    if (String(raw.title).length > 100) reasons.push("title must be at most 100 characters.");
    if (String(raw.description).length > 30_000) reasons.push("description must be at most 30000 characters.");
    if (!SEED_BRANDS.some((b) => b.id === raw.brandId)) reasons.push(`Brand ${String(raw.brandId)} was not found.`);
    if (!leafCategoryIds().has(Number(raw.categoryId))) reasons.push(`Category ${String(raw.categoryId)} is not a leaf category.`);
    if (!isNum(raw.listPrice) || !isNum(raw.salePrice)) reasons.push("listPrice and salePrice must be numbers.");
    else if (raw.listPrice < raw.salePrice) reasons.push("listPrice cannot be less than salePrice.");
    if (!isNum(raw.quantity) || raw.quantity < 0) reasons.push("quantity must be a non-negative number.");
    else if (raw.quantity > TRENDYOL_LIMITS.maxQuantity) reasons.push(`quantity cannot be more than ${TRENDYOL_LIMITS.maxQuantity}.`);
    if (![0, 1, 10, 20].includes(Number(raw.vatRate))) reasons.push("vatRate must be one of 0, 1, 10, 20.");
    if (!Array.isArray(raw.images) || raw.images.length === 0) reasons.push("At least one image is required.");
    else if (raw.images.length > 8) reasons.push("At most 8 images can be added for a barcode.");
    else if (raw.images.some((i) => !isObj(i) || !isStr(i.url) || !String(i.url).startsWith("https://"))) reasons.push("Image URLs must be https addresses.");
    if (!Array.isArray(raw.attributes)) reasons.push("attributes must be a list.");
    else {
      const attrs = SEED_CATEGORY_ATTRIBUTES[Number(raw.categoryId)] ?? [];
      for (const a of attrs.filter((x) => x.required)) {
        const given = raw.attributes.find((x) => isObj(x) && x.attributeId === a.id) as Record<string, unknown> | undefined;
        const has = given && (isStr(given.attributeValue) || (Array.isArray(given.attributeValueIds) && given.attributeValueIds.length > 0) || isNum(given.attributeValueId));
        if (!has) reasons.push(`Required category attribute is missing: ${a.name}`);
      }
    }
    return reasons;
  }

  // ---------- product views ----------
  function approvedContent(products: Product[], sellerId: string) {
    const byContent = new Map<number, Product[]>();
    for (const p of products) byContent.set(p.contentId, [...(byContent.get(p.contentId) ?? []), p]);
    return [...byContent.values()].map((variants) => {
      const first = variants[0]!;
      const brand = SEED_BRANDS.find((b) => b.id === first.brandId);
      const category = findCategory(first.categoryId);
      return {
        contentId: first.contentId,
        productMainId: first.productMainId,
        brand: { id: first.brandId, name: brand?.name ?? "" },
        category: { id: first.categoryId, name: category?.name ?? "" },
        creationDate: first.createDateTime,
        lastModifiedDate: Math.max(...variants.map((v) => v.lastUpdateDate)),
        lastModifiedBy: "API",
        title: first.title,
        description: first.description,
        images: first.images,
        attributes: first.attributes.map((a) => ({
          attributeId: a.attributeId,
          attributeName: SEED_CATEGORY_ATTRIBUTES[first.categoryId]?.find((x) => x.id === a.attributeId)?.name ?? "",
          attributeValues: [{ attributeValueId: a.attributeValueId ?? null, attributeValue: a.attributeValue ?? "" }],
        })),
        variants: variants.map((v) => ({
          variantId: v.variantId,
          supplierId: Number(sellerId),
          barcode: v.barcode,
          attributes: [],
          productUrl: `https://www.trendyol.com/sandbox/p-${v.contentId}?merchantId=${sellerId}`,
          onSale: v.onSale && !v.archived && !v.locked && v.quantity > 0,
          deliveryOptions: { deliveryDuration: v.deliveryDuration ?? 2, isRushDelivery: false, fastDeliveryOptions: [] },
          stock: { lastModifiedDate: v.lastStockChangeDate },
          price: { salePrice: v.salePrice, listPrice: v.listPrice },
          stockCode: v.stockCode,
          vatRate: v.vatRate,
          sellerCreatedDate: v.createDateTime,
          sellerModifiedDate: v.lastUpdateDate,
          locked: v.locked,
          lockReason: null,
          lockDate: null,
          archived: v.archived,
          archivedDate: v.archivedDate,
          docNeeded: false,
          hasViolation: false,
          blacklisted: false,
          // Not in the V2 contract's ApprovedVariant; Kervan needs the quantity, and Trendyol returns it in practice.
          quantity: v.quantity,
        })),
      };
    });
  }

  function page(req: SimRequest, maxSize: number, defaultSize: number): { page: number; size: number; offset: number } | SimResponse {
    const size = req.query.has("size") ? Number(req.query.get("size")) : defaultSize;
    const pageNo = req.query.has("page") ? Number(req.query.get("page")) : 0;
    if (!Number.isInteger(size) || size < 1 || size > maxSize) return badRequest("size.invalid", `size must be between 1 and ${maxSize}`);
    if (!Number.isInteger(pageNo) || pageNo < 0) return badRequest("page.invalid", "page must be zero or a positive number");
    const token = req.query.get("nextPageToken");
    if (token) {
      const offset = Number(Buffer.from(token, "base64url").toString("utf8"));
      if (!Number.isInteger(offset) || offset < 0) return badRequest("nextPageToken.invalid", "nextPageToken is invalid");
      return { page: Math.floor(offset / size), size, offset };
    }
    if ((pageNo + 1) * size > TRENDYOL_LIMITS.pageWindowMax)
      return badRequest("page.size.exceeded", `page × size can be at most ${TRENDYOL_LIMITS.pageWindowMax}; use nextPageToken.`);
    return { page: pageNo, size, offset: pageNo * size };
  }

  function pageBody<T>(all: T[], p: { page: number; size: number; offset: number }) {
    const content = all.slice(p.offset, p.offset + p.size);
    const nextOffset = p.offset + p.size;
    const needsToken = nextOffset < all.length && nextOffset + p.size > TRENDYOL_LIMITS.pageWindowMax;
    return {
      totalElements: all.length,
      totalPages: Math.ceil(all.length / p.size),
      page: p.page,
      size: p.size,
      ...(needsToken ? { nextPageToken: Buffer.from(String(nextOffset), "utf8").toString("base64url") } : {}),
      content,
    };
  }

  function filterProducts(req: SimRequest, list: Product[]): Product[] {
    const q = req.query;
    let out = list;
    const barcode = q.get("barcode");
    if (barcode) out = out.filter((p) => p.barcode === barcode);
    const stockCode = q.get("stockCode");
    if (stockCode) out = out.filter((p) => p.stockCode === stockCode);
    const mainId = q.get("productMainId");
    if (mainId) out = out.filter((p) => p.productMainId === mainId);
    const brandIds = q.getAll("brandIds").flatMap((v) => v.split(",")).filter(Boolean).map(Number);
    if (brandIds.length) out = out.filter((p) => brandIds.includes(p.brandId));
    const start = q.get("startDate");
    const end = q.get("endDate");
    const field = (p: Product) => (/CREATED/.test(q.get("dateQueryType") ?? "") ? p.createDateTime : p.lastUpdateDate);
    if (start) out = out.filter((p) => field(p) >= Number(start));
    if (end) out = out.filter((p) => field(p) <= Number(end));
    return out;
  }

  // ---------- routes ----------
  const S = "/product/sellers/:sellerId";
  const routes: Array<Route<Ctx>> = [];
  const route = (method: string, pattern: string, operation: string, handler: Handler) => routes.push({ method, pattern, operation, handler });

  route("GET", "/sellers/:sellerId/addresses", "getSuppliersAddresses", (_req, { seller }) => {
    const list = seedAddresses(seller.account.sellerId);
    const def = (type: string) => list.find((a) => a.addressType === type && a.isDefault);
    return json(200, {
      supplierAddresses: list,
      defaultShipmentAddress: def("Shipment"),
      defaultInvoiceAddress: def("Invoice"),
      defaultReturningAddress: { present: Boolean(def("Returning")) },
    });
  });

  route("GET", "/product/brands", "getBrands", (req) => {
    const size = Number(req.query.get("size") ?? 1000);
    const p = Number(req.query.get("page") ?? 0);
    return json(200, { brands: SEED_BRANDS.slice(p * size, p * size + size) });
  });

  route("GET", "/product/brands/by-name", "getBrandsByName", (req) => {
    const name = req.query.get("name");
    if (!name) return badRequest("name.required", "name must not be empty");
    // Case-sensitive, as the contract says.
    return json(200, SEED_BRANDS.filter((b) => b.name === name));
  });

  route("GET", "/product/product-categories", "getCategoryTree", () => json(200, { categories: SEED_CATEGORIES }));

  route("GET", "/product/categories/:categoryId/attributes", "getCategoryAttributes", (req) => {
    const id = Number(req.params.categoryId);
    const category = findCategory(id);
    if (!category) return error(404, "category.not.found", `Category ${req.params.categoryId} was not found.`);
    if (!leafCategoryIds().has(id)) return badRequest("category.not.leaf", "The lowest-level (leaf) category id must be used.");
    return json(200, {
      id,
      name: category.name,
      displayName: category.name,
      categoryAttributes: (SEED_CATEGORY_ATTRIBUTES[id] ?? []).map((a) => ({
        allowCustom: a.allowCustom,
        attribute: { id: a.id, name: a.name },
        categoryId: id,
        required: a.required,
        varianter: a.varianter,
        slicer: false,
        allowMultipleAttributeValues: false,
      })),
    });
  });

  route("GET", "/product/categories/:categoryId/attributes/:attributeId/values", "getCategoryAttributeValues", (req) => {
    const categoryId = Number(req.params.categoryId);
    const attr = (SEED_CATEGORY_ATTRIBUTES[categoryId] ?? []).find((a) => a.id === Number(req.params.attributeId));
    if (!attr) return error(404, "attribute.not.found", `Attribute ${req.params.attributeId} was not found in category ${req.params.categoryId}.`);
    const size = Math.min(1000, Number(req.query.get("size") ?? 1000));
    const pageNo = Number(req.query.get("page") ?? 0);
    const all = (SEED_ATTRIBUTE_VALUES[attr.id] ?? []).map((name, i) => ({ attributeValueId: attr.id * 1000 + i + 1, attributeValueName: name }));
    return json(200, { totalElements: all.length, totalPages: Math.ceil(all.length / size), page: pageNo, size, content: all.slice(pageNo * size, pageNo * size + size) });
  });

  route("POST", `${S}/v2/products`, "createProducts", (req, { seller, now: t }) => {
    const items = itemsOf(req.json);
    if (!Array.isArray(items)) return items;
    const seen = new Set<string>();
    const results: BatchItem[] = [];
    const effects: Array<(() => void) | undefined> = [];
    for (const raw of items) {
      const reasons = validateCreate(seller, raw, seen);
      const item = (isObj(raw) ? raw : {}) as unknown as SeedProduct;
      if (reasons.length === 0) seen.add(String(item.barcode));
      results.push({ requestItem: { product: raw, barcode: item.barcode }, status: reasons.length ? "FAILED" : "SUCCESS", failureReasons: reasons });
      effects.push(() => {
        let contentId = seller.contentIds.get(item.productMainId);
        if (contentId === undefined) seller.contentIds.set(item.productMainId, (contentId = state.nextId++));
        const p: Product = {
          ...item,
          attributes: item.attributes ?? [],
          contentId,
          variantId: state.nextId++,
          approved: autoApprove,
          archived: false,
          archivedDate: null,
          locked: false,
          onSale: item.quantity > 0,
          createDateTime: t,
          lastUpdateDate: now(),
          lastPriceChangeDate: now(),
          lastStockChangeDate: now(),
        };
        seller.products.set(item.barcode, p);
      });
    }
    return newBatch(seller, "ProductV2OnBoarding", results, effects, "Required category attribute is missing: Renk");
  });

  route("GET", `${S}/product/:barcode`, "getProductBase", (req, { seller }) => {
    const p = seller.products.get(req.params.barcode!);
    if (!p) return error(404, "product.not.found", `No product was found for barcode ${req.params.barcode}.`);
    return json(200, {
      barcode: p.barcode,
      approved: p.approved,
      approvedDate: p.approved ? p.createDateTime : null,
      archived: p.archived,
      listingId: crypto.createHash("md5").update(`${seller.account.sellerId}:${p.barcode}`).digest("hex"),
      contentId: p.contentId,
    });
  });

  route("GET", `${S}/products/approved`, "filterApprovedProducts", (req, { seller }) => {
    const p = page(req, TRENDYOL_LIMITS.approvedPageSizeMax, 10);
    if (!("offset" in p)) return p;
    let list = filterProducts(req, [...seller.products.values()].filter((x) => x.approved));
    const status = req.query.get("status");
    if (status === "archived") list = list.filter((x) => x.archived);
    else if (status === "locked") list = list.filter((x) => x.locked);
    else if (status === "onSale") list = list.filter((x) => x.onSale && !x.archived && !x.locked && x.quantity > 0);
    else if (status === "blacklisted") list = [];
    return json(200, pageBody(approvedContent(list, seller.account.sellerId), p));
  });

  route("GET", `${S}/products/unapproved`, "filterUnapprovedProducts", (req, { seller }) => {
    const p = page(req, TRENDYOL_LIMITS.unapprovedPageSizeMax, 10);
    if (!("offset" in p)) return p;
    const list = filterProducts(req, [...seller.products.values()].filter((x) => !x.approved));
    const content = list.map((x) => ({
      supplierId: Number(seller.account.sellerId),
      productMainId: x.productMainId,
      createDateTime: x.createDateTime,
      lastUpdateDate: x.lastUpdateDate,
      lastPriceChangeDate: x.lastPriceChangeDate,
      lastStockChangeDate: x.lastStockChangeDate,
      brand: { id: x.brandId, name: SEED_BRANDS.find((b) => b.id === x.brandId)?.name ?? "" },
      category: { id: x.categoryId, name: findCategory(x.categoryId)?.name ?? "" },
      barcode: x.barcode,
      title: x.title,
      description: x.description,
      quantity: x.quantity,
      listPrice: x.listPrice,
      salePrice: x.salePrice,
      vatRate: x.vatRate,
      dimensionalWeight: x.dimensionalWeight,
      stockCode: x.stockCode,
      media: x.images,
      attributes: x.attributes,
      rejectReasonDetails: x.rejectReasons ?? [],
      // The contract lists ENABLED | DISABLED; OpenAPI 3.0.3 needs null in the enum for null to be valid.
      locationBasedDelivery: "DISABLED",
      lotNumber: null,
    }));
    return json(200, pageBody(content, p));
  });

  const updateRoute = (path: string, operation: string, apply: (seller: SellerState, raw: Record<string, unknown>) => string[] | (() => void)) =>
    route("POST", `${S}/products/${path}`, operation, (req, { seller }) => {
      const items = itemsOf(req.json);
      if (!Array.isArray(items)) return items;
      const results: BatchItem[] = [];
      const effects: Array<(() => void) | undefined> = [];
      for (const raw of items) {
        const outcome = isObj(raw) ? apply(seller, raw) : ["Item must be an object."];
        const failed = Array.isArray(outcome);
        results.push({
          requestItem: { product: raw, barcode: isObj(raw) ? (raw.barcode ?? null) : null },
          status: failed ? "FAILED" : "SUCCESS",
          failureReasons: failed ? outcome : [],
        });
        effects.push(failed ? undefined : outcome);
      }
      return newBatch(seller, "ProductV2Update", results, effects, "Product could not be updated: content is under review.");
    });

  const touch = (p: Product) => (p.lastUpdateDate = now());
  const assign = (p: Product, raw: Record<string, unknown>, fields: string[]) => {
    for (const f of fields) if (raw[f] !== undefined) (p as unknown as Record<string, unknown>)[f] = raw[f];
    touch(p);
  };

  updateRoute("unapproved-bulk-update", "updateUnapprovedProducts", (seller, raw) => {
    const p = seller.products.get(String(raw.barcode));
    if (!p) return [`No product was found for barcode ${String(raw.barcode)}.`];
    if (p.approved) return ["Approved products are updated with content-bulk-update and variant-bulk-update."];
    return () => assign(p, raw, ["title", "description", "productMainId", "brandId", "categoryId", "stockCode", "dimensionalWeight", "vatRate", "images", "attributes"]);
  });

  updateRoute("content-bulk-update", "updateContentBulk", (seller, raw) => {
    const variants = [...seller.products.values()].filter((p) => p.approved && p.contentId === raw.contentId);
    if (variants.length === 0) return [`No approved content was found for contentId ${String(raw.contentId)}.`];
    if (Array.isArray(raw.images) && raw.images.length > 8) return ["At most 8 images can be added for a barcode."];
    return () => variants.forEach((p) => assign(p, raw, ["title", "description", "images", "attributes"]));
  });

  updateRoute("variant-bulk-update", "updateVariantBulk", (seller, raw) => {
    const p = seller.products.get(String(raw.barcode));
    if (!p || !p.approved) return [`No approved product was found for barcode ${String(raw.barcode)}.`];
    return () => assign(p, raw, ["stockCode", "vatRate", "dimensionalWeight"]);
  });

  updateRoute("delivery-info-bulk-update", "updateDeliveryInfoBulk", (seller, raw) => {
    const p = seller.products.get(String(raw.barcode));
    if (!p || !p.approved) return [`No approved product was found for barcode ${String(raw.barcode)}.`];
    const opt = isObj(raw.deliveryOptions) ? raw.deliveryOptions : {};
    return () => {
      if (isNum(opt.deliveryDuration)) p.deliveryDuration = opt.deliveryDuration;
      if (isStr(opt.fastDeliveryType)) p.fastDeliveryType = opt.fastDeliveryType;
      touch(p);
    };
  });

  route("DELETE", `${S}/products`, "deleteProducts", (req, { seller }) => {
    const items = itemsOf(req.json);
    if (!Array.isArray(items)) return items;
    const results: BatchItem[] = [];
    const effects: Array<(() => void) | undefined> = [];
    for (const raw of items) {
      const barcode = isObj(raw) ? String(raw.barcode) : "";
      const p = seller.products.get(barcode);
      let reason: string | undefined;
      if (!p) reason = `No product was found for barcode ${barcode}.`;
      else if (p.approved && !p.archived) reason = "Only products pending approval or archived products can be deleted.";
      results.push({ requestItem: { barcode }, status: reason ? "FAILED" : "SUCCESS", failureReasons: reason ? [reason] : [] });
      effects.push(reason ? undefined : () => seller.products.delete(barcode));
    }
    return newBatch(seller, "ProductDeletion", results, effects, "Product could not be deleted: it has open orders.");
  });

  route("PUT", `${S}/products/archive-state`, "archiveProducts", (req, { seller }) => {
    const items = itemsOf(req.json);
    if (!Array.isArray(items)) return items;
    const results: BatchItem[] = [];
    const effects: Array<(() => void) | undefined> = [];
    for (const raw of items) {
      const barcode = isObj(raw) ? String(raw.barcode) : "";
      const archived = isObj(raw) && raw.archived === true;
      const p = seller.products.get(barcode);
      const reason = !p ? `No product was found for barcode ${barcode}.` : typeof (raw as Record<string, unknown>).archived !== "boolean" ? "archived must be true or false." : undefined;
      results.push({ requestItem: { archived, supplierId: Number(seller.account.sellerId), barcode }, status: reason ? "FAILED" : "SUCCESS", failureReasons: reason ? [reason] : [] });
      effects.push(
        reason || !p
          ? undefined
          : () => {
              p.archived = archived;
              p.archivedDate = archived ? now() : null;
              touch(p);
            },
      );
    }
    return newBatch(seller, "ProductArchiveUpdate", results, effects, "Product could not be archived: it is locked.");
  });

  route("POST", "/inventory/sellers/:sellerId/products/price-and-inventory", "updatePriceAndInventory", (req, { seller, now: t }) => {
    const items = itemsOf(req.json);
    if (!Array.isArray(items)) return items;
    const fingerprint = crypto.createHash("sha256").update(JSON.stringify(req.json)).digest("hex");
    const last = seller.inventoryBodies.get(fingerprint);
    if (last !== undefined && t - last < TRENDYOL_LIMITS.duplicateInventoryWindowMs) return badRequest("same.request.in.15.minutes", DUPLICATE_INVENTORY_MESSAGE);
    seller.inventoryBodies.set(fingerprint, t);
    for (const [k, at] of seller.inventoryBodies) if (t - at >= TRENDYOL_LIMITS.duplicateInventoryWindowMs) seller.inventoryBodies.delete(k);

    const results: BatchItem[] = [];
    const effects: Array<(() => void) | undefined> = [];
    const updateRequestDate = new Date(t).toISOString().replace("Z", "+00:00");
    for (const raw of items) {
      const r = isObj(raw) ? raw : {};
      const barcode = String(r.barcode ?? "");
      const p = seller.products.get(barcode);
      const reasons: string[] = [];
      if (!isStr(r.barcode)) reasons.push("barcode is required.");
      else if (!p) reasons.push(`No product was found for barcode ${barcode}.`);
      else if (!p.approved) reasons.push("Stock and price can only be updated for approved products.");
      if (r.quantity !== undefined && (!Number.isInteger(r.quantity) || (r.quantity as number) < 0)) reasons.push("quantity must be a non-negative whole number.");
      else if (isNum(r.quantity) && r.quantity > TRENDYOL_LIMITS.maxQuantity) reasons.push(`quantity cannot be more than ${TRENDYOL_LIMITS.maxQuantity}.`);
      const sale = isNum(r.salePrice) ? r.salePrice : p?.salePrice;
      const list = isNum(r.listPrice) ? r.listPrice : p?.listPrice;
      if (sale !== undefined && list !== undefined && list < sale) reasons.push("listPrice cannot be less than salePrice.");
      results.push({
        requestItem: { updateRequestDate, quantity: r.quantity, salePrice: r.salePrice, barcode, listPrice: r.listPrice },
        status: reasons.length ? "FAILED" : "SUCCESS",
        failureReasons: reasons,
      });
      effects.push(
        reasons.length || !p
          ? undefined
          : () => {
              if (isNum(r.quantity)) {
                p.quantity = r.quantity;
                p.lastStockChangeDate = now();
                p.onSale = r.quantity > 0;
              }
              if (isNum(r.salePrice)) p.salePrice = r.salePrice;
              if (isNum(r.listPrice)) p.listPrice = r.listPrice;
              if (isNum(r.salePrice) || isNum(r.listPrice)) p.lastPriceChangeDate = now();
              touch(p);
            },
      );
    }
    return newBatch(seller, "ProductInventoryUpdate", results, effects, "Stock and price could not be updated: product is locked.");
  });

  route("GET", `${S}/products/batch-requests/:batchRequestId`, "getBatchRequestResult", (req, { seller, now: t }) => {
    const b = state.batches.get(req.params.batchRequestId!);
    if (!b || b.sellerId !== seller.account.sellerId) return error(404, "batch.request.not.found", `Batch request ${req.params.batchRequestId} was not found.`);
    const done = b.applied;
    const failed = b.items.filter((i) => i.status === "FAILED").length;
    return json(200, {
      batchRequestId: b.batchRequestId,
      items: done ? b.items : [],
      // Stock-and-price batches carry no overall status (docs: "Batch status field will not return to you").
      ...(b.type === "ProductInventoryUpdate" ? {} : { status: done ? "COMPLETED" : "IN_PROGRESS" }),
      creationDate: b.creationDate,
      lastModification: done ? b.readyAt : t,
      sourceType: "API",
      itemCount: b.items.length,
      failedItemCount: done ? failed : 0,
      batchRequestType: b.type,
    });
  });

  // ---------- orders ----------
  const ORDER_STATUSES = ["Awaiting", "Created", "Picking", "Invoiced", "Shipped", "Cancelled", "Delivered", "UnDelivered", "Returned", "AtCollectionPoint", "UnSupplied"];
  route("GET", "/order/sellers/:sellerId/orders", "getShipmentPackages", (req, { seller, now: t }) => {
    const q = req.query;
    const size = Number(q.get("size") ?? 50);
    const pageNo = Number(q.get("page") ?? 0);
    if (!Number.isInteger(size) || size < 1 || size > TRENDYOL_LIMITS.ordersPageSizeMax) return badRequest("size.invalid", `size must be between 1 and ${TRENDYOL_LIMITS.ordersPageSizeMax}`);
    const end = q.has("endDate") ? Number(q.get("endDate")) : t;
    const start = q.has("startDate") ? Number(q.get("startDate")) : end - 7 * 86_400_000;
    if (end - start > TRENDYOL_LIMITS.ordersRangeMaxMs) return badRequest("date.range.exceeded", "The date range can be at most 2 weeks.");
    if (start < t - 92 * 86_400_000) return badRequest("date.too.old", "Only orders of the last 3 months can be listed.");
    const ids = q.getAll("shipmentPackageIds").flatMap((v) => v.split(",")).filter(Boolean).map(Number);
    if (ids.length > 50) return badRequest("shipmentPackageIds.size.exceeded", "At most 50 shipmentPackageIds can be sent.");
    const status = q.get("status");
    if (status && !ORDER_STATUSES.includes(status)) return badRequest("status.invalid", `Unknown status ${status}`);
    const byModified = q.get("orderByField") === "PackageLastModifiedDate";
    const at = (p: ShipmentPackage) => (byModified ? p.lastModifiedDate : p.orderDate);
    let list = seller.packages.filter((p) => at(p) >= start && at(p) <= end);
    if (status) list = list.filter((p) => p.status === status);
    const orderNumber = q.get("orderNumber");
    if (orderNumber) list = list.filter((p) => p.orderNumber === orderNumber);
    if (ids.length) list = list.filter((p) => ids.includes(p.id));
    const dir = q.get("orderByDirection") === "ASC" ? 1 : -1;
    list = [...list].sort((a, b) => (at(a) - at(b)) * dir);
    return json(200, {
      page: pageNo,
      size,
      totalPages: Math.ceil(list.length / size),
      totalElements: list.length,
      content: list.slice(pageNo * size, pageNo * size + size),
    });
  });

  route("GET", "/order/sellers/:sellerId/orders/stream", "getShipmentPackagesStream", (req, { seller }) => {
    const q = req.query;
    const size = Number(q.get("size") ?? 50);
    if (!Number.isInteger(size) || size < 1 || size > TRENDYOL_LIMITS.ordersPageSizeMax) return badRequest("size.invalid", `size must be between 1 and ${TRENDYOL_LIMITS.ordersPageSizeMax}`);
    const filter = JSON.stringify([q.get("packageItemStatuses"), q.get("lastModifiedStartDate"), q.get("lastModifiedEndDate")]);
    let offset = 0;
    const cursor = q.get("nextCursor");
    if (cursor) {
      try {
        const c = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { o: number; f: string };
        if (c.f !== filter) return badRequest("cursor.filter.mismatch", "The filters must be the same as in the request that returned nextCursor.");
        offset = c.o;
      } catch {
        return badRequest("cursor.invalid", "nextCursor is invalid.");
      }
    }
    const statuses = (q.get("packageItemStatuses") ?? "").split(",").filter(Boolean);
    const from = q.has("lastModifiedStartDate") ? Number(q.get("lastModifiedStartDate")) : -Infinity;
    const to = q.has("lastModifiedEndDate") ? Number(q.get("lastModifiedEndDate")) : Infinity;
    const list = seller.packages
      .filter((p) => (statuses.length === 0 || statuses.includes(p.status)) && p.lastModifiedDate >= from && p.lastModifiedDate <= to)
      .sort((a, b) => b.lastModifiedDate - a.lastModifiedDate);
    const content = list.slice(offset, offset + size);
    const hasMore = offset + size < list.length;
    return json(200, {
      content,
      size: content.length,
      hasMore,
      nextCursor: hasMore ? Buffer.from(JSON.stringify({ o: offset + size, f: filter }), "utf8").toString("base64url") : "",
    });
  });

  route("PUT", "/order/sellers/:sellerId/shipment-packages/:packageId", "updatePackageStatus", (req, { seller }) => {
    const pkg = seller.packages.find((p) => p.id === Number(req.params.packageId));
    if (!pkg) return error(404, "shipment.package.not.found", `Shipment package ${req.params.packageId} was not found.`);
    const body = isObj(req.json) ? req.json : {};
    const status = body.status;
    if (status !== "Picking" && status !== "Invoiced") return badRequest("status.invalid", "status must be Picking or Invoiced.");
    if (status === "Picking" && pkg.status !== "Created") return badRequest("package.status.invalid", `A package in status ${pkg.status} cannot be moved to Picking.`);
    if (status === "Invoiced" && pkg.status !== "Picking") return badRequest("package.status.invalid", "A package must be in Picking before it can be Invoiced.");
    if (!Array.isArray(body.lines) || body.lines.length === 0) return badRequest("lines.required", "lines must not be empty.");
    setStatus(pkg, status);
    return { status: 200 };
  });

  route("PUT", "/order/sellers/:sellerId/shipment-packages/:packageId/items/unsupplied", "cancelOrderPackageItem", (req, { seller }) => {
    const pkg = seller.packages.find((p) => p.id === Number(req.params.packageId));
    if (!pkg) return error(404, "shipment.package.not.found", `Shipment package ${req.params.packageId} was not found.`);
    const body = isObj(req.json) ? req.json : {};
    if (![500, 501, 502, 504, 505, 506].includes(Number(body.reasonId))) return badRequest("reasonId.invalid", "reasonId must be one of 500, 501, 502, 504, 505, 506.");
    if (!["Created", "Picking", "Invoiced"].includes(pkg.status)) return badRequest("package.status.invalid", `Items of a package in status ${pkg.status} cannot be cancelled.`);
    const lines = Array.isArray(body.lines) ? body.lines.filter(isObj) : [];
    if (lines.length === 0) return badRequest("lines.required", "lines must not be empty.");
    for (const l of lines) {
      const line = pkg.lines.find((x) => x.id === l.lineId);
      if (!line) return badRequest("line.not.found", `Line ${String(l.lineId)} is not in package ${pkg.id}.`);
      if (!Number.isInteger(l.quantity) || (l.quantity as number) < 1 || (l.quantity as number) > (line.quantity as number))
        return badRequest("line.quantity.invalid", `Line ${String(l.lineId)} has ${String(line.quantity)} items.`);
    }
    for (const l of lines) {
      const line = pkg.lines.find((x) => x.id === l.lineId)!;
      line.quantity = (line.quantity as number) - (l.quantity as number);
    }
    pkg.lines = pkg.lines.filter((l) => (l.quantity as number) > 0);
    if (pkg.lines.length === 0) setStatus(pkg, "UnSupplied");
    else pkg.lastModifiedDate = now();
    return { status: 200 };
  });

  // changeCargoProvider (openapi-domestic.yml; docs: "only once in 5 minutes for a package"). Before shipping only.
  const CARGO_PROVIDERS: Record<string, string> = {
    YKMP: "Yurtiçi Kargo Marketplace",
    ARASMP: "Aras Kargo Marketplace",
    SURATMP: "Sürat Kargo Marketplace",
    HOROZMP: "Horoz Kargo Marketplace",
    DHLECOMMP: "DHL eCommerce Marketplace",
    PTTMP: "PTT Kargo Marketplace",
    CEVAMP: "CEVA Marketplace",
    TEXMP: "Trendyol Express Marketplace",
    UPSMP: "UPS Kargo Marketplace",
    KOLAYGELSINMP: "Kolay Gelsin Marketplace",
    CEVATEDARIK: "CEVA Tedarik",
  };
  const cargoChangedAt = new Map<number, number>();
  route("PUT", "/order/sellers/:sellerId/shipment-packages/:packageId/cargo-providers", "changeCargoProvider", (req, { seller, now: t }) => {
    const pkg = seller.packages.find((p) => p.id === Number(req.params.packageId));
    if (!pkg) return error(404, "shipment.package.not.found", `Shipment package ${req.params.packageId} was not found.`);
    const provider = isObj(req.json) ? req.json.cargoProvider : undefined;
    if (typeof provider !== "string" || !CARGO_PROVIDERS[provider]) return badRequest("cargoProvider.invalid", `cargoProvider must be one of ${Object.keys(CARGO_PROVIDERS).join(", ")}.`);
    if (!["Created", "Picking", "Invoiced"].includes(pkg.status)) return badRequest("package.status.invalid", `The carrier of a package in status ${pkg.status} cannot be changed.`);
    const last = cargoChangedAt.get(pkg.id);
    if (last !== undefined && t - last < 5 * 60_000) return badRequest("cargo.provider.change.too.frequent", "The cargo provider of a package can be changed once in 5 minutes.");
    cargoChangedAt.set(pkg.id, t);
    pkg.cargoProviderName = CARGO_PROVIDERS[provider]!;
    pkg.cargoTrackingNumber = `${String(pkg.id).slice(-6)}${String(t).slice(-8)}`;
    pkg.lastModifiedDate = t;
    return { status: 200 };
  });

  // ---------- webhooks (base /integration/webhook) ----------
  function webhookBody(seller: SellerState, raw: unknown, existing?: RegisteredWebhook): RegisteredWebhook | SimResponse {
    if (!isObj(raw)) return badRequest("request.body.invalid", "Request body is required.");
    const url = raw.url;
    if (!isStr(url)) return badRequest("webhook.url.required", "url is required.");
    try {
      new URL(url);
    } catch {
      return badRequest("webhook.url.invalid", "url is not a valid address.");
    }
    if (/trendyol|dolap|localhost/i.test(url)) return badRequest("webhook.url.invalid", "The webhook url cannot contain \"Trendyol\", \"Dolap\" or \"localhost\".");
    const type = raw.authenticationType;
    if (type !== "BASIC_AUTHENTICATION" && type !== "API_KEY") return badRequest("webhook.authenticationType.invalid", "authenticationType must be BASIC_AUTHENTICATION or API_KEY.");
    if (type === "BASIC_AUTHENTICATION" && (!isStr(raw.username) || !isStr(raw.password)))
      return badRequest("webhook.basic.credentials.required", "username and password are required for BASIC_AUTHENTICATION.");
    if (type === "API_KEY" && !isStr(raw.apiKey)) return badRequest("webhook.apiKey.required", "apiKey is required for API_KEY.");
    const statuses = raw.subscribedStatuses;
    if (statuses !== undefined && statuses !== null && (!Array.isArray(statuses) || statuses.some((s) => !WEBHOOK_STATUSES.includes(s as WebhookStatus))))
      return badRequest("webhook.subscribedStatuses.invalid", `subscribedStatuses must be among ${WEBHOOK_STATUSES.join(", ")}.`);
    if (!existing && seller.webhooks.length >= TRENDYOL_LIMITS.maxWebhooksPerSeller)
      return badRequest("webhook.limit.exceeded", `A seller can have at most ${TRENDYOL_LIMITS.maxWebhooksPerSeller} webhooks, deactivated ones included.`);
    const list = Array.isArray(statuses) && statuses.length ? (statuses as WebhookStatus[]) : null;
    return {
      id: existing?.id ?? crypto.randomUUID(),
      createdDate: existing?.createdDate ?? now(),
      lastModifiedDate: existing ? now() : null,
      url,
      authenticationType: type,
      username: type === "BASIC_AUTHENTICATION" ? String(raw.username) : undefined,
      password: type === "BASIC_AUTHENTICATION" ? String(raw.password) : undefined,
      apiKey: type === "API_KEY" ? String(raw.apiKey) : undefined,
      status: existing?.status ?? "ACTIVE",
      subscribedStatuses: list,
    };
  }
  const W = "/webhook/sellers/:sellerId/webhooks";
  route("POST", W, "createWebhook", (req, { seller }) => {
    const w = webhookBody(seller, req.json);
    if (!("id" in w)) return w;
    seller.webhooks.push(w);
    return json(200, { id: w.id });
  });
  route("GET", W, "getWebhooks", (_req, { seller }) =>
    json(
      200,
      seller.webhooks.map((w) => ({
        id: w.id,
        createdDate: w.createdDate,
        lastModifiedDate: w.lastModifiedDate,
        url: w.url,
        username: w.username ?? "",
        authenticationType: w.authenticationType,
        status: w.status,
        subscribedStatuses: w.subscribedStatuses,
      })),
    ),
  );
  const findWebhook = (seller: SellerState, id: string) => seller.webhooks.find((w) => w.id === id);
  route("PUT", `${W}/:id`, "updateWebhook", (req, { seller }) => {
    const old = findWebhook(seller, req.params.id!);
    if (!old) return error(404, "webhook.not.found", `Webhook ${req.params.id} was not found.`);
    const w = webhookBody(seller, req.json, old);
    if (!("id" in w)) return w;
    seller.webhooks[seller.webhooks.indexOf(old)] = w;
    return { status: 200 };
  });
  route("DELETE", `${W}/:id`, "deleteWebhook", (req, { seller }) => {
    const old = findWebhook(seller, req.params.id!);
    if (!old) return error(404, "webhook.not.found", `Webhook ${req.params.id} was not found.`);
    seller.webhooks = seller.webhooks.filter((w) => w !== old);
    return { status: 200 };
  });
  for (const [suffix, status, operation] of [
    ["activate", "ACTIVE", "activateWebhook"],
    ["deactivate", "PASSIVE", "deactivateWebhook"],
  ] as const) {
    route("PUT", `${W}/:id/${suffix}`, operation, (req, { seller }) => {
      const w = findWebhook(seller, req.params.id!);
      if (!w) return error(404, "webhook.not.found", `Webhook ${req.params.id} was not found.`);
      w.status = status;
      w.lastModifiedDate = now();
      return { status: 200 };
    });
  }

  function setStatus(pkg: ShipmentPackage, status: string) {
    const t = now();
    pkg.status = status;
    pkg.shipmentPackageStatus = status;
    pkg.lastModifiedDate = t;
    pkg.packageHistories = [...pkg.packageHistories, { createdDate: t, status }];
    for (const line of pkg.lines) line.orderLineItemStatusName = status;
  }

  // ---------- the gateway: User-Agent, Basic auth, seller scope, limits ----------
  function authenticate(req: SimRequest): TrendyolSandboxAccount | SimResponse {
    const header = req.headers.get("authorization") ?? "";
    const m = /^Basic\s+(.+)$/i.exec(header);
    const fail = () => error(401, "ClientApiAuthenticationException", "Unauthorized: the seller id, API key or API secret is missing or incorrect.", "ClientApiAuthenticationException");
    if (!m) return fail();
    const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
    const i = decoded.indexOf(":");
    if (i < 0) return fail();
    const key = decoded.slice(0, i);
    const secret = decoded.slice(i + 1);
    const seller = [...state.sellers.values()].find((s) => s.account.apiKey === key);
    if (!seller || seller.account.apiSecret !== secret) return fail();
    return seller.account;
  }

  function limited(sellerId: string, method: string, pattern: string, operation: string): boolean {
    if (endpointLimiter.take(`${sellerId} ${method} ${pattern}`) > 0) return true;
    const perMinute = SERVICE_LIMITS_PER_MINUTE[operation];
    if (perMinute) {
      let l = minuteLimiters.get(operation);
      if (!l) minuteLimiters.set(operation, (l = new WindowLimiter(perMinute, 60_000, now)));
      if (l.take(sellerId) > 0) return true;
    }
    return false;
  }

  const tooMany = () => error(429, "too.many.requests", "too.many.requests", "TooManyRequestsException");

  const sim: TrendyolSimulator = {
    platform: "trendyol",
    faults,
    async handle(req) {
      const t = now();
      settle(t);
      const match = matchRoute(routes, req.method, req.path);
      if (!match) return { ...error(404, "not.found", `No Trendyol endpoint ${req.method} ${req.path}.`), operation: undefined };
      const operation = match.route.operation;
      const ua = USER_AGENT.exec(req.headers.get("user-agent") ?? "");
      if (!ua)
        return {
          ...error(403, "forbidden", 'Access denied: send User-Agent "{sellerId} - {IntegratorName}" or "{sellerId} - SelfIntegration" (alphanumeric, at most 30 characters).'),
          operation,
        };
      const account = authenticate(req);
      if (!("sellerId" in account)) return { ...account, operation };
      // The User-Agent must name the seller whose keys are used (a gateway rule, like its format: 403).
      if (ua[1] !== account.sellerId)
        return { ...error(403, "forbidden", `Access denied: the User-Agent names seller ${ua[1]}, but these credentials belong to another seller.`), operation };
      // A seller id in the path that the keys do not belong to: "One of supplierID, API Key, or API Secret Key is
      // missing or incorrect" (401 in spm-openapi-english.yml).
      const pathSeller = match.params.sellerId;
      if (pathSeller !== undefined && pathSeller !== account.sellerId)
        return { ...error(401, "ClientApiAuthenticationException", `Unauthorized: the API key does not belong to seller ${pathSeller}.`, "ClientApiAuthenticationException"), operation };
      if (limited(account.sellerId, req.method, match.route.pattern, operation)) return { ...tooMany(), operation };
      const seller = state.sellers.get(account.sellerId)!;
      const answer = await match.route.handler({ ...req, params: match.params }, { seller, now: t });
      return { ...answer, operation };
    },
    rateLimited: () => tooMany(),
    serverError: () => error(500, "generic.exception", "Exception occurred", "TrendyolSystemException"),
    reset() {
      state = initialState();
      endpointLimiter.reset();
      minuteLimiters.clear();
    },
    async deliverWebhook(target, event) {
      return deliverTrendyolWebhooks(target, Array.isArray(event) ? event : [event], faults, opts.fetch);
    },
    async emitPackageStatus(sellerId, packageId, status) {
      const seller = state.sellers.get(sellerId);
      const pkg = seller?.packages.find((p) => p.id === packageId);
      if (!seller || !pkg) throw new Error(`Unknown package ${packageId} of seller ${sellerId}`);
      setStatus(pkg, status);
      const webhookStatus = PACKAGE_TO_WEBHOOK_STATUS[status];
      const deliveries: TrendyolWebhookDelivery[] = [];
      for (const w of seller.webhooks) {
        if (w.status !== "ACTIVE") continue;
        if (w.subscribedStatuses && (!webhookStatus || !w.subscribedStatuses.includes(webhookStatus))) continue;
        deliveries.push(...(await deliverTrendyolWebhooks(w, [structuredClone(pkg)], faults, opts.fetch)));
      }
      return deliveries;
    },
    packages: (sellerId) => structuredClone(state.sellers.get(sellerId)?.packages ?? []),
    product: (sellerId, barcode) => {
      settle(now());
      return state.sellers.get(sellerId)?.products.get(barcode);
    },
    webhooks: (sellerId) => state.sellers.get(sellerId)?.webhooks ?? [],
    rejectProduct(sellerId, barcode, reasons) {
      settle(now());
      const p = state.sellers.get(sellerId)?.products.get(barcode);
      if (!p) throw new Error(`Unknown product ${barcode} of seller ${sellerId}`);
      p.approved = false;
      p.rejectReasons = reasons;
      p.lastUpdateDate = now();
    },
    addApprovedProducts(sellerId, list) {
      const seller = state.sellers.get(sellerId);
      if (!seller) throw new Error(`Unknown seller ${sellerId}`);
      const t = now();
      for (const p of list) {
        let contentId = seller.contentIds.get(p.productMainId);
        if (contentId === undefined) seller.contentIds.set(p.productMainId, (contentId = state.nextId++));
        const flags = { approved: true, archived: false, archivedDate: null, locked: false, onSale: p.quantity > 0 };
        const dates = { createDateTime: t, lastUpdateDate: t, lastPriceChangeDate: t, lastStockChangeDate: t };
        seller.products.set(p.barcode, { ...p, contentId, variantId: state.nextId++, ...flags, ...dates });
      }
    },
  };
  return sim;
}
