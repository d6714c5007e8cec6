// Yandex Market adapter. Connection test: GET /v2/campaigns (the shops the token's cabinet has, with shop and
// business names), then POST /v2/auth/token (the token's scopes), so a token that cannot push stock, prices or
// read orders is reported before the first sync fails.
import { testOutcomeForError, type ConnectionTestOutcome, type PlatformAdapter } from "../adapter";
import { PlatformError } from "../errors";
import type { PlatformHttpClient } from "../http";
import { YANDEX_BUCKETS } from "./client";
import { API_AVAILABILITY, missingScopes, readCampaigns, readTokenScopes, yandexAccountName, type YandexCampaign } from "./transform";

/** The token's cabinet has few shops; a runaway pager must still end. */
const MAX_CAMPAIGN_PAGES = 20;

export function outcomeForError(err: unknown): ConnectionTestOutcome {
  // A 400/404 that is not about credentials: the address does not lead to the Partner API.
  return testOutcomeForError(err, {
    message: (e) => (e.kind === "validation" || e.kind === "not_found" ? `Yandex Market answered HTTP ${e.status ?? "?"}: ${e.message}` : undefined),
  });
}

async function findCampaign(http: PlatformHttpClient, campaignId: number): Promise<{ found?: YandexCampaign; all: YandexCampaign[] }> {
  const all: YandexCampaign[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_CAMPAIGN_PAGES; page++) {
    const res = await http.request({
      operation: "getCampaigns",
      method: "GET",
      path: "/v2/campaigns",
      query: { pageToken, limit: 100 },
      bucket: YANDEX_BUCKETS.campaigns,
    });
    const { campaigns, nextPageToken } = readCampaigns(res.body);
    all.push(...campaigns);
    const found = campaigns.find((c) => c.id === campaignId);
    if (found) return { found, all };
    if (!nextPageToken) break;
    pageToken = nextPageToken;
  }
  return { all };
}

export const adapter: PlatformAdapter = {
  platform: "yandex-market",
  async testConnection(ctx, http) {
    const campaignId = Number(ctx.settings.campaignId);
    const businessId = Number(ctx.settings.businessId);
    try {
      const { found, all } = await findCampaign(http, campaignId);
      if (!found) {
        const shops = all.map((c) => `${c.domain} (${c.id})`).join(", ") || "none";
        return { status: "permission_missing", message: `This token's cabinet has no shop with campaignId ${campaignId}; its shops: ${shops}` };
      }
      const accountName = yandexAccountName(found);
      if (found.businessId !== undefined && found.businessId !== businessId) {
        return {
          status: "permission_missing",
          accountName,
          message: `Shop ${campaignId} belongs to cabinet ${found.businessId}, not to businessId ${businessId}`,
        };
      }
      if (found.apiAvailability && found.apiAvailability !== "AVAILABLE") {
        return { status: "permission_missing", accountName, message: API_AVAILABILITY[found.apiAvailability] ?? `API access: ${found.apiAvailability}` };
      }

      let scopes: string[] | undefined;
      try {
        const res = await http.request({ operation: "getAuthTokenInfo", method: "POST", path: "/v2/auth/token", idempotent: true, bucket: YANDEX_BUCKETS.authToken });
        scopes = readTokenScopes(res.body)?.scopes;
      } catch (err) {
        // The shop answered; a token-info hiccup is no reason to call the connection broken.
        if (!(err instanceof PlatformError) || err.kind === "authentication") throw err;
      }
      const missing = scopes ? missingScopes(scopes) : [];
      if (missing.length) {
        return {
          status: "permission_missing",
          accountName,
          message: `The token lacks access Kervan needs: ${missing.join(", ")} (it has ${scopes!.join(", ") || "none"})`,
          remember: { yandexScopes: scopes!.join(",") },
        };
      }
      return {
        status: "connected",
        accountName,
        message: `Connected to ${accountName}, ${found.placementType ?? "shop"} ${campaignId}`,
        ...(scopes ? { remember: { yandexScopes: scopes.join(",") } } : {}),
      };
    } catch (err) {
      return outcomeForError(err);
    }
  },
};
