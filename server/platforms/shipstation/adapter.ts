import { testOutcomeForError, type ConnectionContext, type ConnectionTestOutcome, type PlatformAdapter } from "../adapter";
import type { PlatformHttpClient } from "../http";
import { accountFromStores, type ShipStationStore } from "./transform";

export function outcomeOf(err: unknown, prefix = ""): ConnectionTestOutcome {
  return testOutcomeForError(err, { prefix });
}

export const adapter: PlatformAdapter = {
  platform: "shipstation",
  /**
   * v1 GET /stores (cheap, Basic auth): the account name is the company on the stores. When a v2 key is configured,
   * GET /v2/warehouses proves it too, so a wrong v2 key shows up now rather than at the first label.
   */
  async testConnection(ctx: ConnectionContext, http: PlatformHttpClient): Promise<ConnectionTestOutcome> {
    let outcome: ConnectionTestOutcome;
    try {
      const res = await http.request<ShipStationStore[]>({ operation: "listStores", method: "GET", path: "/stores", query: { showInactive: false } });
      outcome = { status: "connected", ...accountFromStores(Array.isArray(res.body) ? res.body : []) };
    } catch (err) {
      return outcomeOf(err);
    }
    if (!ctx.credentials.apiKeyV2) return outcome;
    try {
      await http.request({ operation: "list_warehouses", method: "GET", path: "/v2/warehouses" });
      return { ...outcome, message: `${outcome.message} The v2 API key works too.` };
    } catch (err) {
      return outcomeOf(err, "The v1 key works, but the v2 API key does not: ");
    }
  },
};
