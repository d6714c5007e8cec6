// Seed data for the Shopify simulator: sandbox shops with known tokens, a location, products and orders.

export type ShopifyPlan = "standard" | "advanced" | "plus" | "enterprise";

/** GraphQL Admin cost buckets per plan (https://shopify.dev/docs/api/usage/limits, "GraphQL Admin API rate limits"). */
export const PLAN_BUCKETS: Record<ShopifyPlan, { maximumAvailable: number; restoreRate: number; displayName: string }> = {
  standard: { maximumAvailable: 1000, restoreRate: 100, displayName: "Basic" },
  advanced: { maximumAvailable: 2000, restoreRate: 200, displayName: "Advanced" },
  plus: { maximumAvailable: 10_000, restoreRate: 1000, displayName: "Shopify Plus" },
  enterprise: { maximumAvailable: 20_000, restoreRate: 2000, displayName: "Commerce Components" },
};

export interface ShopifySandboxAccount {
  shopDomain: string;
  /** Admin API access token of the custom app (X-Shopify-Access-Token). */
  accessToken: string;
  /** The app's client secret: key of X-Shopify-Hmac-Sha256 on webhook deliveries. */
  apiSecret: string;
  name: string;
  email: string;
  plan: ShopifyPlan;
  scopes: string[];
}

const FULL_SCOPES = ["read_products", "write_products", "read_inventory", "write_inventory", "read_locations", "read_orders"];

/** Known credentials of the simulated shops (sandbox only; never real tokens). */
export const SANDBOX_ACCOUNTS: readonly ShopifySandboxAccount[] = [
  {
    shopDomain: "kervan-sandbox.myshopify.com",
    accessToken: "shpat_sandbox_0123456789abcdef0123456789abcdef",
    apiSecret: "shpss_sandbox_0123456789abcdef0123456789abcdef",
    name: "Kervan Sandbox",
    email: "owner@kervan-sandbox.example",
    plan: "standard",
    scopes: FULL_SCOPES,
  },
  {
    // A custom app installed with read_products only: the connection test reports the missing scopes.
    shopDomain: "kervan-readonly.myshopify.com",
    accessToken: "shpat_sandbox_readonly_00000000000000000000000",
    apiSecret: "shpss_sandbox_readonly_00000000000000000000000",
    name: "Kervan Read Only",
    email: "owner@kervan-readonly.example",
    plan: "standard",
    scopes: ["read_products"],
  },
  {
    shopDomain: "kervan-plus.myshopify.com",
    accessToken: "shpat_sandbox_plus_000000000000000000000000000",
    apiSecret: "shpss_sandbox_plus_000000000000000000000000000",
    name: "Kervan Plus",
    email: "owner@kervan-plus.example",
    plan: "plus",
    scopes: FULL_SCOPES,
  },
];

export interface SeedVariant {
  sku: string;
  barcode: string;
  price: string;
  compareAtPrice: string | null;
  options: string[];
  available: number;
}

export interface SeedProduct {
  title: string;
  handle: string;
  vendor: string;
  productType: string;
  descriptionHtml: string;
  tags: string[];
  status: "ACTIVE" | "DRAFT" | "ARCHIVED";
  options: Array<{ name: string; values: string[] }>;
  variants: SeedVariant[];
}

export function seedProducts(): SeedProduct[] {
  return [
    {
      title: "Yün Atkı",
      handle: "yun-atki",
      vendor: "Kervan",
      productType: "Atkı",
      descriptionHtml: "<p>Yumuşak yün atkı.</p>",
      tags: ["kış", "aksesuar"],
      status: "ACTIVE",
      options: [{ name: "Renk", values: ["Lacivert", "Bordo"] }],
      variants: [
        { sku: "KRV-SH-ATKI-LAC", barcode: "8690000000011", price: "349.90", compareAtPrice: "399.90", options: ["Lacivert"], available: 40 },
        { sku: "KRV-SH-ATKI-BOR", barcode: "8690000000028", price: "349.90", compareAtPrice: "399.90", options: ["Bordo"], available: 25 },
      ],
    },
    {
      title: "Örgü Bere",
      handle: "orgu-bere",
      vendor: "Kervan",
      productType: "Bere",
      descriptionHtml: "<p>El örgüsü bere.</p>",
      tags: ["kış"],
      status: "ACTIVE",
      options: [{ name: "Renk", values: ["Siyah", "Gri"] }],
      variants: [
        { sku: "KRV-SH-BERE-SIY", barcode: "8690000000035", price: "199.90", compareAtPrice: null, options: ["Siyah"], available: 60 },
        { sku: "KRV-SH-BERE-GRI", barcode: "8690000000042", price: "199.90", compareAtPrice: null, options: ["Gri"], available: 0 },
      ],
    },
    {
      title: "Basic Tişört",
      handle: "basic-tisort",
      vendor: "Kervan",
      productType: "Tişört",
      descriptionHtml: "<p>Pamuklu tişört.</p>",
      tags: ["yaz"],
      status: "ACTIVE",
      options: [
        { name: "Renk", values: ["Beyaz", "Siyah"] },
        { name: "Beden", values: ["M", "L"] },
      ],
      variants: [
        { sku: "KRV-SH-TS-BEY-M", barcode: "8690000000059", price: "249.90", compareAtPrice: null, options: ["Beyaz", "M"], available: 30 },
        { sku: "KRV-SH-TS-BEY-L", barcode: "8690000000066", price: "249.90", compareAtPrice: null, options: ["Beyaz", "L"], available: 30 },
        { sku: "KRV-SH-TS-SIY-M", barcode: "8690000000073", price: "249.90", compareAtPrice: null, options: ["Siyah", "M"], available: 20 },
        { sku: "KRV-SH-TS-SIY-L", barcode: "8690000000080", price: "249.90", compareAtPrice: null, options: ["Siyah", "L"], available: 15 },
      ],
    },
    {
      title: "Deri Cüzdan",
      handle: "deri-cuzdan",
      vendor: "Anadolu Deri",
      productType: "Cüzdan",
      descriptionHtml: "<p>Hakiki deri cüzdan.</p>",
      tags: ["deri"],
      status: "DRAFT",
      options: [{ name: "Title", values: ["Default Title"] }],
      variants: [{ sku: "KRV-SH-CUZDAN", barcode: "8690000000097", price: "599.00", compareAtPrice: "749.00", options: ["Default Title"], available: 12 }],
    },
  ];
}

export const SEED_LOCATIONS = [
  { name: "Kervan Depo İstanbul", isActive: true },
  { name: "Kervan Mağaza Ankara", isActive: true },
];
