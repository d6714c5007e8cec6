// Uzum Market adapter. Connection test: GET /v1/shops — the shops the token opens, by name; the connection's shopId
// must be one of them.
import { testOutcomeForError, type ConnectionTestOutcome, type PlatformAdapter } from "../adapter";
import { describeShops, readShops } from "./transform";

export function outcomeForError(err: unknown): ConnectionTestOutcome {
  // A 400/404 that is not about credentials: the address does not lead to the seller API.
  return testOutcomeForError(err, {
    message: (e) => (e.kind === "validation" || e.kind === "not_found" ? `Uzum Market answered HTTP ${e.status ?? "?"}: ${e.message}` : undefined),
  });
}

export const adapter: PlatformAdapter = {
  platform: "uzum",
  async testConnection(ctx, http) {
    const shopId = Number(ctx.settings.shopId);
    try {
      const res = await http.request({ operation: "getShops", method: "GET", path: "/v1/shops" });
      const shops = readShops(res.body);
      const shop = shops.find((s) => s.id === shopId);
      if (!shop) {
        return { status: "permission_missing", message: `This token does not open shop ${shopId}; it opens: ${describeShops(shops)}` };
      }
      const others = shops.filter((s) => s.id !== shopId);
      return {
        status: "connected",
        accountName: shop.name,
        message: `Connected to ${shop.name} (${shop.id})${others.length ? `; the token also opens ${describeShops(others)}` : ""}`,
      };
    } catch (err) {
      return outcomeForError(err);
    }
  },
};
