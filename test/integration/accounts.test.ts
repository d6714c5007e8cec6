import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberships, users } from "@/db/schema";
import { delayAfter, FREE_ATTEMPTS } from "@/server/auth/throttle";
import { acceptInvitation, AccountError, signUp, verifyCredentials } from "@/server/services/accounts";
import { invite } from "@/server/services/members";
import { createAdmin } from "@/server/services/admin";
import { callerFor, makePartner } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.close());

async function rejects(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

describe("sign-up", () => {
  it("creates a partner and its owner with an argon2id hash, never the password", async () => {
    const { partnerId, userId } = await signUp(t.db, { partnerName: "Anadolu Tekstil", name: "Ayşe", email: "Ayse@Example.com", password: "correct horse battery" });
    const [user] = await t.db.select().from(users).where(eq(users.id, userId));
    expect(user!.email).toBe("ayse@example.com");
    expect(user!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user!.passwordHash).not.toContain("correct horse");
    const [m] = await t.db.select().from(memberships).where(eq(memberships.userId, userId));
    expect(m).toMatchObject({ partnerId, role: "owner" });
  });

  it("refuses a second account with the same e-mail in any letter case", async () => {
    const err = await rejects(signUp(t.db, { partnerName: "Copy", name: "X", email: "AYSE@example.com", password: "another password" }));
    expect(err).toBeInstanceOf(AccountError);
    expect((err as AccountError).code).toBe("email_taken");
  });

  it("rejects bad input with message keys, creating nothing", async () => {
    const before = (await t.db.select().from(users)).length;
    const err = await rejects(signUp(t.db, { partnerName: "", name: "", email: "nope", password: "short" }));
    expect(String(err)).toContain("validation.email");
    expect(String(err)).toContain("validation.passwordTooShort");
    expect((await t.db.select().from(users)).length).toBe(before);
  });
});

describe("sign-in", () => {
  it("accepts the right password and rejects a wrong one", async () => {
    const p = await makePartner(t.db, "signin");
    await expect(verifyCredentials(t.db, p.email.toUpperCase(), p.password)).resolves.toMatchObject({ id: p.userId });
    expect(((await rejects(verifyCredentials(t.db, p.email, "wrong password"))) as AccountError).code).toBe("invalid_credentials");
  });

  it("slows down repeated failures: after the free attempts even the right password must wait", async () => {
    const p = await makePartner(t.db, "slow");
    const now = new Date("2026-01-01T10:00:00Z");
    for (let i = 0; i < FREE_ATTEMPTS; i++) await rejects(verifyCredentials(t.db, p.email, "guess", now));
    const blocked = (await rejects(verifyCredentials(t.db, p.email, p.password, now))) as AccountError;
    expect(blocked.code).toBe("rate_limited");
    expect(blocked.retryAfterMs).toBeGreaterThan(0);
    const later = new Date(now.getTime() + delayAfter(FREE_ATTEMPTS) + 1);
    await expect(verifyCredentials(t.db, p.email, p.password, later)).resolves.toMatchObject({ id: p.userId });
  });

  it("doubles the wait with each failure past the free ones, up to 15 minutes", () => {
    expect(delayAfter(FREE_ATTEMPTS - 1)).toBe(0);
    expect(delayAfter(FREE_ATTEMPTS + 1)).toBe(2 * delayAfter(FREE_ATTEMPTS));
    expect(delayAfter(100)).toBe(15 * 60_000);
  });

  it("treats an unknown e-mail like a wrong password", async () => {
    expect(((await rejects(verifyCredentials(t.db, "ghost@example.com", "whatever12345"))) as AccountError).code).toBe("invalid_credentials");
  });
});

describe("invitations", () => {
  it("lets an invited new user join the partner with the invited role, once", async () => {
    const owner = await makePartner(t.db, "inviter");
    const inv = await invite(t.db, owner.partnerId, owner.userId, { email: "colleague@example.com", role: "member" });
    if (inv.status !== "invited") throw new Error("expected an invitation");
    const joined = await acceptInvitation(t.db, { token: inv.token, name: "Colleague", password: "colleague password" });
    expect(joined.partnerId).toBe(owner.partnerId);
    const caller = await callerFor(t.db, joined.userId);
    expect(await caller.account.me()).toMatchObject({ partnerId: owner.partnerId, role: "member" });
    expect(((await rejects(acceptInvitation(t.db, { token: inv.token, name: "Again", password: "colleague password" }))) as AccountError).code).toBe("invalid_invitation");
  });

  it("makes an existing account prove its password before joining", async () => {
    const owner = await makePartner(t.db, "inv2");
    const other = await makePartner(t.db, "existing");
    const inv = await invite(t.db, owner.partnerId, owner.userId, { email: other.email, role: "owner" });
    if (inv.status !== "invited") throw new Error("expected an invitation");
    expect(((await rejects(acceptInvitation(t.db, { token: inv.token, name: "x", password: "not the password" }))) as AccountError).code).toBe("invalid_credentials");
    await acceptInvitation(t.db, { token: inv.token, name: "x", password: other.password });
    const caller = await callerFor(t.db, other.userId, owner.partnerId);
    expect(await caller.account.me()).toMatchObject({ partnerId: owner.partnerId, role: "owner" });
  });

  it("does not invite someone who is already a member", async () => {
    const owner = await makePartner(t.db, "inv3");
    expect((await invite(t.db, owner.partnerId, owner.userId, { email: owner.email, role: "member" })).status).toBe("already_member");
  });

  it("only owners may invite", async () => {
    const owner = await makePartner(t.db, "inv4");
    const inv = await invite(t.db, owner.partnerId, owner.userId, { email: "m4@example.com", role: "member" });
    if (inv.status !== "invited") throw new Error("expected an invitation");
    const m = await acceptInvitation(t.db, { token: inv.token, name: "M", password: "member password" });
    const caller = await callerFor(t.db, m.userId);
    await expect(caller.members.invite({ email: "x@example.com", role: "owner" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("administrators", () => {
  it("admin:create makes an administrator who can read the admin area", async () => {
    const { userId } = await createAdmin(t.db, "ops@kervan.test", "operator password");
    const caller = await callerFor(t.db, userId);
    const configs = await caller.admin.platformConfigs();
    expect(configs).toHaveLength(9);
    expect((await caller.admin.partners()).length).toBeGreaterThan(0);
  });
});
