// A new partner connects Trendyol through the cabinet, as a person would: sign up, add, fix a mistake, edit, test,
// follow the job and the activity log, deactivate, delete. Every screen is photographed, also at 375 px and in Russian.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot as fullPageShot, startApp, type App } from "./harness";

// A secret nobody would type: if it shows up anywhere in a page, a secret leaked.
const CANARY_KEY = "canaryKEY-3f9d1c7b5a2e-Q7WZ";
const CANARY_SECRET = "canarySECRET-8b6e4d2f0a1c-M4XK";
const KEY_HINT = "••••Q7WZ";
const SECRET_HINT = "••••M4XK";
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };

let app: App;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let jobUrl = "";
/** Errors the browser reported (hydration mismatches, missing messages, failed renders): there should be none. */
const consoleErrors: string[] = [];

const card = () => page.getByTestId("connection-card");

/** The page's HTML and the connections API answer, neither of which may hold a secret in full. */
async function assertNoSecretsIn(p: Page) {
  const html = await p.content();
  const api = await p.evaluate(async () => (await fetch("/api/trpc/connections.list")).text());
  for (const secret of [CANARY_KEY, CANARY_SECRET]) {
    expect(html).not.toContain(secret);
    expect(api).not.toContain(secret);
    // Not even most of it: only the last four characters may ever be shown.
    expect(html).not.toContain(secret.slice(0, -4));
  }
}

/** A full-page screenshot taken from the top (a focused field scrolls the page, which garbles the stitched image). */
async function screenshot(p: Page, name: string) {
  await p.evaluate(() => window.scrollTo(0, 0));
  await fullPageShot(p, name);
}

async function open(p: Page, path: string) {
  await p.goto(`${app.url}${path}`, { waitUntil: "networkidle" });
}

describe("connections in the cabinet", () => {
  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: DESKTOP, locale: "en-US" });
    page = await context.newPage();
    page.setDefaultTimeout(60_000);
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => consoleErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("signs up and lands on a dashboard that says to add a connection first", async () => {
    await open(page, "/sign-up");
    await page.fill("#partnerName", "Anatolia Textiles");
    await page.fill("#name", "Ayşe Demir");
    await page.fill("#email", `ayse+${Date.now()}@example.com`);
    await page.fill("#password", "correct horse battery staple");
    await page.getByTestId("submit").click();
    await page.waitForURL("**/dashboard", { timeout: 120_000 });
    await expect.poll(() => page.getByTestId("dashboard-add-connection").isVisible(), { timeout: 60_000 }).toBe(true);
    await expect(page.textContent("body")).resolves.toContain("Start by adding your first connection");
    await screenshot(page, "01-dashboard-empty");

    await open(page, "/connections");
    await expect(page.textContent("body")).resolves.toContain("No connections yet");
    await screenshot(page, "02-connections-empty");
  });

  it("adds a Trendyol connection; a mistake shows under its field and keeps what was typed", async () => {
    await page.getByTestId("add-connection").click();
    await page.getByTestId("platform-trendyol").waitFor();
    expect(await page.locator('[data-testid^="platform-"]').count()).toBe(9);
    await screenshot(page, "03-pick-platform");

    await page.getByTestId("platform-trendyol").click();
    await page.getByTestId("field-sellerId").waitFor();
    expect(await page.getByTestId("field-apiKey").getAttribute("type")).toBe("password");
    expect(await page.getByTestId("field-apiKey").getAttribute("autocomplete")).toBe("off");
    await page.getByTestId("connection-name").fill("Trendyol shop");
    await page.getByTestId("field-sellerId").fill("12ab");
    await page.getByTestId("field-apiKey").fill(CANARY_KEY);
    await page.getByTestId("save-connection").click();

    // The server's check, translated, under the field it concerns; nothing typed is lost.
    await page.getByTestId("error-field-sellerId").waitFor();
    expect(await page.getByTestId("error-field-sellerId").textContent()).toBe("The seller ID contains digits only.");
    expect(await page.getByTestId("error-field-apiSecret").textContent()).toBe("This field is required.");
    expect(await page.getByTestId("field-apiKey").inputValue()).toBe(CANARY_KEY);
    expect(await page.getByTestId("field-sellerId").inputValue()).toBe("12ab");
    expect(await page.getByTestId("connection-name").inputValue()).toBe("Trendyol shop");
    await screenshot(page, "04-add-form-errors");

    await page.getByTestId("field-sellerId").fill("123456");
    await page.getByTestId("field-apiSecret").fill(CANARY_SECRET);
    await page.getByTestId("save-connection").click();
    await card().waitFor();
    expect(await card().count()).toBe(1);
    const text = await card().textContent();
    expect(text).toContain("Trendyol shop");
    expect(text).toContain("Production");
    expect(text).toContain("Pending");
    expect(await page.getByTestId("detail-apiKey").textContent()).toBe(KEY_HINT);
    expect(await page.getByTestId("detail-apiSecret").textContent()).toBe(SECRET_HINT);
    expect(await page.getByTestId("detail-sellerId").textContent()).toBe("123456");
    await assertNoSecretsIn(page);
    await screenshot(page, "05-connections-list");
  });

  it("edits the connection, keeping the stored secrets when their inputs stay empty", async () => {
    await page.getByTestId("edit-connection").click();
    await page.getByTestId("field-apiKey").waitFor();
    expect(await page.getByTestId("field-apiKey").inputValue()).toBe("");
    expect(await page.getByTestId("field-apiKey").getAttribute("placeholder")).toBe(`${KEY_HINT} — leave empty to keep`);
    expect(await page.getByTestId("field-sellerId").inputValue()).toBe("123456");
    await assertNoSecretsIn(page);

    // A wrong value on edit: the error shows and the new name stays.
    await page.getByTestId("connection-name").fill("Trendyol main store");
    await page.getByTestId("field-integratorName").fill("not allowed!");
    await page.getByTestId("save-connection").click();
    await page.getByTestId("error-field-integratorName").waitFor();
    expect(await page.getByTestId("connection-name").inputValue()).toBe("Trendyol main store");
    await screenshot(page, "06-edit-form-error");

    await page.getByTestId("field-integratorName").fill("");
    await page.getByTestId("connection-environment").selectOption("sandbox");
    await page.getByTestId("save-connection").click();
    await page.getByTestId("notice").waitFor();
    expect(await card().getByTestId("connection-name").textContent()).toBe("Trendyol main store");
    expect(await card().textContent()).toContain("Sandbox");
    expect(await page.getByTestId("detail-apiKey").textContent()).toBe(KEY_HINT);
    expect(await page.getByTestId("detail-apiSecret").textContent()).toBe(SECRET_HINT);
    await assertNoSecretsIn(page);
    await screenshot(page, "07-edited");
  });

  it("tests the connection against the Trendyol simulator and shows its answer to keys it does not know", async () => {
    await page.getByTestId("test-connection").click();
    await page.locator('[data-testid="test-result"][data-result="bad_credentials"]').waitFor({ timeout: 60_000 });
    expect(await card().textContent()).toContain("Failed");
    await screenshot(page, "08-tested");
  });

  it("shows the test job in Jobs and its detail with the log", async () => {
    await open(page, "/jobs");
    await page.locator('[data-testid="job-row"][data-state="succeeded"]').waitFor({ timeout: 60_000 });
    const row = page.getByTestId("job-row").first();
    const text = await row.textContent();
    expect(text).toContain("Connection test");
    expect(text).toContain("Trendyol main store");
    expect(text).toContain("Succeeded");
    await screenshot(page, "09-jobs");

    await row.getByTestId("job-link").click();
    await page.getByTestId("job-detail").waitFor();
    jobUrl = page.url();
    expect(jobUrl).toMatch(/\/jobs\/[0-9a-f-]{36}$/);
    await page.getByTestId("job-log").first().waitFor();
    expect(await page.getByTestId("job-logs").textContent()).toContain("trendyol: bad_credentials");
    await screenshot(page, "10-job-detail");

    await open(page, "/jobs/00000000-0000-4000-8000-000000000000");
    await expect.poll(() => page.textContent("body")).toContain("Job not found");
    await open(page, "/jobs/not-a-job");
    await expect.poll(() => page.textContent("body")).toContain("Job not found");
    await screenshot(page, "11-job-not-found");
  });

  it("lists activity newest first and filters it by level", async () => {
    await open(page, "/activity");
    await page.getByTestId("activity-entry").first().waitFor();
    const messages = await page.getByTestId("activity-entry").allTextContents();
    expect(messages[0]).toContain('Connection "Trendyol main store" test failed (bad_credentials)');
    expect(messages.some((m) => m.includes('Connection "Trendyol shop" added'))).toBe(true);
    expect(await page.textContent("body")).toContain("Entries are kept for 90 days");
    await screenshot(page, "12-activity");

    await page.getByTestId("filter-level").selectOption("success");
    await expect.poll(() => page.textContent("body")).toContain("Nothing matches these filters.");
    await page.getByTestId("filter-level").selectOption("error");
    await page.locator('[data-testid="activity-entry"][data-level="error"]').first().waitFor();
    await page.getByTestId("filter-level").selectOption("info");
    const levels = () => page.getByTestId("activity-entry").evaluateAll((els) => els.map((e) => e.getAttribute("data-level")));
    // Wait for the filtered list to replace the error-only one before reading it.
    await expect.poll(async () => [...new Set(await levels())]).toEqual(["info"]);
    expect(page.url()).toContain("level=info");
    await screenshot(page, "13-activity-filtered");

    // Paging: 52 more entries (deactivate and activate 26 times) make a second page behind "Load more".
    const id = await page.evaluate(async () => {
      const res = await fetch("/api/trpc/connections.list");
      const body = (await res.json()) as { result: { data: { json: Array<{ id: string }> } } };
      const connectionId = body.result.data.json[0]!.id;
      for (let i = 0; i < 52; i++) {
        await fetch("/api/trpc/connections.setActive", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ json: { id: connectionId, active: i % 2 === 1 } }),
        });
      }
      return connectionId;
    });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await open(page, "/activity");
    await page.getByTestId("load-more").waitFor();
    expect(await page.getByTestId("activity-entry").count()).toBe(50);
    await page.getByTestId("load-more").click();
    await expect.poll(() => page.getByTestId("activity-entry").count()).toBe(55);
    const all = await page.getByTestId("activity-entry").allTextContents();
    expect(all[all.length - 1]).toContain('Connection "Trendyol shop" added');
    expect(await page.getByTestId("load-more").count()).toBe(0);
  });

  it("shows products and orders as honest empty states", async () => {
    await open(page, "/products");
    await expect.poll(() => page.textContent("body")).toContain("Your catalog is empty");
    await screenshot(page, "14-products");
    await open(page, "/orders");
    await expect.poll(() => page.textContent("body")).toContain("No orders yet");
    await screenshot(page, "15-orders");
    await open(page, "/dashboard");
    // The activity test's last toggle re-activated the connection, and a re-activated connection waits for a test.
    await page.getByTestId("count-pending").waitFor();
    await screenshot(page, "16-dashboard");
    const counts = () => page.locator('[data-testid^="count-"]').evaluateAll((els) => els.map((e) => `${e.getAttribute("data-testid")}=${e.textContent}`));
    await expect.poll(counts).toEqual(["count-connected=Connected0", "count-failed=Failed0", "count-pending=Pending1", "count-disabled=Disabled0"]);
    await screenshot(page, "16-dashboard");
  });

  it("fits a 375 px phone and reads in Russian", async () => {
    const phone = await browser.newContext({ viewport: PHONE, storageState: await context.storageState(), locale: "en-US" });
    const p = await phone.newPage();
    p.setDefaultTimeout(60_000);
    try {
      for (const [path, name] of [
        ["/dashboard", "dashboard"],
        ["/connections", "connections"],
        ["/connections?add=trendyol", "add-form"],
        ["/jobs", "jobs"],
        [new URL(jobUrl).pathname, "job-detail"],
        ["/activity", "activity"],
      ] as const) {
        await open(p, path);
        await p.waitForTimeout(300);
        // Nothing pushes the page sideways on a phone (wide tables scroll inside their own box).
        expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
        await screenshot(p, `mobile-${name}`);
      }
      await assertNoSecretsIn(p);

      await phone.addCookies([{ name: "kervan_locale", value: "ru", url: app.url }]);
      await open(p, "/connections");
      await p.getByTestId("connection-card").waitFor();
      const text = await p.getByTestId("connection-card").textContent();
      expect(text).toContain("Неверные ключи");
      expect(text).toContain("Песочница");
      await screenshot(p, "ru-mobile-connections");
      await p.setViewportSize(DESKTOP);
      for (const [path, name] of [
        ["/connections", "connections"],
        ["/connections?add", "pick-platform"],
        ["/connections?add=trendyol", "add-form"],
        ["/jobs", "jobs"],
        ["/activity", "activity"],
        ["/dashboard", "dashboard"],
      ] as const) {
        await open(p, path);
        await p.waitForTimeout(300);
        await screenshot(p, `ru-${name}`);
      }
      expect(await p.textContent("body")).toContain("Последние задачи");
    } finally {
      await phone.close();
    }
  });

  it("deactivates, activates and deletes the connection after confirmation", async () => {
    await open(page, "/connections");
    await card().waitFor();
    await page.getByTestId("toggle-connection").click();
    await page.locator('[data-testid="connection-status"][data-status="disabled"]').waitFor();
    expect(await page.getByTestId("test-connection").isDisabled()).toBe(true);
    expect(await page.getByTestId("toggle-connection").textContent()).toBe("Activate");
    await screenshot(page, "17-deactivated");

    await page.getByTestId("toggle-connection").click();
    await page.locator('[data-testid="connection-status"][data-status="pending"]').waitFor();
    expect(await page.getByTestId("test-connection").isDisabled()).toBe(false);

    await page.getByTestId("delete-connection").click();
    await page.getByTestId("confirm").waitFor({ state: "visible" });
    expect(await page.locator("dialog[open]").textContent()).toContain("Delete “Trendyol main store”?");
    await screenshot(page, "18-delete-confirm");
    // Cancelling keeps it.
    await page.locator("dialog[open]").getByRole("button", { name: "Cancel" }).click();
    expect(await card().count()).toBe(1);

    await page.getByTestId("delete-connection").click();
    await page.getByTestId("confirm").click();
    await card().waitFor({ state: "detached" });
    await expect.poll(() => page.textContent("body")).toContain("No connections yet");
    await screenshot(page, "19-deleted");

    await open(page, "/activity");
    await page.getByTestId("activity-entry").first().waitFor();
    expect(await page.getByTestId("activity-entry").first().textContent()).toContain('Connection "Trendyol main store" deleted');
  });

  it("rendered without browser errors or missing translations", () => {
    // Failed requests the test caused on purpose (the unknown job ids, the invalid forms) log a resource error; nothing else may.
    const unexpected = consoleErrors.filter((e) => !/Failed to load resource: the server responded with a status of (400|404)/.test(e));
    expect(unexpected).toEqual([]);
    expect(app.output()).not.toContain("MISSING_MESSAGE");
  });
});
