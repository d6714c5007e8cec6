import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLATFORM_IDS } from "@/server/platforms/types";
import { allSimulators } from "@/server/sandbox";
import { sandboxConnectionValues } from "@/server/sandbox/accounts";
import { startSandboxServer, type SandboxServer } from "@/server/sandbox/server";
import { runConnectionTest } from "@/server/sync/connection-test";
import { makePartner } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

/** What a new user does in `npm run dev`: connect the sandbox account of every platform and press Test. */
let t: TestDatabase;
let sandbox: SandboxServer;
beforeAll(async () => {
  t = await createTestDatabase();
  sandbox = await startSandboxServer({ simulators: allSimulators() });
});
afterAll(async () => {
  await sandbox?.close();
  await t?.close();
});

describe("sandbox accounts", () => {
  it.each(PLATFORM_IDS)("%s: the form's sandbox values pass the manifest and the connection test says connected", async (platform) => {
    const p = await makePartner(t.db, `sbx-${platform}`);
    const values = sandboxConnectionValues()[platform];
    const c = await p.caller.connections.create({ platform, name: `${platform} sandbox`, environment: "sandbox", values });
    const outcome = await runConnectionTest(t.db, p.partnerId, c.id, { sandboxUrl: sandbox.url });
    expect(outcome.status, outcome.message).toBe("connected");
    const after = await p.caller.connections.get({ id: c.id });
    expect(after).toMatchObject({ status: "connected", lastTestResult: "connected" });
  });
});
