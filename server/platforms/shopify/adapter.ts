import type { ConnectionTestOutcome, PlatformAdapter } from "../adapter";
import { shopifyGraphql } from "./client";
import { missingScopes, shopifyAccountName, shopifyOutcomeFromError, type ShopTestAnswer } from "./transform";

/** One cheap query (cost 2): the shop's name, and the scopes the custom app was installed with. */
export const CONNECTION_TEST_QUERY = /* GraphQL */ `
  query KervanConnectionTest {
    shop {
      name
      myshopifyDomain
    }
    currentAppInstallation {
      accessScopes {
        handle
      }
    }
  }
`;

export const adapter: PlatformAdapter = {
  platform: "shopify",

  async testConnection(_ctx, http): Promise<ConnectionTestOutcome> {
    try {
      const { data } = await shopifyGraphql<ShopTestAnswer>(http, "connectionTest", CONNECTION_TEST_QUERY);
      const accountName = shopifyAccountName(data);
      if (!accountName) return { status: "unreachable", message: "Shopify answered without the shop's name" };
      const missing = missingScopes(data);
      if (missing.length)
        return {
          status: "permission_missing",
          accountName,
          message: `The app installed in ${accountName} lacks the access scopes ${missing.join(", ")}; add them to the custom app and reinstall it`,
        };
      return { status: "connected", accountName, message: `Connected to ${accountName}` };
    } catch (err) {
      return shopifyOutcomeFromError(err);
    }
  },
};
