// Pure Trendyol reference-data mappings: brand lists, the category tree flattened with parent ids and leaf flags,
// a category's attributes with required / allowCustom / allowed values. No I/O; unit tests feed contract examples.

export interface TrendyolBrand {
  id: number;
  name: string;
}

export interface TrendyolCategoryNode {
  id: number;
  name: string;
  parentId?: number;
  subCategories: TrendyolCategoryNode[];
}

/** One category of the flattened tree. Only leaves (no subcategories) may be used to create products. */
export interface FlatCategory {
  id: number;
  name: string;
  parentId: number | null;
  leaf: boolean;
  depth: number;
  /** Names from the root down, e.g. ["Aksesuar", "Atkı & Bere & Eldiven", "Atkı"]. */
  path: string[];
}

export interface TrendyolAttributeValue {
  id: number;
  name: string;
}

export interface TrendyolCategoryAttribute {
  id: number;
  name: string;
  required: boolean;
  /** Free text may be sent instead of a value id (createProducts' attributeValue / customAttributeValue). */
  allowCustom: boolean;
  varianter: boolean;
  slicer: boolean;
  allowMultipleAttributeValues: boolean;
  values: TrendyolAttributeValue[];
}

export interface TrendyolCategoryAttributes {
  categoryId: number;
  name: string;
  displayName: string;
  attributes: TrendyolCategoryAttribute[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : undefined);
const text = (v: unknown): string => (typeof v === "string" ? v : v === null || v === undefined ? "" : String(v));

/** getBrands answers `{brands: [...]}`, getBrandsByName a bare array; both become a list of {id, name}. */
export function parseBrands(body: unknown): TrendyolBrand[] {
  const list = Array.isArray(body) ? body : isObj(body) && Array.isArray(body.brands) ? body.brands : [];
  const out: TrendyolBrand[] = [];
  for (const b of list) {
    if (!isObj(b)) continue;
    const id = num(b.id);
    if (id !== undefined) out.push({ id, name: text(b.name).trim() });
  }
  return out;
}

function parseNode(raw: unknown, parentId: number | undefined): TrendyolCategoryNode | null {
  if (!isObj(raw)) return null;
  const id = num(raw.id);
  if (id === undefined) return null;
  const subs = Array.isArray(raw.subCategories) ? raw.subCategories : [];
  const pid = num(raw.parentId) ?? parentId;
  return {
    id,
    name: text(raw.name).trim(),
    ...(pid === undefined ? {} : { parentId: pid }),
    subCategories: subs.map((s) => parseNode(s, id)).filter((s): s is TrendyolCategoryNode => s !== null),
  };
}

/**
 * getCategoryTree: the V2 contract shows a bare array, the documentation page `{categories: [...]}`; both are read.
 */
export function parseCategoryTree(body: unknown): TrendyolCategoryNode[] {
  const list = Array.isArray(body) ? body : isObj(body) && Array.isArray(body.categories) ? body.categories : [];
  return list.map((c) => parseNode(c, undefined)).filter((c): c is TrendyolCategoryNode => c !== null);
}

/** The tree as rows, parents before children; a node's parent is where it sits in the tree. */
export function flattenCategoryTree(tree: TrendyolCategoryNode[]): FlatCategory[] {
  const out: FlatCategory[] = [];
  const seen = new Set<number>();
  const walk = (node: TrendyolCategoryNode, parent: FlatCategory | null) => {
    if (seen.has(node.id)) return; // a malformed tree that repeats a node (or loops) is read once
    seen.add(node.id);
    const flat: FlatCategory = {
      id: node.id,
      name: node.name,
      parentId: parent?.id ?? node.parentId ?? null,
      leaf: node.subCategories.length === 0,
      depth: parent ? parent.depth + 1 : 0,
      path: [...(parent?.path ?? []), node.name],
    };
    out.push(flat);
    for (const sub of node.subCategories) walk(sub, flat);
  };
  for (const root of tree) walk(root, null);
  return out;
}

function parseValues(list: unknown): TrendyolAttributeValue[] {
  if (!Array.isArray(list)) return [];
  const out: TrendyolAttributeValue[] = [];
  for (const v of list) {
    if (!isObj(v)) continue;
    // V2 values page: {attributeValueId, attributeValueName}; the documentation's inline list: {id, name}.
    const id = num(v.attributeValueId) ?? num(v.id);
    if (id !== undefined) out.push({ id, name: text(v.attributeValueName ?? v.name).trim() });
  }
  return out;
}

/** getCategoryAttributes. Inline `attributeValues` (the documentation page's shape) are kept when present. */
export function parseCategoryAttributes(body: unknown, categoryId: number): TrendyolCategoryAttributes {
  const b = isObj(body) ? body : {};
  const list = Array.isArray(b.categoryAttributes) ? b.categoryAttributes : [];
  const attributes: TrendyolCategoryAttribute[] = [];
  const seen = new Set<number>();
  for (const raw of list) {
    if (!isObj(raw)) continue;
    const attr = isObj(raw.attribute) ? raw.attribute : {};
    const id = num(attr.id);
    // Trendyol has announced categories that list the same attribute twice (docs scrape): keep the first.
    if (id === undefined || seen.has(id)) continue;
    seen.add(id);
    attributes.push({
      id,
      name: text(attr.name).trim(),
      required: raw.required === true,
      allowCustom: raw.allowCustom === true,
      varianter: raw.varianter === true,
      slicer: raw.slicer === true,
      allowMultipleAttributeValues: raw.allowMultipleAttributeValues === true,
      values: parseValues(raw.attributeValues),
    });
  }
  const name = text(b.name).trim();
  return { categoryId: num(b.id) ?? categoryId, name, displayName: text(b.displayName).trim() || name, attributes };
}

/** getCategoryAttributeValues: one page of allowed values. */
export function parseAttributeValuesPage(body: unknown): { values: TrendyolAttributeValue[]; totalPages?: number } {
  const b = isObj(body) ? body : {};
  return { values: parseValues(b.content), totalPages: num(b.totalPages) };
}

/** Required attributes first, then by name: the order the mapping screen shows them in. */
export function sortAttributesForMapping(attributes: TrendyolCategoryAttribute[]): TrendyolCategoryAttribute[] {
  return [...attributes].sort((a, b) => Number(b.required) - Number(a.required) || a.name.localeCompare(b.name, "tr"));
}
