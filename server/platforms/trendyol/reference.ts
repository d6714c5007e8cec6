// Trendyol lookups: brands, the category tree, a category's attributes and their allowed values.
// Paths and shapes from specs/trendyol/spm-openapi-english.yml (getBrands, getBrandsByName, getCategoryTree,
// getCategoryAttributes, getCategoryAttributeValues); all five share the 50-per-minute lookup limit (manifest).
import type { PlatformHttpClient } from "../http";
import { trendyolRequest } from "./client";
import {
  parseAttributeValuesPage,
  parseBrands,
  parseCategoryAttributes,
  parseCategoryTree,
  type TrendyolAttributeValue,
  type TrendyolBrand,
  type TrendyolCategoryAttributes,
  type TrendyolCategoryNode,
} from "./transform-reference";

/** getBrands: "a minimum of 1000 brand records can be retrieved per page" (spm-openapi-english.yml). */
export const TRENDYOL_BRANDS_PAGE_SIZE = 1000;
/** getCategoryAttributeValues: page and size are each at most 1000 (spm-openapi-english.yml). */
export const TRENDYOL_ATTRIBUTE_VALUES_PAGE_SIZE = 1000;
const ATTRIBUTE_VALUES_MAX_PAGE = 1000;

/** One page of brands (page numbers start at 0). */
export async function getBrandsPage(http: PlatformHttpClient, page: number, size = TRENDYOL_BRANDS_PAGE_SIZE): Promise<TrendyolBrand[]> {
  const res = await trendyolRequest(http, { operation: "getBrands", method: "GET", path: "/product/brands", query: { page, size } });
  return parseBrands(res.body);
}

/** Every brand, page by page, until a short page; `onPage` reports progress after each page. */
export async function getAllBrands(
  http: PlatformHttpClient,
  opts: { size?: number; maxPages?: number; onPage?: (page: number, brands: TrendyolBrand[]) => Promise<void> | void } = {},
): Promise<TrendyolBrand[]> {
  const size = opts.size ?? TRENDYOL_BRANDS_PAGE_SIZE;
  const out: TrendyolBrand[] = [];
  for (let page = 0; page < (opts.maxPages ?? Number.POSITIVE_INFINITY); page++) {
    const brands = await getBrandsPage(http, page, size);
    out.push(...brands);
    await opts.onPage?.(page, brands);
    if (brands.length < size) break;
  }
  return out;
}

/** getBrandsByName: exact, case-sensitive match (the contract says so). */
export async function getBrandsByName(http: PlatformHttpClient, name: string): Promise<TrendyolBrand[]> {
  const res = await trendyolRequest(http, { operation: "getBrandsByName", method: "GET", path: "/product/brands/by-name", query: { name } });
  return parseBrands(res.body);
}

export async function getCategoryTree(http: PlatformHttpClient): Promise<TrendyolCategoryNode[]> {
  const res = await trendyolRequest(http, { operation: "getCategoryTree", method: "GET", path: "/product/product-categories" });
  return parseCategoryTree(res.body);
}

/** A leaf category's attributes (without values: the V2 contract serves those from a separate, paged endpoint). */
export async function getCategoryAttributes(http: PlatformHttpClient, categoryId: number): Promise<TrendyolCategoryAttributes> {
  const res = await trendyolRequest(http, { operation: "getCategoryAttributes", method: "GET", path: `/product/categories/${categoryId}/attributes` });
  return parseCategoryAttributes(res.body, categoryId);
}

/** Every allowed value of one attribute of a category, page by page. */
export async function getAllCategoryAttributeValues(http: PlatformHttpClient, categoryId: number, attributeId: number): Promise<TrendyolAttributeValue[]> {
  const out: TrendyolAttributeValue[] = [];
  for (let page = 0; page < ATTRIBUTE_VALUES_MAX_PAGE; page++) {
    const res = await trendyolRequest(http, {
      operation: "getCategoryAttributeValues",
      method: "GET",
      path: `/product/categories/${categoryId}/attributes/${attributeId}/values`,
      query: { page, size: TRENDYOL_ATTRIBUTE_VALUES_PAGE_SIZE },
    });
    const parsed = parseAttributeValuesPage(res.body);
    out.push(...parsed.values);
    const last = parsed.totalPages === undefined ? parsed.values.length < TRENDYOL_ATTRIBUTE_VALUES_PAGE_SIZE : page + 1 >= parsed.totalPages;
    if (last || parsed.values.length === 0) break;
  }
  return out;
}
