// Seeded Wildberries sandbox accounts: form values keyed by the Wildberries manifest's field keys.
// WB issues one token per API category; the simulator knows which categories each seeded token carries.

export type WbCategory = "content" | "prices" | "marketplace" | "statistics";

export const SANDBOX_ACCOUNTS = {
  /** One token per category, as a seller who follows WB's advice creates them. */
  main: {
    values: {
      contentToken: "sandbox-wb-content-token",
      pricesToken: "sandbox-wb-prices-token",
      marketplaceToken: "sandbox-wb-marketplace-token",
      statisticsToken: "sandbox-wb-statistics-token",
      warehouseId: "507001",
    },
    sellerName: "ИП Караванов А. С.",
    tradeMark: "Kervan Store",
    sid: "3f1c2a9e-6b7d-4c1e-9a55-0c2b7e4d8f10",
  },
  /** One token with every category ticked: the empty category tokens fall back to it. */
  universal: {
    values: { contentToken: "sandbox-wb-universal-token", warehouseId: "507001" },
    sellerName: "ИП Караванов А. С.",
    tradeMark: "Kervan Store",
    sid: "3f1c2a9e-6b7d-4c1e-9a55-0c2b7e4d8f10",
  },
  /** A content-only token: marketplace calls made with it answer "token scope not allowed". */
  contentOnly: {
    values: { contentToken: "sandbox-wb-content-only-token", warehouseId: "507001" },
    sellerName: "ИП Караванов А. С.",
    tradeMark: "Kervan Store",
    sid: "3f1c2a9e-6b7d-4c1e-9a55-0c2b7e4d8f10",
  },
} as const;

/** Which categories each seeded token carries. */
export const TOKEN_CATEGORIES: Record<string, readonly WbCategory[]> = {
  [SANDBOX_ACCOUNTS.main.values.contentToken]: ["content"],
  [SANDBOX_ACCOUNTS.main.values.pricesToken]: ["prices"],
  [SANDBOX_ACCOUNTS.main.values.marketplaceToken]: ["marketplace"],
  [SANDBOX_ACCOUNTS.main.values.statisticsToken]: ["statistics"],
  [SANDBOX_ACCOUNTS.universal.values.contentToken]: ["content", "prices", "marketplace", "statistics"],
  [SANDBOX_ACCOUNTS.contentOnly.values.contentToken]: ["content"],
};

/** All seeded tokens belong to one seller (same sid). */
export const SANDBOX_SELLER = { name: SANDBOX_ACCOUNTS.main.sellerName, tradeMark: SANDBOX_ACCOUNTS.main.tradeMark, sid: SANDBOX_ACCOUNTS.main.sid };
