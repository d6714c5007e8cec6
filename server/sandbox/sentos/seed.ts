// Seed data for the Sentos simulator. No official contract exists: shapes follow the community C# client
// (github.com/secgin/SentosApiLibrary, commit 472b1228) and MARKETPLACES.md; see the simulator header.

/** How a tenant expects credentials; each simulated tenant accepts exactly one. */
export type SentosAuthScheme = "basic" | "x-api-key" | "bearer" | "token";

export const SENTOS_AUTH_SCHEMES: readonly SentosAuthScheme[] = ["basic", "x-api-key", "bearer", "token"];

export interface SentosSandboxAccount {
  /** The tenant subdomain: https://{company}.sentos.com.tr/api */
  company: string;
  apiKey: string;
  apiSecret: string;
  authScheme: SentosAuthScheme;
  name: string;
}

/** Known credentials of the simulated tenants (sandbox only), one per auth scheme. */
export const SANDBOX_ACCOUNTS: readonly SentosSandboxAccount[] = [
  { company: "sandbox", apiKey: "sandbox-sentos-key", apiSecret: "sandbox-sentos-secret", authScheme: "basic", name: "Kervan Sandbox Ltd. Şti." },
  { company: "sandbox-apikey", apiKey: "sandbox-sentos-apikey-key", apiSecret: "sandbox-sentos-apikey-secret", authScheme: "x-api-key", name: "Kervan Sandbox API Key" },
  { company: "sandbox-bearer", apiKey: "sandbox-sentos-bearer-key", apiSecret: "sandbox-sentos-bearer-secret", authScheme: "bearer", name: "Kervan Sandbox Bearer" },
  { company: "sandbox-token", apiKey: "sandbox-sentos-token-key", apiSecret: "sandbox-sentos-token-secret", authScheme: "token", name: "Kervan Sandbox Token" },
];

export const SEED_WAREHOUSES = [
  { id: 1, name: "Merkez Depo" },
  { id: 2, name: "Mağaza" },
];

export const SEED_CATEGORIES = [
  {
    id: 10,
    name: "Aksesuar",
    parent_id: 0,
    sub_categories: [
      { id: 11, name: "Atkı", parent_id: 10, sub_categories: [] },
      { id: 12, name: "Bere", parent_id: 10, sub_categories: [] },
    ],
  },
  { id: 20, name: "Giyim", parent_id: 0, sub_categories: [{ id: 21, name: "Tişört", parent_id: 20, sub_categories: [] }] },
];

export interface SeedVariant {
  sku: string;
  barcode: string;
  color: string;
  model: { name: string; value: string };
  stocks: Array<{ warehouse: number; stock: number }>;
}

export interface SeedProduct {
  sku: string;
  name: string;
  brand: string;
  category_id: number;
  purchase_price: number;
  sale_price: number;
  variants: SeedVariant[];
}

export function seedProducts(): SeedProduct[] {
  const v = (sku: string, barcode: string, color: string, size: string, main: number, store: number): SeedVariant => ({
    sku,
    barcode,
    color,
    model: { name: "Beden", value: size },
    stocks: [
      { warehouse: 1, stock: main },
      { warehouse: 2, stock: store },
    ],
  });
  return [
    { sku: "KRV-SN-ATKI", name: "Yün Atkı", brand: "Kervan", category_id: 11, purchase_price: 150, sale_price: 349.9, variants: [v("KRV-SN-ATKI-LAC", "8691000000014", "Lacivert", "Tek Ebat", 30, 10), v("KRV-SN-ATKI-BOR", "8691000000021", "Bordo", "Tek Ebat", 20, 5)] },
    { sku: "KRV-SN-BERE", name: "Örgü Bere", brand: "Kervan", category_id: 12, purchase_price: 80, sale_price: 199.9, variants: [v("KRV-SN-BERE-SIY", "8691000000038", "Siyah", "Tek Ebat", 50, 10)] },
    {
      sku: "KRV-SN-TISORT",
      name: "Basic Tişört",
      brand: "Kervan",
      category_id: 21,
      purchase_price: 90,
      sale_price: 249.9,
      variants: [v("KRV-SN-TS-BEY-M", "8691000000045", "Beyaz", "M", 20, 10), v("KRV-SN-TS-BEY-L", "8691000000052", "Beyaz", "L", 20, 10), v("KRV-SN-TS-SIY-M", "8691000000069", "Siyah", "M", 15, 5)],
    },
    { sku: "KRV-SN-CUZDAN", name: "Deri Cüzdan", brand: "Anadolu Deri", category_id: 10, purchase_price: 250, sale_price: 599, variants: [] },
  ];
}
