import type { PlatformId } from "./types";

/**
 * Short names in webhook addresses: Trendyol refuses callback URLs that contain "trendyol", so its connections
 * register `/api/webhooks/ty/<id>`. Pure, so the cabinet shows the same address the intake accepts.
 */
export const WEBHOOK_PATH_ALIASES: Record<string, PlatformId> = { ty: "trendyol" };

export const webhookPathSegment = (platform: string) => (platform === "trendyol" ? "ty" : platform);

export const webhookPath = (platform: string, connectionId: string) => `/api/webhooks/${webhookPathSegment(platform)}/${connectionId}`;
