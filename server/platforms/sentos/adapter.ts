import type { ConnectionTestOutcome, PlatformAdapter } from "../adapter";
import { PlatformError } from "../errors";
import { SENTOS_AUTH_PROBE_BUCKET } from "./client";
import { readSentosPage, SCHEME_LABELS, schemesToTry, sentosAccountName, sentosAuth, sentosOutcomeFromError } from "./transform";

export const adapter: PlatformAdapter = {
  platform: "sentos",

  /**
   * Sentos tenants differ in how they take credentials, so each scheme is tried in turn on GET /products?page=1&
   * pageSize=1 (the remembered one first); the first that answers 2xx is remembered. 401/403 move on to the next
   * scheme; anything else (limit, outage) stops, since the next scheme would meet the same.
   */
  async testConnection(ctx, http): Promise<ConnectionTestOutcome> {
    let lastAuth: PlatformError | undefined;
    let lastPermission: PlatformError | undefined;
    for (const scheme of schemesToTry(ctx.memory.sentosAuthScheme)) {
      try {
        const res = await http.request({
          operation: "listProducts",
          method: "GET",
          path: "/products",
          query: { page: 1, pageSize: 1 },
          auth: sentosAuth(scheme, ctx.credentials),
          bucket: SENTOS_AUTH_PROBE_BUCKET,
        });
        const page = readSentosPage(res.body);
        const accountName = sentosAccountName(ctx.settings, ctx.baseUrl);
        const products = page ? `, ${page.total_elements} products` : "";
        return {
          status: "connected",
          accountName,
          message: `Connected to Sentos ${accountName} with ${SCHEME_LABELS[scheme]}${products}`,
          remember: { sentosAuthScheme: scheme },
        };
      } catch (err) {
        if (err instanceof PlatformError && err.kind === "authentication") lastAuth = err;
        else if (err instanceof PlatformError && err.kind === "permission") lastPermission = err;
        else return sentosOutcomeFromError(err);
      }
    }
    if (lastPermission) return { status: "permission_missing", message: lastPermission.message };
    return { status: "bad_credentials", message: lastAuth?.message ?? "Sentos refused every way of sending the credentials" };
  },
};
