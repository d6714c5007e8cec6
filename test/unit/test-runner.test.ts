import { describe, expect, it } from "vitest";
import {
  DEFAULT_CHROMIUM,
  addCounts,
  findChromium,
  formatSummary,
  runOutcome,
  summarize,
  vitestArgs,
  type VitestJson,
} from "../../scripts/test";

// Shaped like vitest 4's JSON reporter output, trimmed to what the runner reads.
const sample: VitestJson = {
  testResults: [
    {
      name: "/repo/test/unit/a.test.ts",
      status: "failed",
      message: "",
      assertionResults: [
        { fullName: "a adds", status: "passed" },
        { fullName: "a subtracts", status: "passed" },
        { fullName: "a divides", status: "failed" },
        { fullName: "a later", status: "skipped" },
        { fullName: "a someday", status: "todo" },
      ],
    },
    {
      name: "/repo/test/unit/b.test.ts",
      status: "passed",
      message: "",
      assertionResults: [
        { fullName: "b one", status: "passed" },
        { fullName: "b two", status: "pending" },
      ],
    },
    {
      name: "/repo/test/unit/c.test.ts",
      status: "failed",
      message: "",
      assertionResults: [
        { fullName: "c one", status: "failed" },
        { fullName: "c two", status: "failed" },
      ],
    },
  ],
};

describe("summarize", () => {
  it("counts passed, failed and skipped tests across files", () => {
    expect(summarize(sample)).toEqual({ passed: 3, failed: 3, skipped: 3 });
  });

  it("counts a file that failed to load (no tests in it) as one failed", () => {
    const report: VitestJson = {
      testResults: [
        { name: "/repo/test/unit/broken.test.ts", status: "failed", message: "SyntaxError", assertionResults: [] },
        { name: "/repo/test/unit/ok.test.ts", status: "passed", assertionResults: [{ status: "passed" }] },
      ],
    };
    expect(summarize(report)).toEqual({ passed: 1, failed: 1, skipped: 0 });
  });

  it("counts a failed file whose tests were all skipped (beforeAll threw) as one failed", () => {
    const report: VitestJson = {
      testResults: [{ status: "failed", assertionResults: [{ status: "skipped" }, { status: "skipped" }] }],
    };
    expect(summarize(report)).toEqual({ passed: 0, failed: 1, skipped: 2 });
  });

  it("gives zeros for an empty report", () => {
    expect(summarize({ testResults: [] })).toEqual({ passed: 0, failed: 0, skipped: 0 });
    expect(summarize({})).toEqual({ passed: 0, failed: 0, skipped: 0 });
  });
});

describe("runOutcome", () => {
  it("takes the report's counts when vitest exited 0", () => {
    expect(runOutcome(0, { testResults: [{ status: "passed", assertionResults: [{ status: "passed" }] }] })).toEqual({
      passed: 1,
      failed: 0,
      skipped: 0,
    });
  });

  it("keeps the report's failures when vitest exited non-zero because of them", () => {
    expect(runOutcome(1, sample)).toEqual({ passed: 3, failed: 3, skipped: 3 });
  });

  it("never reports a crashed or non-zero run as clean", () => {
    expect(runOutcome(1, undefined)).toEqual({ passed: 0, failed: 1, skipped: 0 });
    expect(runOutcome(null, undefined)).toEqual({ passed: 0, failed: 1, skipped: 0 });
    const allPassed: VitestJson = { testResults: [{ status: "passed", assertionResults: [{ status: "passed" }] }] };
    expect(runOutcome(1, allPassed)).toEqual({ passed: 1, failed: 1, skipped: 0 });
  });

  it("counts a missing report as a failure even if vitest exited 0", () => {
    expect(runOutcome(0, undefined)).toEqual({ passed: 0, failed: 1, skipped: 0 });
  });
});

describe("formatSummary", () => {
  it("prints exactly 'N passed, N failed' when nothing was skipped", () => {
    expect(formatSummary({ passed: 40, failed: 0, skipped: 0 })).toBe("40 passed, 0 failed");
    expect(formatSummary({ passed: 0, failed: 2, skipped: 0 })).toBe("0 passed, 2 failed");
  });

  it("adds ', N skipped' only when some were skipped", () => {
    expect(formatSummary({ passed: 3, failed: 3, skipped: 3 })).toBe("3 passed, 3 failed, 3 skipped");
  });

  it("matches the closing-line pattern CI reads", () => {
    expect(formatSummary(summarize(sample))).toMatch(/^\d+ passed, \d+ failed(, \d+ skipped)?$/);
  });
});

describe("addCounts", () => {
  it("adds unit and e2e counts field by field", () => {
    expect(addCounts({ passed: 1, failed: 2, skipped: 3 }, { passed: 10, failed: 20, skipped: 30 })).toEqual({
      passed: 11,
      failed: 22,
      skipped: 33,
    });
  });
});

describe("findChromium", () => {
  const only = (...present: string[]) => (file: string) => present.includes(file);

  it("uses CHROMIUM_PATH when it is set and exists", () => {
    expect(findChromium({ CHROMIUM_PATH: "/opt/chrome/chrome" }, only("/opt/chrome/chrome", DEFAULT_CHROMIUM))).toBe(
      "/opt/chrome/chrome",
    );
  });

  it("does not fall back to /usr/bin/chromium when CHROMIUM_PATH points nowhere", () => {
    expect(findChromium({ CHROMIUM_PATH: "/nope/chrome" }, only(DEFAULT_CHROMIUM))).toBeNull();
  });

  it("uses /usr/bin/chromium when CHROMIUM_PATH is unset or empty", () => {
    expect(findChromium({}, only(DEFAULT_CHROMIUM))).toBe(DEFAULT_CHROMIUM);
    expect(findChromium({ CHROMIUM_PATH: "" }, only(DEFAULT_CHROMIUM))).toBe(DEFAULT_CHROMIUM);
  });

  it("finds nothing when no Chromium exists", () => {
    expect(findChromium({}, only())).toBeNull();
  });
});

describe("vitestArgs", () => {
  it("writes the JSON report beside the default reporter and passes extra args through last", () => {
    const args = vitestArgs("unit", "/tmp/x/unit.json", ["test/unit/foo.test.ts"]);
    expect(args.slice(0, 3)).toEqual(["run", "--project", "unit"]);
    expect(args).toContain("--reporter=default");
    expect(args).toContain("--reporter=json");
    expect(args).toContain("--outputFile.json=/tmp/x/unit.json");
    expect(args.at(-1)).toBe("test/unit/foo.test.ts");
  });

  it("lets a filtered run find nothing in one project, but not the full unit run", () => {
    expect(vitestArgs("unit", "/t.json", [])).not.toContain("--passWithNoTests");
    expect(vitestArgs("unit", "/t.json", ["foo"])).toContain("--passWithNoTests");
    expect(vitestArgs("e2e", "/t.json", [])).toContain("--passWithNoTests");
  });
});
