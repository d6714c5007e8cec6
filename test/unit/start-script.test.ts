import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/** `npm start`'s worker count is checked before anything starts, with a message naming the setting. */
function start(env: Record<string, string | undefined>) {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete merged[k];
  return spawnSync(process.execPath, ["scripts/start.mjs", "-p", "0"], { env: merged, encoding: "utf8", timeout: 20_000 });
}

describe("npm start", () => {
  it("refuses a worker count that is not a whole number of at least 1", () => {
    for (const bad of ["abc", "0", "1.5", "-2"]) {
      const r = start({ WEB_CONCURRENCY: bad, DATABASE_URL: "postgres://postgres@127.0.0.1:5432/postgres" });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`WEB_CONCURRENCY must be a whole number of at least 1 (got "${bad}")`);
    }
  });

  it("refuses several workers on the embedded database, which serves one process only", () => {
    const r = start({ WEB_CONCURRENCY: "2", DATABASE_URL: undefined });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("WEB_CONCURRENCY above 1 needs DATABASE_URL");
  });
});
