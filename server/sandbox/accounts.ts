import type { PlatformId } from "@/server/platforms/types";
import { SANDBOX_ACCOUNTS as ozon } from "./ozon/seed";
import { SANDBOX_ACCOUNTS as shopify } from "./shopify/seed";
import { SANDBOX_ACCOUNTS as trendyol } from "./trendyol/seed";
import { SANDBOX_ACCOUNTS as uzum } from "./uzum/seed";
import { SANDBOX_ACCOUNTS as yandex } from "./yandex-market/seed";
import { SANDBOX_ACCOUNTS as ebay } from "./ebay/accounts";
import { SANDBOX_ACCOUNTS as sentos } from "./sentos/seed";
import { SANDBOX_ACCOUNTS as shipstation } from "./shipstation/accounts";
import { SANDBOX_ACCOUNTS as wildberries } from "./wildberries/accounts";

/**
 * The connection-form values of each simulator's main sandbox account, so a new user can connect every
 * platform in `npm run dev` without a marketplace account. These are the simulators' public test keys.
 */
export function sandboxConnectionValues(): Record<PlatformId, Record<string, string>> {
  const t = trendyol[0]!;
  const s = shopify[0]!;
  const se = sentos[0]!;
  return {
    trendyol: { sellerId: t.sellerId, apiKey: t.apiKey, apiSecret: t.apiSecret },
    shopify: { shopDomain: s.shopDomain, accessToken: s.accessToken, apiSecret: s.apiSecret },
    sentos: { companySubdomain: se.company, apiKey: se.apiKey, apiSecret: se.apiSecret },
    ebay: { ...ebay.seller.values },
    shipstation: { ...shipstation.main.values },
    wildberries: { ...wildberries.main.values },
    ozon: { clientId: ozon.primary.clientId, apiKey: ozon.primary.apiKey },
    "yandex-market": { ...yandex.primary },
    uzum: { ...uzum.primary },
  };
}
