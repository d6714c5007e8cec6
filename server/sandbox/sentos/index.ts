// Sentos simulator: a stateful fake of https://{company}.sentos.com.tr/api. No official contract exists; the shapes
// follow the community C# client (github.com/secgin/SentosApiLibrary, commit 472b1228: Basic key:secret, paging
// {data, page, size, total_elements, total_pages}, errors {message}, prices as Turkish decimal strings) and
// MARKETPLACES.md. The API looks Laravel-built, so auth and throttle answers use Laravel's defaults
// ("Unauthenticated.", 429 "Too Many Attempts." with Retry-After) — an assumption, marked as such.
// Each tenant accepts exactly ONE auth scheme, so the adapter's scheme detection is exercised for real.
// The sandbox has no subdomain to route on: the tenant is found from the credential the request carries.
import { json, matchRoute, noFaults, WindowLimiter, type Faults, type Route, type SimRequest, type SimResponse, type Simulator } from "../framework";
import { SANDBOX_ACCOUNTS, SEED_CATEGORIES, SEED_WAREHOUSES, seedProducts, type SentosAuthScheme, type SentosSandboxAccount } from "./seed";

export { SANDBOX_ACCOUNTS, SENTOS_AUTH_SCHEMES, type SentosAuthScheme, type SentosSandboxAccount } from "./seed";

/** Reported limits (MARKETPLACES.md: "POST 12/min, the same GET 2/min (unverified)"). */
export const SENTOS_REPORTED_LIMITS = { postPerMinute: 12, sameGetPerMinute: 2 } as const;
export const SENTOS_MAX_PAGE_SIZE = 100;
export const UNAUTHENTICATED_MESSAGE = "Unauthenticated.";

interface Stock {
  warehouse: number;
  stock: number;
}

interface VariantRec {
  sku: string;
  barcode: string;
  color: string;
  model: { name: string; value: string };
  stocks: Stock[];
  images: Array<{ id: number; url: string }>;
}

interface ProductRec {
  id: number;
  category_id: number;
  sku: string;
  name: string;
  brand: string | null;
  purchase_price: number;
  sale_price: number;
  currency: string;
  stocks: Stock[];
  prices: Record<string, { list_price: number; sale_price: number }>;
  images: Array<{ id: number; url: string }>;
  variants: VariantRec[];
  created_at: number;
  updated_at: number;
}

interface OrderRec {
  id: number;
  order_code: string;
  platform: string;
  status: string;
  customer: string;
  total: number;
  created_at: number;
  updated_at: number;
  lines: Array<{ sku: string; quantity: number; price: number }>;
}

interface TenantState {
  account: SentosSandboxAccount;
  products: ProductRec[];
  orders: OrderRec[];
  nextId: number;
  putCalls: number;
}

export interface SentosSimulatorOptions {
  now?: () => number;
  accounts?: readonly SentosSandboxAccount[];
  /** Overrides the scheme of the first tenant ("sandbox"). */
  authScheme?: SentosAuthScheme;
  /** Per-tenant limits (default: the reported 12 POST/min and 2 per GET endpoint/min). */
  limits?: { postPerMinute?: number; sameGetPerMinute?: number };
}

/** Turkish decimal string as Sentos sends prices ("1.234,50"); the C# client converts both ways. */
export function sentosDecimal(n: number): string {
  const [int, frac] = n.toFixed(2).split(".");
  return `${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ".")},${frac}`;
}

function readDecimal(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v !== "string" || v.trim() === "") return undefined;
  const s = v.trim();
  const dot = s.lastIndexOf(".");
  const comma = s.lastIndexOf(",");
  const normal = comma > dot ? s.replace(/\./g, "").replace(",", ".") : s.replace(/,/g, "");
  const n = Number(normal);
  return Number.isFinite(n) ? n : undefined;
}

const iso = (t: number) => new Date(t).toISOString().replace("T", " ").replace(/\.\d{3}Z$/, "");

export function createSentosSimulator(opts: SentosSimulatorOptions = {}): Simulator & {
  /** The tenant's product as the simulator holds it. */
  product(company: string, sku: string): Readonly<ProductRec> | undefined;
} {
  const now = opts.now ?? Date.now;
  const accounts = (opts.accounts ?? SANDBOX_ACCOUNTS).map((a, i) => (i === 0 && opts.authScheme ? { ...a, authScheme: opts.authScheme } : a));
  const faults: Faults = noFaults();
  const postLimiter = new WindowLimiter(opts.limits?.postPerMinute ?? SENTOS_REPORTED_LIMITS.postPerMinute, 60_000, now);
  const getLimiter = new WindowLimiter(opts.limits?.sameGetPerMinute ?? SENTOS_REPORTED_LIMITS.sameGetPerMinute, 60_000, now);
  let tenants = seed();

  function seed(): Map<string, TenantState> {
    const t = now();
    const out = new Map<string, TenantState>();
    for (const account of accounts) {
      let id = 1000;
      const products = seedProducts().map((p) => ({
        id: ++id,
        category_id: p.category_id,
        sku: p.sku,
        name: p.name,
        brand: p.brand,
        purchase_price: p.purchase_price,
        sale_price: p.sale_price,
        currency: "TL",
        stocks: p.variants.length ? [] : SEED_WAREHOUSES.map((w) => ({ warehouse: w.id, stock: 5 })),
        prices: { trendyol: { list_price: p.sale_price + 50, sale_price: p.sale_price } },
        images: [{ id: id * 10, url: `https://cdn.kervan.example/sandbox/sentos/${p.sku}.jpg` }],
        variants: p.variants.map((v) => ({ ...v, stocks: v.stocks.map((s) => ({ ...s })), images: [] })),
        created_at: t - 90 * 86_400_000,
        updated_at: t - 86_400_000,
      }));
      const orders: OrderRec[] = [1, 2, 3].map((n) => ({
        id: 5000 + n,
        order_code: `SN-${account.company.toUpperCase()}-${1000 + n}`,
        platform: n === 2 ? "trendyol" : "web",
        status: n === 1 ? "Kargolandı" : "Onaylandı",
        customer: "Ayşe Yılmaz",
        total: 349.9,
        created_at: t - n * 86_400_000,
        updated_at: t - n * 3_600_000,
        lines: [{ sku: "KRV-SN-ATKI-LAC", quantity: 1, price: 349.9 }],
      }));
      out.set(account.company, { account, products, orders, nextId: id + 1, putCalls: 0 });
    }
    return out;
  }

  const message = (status: number, text: string, extra?: Record<string, unknown>, headers?: Record<string, string>) => json(status, { message: text, ...extra }, headers);
  const validation = (errors: Record<string, string[]>) => message(422, Object.values(errors)[0]![0]!, { errors });

  // ---------- auth: one scheme per tenant ----------
  function presented(req: SimRequest): { scheme: SentosAuthScheme; key: string; secret?: string } | undefined {
    const auth = req.headers.get("authorization") ?? "";
    const m = /^(Basic|Bearer|Token)\s+(.+)$/i.exec(auth.trim());
    if (m) {
      const kind = m[1]!.toLowerCase();
      if (kind === "basic") {
        const decoded = Buffer.from(m[2]!, "base64").toString("utf8");
        const i = decoded.indexOf(":");
        return i < 0 ? undefined : { scheme: "basic", key: decoded.slice(0, i), secret: decoded.slice(i + 1) };
      }
      return { scheme: kind === "bearer" ? "bearer" : "token", key: m[2]!.trim() };
    }
    const key = req.headers.get("x-api-key");
    if (key) return { scheme: "x-api-key", key, secret: req.headers.get("x-api-secret") ?? undefined };
    return undefined;
  }

  function authenticate(req: SimRequest): TenantState | undefined {
    const p = presented(req);
    if (!p) return undefined;
    const tenant = [...tenants.values()].find((t) => t.account.apiKey === p.key);
    if (!tenant || tenant.account.authScheme !== p.scheme) return undefined;
    // Bearer and Token carry the API key alone (the convention Kervan's client uses; unverified against Sentos).
    if ((p.scheme === "basic" || p.scheme === "x-api-key") && p.secret !== tenant.account.apiSecret) return undefined;
    return tenant;
  }

  // ---------- views ----------
  const productView = (p: ProductRec) => ({
    id: p.id,
    category_id: p.category_id,
    sku: p.sku,
    name: p.name,
    brand: p.brand,
    purchase_price: sentosDecimal(p.purchase_price),
    sale_price: sentosDecimal(p.sale_price),
    currency: p.currency,
    stocks: p.stocks,
    prices: Object.fromEntries(Object.entries(p.prices).map(([k, v]) => [k, { list_price: sentosDecimal(v.list_price), sale_price: sentosDecimal(v.sale_price) }])),
    images: p.images,
    variants: p.variants,
    created_at: iso(p.created_at),
    updated_at: iso(p.updated_at),
  });

  const orderView = (o: OrderRec) => ({ ...o, total: sentosDecimal(o.total), created_at: iso(o.created_at), updated_at: iso(o.updated_at) });

  function paging(req: SimRequest, sizeParam: string): { page: number; size: number } | SimResponse {
    const page = Number(req.query.get("page") ?? 1);
    const size = Number(req.query.get(sizeParam) ?? 10);
    if (!Number.isInteger(page) || page < 1) return validation({ page: ["The page must be at least 1."] });
    if (!Number.isInteger(size) || size < 1 || size > SENTOS_MAX_PAGE_SIZE) return validation({ [sizeParam]: [`The ${sizeParam} must be between 1 and ${SENTOS_MAX_PAGE_SIZE}.`] });
    return { page, size };
  }

  const pageBody = <T>(all: T[], p: { page: number; size: number }) => ({
    data: all.slice((p.page - 1) * p.size, p.page * p.size),
    page: p.page,
    size: p.size,
    total_elements: all.length,
    total_pages: Math.ceil(all.length / p.size),
  });

  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

  function readStocks(raw: unknown, field: string, errors: Record<string, string[]>): Stock[] | undefined {
    if (raw === undefined) return undefined;
    if (!Array.isArray(raw)) {
      errors[field] = [`The ${field} must be an array.`];
      return undefined;
    }
    const out: Stock[] = [];
    raw.forEach((s, i) => {
      const warehouse = isObj(s) ? Number(s.warehouse) : NaN;
      const stock = isObj(s) ? readDecimal(s.stock) : undefined;
      if (!SEED_WAREHOUSES.some((w) => w.id === warehouse)) errors[`${field}.${i}.warehouse`] = ["The selected warehouse is invalid."];
      else if (stock === undefined || stock < 0) errors[`${field}.${i}.stock`] = ["The stock must be at least 0."];
      else out.push({ warehouse, stock: Math.floor(stock) });
    });
    return out;
  }

  type Ctx = { tenant: TenantState };
  const routes: Array<Route<Ctx>> = [
    {
      method: "GET",
      pattern: "/products",
      operation: "listProducts",
      handler: (req, { tenant }) => {
        const p = paging(req, "pageSize");
        if (!("page" in p)) return p;
        const sku = req.query.get("sku");
        const list = sku ? tenant.products.filter((x) => x.sku === sku || x.variants.some((v) => v.sku === sku)) : tenant.products;
        return json(200, pageBody(list.map(productView), p));
      },
    },
    {
      method: "GET",
      pattern: "/products/:id",
      operation: "getProduct",
      handler: (req, { tenant }) => {
        const p = tenant.products.find((x) => x.id === Number(req.params.id));
        return p ? json(200, productView(p)) : message(404, "Ürün bulunamadı.");
      },
    },
    {
      method: "POST",
      pattern: "/products",
      operation: "createProduct",
      handler: (req, { tenant }) => {
        const b = isObj(req.json) ? req.json : {};
        const errors: Record<string, string[]> = {};
        if (typeof b.sku !== "string" || !b.sku.trim()) errors.sku = ["The sku field is required."];
        else if (tenant.products.some((x) => x.sku === b.sku)) errors.sku = ["The sku has already been taken."];
        if (typeof b.name !== "string" || !b.name.trim()) errors.name = ["The name field is required."];
        const sale = readDecimal(b.sale_price);
        if (sale === undefined) errors.sale_price = ["The sale price field is required."];
        const stocks = readStocks(b.stocks, "stocks", errors);
        const variants: VariantRec[] = [];
        if (b.variants !== undefined && !Array.isArray(b.variants)) errors.variants = ["The variants must be an array."];
        for (const [i, v] of (Array.isArray(b.variants) ? b.variants : []).entries()) {
          if (!isObj(v) || typeof v.sku !== "string" || !v.sku) {
            errors[`variants.${i}.sku`] = ["The variant sku field is required."];
            continue;
          }
          variants.push({
            sku: v.sku,
            barcode: typeof v.barcode === "string" ? v.barcode : "",
            color: typeof v.color === "string" ? v.color : "",
            model: isObj(v.model) ? { name: String(v.model.name ?? ""), value: String(v.model.value ?? "") } : { name: "", value: "" },
            stocks: readStocks(v.stocks, `variants.${i}.stocks`, errors) ?? [],
            images: [],
          });
        }
        if (Object.keys(errors).length) return validation(errors);
        const t = now();
        const p: ProductRec = {
          id: tenant.nextId++,
          category_id: Number(b.category_id ?? 0),
          sku: String(b.sku),
          name: String(b.name),
          brand: typeof b.brand === "string" ? b.brand : null,
          purchase_price: readDecimal(b.purchase_price) ?? 0,
          sale_price: sale!,
          currency: typeof b.currency === "string" ? b.currency : "TL",
          stocks: stocks ?? [],
          prices: {},
          images: [],
          variants,
          created_at: t,
          updated_at: t,
        };
        tenant.products.push(p);
        return json(200, { message: "Ürün başarıyla oluşturuldu.", product: productView(p) });
      },
    },
    {
      method: "PUT",
      pattern: "/products/:id",
      operation: "updateProduct",
      handler: (req, { tenant }) => {
        const p = tenant.products.find((x) => x.id === Number(req.params.id));
        if (!p) return message(404, "Ürün bulunamadı.");
        const b = isObj(req.json) ? req.json : {};
        const errors: Record<string, string[]> = {};
        const sale = b.sale_price === undefined ? undefined : readDecimal(b.sale_price);
        if (b.sale_price !== undefined && sale === undefined) errors.sale_price = ["The sale price must be a number."];
        const purchase = b.purchase_price === undefined ? undefined : readDecimal(b.purchase_price);
        if (b.purchase_price !== undefined && purchase === undefined) errors.purchase_price = ["The purchase price must be a number."];
        const prices: ProductRec["prices"] = {};
        if (b.prices !== undefined) {
          if (!isObj(b.prices)) errors.prices = ["The prices must be an object."];
          else
            for (const [platform, v] of Object.entries(b.prices)) {
              const s = isObj(v) ? readDecimal(v.sale_price) : undefined;
              const l = isObj(v) ? readDecimal(v.list_price) : undefined;
              if (s === undefined || l === undefined) errors[`prices.${platform}`] = ["The sale price and list price are required."];
              else if (l < s) errors[`prices.${platform}.list_price`] = ["The list price must be greater than or equal to the sale price."];
              else prices[platform] = { sale_price: s, list_price: l };
            }
        }
        const stocks = readStocks(b.stocks, "stocks", errors);
        const variantUpdates: Array<{ variant: VariantRec; stocks: Stock[] }> = [];
        if (b.variants !== undefined && !Array.isArray(b.variants)) errors.variants = ["The variants must be an array."];
        for (const [i, v] of (Array.isArray(b.variants) ? b.variants : []).entries()) {
          const variant = isObj(v) ? p.variants.find((x) => x.sku === v.sku || (v.barcode && x.barcode === v.barcode)) : undefined;
          if (!variant) {
            errors[`variants.${i}.sku`] = ["The selected variant is invalid."];
            continue;
          }
          variantUpdates.push({ variant, stocks: readStocks((v as Record<string, unknown>).stocks, `variants.${i}.stocks`, errors) ?? [] });
        }
        if (Object.keys(errors).length) return validation(errors);
        if (sale !== undefined) p.sale_price = sale;
        if (purchase !== undefined) p.purchase_price = purchase;
        Object.assign(p.prices, prices);
        if (stocks) for (const s of stocks) p.stocks = [...p.stocks.filter((x) => x.warehouse !== s.warehouse), s].sort((a, b2) => a.warehouse - b2.warehouse);
        // Variant stock lines can fail one by one (faults.partialBatchFailureRate): the rest is saved and the
        // failures come back in errors.variants, the shape the C# client reads.
        const failed: string[] = [];
        const rate = faults.partialBatchFailureRate;
        variantUpdates.forEach((u, i) => {
          if (rate > 0 && Math.floor((i + 1) * rate) > Math.floor(i * rate)) {
            failed.push(`${u.variant.sku}: stok güncellenemedi.`);
            return;
          }
          for (const s of u.stocks) u.variant.stocks = [...u.variant.stocks.filter((x) => x.warehouse !== s.warehouse), s].sort((a, b2) => a.warehouse - b2.warehouse);
        });
        p.updated_at = now();
        tenant.putCalls++;
        return json(200, { message: failed.length ? "Ürün kısmen güncellendi." : "Ürün güncellendi.", product: productView(p), ...(failed.length ? { errors: { variants: failed } } : {}) });
      },
    },
    { method: "GET", pattern: "/warehouses", operation: "listWarehouses", handler: () => json(200, SEED_WAREHOUSES) },
    { method: "GET", pattern: "/categories", operation: "listCategories", handler: () => json(200, SEED_CATEGORIES) },
    {
      method: "GET",
      pattern: "/orders",
      operation: "listOrders",
      handler: (req, { tenant }) => {
        const p = paging(req, "size");
        if (!("page" in p)) return p;
        const q = req.query;
        const field = q.get("orderby_field") === "updated_at" ? "updated_at" : "created_at";
        let list = tenant.orders;
        const created = q.get("created_start_date");
        if (created) list = list.filter((o) => o.created_at >= Date.parse(created));
        const updated = q.get("updated_start_date");
        if (updated) list = list.filter((o) => o.updated_at >= Date.parse(updated));
        const dir = (q.get("orderby_direction") ?? "desc").toLowerCase() === "asc" ? 1 : -1;
        list = [...list].sort((a, b) => (a[field] - b[field]) * dir);
        return json(200, pageBody(list.map(orderView), p));
      },
    },
    {
      method: "POST",
      pattern: "/orders",
      operation: "createOrder",
      handler: (req, { tenant }) => {
        const b = isObj(req.json) ? req.json : {};
        const lines = Array.isArray(b.lines) ? b.lines.filter(isObj) : [];
        const errors: Record<string, string[]> = {};
        if (lines.length === 0) errors.lines = ["The lines field is required."];
        lines.forEach((l, i) => {
          if (typeof l.sku !== "string" || !l.sku) errors[`lines.${i}.sku`] = ["The sku field is required."];
          if (!Number.isInteger(l.quantity) || (l.quantity as number) < 1) errors[`lines.${i}.quantity`] = ["The quantity must be at least 1."];
        });
        if (typeof b.order_code === "string" && tenant.orders.some((o) => o.order_code === b.order_code)) errors.order_code = ["The order code has already been taken."];
        if (Object.keys(errors).length) return validation(errors);
        const t = now();
        const parsed = lines.map((l) => ({ sku: String(l.sku), quantity: Number(l.quantity), price: readDecimal(l.price) ?? 0 }));
        const o: OrderRec = {
          id: Math.max(5000, ...tenant.orders.map((x) => x.id)) + 1,
          order_code: typeof b.order_code === "string" ? b.order_code : `SN-API-${t}`,
          platform: typeof b.platform === "string" ? b.platform : "api",
          status: typeof b.status === "string" ? b.status : "Onaylandı",
          customer: typeof b.customer === "string" ? b.customer : "",
          total: parsed.reduce((sum, l) => sum + l.price * l.quantity, 0),
          created_at: t,
          updated_at: t,
          lines: parsed,
        };
        tenant.orders.push(o);
        return json(200, { message: "Sipariş oluşturuldu.", order: orderView(o) });
      },
    },
    {
      method: "PUT",
      pattern: "/orders/:id",
      operation: "updateOrder",
      handler: (req, { tenant }) => {
        const o = tenant.orders.find((x) => x.id === Number(req.params.id));
        if (!o) return message(404, "Sipariş bulunamadı.");
        const b = isObj(req.json) ? req.json : {};
        if (b.status !== undefined && (typeof b.status !== "string" || !b.status.trim())) return validation({ status: ["The status must be a string."] });
        if (typeof b.status === "string") o.status = b.status;
        o.updated_at = now();
        return json(200, { message: "Sipariş güncellendi.", order: orderView(o) });
      },
    },
  ];

  const tooMany = (retryAfterSeconds: number, limit: number) =>
    message(429, "Too Many Attempts.", undefined, {
      "retry-after": String(Math.max(1, Math.ceil(retryAfterSeconds))),
      "x-ratelimit-limit": String(limit),
      "x-ratelimit-remaining": "0",
    });

  return {
    platform: "sentos",
    faults,
    async handle(req) {
      const match = matchRoute(routes, req.method, req.path);
      if (!match) return message(404, "Not Found.");
      const operation = match.route.operation;
      const tenant = authenticate(req);
      if (!tenant) return { ...message(401, UNAUTHENTICATED_MESSAGE), operation };
      const company = tenant.account.company;
      const wait =
        req.method === "GET" ? getLimiter.take(`${company} GET ${match.route.pattern}`) : req.method === "POST" ? postLimiter.take(`${company} POST`) : 0;
      if (wait > 0) return { ...tooMany(wait / 1000, req.method === "GET" ? getLimiter.requests : postLimiter.requests), operation };
      return { ...(await match.route.handler({ ...req, params: match.params }, { tenant })), operation };
    },
    // The fault storm answers like the throttle does, with a short Retry-After so tests do not sit out a minute.
    rateLimited: () => tooMany(1, SENTOS_REPORTED_LIMITS.sameGetPerMinute),
    serverError: () => message(500, "Server Error"),
    reset() {
      tenants = seed();
      postLimiter.reset();
      getLimiter.reset();
    },
    product: (company, sku) => tenants.get(company)?.products.find((p) => p.sku === sku),
  };
}
