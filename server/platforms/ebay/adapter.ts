import { testOutcomeForError, type ConnectionContext, type ConnectionTestOutcome, type PlatformAdapter } from "../adapter";
import type { PlatformHttpClient } from "../http";
import { createEbayHttp, EbayHttpClient } from "./client";
import { privilegesSummary, type EbayPrivileges } from "./transform";

/** Maps a failed call to the outcome the cabinet shows, with eBay's own words. */
export function outcomeOf(err: unknown): ConnectionTestOutcome {
  return testOutcomeForError(err, {
    message: (e) => (e.kind === "permission" ? `${e.message} Re-consent Kervan with the sell.account, sell.inventory and sell.fulfillment scopes.` : undefined),
  });
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
