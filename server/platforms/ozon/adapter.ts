// Ozon adapter. Connection test: POST /v1/warehouse/list — cheap, read-only, in the contract, and it needs a role
// that catalog and stock work need too (a key without it answers 403 "Api-Key is missing a required role").
import { testOutcomeForError, type ConnectionTestOutcome, type PlatformAdapter } from "../adapter";
import { describeWarehouses, ozonAccountName, readWarehouses } from "./transform";

export function outcomeForError(err: unknown): ConnectionTestOutcome {
  // A 400/404 that is not about credentials: the address does not lead to the seller API.
  return testOutcomeForError(err, {
    message: (e) => (e.kind === "validation" || e.kind === "not_found" ? `Ozon answered HTTP ${e.status ?? "?"}: ${e.message}` : undefined),
  });
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
