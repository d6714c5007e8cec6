import { testOutcomeForError, type ConnectionContext, type ConnectionTestOutcome, type PlatformAdapter } from "../adapter";
import type { PlatformHttpClient } from "../http";
import { CATEGORY_LABEL, HOST_CATEGORY, sellerAccountName, TOKEN_FIELD, type WbCategory, type WbSellerInfo } from "./transform";

export function outcomeOf(err: unknown, prefix = ""): ConnectionTestOutcome {
  return testOutcomeForError(err, { prefix });
}

const HOST_OF: Record<WbCategory, string> = Object.fromEntries(Object.entries(HOST_CATEGORY).map(([host, c]) => [c, host])) as Record<WbCategory, string>;

/** Categories whose token the test proves: content always, the others when a token is set (marketplace also when a warehouse is). */
function categoriesToCheck(ctx: ConnectionContext): WbCategory[] {
  const out: WbCategory[] = ["content"];
  for (const c of ["prices", "marketplace", "statistics"] as const) {
    if (ctx.credentials[TOKEN_FIELD[c]] || (c === "marketplace" && ctx.settings.warehouseId)) out.push(c);
  }
  return out;
}

export const adapter: PlatformAdapter = {
  platform: "wildberries",
  /**
   * GET /ping on each category's host with that category's token (WB's own check that the token is valid and of the
   * right category; 3 per 30 s per host), then GET /api/v1/seller-info for the seller's name.
   */
  async testConnection(ctx: ConnectionContext, http: PlatformHttpClient): Promise<ConnectionTestOutcome> {
    const checked: string[] = [];
    for (const category of categoriesToCheck(ctx)) {
      const own = !!ctx.credentials[TOKEN_FIELD[category]];
      const label = CATEGORY_LABEL[category];
      try {
        await http.request({ operation: "ping", method: "GET", path: `/${HOST_OF[category]}/ping` });
        checked.push(label);
      } catch (err) {
        const which = own ? `the ${label} token` : `the content token (used for ${label})`;
        return outcomeOf(err, `Wildberries refused ${which}: `);
      }
    }
    try {
      const res = await http.request<WbSellerInfo>({ operation: "getSellerInfo", method: "GET", path: "/common-api/api/v1/seller-info" });
      const accountName = sellerAccountName(res.body ?? {});
      return {
        status: "connected",
        ...(accountName ? { accountName } : {}),
        message: `Connected to Wildberries${accountName ? ` as ${accountName}` : ""}. Tokens checked: ${checked.join(", ")}.`,
      };
    } catch (err) {
      return outcomeOf(err);
    }
  },
};
