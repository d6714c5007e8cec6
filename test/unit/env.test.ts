import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/server/env";

describe("settings", () => {
  it("picks the database driver from DATABASE_URL", () => {
    expect(parseEnv({}).databaseDriver).toBe("pglite");
    expect(parseEnv({ DATABASE_URL: "postgres://u@127.0.0.1:5432/kervan" }).databaseDriver).toBe("node-postgres");
    expect(parseEnv({ DATABASE_URL: "postgresql://u:p@ep-cool-1.eu-central-1.aws.neon.tech/neondb?sslmode=require" }).databaseDriver).toBe("neon");
  });

  it("picks the jobs runtime: embedded unless an Inngest setting is present", () => {
    expect(parseEnv({}).jobsRuntime).toBe("embedded");
    expect(parseEnv({ INNGEST_EVENT_KEY: "k" }).jobsRuntime).toBe("inngest");
    expect(parseEnv({ INNGEST_BASE_URL: "http://127.0.0.1:8288" }).jobsRuntime).toBe("inngest");
    expect(parseEnv({ INNGEST_DEV: "1" }).jobsRuntime).toBe("inngest");
  });

  it("names every bad setting in one clear error", () => {
    let err: unknown;
    try {
      parseEnv({ DATABASE_URL: "mysql://x", ACTIVITY_RETENTION_DAYS: "soon", ADMIN_EMAILS: "ok@example.com, not-an-email", SANDBOX: "maybe" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EnvError);
    const msg = (err as Error).message;
    expect(msg).toContain("DATABASE_URL must start with postgres://");
    expect(msg).toContain("ACTIVITY_RETENTION_DAYS");
    expect(msg).toContain("ADMIN_EMAILS");
    expect(msg).toContain("SANDBOX must be on or off");
  });

  it("requires AUTH_SECRET and ENCRYPTION_KEYS in production, not in development", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/AUTH_SECRET is required in production[\s\S]*ENCRYPTION_KEYS is required/);
    expect(() => parseEnv({ NODE_ENV: "development" })).not.toThrow();
  });

  it("keeps activity 90 days by default and lowercases admin e-mails", () => {
    const e = parseEnv({ ADMIN_EMAILS: "Boss@Example.com" });
    expect(e.ACTIVITY_RETENTION_DAYS).toBe(90);
    expect(e.ADMIN_EMAILS).toEqual(["boss@example.com"]);
  });

  it("runs the sandbox simulators outside production only, unless SANDBOX says otherwise", () => {
    expect(parseEnv({}).sandboxEnabled).toBe(true);
    expect(parseEnv({ NODE_ENV: "production", AUTH_SECRET: "x".repeat(32), ENCRYPTION_KEYS: "k:x" }).sandboxEnabled).toBe(false);
    expect(parseEnv({ NODE_ENV: "production", AUTH_SECRET: "x".repeat(32), ENCRYPTION_KEYS: "k:x", SANDBOX: "on" }).sandboxEnabled).toBe(true);
  });
});
