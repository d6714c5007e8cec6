import { env } from "@/server/env";

/**
 * The address a delivery came from, for the platforms that are recognised by their source range (Ozon, Yandex
 * Market). X-Forwarded-For is read from the right: `npm start` appends the socket's peer to it (as a proxy
 * does), so the last entry is the one no sender can forge, and each trusted proxy in front
 * (TRUSTED_PROXY_HOPS) moves the real sender one entry to the left. Entries further left are the sender's own
 * words. Sandbox connections take the first entry: the simulators run on this machine and declare the
 * platform's address there.
 */
export function webhookSourceIp(forwardedFor: string | null, environment: "production" | "sandbox", hops = env().TRUSTED_PROXY_HOPS): string | undefined {
  const entries = (forwardedFor ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) return undefined;
  if (environment === "sandbox") return entries[0];
  return entries[Math.max(0, entries.length - 1 - hops)];
}
