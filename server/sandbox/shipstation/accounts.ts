// Seeded ShipStation sandbox accounts: form values keyed by the ShipStation manifest's field keys.

export const SANDBOX_ACCOUNTS = {
  main: {
    values: {
      apiKey: "sandbox-shipstation-api-key",
      apiSecret: "sandbox-shipstation-api-secret",
      // v2 sandbox keys carry ShipStation's TEST_ prefix and get the sandbox limit (20 requests/min).
      apiKeyV2: "TEST_sandbox-shipstation-v2-key",
    },
    sellerId: 412345,
    companyName: "Kervan Sandbox Shipping",
  },
} as const;

export type ShipStationSandboxAccount = (typeof SANDBOX_ACCOUNTS)[keyof typeof SANDBOX_ACCOUNTS];
