import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConnectionCredentials } from "@/server/vault";
import { makePartner, trendyolValues } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

let t: TestDatabase;
let p: Awaited<ReturnType<typeof makePartner>>;
beforeAll(async () => {
  t = await createTestDatabase();
  p = await makePartner(t.db, "conn");
});
afterAll(() => t?.close());

const creds = (id: string) => readConnectionCredentials(t.db, { partnerId: p.partnerId, connectionId: id });

describe("connections", () => {
  it("generates webhook secrets at creation and keeps them, and untouched secrets, through an edit", async () => {
    const c = await p.caller.connections.create({ platform: "trendyol", name: "TY", values: trendyolValues("first-secret-1234") });
    const before = (await creds(c.id))!;
    expect(before.apiSecret).toBe("first-secret-1234");
    expect(before).not.toHaveProperty("sellerId"); // a setting, not a secret: stored in the clear on the row
    expect(before.webhookPassword).toMatch(/^[\w-]{30,}$/);
    expect(before.webhookVerificationToken).toMatch(/^[0-9a-f]{64}$/);
    expect(c.credentialHints).not.toHaveProperty("webhookPassword");

    const edited = await p.caller.connections.update({ id: c.id, name: "TY 2", environment: "sandbox", values: { sellerId: "654321", apiKey: "", apiSecret: "" } });
    expect(edited).toMatchObject({ name: "TY 2", environment: "sandbox", settings: { sellerId: "654321" }, status: "pending" });
    const after = (await creds(c.id))!;
    expect(after.apiSecret).toBe("first-secret-1234");
    expect(after.apiKey).toBe(before.apiKey);
    expect(after.webhookPassword).toBe(before.webhookPassword);

    await p.caller.connections.update({ id: c.id, name: "TY 2", environment: "sandbox", values: { sellerId: "654321", apiKey: "", apiSecret: "second-secret-9876" } });
    expect((await creds(c.id))!.apiSecret).toBe("second-secret-9876");
  });

  it("refuses unknown fields and bad values with field errors, storing nothing", async () => {
    const before = (await p.caller.connections.list()).length;
    const err = await p.caller.connections.create({ platform: "trendyol", name: "Bad", values: { ...trendyolValues(), sellerId: "abc", colour: "red" } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe("BAD_REQUEST");
    expect(JSON.parse((err as TRPCError).message)).toEqual({ colour: ["validation.unknownField"] });
    const err2 = await p.caller.connections.create({ platform: "trendyol", name: "Bad", values: { ...trendyolValues(), sellerId: "abc" } }).catch((e: unknown) => e);
    expect(Object.keys(JSON.parse((err2 as TRPCError).message))).toEqual(["sellerId"]);
    expect((await p.caller.connections.list()).length).toBe(before);
  });

  it("deactivates, reactivates (waiting for a test) and deletes", async () => {
    const c = await p.caller.connections.create({ platform: "ozon", name: "Ozon", values: { clientId: "100200", apiKey: "k-123456" } });
    expect((await p.caller.connections.setActive({ id: c.id, active: false })).status).toBe("disabled");
    expect((await p.caller.connections.setActive({ id: c.id, active: true })).status).toBe("pending");
    await p.caller.connections.delete({ id: c.id });
    await expect(p.caller.connections.get({ id: c.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await creds(c.id).catch((e: Error) => e.name)).toBe("ConnectionNotFoundError");
  });
});
