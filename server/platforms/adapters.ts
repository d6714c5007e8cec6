import type { Db } from "@/db/client";
import type { ConnectionContext, PlatformAdapter } from "./adapter";
import { adapter as ebay } from "./ebay/adapter";
import { createEbayHttp } from "./ebay/client";
import type { PlatformHttpClient } from "./http";
import { adapter as ozon } from "./ozon/adapter";
import { createOzonHttp } from "./ozon/client";
import { adapter as sentos } from "./sentos/adapter";
import { createSentosHttp } from "./sentos/client";
import { adapter as shipstation } from "./shipstation/adapter";
import { createShipStationHttp } from "./shipstation/client";
import { adapter as shopify } from "./shopify/adapter";
import { createShopifyHttp } from "./shopify/client";
import { adapter as trendyol } from "./trendyol/adapter";
import { createTrendyolHttp } from "./trendyol/client";
import type { PlatformId } from "./types";
import { adapter as uzum } from "./uzum/adapter";
import { createUzumHttp } from "./uzum/client";
import { adapter as wildberries } from "./wildberries/adapter";
import { createWildberriesHttp } from "./wildberries/client";
import { adapter as yandexMarket } from "./yandex-market/adapter";
import { createYandexMarketHttp } from "./yandex-market/client";

export interface HttpDeps {
  db?: Db;
  fetch?: typeof fetch;
}

/** The adapter of a platform; the `never` default makes a platform that is not wired in fail to compile. */
export function platformAdapter(id: PlatformId): PlatformAdapter {
  switch (id) {
    case "trendyol":
      return trendyol;
    case "shopify":
      return shopify;
    case "sentos":
      return sentos;
    case "ebay":
      return ebay;
    case "shipstation":
      return shipstation;
    case "wildberries":
      return wildberries;
    case "ozon":
      return ozon;
    case "yandex-market":
      return yandexMarket;
    case "uzum":
      return uzum;
    default: {
      const unhandled: never = id;
      throw new Error(`No adapter for ${String(unhandled)}`);
    }
  }
}

/** The one HTTP client for a connection, set up with its platform's auth, headers, limits and error reading. */
export function createPlatformHttp(ctx: ConnectionContext, deps: HttpDeps = {}): PlatformHttpClient {
  const id = ctx.platform;
  switch (id) {
    case "trendyol":
      return createTrendyolHttp(ctx, deps);
    case "shopify":
      return createShopifyHttp(ctx, deps);
    case "sentos":
      return createSentosHttp(ctx, deps);
    case "ebay":
      return createEbayHttp(ctx, deps);
    case "shipstation":
      return createShipStationHttp(ctx, deps);
    case "wildberries":
      return createWildberriesHttp(ctx, deps);
    case "ozon":
      return createOzonHttp(ctx, deps);
    case "yandex-market":
      return createYandexMarketHttp(ctx, deps);
    case "uzum":
      return createUzumHttp(ctx, deps);
    default: {
      const unhandled: never = id;
      throw new Error(`No HTTP client for ${String(unhandled)}`);
    }
  }
}
