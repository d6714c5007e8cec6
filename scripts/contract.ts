// `npm run test:contract`: runs vitest (unit project) on test/contract and on every test that uses the contract
// checker, then merges the per-worker coverage files into test-results/contract-coverage.json and prints the table
// platform × operation × checked. Exits non-zero when vitest failed or any recorded contract check failed.
// Extra arguments go to vitest as they are: `npm run test:contract -- --reporter=dot`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SPEC_CORRECTIONS } from "../test/contract/checker";
import { COVERAGE_FILE, formatCoverage, mergeCoverage, resetCoverage } from "../test/contract/coverage";

const USES_CHECKER = /contract\/checker["']/;

/** Test files (relative, forward slashes) under test/ that import the contract checker, plus all of test/contract. */
export function contractTestFiles(repoRoot: string): { unit: string[]; other: string[] } {
  const unit: string[] = [];
  const other: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".test.ts")) {
        const rel = path.relative(repoRoot, full).split(path.sep).join("/");
        const inContract = rel.startsWith("test/contract/");
        if (!inContract && !USES_CHECKER.test(fs.readFileSync(full, "utf8"))) continue;
        // the unit project's includes (vitest.config.ts): test/unit, test/integration, test/contract
        if (/^test\/(unit|integration|contract)\//.test(rel)) unit.push(rel);
        else other.push(rel);
      }
    }
  };
  walk(path.join(repoRoot, "test"));
  return { unit: unit.sort(), other: other.sort() };
}

function main(argv: readonly string[]): number {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const { unit, other } = contractTestFiles(repoRoot);
  resetCoverage();
  console.log(`Contract tests: ${unit.length} file(s) using the checker`);
  for (const f of unit) console.log(`  ${f}`);
  if (other.length > 0) console.log(`Not run here (outside the unit project): ${other.join(", ")}`);

  const vitestBin = path.join(repoRoot, "node_modules", "vitest", "vitest.mjs");
  const result = spawnSync(process.execPath, [vitestBin, "run", "--project", "unit", ...argv, ...unit], { cwd: repoRoot, stdio: "inherit", env: process.env });
  if (result.error) console.error(`Could not start vitest: ${result.error.message}`);
  const vitestOk = !result.error && !result.signal && result.status === 0;

  const rows = mergeCoverage();
  const { text, failedChecks } = formatCoverage(rows);
  console.log("");
  console.log(text);
  console.log("");
  const corrections = [...new Map(SPEC_CORRECTIONS.map((c) => [`${c.platform}: ${c.change}`, c])).keys()];
  console.log(`Contract corrections applied in memory (test/contract/checker.ts SPEC_CORRECTIONS): ${corrections.length}`);
  for (const c of corrections) console.log(`  - ${c}`);
  console.log(`Merged results: ${path.relative(repoRoot, COVERAGE_FILE)}`);
  if (!vitestOk) console.error(`vitest exited with ${result.status ?? result.signal ?? "an error"}.`);
  if (failedChecks > 0) console.error(`${failedChecks} contract check(s) failed.`);
  return vitestOk && failedChecks === 0 ? 0 : 1;
}

const invokedPath = process.argv[1] ? path.resolve(process.argv[1]) : "";
if (invokedPath === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
