// Seed data of the Yandex Market sandbox: cabinets (businesses), their shops (campaigns), Api-Key tokens and catalogue.

/** Credentials that work against the Yandex Market simulator (header Api-Key; businessId and campaignId are settings). */
export const SANDBOX_ACCOUNTS = {
  /** A token with ALL_METHODS for the Kervan sandbox cabinet and its FBS shop. */
  primary: { apiKey: "ACMA:sandboxYandexKervanKey0001:a1b2c3d4", businessId: "7100200", campaignId: "21300400" },
  /** Same cabinet, a token limited to ALL_METHODS_READ_ONLY: reads work, writes answer 403. */
  readOnly: { apiKey: "ACMA:sandboxYandexReadOnlyKey002:e5f6a7b8", businessId: "7100200", campaignId: "21300400" },
  /** Same cabinet, a token the seller deleted: 401 "Api-Key token is revoked". */
  revoked: { apiKey: "ACMA:sandboxYandexRevokedKey0003:c9d0e1f2", businessId: "7100200", campaignId: "21300400" },
  /** Another cabinet, to prove a token never reaches someone else's shop. */
  other: { apiKey: "ACMA:sandboxYandexOtherKey000004:a3b4c5d6", businessId: "7100300", campaignId: "21300500" },
} as const;

export type YandexScope =
  | "ALL_METHODS"
  | "ALL_METHODS_READ_ONLY"
  | "INVENTORY_AND_ORDER_PROCESSING"
  | "INVENTORY_AND_ORDER_PROCESSING_READ_ONLY"
  | "PRICING"
  | "PRICING_READ_ONLY"
  | "OFFERS_AND_CARDS_MANAGEMENT"
  | "OFFERS_AND_CARDS_MANAGEMENT_READ_ONLY"
  | "SETTINGS_MANAGEMENT"
  | "FINANCE_AND_ACCOUNTING";

export interface YandexTokenSeed {
  apiKey: string;
  name: string;
  businessId: number;
  scopes: YandexScope[];
  revoked?: boolean;
}

export interface YandexOfferSeed {
  offerId: string;
  name: string;
  vendor: string;
  marketCategoryId: number;
  marketCategoryName: string;
  barcodes: string[];
  price: number;
  discountBase?: number;
  marketSku: number;
  archived?: boolean;
  /** Stock per campaign id. */
  stocks?: Record<number, number>;
}

export interface YandexOrderSeed {
  orderId: number;
  campaignId: number;
  status: string;
  substatus: string;
  creationDate: string;
  fake: boolean;
  items: Array<{ offerId: string; count: number }>;
}

export interface YandexBusinessSeed {
  id: number;
  name: string;
  campaigns: Array<{ id: number; domain: string; placementType: "FBS" | "FBY" | "DBS" | "LAAS" }>;
  offers: YandexOfferSeed[];
  orders: YandexOrderSeed[];
}

export interface YandexSeed {
  tokens: YandexTokenSeed[];
  businesses: YandexBusinessSeed[];
}

export function seedYandex(): YandexSeed {
  return {
    tokens: [
      { apiKey: SANDBOX_ACCOUNTS.primary.apiKey, name: "Kervan", businessId: 7100200, scopes: ["ALL_METHODS"] },
      { apiKey: SANDBOX_ACCOUNTS.readOnly.apiKey, name: "Kervan read-only", businessId: 7100200, scopes: ["ALL_METHODS_READ_ONLY"] },
      { apiKey: SANDBOX_ACCOUNTS.revoked.apiKey, name: "Old token", businessId: 7100200, scopes: ["ALL_METHODS"], revoked: true },
      { apiKey: SANDBOX_ACCOUNTS.other.apiKey, name: "Other", businessId: 7100300, scopes: ["ALL_METHODS"] },
    ],
    businesses: [
      {
        id: 7100200,
        name: "Kervan Sandbox Business",
        campaigns: [
          { id: 21300400, domain: "Kervan Sandbox Shop", placementType: "FBS" },
          { id: 21300401, domain: "Kervan Sandbox Express", placementType: "DBS" },
        ],
        offers: [
          {
            offerId: "KRV-TEA-001",
            name: "Çaykur Rize black tea, 500 g",
            vendor: "Çaykur",
            marketCategoryId: 15714630,
            marketCategoryName: "Чай",
            barcodes: ["8690123000011"],
            price: 590,
            discountBase: 690,
            marketSku: 101900000101,
            stocks: { 21300400: 40 },
          },
          {
            offerId: "KRV-TEA-002",
            name: "Turkish tea glasses, set of 6",
            vendor: "Paşabahçe",
            marketCategoryId: 90621,
            marketCategoryName: "Стаканы",
            barcodes: ["8690123000028"],
            price: 1290,
            marketSku: 101900000102,
            stocks: { 21300400: 12 },
          },
          {
            offerId: "KRV-CEZVE-01",
            name: "Copper cezve, 350 ml",
            vendor: "Kervan",
            marketCategoryId: 90610,
            marketCategoryName: "Турки",
            barcodes: ["8690123000035"],
            price: 2100,
            marketSku: 101900000103,
          },
        ],
        orders: [
          {
            orderId: 46000000001,
            campaignId: 21300400,
            status: "PROCESSING",
            substatus: "STARTED",
            creationDate: "2026-07-01T09:15:00Z",
            fake: false,
            items: [{ offerId: "KRV-TEA-001", count: 2 }],
          },
          {
            orderId: 46000000002,
            campaignId: 21300400,
            status: "DELIVERED",
            substatus: "DELIVERY_SERVICE_DELIVERED",
            creationDate: "2026-06-20T11:00:00Z",
            fake: true,
            items: [{ offerId: "KRV-TEA-002", count: 1 }],
          },
        ],
      },
      {
        id: 7100300,
        name: "Other Business",
        campaigns: [{ id: 21300500, domain: "Other Shop", placementType: "FBY" }],
        offers: [
          {
            offerId: "OTHER-1",
            name: "Someone else's product",
            vendor: "Other",
            marketCategoryId: 1,
            marketCategoryName: "Other",
            barcodes: [],
            price: 300,
            marketSku: 109999999999,
          },
        ],
        orders: [],
      },
    ],
  };
}
