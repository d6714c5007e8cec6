// The catalog page's query, shared by the server page (prefetch) and the browser (same key, so it hydrates).

export const PRODUCTS_PAGE_SIZE = 25;

/** The search and page live in the address (`?q=…&page=2`); page numbers start at 1. */
export function readProductsParams(get: (key: string) => string | null | undefined) {
  const search = (get("q") ?? "").trim().slice(0, 200);
  const page = Math.max(1, Math.floor(Number(get("page")) || 1));
  return { search, page };
}

/** The `catalog.list` input; an empty search is left out, not sent as "", so both sides build the same key. */
export function catalogListInput({ search, page }: { search: string; page: number }) {
  return { ...(search ? { search } : {}), limit: PRODUCTS_PAGE_SIZE, offset: (page - 1) * PRODUCTS_PAGE_SIZE };
}
