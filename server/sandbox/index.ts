import { createEbaySimulator } from "./ebay";
import type { Simulator } from "./framework";
import { createOzonSimulator } from "./ozon";
import { createSentosSimulator } from "./sentos";
import { startSandboxServer, type SandboxServer } from "./server";
import { createShipStationSimulator } from "./shipstation";
import { createShopifySimulator } from "./shopify";
import { createTrendyolSimulator } from "./trendyol";
import { createUzumSimulator } from "./uzum";
import { createWildberriesSimulator } from "./wildberries";
import { createYandexMarketSimulator } from "./yandex-market";

/** One simulator per platform, each seeded with its sandbox account. */
export function allSimulators(): Simulator[] {
  return [
    createTrendyolSimulator(),
    createShopifySimulator(),
    createSentosSimulator(),
    createEbaySimulator(),
    createShipStationSimulator(),
    createWildberriesSimulator(),
    createOzonSimulator(),
    createYandexMarketSimulator(),
    createUzumSimulator(),
  ];
}

const globalForSandbox = globalThis as unknown as { __kervanSandbox?: Promise<SandboxServer | null>; __kervanSandboxUrl?: string };

/** The address of the simulators this process started, if it started them (SANDBOX_PORT=0 picks a free port). */
export const runningSandboxUrl = () => globalForSandbox.__kervanSandboxUrl;

/**
 * Starts the nine simulators on SANDBOX_PORT once per process, so Sandbox connections work in `npm run dev`.
 * If the port is taken (another dev server has them), that one is used.
 */
export function ensureSandboxServer(port: number): Promise<SandboxServer | null> {
  globalForSandbox.__kervanSandbox ??= startSandboxServer({ port, simulators: allSimulators() }).then(
    (server) => {
      globalForSandbox.__kervanSandboxUrl = server.url;
      return server;
    },
    (err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE") return null;
      throw err;
    },
  );
  return globalForSandbox.__kervanSandbox;
}
