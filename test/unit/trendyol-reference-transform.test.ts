import { describe, expect, it } from "vitest";
import {
  flattenCategoryTree,
  parseAttributeValuesPage,
  parseBrands,
  parseCategoryAttributes,
  parseCategoryTree,
  sortAttributesForMapping,
  type TrendyolCategoryAttribute,
} from "@/server/platforms/trendyol/transform-reference";
import { evaluateProductReadiness, type ReadinessContext, type ReadinessProductInput } from "@/server/sync/trendyol/mapping";

// The examples of specs/trendyol/spm-openapi-english.yml and the documentation pages.
const TREE_EXAMPLE = [
  {
    id: 1162,
    name: "Atkı & Bere & Eldiven",
    parentId: 368,
    subCategories: [
      { id: 382, name: "Atkı", parentId: 1162, subCategories: [] },
      { id: 384, name: "Bere", parentId: 1162, subCategories: [] },
    ],
  },
];

describe("Trendyol brands", () => {
  it("reads getBrands' {brands} and getBrandsByName's bare array", () => {
    expect(parseBrands({ brands: [{ id: 10, name: "TrendyolMilla" }, { id: 19, name: "Milla" }] })).toEqual([
      { id: 10, name: "TrendyolMilla" },
      { id: 19, name: "Milla" },
    ]);
    expect(parseBrands([{ id: 40, name: "TRENDYOLMİLLA" }])).toEqual([{ id: 40, name: "TRENDYOLMİLLA" }]);
    expect(parseBrands({ brands: [{ name: "no id" }, null, { id: "7", name: " Trim " }] })).toEqual([{ id: 7, name: "Trim" }]);
    expect(parseBrands("oops")).toEqual([]);
  });
});

describe("Trendyol category tree", () => {
  it("reads the contract's bare array and the documentation's {categories} wrapper alike", () => {
    expect(parseCategoryTree(TREE_EXAMPLE)).toEqual(parseCategoryTree({ categories: TREE_EXAMPLE }));
    expect(parseCategoryTree({})).toEqual([]);
  });

  it("flattens with parent ids, leaf flags, depth and the path from the root", () => {
    const flat = flattenCategoryTree(parseCategoryTree({ categories: [{ id: 368, name: "Aksesuar", subCategories: TREE_EXAMPLE }] }));
    expect(flat).toEqual([
      { id: 368, name: "Aksesuar", parentId: null, leaf: false, depth: 0, path: ["Aksesuar"] },
      { id: 1162, name: "Atkı & Bere & Eldiven", parentId: 368, leaf: false, depth: 1, path: ["Aksesuar", "Atkı & Bere & Eldiven"] },
      { id: 382, name: "Atkı", parentId: 1162, leaf: true, depth: 2, path: ["Aksesuar", "Atkı & Bere & Eldiven", "Atkı"] },
      { id: 384, name: "Bere", parentId: 1162, leaf: true, depth: 2, path: ["Aksesuar", "Atkı & Bere & Eldiven", "Bere"] },
    ]);
  });

  it("keeps a root's own parentId when the tree starts below the top, and reads a repeated node once", () => {
    const flat = flattenCategoryTree(parseCategoryTree([...TREE_EXAMPLE, TREE_EXAMPLE[0]]));
    expect(flat.map((c) => [c.id, c.parentId])).toEqual([
      [1162, 368],
      [382, 1162],
      [384, 1162],
    ]);
  });
});

describe("Trendyol category attributes", () => {
  it("reads required / allowCustom / varianter and the documentation's inline values; drops a repeated attribute", () => {
    const parsed = parseCategoryAttributes(
      {
        id: 411,
        name: "Casual Ayakkabı",
        displayName: "Casual Ayakkabı",
        categoryAttributes: [
          { categoryId: 411, attribute: { id: 14, name: "Materyal" }, required: false, allowCustom: false, varianter: false, slicer: false, attributeValues: [{ id: 82, name: "Deri" }] },
          { categoryId: 411, attribute: { id: 47, name: "Renk" }, required: true, allowCustom: true, varianter: true, slicer: false, allowMultipleAttributeValues: false },
          { categoryId: 411, attribute: { id: 47, name: "Renk" }, required: false },
        ],
      },
      411,
    );
    expect(parsed).toEqual({
      categoryId: 411,
      name: "Casual Ayakkabı",
      displayName: "Casual Ayakkabı",
      attributes: [
        { id: 14, name: "Materyal", required: false, allowCustom: false, varianter: false, slicer: false, allowMultipleAttributeValues: false, values: [{ id: 82, name: "Deri" }] },
        { id: 47, name: "Renk", required: true, allowCustom: true, varianter: true, slicer: false, allowMultipleAttributeValues: false, values: [] },
      ],
    });
    expect(sortAttributesForMapping(parsed.attributes).map((a) => a.name)).toEqual(["Renk", "Materyal"]);
  });

  it("reads a page of the V2 values endpoint", () => {
    expect(parseAttributeValuesPage({ totalElements: 2, totalPages: 1, page: 0, size: 1000, content: [{ attributeValueId: 4294, attributeValueName: "S" }] })).toEqual({
      values: [{ id: 4294, name: "S" }],
      totalPages: 1,
    });
  });
});

describe("product readiness (pure)", () => {
  const attr = (id: number, name: string, required: boolean, allowCustom: boolean, values: string[] = []): TrendyolCategoryAttribute => ({
    id,
    name,
    required,
    allowCustom,
    varianter: false,
    slicer: false,
    allowMultipleAttributeValues: false,
    values: values.map((v, i) => ({ id: id * 10 + i, name: v })),
  });
  const ctx: ReadinessContext = {
    mappings: new Map([["Bags", { platformCategoryId: "900", brandId: null, attributes: { "1": { from: "Material" }, "2": { value: "21" }, "3": { from: "Note" } } }]]),
    categoryAttributes: new Map([["900", [attr(1, "Materyal", true, false, ["Deri", "Kumaş"]), attr(2, "Menşei", true, false, ["TR", "CN"]), attr(3, "Not", false, false, ["A"])]]]),
    brandsByName: new Map([["kervan", "1791"]]),
  };
  const product = (over: Partial<ReadinessProductInput> = {}): ReadinessProductInput => ({
    id: "p1",
    code: "BAG-1",
    title: "Bag",
    brand: "Kervan",
    category: "Bags",
    attributes: { material: "deri" },
    variants: [{ id: "v1", sku: "BAG-1-A", barcode: "111", options: {}, attributes: {} }],
    ...over,
  });

  it("resolves catalog text to listed value ids, a fixed value by id, and leaves out an optional attribute it cannot fill", () => {
    const r = evaluateProductReadiness(product({ attributes: { material: "deri", Note: "Unknown" } }), ctx);
    expect(r).toEqual({
      ready: {
        productId: "p1",
        code: "BAG-1",
        categoryId: 900,
        brandId: 1791,
        attributes: [
          { attributeId: 1, attributeValueId: 10 },
          { attributeId: 2, attributeValueId: 21 },
        ],
        variants: [{ variantId: "v1", sku: "BAG-1-A", barcode: "111", attributes: [{ attributeId: 1, attributeValueId: 10 }, { attributeId: 2, attributeValueId: 21 }] }],
      },
    });
  });

  it("names the variants that lack a required attribute when only some do", () => {
    const r = evaluateProductReadiness(
      product({
        attributes: {},
        variants: [
          { id: "v1", sku: "BAG-1-A", barcode: null, options: { Material: "Kumaş" }, attributes: {} },
          { id: "v2", sku: "BAG-1-B", barcode: null, options: {}, attributes: {} },
        ],
      }),
      ctx,
    );
    expect(r).toMatchObject({ notReady: { missing: ["Materyal (attribute 1) for BAG-1-B"] } });
  });

  it("lists every reason at once: brand, missing variants, unmapped or unfetched categories", () => {
    expect(evaluateProductReadiness(product({ brand: null }), ctx)).toMatchObject({ notReady: { missing: ["brand"] } });
    expect(evaluateProductReadiness(product({ variants: [] }), ctx)).toMatchObject({ notReady: { missing: ["variants"] } });
    expect(evaluateProductReadiness(product({ category: null }), ctx)).toMatchObject({ notReady: { missing: ["catalog category"] } });
    expect(evaluateProductReadiness(product({ category: "Shoes" }), ctx)).toMatchObject({ notReady: { problems: [{ kind: "unmapped-category", category: "Shoes" }] } });
    const unfetched: ReadinessContext = { ...ctx, categoryAttributes: new Map() };
    expect(evaluateProductReadiness(product({ brand: "Nope" }), unfetched)).toMatchObject({
      notReady: { problems: [{ kind: "no-brand", brand: "Nope" }, { kind: "attributes-not-fetched", categoryId: "900" }] },
    });
  });
});
