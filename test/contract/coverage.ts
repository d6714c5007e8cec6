// Contract coverage: every check the contract checker makes is appended to a per-worker file under
// test-results/contract-coverage/ (vitest runs files in several workers); `npm run test:contract` merges them into
// test-results/contract-coverage.json and prints platform × operation × checked, plus how many of the operations
// the product uses (PRODUCT_OPERATIONS, from ../shared/MARKETPLACES.md) were exercised.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { threadId } from "node:worker_threads";
import { PLATFORM_IDS, type PlatformId } from "@/server/platforms/types";
import type { ContractResult } from "./checker";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const COVERAGE_DIR = path.join(ROOT, "test-results", "contract-coverage");
export const COVERAGE_FILE = path.join(ROOT, "test-results", "contract-coverage.json");

export interface CoverageRow {
  platform: PlatformId;
  operation: string;
  method: string;
  path: string;
  status: number;
  ok: boolean;
  /** A deliberate violation a test asked for (ContractChecker.tolerate): shown, not counted as failed. */
  tolerated?: boolean;
  checked: { request: boolean; response: boolean };
  errors: string[];
  warnings: string[];
}

/**
 * The operations the product calls, per platform, named the way the checker names them (operationId, or
 * "METHOD /path" — Wildberries with its host prefix; Shopify "query|mutation <root field>"). Source: MARKETPLACES.md.
 */
export const PRODUCT_OPERATIONS: Record<PlatformId, string[]> = {
  trendyol: [
    "createProducts",
    "updateUnapprovedProducts",
    "updateContentBulk",
    "updateVariantBulk",
    "updateDeliveryInfoBulk",
    "filterApprovedProducts",
    "filterUnapprovedProducts",
    "deleteProducts",
    "archiveProducts",
    "getBrands",
    "getBrandsByName",
    "getCategoryTree",
    "getCategoryAttributes",
    "getCategoryAttributeValues",
    "updatePriceAndInventory",
    "getBatchRequestResult",
    "getShipmentPackages",
    "getShipmentPackagesStream",
    "updatePackageStatus",
    "cancelOrderPackageItem",
    "splitShipmentPackage",
    "updateBoxInfo",
    "changeCargoProvider",
    "updateWarehouse",
    "createWebhook",
    "getWebhooks",
    "updateWebhook",
    "deleteWebhook",
    "activateWebhook",
    "deactivateWebhook",
    "getClaims",
    "approveClaimLineItems",
    "createClaimIssue",
    "getClaimIssueReasons",
    "getQuestionFilter",
    "answerQuestion",
    "getSettlements",
    "getOtherFinancials",
    "getCargoInvoiceItems",
    "createCommonLabel",
    "getCommonLabel",
    "sendInvoiceLink",
    "deleteInvoiceLink",
    "getSuppliersAddresses",
  ],
  shopify: [
    "query shop",
    "mutation productSet",
    "query productOperation",
    "mutation productVariantsBulkUpdate",
    "mutation inventorySetQuantities",
    "query orders",
    "mutation bulkOperationRunQuery",
    "mutation bulkOperationRunMutation",
    "mutation webhookSubscriptionCreate",
  ],
  sentos: [
    "GET /products",
    "GET /products/{id}",
    "POST /products",
    "PUT /products/{id}",
    "GET /warehouses",
    "GET /categories",
    "GET /orders",
    "POST /orders",
    "PUT /orders/{id}",
  ],
  ebay: [
    "getOAuthToken",
    "createOrReplaceInventoryItem",
    "getInventoryItems",
    "bulkCreateOrReplaceInventoryItem",
    "bulkCreateOffer",
    "bulkPublishOffer",
    "bulkUpdatePriceQuantity",
    "createOffer",
    "updateOffer",
    "publishOffer",
    "withdrawOffer",
    "getOrders",
    "createShippingFulfillment",
    "createDestination",
    "getPublicKey",
  ],
  shipstation: [
    "listOrders",
    "createOrder",
    "createLabelForOrder",
    "markOrderAsShipped",
    "subscribeToWebhook",
    "create_label",
    "create_webhook",
  ],
  wildberries: [
    "GET /content-api/ping",
    "GET /discounts-prices-api/ping",
    "GET /marketplace-api/ping",
    "GET /statistics-api/ping",
    "POST /content-api/content/v2/get/cards/list",
    "POST /content-api/content/v2/cards/upload",
    "POST /content-api/content/v2/cards/error/list",
    "POST /content-api/content/v2/cards/update",
    "POST /discounts-prices-api/api/v2/upload/task",
    "GET /discounts-prices-api/api/v2/history/tasks",
    "GET /marketplace-api/api/v3/warehouses",
    "PUT /marketplace-api/api/v3/stocks/{warehouseId}",
    "GET /marketplace-api/api/v3/orders/new",
    "GET /marketplace-api/api/v3/orders",
    "POST /marketplace-api/api/v3/orders/status",
    "POST /marketplace-api/api/v3/supplies",
    "PATCH /marketplace-api/api/marketplace/v3/supplies/{supplyId}/orders",
    "PATCH /marketplace-api/api/v3/orders/{orderId}/cancel",
  ],
  ozon: [
    "ProductAPI_GetProductList",
    "ProductAPI_ImportProductsV3",
    "ProductAPI_GetImportProductsInfo",
    "ProductAPI_ProductsStocksV2",
    "ProductAPI_ImportProductsPrices",
    "PostingAPI_GetFbsPostingListV3",
    "PostingAPI_GetFbsPostingUnfulfilledList",
    "PostingAPI_ShipFbsPostingV4",
    "PostingAPI_CancelFbsPosting",
    "PostingAPI_GetFboPostingList",
  ],
  "yandex-market": [
    "getCampaigns",
    "getOfferMappings",
    "updateOfferMappings",
    "updateBusinessPrices",
    "updateStocks",
    "getBusinessOrders",
    "updateOrderStatus",
    "updateOrderStatuses",
  ],
  uzum: [
    "GET /v1/shops",
    "GET /v1/product/shop/{shopId}",
    "POST /v1/product/{shopId}/sendPriceData",
    "POST /v2/fbs/sku/stocks",
    "GET /v3/fbs/sku/stocks",
    "GET /v2/fbs/orders",
    "POST /v1/fbs/order/{id}/confirm",
    "POST /v1/fbs/order/{id}/cancel",
  ],
};

/** Appends one result to this worker's file (synchronous: results survive a crashing test). */
export function appendCoverage(result: ContractResult): void {
  const row: CoverageRow = {
    platform: result.platform,
    operation: result.operation,
    method: result.method,
    path: result.path,
    status: result.status,
    ok: result.ok,
    ...(result.tolerated ? { tolerated: true } : {}),
    checked: result.checked,
    errors: result.errors,
    warnings: result.warnings,
  };
  fs.mkdirSync(COVERAGE_DIR, { recursive: true });
  fs.appendFileSync(path.join(COVERAGE_DIR, `${process.pid}-${threadId}.jsonl`), JSON.stringify(row) + "\n");
}

/** Removes earlier per-worker files and the merged file (start of a run). */
export function resetCoverage(): void {
  fs.rmSync(COVERAGE_DIR, { recursive: true, force: true });
  fs.rmSync(COVERAGE_FILE, { force: true });
}

/** Reads every per-worker file, writes the merged test-results/contract-coverage.json and returns the rows. */
export function mergeCoverage(): CoverageRow[] {
  const rows: CoverageRow[] = [];
  if (fs.existsSync(COVERAGE_DIR)) {
    for (const file of fs.readdirSync(COVERAGE_DIR).filter((f) => f.endsWith(".jsonl")).sort()) {
      for (const line of fs.readFileSync(path.join(COVERAGE_DIR, file), "utf8").split("\n")) {
        if (!line.trim()) continue;
        try {
          rows.push(JSON.parse(line) as CoverageRow);
        } catch {
          /* a worker killed mid-line: skip the fragment */
        }
      }
    }
  }
  fs.mkdirSync(path.dirname(COVERAGE_FILE), { recursive: true });
  fs.writeFileSync(COVERAGE_FILE, JSON.stringify({ generatedAt: new Date().toISOString(), results: rows, summary: summarize(rows) }, null, 2) + "\n");
  return rows;
}

export interface OperationSummary {
  platform: PlatformId;
  operation: string;
  calls: number;
  failed: number;
  tolerated: number;
  request: "ok" | "failed" | "unchecked";
  response: "ok" | "failed" | "unchecked";
  firstError?: string;
}

export function summarize(rows: CoverageRow[]): OperationSummary[] {
  const byKey = new Map<string, OperationSummary>();
  for (const r of rows) {
    const key = `${r.platform}\u0000${r.operation}`;
    let s = byKey.get(key);
    if (!s) {
      s = { platform: r.platform, operation: r.operation, calls: 0, failed: 0, tolerated: 0, request: "unchecked", response: "unchecked" };
      byKey.set(key, s);
    }
    s.calls++;
    if (r.tolerated) {
      s.tolerated++;
      continue; // a deliberate violation says nothing about the contract's request/response columns
    }
    if (!r.ok) s.failed++;
    const reqErr = r.errors.some((e) => e.startsWith("request"));
    const resErr = r.errors.some((e) => e.startsWith("response"));
    if (reqErr) s.request = "failed";
    else if (r.checked.request && s.request === "unchecked") s.request = "ok";
    if (resErr) s.response = "failed";
    else if (r.checked.response && s.response === "unchecked") s.response = "ok";
    if (!s.firstError && r.errors[0]) s.firstError = `${r.method} ${r.path} → ${r.status}: ${r.errors[0]}`;
  }
  const order = (p: PlatformId) => PLATFORM_IDS.indexOf(p);
  return [...byKey.values()].sort((a, b) => order(a.platform) - order(b.platform) || a.operation.localeCompare(b.operation));
}

/** Whether a recorded operation counts for a product operation (Shopify: same type, root field among those queried). */
export function operationMatches(productOp: string, recorded: string): boolean {
  if (productOp === recorded) return true;
  const p = /^(query|mutation) (\S+)$/.exec(productOp);
  const r = /^(query|mutation) (\S+)$/.exec(recorded);
  return !!p && !!r && p[1] === r[1] && r[2]!.split(",").includes(p[2]!);
}

const mark = (state: OperationSummary["request"], label: string) => (state === "ok" ? `✓ ${label}` : state === "failed" ? `✗ ${label}` : `– ${label}`);

export function formatCoverage(rows: CoverageRow[]): { text: string; failedChecks: number } {
  const summary = summarize(rows);
  const failedChecks = rows.filter((r) => !r.ok && !r.tolerated).length;
  const toleratedChecks = rows.filter((r) => r.tolerated).length;
  const lines: string[] = [];
  lines.push(`Contract coverage: ${rows.length} exchanges checked, ${failedChecks} failed${toleratedChecks ? `, ${toleratedChecks} deliberate violations tolerated` : ""}`);
  if (summary.length === 0) lines.push("  (no exchanges were recorded: no test sent requests through a contract-checked simulator)");
  else {
    const w1 = Math.max(8, ...summary.map((s) => s.platform.length));
    const w2 = Math.min(70, Math.max(9, ...summary.map((s) => s.operation.length)));
    const fit = (s: string, w: number) => (s.length > w ? s.slice(0, w - 1) + "…" : s.padEnd(w));
    lines.push(`${"platform".padEnd(w1)}  ${"operation".padEnd(w2)}  calls  ${"request".padEnd(10)}  ${"response".padEnd(10)}  result`);
    lines.push(`${"-".repeat(w1)}  ${"-".repeat(w2)}  -----  ${"-".repeat(10)}  ${"-".repeat(10)}  ------`);
    for (const s of summary) {
      const tolerated = s.tolerated > 0 ? ` (${s.tolerated} deliberate violation${s.tolerated > 1 ? "s" : ""} tolerated)` : "";
      const result = (s.failed === 0 ? "ok" : `✗ ${s.failed} failed: ${s.firstError ?? ""}`) + tolerated;
      lines.push(
        `${s.platform.padEnd(w1)}  ${fit(s.operation, w2)}  ${String(s.calls).padStart(5)}  ${mark(s.request, "request").padEnd(10)}  ${mark(s.response, "response").padEnd(10)}  ${result}`,
      );
    }
  }
  lines.push("");
  lines.push("Operations the product uses (MARKETPLACES.md) that were exercised:");
  for (const platform of PLATFORM_IDS) {
    const wanted = PRODUCT_OPERATIONS[platform];
    const recorded = dedupe(rows.filter((r) => r.platform === platform).map((r) => r.operation));
    const done = wanted.filter((w) => recorded.some((r) => operationMatches(w, r)));
    const missing = wanted.filter((w) => !done.includes(w));
    const extra = recorded.filter((r) => !wanted.some((w) => operationMatches(w, r)));
    let line = `  ${platform.padEnd(14)} ${String(done.length).padStart(2)}/${wanted.length}`;
    if (missing.length > 0) line += `  not exercised: ${missing.join(", ")}`;
    if (extra.length > 0) line += `  | also called: ${extra.join(", ")}`;
    lines.push(line);
  }
  return { text: lines.join("\n"), failedChecks };
}

function dedupe<T>(list: T[]): T[] {
  return [...new Set(list)];
}
