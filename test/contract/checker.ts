// Contract checker: every request an adapter sends to a simulator, and every simulator answer, is checked against the
// platform's official contract in ../shared/specs/ (read in place, never copied), or against our own JSON Schema where
// no contract exists (test/contract/schemas/sentos.json, uzum.json, written from ../shared/MARKETPLACES.md).
//
// REST platforms: method + path must exist in the spec, path/query/header parameters must match their schemas
// (required present, unknown query parameters flagged), the JSON body must match the requestBody schema (ajv,
// strict:false, formats) and must not carry properties the contract does not declare; the answer's status must be
// documented (or `NXX` / `default`) and its JSON body must match that status's schema.
// Shopify: the GraphQL document is validated against the Admin 2025-01 introspection schema, variables are coerced
// against the operation's variable definitions, and the answer's shape is checked against the selection.
//
// Specs are loaded lazily on first use and cached per process (module level), compiled validators too. ajv is used
// directly (not openapi-backend): openapi-backend dereferences and compiles whole documents up front, which is slow
// for Ozon (2.4 MB) and Yandex (1036 files), and several files need repairs first (SPEC_CORRECTIONS,
// SCHEMA_NORMALIZATIONS below), which this file applies in memory — the files in ../shared/specs are never changed.
//
// Use in a test:
//   const checker = createContractChecker();
//   const server = await startSandboxServer({ simulators, onExchange: (e) => checker.check(e) });
//   afterEach(() => checker.assertAllValid());
// Every result is appended to test-results/contract-coverage/ for `npm run test:contract`. A test that breaks the
// contract on purpose wraps that request in checker.tolerate(/pattern/) … checker.tolerate(undefined), or uses a
// checker created with { record: false }, so the deliberate violation is not counted as a failure.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import zlib from "node:zlib";
import AjvModule, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import {
  buildClientSchema,
  getNamedType,
  getNullableType,
  getVariableValues,
  GraphQLError,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  validate as validateGraphql,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type IntrospectionQuery,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import YAML from "yaml";
import { manifest as ebayManifest } from "@/server/platforms/ebay/manifest";
import { manifest as ozonManifest } from "@/server/platforms/ozon/manifest";
import { manifest as sentosManifest } from "@/server/platforms/sentos/manifest";
import { manifest as shipstationManifest } from "@/server/platforms/shipstation/manifest";
import { manifest as shopifyManifest } from "@/server/platforms/shopify/manifest";
import { manifest as trendyolManifest } from "@/server/platforms/trendyol/manifest";
import type { PlatformId } from "@/server/platforms/types";
import { manifest as uzumManifest } from "@/server/platforms/uzum/manifest";
import { manifest as wildberriesManifest } from "@/server/platforms/wildberries/manifest";
import { manifest as yandexManifest } from "@/server/platforms/yandex-market/manifest";
import type { Exchange } from "@/server/sandbox/framework";
import { appendCoverage } from "./coverage";

// ---------------------------------------------------------------------------------------------------------------
// Public API

export interface ContractResult {
  platform: PlatformId;
  /** The spec's operationId, or "METHOD /path" (the spec path template, WB with its host prefix). */
  operation: string;
  ok: boolean;
  /** Violations; each starts with "request" or "response" so reports can tell the sides apart. */
  errors: string[];
  checked: { request: boolean; response: boolean };
  /** Noted but not a violation (undocumented 429/420/5xx answers, fault-injected unparsable bodies …). */
  warnings: string[];
  /** A deliberate violation (see ContractChecker.tolerate); not counted as a failure in coverage. */
  tolerated?: boolean;
  /** The exchange as seen by the simulator, for reports. */
  method: string;
  path: string;
  status: number;
}

export interface ContractChecker {
  check(exchange: Exchange): ContractResult;
  /**
   * For tests that break the contract on purpose (oversize batches, missing auth headers): while a pattern is set,
   * a failed result whose formatted failure matches it is marked `tolerated` — still ok:false, but recorded as a
   * deliberate violation, so `npm run test:contract` does not count it as failed. `tolerate(undefined)` ends it.
   */
  tolerate(pattern: RegExp | undefined): void;
  /** Checks and throws an Error listing every violation. Returns the result when valid. */
  assertValid(exchange: Exchange): ContractResult;
  results(): ContractResult[];
  /** Throws one Error listing every failed result so far (for `onExchange: c.check` + `afterAll`). */
  assertAllValid(): void;
}

export interface ContractCheckerOptions {
  /** Append every result to the coverage files under test-results/ (default true). Off for deliberately broken exchanges. */
  record?: boolean;
}

export function createContractChecker(options: ContractCheckerOptions = {}): ContractChecker {
  const record = options.record ?? true;
  const all: ContractResult[] = [];
  let tolerated: RegExp | undefined;
  const check = (exchange: Exchange): ContractResult => {
    const result = checkExchange(exchange);
    if (!result.ok && tolerated?.test(formatContractFailure(result))) result.tolerated = true;
    all.push(result);
    if (record) appendCoverage(result);
    return result;
  };
  return {
    check,
    tolerate(pattern) {
      tolerated = pattern;
    },
    assertValid(exchange) {
      const result = check(exchange);
      if (!result.ok) throw new Error(formatContractFailure(result));
      return result;
    },
    results: () => [...all],
    assertAllValid() {
      const failed = all.filter((r) => !r.ok && !r.tolerated);
      if (failed.length > 0) throw new Error(failed.map(formatContractFailure).join("\n\n"));
    },
  };
}

export function formatContractFailure(r: ContractResult): string {
  const head = `Contract violation on ${r.platform} ${r.operation} (${r.method} ${r.path} → ${r.status}):`;
  return [head, ...r.errors.map((e) => `  - ${e}`)].join("\n");
}

// ---------------------------------------------------------------------------------------------------------------
// Where things are

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const PROJECT_ROOT = path.resolve(HERE, "../..");
/** The official contracts, read in place: ../shared/specs relative to the project root. */
export const SPECS_DIR = process.env.KERVAN_SPECS_DIR ?? path.resolve(PROJECT_ROOT, "../shared/specs");
const OWN_SCHEMAS_DIR = path.join(HERE, "schemas");

const PRODUCTION_BASES: Record<PlatformId, string> = {
  trendyol: trendyolManifest.baseUrls.production,
  shopify: shopifyManifest.baseUrls.production,
  sentos: sentosManifest.baseUrls.production,
  ebay: ebayManifest.baseUrls.production,
  shipstation: shipstationManifest.baseUrls.production,
  wildberries: wildberriesManifest.baseUrls.production,
  ozon: ozonManifest.baseUrls.production,
  "yandex-market": yandexManifest.baseUrls.production,
  uzum: uzumManifest.baseUrls.production,
};

interface RestPlatform {
  /** Spec files in priority order (first file whose path matches wins); "own:" = test/contract/schemas/, "supplement:" = in-memory. */
  files: string[];
  /** Header names that carry credentials: never required by the checker (auth is tested elsewhere). */
  authHeaders: string[];
}

const REST_PLATFORMS: Record<Exclude<PlatformId, "shopify">, RestPlatform> = {
  trendyol: {
    // Domestic (TR) before International: both describe the same order paths; the product is a TR seller tool.
    files: [
      "trendyol/spm-openapi-english.yml",
      "trendyol/openapi-domestic.yml",
      "trendyol/openapi-webhook.yml",
      "trendyol/qna-openapi-en.yml",
      "trendyol/openapi-muhasebe-domestic.yml",
      "trendyol/openapi-cargo-invoice-domestic.yml",
      "trendyol/openapi-common-label-english.yml",
      "trendyol/openapi-supplier-addresses-domestic-english.yml",
      "trendyol/openapi-invoice-integration-int.yml",
      "trendyol/openapi-test.yml",
      "trendyol/openapi-international.yml",
    ],
    authHeaders: ["authorization"],
  },
  ebay: {
    files: [
      "ebay/sell_inventory_v1_oas3.json",
      "ebay/sell_fulfillment_v1_oas3.json",
      "ebay/commerce_notification_v1_oas3.json",
      "ebay/sell_account_v1_oas3.json",
      "ebay/sell_finances_v1_oas3.json",
      "ebay/commerce_taxonomy_v1_oas3.json",
      "ebay/sell_metadata_v1_oas3.json",
      "ebay/sell_feed_v1_oas3.json",
      "ebay/developer_analytics_v1_beta_oas3.json",
      "supplement:ebay-identity",
    ],
    authHeaders: ["authorization"],
  },
  shipstation: {
    files: ["shipstation/shipstation-v1-openapi.thirdparty.yml", "shipstation/shipstation-v2-openapi.yaml"],
    authHeaders: ["authorization", "api-key"],
  },
  wildberries: {
    files: [
      "wildberries/01-general.yaml",
      "wildberries/02-products.yaml",
      "wildberries/03-orders-fbs.yaml",
      "wildberries/04-orders-dbw.yaml",
      "wildberries/05-orders-dbs.yaml",
      "wildberries/06-in-store-pickup.yaml",
      "wildberries/07-orders-fbw.yaml",
      "wildberries/08-promotion.yaml",
      "wildberries/09-communications.yaml",
      "wildberries/10-tariffs.yaml",
      "wildberries/11-analytics.yaml",
      "wildberries/12-reports.yaml",
      "wildberries/13-finances.yaml",
    ],
    authHeaders: ["authorization"],
  },
  ozon: { files: ["ozon/ozon-seller-api.swagger.json"], authHeaders: ["client-id", "api-key"] },
  "yandex-market": { files: ["yandex-market/openapi/openapi.yaml"], authHeaders: ["api-key", "authorization"] },
  sentos: { files: ["own:sentos.json"], authHeaders: ["authorization", "x-api-key", "x-api-secret"] },
  uzum: { files: ["own:uzum.json"], authHeaders: ["authorization"] },
};

/**
 * How a simulator path maps to a spec path, per platform. The simulator base `/sandbox/<platform>` stands for the
 * manifest's `baseUrls.production`; a spec file's operations live under `<server URL path> − <manifest base path>`.
 */
export const PATH_PREFIXES: Record<PlatformId, string> = {
  trendyol:
    "base https://apigw.trendyol.com/integration; spec servers …/integration → '' (products V2, orders, QnA, labels, addresses, invoice links, test), …/integration/webhook → '/webhook', …/integration/finance/che → '/finance/che'",
  shopify: "base https://{shop}.myshopify.com/admin/api/2025-01/graphql.json; POST '/' or '/admin/api/2025-01/graphql.json' → GraphQL Admin 2025-01",
  sentos: "base https://{company}.sentos.com.tr/api; own schema paths as is ('' prefix)",
  ebay: "base https://api.ebay.com; spec servers https://api{z}.ebay.com{basePath} → basePath, e.g. '/sell/inventory/v1', '/sell/fulfillment/v1', '/commerce/notification/v1', '/sell/finances/v1' (apiz host); '/identity/v1/oauth2/token' from the supplement",
  shipstation: "base https://ssapi.shipstation.com; v1 (ssapi) paths as is (''), v2 (https://api.shipstation.com) paths already start with '/v2/'",
  wildberries: "base https://{api}.wildberries.ru; '/<host-prefix>' from each operation's servers, e.g. '/content-api', '/discounts-prices-api', '/marketplace-api', '/statistics-api' ('-sandbox' hosts map to the same operations)",
  ozon: "base https://api-seller.ozon.ru; spec servers //api-seller.ozon.ru → ''",
  "yandex-market": "base https://api.partner.market.yandex.ru; spec servers same host → ''",
  uzum: "base https://api-seller.uzum.uz/api/seller-openapi; own schema paths as is ('')",
};

// ---------------------------------------------------------------------------------------------------------------
// Documented corrections. The specs are read as they are; these changes are applied in memory after loading and are
// the only places where the checker disagrees with a contract file. Each names its reason and source.

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface SpecCorrection {
  platform: PlatformId;
  file: string;
  change: string;
  reason: string;
  apply(doc: Json): void;
}

const ESC = (p: string) => p.replace(/~/g, "~0").replace(/\//g, "~1");

export const SPEC_CORRECTIONS: SpecCorrection[] = [
  {
    platform: "shipstation",
    file: "shipstation/shipstation-v1-openapi.thirdparty.yml",
    change: "POST /webhooks → POST /webhooks/subscribe (same operation subscribeToWebhook)",
    reason: "third-party reconstruction lists POST /webhooks; ShipStation's V1 docs say POST /webhooks/subscribe (specs/shipstation/SOURCE.md)",
    apply(doc) {
      const op = doc.paths?.["/webhooks"]?.post;
      if (!op) return;
      delete doc.paths["/webhooks"].post;
      doc.paths["/webhooks/subscribe"] = { ...(doc.paths["/webhooks/subscribe"] ?? {}), post: op };
    },
  },
  {
    platform: "shipstation",
    file: "shipstation/shipstation-v1-openapi.thirdparty.yml",
    change: "WebhookCreateRequest.store_id accepts a number (or null) as well as a string",
    reason: "V1 docs describe store_id as a store id number (example shows null); the reconstruction types it as string. Uncertain, so both are accepted",
    apply(doc) {
      const p = doc.components?.schemas?.WebhookCreateRequest?.properties;
      if (p?.store_id) p.store_id = { type: ["integer", "string", "null"] };
    },
  },
  {
    platform: "shipstation",
    file: "shipstation/shipstation-v1-openapi.thirdparty.yml",
    change: "POST /orders removed",
    reason: "invented by the reconstruction; V1 creates and updates orders with POST /orders/createorder (specs/shipstation/SOURCE.md)",
    apply(doc) {
      if (doc.paths?.["/orders"]?.post) delete doc.paths["/orders"].post;
    },
  },
  {
    platform: "shipstation",
    file: "shipstation/shipstation-v1-openapi.thirdparty.yml",
    change: "POST /orders/createlabelfororder added (operationId createLabelForOrder): body LabelCreateRequest with only orderId, carrierCode, serviceCode required; answer Label",
    reason: "omitted by the reconstruction (specs/shipstation/SOURCE.md); documented in MARKETPLACES.md and ShipStation's V1 docs. Required fields beyond these three are not certain",
    apply(doc) {
      const schemas = doc.components?.schemas ?? {};
      if (schemas.LabelCreateRequest) {
        schemas.LabelForOrderRequest = { ...schemas.LabelCreateRequest, required: ["orderId", "carrierCode", "serviceCode"] };
      }
      doc.paths["/orders/createlabelfororder"] = {
        post: {
          operationId: "createLabelForOrder",
          summary: "Create Label for Order (added by the Kervan contract checker)",
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/LabelForOrderRequest" } } } },
          responses: { "200": { description: "Label", content: { "application/json": { schema: { $ref: "#/components/schemas/Label" } } } } },
        },
      };
    },
  },
  {
    platform: "shipstation",
    file: "shipstation/shipstation-v1-openapi.thirdparty.yml",
    change: "GET /orders also takes storeID (integer) and importBatch (string)",
    reason: "the resource_url of an ORDER_NOTIFY webhook is GET /orders?storeID=…&importBatch=… (ShipStation V1 webhook docs; MARKETPLACES.md: the payload is only {resource_url, resource_type}, fetched with your credentials); the reconstruction omits both",
    apply(doc) {
      const op = doc.paths?.["/orders"]?.get;
      if (!op) return;
      op.parameters = [
        ...(op.parameters ?? []),
        { name: "storeID", in: "query", schema: { type: "integer" } },
        { name: "importBatch", in: "query", schema: { type: "string" } },
      ];
    },
  },
  {
    platform: "shipstation",
    file: "shipstation/shipstation-v1-openapi.thirdparty.yml",
    change: "every property of the component schemas may be null",
    reason: "V1 answers carry null for empty fields (shipByDate, company, street2, nickname …), as every example in ShipStation's V1 docs shows; the reconstruction declares plain types",
    apply(doc) {
      const nullable = (n: Json, depth = 0) => {
        if (!n || typeof n !== "object" || depth > 20) return;
        for (const prop of Object.values<Json>(n.properties ?? {})) {
          if (prop && typeof prop === "object" && !prop.$ref) {
            prop.nullable = true;
            nullable(prop, depth + 1);
            if (prop.items) nullable(prop.items, depth + 1);
          }
        }
      };
      for (const schema of Object.values<Json>(doc.components?.schemas ?? {})) nullable(schema);
    },
  },
  {
    platform: "trendyol",
    file: "trendyol/spm-openapi-english.yml",
    change: "getCategoryTree (GET /product/product-categories) answers {categories: Category[]}, not a bare array",
    reason: "the first-party documentation page for the same path (trendyol_docs_scrape_en_2025-12.md, 'getCategoryTree' sample response) shows the {categories:[…]} wrapper; the V2 yml's bare array is taken as its mistake (uncertain)",
    apply(doc) {
      const res = doc.paths?.["/product/product-categories"]?.get?.responses?.["200"]?.content?.["application/json"];
      if (!res?.schema) return;
      res.schema = { type: "object", required: ["categories"], properties: { categories: { type: "array", items: { $ref: "#/components/schemas/Category" } } } };
    },
  },
  {
    platform: "wildberries",
    file: "wildberries/01-general.yaml",
    change: "GET /ping is served on every API host, not only common-api",
    reason: "the operation's own description lists /ping on content-api, seller-analytics-api, discounts-prices-api, marketplace-api, statistics-api, advert-api, feedbacks-api, buyer-chat-api, supplies-api, returns-api, documents-api, finance-api, common-api, user-management-api",
    apply(doc) {
      const item = doc.paths?.["/ping"];
      if (!item) return;
      item.servers = [
        "content-api",
        "seller-analytics-api",
        "discounts-prices-api",
        "marketplace-api",
        "statistics-api",
        "advert-api",
        "feedbacks-api",
        "buyer-chat-api",
        "supplies-api",
        "returns-api",
        "documents-api",
        "finance-api",
        "common-api",
        "user-management-api",
      ].map((h) => ({ url: `https://${h}.wildberries.ru` }));
    },
  },
  {
    platform: "wildberries",
    file: "wildberries/02-products.yaml",
    change: "PUT /api/v3/stocks/{warehouseId}: every stocks[] item requires chrtId and amount",
    reason: "the operation's description says parameter names are not validated: wrong names get 204 and no stock changes (MARKETPLACES.md: the key is chrtId), so the contract test must insist on them",
    apply(doc) {
      const items = doc.paths?.["/api/v3/stocks/{warehouseId}"]?.put?.requestBody?.content?.["application/json"]?.schema?.properties?.stocks?.items;
      if (items) items.required = ["chrtId", "amount"];
    },
  },
  {
    platform: "trendyol",
    file: "trendyol/spm-openapi-english.yml",
    change: "PriceAndInventoryItem.quantity: minimum 0, maximum 20000",
    reason: "stated in the updatePriceAndInventory description ('maximum 20,000 stock per product') and MARKETPLACES.md, missing from the schema",
    apply(doc) {
      const q = doc.components?.schemas?.PriceAndInventoryItem?.properties?.quantity;
      if (q) Object.assign(q, { minimum: 0, maximum: 20000 });
    },
  },
  ...[
    "spm-openapi-english.yml",
    "openapi-domestic.yml",
    "openapi-webhook.yml",
    "qna-openapi-en.yml",
    "openapi-muhasebe-domestic.yml",
    "openapi-cargo-invoice-domestic.yml",
    "openapi-common-label-english.yml",
    "openapi-supplier-addresses-domestic-english.yml",
    "openapi-invoice-integration-int.yml",
    "openapi-test.yml",
    "openapi-international.yml",
  ].map(
    (file): SpecCorrection => ({
      platform: "trendyol",
      file: `trendyol/${file}`,
      change: "header User-Agent required on every operation, format '<sellerId> - <IntegratorName>' (name alphanumeric, ≤ 30 chars)",
      reason: "the securityScheme text and the docs scrape (authorization page) require it; without it Trendyol answers 403 (MARKETPLACES.md)",
      apply(doc) {
        for (const item of Object.values<Json>(doc.paths ?? {})) {
          for (const method of HTTP_METHODS) {
            const op = item?.[method];
            if (!op) continue;
            op.parameters = [
              ...(op.parameters ?? []),
              { name: "User-Agent", in: "header", required: true, schema: { type: "string", pattern: "^[0-9]+ - [A-Za-z0-9]{1,30}$" } },
            ];
          }
        }
      },
    }),
  ),
  {
    platform: "ozon",
    file: "ozon/ozon-seller-api.swagger.json",
    change: "productv2ProductsStocksRequestStock (POST /v2/products/stocks items): required [stock, warehouse_id] plus offer_id or product_id, instead of [product_id, quant_size, stock, warehouse_id]",
    reason: "quant_size is required but not declared (the description says stocks.quant_size was switched off on 2025-06-26); the description also says offer_id or product_id identifies the product (offer_id wins when both are sent)",
    apply(doc) {
      const s = doc.components?.schemas?.productv2ProductsStocksRequestStock;
      if (!s) return;
      s.required = ["stock", "warehouse_id"];
      s.anyOf = [{ required: ["offer_id"] }, { required: ["product_id"] }];
    },
  },
  {
    platform: "ozon",
    file: "ozon/ozon-seller-api.swagger.json",
    change: "POST /v1/analytics/product-queries/details: $ref '../../components/schemas/rpcStatus.yaml' → '#/components/schemas/rpcStatus'",
    reason: "dangling references to a file that is not part of the single-file swagger (left over from Ozon's multi-file sources)",
    apply(doc) {
      const fix = (n: Json) => {
        if (!n || typeof n !== "object") return;
        for (const [k, v] of Object.entries<Json>(n)) {
          if (k === "$ref" && v === "../../components/schemas/rpcStatus.yaml") n[k] = "#/components/schemas/rpcStatus";
          else fix(v);
        }
      };
      fix(doc.paths?.["/v1/analytics/product-queries/details"]);
    },
  },
  {
    platform: "ebay",
    file: "ebay/sell_inventory_v1_oas3.json",
    change: "bulk request arrays (bulk_update_price_quantity requests, bulk_create_or_replace_inventory_item / bulk_create_offer / bulk_publish_offer requests): maxItems 25",
    reason: "each call's description says 'up to 25'; MARKETPLACES.md lists 25 as the bulk maximum",
    apply(doc) {
      const s = doc.components?.schemas ?? {};
      for (const name of ["BulkPriceQuantity", "BulkInventoryItem", "BulkEbayOfferDetailsWithKeys", "BulkOffer"]) {
        const arr = s[name]?.properties?.requests;
        if (arr) arr.maxItems = 25;
      }
    },
  },
];

SPEC_CORRECTIONS.push(
  ...REST_PLATFORMS.wildberries.files.map(
    (file): SpecCorrection => ({
      platform: "wildberries",
      file,
      change: "format date-time → wb-date-time: RFC 3339 date, or date and time with optional fraction and optional offset",
      reason: "WB times are Moscow time without an offset, and statistics parameters take a date alone; the files' own parameter descriptions give '2019-06-20', '2019-06-20T23:59:59', '2019-06-20T00:00:00.12345' as examples of format date-time",
      apply(doc) {
        const walk = (n: Json) => {
          if (!n || typeof n !== "object") return;
          if (Array.isArray(n)) return n.forEach(walk);
          if (n.format === "date-time" && (n.type === "string" || n.type === undefined)) n.format = "wb-date-time";
          for (const [k, v] of Object.entries<Json>(n)) if (k !== "example" && k !== "examples") walk(v);
        };
        walk(doc);
      },
    }),
  ),
);

const EBAY_ERROR_BODY = {
  type: "object",
  properties: {
    errors: {
      type: "array",
      items: {
        type: "object",
        properties: {
          errorId: { type: "integer" },
          domain: { type: "string" },
          subdomain: { type: "string" },
          category: { type: "string" },
          message: { type: "string" },
          longMessage: { type: "string" },
          parameters: { type: "array", items: { type: "object", properties: { name: { type: "string" }, value: { type: "string" } } } },
        },
      },
    },
  },
};

/**
 * Answers a platform documents once for all calls (auth failures), not per operation in its contract files. Added to
 * every operation that does not list the status. Body schemas only where the shape is known.
 */
const PLATFORM_WIDE_RESPONSES: Array<{ platform: Exclude<PlatformId, "shopify">; files?: string[]; statuses: string[]; schema: Json; reason: string }> = [
  {
    platform: "ebay",
    statuses: ["401", "403"],
    schema: EBAY_ERROR_BODY,
    reason: "eBay documents 401 (invalid/expired token) and 403 (insufficient scope) once for all calls, not per operation in the OAS files; error body per MARKETPLACES.md",
  },
  {
    platform: "trendyol",
    statuses: ["401", "403"],
    schema: {},
    reason: "MARKETPLACES.md / docs scrape (authorization page): a bad key answers 401 ClientApiAuthenticationException and a request without the User-Agent answers 403, on every endpoint; body shape not specified",
  },
  {
    platform: "shipstation",
    statuses: ["401"],
    schema: {},
    reason: "ShipStation answers 401 to bad credentials on every V1 and V2 call (docs 'Authentication'); neither file lists it per operation; body shape not specified",
  },
  {
    platform: "shipstation",
    files: ["shipstation/shipstation-v1-openapi.thirdparty.yml"],
    statuses: ["400", "404"],
    schema: {},
    reason: "the V1 reconstruction lists no error answers at all; ShipStation's V1 docs (response codes) give 400 for invalid input and 404 for unknown resources on every call; body shape not specified",
  },
];

for (const wide of PLATFORM_WIDE_RESPONSES) {
  for (const file of wide.files ?? REST_PLATFORMS[wide.platform].files.filter((f) => !f.includes(":"))) {
    SPEC_CORRECTIONS.push({
      platform: wide.platform,
      file,
      change: `every operation may answer ${wide.statuses.join(" and ")}${Object.keys(wide.schema).length ? " with the platform's error body" : " (body not checked)"}`,
      reason: wide.reason,
      apply(doc) {
        for (const item of Object.values<Json>(doc.paths ?? {})) {
          for (const method of HTTP_METHODS) {
            const op = item?.[method];
            if (!op) continue;
            op.responses ??= {};
            for (const status of wide.statuses) {
              op.responses[status] ??= { description: "added by the Kervan contract checker", content: { "application/json": { schema: wide.schema } } };
            }
          }
        }
      },
    });
  }
}

/** Contracts we had to write because no spec file covers them; kept in memory, not on disk. */
const SUPPLEMENTS: Record<string, { platform: PlatformId; source: string; doc: Json }> = {
  "ebay-identity": {
    platform: "ebay",
    source: "MARKETPLACES.md (eBay OAuth) and https://developer.ebay.com/api-docs/static/oauth-refresh-token-request.html — no OAS file for the Identity API is in specs/ebay",
    doc: {
      openapi: "3.0.0",
      servers: [{ url: "https://api.ebay.com/identity/v1" }],
      paths: {
        "/oauth2/token": {
          post: {
            operationId: "getOAuthToken",
            requestBody: {
              required: true,
              content: {
                "application/x-www-form-urlencoded": {
                  schema: {
                    type: "object",
                    required: ["grant_type"],
                    properties: {
                      grant_type: { type: "string", enum: ["authorization_code", "refresh_token", "client_credentials"] },
                      refresh_token: { type: "string" },
                      code: { type: "string" },
                      redirect_uri: { type: "string" },
                      scope: { type: "string" },
                    },
                    additionalProperties: false,
                  },
                },
              },
            },
            responses: {
              "200": {
                content: {
                  "application/json": {
                    schema: {
                      type: "object",
                      required: ["access_token", "expires_in", "token_type"],
                      properties: {
                        access_token: { type: "string" },
                        expires_in: { type: "integer" },
                        token_type: { type: "string" },
                        refresh_token: { type: "string" },
                        refresh_token_expires_in: { type: "integer" },
                      },
                    },
                  },
                },
              },
              "4XX": {
                content: {
                  "application/json": {
                    schema: { type: "object", required: ["error"], properties: { error: { type: "string" }, error_description: { type: "string" } } },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Documents and $refs (process-wide caches)

const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;
const docs = new Map<string, Json>();

function specUri(file: string): string {
  if (file.startsWith("supplement:")) return `kervan-supplement:/${file.slice("supplement:".length)}`;
  if (file.startsWith("own:")) return pathToFileURL(path.join(OWN_SCHEMAS_DIR, file.slice(4))).href;
  return pathToFileURL(path.join(SPECS_DIR, file)).href;
}

function relativeSpecName(uri: string): string {
  if (uri.startsWith("kervan-supplement:")) return uri;
  const abs = fileURLToPath(uri);
  return abs.startsWith(SPECS_DIR) ? path.relative(SPECS_DIR, abs) : path.relative(PROJECT_ROOT, abs);
}

function loadDoc(uri: string): Json {
  const cached = docs.get(uri);
  if (cached !== undefined) return cached;
  let doc: Json;
  if (uri.startsWith("kervan-supplement:/")) {
    const s = SUPPLEMENTS[uri.slice("kervan-supplement:/".length)];
    if (!s) throw new Error(`unknown supplement ${uri}`);
    doc = structuredClone(s.doc);
  } else {
    const file = fileURLToPath(uri);
    const text = fs.readFileSync(file, "utf8");
    doc = /\.ya?ml$/i.test(file) ? YAML.parse(text, { maxAliasCount: -1 }) : JSON.parse(text);
    if (file.startsWith(OWN_SCHEMAS_DIR)) doc = ownSchemaToOpenApi(doc, file);
    const rel = relativeSpecName(uri);
    for (const c of SPEC_CORRECTIONS) if (c.file === rel) c.apply(doc);
    normalizeDoc(doc, /\/components\/schemas\//.test(uri));
  }
  docs.set(uri, doc);
  return doc;
}

/**
 * Our own schema files: { source, operations: { "GET /products": { query?, path?, headers?, request?, responses } } },
 * where query/path/headers are JSON Schemas of type object, request is the JSON body schema and responses maps a
 * status (or "2XX"/"default") to the JSON body schema, or null for "no body". Other top-level keys (definitions …)
 * stay, so "#/definitions/X" refs keep working.
 */
function ownSchemaToOpenApi(own: Json, file: string): Json {
  if (typeof own?.source !== "string" || !own.source.trim()) throw new Error(`${file}: a "source" naming where the facts come from is required`);
  // "operations" stays in the converted document: the generated operations point back into it for their schemas.
  const out: Json = { ...own, openapi: "3.0.3", paths: {} };
  for (const [key, spec] of Object.entries<Json>(own.operations ?? {})) {
    const m = /^(GET|PUT|POST|DELETE|PATCH) (\/\S*)$/.exec(key);
    if (!m) throw new Error(`${file}: operation key "${key}" must be "METHOD /path"`);
    const method = m[1]!.toLowerCase();
    const pathKey = m[2]!;
    const esc = encodePointer(["operations", key]);
    const parameters: Json[] = [];
    const fromObject = (where: "query" | "path" | "header", schemaKey: string) => {
      const obj = spec[schemaKey];
      for (const name of Object.keys(obj?.properties ?? {})) {
        parameters.push({
          name,
          in: where,
          required: where === "path" || (obj.required ?? []).includes(name),
          schema: { $ref: `#${pointerToUriFragment(`${esc}/${schemaKey}/properties/${ESC(name)}`)}` },
        });
      }
    };
    fromObject("query", "query");
    fromObject("path", "path");
    fromObject("header", "headers");
    for (const [, name] of pathKey.matchAll(/\{([^}]+)\}/g)) {
      if (!parameters.some((p) => p.in === "path" && p.name === name)) parameters.push({ name, in: "path", required: true, schema: { type: "string" } });
    }
    const op: Json = { operationId: spec.operationId ?? key, parameters };
    if (spec.request !== undefined) {
      op.requestBody = { required: spec.requestRequired ?? true, content: { "application/json": { schema: { $ref: `#${pointerToUriFragment(`${esc}/request`)}` } } } };
    }
    op.responses = {};
    for (const [status, schema] of Object.entries<Json>(spec.responses ?? {})) {
      op.responses[status] =
        schema === null
          ? { description: "no body" }
          : { description: "", content: { "application/json": { schema: { $ref: `#${pointerToUriFragment(`${esc}/responses/${ESC(status)}`)}` } } } };
    }
    out.paths[pathKey] = { ...(out.paths[pathKey] ?? {}), [method]: op };
  }
  return out;
}

/**
 * Generic repairs of schema-level defects that would stop ajv from compiling a schema (so the checker would check
 * nothing there). Applied only in schema positions, never to examples or parameter objects. Found in: Ozon (type
 * "int", "int64", "timestamp", "array of strings", "file"; `required: true` on properties; `enum: null`), Yandex Market
 * (OpenAPI 3.0 boolean exclusiveMinimum; `nullable` without `type`).
 */
export const SCHEMA_NORMALIZATIONS = [
  "OpenAPI 3.0 boolean exclusiveMinimum/exclusiveMaximum → JSON Schema numeric form",
  "nullable:true without type → anyOf [schema, {type:null}]",
  "type 'int'|'int32'|'int64'|'long' → integer, 'float'|'double' → number, 'timestamp'|'date'|'datetime'|'file'|'binary' → string, 'array of strings' → array of string, other non-JSON types dropped",
  "`required: true` on a property schema → the property is added to its parent's required list",
  "enum that is not an array → dropped; type that is neither a string nor an array (type: null) → dropped",
  "{type: array, items: null, $ref: X} → {type: array, items: {$ref: X}}",
  "x-nullable:true (Swagger 2 extension, ShipStation v2) → nullable:true",
  "additionalProperties:false beside allOf/anyOf/oneOf (ShipStation v2) → dropped: JSON Schema would reject every property declared in the combined schemas; request bodies are still checked for undeclared properties",
];

const TYPE_FIXES: Record<string, Json> = {
  int: { type: "integer" },
  int32: { type: "integer" },
  int64: { type: "integer" },
  long: { type: "integer" },
  float: { type: "number" },
  double: { type: "number" },
  timestamp: { type: "string" },
  date: { type: "string" },
  datetime: { type: "string" },
  file: { type: "string" },
  binary: { type: "string" },
  "array of strings": { type: "array", items: { type: "string" } },
};
const JSON_TYPES = new Set(["string", "number", "integer", "boolean", "array", "object", "null"]);

function normalizeDoc(doc: Json, rootIsSchema: boolean) {
  const seen = new Set<object>();
  const schema = (n: Json) => {
    if (!n || typeof n !== "object" || Array.isArray(n) || seen.has(n)) return;
    seen.add(n);
    if (n["x-nullable"] === true && n.nullable === undefined) n.nullable = true;
    // additionalProperties:false beside allOf/anyOf/oneOf rejects every property the combined schemas declare
    // (OpenAPI tools merge them, JSON Schema does not). Dropped; request bodies stay guarded by unknownProperties().
    if (n.additionalProperties === false && (n.allOf || n.anyOf || n.oneOf)) delete n.additionalProperties;
    if (n.type !== undefined && typeof n.type !== "string" && !Array.isArray(n.type)) delete n.type;
    if (n.items === null) {
      // Ozon: {type: array, items: null, $ref: X} means an array of X
      delete n.items;
      if (typeof n.$ref === "string" && n.type === "array") {
        n.items = { $ref: n.$ref };
        delete n.$ref;
      }
    }
    if (typeof n.type === "string" && !JSON_TYPES.has(n.type)) {
      const fix = TYPE_FIXES[n.type];
      delete n.type;
      if (fix) for (const [k, v] of Object.entries(fix)) if (n[k] === undefined) n[k] = v;
    }
    if ("enum" in n && !Array.isArray(n.enum)) delete n.enum;
    if (typeof n.exclusiveMinimum === "boolean") {
      if (n.exclusiveMinimum && typeof n.minimum === "number") {
        n.exclusiveMinimum = n.minimum;
        delete n.minimum;
      } else delete n.exclusiveMinimum;
    }
    if (typeof n.exclusiveMaximum === "boolean") {
      if (n.exclusiveMaximum && typeof n.maximum === "number") {
        n.exclusiveMaximum = n.maximum;
        delete n.maximum;
      } else delete n.exclusiveMaximum;
    }
    if (n.properties && typeof n.properties === "object") {
      for (const [name, prop] of Object.entries<Json>(n.properties)) {
        if (prop && typeof prop === "object" && typeof prop.required === "boolean") {
          if (prop.required) n.required = dedupe([...(Array.isArray(n.required) ? n.required : []), name]);
          delete prop.required;
        }
        schema(prop);
      }
    }
    if (n.required !== undefined && !Array.isArray(n.required)) delete n.required;
    for (const k of ["items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else"]) {
      if (Array.isArray(n[k])) n[k].forEach(schema);
      else schema(n[k]);
    }
    for (const k of ["allOf", "anyOf", "oneOf", "prefixItems"]) if (Array.isArray(n[k])) n[k].forEach(schema);
    for (const k of ["patternProperties", "definitions", "$defs"]) if (n[k] && typeof n[k] === "object") Object.values(n[k]).forEach(schema);
    if (n.nullable === true && n.type === undefined) {
      const inner: Json = { ...n };
      delete inner.nullable;
      for (const k of Object.keys(n)) delete n[k];
      n.anyOf = [inner, { type: "null" }];
    }
  };
  const other = (n: Json, parentKey: string) => {
    if (!n || typeof n !== "object") return;
    if (Array.isArray(n)) {
      n.forEach((x) => other(x, parentKey));
      return;
    }
    for (const [k, v] of Object.entries<Json>(n)) {
      if (k === "example" || k === "examples") continue;
      if (k === "schema") schema(v);
      else if (k === "schemas" && parentKey === "components" && v && typeof v === "object") Object.values(v).forEach(schema);
      else other(v, k);
    }
  };
  if (rootIsSchema) schema(doc);
  else other(doc, "");
}

function encodePointer(parts: string[]): string {
  return parts.map((p) => "/" + ESC(p)).join("");
}

function pointerToUriFragment(pointer: string): string {
  return pointer
    .split("/")
    .map((p) => encodeURIComponent(p).replace(/%7E/gi, "~"))
    .join("/");
}

function getAt(uri: string, pointer: string): Json {
  let node = loadDoc(uri);
  if (!pointer) return node;
  for (const raw of pointer.split("/").slice(1)) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object") return undefined;
    node = node[part];
  }
  return node;
}

function resolveRef(ref: string, baseUri: string): { uri: string; pointer: string } {
  const u = new URL(ref, baseUri);
  const pointer = decodeURIComponent(u.hash.slice(1));
  u.hash = "";
  return { uri: u.href, pointer };
}

interface Located {
  node: Json;
  uri: string;
  pointer: string;
}

/** Follows $ref chains; returns the node with the document and pointer it lives at. */
function deref(node: Json, uri: string, pointer: string): Located {
  for (let i = 0; i < 64 && node && typeof node === "object" && typeof node.$ref === "string"; i++) {
    const r = resolveRef(node.$ref, uri);
    uri = r.uri;
    pointer = r.pointer;
    node = getAt(uri, pointer);
  }
  return { node, uri, pointer };
}

// ---------------------------------------------------------------------------------------------------------------
// ajv: documents are added under their URI so relative and internal $refs resolve; validators compiled per pointer.

const Ajv = ((AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule) as typeof AjvModule;
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as typeof addFormatsModule;

let ajvInstance: InstanceType<typeof AjvModule> | undefined;
const ajvDocs = new Set<string>();
const validators = new Map<string, ValidateFunction | Error>();

function ajv() {
  if (!ajvInstance) {
    ajvInstance = new Ajv({
      strict: false,
      allErrors: true,
      verbose: true,
      validateSchema: false,
      logger: false,
      unicodeRegExp: false,
      // int64 ids beyond 2^53 arrive as numbers; don't reject on precision
    });
    addFormats(ajvInstance);
    // OpenAPI formats that ajv-formats does not know; accepted as annotations.
    for (const f of ["uint64", "uint32", "int8", "int16", "decimal", "string", "integer", "number", "time-zone"]) {
      ajvInstance.addFormat(f, true);
    }
    ajvInstance.addFormat("wb-date-time", /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i);
  }
  return ajvInstance;
}

function ensureAjvDoc(uri: string) {
  if (ajvDocs.has(uri)) return;
  ajvDocs.add(uri);
  let doc: Json;
  try {
    doc = loadDoc(uri);
  } catch {
    return; // a dangling file reference: only the operations that reach it fail to compile (reported as a warning)
  }
  // ajv compiles a document's root before resolving pointers into it, and resolves relative $refs inside a whole-file
  // target against the referring file unless the target carries $id. So: explicit $id, and no non-schema `required`
  // (parameter files have `required: true` at the root).
  const root: Json = { ...doc, $id: uri };
  if (root.required !== undefined && !Array.isArray(root.required)) delete root.required;
  ajv().addSchema(root, uri);
  const seen = new Set<string>();
  const walk = (n: Json) => {
    if (n === null || typeof n !== "object") return;
    if (Array.isArray(n)) {
      for (const x of n) walk(x);
      return;
    }
    for (const [k, v] of Object.entries(n)) {
      if (k === "$ref" && typeof v === "string" && !v.startsWith("#")) {
        const target = resolveRef(v, uri).uri;
        if (target !== uri) seen.add(target);
      } else if (k !== "example" && k !== "examples") walk(v);
    }
  };
  walk(doc);
  for (const t of seen) ensureAjvDoc(t);
}

function validatorFor(uri: string, pointer: string): ValidateFunction | Error {
  const key = `${uri}#${pointer}`;
  let v = validators.get(key);
  if (!v) {
    try {
      ensureAjvDoc(uri);
      v = ajv().compile({ $ref: `${uri}#${pointerToUriFragment(pointer)}` });
    } catch (err) {
      v = err instanceof Error ? err : new Error(String(err));
    }
    validators.set(key, v);
  }
  return v;
}

function short(value: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > 60 ? s.slice(0, 57) + "…" : s;
}

function formatAjvError(e: ErrorObject, where: string): string {
  const at = e.instancePath ? `${where} ${e.instancePath}` : where.endsWith("body") ? `${where} (root)` : where;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "required":
      return `${at}: missing required property '${String(p.missingProperty)}'`;
    case "additionalProperties":
      return `${at}: unknown property '${String(p.additionalProperty)}' (the contract allows no extra properties here)`;
    case "type":
      return `${at}: must be ${String(p.type)}, got ${short(e.data)}`;
    case "enum":
      return `${at}: must be one of ${short(p.allowedValues)}, got ${short(e.data)}`;
    case "format":
      return `${at}: must match format "${String(p.format)}", got ${short(e.data)}`;
    default:
      return `${at}: ${e.message ?? e.keyword}${e.data !== undefined && typeof e.data !== "object" ? `, got ${short(e.data)}` : ""}`;
  }
}

/** Validates data against the schema at uri#pointer; returns readable errors (readOnly/writeOnly rules applied). */
function validateAt(uri: string, pointer: string, data: unknown, where: string, side: "request" | "response", warnings: string[]): string[] {
  const v = validatorFor(uri, pointer);
  if (v instanceof Error) {
    warnings.push(`${where}: contract schema at ${relativeSpecName(uri)}#${pointer} could not be compiled (${v.message}); not checked`);
    return [];
  }
  if (v(data)) return [];
  const skipFlag = side === "request" ? "readOnly" : "writeOnly";
  const out: string[] = [];
  for (const e of v.errors ?? []) {
    if (e.keyword === "required" && propertyHasFlag(e, uri, skipFlag)) continue;
    // oneOf/anyOf summaries add nothing to the branch errors listed with them
    if (e.keyword === "if") continue;
    out.push(formatAjvError(e, where));
  }
  return dedupe(out);
}

function propertyHasFlag(e: ErrorObject, uri: string, flag: "readOnly" | "writeOnly"): boolean {
  const name = String((e.params as { missingProperty?: string }).missingProperty);
  const prop = (e.parentSchema as Json)?.properties?.[name];
  if (!prop) return false;
  if (prop[flag] === true) return true;
  try {
    const d = deref(prop, uri, "");
    return d.node?.[flag] === true || (Array.isArray(d.node?.allOf) && d.node.allOf.some((x: Json) => x?.[flag] === true));
  } catch {
    return false;
  }
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}

// ---------------------------------------------------------------------------------------------------------------
// Operations index per platform

interface OpEntry {
  platform: PlatformId;
  name: string;
  method: string;
  specPath: string;
  simTemplate: string;
  regex: RegExp;
  paramNames: string[];
  literalLength: number;
  fileIndex: number;
  op: Located;
  pathItem: Located;
  docUri: string;
  authHeaders: Set<string>;
}

const indexes = new Map<PlatformId, OpEntry[]>();

function urlPath(url: string): string {
  const u = new URL(url.replace(/\{[^}]+\}/g, "x"), "https://x.invalid");
  return u.pathname.replace(/\/+$/, "");
}

function serverUrl(server: Json): string {
  let url: string = server?.url ?? "";
  for (const [name, v] of Object.entries<Json>(server?.variables ?? {})) url = url.replace(`{${name}}`, String(v?.default ?? ""));
  return url;
}

function simulatorPrefixes(platform: PlatformId, servers: Json[] | undefined): string[] {
  const list = servers && servers.length > 0 ? servers : [{ url: PRODUCTION_BASES[platform] }];
  const out = new Set<string>();
  for (const s of list) {
    const url = serverUrl(s);
    if (platform === "wildberries") {
      const host = new URL(url, "https://x.invalid").hostname.split(".")[0]!;
      out.add(`/${host}${urlPath(url)}`);
      continue;
    }
    const base = urlPath(PRODUCTION_BASES[platform]);
    const p = urlPath(url);
    out.add(p.startsWith(base) ? p.slice(base.length) : p);
    if (platform !== "ebay") break; // first server is production; eBay lists api + apiz with the same path
  }
  return [...out];
}

function templateRegex(template: string): { regex: RegExp; names: string[]; literal: number } {
  const names: string[] = [];
  let literal = 0;
  const src = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const m = /^\{([^}]+)\}$/.exec(part);
      if (m) {
        names.push(m[1]!);
        return "([^/]+)";
      }
      literal += part.length;
      return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("");
  return { regex: new RegExp(`^${src}$`), names, literal };
}

function platformIndex(platform: Exclude<PlatformId, "shopify">): OpEntry[] {
  const cached = indexes.get(platform);
  if (cached) return cached;
  const cfg = REST_PLATFORMS[platform];
  const entries: OpEntry[] = [];
  cfg.files.forEach((file, fileIndex) => {
    const uri = specUri(file);
    const doc = loadDoc(uri);
    const auth = new Set(cfg.authHeaders);
    for (const scheme of Object.values<Json>(doc.components?.securitySchemes ?? {})) {
      if (scheme?.type === "apiKey" && scheme.in === "header" && typeof scheme.name === "string") auth.add(scheme.name.toLowerCase());
    }
    for (const [specPath, rawItem] of Object.entries<Json>(doc.paths ?? {})) {
      const item = deref(rawItem, uri, encodePointer(["paths", specPath]));
      for (const method of HTTP_METHODS) {
        const opNode = item.node?.[method];
        if (!opNode) continue;
        const opLoc: Located = { node: opNode, uri: item.uri, pointer: `${item.pointer}/${method}` };
        const servers = opNode.servers ?? item.node.servers ?? doc.servers;
        for (const prefix of simulatorPrefixes(platform, servers)) {
          const simTemplate = `${prefix}${specPath}`;
          const { regex, names, literal } = templateRegex(simTemplate);
          const fallbackName = `${method.toUpperCase()} ${platform === "wildberries" ? simTemplate : specPath}`;
          const name = platform === "wildberries" && specPath === "/ping" ? fallbackName : (opNode.operationId as string | undefined) ?? fallbackName;
          entries.push({
            platform,
            name,
            method: method.toUpperCase(),
            specPath,
            simTemplate,
            regex,
            paramNames: names,
            literalLength: literal,
            fileIndex,
            op: opLoc,
            pathItem: item,
            docUri: uri,
            authHeaders: auth,
          });
        }
      }
    }
  });
  indexes.set(platform, entries);
  return entries;
}

/** All operations the checker knows for a platform (for coverage reports). */
export function knownOperations(platform: PlatformId): string[] {
  if (platform === "shopify") return [];
  return dedupe(platformIndex(platform).map((e) => e.name));
}

/**
 * Compiles every schema of the given operations (all when omitted) and returns the ones that cannot be compiled,
 * i.e. the places where the checker would silently check nothing. Also warms the caches.
 */
export function contractDiagnostics(platform: PlatformId, operations?: string[]): string[] {
  if (platform === "shopify") {
    const schema = shopify();
    const problems: string[] = [];
    for (const name of operations ?? []) {
      const m = /^(query|mutation) (\S+)$/.exec(name);
      const root = m?.[1] === "mutation" ? schema.getMutationType() : schema.getQueryType();
      for (const field of m?.[2]?.split(",") ?? [""]) if (!root?.getFields()[field]) problems.push(`${name}: no such root field in the Admin ${SHOPIFY_API_VERSION} schema`);
    }
    return problems;
  }
  const problems: string[] = [];
  const want = operations ? new Set(operations) : undefined;
  const entries = platformIndex(platform).filter((e) => !want || want.has(e.name));
  if (want) for (const name of want) if (!entries.some((e) => e.name === name)) problems.push(`${name}: no such operation in the ${platform} contract`);
  const tryCompile = (what: string, loc: Located | undefined) => {
    if (!loc?.node) return;
    const v = validatorFor(loc.uri, loc.pointer);
    if (v instanceof Error) problems.push(`${what}: ${v.message}`);
  };
  for (const e of entries) {
    for (const p of collectParams(e)) tryCompile(`${e.name} ${p.in} parameter ${p.name}`, p.schema);
    const rb = e.op.node.requestBody ? deref(e.op.node.requestBody, e.op.uri, `${e.op.pointer}/requestBody`) : undefined;
    for (const mt of Object.keys(rb?.node?.content ?? {})) {
      tryCompile(`${e.name} request body ${mt}`, { node: rb!.node.content[mt].schema, uri: rb!.uri, pointer: `${rb!.pointer}/content/${ESC(mt)}/schema` });
    }
    for (const status of Object.keys(e.op.node.responses ?? {})) {
      const r = deref(e.op.node.responses[status], e.op.uri, `${e.op.pointer}/responses/${ESC(status)}`);
      for (const mt of Object.keys(r.node?.content ?? {}).filter(isJsonMediaType)) {
        tryCompile(`${e.name} response ${status}`, { node: r.node.content[mt].schema, uri: r.uri, pointer: `${r.pointer}/content/${ESC(mt)}/schema` });
      }
    }
  }
  return dedupe(problems);
}

// ---------------------------------------------------------------------------------------------------------------
// REST check

interface Param {
  name: string;
  in: string;
  required: boolean;
  schema?: Located;
  style?: string;
  explode?: boolean;
}

function collectParams(entry: OpEntry): Param[] {
  const byKey = new Map<string, Param>();
  const add = (list: Json, owner: Located, key: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((raw, i) => {
      const p = deref(raw, owner.uri, `${owner.pointer}/${key}/${i}`);
      if (!p.node || typeof p.node.name !== "string") return;
      let schema: Located | undefined;
      if (p.node.schema) schema = { node: p.node.schema, uri: p.uri, pointer: `${p.pointer}/schema` };
      else if (p.node.content) {
        const mt = Object.keys(p.node.content)[0];
        if (mt) schema = { node: p.node.content[mt].schema, uri: p.uri, pointer: `${p.pointer}/content/${ESC(mt)}/schema` };
      }
      const inLoc = String(p.node.in);
      byKey.set(`${inLoc}:${inLoc === "header" ? p.node.name.toLowerCase() : p.node.name}`, {
        name: p.node.name,
        in: inLoc,
        required: p.node.required === true || inLoc === "path",
        schema,
        style: p.node.style,
        explode: p.node.explode,
      });
    });
  };
  add(entry.pathItem.node.parameters, entry.pathItem, "parameters");
  add(entry.op.node.parameters, entry.op, "parameters");
  return [...byKey.values()];
}

function schemaTypes(schema: Located | undefined): string[] {
  if (!schema) return [];
  const d = deref(schema.node, schema.uri, schema.pointer);
  const n = d.node;
  if (!n || typeof n !== "object") return [];
  if (typeof n.type === "string") return [n.type];
  if (Array.isArray(n.type)) return n.type;
  for (const k of ["allOf", "oneOf", "anyOf"]) {
    if (Array.isArray(n[k])) return n[k].flatMap((s: Json, i: number) => schemaTypes({ node: s, uri: d.uri, pointer: `${d.pointer}/${k}/${i}` }));
  }
  return [];
}

function itemsSchema(schema: Located | undefined): Located | undefined {
  if (!schema) return undefined;
  const d = deref(schema.node, schema.uri, schema.pointer);
  return d.node?.items ? { node: d.node.items, uri: d.uri, pointer: `${d.pointer}/items` } : undefined;
}

function coerceScalar(value: string, types: string[]): unknown {
  if ((types.includes("integer") || types.includes("number")) && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value)) return Number(value);
  if (types.includes("boolean") && (value === "true" || value === "false")) return value === "true";
  if (types.includes("null") && value === "null") return null;
  return value;
}

function paramValue(param: Param, values: string[]): unknown {
  const types = schemaTypes(param.schema);
  if (types.includes("array")) {
    const itemTypes = schemaTypes(itemsSchema(param.schema));
    // explode unspecified and non-string items: accept both `a=1&a=2` and `a=1,2`
    const explode = param.explode ?? (itemTypes.includes("string") || itemTypes.length === 0 ? param.in === "query" || param.in === "cookie" : false);
    const parts = explode ? values : values.flatMap((v) => v.split(","));
    return parts.map((v) => coerceScalar(v, itemTypes));
  }
  return coerceScalar(values[values.length - 1]!, types);
}

function isJsonMediaType(mt: string): boolean {
  return /json/i.test(mt) || mt === "*/*";
}

function pickMediaType(content: Json, contentType: string | null): string | undefined {
  const keys = Object.keys(content ?? {});
  if (keys.length === 0) return undefined;
  const ct = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (ct) {
    const exact = keys.find((k) => k.toLowerCase() === ct);
    if (exact) return exact;
    const wild = keys.find((k) => k.toLowerCase() === `${ct.split("/")[0]}/*`) ?? keys.find((k) => k === "*/*");
    if (wild) return wild;
    if (/json/.test(ct)) return keys.find(isJsonMediaType);
    return undefined;
  }
  return keys.find(isJsonMediaType) ?? keys[0];
}

/**
 * Properties sent in a request body that the contract does not declare. ajv only rejects them where a schema says
 * additionalProperties:false, but platforms (WB stocks, most of all) silently ignore unknown names, so a typo means
 * nothing happens. Objects whose schema is open (additionalProperties true/schema) or free-form are not judged.
 */
function unknownProperties(schema: Located, data: unknown, at: string, out: string[], depth = 0) {
  if (depth > 40 || data === null || typeof data !== "object") return;
  const shapes = flattenShapes(schema, 0);
  if (shapes.length === 0) return;
  if (Array.isArray(data)) {
    const itemSchemas = shapes.filter((s) => s.node.items && typeof s.node.items === "object").map((s) => ({ node: s.node.items, uri: s.uri, pointer: `${s.pointer}/items` }));
    if (itemSchemas.length === 0) return;
    data.forEach((item, i) => unknownProperties(itemSchemas[0]!, item, `${at}/${i}`, out, depth + 1));
    return;
  }
  const declared = new Map<string, Located>();
  let open: Located | true | undefined;
  let closedByContract = false;
  let hasProperties = false;
  const patterns: RegExp[] = [];
  for (const s of shapes) {
    const n = s.node;
    if (n.properties && typeof n.properties === "object") {
      hasProperties = true;
      for (const [k, v] of Object.entries<Json>(n.properties)) {
        if (!declared.has(k)) declared.set(k, { node: v, uri: s.uri, pointer: `${s.pointer}/properties/${ESC(k)}` });
      }
    }
    if (n.patternProperties) for (const p of Object.keys(n.patternProperties)) patterns.push(new RegExp(p));
    if (n.additionalProperties === false) closedByContract = true;
    else if (n.additionalProperties === true) open = true;
    else if (n.additionalProperties && typeof n.additionalProperties === "object" && open === undefined) {
      open = { node: n.additionalProperties, uri: s.uri, pointer: `${s.pointer}/additionalProperties` };
    }
  }
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const known = declared.get(key);
    if (known) unknownProperties(known, value, `${at}/${key}`, out, depth + 1);
    else if (patterns.some((p) => p.test(key))) continue;
    else if (open && open !== true) unknownProperties(open, value, `${at}/${key}`, out, depth + 1);
    else if (!open && hasProperties && !closedByContract) out.push(`request body ${at || "(root)"}: unknown property '${key}' (not declared in the contract)`);
  }
}

function flattenShapes(schema: Located, depth: number): Located[] {
  if (depth > 20) return [];
  const d = deref(schema.node, schema.uri, schema.pointer);
  if (!d.node || typeof d.node !== "object") return [];
  const out: Located[] = [d];
  for (const k of ["allOf", "oneOf", "anyOf"]) {
    if (Array.isArray(d.node[k])) {
      d.node[k].forEach((s: Json, i: number) => out.push(...flattenShapes({ node: s, uri: d.uri, pointer: `${d.pointer}/${k}/${i}` }, depth + 1)));
    }
  }
  return out;
}

function findEntry(platform: Exclude<PlatformId, "shopify">, method: string, simPath: string): { entry?: OpEntry; params?: Record<string, string>; error?: string } {
  let p = simPath || "/";
  if (platform === "wildberries") p = p.replace(/^\/([a-z-]+?)-sandbox(?=\/)/, "/$1");
  const candidates: Array<{ e: OpEntry; m: RegExpExecArray }> = [];
  for (const e of platformIndex(platform)) {
    const m = e.regex.exec(p);
    if (m) candidates.push({ e, m });
  }
  if (candidates.length === 0) {
    return { error: `request: no operation in the ${platform} contract matches ${method} ${simPath}` };
  }
  const sameMethod = candidates.filter((c) => c.e.method === method);
  if (sameMethod.length === 0) {
    const allowed = dedupe(candidates.map((c) => c.e.method)).join(", ");
    return {
      entry: undefined,
      error: `request: method ${method} is not allowed on ${candidates[0]!.e.simTemplate} (the contract has ${allowed})`,
    };
  }
  sameMethod.sort((a, b) => a.e.fileIndex - b.e.fileIndex || a.e.paramNames.length - b.e.paramNames.length || b.e.literalLength - a.e.literalLength);
  const best = sameMethod[0]!;
  const params: Record<string, string> = {};
  best.e.paramNames.forEach((n, i) => {
    const raw = best.m[i + 1]!;
    try {
      params[n] = decodeURIComponent(raw);
    } catch {
      params[n] = raw;
    }
  });
  return { entry: best.e, params };
}

const UNDOCUMENTED_OK = (platform: PlatformId, status: number) => status === 429 || status >= 500 || (platform === "yandex-market" && status === 420);

function checkRest(platform: Exclude<PlatformId, "shopify">, ex: Exchange): ContractResult {
  const { request: req, response: res } = ex;
  const method = req.method.toUpperCase();
  const errors: string[] = [];
  const warnings: string[] = [];
  const found = findEntry(platform, method, req.path);
  const base = { platform, method, path: req.path, status: res.status, warnings };
  if (!found.entry) {
    return { ...base, operation: `${method} ${req.path}`, ok: false, errors: [found.error!], checked: { request: true, response: false } };
  }
  const entry = found.entry;
  const op = entry.op.node;

  // --- parameters
  const params = collectParams(entry);
  const declaredQuery = new Set<string>();
  for (const p of params) {
    if (p.in === "query") declaredQuery.add(p.name);
    let values: string[] = [];
    if (p.in === "path") values = found.params?.[p.name] !== undefined ? [found.params[p.name]!] : [];
    else if (p.in === "query") {
      values = req.query.getAll(p.name);
      if (values.length === 0) values = req.query.getAll(`${p.name}[]`);
    } else if (p.in === "header") {
      if (entry.authHeaders.has(p.name.toLowerCase())) continue;
      const h = req.headers.get(p.name);
      values = h === null ? [] : [h];
    } else continue;
    if (values.length === 0) {
      if (p.required) errors.push(`request: missing required ${p.in === "header" ? "header" : `${p.in} parameter`} '${p.name}'`);
      continue;
    }
    if (!p.schema) continue;
    if (p.style === "deepObject") continue;
    const value = paramValue(p, values);
    errors.push(...validateAt(p.schema.uri, p.schema.pointer, value, `request ${p.in} parameter '${p.name}'`, "request", warnings));
  }
  const deepObjects = params.filter((p) => p.in === "query" && p.style === "deepObject").map((p) => p.name);
  for (const key of dedupe([...req.query.keys()])) {
    const baseKey = key.endsWith("[]") ? key.slice(0, -2) : key;
    if (declaredQuery.has(baseKey)) continue;
    if (deepObjects.some((d) => key.startsWith(`${d}[`))) continue;
    const known = [...declaredQuery];
    errors.push(`request: unknown query parameter '${key}' (the contract declares ${known.length ? known.join(", ") : "none"})`);
  }

  // --- body
  const hasBody = req.rawBody.trim().length > 0;
  const rb = op.requestBody ? deref(op.requestBody, entry.op.uri, `${entry.op.pointer}/requestBody`) : undefined;
  if (!rb?.node) {
    if (hasBody) errors.push(`request: the contract declares no request body for ${entry.name}, but one was sent (${short(req.rawBody)})`);
  } else if (!hasBody) {
    if (rb.node.required === true) errors.push("request: body is required by the contract but none was sent");
  } else {
    const contentType = req.headers.get("content-type");
    const mt = pickMediaType(rb.node.content, contentType ?? (req.json !== undefined ? "application/json" : null));
    if (!mt) {
      errors.push(`request: content type '${contentType ?? "(none)"}' is not accepted (the contract takes ${Object.keys(rb.node.content ?? {}).join(", ") || "nothing"})`);
    } else {
      const schemaNode = rb.node.content[mt]?.schema;
      let data: unknown;
      let parsed = true;
      if (isJsonMediaType(mt)) {
        if (req.json !== undefined) data = req.json;
        else {
          try {
            data = JSON.parse(req.rawBody);
          } catch {
            parsed = false;
            errors.push(`request: body is not valid JSON (${short(req.rawBody)})`);
          }
        }
      } else if (/x-www-form-urlencoded/i.test(mt)) {
        data = Object.fromEntries(new URLSearchParams(req.rawBody));
      } else {
        parsed = false; // multipart / binary: media type checked, content not
      }
      if (parsed && schemaNode) {
        const loc: Located = { node: schemaNode, uri: rb.uri, pointer: `${rb.pointer}/content/${ESC(mt)}/schema` };
        errors.push(...validateAt(loc.uri, loc.pointer, data, "request body", "request", warnings));
        unknownProperties(loc, data, "", errors);
      }
    }
  }

  // --- response
  let responseChecked = false;
  const responses = op.responses ?? {};
  const statusKey = [String(res.status), `${String(res.status)[0]}XX`, `${String(res.status)[0]}xx`, "default"].find((k) => responses[k] !== undefined);
  if (!statusKey) {
    const documented = Object.keys(responses).join(", ") || "none";
    if (UNDOCUMENTED_OK(platform, res.status)) {
      warnings.push(`response: status ${res.status} is not documented for ${entry.name} (documented: ${documented}); accepted as the platform's rate-limit/server error, body not checked`);
    } else {
      errors.push(`response: status ${res.status} is not documented for ${entry.name} (documented: ${documented})`);
      responseChecked = true;
    }
  } else {
    responseChecked = true;
    const r = deref(responses[statusKey], entry.op.uri, `${entry.op.pointer}/responses/${ESC(statusKey)}`);
    const content = r.node?.content;
    const jsonType = content ? Object.keys(content).find(isJsonMediaType) : undefined;
    let body: unknown = res.json;
    let bodyPresent = res.json !== undefined;
    if (!bodyPresent && res.text !== undefined && res.text.length > 0) {
      bodyPresent = true;
      try {
        body = JSON.parse(res.text);
      } catch {
        if (jsonType) {
          warnings.push(`response: body is not valid JSON (${short(res.text)}), e.g. a malformed-body fault; body not checked`);
          responseChecked = false;
        }
        body = undefined;
      }
    }
    if (!content || Object.keys(content).length === 0) {
      if (bodyPresent && res.status === 204) errors.push(`response: status 204 must have no body, got ${short(res.json ?? res.text)}`);
    } else if (jsonType && body !== undefined) {
      const schemaNode = content[jsonType]?.schema;
      if (schemaNode) {
        errors.push(...validateAt(r.uri, `${r.pointer}/content/${ESC(jsonType)}/schema`, body, `response ${res.status} body`, "response", warnings));
      }
    } else if (jsonType && !bodyPresent && res.status < 300) {
      errors.push(`response: status ${res.status} must carry a JSON body per the contract, got none`);
    }
  }

  const finalErrors = cap(dedupe(errors));
  return { ...base, operation: entry.name, ok: finalErrors.length === 0, errors: finalErrors, checked: { request: true, response: responseChecked } };
}

function cap(errors: string[], max = 25): string[] {
  return errors.length > max ? [...errors.slice(0, max), `… and ${errors.length - max} more`] : errors;
}

// ---------------------------------------------------------------------------------------------------------------
// Shopify (GraphQL Admin 2025-01)

export const SHOPIFY_API_VERSION = "2025-01";
let shopifySchema: GraphQLSchema | undefined;

function shopify(): GraphQLSchema {
  if (!shopifySchema) {
    const file = path.join(SPECS_DIR, "shopify", `admin_schema_${SHOPIFY_API_VERSION}.json.gz`);
    const json = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString("utf8")) as { data: IntrospectionQuery };
    shopifySchema = buildClientSchema(json.data);
  }
  return shopifySchema;
}

function gqlOperationName(op: OperationDefinitionNode): string {
  const fields = op.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD).map((f) => f.name.value);
  return `${op.operation} ${dedupe(fields).sort().join(",") || "(fragments)"}`;
}

function checkShopify(ex: Exchange): ContractResult {
  const { request: req, response: res } = ex;
  const method = req.method.toUpperCase();
  const errors: string[] = [];
  const warnings: string[] = [];
  const base = { platform: "shopify" as const, method, path: req.path, status: res.status, warnings };
  let operation = `${method} ${req.path}`;

  const m = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(req.path);
  if (!(m || req.path === "/" || req.path === "")) {
    return { ...base, operation, ok: false, errors: [`request: ${req.path} is not the GraphQL Admin endpoint (POST /admin/api/${SHOPIFY_API_VERSION}/graphql.json)`], checked: { request: true, response: false } };
  }
  if (m && m[1] !== SHOPIFY_API_VERSION) errors.push(`request: API version ${m[1]} has no contract here (only ${SHOPIFY_API_VERSION}, the pinned version)`);
  if (method !== "POST") errors.push(`request: method ${method} is not allowed on the GraphQL endpoint (POST only)`);

  const schema = shopify();
  let opNode: OperationDefinitionNode | undefined;
  const body = req.json ?? safeJson(req.rawBody);
  if (!body || typeof body !== "object" || typeof (body as { query?: unknown }).query !== "string") {
    errors.push("request: body must be JSON {query, variables?, operationName?} with a string query");
  } else {
    const { query, variables, operationName } = body as { query: string; variables?: unknown; operationName?: string };
    try {
      const document = parse(query);
      const validation = validateGraphql(schema, document);
      errors.push(...validation.map((e) => `request: GraphQL ${e.message}${locationOf(e)}`));
      const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      opNode = operationName ? ops.find((o) => o.name?.value === operationName) : ops.length === 1 ? ops[0] : undefined;
      if (!opNode) errors.push(operationName ? `request: no operation named '${operationName}' in the document` : "request: the document has several operations but no operationName");
      else {
        operation = gqlOperationName(opNode);
        if (variables !== undefined && variables !== null && (typeof variables !== "object" || Array.isArray(variables))) {
          errors.push("request: variables must be a JSON object");
        } else if (validation.length === 0) {
          const coerced = getVariableValues(schema, opNode.variableDefinitions ?? [], (variables ?? {}) as Record<string, unknown>, { maxErrors: 25 });
          if (coerced.errors) errors.push(...coerced.errors.map((e) => `request: ${e.message}`));
          const declared = new Set((opNode.variableDefinitions ?? []).map((v) => v.variable.name.value));
          for (const k of Object.keys((variables ?? {}) as object)) if (!declared.has(k)) errors.push(`request: variable '$${k}' is not declared by the operation`);
        }
      }
    } catch (err) {
      errors.push(`request: GraphQL syntax error: ${err instanceof GraphQLError ? err.message + locationOf(err) : String(err)}`);
    }
  }

  // --- response
  let responseChecked = true;
  const resBody = res.json !== undefined ? res.json : res.text !== undefined ? safeJson(res.text) : undefined;
  if (res.status === 200) {
    if (resBody === undefined && res.text) {
      warnings.push(`response: body is not valid JSON (${short(res.text)}), e.g. a malformed-body fault; not checked`);
      responseChecked = false;
    } else if (!resBody || typeof resBody !== "object" || Array.isArray(resBody)) {
      errors.push("response: 200 body must be a JSON object with data and/or errors");
    } else {
      const b = resBody as { data?: unknown; errors?: unknown; extensions?: { cost?: Json } };
      const hasErrors = Array.isArray(b.errors) && b.errors.length > 0;
      if (b.errors !== undefined && !Array.isArray(b.errors)) errors.push("response: errors must be an array");
      if (Array.isArray(b.errors)) {
        b.errors.forEach((e: Json, i: number) => {
          if (!e || typeof e.message !== "string") errors.push(`response: errors/${i} must have a string message`);
        });
      }
      if (b.data === undefined && !hasErrors) errors.push("response: body has neither data nor errors");
      if (b.data !== undefined && b.data !== null && (typeof b.data !== "object" || Array.isArray(b.data))) errors.push("response: data must be an object");
      const cost = b.extensions?.cost;
      if (!cost || typeof cost !== "object") errors.push("response: extensions.cost is missing (every Admin API answer carries it)");
      else {
        for (const k of ["requestedQueryCost"]) if (typeof cost[k] !== "number") errors.push(`response: extensions.cost.${k} must be a number`);
        if (cost.actualQueryCost !== undefined && cost.actualQueryCost !== null && typeof cost.actualQueryCost !== "number") errors.push("response: extensions.cost.actualQueryCost must be a number or null");
        const t = cost.throttleStatus;
        if (!t || typeof t !== "object") errors.push("response: extensions.cost.throttleStatus is missing");
        else for (const k of ["maximumAvailable", "currentlyAvailable", "restoreRate"]) if (typeof t[k] !== "number") errors.push(`response: extensions.cost.throttleStatus.${k} must be a number`);
      }
      if (opNode && b.data && typeof b.data === "object" && errors.every((e) => !e.startsWith("request: GraphQL"))) {
        const root = opNode.operation === "mutation" ? schema.getMutationType() : opNode.operation === "subscription" ? schema.getSubscriptionType() : schema.getQueryType();
        if (root) checkSelection(schema, root, b.data as Record<string, unknown>, opNode.selectionSet, "response data", errors, hasErrors, fragmentsOf(body));
      }
    }
  } else if ([400, 401, 402, 403, 404, 423, 429].includes(res.status) || res.status >= 500) {
    if (res.status < 500 && res.status !== 429 && resBody !== undefined && (typeof resBody !== "object" || resBody === null || !("errors" in resBody))) {
      errors.push(`response: ${res.status} body must carry errors`);
    }
  } else {
    errors.push(`response: status ${res.status} is not an Admin API answer (200, 400, 401, 402, 403, 404, 423, 429, 5xx)`);
  }

  const finalErrors = cap(dedupe(errors));
  return { ...base, operation, ok: finalErrors.length === 0, errors: finalErrors, checked: { request: true, response: responseChecked } };
}

function safeJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function locationOf(e: GraphQLError): string {
  const l = e.locations?.[0];
  return l ? ` (line ${l.line}, column ${l.column})` : "";
}

function fragmentsOf(body: unknown): Map<string, FragmentDefinitionNode> {
  const map = new Map<string, FragmentDefinitionNode>();
  try {
    const doc = parse((body as { query: string }).query);
    for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) map.set(d.name.value, d);
  } catch {
    /* already reported */
  }
  return map;
}

interface Collected {
  fieldName: string;
  onType: GraphQLCompositeType;
  selectionSet?: SelectionSetNode;
  conditional: boolean;
}

function collectFields(
  schema: GraphQLSchema,
  type: GraphQLCompositeType,
  runtime: GraphQLObjectType | undefined,
  set: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  conditional: boolean,
  out: Map<string, Collected>,
) {
  for (const sel of set.selections) {
    const cond = conditional || (sel.directives ?? []).some((d) => d.name.value === "skip" || d.name.value === "include");
    if (sel.kind === Kind.FIELD) {
      const key = sel.alias?.value ?? sel.name.value;
      if (!out.has(key) || (out.get(key)!.conditional && !cond)) out.set(key, { fieldName: sel.name.value, onType: type, selectionSet: sel.selectionSet, conditional: cond });
      continue;
    }
    const typeName = sel.kind === Kind.INLINE_FRAGMENT ? sel.typeCondition?.name.value : fragments.get(sel.name.value)?.typeCondition.name.value;
    const fragSet = sel.kind === Kind.INLINE_FRAGMENT ? sel.selectionSet : fragments.get(sel.name.value)?.selectionSet;
    if (!fragSet) continue;
    const fragType = (typeName ? schema.getType(typeName) : type) as GraphQLCompositeType | undefined;
    if (!fragType || !isCompositeType(fragType)) continue;
    let applies: boolean | "maybe" = true;
    if (fragType !== type) {
      if (runtime) applies = fragType === runtime || (isAbstractType(fragType) && schema.isSubType(fragType, runtime));
      else applies = "maybe";
    }
    if (applies === false) continue;
    collectFields(schema, fragType, runtime, fragSet, fragments, cond || applies === "maybe", out);
  }
}

function checkSelection(
  schema: GraphQLSchema,
  type: GraphQLCompositeType,
  value: Record<string, unknown>,
  set: SelectionSetNode,
  at: string,
  errors: string[],
  partial: boolean,
  fragments: Map<string, FragmentDefinitionNode>,
) {
  if (errors.length > 40) return;
  let runtime: GraphQLObjectType | undefined = isObjectType(type) ? type : undefined;
  if (typeof value.__typename === "string") {
    const t = schema.getType(value.__typename);
    if (t && isObjectType(t)) {
      if (isAbstractType(type) && !schema.isSubType(type, t)) errors.push(`response: ${at}/__typename ${value.__typename} is not a ${type.name}`);
      runtime = t;
    }
  }
  const fields = new Map<string, Collected>();
  collectFields(schema, type, runtime, set, fragments, false, fields);
  for (const [key, v] of Object.entries(value)) {
    const c = fields.get(key);
    if (!c) {
      errors.push(`response: ${at}/${key} was not selected by the query`);
      continue;
    }
    if (c.fieldName === "__typename") {
      if (typeof v !== "string") errors.push(`response: ${at}/${key} must be a string`);
      continue;
    }
    const owner = (runtime && c.onType !== runtime && isAbstractType(c.onType) ? runtime : c.onType) as GraphQLCompositeType;
    const def = "getFields" in owner ? owner.getFields()[c.fieldName] : undefined;
    if (!def) continue;
    checkValue(schema, def.type, v, c.selectionSet, `${at}/${key}`, errors, partial, fragments);
  }
  if (!partial) {
    for (const [key, c] of fields) if (!c.conditional && !(key in value)) errors.push(`response: ${at}/${key} was selected but is missing`);
  }
}

function checkValue(
  schema: GraphQLSchema,
  type: GraphQLOutputType,
  value: unknown,
  set: SelectionSetNode | undefined,
  at: string,
  errors: string[],
  partial: boolean,
  fragments: Map<string, FragmentDefinitionNode>,
) {
  if (value === null || value === undefined) {
    if (isNonNullType(type) && !partial) errors.push(`response: ${at} is null but ${String(type)} is non-null`);
    return;
  }
  const t = getNullableType(type) as GraphQLOutputType;
  if (isListType(t)) {
    if (!Array.isArray(value)) {
      errors.push(`response: ${at} must be a list (${String(t)}), got ${short(value)}`);
      return;
    }
    value.forEach((item, i) => checkValue(schema, t.ofType as GraphQLOutputType, item, set, `${at}/${i}`, errors, partial, fragments));
    return;
  }
  if (isLeafType(t)) {
    const named = getNamedType(t);
    const ok =
      isEnumType(named)
        ? typeof value === "string" && named.getValue(value) !== undefined
        : named.name === "String" || named.name === "ID"
          ? typeof value === "string" || (named.name === "ID" && typeof value === "number")
          : named.name === "Int"
            ? Number.isInteger(value)
            : named.name === "Float"
              ? typeof value === "number"
              : named.name === "Boolean"
                ? typeof value === "boolean"
                : true; // custom scalars (DateTime, Money, JSON, URL …)
    if (!ok) errors.push(`response: ${at} must be ${named.name}, got ${short(value)}`);
    return;
  }
  if (isCompositeType(t)) {
    if (typeof value !== "object" || Array.isArray(value)) {
      errors.push(`response: ${at} must be an object (${t.name}), got ${short(value)}`);
      return;
    }
    if (set) checkSelection(schema, t, value as Record<string, unknown>, set, at, errors, partial, fragments);
  }
}

// ---------------------------------------------------------------------------------------------------------------

function checkExchange(exchange: Exchange): ContractResult {
  try {
    return exchange.platform === "shopify" ? checkShopify(exchange) : checkRest(exchange.platform, exchange);
  } catch (err) {
    return {
      platform: exchange.platform,
      operation: `${exchange.request.method} ${exchange.request.path}`,
      ok: false,
      errors: [`request: the checker failed: ${err instanceof Error ? err.message : String(err)}`],
      checked: { request: false, response: false },
      warnings: [],
      method: exchange.request.method,
      path: exchange.request.path,
      status: exchange.response.status,
    };
  }
}
