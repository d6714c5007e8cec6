// Stateful eBay simulator: OAuth token endpoint, Account (privileges), Inventory (items, offers, bulk 207),
// Fulfillment (orders, shipping fulfillments) and Notification (public keys, destinations, subscriptions, signed deliveries).
// Paths are relative to https://api.ebay.com; contracts in specs/ebay/, facts in MARKETPLACES.md.
import crypto from "node:crypto";
import { json, matchRoute, noFaults, type Faults, type Route, type SimRequest, type SimResponse, type Simulator } from "../framework";
import { EBAY_SCOPES, SANDBOX_ACCOUNTS, SANDBOX_APP } from "./accounts";
import {
  buildNotification,
  challengeResponse,
  createSigningKey,
  signatureHeader,
  withChallengeCode,
  type NotificationEnvelope,
  type SigningKey,
} from "./notifications";

export { SANDBOX_ACCOUNTS, EBAY_SCOPES } from "./accounts";
export { challengeResponse } from "./notifications";

/** eBay: user access tokens live about 2 hours (MARKETPLACES.md). */
export const ACCESS_TOKEN_TTL_SECONDS = 7200;
/** Bulk inventory/offer calls take at most 25 entries (specs/ebay/sell_inventory_v1_oas3.json, error 25727). */
export const BULK_MAX = 25;
/** getInventoryItems / getOrders page size (specs/ebay). */
export const PAGE_MAX = 200;
/** A listing can be revised at most 250 times per calendar day (sell_inventory_v1_oas3.json notes). */
export const REVISIONS_PER_DAY = 250;

export interface EbayError {
  errorId: number;
  domain: string;
  category: "REQUEST" | "APPLICATION" | "BUSINESS";
  message: string;
  longMessage?: string;
  parameters?: Array<{ name: string; value: string }>;
}

const errors = (status: number, ...list: EbayError[]): SimResponse => json(status, { errors: list });
const inventoryError = (errorId: number, message: string, longMessage?: string, parameters?: EbayError["parameters"]): EbayError => ({
  errorId,
  domain: "API_INVENTORY",
  category: "REQUEST",
  message,
  ...(longMessage ? { longMessage } : {}),
  ...(parameters ? { parameters } : {}),
});
const fulfillmentError = (errorId: number, message: string): EbayError => ({ errorId, domain: "API_FULFILLMENT", category: "REQUEST", message });
const notificationError = (errorId: number, message: string): EbayError => ({ errorId, domain: "API_NOTIFICATION", category: "REQUEST", message });

interface TokenGrant {
  username: string;
  scopes: readonly string[];
  expiresAt: number;
  kind: "user" | "application";
}

interface InventoryItemRecord {
  sku: string;
  locale: string;
  product?: Record<string, unknown>;
  condition?: string;
  conditionDescription?: string;
  packageWeightAndSize?: unknown;
  availability: { shipToLocationAvailability: { quantity: number } };
}

interface OfferRecord {
  offerId: string;
  sku: string;
  marketplaceId: string;
  format: string;
  status: "UNPUBLISHED" | "PUBLISHED";
  details: Record<string, unknown>;
  availableQuantity?: number;
  price?: { value: string; currency: string };
  listingId?: string;
}

export interface EbayOrderRecord {
  orderId: string;
  creationDate: string;
  lastModifiedDate: string;
  orderFulfillmentStatus: "NOT_STARTED" | "IN_PROGRESS" | "FULFILLED";
  orderPaymentStatus: "PAID" | "PENDING" | "FAILED";
  buyer: { username: string };
  sellerId: string;
  pricingSummary: { total: { value: string; currency: string }; priceSubtotal: { value: string; currency: string } };
  lineItems: Array<{
    lineItemId: string;
    sku: string;
    title: string;
    quantity: number;
    lineItemCost: { value: string; currency: string };
    lineItemFulfillmentStatus: "NOT_STARTED" | "IN_PROGRESS" | "FULFILLED";
    legacyItemId: string;
  }>;
  fulfillmentHrefs: string[];
  fulfillments: Array<{ fulfillmentId: string; lineItems: Array<{ lineItemId: string; quantity: number }>; shippedDate: string; shippingCarrierCode: string; trackingNumber: string }>;
}

interface Destination {
  destinationId: string;
  name: string;
  status: "ENABLED" | "DISABLED";
  deliveryConfig: { endpoint: string; verificationToken: string };
}

interface Subscription {
  subscriptionId: string;
  topicId: string;
  status: "ENABLED" | "DISABLED";
  destinationId: string;
  creationDate: string;
  payload: { format: string; schemaVersion: string; deliveryProtocol: string };
}

interface SellerState {
  inventory: Map<string, InventoryItemRecord>;
  offers: Map<string, OfferRecord>;
  orders: Map<string, EbayOrderRecord>;
  /** listingId → day (YYYY-MM-DD) → revisions */
  revisions: Map<string, { day: string; count: number }>;
}

interface EbayState {
  tokens: Map<string, TokenGrant>;
  sellers: Map<string, SellerState>;
  destinations: Map<string, Destination>;
  subscriptions: Map<string, Subscription>;
  outbox: Array<{ endpoint: string; envelope: NotificationEnvelope }>;
  seq: number;
  tokenRequests: number;
}

export interface QueuedDelivery {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface DeliveryResult extends QueuedDelivery {
  status: number | "error";
}

export interface EbaySimulatorOptions {
  /** Clock (ms); tests move it to expire tokens. */
  now?: () => number;
  /** Outbound calls (endpoint challenge, notification deliveries); default global fetch. */
  fetch?: typeof fetch;
  /** Where the simulator is reachable, for hrefs and Location headers; default http://<Host header>/sandbox/ebay. */
  publicBaseUrl?: string;
}

export interface EbaySimulator extends Simulator {
  platform: "ebay";
  /** The key the simulator signs notifications with (its kid is served by getPublicKey). */
  readonly signingKey: SigningKey;
  /** Makes a new signing key current; the old one stays servable, like eBay's key rotation. */
  rotateSigningKey(): SigningKey;
  /** A signed delivery of one notification, without sending it. */
  signedNotification(topic: string, data: unknown, opts?: { endpoint?: string; notificationId?: string }): QueuedDelivery & { envelope: NotificationEnvelope };
  /** Queues a notification for every enabled subscription to `topic` (or to `endpoint` directly). */
  queueNotification(topic: string, data: unknown, opts?: { endpoint?: string; notificationId?: string }): NotificationEnvelope;
  /** Sends the queued notifications, honouring faults.duplicateWebhooks and faults.outOfOrderWebhooks. */
  flushNotifications(opts?: { fetch?: typeof fetch }): Promise<DeliveryResult[]>;
  /** eBay's endpoint check: GET endpoint?challenge_code=… and compare the answer. */
  challengeEndpoint(endpoint: string, verificationToken: string, opts?: { fetch?: typeof fetch }): Promise<boolean>;
  /** Adds an order for the seeded seller (tests, the cabinet's "simulate an order"). */
  addOrder(input: { sku: string; quantity: number; price: string; currency?: string; buyer?: string }): EbayOrderRecord;
  /** Read-only view of the seeded seller's state. */
  inspect(username?: string): { inventory: InventoryItemRecord[]; offers: OfferRecord[]; orders: EbayOrderRecord[] };
  /** How many token grants were issued (tests prove the client caches its token). */
  tokenRequestCount(): number;
}

type Handler = (req: SimRequest & { params: Record<string, string> }, ctx: CallContext) => SimResponse | Promise<SimResponse>;

interface CallContext {
  state: EbayState;
  grant: TokenGrant;
  seller: SellerState;
  base: string;
}

interface EbayRoute extends Route<CallContext> {
  /** Any one of these scopes is enough (the specs' `security` lists). */
  scopes: readonly string[];
  handler: Handler;
}

const S = EBAY_SCOPES;
const INVENTORY_READ = [S.inventory, S.inventoryReadonly];
const INVENTORY_WRITE = [S.inventory];
const FULFILLMENT_READ = [S.fulfillment, S.fulfillmentReadonly];
const FULFILLMENT_WRITE = [S.fulfillment];

// Deterministic spread of failures: with rate r, item i fails when floor((i+1)·r) > floor(i·r).
function failsAt(index: number, rate: number): boolean {
  if (rate <= 0) return false;
  if (rate >= 1) return true;
  return Math.floor((index + 1) * rate) > Math.floor(index * rate);
}

const money = (value: string, currency = "USD") => ({ value, currency });

/** A copy without the given keys (internal bookkeeping never leaves the simulator). */
function omit<T extends object, K extends keyof T>(o: T, ...keys: K[]): Omit<T, K> {
  const copy = { ...o };
  for (const k of keys) delete copy[k];
  return copy;
}

function isDecimal(v: unknown): v is string {
  return typeof v === "string" && /^\d+(\.\d{1,2})?$/.test(v) && Number(v) > 0;
}

function isQuantity(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 0;
}

export function createEbaySimulator(opts: EbaySimulatorOptions = {}): EbaySimulator {
  const now = opts.now ?? Date.now;
  const outboundFetch = () => opts.fetch ?? fetch;
  const keys = new Map<string, SigningKey>();
  let currentKey = createSigningKey();
  keys.set(currentKey.kid, currentKey);
  const faults: Faults = noFaults();
  let state = initialState();

  function initialState(): EbayState {
    const s: EbayState = {
      tokens: new Map(),
      sellers: new Map(),
      destinations: new Map(),
      subscriptions: new Map(),
      outbox: [],
      seq: 1000,
      tokenRequests: 0,
    };
    s.sellers.set(SANDBOX_ACCOUNTS.seller.username, seedSeller(SANDBOX_ACCOUNTS.seller.username));
    return s;
  }

  function seedSeller(username: string): SellerState {
    const seller: SellerState = { inventory: new Map(), offers: new Map(), orders: new Map(), revisions: new Map() };
    const items: InventoryItemRecord[] = [
      {
        sku: "KRV-TSHIRT-RED-M",
        locale: "en_US",
        condition: "NEW",
        product: { title: "Kervan cotton T-shirt, red, M", brand: "Kervan", imageUrls: ["https://i.ebayimg.com/images/g/kervan/s-l1600.jpg"] },
        availability: { shipToLocationAvailability: { quantity: 12 } },
      },
      {
        sku: "KRV-MUG-01",
        locale: "en_US",
        condition: "NEW",
        product: { title: "Kervan ceramic mug 350 ml", brand: "Kervan", imageUrls: ["https://i.ebayimg.com/images/g/kervan-mug/s-l1600.jpg"] },
        availability: { shipToLocationAvailability: { quantity: 40 } },
      },
      {
        sku: "KRV-CAP-BLUE",
        locale: "en_US",
        condition: "NEW",
        product: { title: "Kervan baseball cap, blue", brand: "Kervan", mpn: "KRV-CAP-B" },
        availability: { shipToLocationAvailability: { quantity: 0 } },
      },
    ];
    for (const item of items) seller.inventory.set(item.sku, item);
    seller.offers.set("5005317010", {
      offerId: "5005317010",
      sku: "KRV-MUG-01",
      marketplaceId: "EBAY_US",
      format: "FIXED_PRICE",
      status: "PUBLISHED",
      details: { categoryId: "20625", listingDescription: "A sturdy mug.", merchantLocationKey: "kervan-wh-1" },
      availableQuantity: 40,
      price: money("14.99"),
      listingId: "110553489012",
    });
    const t = now();
    const day = 86_400_000;
    const order = (orderId: string, ageDays: number, status: EbayOrderRecord["orderFulfillmentStatus"], sku: string, title: string, qty: number, price: string): EbayOrderRecord => ({
      orderId,
      creationDate: new Date(t - ageDays * day).toISOString(),
      lastModifiedDate: new Date(t - ageDays * day + 3_600_000).toISOString(),
      orderFulfillmentStatus: status,
      orderPaymentStatus: "PAID",
      buyer: { username: "sandbox_buyer_1" },
      sellerId: username,
      pricingSummary: { total: money((Number(price) * qty).toFixed(2)), priceSubtotal: money((Number(price) * qty).toFixed(2)) },
      lineItems: [
        {
          lineItemId: `${orderId.replace(/-/g, "").slice(0, 8)}01`,
          sku,
          title,
          quantity: qty,
          lineItemCost: money((Number(price) * qty).toFixed(2)),
          lineItemFulfillmentStatus: status,
          legacyItemId: "110553489012",
        },
      ],
      fulfillmentHrefs: [],
      fulfillments: [],
    });
    seller.orders.set("12-09876-54321", order("12-09876-54321", 3, "FULFILLED", "KRV-MUG-01", "Kervan ceramic mug 350 ml", 2, "14.99"));
    seller.orders.set("12-09876-54322", order("12-09876-54322", 1, "NOT_STARTED", "KRV-MUG-01", "Kervan ceramic mug 350 ml", 1, "14.99"));
    return seller;
  }

  const baseOf = (req: SimRequest) => opts.publicBaseUrl ?? `http://${req.headers.get("host") ?? "127.0.0.1"}/sandbox/ebay`;

  // ---------- OAuth ----------

  function tokenEndpoint(req: SimRequest): SimResponse {
    const oauthError = (status: number, error: string, description: string) => json(status, { error, error_description: description });
    const auth = req.headers.get("authorization") ?? "";
    const m = /^Basic\s+(.+)$/i.exec(auth);
    const decoded = m ? Buffer.from(m[1]!, "base64").toString("utf8") : "";
    const sep = decoded.indexOf(":");
    const clientId = sep >= 0 ? decoded.slice(0, sep) : "";
    const clientSecret = sep >= 0 ? decoded.slice(sep + 1) : "";
    if (clientId !== SANDBOX_APP.clientId || clientSecret !== SANDBOX_APP.clientSecret) {
      return oauthError(401, "invalid_client", "client authentication failed");
    }
    if (!/application\/x-www-form-urlencoded/i.test(req.headers.get("content-type") ?? "")) {
      return oauthError(400, "invalid_request", "request is missing a required parameter or malformed.");
    }
    const form = new URLSearchParams(req.rawBody);
    const grantType = form.get("grant_type");
    const requested = (form.get("scope") ?? "").split(/\s+/).filter(Boolean);
    state.tokenRequests++;
    if (grantType === "refresh_token") {
      const refresh = form.get("refresh_token") ?? "";
      const account = Object.values(SANDBOX_ACCOUNTS).find((a) => a.values.refreshToken === refresh);
      if (!account) return oauthError(400, "invalid_grant", "the provided authorization refresh token is invalid or was issued to another client");
      const granted: readonly string[] = account.scopes;
      if (requested.some((s) => !granted.includes(s))) {
        return oauthError(400, "invalid_scope", "The requested scope is invalid, unknown, malformed, or exceeds the scope granted to the client");
      }
      const token = `v^1.1#i^1#p^3#r^0#sandbox-user-${crypto.randomBytes(18).toString("base64url")}`;
      state.tokens.set(token, { username: account.username, scopes: requested.length ? requested : granted, expiresAt: now() + ACCESS_TOKEN_TTL_SECONDS * 1000, kind: "user" });
      return json(200, { access_token: token, expires_in: ACCESS_TOKEN_TTL_SECONDS, token_type: "User Access Token" });
    }
    if (grantType === "client_credentials") {
      if (requested.some((s) => s !== S.api)) {
        return oauthError(400, "invalid_scope", "The requested scope is invalid, unknown, malformed, or exceeds the scope granted to the client");
      }
      const token = `v^1.1#i^1#f^0#p^1#sandbox-app-${crypto.randomBytes(18).toString("base64url")}`;
      state.tokens.set(token, { username: "", scopes: [S.api], expiresAt: now() + ACCESS_TOKEN_TTL_SECONDS * 1000, kind: "application" });
      return json(200, { access_token: token, expires_in: ACCESS_TOKEN_TTL_SECONDS, token_type: "Application Access Token" });
    }
    if (!grantType) return oauthError(400, "invalid_request", "request is missing a required parameter or malformed.");
    return oauthError(400, "unsupported_grant_type", "grant type in request is not supported by the authorization server");
  }

  function authenticate(req: SimRequest): TokenGrant | SimResponse {
    const auth = req.headers.get("authorization");
    if (!auth) {
      return errors(401, {
        errorId: 1002,
        domain: "OAuth",
        category: "REQUEST",
        message: "Missing access token",
        longMessage: "Access token is missing in the Authorization HTTP request header.",
      });
    }
    const m = /^Bearer\s+(.+)$/i.exec(auth);
    const grant = m ? state.tokens.get(m[1]!.trim()) : undefined;
    if (!grant || grant.expiresAt <= now()) {
      if (grant) state.tokens.delete(m![1]!.trim());
      return errors(401, {
        errorId: 1001,
        domain: "OAuth",
        category: "REQUEST",
        message: "Invalid access token",
        longMessage: "Invalid access token. Check the value of the Authorization HTTP request header.",
      });
    }
    return grant;
  }

  const accessDenied = () =>
    errors(403, { errorId: 1100, domain: "ACCESS", category: "REQUEST", message: "Access denied", longMessage: "Insufficient permissions to fulfill the request." });

  function requireContentLanguage(req: SimRequest): SimResponse | undefined {
    const lang = req.headers.get("content-language");
    if (!lang || !/^[a-z]{2}-[A-Z]{2}$/.test(lang)) {
      return errors(400, inventoryError(25709, "Invalid value for header Content-Language.", "Invalid value for header Content-Language. Use a locale such as en-US.", [{ name: "header", value: "Content-Language" }]));
    }
    return undefined;
  }

  function requireJson(req: SimRequest): SimResponse | undefined {
    if (!/application\/json/i.test(req.headers.get("content-type") ?? "")) {
      return errors(415, { errorId: 2004, domain: "ACCESS", category: "REQUEST", message: "Unsupported Media Type", longMessage: "The Content-Type header must be application/json." });
    }
    if (req.json === undefined) return errors(400, inventoryError(2004, "Invalid request", "The request has errors. For help, see the documentation for this API."));
    return undefined;
  }

  // ---------- Inventory ----------

  function itemView(item: InventoryItemRecord) {
    return {
      sku: item.sku,
      locale: item.locale,
      ...(item.product ? { product: item.product } : {}),
      ...(item.condition ? { condition: item.condition } : {}),
      ...(item.conditionDescription ? { conditionDescription: item.conditionDescription } : {}),
      ...(item.packageWeightAndSize ? { packageWeightAndSize: item.packageWeightAndSize } : {}),
      availability: item.availability,
    };
  }

  /** Validates one inventory item payload; returns the eBay errors for it. */
  function validateItem(body: Record<string, unknown>, sku: string): EbayError[] {
    const out: EbayError[] = [];
    if (!/^[A-Za-z0-9._\-/ ]{1,50}$/.test(sku)) out.push(inventoryError(25707, "Invalid sku. sku has to be alphanumeric with upto 50 characters in length"));
    const qty = (body.availability as { shipToLocationAvailability?: { quantity?: unknown } } | undefined)?.shipToLocationAvailability?.quantity;
    if (qty !== undefined && !isQuantity(qty)) out.push(inventoryError(25004, "Invalid quantity.", `Invalid quantity ${String(qty)}: the quantity must be a whole number of 0 or more.`));
    const title = (body.product as { title?: unknown } | undefined)?.title;
    if (title !== undefined && (typeof title !== "string" || title.length > 80)) {
      out.push(inventoryError(25016, "Invalid product.title.", "The title must be a string of at most 80 characters.", [{ name: "fieldName", value: "product.title" }]));
    }
    return out;
  }

  function storeItem(seller: SellerState, sku: string, locale: string, body: Record<string, unknown>): boolean {
    const existed = seller.inventory.has(sku);
    const availability = body.availability as InventoryItemRecord["availability"] | undefined;
    seller.inventory.set(sku, {
      sku,
      locale,
      product: body.product as Record<string, unknown> | undefined,
      condition: body.condition as string | undefined,
      conditionDescription: body.conditionDescription as string | undefined,
      packageWeightAndSize: body.packageWeightAndSize,
      availability: { shipToLocationAvailability: { quantity: availability?.shipToLocationAvailability?.quantity ?? 0 } },
    });
    for (const offer of seller.offers.values()) if (offer.sku === sku && offer.status === "PUBLISHED") countRevision(seller, offer);
    return existed;
  }

  function countRevision(seller: SellerState, offer: OfferRecord): boolean {
    if (!offer.listingId) return true;
    const day = new Date(now()).toISOString().slice(0, 10);
    const entry = seller.revisions.get(offer.listingId);
    const count = entry && entry.day === day ? entry.count : 0;
    if (count >= REVISIONS_PER_DAY) return false;
    seller.revisions.set(offer.listingId, { day, count: count + 1 });
    return true;
  }

  function revisionsLeft(seller: SellerState, offer: OfferRecord): boolean {
    if (!offer.listingId || offer.status !== "PUBLISHED") return true;
    const day = new Date(now()).toISOString().slice(0, 10);
    const entry = seller.revisions.get(offer.listingId);
    return !entry || entry.day !== day || entry.count < REVISIONS_PER_DAY;
  }

  const revisionLimitError = (offer: OfferRecord) =>
    inventoryError(25002, "A user error has occurred. Revision limit reached.", `Listing ${offer.listingId} has been revised ${REVISIONS_PER_DAY} times today; it can be revised again tomorrow.`, [
      { name: "listingId", value: offer.listingId ?? "" },
    ]);

  /** limit/offset paging; undefined when the values are out of range (each API words that error its own way). */
  function paging(req: SimRequest, defaultLimit: number): { limit: number; offset: number } | undefined {
    const rawLimit = req.query.get("limit");
    const rawOffset = req.query.get("offset");
    const limit = rawLimit === null ? defaultLimit : Number(rawLimit);
    const offset = rawOffset === null ? 0 : Number(rawOffset);
    if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_MAX || !Number.isInteger(offset) || offset < 0) return undefined;
    return { limit, offset };
  }

  function pageLinks(base: string, path: string, limit: number, offset: number, total: number, extra = "") {
    const href = (o: number) => `${base}${path}?${extra}limit=${limit}&offset=${o}`;
    return {
      href: href(offset),
      ...(offset + limit < total ? { next: href(offset + limit) } : {}),
      ...(offset > 0 ? { prev: href(Math.max(0, offset - limit)) } : {}),
    };
  }

  const getInventoryItems: Handler = (req, { seller, base }) => {
    const p = paging(req, 25);
    if (!p) return errors(400, inventoryError(25706, "You have provided invalid pagination values.", `limit must be 1-${PAGE_MAX} and offset 0 or more.`));
    const all = [...seller.inventory.values()].sort((a, b) => a.sku.localeCompare(b.sku));
    const page = all.slice(p.offset, p.offset + p.limit);
    return json(200, {
      ...pageLinks(base, "/sell/inventory/v1/inventory_item", p.limit, p.offset, all.length),
      limit: p.limit,
      size: Math.ceil(all.length / p.limit),
      total: all.length,
      inventoryItems: page.map(itemView),
    });
  };

  const getInventoryItem: Handler = (req, { seller }) => {
    const item = seller.inventory.get(req.params.sku!);
    if (!item) return errors(404, inventoryError(25710, "We didn't find the entity you are requesting. Please verify the request"));
    return json(200, itemView(item));
  };

  const putInventoryItem: Handler = (req, { seller }) => {
    const bad = requireContentLanguage(req) ?? requireJson(req);
    if (bad) return bad;
    const sku = req.params.sku!;
    const body = req.json as Record<string, unknown>;
    const problems = validateItem(body, sku);
    if (problems.length) return errors(400, ...problems);
    const offers = [...seller.offers.values()].filter((o) => o.sku === sku);
    const blocked = offers.find((o) => !revisionsLeft(seller, o));
    if (blocked) return errors(400, revisionLimitError(blocked));
    storeItem(seller, sku, (req.headers.get("content-language") ?? "en-US").replace("-", "_"), body);
    return { status: 204 };
  };

  const deleteInventoryItem: Handler = (req, { seller }) => {
    const sku = req.params.sku!;
    if (!seller.inventory.delete(sku)) return errors(404, inventoryError(25710, "We didn't find the entity you are requesting. Please verify the request"));
    for (const [id, offer] of seller.offers) if (offer.sku === sku) seller.offers.delete(id);
    return { status: 204 };
  };

  function bulkGuard(req: SimRequest): { requests: Array<Record<string, unknown>> } | SimResponse {
    const bad = requireJson(req);
    if (bad) return bad;
    const requests = (req.json as { requests?: unknown }).requests;
    if (!Array.isArray(requests) || requests.length === 0) {
      return errors(400, inventoryError(25709, "Invalid value for requests.", "The request must contain between 1 and 25 entries in requests."));
    }
    if (requests.length > BULK_MAX) {
      return errors(400, inventoryError(25727, `The number of InventoryItems in the request cannot exceed ${BULK_MAX}.`, undefined, [{ name: "additionalInfo", value: String(BULK_MAX) }]));
    }
    return { requests: requests as Array<Record<string, unknown>> };
  }

  /** 200 when every entry succeeded, 207 Multi-Status when any failed (per-entry statusCode says which). */
  const multiStatus = (responses: Array<{ statusCode: number }>) => json(responses.every((r) => r.statusCode < 300) ? 200 : 207, { responses });

  const simulatedFailure = (what: string) =>
    inventoryError(25002, "A user error has occurred. The sandbox rejected this entry.", `Simulated partial batch failure (faults.partialBatchFailureRate) for ${what}.`);

  const bulkCreateOrReplaceInventoryItem: Handler = (req, { seller }) => {
    const bad = requireContentLanguage(req);
    if (bad) return bad;
    const guard = bulkGuard(req);
    if ("status" in guard) return guard;
    const skus = guard.requests.map((r) => r.sku);
    if (skus.some((s) => typeof s !== "string" || !s) || guard.requests.some((r) => typeof r.locale !== "string")) {
      return errors(400, inventoryError(25733, "Valid SKU and locale information are required for all the InventoryItems in the request."));
    }
    if (new Set(skus).size !== skus.length) return errors(400, inventoryError(25728, "InventoryItems should be unique in the request."));
    const responses = guard.requests.map((r, i) => {
      const sku = r.sku as string;
      const locale = r.locale as string;
      const problems = validateItem(r, sku);
      if (!problems.length && failsAt(i, faults.partialBatchFailureRate)) problems.push(simulatedFailure(`SKU ${sku}`));
      const blocked = [...seller.offers.values()].find((o) => o.sku === sku && !revisionsLeft(seller, o));
      if (!problems.length && blocked) problems.push(revisionLimitError(blocked));
      if (problems.length) return { statusCode: 400, sku, locale, errors: problems };
      const existed = storeItem(seller, sku, locale, r);
      return { statusCode: existed ? 200 : 201, sku, locale };
    });
    return multiStatus(responses);
  };

  const bulkUpdatePriceQuantity: Handler = (req, { seller }) => {
    const guard = bulkGuard(req);
    if ("status" in guard) return guard;
    const responses: Array<Record<string, unknown> & { statusCode: number }> = [];
    guard.requests.forEach((r, i) => {
      const sku = typeof r.sku === "string" ? r.sku : "";
      const item = seller.inventory.get(sku);
      const offers = Array.isArray(r.offers) ? (r.offers as Array<Record<string, unknown>>) : [];
      const fail = (extra: Record<string, unknown>, ...errs: EbayError[]) => responses.push({ statusCode: 400, sku, ...extra, errors: errs });
      if (!item) {
        const e = inventoryError(25702, `SKU ${sku} is not available in the system`, undefined, [{ name: "sku", value: sku }]);
        if (offers.length) for (const o of offers) fail({ offerId: String(o.offerId ?? "") }, e);
        else fail({}, e);
        return;
      }
      if (failsAt(i, faults.partialBatchFailureRate)) {
        if (offers.length) for (const o of offers) fail({ offerId: String(o.offerId ?? "") }, simulatedFailure(`SKU ${sku}`));
        else fail({}, simulatedFailure(`SKU ${sku}`));
        return;
      }
      const ship = (r.shipToLocationAvailability as { quantity?: unknown } | undefined)?.quantity;
      if (ship !== undefined && !isQuantity(ship)) {
        fail({}, inventoryError(25004, "Invalid quantity.", `shipToLocationAvailability.quantity ${String(ship)} is not a whole number of 0 or more.`));
        return;
      }
      if (ship !== undefined) item.availability.shipToLocationAvailability.quantity = ship;
      if (!offers.length) {
        responses.push({ statusCode: 200, sku });
        return;
      }
      for (const o of offers) {
        const offerId = String(o.offerId ?? "");
        const offer = seller.offers.get(offerId);
        if (!offer || offer.sku !== sku) {
          fail({ offerId }, inventoryError(25713, `This Offer is not available : ${offerId}.`));
          continue;
        }
        const price = o.price as { value?: unknown; currency?: unknown } | undefined;
        if (price !== undefined && !isDecimal(price.value)) {
          fail({ offerId }, inventoryError(25003, "Invalid price.", `The price ${String(price.value)} is not a positive amount.`));
          continue;
        }
        if (o.availableQuantity !== undefined && !isQuantity(o.availableQuantity)) {
          fail({ offerId }, inventoryError(25004, "Invalid quantity.", `availableQuantity ${String(o.availableQuantity)} is not a whole number of 0 or more.`));
          continue;
        }
        if (offer.status === "PUBLISHED" && !countRevision(seller, offer)) {
          fail({ offerId }, revisionLimitError(offer));
          continue;
        }
        if (price) offer.price = money(price.value as string, typeof price.currency === "string" ? price.currency : "USD");
        if (o.availableQuantity !== undefined) offer.availableQuantity = o.availableQuantity as number;
        responses.push({ statusCode: 200, sku, offerId });
      }
    });
    return multiStatus(responses);
  };

  // ---------- Offers ----------

  function offerView(offer: OfferRecord) {
    return {
      ...offer.details,
      offerId: offer.offerId,
      sku: offer.sku,
      marketplaceId: offer.marketplaceId,
      format: offer.format,
      status: offer.status,
      ...(offer.availableQuantity !== undefined ? { availableQuantity: offer.availableQuantity } : {}),
      ...(offer.price ? { pricingSummary: { price: offer.price } } : {}),
      ...(offer.listingId ? { listing: { listingId: offer.listingId, listingStatus: offer.status === "PUBLISHED" ? "ACTIVE" : "ENDED" } } : {}),
    };
  }

  function createOfferFrom(seller: SellerState, body: Record<string, unknown>): { offer: OfferRecord } | { errors: EbayError[]; status: number } {
    const sku = body.sku;
    if (typeof sku !== "string" || !seller.inventory.has(sku)) {
      return { status: 400, errors: [inventoryError(25702, `SKU ${String(sku)} is not available in the system`, undefined, [{ name: "sku", value: String(sku) }])] };
    }
    const marketplaceId = typeof body.marketplaceId === "string" ? body.marketplaceId : "";
    const format = typeof body.format === "string" ? body.format : "";
    if (!/^EBAY_[A-Z]{2,}$/.test(marketplaceId)) return { status: 400, errors: [inventoryError(25709, "Invalid value for marketplaceId.")] };
    if (format !== "FIXED_PRICE" && format !== "AUCTION") return { status: 400, errors: [inventoryError(25709, "Invalid value for format.")] };
    const dup = [...seller.offers.values()].find((o) => o.sku === sku && o.marketplaceId === marketplaceId && o.format === format);
    if (dup) return { status: 400, errors: [inventoryError(25002, "A user error has occurred. Offer entity already exists.", undefined, [{ name: "offerId", value: dup.offerId }])] };
    const price = (body.pricingSummary as { price?: { value?: unknown; currency?: unknown } } | undefined)?.price;
    if (price !== undefined && !isDecimal(price.value)) return { status: 400, errors: [inventoryError(25003, "Invalid price.")] };
    const availableQuantity = body.availableQuantity;
    const details = omit(body, "sku", "marketplaceId", "format", "pricingSummary", "availableQuantity");
    const offer: OfferRecord = {
      offerId: String(5_005_318_000 + ++state.seq),
      sku,
      marketplaceId,
      format,
      status: "UNPUBLISHED",
      details,
      ...(isQuantity(availableQuantity) ? { availableQuantity } : {}),
      ...(price ? { price: money(price.value as string, typeof price.currency === "string" ? price.currency : "USD") } : {}),
    };
    seller.offers.set(offer.offerId, offer);
    return { offer };
  }

  function publish(seller: SellerState, offer: OfferRecord): { listingId: string } | { errors: EbayError[] } {
    const item = seller.inventory.get(offer.sku);
    const missing: EbayError[] = [];
    if (!item?.product || typeof item.product.title !== "string") missing.push(inventoryError(25002, "A user error has occurred. No <Item.Title> exists or <Item.Title> is specified as an empty tag in the request."));
    if (!offer.price) missing.push(inventoryError(25002, "A user error has occurred. No <Item.StartPrice> exists or <Item.StartPrice> is specified as an empty tag in the request."));
    if (typeof offer.details.categoryId !== "string") missing.push(inventoryError(25005, "Invalid category.", "The category is missing or invalid."));
    if (missing.length) return { errors: missing };
    offer.status = "PUBLISHED";
    offer.listingId ??= String(110_553_490_000 + ++state.seq);
    return { listingId: offer.listingId };
  }

  const createOffer: Handler = (req, { seller }) => {
    const bad = requireContentLanguage(req) ?? requireJson(req);
    if (bad) return bad;
    const r = createOfferFrom(seller, req.json as Record<string, unknown>);
    if ("errors" in r) return errors(r.status, ...r.errors);
    return json(201, { offerId: r.offer.offerId });
  };

  const getOffers: Handler = (req, { seller, base }) => {
    const sku = req.query.get("sku");
    if (!sku) return errors(400, inventoryError(25709, "Invalid value for sku.", "The sku query parameter is required."));
    const p = paging(req, 25);
    if (!p) return errors(400, inventoryError(25706, "You have provided invalid pagination values."));
    const marketplace = req.query.get("marketplace_id");
    const format = req.query.get("format");
    const all = [...seller.offers.values()].filter((o) => o.sku === sku && (!marketplace || o.marketplaceId === marketplace) && (!format || o.format === format));
    if (!all.length) return errors(404, inventoryError(25713, `This Offer is not available : ${sku}.`));
    return json(200, {
      ...pageLinks(base, "/sell/inventory/v1/offer", p.limit, p.offset, all.length, `sku=${encodeURIComponent(sku)}&`),
      limit: p.limit,
      size: Math.ceil(all.length / p.limit),
      total: all.length,
      offers: all.slice(p.offset, p.offset + p.limit).map(offerView),
    });
  };

  const getOffer: Handler = (req, { seller }) => {
    const offer = seller.offers.get(req.params.offerId!);
    if (!offer) return errors(404, inventoryError(25713, `This Offer is not available : ${req.params.offerId}.`));
    return json(200, offerView(offer));
  };

  const updateOffer: Handler = (req, { seller }) => {
    const bad = requireContentLanguage(req) ?? requireJson(req);
    if (bad) return bad;
    const offer = seller.offers.get(req.params.offerId!);
    if (!offer) return errors(404, inventoryError(25713, `This Offer is not available : ${req.params.offerId}.`));
    const body = req.json as Record<string, unknown>;
    const price = (body.pricingSummary as { price?: { value?: unknown; currency?: unknown } } | undefined)?.price;
    if (price !== undefined && !isDecimal(price.value)) return errors(400, inventoryError(25003, "Invalid price."));
    if (offer.status === "PUBLISHED" && !countRevision(seller, offer)) return errors(400, revisionLimitError(offer));
    const availableQuantity = body.availableQuantity;
    offer.details = omit(body, "pricingSummary", "availableQuantity", "sku", "marketplaceId", "format");
    offer.price = price ? money(price.value as string, typeof price.currency === "string" ? price.currency : "USD") : undefined;
    offer.availableQuantity = isQuantity(availableQuantity) ? availableQuantity : undefined;
    return { status: 204 };
  };

  const deleteOffer: Handler = (req, { seller }) => {
    if (!seller.offers.delete(req.params.offerId!)) return errors(404, inventoryError(25713, `This Offer is not available : ${req.params.offerId}.`));
    return { status: 204 };
  };

  const publishOffer: Handler = (req, { seller }) => {
    const offer = seller.offers.get(req.params.offerId!);
    if (!offer) return errors(404, inventoryError(25713, `This Offer is not available : ${req.params.offerId}.`));
    const r = publish(seller, offer);
    if ("errors" in r) return errors(400, ...r.errors);
    return json(200, { listingId: r.listingId });
  };

  const withdrawOffer: Handler = (req, { seller }) => {
    const offer = seller.offers.get(req.params.offerId!);
    if (!offer) return errors(404, inventoryError(25713, `This Offer is not available : ${req.params.offerId}.`));
    if (offer.status !== "PUBLISHED") return errors(400, inventoryError(25002, "A user error has occurred. The offer is not published."));
    offer.status = "UNPUBLISHED";
    return json(200, { listingId: offer.listingId });
  };

  const bulkCreateOffer: Handler = (req, { seller }) => {
    const bad = requireContentLanguage(req);
    if (bad) return bad;
    const guard = bulkGuard(req);
    if ("status" in guard) return guard;
    const responses = guard.requests.map((r, i) => {
      const echo = { sku: String(r.sku ?? ""), marketplaceId: String(r.marketplaceId ?? ""), format: String(r.format ?? "") };
      if (failsAt(i, faults.partialBatchFailureRate)) return { statusCode: 400, ...echo, errors: [simulatedFailure(`SKU ${echo.sku}`)] };
      const created = createOfferFrom(seller, r);
      if ("errors" in created) return { statusCode: created.status, ...echo, errors: created.errors };
      return { statusCode: 200, ...echo, offerId: created.offer.offerId };
    });
    return multiStatus(responses);
  };

  const bulkPublishOffer: Handler = (req, { seller }) => {
    const guard = bulkGuard(req);
    if ("status" in guard) return guard;
    const responses = guard.requests.map((r, i) => {
      const offerId = String(r.offerId ?? "");
      const offer = seller.offers.get(offerId);
      if (!offer) return { statusCode: 404, offerId, errors: [inventoryError(25713, `This Offer is not available : ${offerId}.`)] };
      if (failsAt(i, faults.partialBatchFailureRate)) return { statusCode: 400, offerId, errors: [simulatedFailure(`offer ${offerId}`)] };
      const published = publish(seller, offer);
      if ("errors" in published) return { statusCode: 400, offerId, errors: published.errors };
      return { statusCode: 200, offerId, listingId: published.listingId };
    });
    return multiStatus(responses);
  };

  // ---------- Account ----------

  const getPrivileges: Handler = () =>
    json(200, { sellerRegistrationCompleted: true, sellingLimit: { amount: money("25000.00"), quantity: 1000 } });

  // ---------- Fulfillment ----------

  function parseOrderFilter(filter: string | null): { from?: number; to?: number; created?: { from?: number; to?: number }; statuses?: string[] } | SimResponse {
    const out: { from?: number; to?: number; created?: { from?: number; to?: number }; statuses?: string[] } = {};
    if (!filter) return out;
    for (const part of filter.split(/,(?=[a-z]+:)/)) {
      const m = /^([a-z]+):(.*)$/.exec(part.trim());
      if (!m) return errors(400, fulfillmentError(30700, `Invalid filter name: ${part}`));
      const [, name, value] = m as unknown as [string, string, string];
      if (name === "lastmodifieddate" || name === "creationdate") {
        const r = /^\[(.*?)\.\.(.*?)\]$/.exec(value);
        if (!r) return errors(400, fulfillmentError(30810, "Invalid date format"));
        const from = r[1] ? Date.parse(r[1]) : undefined;
        const to = r[2] ? Date.parse(r[2]) : undefined;
        if (from === undefined) return errors(400, fulfillmentError(30820, "Start date is missing"));
        if (Number.isNaN(from) || (to !== undefined && Number.isNaN(to))) return errors(400, fulfillmentError(30810, "Invalid date format"));
        if (name === "lastmodifieddate") Object.assign(out, { from, to });
        else out.created = { from, to };
      } else if (name === "orderfulfillmentstatus") {
        const r = /^\{(.*)\}$/.exec(value);
        const statuses = r ? r[1]!.split("|") : [];
        if (!statuses.length || statuses.some((s) => !["NOT_STARTED", "IN_PROGRESS", "FULFILLED"].includes(s))) {
          return errors(400, fulfillmentError(30800, `Invalid filter value ${value} for filter ${name}`));
        }
        out.statuses = statuses;
      } else {
        return errors(400, fulfillmentError(30700, `Invalid filter name: ${name}`));
      }
    }
    return out;
  }

  const orderView = (o: EbayOrderRecord) => omit(o, "fulfillments");

  const getOrders: Handler = (req, { seller, base }) => {
    const filter = parseOrderFilter(req.query.get("filter"));
    if ("status" in filter) return filter;
    const rawLimit = req.query.get("limit");
    const rawOffset = req.query.get("offset");
    const limit = rawLimit === null ? 50 : Number(rawLimit);
    const offset = rawOffset === null ? 0 : Number(rawOffset);
    if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_MAX) return errors(400, fulfillmentError(30800, `Invalid filter value ${rawLimit} for filter limit`));
    if (!Number.isInteger(offset) || offset < 0) return errors(400, fulfillmentError(30800, `Invalid filter value ${rawOffset} for filter offset`));
    const ids = req.query.get("orderIds")?.split(",").filter(Boolean);
    let all = [...seller.orders.values()];
    if (ids?.length) all = all.filter((o) => ids.includes(o.orderId));
    else {
      all = all.filter((o) => {
        const mod = Date.parse(o.lastModifiedDate);
        const created = Date.parse(o.creationDate);
        if (filter.from !== undefined && mod < filter.from) return false;
        if (filter.to !== undefined && mod > filter.to) return false;
        if (filter.created?.from !== undefined && created < filter.created.from) return false;
        if (filter.created?.to !== undefined && created > filter.created.to) return false;
        if (filter.statuses && !filter.statuses.includes(o.orderFulfillmentStatus)) return false;
        return true;
      });
    }
    all.sort((a, b) => b.creationDate.localeCompare(a.creationDate));
    const f = req.query.get("filter");
    return json(200, {
      ...pageLinks(base, "/sell/fulfillment/v1/order", limit, offset, all.length, f ? `filter=${encodeURIComponent(f)}&` : ""),
      limit,
      offset,
      total: all.length,
      orders: all.slice(offset, offset + limit).map(orderView),
    });
  };

  const getOrder: Handler = (req, { seller }) => {
    const o = seller.orders.get(req.params.orderId!);
    if (!o) return errors(404, fulfillmentError(32100, `Invalid Order Id: ${req.params.orderId}`));
    return json(200, orderView(o));
  };

  const createShippingFulfillment: Handler = (req, { seller, base }) => {
    const bad = requireJson(req);
    if (bad) return bad;
    const order = seller.orders.get(req.params.orderId!);
    if (!order) return errors(400, fulfillmentError(32100, `Invalid Order Id: ${req.params.orderId}`));
    const body = req.json as { lineItems?: Array<{ lineItemId?: string; quantity?: number }>; shippedDate?: string; shippingCarrierCode?: string; trackingNumber?: string };
    const lines = body.lineItems ?? [];
    if (!lines.length) return errors(400, fulfillmentError(32200, "Invalid line item id: (none)"));
    const seen = new Set<string>();
    for (const l of lines) {
      const li = order.lineItems.find((x) => x.lineItemId === l.lineItemId);
      if (!li) return errors(400, fulfillmentError(32200, `Invalid line item id: ${l.lineItemId}`));
      if (seen.has(li.lineItemId)) return errors(400, fulfillmentError(32210, "Duplicate line item in the request"));
      seen.add(li.lineItemId);
    }
    if (!body.shippingCarrierCode || !body.trackingNumber) return errors(400, fulfillmentError(32300, "Invalid shipment tracking number or carrier"));
    const fulfillmentId = body.trackingNumber;
    for (const l of lines) {
      const li = order.lineItems.find((x) => x.lineItemId === l.lineItemId)!;
      li.lineItemFulfillmentStatus = "FULFILLED";
    }
    order.orderFulfillmentStatus = order.lineItems.every((l) => l.lineItemFulfillmentStatus === "FULFILLED") ? "FULFILLED" : "IN_PROGRESS";
    order.lastModifiedDate = new Date(now()).toISOString();
    const href = `${base}/sell/fulfillment/v1/order/${order.orderId}/shipping_fulfillment/${fulfillmentId}`;
    order.fulfillmentHrefs.push(href);
    order.fulfillments.push({
      fulfillmentId,
      lineItems: lines.map((l) => ({ lineItemId: l.lineItemId!, quantity: l.quantity ?? 1 })),
      shippedDate: body.shippedDate ?? new Date(now()).toISOString(),
      shippingCarrierCode: body.shippingCarrierCode,
      trackingNumber: body.trackingNumber,
    });
    return json(201, {}, { location: href });
  };

  // ---------- Notification ----------

  const getPublicKey: Handler = (req) => {
    const key = keys.get(req.params.kid!);
    if (!key) return errors(404, notificationError(195001, "The specified key id is invalid."));
    return json(200, { algorithm: "ECDSA", digest: "SHA1", key: key.publicKeyOneLine });
  };

  const VERIFICATION_TOKEN = /^[A-Za-z0-9_-]{32,80}$/;

  const createDestination: Handler = async (req, { base }) => {
    const bad = requireJson(req);
    if (bad) return bad;
    const body = req.json as { name?: unknown; status?: unknown; deliveryConfig?: { endpoint?: unknown; verificationToken?: unknown } };
    if (typeof body.name !== "string" || body.name.length > 64) return errors(400, notificationError(195016, "Invalid name. Markups or lengths greater than 64 not supported"));
    const endpoint = body.deliveryConfig?.endpoint;
    const token = body.deliveryConfig?.verificationToken;
    if (typeof endpoint !== "string" || !/^https?:\/\//.test(endpoint)) return errors(400, notificationError(195018, "Invalid or missing endpoint."));
    if (typeof token !== "string" || !VERIFICATION_TOKEN.test(token)) return errors(400, notificationError(195019, "Invalid or missing verification token for this endpoint."));
    if ([...state.destinations.values()].some((d) => d.deliveryConfig.endpoint === endpoint)) {
      return errors(409, notificationError(195021, "Destination exists for this endpoint."));
    }
    if (!(await challengeEndpoint(endpoint, token))) return errors(409, notificationError(195020, "Challenge verification failed for requested endpoint"));
    const destinationId = crypto.randomUUID();
    state.destinations.set(destinationId, {
      destinationId,
      name: body.name,
      status: body.status === "DISABLED" ? "DISABLED" : "ENABLED",
      deliveryConfig: { endpoint, verificationToken: token },
    });
    return json(201, {}, { location: `${base}/commerce/notification/v1/destination/${destinationId}` });
  };

  const getDestinations: Handler = (_req, { base }) => {
    const list = [...state.destinations.values()];
    return json(200, { total: list.length, href: `${base}/commerce/notification/v1/destination`, limit: 20, destinations: list });
  };

  const deleteDestination: Handler = (req) => {
    const id = req.params.destinationId!;
    if (!state.destinations.has(id)) return errors(404, notificationError(195022, "Invalid or missing destination id."));
    if ([...state.subscriptions.values()].some((s) => s.destinationId === id)) return errors(409, notificationError(195024, "Destination is in use and cannot be deleted."));
    state.destinations.delete(id);
    return { status: 204 };
  };

  const createSubscription: Handler = (req, { base }) => {
    const bad = requireJson(req);
    if (bad) return bad;
    const body = req.json as { topicId?: unknown; status?: unknown; destinationId?: unknown; payload?: Subscription["payload"] };
    if (body.status !== "ENABLED" && body.status !== "DISABLED") return errors(400, notificationError(195006, "Invalid or missing subscription status."));
    if (typeof body.destinationId !== "string" || !state.destinations.has(body.destinationId)) return errors(400, notificationError(195007, "Invalid or missing destination id."));
    if (typeof body.topicId !== "string" || !body.topicId) return errors(400, notificationError(195008, "Invalid or missing topic id."));
    if ([...state.subscriptions.values()].some((s) => s.topicId === body.topicId && s.destinationId === body.destinationId)) {
      return errors(409, notificationError(195012, "Subscription already exists"));
    }
    const subscriptionId = crypto.randomUUID();
    state.subscriptions.set(subscriptionId, {
      subscriptionId,
      topicId: body.topicId,
      status: body.status,
      destinationId: body.destinationId,
      creationDate: new Date(now()).toISOString(),
      payload: body.payload ?? { format: "JSON", schemaVersion: "1.0", deliveryProtocol: "HTTPS" },
    });
    return json(201, {}, { location: `${base}/commerce/notification/v1/subscription/${subscriptionId}` });
  };

  const getSubscriptions: Handler = (_req, { base }) => {
    const list = [...state.subscriptions.values()];
    return json(200, { total: list.length, href: `${base}/commerce/notification/v1/subscription`, limit: 20, subscriptions: list });
  };

  const deleteSubscription: Handler = (req) => {
    if (!state.subscriptions.delete(req.params.subscriptionId!)) return errors(404, notificationError(195013, "Invalid subscription Id."));
    return { status: 204 };
  };

  const NOTIFY_READ = [S.api, S.notification];
  const NO_SELLER: SellerState = { inventory: new Map(), offers: new Map(), orders: new Map(), revisions: new Map() };

  const routes: EbayRoute[] = [
    { method: "GET", pattern: "/sell/account/v1/privilege", operation: "getPrivileges", scopes: [S.account, S.accountReadonly], handler: getPrivileges },
    { method: "GET", pattern: "/sell/inventory/v1/inventory_item", operation: "getInventoryItems", scopes: INVENTORY_READ, handler: getInventoryItems },
    { method: "GET", pattern: "/sell/inventory/v1/inventory_item/:sku", operation: "getInventoryItem", scopes: INVENTORY_READ, handler: getInventoryItem },
    { method: "PUT", pattern: "/sell/inventory/v1/inventory_item/:sku", operation: "createOrReplaceInventoryItem", scopes: INVENTORY_WRITE, handler: putInventoryItem },
    { method: "DELETE", pattern: "/sell/inventory/v1/inventory_item/:sku", operation: "deleteInventoryItem", scopes: INVENTORY_WRITE, handler: deleteInventoryItem },
    { method: "POST", pattern: "/sell/inventory/v1/bulk_create_or_replace_inventory_item", operation: "bulkCreateOrReplaceInventoryItem", scopes: INVENTORY_WRITE, handler: bulkCreateOrReplaceInventoryItem },
    { method: "POST", pattern: "/sell/inventory/v1/bulk_update_price_quantity", operation: "bulkUpdatePriceQuantity", scopes: INVENTORY_WRITE, handler: bulkUpdatePriceQuantity },
    { method: "POST", pattern: "/sell/inventory/v1/bulk_create_offer", operation: "bulkCreateOffer", scopes: INVENTORY_WRITE, handler: bulkCreateOffer },
    { method: "POST", pattern: "/sell/inventory/v1/bulk_publish_offer", operation: "bulkPublishOffer", scopes: INVENTORY_WRITE, handler: bulkPublishOffer },
    { method: "GET", pattern: "/sell/inventory/v1/offer", operation: "getOffers", scopes: INVENTORY_READ, handler: getOffers },
    { method: "POST", pattern: "/sell/inventory/v1/offer", operation: "createOffer", scopes: INVENTORY_WRITE, handler: createOffer },
    { method: "GET", pattern: "/sell/inventory/v1/offer/:offerId", operation: "getOffer", scopes: INVENTORY_READ, handler: getOffer },
    { method: "PUT", pattern: "/sell/inventory/v1/offer/:offerId", operation: "updateOffer", scopes: INVENTORY_WRITE, handler: updateOffer },
    { method: "DELETE", pattern: "/sell/inventory/v1/offer/:offerId", operation: "deleteOffer", scopes: INVENTORY_WRITE, handler: deleteOffer },
    { method: "POST", pattern: "/sell/inventory/v1/offer/:offerId/publish", operation: "publishOffer", scopes: INVENTORY_WRITE, handler: publishOffer },
    { method: "POST", pattern: "/sell/inventory/v1/offer/:offerId/withdraw", operation: "withdrawOffer", scopes: INVENTORY_WRITE, handler: withdrawOffer },
    { method: "GET", pattern: "/sell/fulfillment/v1/order", operation: "getOrders", scopes: FULFILLMENT_READ, handler: getOrders },
    { method: "GET", pattern: "/sell/fulfillment/v1/order/:orderId", operation: "getOrder", scopes: FULFILLMENT_READ, handler: getOrder },
    { method: "POST", pattern: "/sell/fulfillment/v1/order/:orderId/shipping_fulfillment", operation: "createShippingFulfillment", scopes: FULFILLMENT_WRITE, handler: createShippingFulfillment },
    { method: "GET", pattern: "/commerce/notification/v1/public_key/:kid", operation: "getPublicKey", scopes: [S.api], handler: getPublicKey },
    { method: "GET", pattern: "/commerce/notification/v1/destination", operation: "getDestinations", scopes: [S.api], handler: getDestinations },
    { method: "POST", pattern: "/commerce/notification/v1/destination", operation: "createDestination", scopes: [S.api], handler: createDestination },
    { method: "DELETE", pattern: "/commerce/notification/v1/destination/:destinationId", operation: "deleteDestination", scopes: [S.api], handler: deleteDestination },
    { method: "GET", pattern: "/commerce/notification/v1/subscription", operation: "getSubscriptions", scopes: NOTIFY_READ, handler: getSubscriptions },
    { method: "POST", pattern: "/commerce/notification/v1/subscription", operation: "createSubscription", scopes: NOTIFY_READ, handler: createSubscription },
    { method: "DELETE", pattern: "/commerce/notification/v1/subscription/:subscriptionId", operation: "deleteSubscription", scopes: NOTIFY_READ, handler: deleteSubscription },
  ];

  async function handle(req: SimRequest): Promise<SimResponse & { operation?: string }> {
    if (req.method === "POST" && req.path === "/identity/v1/oauth2/token") return { ...tokenEndpoint(req), operation: "getAccessToken" };
    const found = matchRoute<CallContext>(routes, req.method, req.path);
    if (!found) {
      return errors(404, { errorId: 2002, domain: "ACCESS", category: "REQUEST", message: "Resource not found", longMessage: `No resource matches ${req.method} ${req.path}.` });
    }
    const route = found.route as EbayRoute;
    const grant = authenticate(req);
    if ("status" in grant) return { ...grant, operation: route.operation };
    if (!route.scopes.some((s) => grant.scopes.includes(s))) return { ...accessDenied(), operation: route.operation };
    // Application tokens act for no seller; the routes they may call (public keys, destinations) use no seller data.
    const seller = state.sellers.get(grant.username) ?? NO_SELLER;
    const res = await route.handler({ ...req, params: found.params }, { state, grant, seller, base: baseOf(req) });
    return { ...res, operation: route.operation };
  }

  // ---------- Outbound notifications ----------

  function signedNotification(topic: string, data: unknown, o: { endpoint?: string; notificationId?: string } = {}) {
    const envelope = buildNotification(topic, data, now(), o.notificationId);
    const body = JSON.stringify(envelope);
    return {
      url: o.endpoint ?? "",
      headers: { "content-type": "application/json", "x-ebay-signature": signatureHeader(currentKey, body) },
      body,
      envelope,
    };
  }

  function queueNotification(topic: string, data: unknown, o: { endpoint?: string; notificationId?: string } = {}) {
    const envelope = buildNotification(topic, data, now(), o.notificationId);
    const endpoints = o.endpoint
      ? [o.endpoint]
      : [...state.subscriptions.values()]
          .filter((s) => s.topicId === topic && s.status === "ENABLED")
          .map((s) => state.destinations.get(s.destinationId))
          .filter((d): d is Destination => !!d && d.status === "ENABLED")
          .map((d) => d.deliveryConfig.endpoint);
    for (const endpoint of endpoints) state.outbox.push({ endpoint, envelope });
    return envelope;
  }

  async function flushNotifications(o: { fetch?: typeof fetch } = {}): Promise<DeliveryResult[]> {
    let batch = state.outbox.splice(0);
    if (faults.outOfOrderWebhooks) batch = batch.reverse();
    if (faults.duplicateWebhooks) batch = batch.flatMap((d) => [d, d]);
    const send = o.fetch ?? outboundFetch();
    const results: DeliveryResult[] = [];
    for (const d of batch) {
      const body = JSON.stringify(d.envelope);
      const headers = { "content-type": "application/json", "x-ebay-signature": signatureHeader(currentKey, body) };
      let status: number | "error";
      try {
        const res = await send(d.endpoint, { method: "POST", headers, body });
        status = res.status;
        await res.arrayBuffer().catch(() => undefined);
      } catch {
        status = "error";
      }
      results.push({ url: d.endpoint, headers, body, status });
    }
    return results;
  }

  async function challengeEndpoint(endpoint: string, verificationToken: string, o: { fetch?: typeof fetch } = {}): Promise<boolean> {
    const code = crypto.randomBytes(16).toString("hex");
    try {
      const res = await (o.fetch ?? outboundFetch())(withChallengeCode(endpoint, code), { method: "GET", headers: { accept: "application/json" } });
      if (res.status !== 200) return false;
      const body = (await res.json()) as { challengeResponse?: unknown };
      return body.challengeResponse === challengeResponse(code, verificationToken, endpoint);
    } catch {
      return false;
    }
  }

  function addOrder(input: { sku: string; quantity: number; price: string; currency?: string; buyer?: string }): EbayOrderRecord {
    const seller = state.sellers.get(SANDBOX_ACCOUNTS.seller.username)!;
    const n = ++state.seq;
    const orderId = `12-${String(10000 + (n % 90000)).padStart(5, "0")}-${String(n).padStart(5, "0")}`;
    const at = new Date(now()).toISOString();
    const total = (Number(input.price) * input.quantity).toFixed(2);
    const item = seller.inventory.get(input.sku);
    const order: EbayOrderRecord = {
      orderId,
      creationDate: at,
      lastModifiedDate: at,
      orderFulfillmentStatus: "NOT_STARTED",
      orderPaymentStatus: "PAID",
      buyer: { username: input.buyer ?? "sandbox_buyer_2" },
      sellerId: SANDBOX_ACCOUNTS.seller.username,
      pricingSummary: { total: money(total, input.currency), priceSubtotal: money(total, input.currency) },
      lineItems: [
        {
          lineItemId: `${10_000_000_000 + n}`,
          sku: input.sku,
          title: typeof item?.product?.title === "string" ? item.product.title : input.sku,
          quantity: input.quantity,
          lineItemCost: money(total, input.currency),
          lineItemFulfillmentStatus: "NOT_STARTED",
          legacyItemId: "110553489012",
        },
      ],
      fulfillmentHrefs: [],
      fulfillments: [],
    };
    seller.orders.set(orderId, order);
    if (item) item.availability.shipToLocationAvailability.quantity = Math.max(0, item.availability.shipToLocationAvailability.quantity - input.quantity);
    return order;
  }

  const sim: EbaySimulator = {
    platform: "ebay",
    faults,
    get signingKey() {
      return currentKey;
    },
    rotateSigningKey() {
      currentKey = createSigningKey();
      keys.set(currentKey.kid, currentKey);
      return currentKey;
    },
    handle,
    rateLimited: () =>
      errors(429, { errorId: 2001, domain: "ACCESS", category: "REQUEST", message: "Too many requests. The request limit has been reached for the resource." }),
    serverError: () =>
      errors(500, {
        errorId: 2003,
        domain: "ACCESS",
        category: "APPLICATION",
        message: "Internal error",
        longMessage: "There was a problem with an eBay internal system or process. Contact eBay developer support for assistance.",
      }),
    reset() {
      state = initialState();
    },
    signedNotification,
    queueNotification,
    flushNotifications,
    challengeEndpoint,
    addOrder,
    inspect(username = SANDBOX_ACCOUNTS.seller.username) {
      const seller = state.sellers.get(username);
      return {
        inventory: seller ? [...seller.inventory.values()] : [],
        offers: seller ? [...seller.offers.values()] : [],
        orders: seller ? [...seller.orders.values()] : [],
      };
    },
    tokenRequestCount: () => state.tokenRequests,
  };
  return sim;
}
