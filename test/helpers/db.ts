import crypto from "node:crypto";
import pg from "pg";
import { openDatabase, setDatabaseForTests, type Db } from "@/db/client";

export interface TestDatabase {
  db: Db;
  driver: string;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database on the
 * PostgreSQL server named by TEST_DATABASE_URL (created here and dropped on close).
 * It also becomes the process database that services reach through `db()`.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const handle = await openDatabase(undefined, { driver: "pglite" });
    await handle.migrate();
    setDatabaseForTests(handle);
    return { db: handle.db, driver: "pglite", close: async () => { setDatabaseForTests(undefined); await handle.close(); } };
  }
  const name = `kervan_t_${crypto.randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase(url.toString(), { driver: "node-postgres" });
  await handle.migrate();
  setDatabaseForTests(handle);
  return {
    db: handle.db,
    driver: "node-postgres",
    close: async () => {
      setDatabaseForTests(undefined);
      await handle.close();
      const a = new pg.Client({ connectionString: serverUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
