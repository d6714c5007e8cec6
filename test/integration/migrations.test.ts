import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

/** The committed migrations build the same schema on PGlite and, when TEST_DATABASE_URL is set, on PostgreSQL. */
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.close());

async function tablesOf(db: TestDatabase["db"]) {
  const res = (await db.execute(
    sql`select table_name, count(*)::int as columns from information_schema.columns where table_schema = 'public' group by table_name order by table_name`,
  )) as unknown as { rows: { table_name: string; columns: number }[] };
  return res.rows;
}

describe("migrations", () => {
  it(`apply on the test database and create every table`, async () => {
    const names = (await tablesOf(t.db)).map((r) => r.table_name);
    for (const table of ["partners", "users", "memberships", "invitations", "connections", "jobs", "job_steps", "job_items", "job_logs", "activity_log", "platform_api_configs"]) {
      expect(names).toContain(table);
    }
  });

  it("produce the same tables and columns on PGlite as on the test database, and run twice harmlessly", async () => {
    const lite = await openDatabase(undefined, { driver: "pglite" });
    await lite.migrate();
    await lite.migrate();
    expect(await tablesOf(lite.db)).toEqual(await tablesOf(t.db));
    await lite.close();
  });

  // Several `npm start` workers (or serverless instances) start at once against one new database.
  it.skipIf(!process.env.TEST_DATABASE_URL)("apply once when several processes migrate the same new PostgreSQL database at the same time", async () => {
    const serverUrl = process.env.TEST_DATABASE_URL!;
    const name = `kervan_m_${crypto.randomBytes(5).toString("hex")}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const handles = await Promise.all([1, 2, 3, 4].map(() => openDatabase(url.toString(), { driver: "node-postgres", poolMax: 1 })));
    try {
      await Promise.all(handles.map((h) => h.migrate()));
      expect(await tablesOf(handles[0]!.db)).toEqual(await tablesOf(t.db));
    } finally {
      await Promise.all(handles.map((h) => h.close()));
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
