import { describe, expect, it } from "vitest";
import { webhookSourceIp } from "@/server/webhooks/source-ip";

describe("webhook source address", () => {
  it("is the peer `npm start` appended, not an address the sender wrote before it", () => {
    expect(webhookSourceIp("91.223.93.10, 203.0.113.7", "production", 0)).toBe("203.0.113.7");
    expect(webhookSourceIp("203.0.113.7", "production", 0)).toBe("203.0.113.7");
  });

  it("is the address the nearest trusted proxy saw when proxies are declared", () => {
    // forged by the sender, then the real sender as the proxy saw it, then the proxy itself
    expect(webhookSourceIp("91.223.93.10, 198.51.100.4, 10.0.0.2", "production", 1)).toBe("198.51.100.4");
    expect(webhookSourceIp("198.51.100.4, 10.0.0.3, 10.0.0.2", "production", 2)).toBe("198.51.100.4");
    expect(webhookSourceIp("10.0.0.2", "production", 3)).toBe("10.0.0.2");
  });

  it("takes the address a simulator declares for Sandbox connections", () => {
    expect(webhookSourceIp("91.223.93.10, 127.0.0.1", "sandbox", 0)).toBe("91.223.93.10");
  });

  it("is unknown without the header", () => {
    expect(webhookSourceIp(null, "production", 0)).toBeUndefined();
    expect(webhookSourceIp(" , ", "production", 0)).toBeUndefined();
  });
});
