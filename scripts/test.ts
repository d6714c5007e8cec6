// `npm test`: the unit project, then the browser (e2e) project when a Chromium is found, closing on one
// "N passed, N failed" line counted from vitest's JSON report, so CI and people read the same numbers.
// Extra arguments go to vitest as they are: `npm test -- test/unit/foo.test.ts`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

export const NO_CHROMIUM_MESSAGE =
  "Browser tests skipped: no Chromium found. Install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH to run them.";

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/** The parts of vitest's JSON report (`--reporter=json`) that the counts come from. */
export interface VitestJson {
  testResults?: Array<{
    name?: string;
    status?: string;
    message?: string;
    assertionResults?: Array<{ status?: string; fullName?: string }>;
  }>;
}

/** CHROMIUM_PATH when set (and only it: a wrong path is not papered over), else /usr/bin/chromium; null when absent. */
export function findChromium(
  env: Record<string, string | undefined>,
  exists: (file: string) => boolean,
): string | null {
  const candidate = env.CHROMIUM_PATH?.trim() || DEFAULT_CHROMIUM;
  return exists(candidate) ? candidate : null;
}

export function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Counts tests by their own status. A file that failed without any failed test in it (it did not load, or a
 * beforeAll threw so its tests were skipped) counts as one failed, so a broken file can never look green.
 */
export function summarize(report: VitestJson): Counts {
  const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  for (const file of report.testResults ?? []) {
    let failedHere = 0;
    for (const test of file.assertionResults ?? []) {
      if (test.status === "passed") counts.passed++;
      else if (test.status === "failed") failedHere++;
      else counts.skipped++; // skipped, pending, todo, disabled
    }
    if (failedHere === 0 && file.status === "failed") failedHere = 1;
    counts.failed += failedHere;
  }
  return counts;
}

export function addCounts(a: Counts, b: Counts): Counts {
  return { passed: a.passed + b.passed, failed: a.failed + b.failed, skipped: a.skipped + b.skipped };
}

export function formatSummary(counts: Counts): string {
  const line = `${counts.passed} passed, ${counts.failed} failed`;
  return counts.skipped > 0 ? `${line}, ${counts.skipped} skipped` : line;
}

/**
 * The counts of one vitest run from its exit code and report (undefined when no report was written).
 * A run that exited non-zero, or left no report, is never reported as clean: it adds one failed when the
 * report shows none (vitest crashed, an unhandled error, no test files found…).
 */
export function runOutcome(exitCode: number | null, report: VitestJson | undefined): Counts {
  const counts = report ? summarize(report) : { passed: 0, failed: 0, skipped: 0 };
  if ((exitCode !== 0 || !report) && counts.failed === 0) counts.failed = 1;
  return counts;
}

/** The vitest arguments for one project; a user's filter may match nothing in a project, which is no failure. */
export function vitestArgs(project: "unit" | "e2e", jsonFile: string, extra: readonly string[]): string[] {
  const args = ["run", "--project", project, "--reporter=default", "--reporter=json", `--outputFile.json=${jsonFile}`];
  if (project === "e2e" || extra.length > 0) args.push("--passWithNoTests");
  return [...args, ...extra];
}

function runVitest(
  repoRoot: string,
  project: "unit" | "e2e",
  tmpDir: string,
  extra: readonly string[],
  env: NodeJS.ProcessEnv,
): Counts {
  const jsonFile = path.join(tmpDir, `${project}.json`);
  const vitestBin = path.join(repoRoot, "node_modules", "vitest", "vitest.mjs");
  const result = spawnSync(process.execPath, [vitestBin, ...vitestArgs(project, jsonFile, extra)], {
    cwd: repoRoot,
    env,
    stdio: "inherit",
  });
  if (result.error) console.error(`Could not start vitest (${project}): ${result.error.message}`);
  if (result.signal) console.error(`vitest (${project}) was stopped by ${result.signal}.`);
  let report: VitestJson | undefined;
  try {
    report = JSON.parse(fs.readFileSync(jsonFile, "utf8")) as VitestJson;
  } catch {
    console.error(`vitest (${project}) wrote no JSON report; counting the run as failed.`);
  }
  const exitCode = result.error || result.signal ? null : result.status;
  if (exitCode !== 0) console.error(`vitest (${project}) exited with ${exitCode ?? result.signal ?? "an error"}.`);
  return runOutcome(exitCode, report);
}

function main(argv: readonly string[]): number {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "kervan-test-"));
  try {
    let total = runVitest(repoRoot, "unit", tmpDir, argv, process.env);

    const chromium = findChromium(process.env, isExecutableFile);
    if (chromium) {
      total = addCounts(total, runVitest(repoRoot, "e2e", tmpDir, argv, { ...process.env, CHROMIUM_PATH: chromium }));
    } else {
      console.log("");
      console.log(NO_CHROMIUM_MESSAGE);
      if (process.env.CHROMIUM_PATH?.trim()) {
        console.log(`(CHROMIUM_PATH is set to ${process.env.CHROMIUM_PATH}, which is not an executable file.)`);
      }
      if (process.env.CI === "true") {
        console.error("CI=true: browser tests are required in CI, so a missing Chromium counts as a failure.");
        total = addCounts(total, { passed: 0, failed: 1, skipped: 0 });
      }
    }

    if (total.passed + total.failed === 0) {
      console.error("No tests ran.");
      total = addCounts(total, { passed: 0, failed: 1, skipped: 0 });
    }
    console.log("");
    console.log(formatSummary(total));
    return total.failed > 0 ? 1 : 0;
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}

const invokedPath = process.argv[1] ? path.resolve(process.argv[1]) : "";
if (invokedPath === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
