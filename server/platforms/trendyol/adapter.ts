import type { ConnectionTestOutcome, PlatformAdapter } from "../adapter";
import { trendyolRequest } from "./client";
import { trendyolAccountName, trendyolOutcomeFromError } from "./transform";

export const adapter: PlatformAdapter = {
  platform: "trendyol",

  /** GET /sellers/{sellerId}/addresses: cheap, needs valid Basic credentials, the User-Agent and this seller's scope. */
  async testConnection(ctx, http): Promise<ConnectionTestOutcome> {
    const sellerId = (ctx.settings.sellerId ?? ctx.credentials.sellerId ?? "").trim();
    if (!/^\d+$/.test(sellerId)) return { status: "bad_credentials", message: "The Trendyol seller id must be a number" };
    try {
      const res = await trendyolRequest(http, { operation: "getSuppliersAddresses", method: "GET", path: `/sellers/${sellerId}/addresses` });
      const accountName = trendyolAccountName(sellerId, res.body);
      return { status: "connected", accountName, message: `Connected to ${accountName}` };
    } catch (err) {
      return trendyolOutcomeFromError(err);
    }
  },
};
