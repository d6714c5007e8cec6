// Seed data for the Trendyol simulator: shapes follow specs/trendyol/*.yml (addresses, product V2, shipment packages).

export interface TrendyolSandboxAccount {
  sellerId: string;
  apiKey: string;
  apiSecret: string;
  /** What the cabinet shows for the seeded store; Trendyol itself only returns addresses. */
  label: string;
  /** Seeded webhook credentials Kervan would have registered for this seller (see deliverWebhook). */
  webhookUsername: string;
  webhookPassword: string;
  webhookApiKey: string;
}

/** Known credentials of the simulated sellers (sandbox only; never real keys). */
export const SANDBOX_ACCOUNTS: readonly TrendyolSandboxAccount[] = [
  {
    sellerId: "100001",
    apiKey: "sandbox-trendyol-key",
    apiSecret: "sandbox-trendyol-secret",
    label: "Kervan Sandbox Mağazası",
    webhookUsername: "kervan-webhook",
    webhookPassword: "sandbox-trendyol-webhook-password",
    webhookApiKey: "sandbox-trendyol-webhook-api-key",
  },
  {
    sellerId: "100002",
    apiKey: "sandbox-trendyol-key-2",
    apiSecret: "sandbox-trendyol-secret-2",
    label: "Kervan Sandbox İkinci Satıcı",
    webhookUsername: "kervan-webhook-2",
    webhookPassword: "sandbox-trendyol-webhook-password-2",
    webhookApiKey: "sandbox-trendyol-webhook-api-key-2",
  },
];

export interface SupplierAddress {
  id: number;
  addressType: "Shipment" | "Invoice" | "Returning";
  country: string;
  city: string;
  cityCode: number;
  district: string;
  districtId: number;
  postCode: string;
  address: string;
  isReturningAddress: boolean;
  fullAddress: string;
  isShipmentAddress: boolean;
  isInvoiceAddress: boolean;
  isDefault: boolean;
}

function address(id: number, type: SupplierAddress["addressType"], city: string, cityCode: number, district: string, line: string, isDefault = true): SupplierAddress {
  const postCode = `${cityCode}000`;
  return {
    id,
    addressType: type,
    country: "Türkiye",
    city,
    cityCode,
    district,
    districtId: id * 10,
    postCode,
    address: line,
    isReturningAddress: type === "Returning",
    fullAddress: `${line} ${district} ${postCode} ${city} Türkiye`,
    isShipmentAddress: type === "Shipment",
    isInvoiceAddress: type === "Invoice",
    isDefault,
  };
}

export function seedAddresses(sellerId: string): SupplierAddress[] {
  const base = Number(sellerId) % 1000;
  return [
    address(base * 10 + 1, "Shipment", "Kocaeli", 41, "Gebze", "Organize Sanayi Bölgesi 3. Cadde No:12"),
    address(base * 10 + 2, "Invoice", "İstanbul", 34, "Kadıköy", "Caferağa Mah. Moda Cad. No:5"),
    address(base * 10 + 3, "Returning", "Kocaeli", 41, "Gebze", "Organize Sanayi Bölgesi 3. Cadde No:12 İade Kabul"),
  ];
}

export interface Brand {
  id: number;
  name: string;
}

export const SEED_BRANDS: Brand[] = [
  { id: 10, name: "TrendyolMilla" },
  { id: 19, name: "Milla" },
  { id: 20, name: "Trendyol" },
  { id: 1791, name: "Kervan" },
  { id: 2032, name: "Anadolu Tekstil" },
];

export interface Category {
  id: number;
  name: string;
  parentId?: number;
  subCategories: Category[];
}

export const SEED_CATEGORIES: Category[] = [
  {
    id: 368,
    name: "Aksesuar",
    subCategories: [
      {
        id: 1162,
        name: "Atkı & Bere & Eldiven",
        parentId: 368,
        subCategories: [
          { id: 382, name: "Atkı", parentId: 1162, subCategories: [] },
          { id: 384, name: "Bere", parentId: 1162, subCategories: [] },
        ],
      },
    ],
  },
  {
    id: 403,
    name: "Giyim",
    subCategories: [{ id: 411, name: "Tişört", parentId: 403, subCategories: [] }],
  },
];

export function leafCategoryIds(categories: Category[] = SEED_CATEGORIES): Set<number> {
  const out = new Set<number>();
  const walk = (c: Category) => (c.subCategories.length === 0 ? out.add(c.id) : c.subCategories.forEach(walk));
  categories.forEach(walk);
  return out;
}

export function findCategory(id: number, categories: Category[] = SEED_CATEGORIES): Category | undefined {
  for (const c of categories) {
    if (c.id === id) return c;
    const sub = findCategory(id, c.subCategories);
    if (sub) return sub;
  }
  return undefined;
}

/** Attributes per leaf category (getCategoryAttributes); attribute 47 "Renk" is the varianter. */
export const SEED_CATEGORY_ATTRIBUTES: Record<number, Array<{ id: number; name: string; required: boolean; varianter: boolean; allowCustom: boolean }>> = {
  382: [
    { id: 47, name: "Renk", required: true, varianter: true, allowCustom: true },
    { id: 338, name: "Materyal", required: false, varianter: false, allowCustom: false },
  ],
  384: [{ id: 47, name: "Renk", required: true, varianter: true, allowCustom: true }],
  411: [
    { id: 47, name: "Renk", required: true, varianter: true, allowCustom: true },
    { id: 293, name: "Beden", required: true, varianter: true, allowCustom: false },
  ],
};

/** Values of the seeded attributes (getCategoryAttributeValues); ids are attributeId × 1000 + position. */
export const SEED_ATTRIBUTE_VALUES: Record<number, string[]> = {
  47: ["Siyah", "Beyaz", "Lacivert", "Bordo", "Gri", "Mavi", "Kırmızı"],
  293: ["S", "M", "L", "XL"],
  338: ["Yün", "Pamuk", "Akrilik"],
};

export interface SeedProduct {
  barcode: string;
  title: string;
  productMainId: string;
  brandId: number;
  categoryId: number;
  quantity: number;
  stockCode: string;
  dimensionalWeight: number;
  description: string;
  listPrice: number;
  salePrice: number;
  vatRate: number;
  images: Array<{ url: string }>;
  attributes: Array<{ attributeId: number; attributeValueId?: number; attributeValue?: string }>;
}

export function seedProducts(): SeedProduct[] {
  const item = (n: number, title: string, categoryId: number, color: string, price: number, qty: number): SeedProduct => ({
    barcode: `KRV-TY-${String(n).padStart(4, "0")}`,
    title,
    productMainId: `KRV-MAIN-${Math.ceil(n / 2)}`,
    brandId: 1791,
    categoryId,
    quantity: qty,
    stockCode: `STK-${n}`,
    dimensionalWeight: 1,
    description: `${title}. Kervan sandbox ürünü.`,
    listPrice: price + 50,
    salePrice: price,
    vatRate: 20,
    images: [{ url: `https://cdn.kervan.example/sandbox/trendyol/${n}.jpg` }],
    attributes: [{ attributeId: 47, attributeValue: color }],
  });
  return [
    item(1, "Yün Atkı Lacivert", 382, "Lacivert", 349.9, 40),
    item(2, "Yün Atkı Bordo", 382, "Bordo", 349.9, 25),
    item(3, "Örgü Bere Siyah", 384, "Siyah", 199.9, 60),
    item(4, "Örgü Bere Gri", 384, "Gri", 199.9, 0),
    item(5, "Basic Tişört Beyaz", 411, "Beyaz", 249.9, 120),
    item(6, "Basic Tişört Siyah", 411, "Siyah", 249.9, 95),
  ];
}

/** A shipment package in the getShipmentPackages / webhook model. */
export interface ShipmentPackage {
  id: number;
  orderNumber: string;
  grossAmount: number;
  totalDiscount: number;
  totalTyDiscount: number;
  customerFirstName: string;
  customerLastName: string;
  customerEmail: string;
  customerId: number;
  shipmentAddress: Record<string, unknown>;
  invoiceAddress: Record<string, unknown>;
  cargoTrackingNumber: string;
  cargoProviderName: string;
  lines: Array<Record<string, unknown>>;
  orderDate: number;
  currencyCode: string;
  packageHistories: Array<{ createdDate: number; status: string }>;
  shipmentPackageStatus: string;
  status: string;
  deliveryType: string;
  totalPrice: number;
  lastModifiedDate: number;
  warehouseId: number;
  createdBy: string;
}

export function seedShipmentPackages(sellerId: string, now: number): ShipmentPackage[] {
  const products = seedProducts();
  const addr = (id: number) => ({
    id,
    firstName: "Ayşe",
    lastName: "Yılmaz",
    address1: "Caferağa Mah. Moda Cad. No:5",
    address2: "",
    city: "İstanbul",
    cityCode: 34,
    district: "Kadıköy",
    districtId: 31,
    postalCode: "34710",
    countryCode: "TR",
    neighborhoodId: 29202,
    neighborhood: "Caferağa Mah",
    fullName: "Ayşe Yılmaz",
    fullAddress: "Caferağa Mah. Moda Cad. No:5 Kadıköy İstanbul",
  });
  const pkg = (n: number, status: string, ageHours: number): ShipmentPackage => {
    const p = products[(n - 1) % products.length]!;
    const created = now - ageHours * 3_600_000;
    const statuses = status === "Created" ? ["Awaiting", "Created"] : ["Awaiting", "Created", status];
    return {
      id: 3_000_000 + Number(sellerId.slice(-2)) * 1000 + n,
      orderNumber: `1${sellerId.slice(-3)}${String(n).padStart(6, "0")}`,
      grossAmount: p.salePrice,
      totalDiscount: 0,
      totalTyDiscount: 0,
      customerFirstName: "Ayşe",
      customerLastName: "Yılmaz",
      customerEmail: `pf+sandbox${n}@trendyolmail.com`,
      customerId: 21_904_000 + n,
      shipmentAddress: addr(12_695_000 + n),
      invoiceAddress: addr(12_696_000 + n),
      cargoTrackingNumber: `72500001${String(n).padStart(8, "0")}`,
      cargoProviderName: "Yurtiçi Kargo Marketplace",
      lines: [
        {
          id: 7_392_000 + n,
          quantity: 1,
          productName: p.title,
          productCode: 68_661_000 + n,
          merchantSku: p.stockCode,
          sku: p.barcode,
          barcode: p.barcode,
          amount: p.salePrice,
          price: p.salePrice,
          discount: 0,
          tyDiscount: 0,
          vatBaseAmount: 20,
          currencyCode: "TRY",
          productColor: String(p.attributes[0]?.attributeValue ?? ""),
          productSize: "Tek Ebat",
          orderLineItemStatusName: status,
        },
      ],
      orderDate: created,
      currencyCode: "TRY",
      packageHistories: statuses.map((s, i) => ({ createdDate: created + i * 60_000, status: s })),
      shipmentPackageStatus: status,
      status,
      deliveryType: "normal",
      totalPrice: p.salePrice,
      lastModifiedDate: created + (statuses.length - 1) * 60_000,
      warehouseId: 144_854,
      createdBy: "order-creation",
    };
  };
  return [pkg(1, "Created", 30), pkg(2, "Picking", 20), pkg(3, "Invoiced", 10), pkg(4, "Shipped", 5), pkg(5, "Created", 1)];
}
