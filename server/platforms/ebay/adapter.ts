import type { ConnectionContext, ConnectionTestOutcome, PlatformAdapter } from "../adapter";
import { PlatformError } from "../errors";
import type { PlatformHttpClient } from "../http";
import { createEbayHttp, EbayHttpClient } from "./client";
import { privilegesSummary, type EbayPrivileges } from "./transform";

/** Maps a failed call to the outcome the cabinet shows, with eBay's own words. */
export function outcomeOf(err: unknown): ConnectionTestOutcome {
  if (!(err instanceof PlatformError)) throw err;
  switch (err.kind) {
    case "authentication":
      return { status: "bad_credentials", message: err.message };
    case "permission":
      return {
        status: "permission_missing",
        message: `${err.message} Re-consent Kervan with the sell.account, sell.inventory and sell.fulfillment scopes.`,
      };
    case "rate_limited":
      return { status: "rate_limited", message: err.message };
    case "validation":
    case "not_found":
    case "transient":
    case "unreachable":
      return { status: "unreachable", message: err.message };
    default: {
      const never: never = err.kind;
      return { status: "unreachable", message: String(never) };
    }
  }
}

export const adapter: PlatformAdapter = {
  platform: "ebay",
  /**
   * Refresh-token grant, then GET /sell/account/v1/privilege (cheap, needs the sell.account scope). eBay's contracts
   * here have no call that returns the seller's user name, so accountName stays empty and the message says what eBay
   * returned (registration, selling limit).
   */
  async testConnection(ctx: ConnectionContext, http: PlatformHttpClient): Promise<ConnectionTestOutcome> {
    const client = http instanceof EbayHttpClient ? http : createEbayHttp(ctx);
    try {
      const res = await client.request<EbayPrivileges>({ operation: "getPrivileges", method: "GET", path: "/sell/account/v1/privilege" });
      return { status: "connected", message: privilegesSummary(res.body ?? {}, ctx.settings.marketplaceId) };
    } catch (err) {
      return outcomeOf(err);
    }
  },
};
