// Ozon adapter. Connection test: POST /v1/warehouse/list — cheap, read-only, in the contract, and it needs a role
// that catalog and stock work need too (a key without it answers 403 "Api-Key is missing a required role").
import type { ConnectionTestOutcome, PlatformAdapter } from "../adapter";
import { PlatformError } from "../errors";
import { describeWarehouses, ozonAccountName, readWarehouses } from "./transform";

export function outcomeForError(err: unknown): ConnectionTestOutcome {
  if (!(err instanceof PlatformError)) throw err;
  switch (err.kind) {
    case "authentication":
      return { status: "bad_credentials", message: err.message };
    case "permission":
      return { status: "permission_missing", message: err.message };
    case "rate_limited":
      return { status: "rate_limited", message: err.message };
    case "unreachable":
    case "transient":
      return { status: "unreachable", message: err.message };
    default:
      // 400/404 that are not about credentials: the address does not lead to the Seller API.
      return { status: "unreachable", message: `Ozon answered HTTP ${err.status ?? "?"}: ${err.message}` };
  }
}

export const adapter: PlatformAdapter = {
  platform: "ozon",
  async testConnection(ctx, http) {
    const clientId = ctx.settings.clientId ?? "";
    try {
      // The contract declares no request body for this method, so none is sent; the content type every Ozon
      // request carries (tag Environment) is kept.
      const res = await http.request({
        operation: "WarehouseAPI_WarehouseList",
        method: "POST",
        path: "/v1/warehouse/list",
        headers: { "content-type": "application/json" },
        idempotent: true,
      });
      const warehouses = readWarehouses(res.body);
      return {
        status: "connected",
        accountName: ozonAccountName(clientId),
        message: `Connected to Ozon seller ${clientId}, ${describeWarehouses(warehouses)}`,
      };
    } catch (err) {
      return outcomeForError(err);
    }
  },
};
