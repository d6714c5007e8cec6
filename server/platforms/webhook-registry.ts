import { webhook as ebay } from "./ebay/webhook";
import { webhook as ozon } from "./ozon/webhook";
import { webhook as shipstation } from "./shipstation/webhook";
import { webhook as shopify } from "./shopify/webhook";
import { webhook as trendyol } from "./trendyol/webhook";
import type { PlatformId } from "./types";
import type { WebhookVerifier } from "./webhooks";
import { webhook as yandexMarket } from "./yandex-market/webhook";

/** How each platform's deliveries are authenticated; undefined where the platform sends no webhooks. */
export function webhookVerifierFor(id: PlatformId): WebhookVerifier | undefined {
  switch (id) {
    case "trendyol":
      return trendyol;
    case "shopify":
      return shopify;
    case "ebay":
      return ebay;
    case "shipstation":
      return shipstation;
    case "ozon":
      return ozon;
    case "yandex-market":
      return yandexMarket;
    case "sentos":
    case "wildberries":
    case "uzum":
      return undefined;
    default: {
      const unhandled: never = id;
      throw new Error(`Unknown platform ${String(unhandled)}`);
    }
  }
}
