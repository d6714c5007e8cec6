// Seed data of the Ozon sandbox: the accounts and what each holds when the simulator starts or is reset.

/** Credentials that work against the Ozon simulator (headers Client-Id and Api-Key). */
export const SANDBOX_ACCOUNTS = {
  /** A seller whose key has the Admin role: every simulated method. */
  primary: { clientId: "100200", apiKey: "sandbox-ozon-key" },
  /** Same seller, a key whose only role (Finance) opens none of the catalog, stock, order or warehouse methods. */
  financeOnly: { clientId: "100200", apiKey: "sandbox-ozon-finance-key" },
  /** Same seller, a key the seller deactivated in the cabinet. */
  deactivated: { clientId: "100200", apiKey: "sandbox-ozon-deactivated-key" },
  /** A second seller, to prove one Client-Id never sees another's data. */
  other: { clientId: "100300", apiKey: "sandbox-ozon-other-key" },
} as const;

/** Role name → the methods it opens, as POST /v1/roles reports them. */
export const OZON_ROLES: Record<string, string[]> = {
  Admin: [
    "/v1/roles",
    "/v1/warehouse/list",
    "/v3/product/list",
    "/v3/product/import",
    "/v1/product/import/info",
    "/v2/products/stocks",
    "/v1/product/import/prices",
    "/v3/posting/fbs/list",
    "/v3/posting/fbs/unfulfilled/list",
  ],
  Finance: ["/v1/roles", "/v3/finance/transaction/list", "/v3/finance/transaction/totals"],
};

export interface OzonKeySeed {
  apiKey: string;
  name: string;
  roles: string[];
  deactivated?: boolean;
}

export interface OzonWarehouseSeed {
  warehouse_id: number;
  name: string;
  is_rfbs: boolean;
}

export interface OzonProductSeed {
  product_id: number;
  offer_id: string;
  sku: number;
  name: string;
  barcode: string;
  description_category_id: number;
  type_id: number;
  price: string;
  old_price: string;
  currency_code: string;
  vat: string;
  archived?: boolean;
  /** Stock per warehouse id. */
  stocks?: Record<number, number>;
}

export interface OzonPostingSeed {
  posting_number: string;
  order_id: number;
  status: string;
  in_process_at: string;
  shipment_date: string;
  warehouse_id: number;
  products: Array<{ offer_id: string; quantity: number }>;
}

export interface OzonAccountSeed {
  clientId: string;
  keys: OzonKeySeed[];
  warehouses: OzonWarehouseSeed[];
  products: OzonProductSeed[];
  postings: OzonPostingSeed[];
}

const productBase = { description_category_id: 17028922, type_id: 91565, currency_code: "RUB", vat: "0.2" };

export function seedAccounts(): OzonAccountSeed[] {
  return [
    {
      clientId: SANDBOX_ACCOUNTS.primary.clientId,
      keys: [
        { apiKey: SANDBOX_ACCOUNTS.primary.apiKey, name: "Kervan", roles: ["Admin"] },
        { apiKey: SANDBOX_ACCOUNTS.financeOnly.apiKey, name: "Accounting", roles: ["Finance"] },
        { apiKey: SANDBOX_ACCOUNTS.deactivated.apiKey, name: "Old integration", roles: ["Admin"], deactivated: true },
      ],
      warehouses: [
        { warehouse_id: 22000000000101, name: "Kervan Moscow FBS", is_rfbs: false },
        { warehouse_id: 22000000000102, name: "Kervan Kazan rFBS", is_rfbs: true },
      ],
      products: [
        {
          ...productBase,
          product_id: 900000101,
          offer_id: "KRV-TEA-001",
          sku: 1900000101,
          name: "Çaykur Rize black tea, 500 g",
          barcode: "8690123000011",
          price: "590",
          old_price: "690",
          stocks: { 22000000000101: 40 },
        },
        {
          ...productBase,
          product_id: 900000102,
          offer_id: "KRV-TEA-002",
          sku: 1900000102,
          name: "Turkish tea glasses, set of 6",
          barcode: "8690123000028",
          price: "1290",
          old_price: "1490",
          stocks: { 22000000000101: 12, 22000000000102: 3 },
        },
        {
          ...productBase,
          product_id: 900000103,
          offer_id: "KRV-CEZVE-01",
          sku: 1900000103,
          name: "Copper cezve, 350 ml",
          barcode: "8690123000035",
          price: "2100",
          old_price: "0",
          stocks: {},
        },
        {
          ...productBase,
          product_id: 900000104,
          offer_id: "KRV-OLD-999",
          sku: 1900000104,
          name: "Archived sample",
          barcode: "8690123000042",
          price: "100",
          old_price: "0",
          archived: true,
        },
      ],
      postings: [
        {
          posting_number: "39268230-0001-1",
          order_id: 39268230001,
          status: "awaiting_packaging",
          in_process_at: "2026-07-01T09:15:00Z",
          shipment_date: "2026-07-02T14:00:00Z",
          warehouse_id: 22000000000101,
          products: [{ offer_id: "KRV-TEA-001", quantity: 2 }],
        },
        {
          posting_number: "39268230-0002-1",
          order_id: 39268230002,
          status: "delivered",
          in_process_at: "2026-06-20T11:00:00Z",
          shipment_date: "2026-06-21T14:00:00Z",
          warehouse_id: 22000000000101,
          products: [
            { offer_id: "KRV-TEA-002", quantity: 1 },
            { offer_id: "KRV-TEA-001", quantity: 1 },
          ],
        },
      ],
    },
    {
      clientId: SANDBOX_ACCOUNTS.other.clientId,
      keys: [{ apiKey: SANDBOX_ACCOUNTS.other.apiKey, name: "Other seller", roles: ["Admin"] }],
      warehouses: [{ warehouse_id: 22000000000301, name: "Other seller FBS", is_rfbs: false }],
      products: [
        {
          ...productBase,
          product_id: 900000301,
          offer_id: "OTHER-1",
          sku: 1900000301,
          name: "Someone else's product",
          barcode: "4600000000019",
          price: "300",
          old_price: "0",
        },
      ],
      postings: [],
    },
  ];
}
