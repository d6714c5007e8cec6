// Seed data of the Uzum Market sandbox: tokens, the shops each opens, products with SKUs, FBS orders.

/** Credentials that work against the Uzum simulator (header `Authorization: <token>`, no Bearer; shopId a setting). */
export const SANDBOX_ACCOUNTS = {
  /** A seller token that opens two shops. */
  primary: { token: "sandbox-uzum-token", shopId: "48200" },
  /** Another seller, to prove a token never reaches someone else's shop. */
  other: { token: "sandbox-uzum-other-token", shopId: "48300" },
} as const;

export interface UzumSkuSeed {
  skuId: number;
  skuTitle: string;
  barcode: string;
  sellerSkuCode: string;
  fullPrice: number;
  sellPrice: number;
  amount: number;
}

export interface UzumProductSeed {
  productId: number;
  title: string;
  category: string;
  skus: UzumSkuSeed[];
}

export interface UzumOrderSeed {
  id: number;
  status: string;
  dateCreated: string;
  items: Array<{ skuId: number; amount: number }>;
}

export interface UzumShopSeed {
  id: number;
  name: string;
  products: UzumProductSeed[];
  orders: UzumOrderSeed[];
}

export interface UzumSeed {
  tokens: Array<{ token: string; shopIds: number[] }>;
  shops: UzumShopSeed[];
}

export function seedUzum(): UzumSeed {
  const teaProducts: UzumProductSeed[] = [
    {
      productId: 1_480_001,
      title: "Çaykur Rize qora choy, 500 g",
      category: "Choy",
      skus: [{ skuId: 5_480_001, skuTitle: "500 g", barcode: "8690123000011", sellerSkuCode: "KRV-TEA-001", fullPrice: 89_000, sellPrice: 79_000, amount: 40 }],
    },
    {
      productId: 1_480_002,
      title: "Turk choy stakanlari, 6 dona",
      category: "Idish-tovoq",
      skus: [
        { skuId: 5_480_002, skuTitle: "Shaffof", barcode: "8690123000028", sellerSkuCode: "KRV-TEA-002-CLR", fullPrice: 150_000, sellPrice: 135_000, amount: 12 },
        { skuId: 5_480_003, skuTitle: "Oltin hoshiyali", barcode: "8690123000029", sellerSkuCode: "KRV-TEA-002-GLD", fullPrice: 180_000, sellPrice: 180_000, amount: 0 },
      ],
    },
  ];
  // Enough products for more than one page at the default size of 20.
  for (let i = 0; i < 23; i++) {
    teaProducts.push({
      productId: 1_481_000 + i,
      title: `Mis cezve ${i + 1}`,
      category: "Idish-tovoq",
      skus: [
        {
          skuId: 5_481_000 + i,
          skuTitle: "350 ml",
          barcode: `86901230100${String(i).padStart(2, "0")}`,
          sellerSkuCode: `KRV-CEZVE-${String(i + 1).padStart(2, "0")}`,
          fullPrice: 250_000,
          sellPrice: 230_000,
          amount: i,
        },
      ],
    });
  }
  return {
    tokens: [
      { token: SANDBOX_ACCOUNTS.primary.token, shopIds: [48200, 48201] },
      { token: SANDBOX_ACCOUNTS.other.token, shopIds: [48300] },
    ],
    shops: [
      {
        id: 48200,
        name: "Kervan Sandbox Do'kon",
        products: teaProducts,
        orders: [
          { id: 71_000_001, status: "CREATED", dateCreated: "2026-07-01T09:15:00Z", items: [{ skuId: 5_480_001, amount: 2 }] },
          { id: 71_000_002, status: "DELIVERED", dateCreated: "2026-06-20T11:00:00Z", items: [{ skuId: 5_480_002, amount: 1 }] },
        ],
      },
      { id: 48201, name: "Kervan Outlet", products: [], orders: [] },
      {
        id: 48300,
        name: "Boshqa do'kon",
        products: [{ productId: 1_490_001, title: "Boshqa mahsulot", category: "Boshqa", skus: [{ skuId: 5_490_001, skuTitle: "1", barcode: "4780000000011", sellerSkuCode: "OTHER-1", fullPrice: 10_000, sellPrice: 10_000, amount: 1 }] }],
        orders: [],
      },
    ],
  };
}
