import type { PlatformManifest } from "../types";

const PATHS = "specs/yandex-market/openapi/paths";
const SCHEMAS = "specs/yandex-market/openapi/components/schemas";

export const manifest = {
  id: "yandex-market",
  name: "Yandex Market",
  region: "RU/CIS",
  kind: "marketplace",
  docsUrl: "https://yandex.ru/dev/market/partner-api/doc/ru/",
  authType: "header-token",
  authDescription: "Header Api-Key: <token> (OAuth is deprecated); no sandbox, test orders carry fake=true.",
  baseUrls: { production: "https://api.partner.market.yandex.ru" },
  fields: [
    { key: "apiKey", kind: "secret", secret: true, required: true },
    {
      key: "businessId",
      kind: "text",
      secret: false,
      required: true,
      pattern: { regex: "^[0-9]+$", messageKey: "validation.yandex-market.businessId" },
      placeholder: "12345678",
    },
    {
      key: "campaignId",
      kind: "text",
      secret: false,
      required: true,
      pattern: { regex: "^[0-9]+$", messageKey: "validation.yandex-market.campaignId" },
      placeholder: "21234567",
    },
  ],
  // Quotas from x-resource-limit-config count items, not requests, where the scope says so.
  rateLimits: [
    {
      scope: "business orders list (requests)",
      requests: 10_000,
      perSeconds: 3600,
      source: `${PATHS}/v1_businesses_businessId_orders.yaml`,
      note: "at most 4 parallel requests per campaign or business (6 for this method), else 420",
    },
    { scope: "stocks update (SKUs)", requests: 100_000, perSeconds: 60, source: `${PATHS}/v2_campaigns_campaignId_offers_stocks.yaml` },
    { scope: "business prices update (offers)", requests: 10_000, perSeconds: 60, source: `${PATHS}/v2_businesses_businessId_offer-prices_updates.yaml` },
    { scope: "offer mappings update (offers)", requests: 5_000, perSeconds: 60, source: `${PATHS}/v2_businesses_businessId_offer-mappings_update.yaml`, note: "10,000 on the medium tier" },
    { scope: "order status batch update (orders)", requests: 10_000, perSeconds: 3600, source: `${PATHS}/v2_campaigns_campaignId_orders_status-update.yaml` },
  ],
  batchLimits: [
    // Schema allows 500 but its description says to send no more than 100 already.
    { operation: "offer-mappings update", maxItems: 100, source: `${SCHEMAS}/UpdateOfferMappingsRequest.yaml` },
    { operation: "offer-mappings list page size", maxItems: 100, source: "MARKETPLACES.md" },
    { operation: "business offer prices update", maxItems: 500, source: `${SCHEMAS}/UpdateBusinessPricesRequest.yaml` },
    { operation: "stocks (skus)", maxItems: 2000, source: `${SCHEMAS}/UpdateStocksRequest.yaml` },
    { operation: "business orders page size", maxItems: 50, source: "MARKETPLACES.md" },
    { operation: "orders status-update", maxItems: 30, source: `${SCHEMAS}/UpdateOrderStatusesRequest.yaml` },
  ],
  webhooks: {
    supported: true,
    authentication:
      "Not signed: accept only from 5.45.207.0/25, 141.8.142.0/25, 5.255.253.0/25; PING answered 200 within 1 s; duplicates happen.",
  },
  capabilities: ["products", "stock", "prices", "orders", "webhooks"],
} satisfies PlatformManifest;
