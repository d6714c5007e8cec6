// Uzum Market adapter. Connection test: GET /v1/shops — the shops the token opens, by name; the connection's shopId
// must be one of them.
import type { ConnectionTestOutcome, PlatformAdapter } from "../adapter";
import { PlatformError } from "../errors";
import { describeShops, readShops } from "./transform";

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
      return { status: "unreachable", message: `Uzum Market answered HTTP ${err.status ?? "?"}: ${err.message}` };
  }
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
