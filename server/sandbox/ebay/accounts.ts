// Seeded eBay sandbox accounts: what a tester types into the connection form, and what the simulator knows about them.

export const EBAY_SCOPES = {
  api: "https://api.ebay.com/oauth/api_scope",
  inventory: "https://api.ebay.com/oauth/api_scope/sell.inventory",
  inventoryReadonly: "https://api.ebay.com/oauth/api_scope/sell.inventory.readonly",
  account: "https://api.ebay.com/oauth/api_scope/sell.account",
  accountReadonly: "https://api.ebay.com/oauth/api_scope/sell.account.readonly",
  fulfillment: "https://api.ebay.com/oauth/api_scope/sell.fulfillment",
  fulfillmentReadonly: "https://api.ebay.com/oauth/api_scope/sell.fulfillment.readonly",
  finances: "https://api.ebay.com/oauth/api_scope/sell.finances",
  notification: "https://api.ebay.com/oauth/api_scope/commerce.notification.subscription",
} as const;

const ALL_SELLER_SCOPES = [
  EBAY_SCOPES.api,
  EBAY_SCOPES.inventory,
  EBAY_SCOPES.account,
  EBAY_SCOPES.fulfillment,
  EBAY_SCOPES.finances,
  EBAY_SCOPES.notification,
];

/**
 * Form values (keys are the eBay manifest's field keys) of the seeded accounts. `seller` has every scope Kervan asks
 * for; `inventoryOnly` was consented without the sell.account scopes (the connection test reports permission_missing).
 */
export const SANDBOX_ACCOUNTS = {
  seller: {
    values: {
      clientId: "sandbox-ebay-client",
      clientSecret: "sandbox-ebay-client-secret",
      refreshToken: "v^1.1#i^1#sandbox-ebay-refresh-token-seller",
      marketplaceId: "EBAY_US",
    },
    username: "kervan_sandbox_seller",
    scopes: ALL_SELLER_SCOPES,
  },
  inventoryOnly: {
    values: {
      clientId: "sandbox-ebay-client",
      clientSecret: "sandbox-ebay-client-secret",
      refreshToken: "v^1.1#i^1#sandbox-ebay-refresh-token-inventory-only",
      marketplaceId: "EBAY_GB",
    },
    username: "kervan_sandbox_seller",
    scopes: [EBAY_SCOPES.api, EBAY_SCOPES.inventory],
  },
} as const;

/** The developer application the seeded refresh tokens were issued to. */
export const SANDBOX_APP = { clientId: "sandbox-ebay-client", clientSecret: "sandbox-ebay-client-secret" } as const;
