import fs from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { env } from "@/server/env";
import { log } from "@/server/log";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The one database type every query function takes; the driver behind it depends on DATABASE_URL. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

interface Handle {
  db: Db;
  driver: "pglite" | "node-postgres" | "neon";
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/** Opens a database: PGlite in `dataDir` when url is empty, node-postgres for a server, Neon's driver for Neon. */
export async function openDatabase(url: string | undefined, opts: { dataDir?: string; driver?: Handle["driver"]; poolMax?: number } = {}): Promise<Handle> {
  const driver = opts.driver ?? (url ? (await import("@/server/env")).databaseDriverFor(url) : "pglite");
  if (driver === "pglite") {
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    let client: InstanceType<typeof PGlite>;
    if (opts.dataDir) {
      fs.mkdirSync(opts.dataDir, { recursive: true });
      client = new PGlite(opts.dataDir);
    } else {
      client = new PGlite();
    }
    const db = drizzle({ client, schema, casing: "snake_case" });
    return {
      db: db as unknown as Db,
      driver,
      migrate: () => migrate(db, { migrationsFolder: MIGRATIONS_FOLDER }),
      close: () => client.close(),
    };
  }
  if (driver === "neon") {
    const { Pool } = await import("@neondatabase/serverless");
    const { drizzle } = await import("drizzle-orm/neon-serverless");
    const { migrate } = await import("drizzle-orm/neon-serverless/migrator");
    const pool = new Pool({ connectionString: url, max: opts.poolMax ?? 20 });
    pool.on("error", idleClientError);
    const db = drizzle({ client: pool, schema, casing: "snake_case" });
    return {
      db: db as unknown as Db,
      driver,
      migrate: () => withMigrationLock(new Pool({ connectionString: url, max: 1 }).on("error", idleClientError), () => migrate(db, { migrationsFolder: MIGRATIONS_FOLDER })),
      close: () => pool.end(),
    };
  }
  const { Pool } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const pool = new Pool({ connectionString: url, max: opts.poolMax ?? 20 });
  pool.on("error", idleClientError);
  const db = drizzle({ client: pool, schema, casing: "snake_case" });
  return {
    db: db as unknown as Db,
    driver,
    migrate: () => withMigrationLock(new Pool({ connectionString: url, max: 1 }).on("error", idleClientError), () => migrate(db, { migrationsFolder: MIGRATIONS_FOLDER })),
    close: () => pool.end(),
  };
}

/** Any number for the lock, the same in every process: "kervan" in ASCII. */
const MIGRATION_LOCK = 0x6b657276616e;

interface LockablePool {
  connect(): Promise<{ query(text: string, values?: unknown[]): Promise<unknown>; release(): void }>;
  end(): Promise<void>;
}

/**
 * Processes that start together (several `npm start` workers, serverless instances) apply migrations one at a
 * time: each waits on a session advisory lock, and the later ones find nothing left to apply. The lock is held
 * on a connection of its own (`lockPool`, closed afterwards), so a pool of one connection cannot deadlock.
 */
async function withMigrationLock<T>(lockPool: LockablePool, work: () => Promise<T>): Promise<T> {
  const client = await lockPool.connect().catch(async (err: unknown) => {
    await lockPool.end().catch(() => undefined);
    throw err;
  });
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      return await work();
    } finally {
      await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
    await lockPool.end();
  }
}

/**
 * An idle pooled connection that the server closes (restart, failover, admin termination) must not crash the
 * process: the pool drops it and opens a new one for the next query.
 */
function idleClientError(err: Error) {
  log.warn("An idle database connection was closed; the pool opens a new one", { error: err.message });
}

const globalForDb = globalThis as unknown as { __kervanDb?: Promise<Handle> };

/** The process-wide database, migrated on first use. Shared across Next.js module copies through globalThis. */
export function getDatabase(): Promise<Handle> {
  globalForDb.__kervanDb ??= (async () => {
    const e = env();
    const dataDir = path.resolve(e.DATA_DIR, "pglite");
    if (e.databaseDriver === "pglite") claimEmbeddedDatabase(dataDir);
    const handle = await openDatabase(e.DATABASE_URL, { dataDir, driver: e.databaseDriver, poolMax: e.DATABASE_POOL_MAX });
    await handle.migrate();
    return handle;
  })();
  return globalForDb.__kervanDb;
}

export async function db(): Promise<Db> {
  return (await getDatabase()).db;
}

/** Test hook: make every caller of db() use this handle. */
export function setDatabaseForTests(handle: Handle | undefined) {
  globalForDb.__kervanDb = handle ? Promise.resolve(handle) : undefined;
}

/** PGlite is single-process: a second process opening the same folder would corrupt it, so say so clearly. */
function claimEmbeddedDatabase(dataDir: string) {
  fs.mkdirSync(dataDir, { recursive: true });
  const lock = path.join(path.dirname(dataDir), "pglite.pid");
  try {
    const other = Number(fs.readFileSync(lock, "utf8"));
    if (other && other !== process.pid && isAlive(other)) {
      throw new Error(
        `The embedded database in ${dataDir} is in use by process ${other} (probably \`npm run dev\`). ` +
          "Stop it first, or set DATABASE_URL to a PostgreSQL server so several processes can share it.",
      );
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  fs.writeFileSync(lock, String(process.pid));
  process.once("exit", () => {
    try {
      if (fs.readFileSync(lock, "utf8") === String(process.pid)) fs.unlinkSync(lock);
    } catch {
      /* already gone */
    }
  });
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
