import type { ConnectionContext, ConnectionTestOutcome, PlatformAdapter } from "../adapter";
import { PlatformError } from "../errors";
import type { PlatformHttpClient } from "../http";
import { accountFromStores, type ShipStationStore } from "./transform";

export function outcomeOf(err: unknown, prefix = ""): ConnectionTestOutcome {
  if (!(err instanceof PlatformError)) throw err;
  const message = `${prefix}${err.message}`;
  switch (err.kind) {
    case "authentication":
      return { status: "bad_credentials", message };
    case "permission":
      return { status: "permission_missing", message };
    case "rate_limited":
      return { status: "rate_limited", message };
    case "validation":
    case "not_found":
    case "transient":
    case "unreachable":
      return { status: "unreachable", message };
    default: {
      const never: never = err.kind;
      return { status: "unreachable", message: String(never) };
    }
  }
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
