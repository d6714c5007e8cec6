import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setLogSink } from "@/server/log";
import { functions } from "@/server/jobs/functions";
import { startEmbeddedRunner } from "@/server/jobs/runtime/embedded";
import { makePartner, trendyolValues } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

/** A canary secret goes in through every door; it must come out of none but the vault. */
const CANARY = "CANARY-s3cr3t-7f1d9e2b4c";

let t: TestDatabase;
const logLines: string[] = [];
const responses: unknown[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  setLogSink((line) => logLines.push(line));
});
afterAll(async () => {
  setLogSink(undefined);
  await t?.close();
});

describe("secrets never leave the server", () => {
  it("masks the canary everywhere and keeps it only as ciphertext", async () => {
    const { caller } = await makePartner(t.db, "canary");
    const created = await caller.connections.create({ platform: "trendyol", name: "Canary shop", values: trendyolValues(CANARY) });
    responses.push(created);
    expect(created.credentialHints.apiSecret).toBe(`••••${CANARY.slice(-4)}`);

    // A failed update that carries the canary must not echo it back in the error.
    try {
      await caller.connections.update({ id: created.id, name: "Canary shop", environment: "production", values: { ...trendyolValues(CANARY), sellerId: "not-digits" } });
      throw new Error("expected a validation error");
    } catch (err) {
      responses.push({ message: (err as Error).message, cause: String((err as { cause?: unknown }).cause) });
    }
    // An update that leaves the secret empty keeps it (still masked the same).
    const kept = await caller.connections.update({ id: created.id, name: "Renamed", environment: "sandbox", values: { ...trendyolValues(""), apiSecret: "" } });
    responses.push(kept);
    expect(kept!.credentialHints.apiSecret).toBe(`••••${CANARY.slice(-4)}`);

    const job = await caller.connections.test({ id: created.id });
    responses.push(job);
    const runner = startEmbeddedRunner(t.db, { functions, pollMs: 20, workerId: "canary" });
    await runner.drain();
    await runner.stop();

    responses.push(await caller.connections.list(), await caller.connections.get({ id: created.id }));
    responses.push(await caller.jobs.list({ limit: 50 }), await caller.jobs.get({ id: job.jobId }));
    responses.push(await caller.activity.list({ limit: 100 }));

    expect(JSON.stringify(responses)).not.toContain(CANARY);
    expect(logLines.join("\n")).not.toContain(CANARY);

    // Every column of every table, except the ciphertext itself, is searched for the canary.
    const columns = (await t.db.execute(
      sql`select table_name, column_name from information_schema.columns where table_schema = 'public'`,
    )) as unknown as { rows?: { table_name: string; column_name: string }[] } | { table_name: string; column_name: string }[];
    const rows = Array.isArray(columns) ? columns : columns.rows!;
    expect(rows.length).toBeGreaterThan(20);
    for (const { table_name, column_name } of rows) {
      if (table_name === "connections" && column_name === "credentials_ciphertext") continue;
      const hit = (await t.db.execute(
        sql`select count(*)::int as n from ${sql.identifier(table_name)} where ${sql.identifier(column_name)}::text like ${"%" + CANARY + "%"}`,
      )) as unknown as { rows?: { n: number }[] } | { n: number }[];
      const n = Array.isArray(hit) ? hit[0]!.n : hit.rows![0]!.n;
      expect(n, `${table_name}.${column_name} holds the secret`).toBe(0);
    }
    const cipher = (await t.db.execute(sql`select credentials_ciphertext as c from connections`)) as unknown as { rows: { c: string }[] };
    expect(cipher.rows[0]!.c).not.toContain(CANARY);
  });
});
