import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { activityLog, cronState, partners } from "@/db/schema";
import { resetEnvForTests } from "@/server/env";
import { defineJob } from "@/server/jobs/define";
import { activityPrune } from "@/server/jobs/functions/activity-prune";
import { parseCron } from "@/server/jobs/runtime/cron";
import { startEmbeddedRunner, type EmbeddedRunner } from "@/server/jobs/runtime/embedded";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const at = (iso: string) => new Date(iso);

describe("cron expressions", () => {
  it("finds the next slot of common schedules (UTC)", () => {
    const daily = parseCron("0 3 * * *");
    expect(daily.next(at("2030-01-01T02:59:59Z"))).toEqual(at("2030-01-01T03:00:00Z"));
    expect(daily.next(at("2030-01-01T03:00:00Z"))).toEqual(at("2030-01-02T03:00:00Z"));
    expect(daily.next(at("2030-12-31T03:00:00Z"))).toEqual(at("2031-01-01T03:00:00Z"));
    expect(parseCron("*/15 * * * *").next(at("2030-01-01T10:07:30Z"))).toEqual(at("2030-01-01T10:15:00Z"));
    expect(parseCron("30 9 * * 1-5").next(at("2030-01-04T10:00:00Z"))).toEqual(at("2030-01-07T09:30:00Z")); // Fri → Mon
    expect(parseCron("0 9 * JAN,feb MON").next(at("2030-02-26T00:00:00Z"))).toEqual(at("2031-01-06T09:00:00Z"));
    expect(parseCron("0 0 * * 7").next(at("2030-01-01T00:00:00Z"))).toEqual(at("2030-01-06T00:00:00Z")); // 7 is Sunday
    expect(parseCron("5-10/5 8-9 * * *").next(at("2030-01-01T08:06:00Z"))).toEqual(at("2030-01-01T08:10:00Z"));
    expect(parseCron("0 12 29 2 *").next(at("2030-01-01T00:00:00Z"))).toEqual(at("2032-02-29T12:00:00Z"));
    expect(parseCron("@daily").next(at("2030-01-01T00:00:00Z"))).toEqual(at("2030-01-02T00:00:00Z"));
    expect(parseCron("TZ=UTC 0 3 * * *").next(at("2030-01-01T00:00:00Z"))).toEqual(at("2030-01-01T03:00:00Z"));
  });

  it("matches either day field when both are restricted, and both when one starts with *", () => {
    // 13th of the month OR a Friday. 2030-09-06 is a Friday, 2030-09-13 a Friday the 13th.
    const either = parseCron("0 0 13 * 5");
    expect(either.next(at("2030-09-01T00:00:00Z"))).toEqual(at("2030-09-06T00:00:00Z"));
    expect(either.next(at("2030-09-20T00:00:00Z"))).toEqual(at("2030-09-27T00:00:00Z"));
    // The 2nd (a Wednesday in January 2030), then Friday the 4th.
    const secondOrFriday = parseCron("0 0 2 * 5");
    expect(secondOrFriday.next(at("2030-01-01T00:00:00Z"))).toEqual(at("2030-01-02T00:00:00Z"));
    expect(secondOrFriday.next(at("2030-01-02T00:00:00Z"))).toEqual(at("2030-01-04T00:00:00Z"));
    // Odd days that are also Mondays.
    expect(parseCron("0 0 */2 * 1").next(at("2030-01-01T00:00:00Z"))).toEqual(at("2030-01-07T00:00:00Z"));
  });

  it("finds the latest slot at or before a time", () => {
    const daily = parseCron("0 3 * * *");
    expect(daily.previous(at("2030-01-04T05:00:00Z"))).toEqual(at("2030-01-04T03:00:00Z"));
    expect(daily.previous(at("2030-01-04T03:00:00Z"))).toEqual(at("2030-01-04T03:00:00Z"));
    expect(daily.previous(at("2030-01-01T02:59:59Z"))).toEqual(at("2029-12-31T03:00:00Z"));
    expect(parseCron("*/15 * * * *").previous(at("2030-01-01T10:14:59Z"))).toEqual(at("2030-01-01T10:00:00Z"));
    expect(parseCron("30 9 * * 1-5").previous(at("2030-01-06T12:00:00Z"))).toEqual(at("2030-01-04T09:30:00Z")); // Sun → Fri
    expect(parseCron("0 12 29 2 *").previous(at("2031-06-01T00:00:00Z"))).toEqual(at("2028-02-29T12:00:00Z"));
    expect(parseCron("0 0 2 * 5").previous(at("2030-01-03T12:00:00Z"))).toEqual(at("2030-01-02T00:00:00Z"));
    // next and previous agree on a busy schedule.
    const s = parseCron("5,35 */3 * * *");
    for (let t = at("2030-05-01T00:00:00Z"), i = 0; i < 50; i++) {
      const n = s.next(t);
      expect(s.previous(new Date(n.getTime() + 60_000 - 1))).toEqual(n);
      t = n;
    }
  });

  it("refuses what it cannot run, naming the problem", () => {
    expect(() => parseCron("60 * * * *")).toThrow(/minute 60 is outside 0-59/);
    expect(() => parseCron("* * *")).toThrow(/expected 5 fields/);
    expect(() => parseCron("a b c d e")).toThrow(/not a valid minute/);
    expect(() => parseCron("*/0 * * * *")).toThrow(/positive number/);
    expect(() => parseCron("5-1 * * * *")).toThrow(/backwards/);
    expect(() => parseCron("0 0 31 2 *").next(at("2030-01-01T00:00:00Z"))).toThrow(/no date ever matches/);
    expect(() => parseCron("TZ=Europe/Istanbul 0 3 * * *")).toThrow(/time zone/);
    expect(() => defineJob({ id: "test-bad-cron", cron: "0 25 * * *", retries: 0, async handler() {} })).toThrow(/hour 25/);
  });
});

describe("cron on the embedded runner", () => {
  let t: TestDatabase;
  const runners: EmbeddedRunner[] = [];
  let nowMs = 0;
  const clock = () => new Date(nowMs);
  const start = (functions: Parameters<typeof startEmbeddedRunner>[1]["functions"], workerId: string) => {
    const r = startEmbeddedRunner(t.db, { functions, pollMs: 60_000, workerId, now: clock, cron: true });
    runners.push(r);
    return r;
  };

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
  });
  afterAll(async () => {
    await t?.close();
  });

  it("runs a due schedule once per slot, across runners, with one catch-up run after downtime", async () => {
    const runs: string[] = [];
    const seen: { cron?: string; jobId: string | null }[] = [];
    const nightly = defineJob({
      id: "test-nightly",
      cron: "0 3 * * *",
      retries: 0,
      async handler({ event, job }) {
        runs.push(clock().toISOString());
        seen.push({ cron: event.data.cron, jobId: job.id });
      },
    });
    nowMs = at("2030-01-01T02:59:00Z").getTime();
    const first = start([nightly], "first");
    await first.drain();
    expect(runs).toEqual([]);
    const [state] = await t.db.select().from(cronState).where(eq(cronState.functionId, "test-nightly"));
    expect(state!.lastRunAt).toEqual(at("2030-01-01T02:59:00Z"));

    nowMs = at("2030-01-01T03:00:30Z").getTime();
    await first.drain();
    await first.drain();
    expect(runs).toEqual(["2030-01-01T03:00:30.000Z"]);
    expect(seen).toEqual([{ cron: "0 3 * * *", jobId: null }]);

    // A second worker sees the slot as taken.
    const second = start([nightly], "second");
    await Promise.all([second.drain(), first.drain()]);
    expect(runs).toHaveLength(1);

    // Down for three nights: one run for the latest slot, not three.
    nowMs = at("2030-01-04T09:00:00Z").getTime();
    await Promise.all([first.drain(), second.drain()]);
    expect(runs).toHaveLength(2);
    const [after] = await t.db.select().from(cronState).where(eq(cronState.functionId, "test-nightly"));
    expect(after!.lastRunAt).toEqual(at("2030-01-04T03:00:00Z"));
  });

  it("logs a failed cron run and runs it again at the next slot", async () => {
    let calls = 0;
    const flaky = defineJob({
      id: "test-flaky-cron",
      cron: "*/10 * * * *",
      retries: 0,
      async handler() {
        calls++;
        if (calls === 1) throw new Error("database busy");
      },
    });
    nowMs = at("2030-02-01T00:05:00Z").getTime();
    const r = start([flaky], "flaky");
    await r.drain();
    nowMs = at("2030-02-01T00:10:00Z").getTime();
    await expect(r.drain()).resolves.toBeUndefined();
    expect(calls).toBe(1);
    await r.drain();
    expect(calls).toBe(1);
    nowMs = at("2030-02-01T00:20:00Z").getTime();
    await r.drain();
    expect(calls).toBe(2);
  });

  it("activity-prune deletes entries older than ACTIVITY_RETENTION_DAYS at 03:00", async () => {
    process.env.ACTIVITY_RETENTION_DAYS = "30";
    resetEnvForTests();
    try {
      const [p] = await t.db.insert(partners).values({ name: "Prune Ltd" }).returning();
      // The handler prunes relative to the real time, so the entries are dated from it.
      const day = 86_400_000;
      await t.db.insert(activityLog).values([
        { partnerId: p!.id, level: "info", message: "old", createdAt: new Date(Date.now() - 31 * day) },
        { partnerId: p!.id, level: "info", message: "recent", createdAt: new Date(Date.now() - 29 * day) },
      ]);
      nowMs = at("2030-03-01T02:00:00Z").getTime();
      const r = start([activityPrune], "prune");
      await r.drain();
      expect((await t.db.select().from(activityLog)).map((a) => a.message).sort()).toEqual(["old", "recent"]);
      nowMs = at("2030-03-01T03:00:00Z").getTime();
      await r.drain();
      expect((await t.db.select().from(activityLog)).map((a) => a.message)).toEqual(["recent"]);
      const [{ n }] = (await t.db.select({ n: sql<number>`count(*)::int` }).from(cronState).where(eq(cronState.functionId, "activity-prune"))) as [
        { n: number },
      ];
      expect(n).toBe(1);
    } finally {
      delete process.env.ACTIVITY_RETENTION_DAYS;
      resetEnvForTests();
    }
  });
});
