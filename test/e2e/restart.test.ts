import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, startApp, type App } from "./harness";

/**
 * What a new user meets on a fresh machine (`npm run dev`: embedded database, generated keys), and what must hold
 * when the server restarts: the data, the key ring and the session are all still there.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kervan-restart-"));
let app: App | undefined;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await app?.stop();
  await browser?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("a fresh start and a restart", () => {
  it("generates a local key ring and session secret readable only by the owner, and warns about production", async () => {
    app = await startApp({}, { dataDir, keepData: true });
    for (const file of ["encryption-keys", "auth-secret"]) {
      const mode = fs.statSync(path.join(dataDir, file)).mode & 0o777;
      expect(mode.toString(8), file).toBe("600");
    }
    expect(fs.existsSync(path.join(dataDir, "pglite"))).toBe(true);
    await expect.poll(() => app!.output()).toMatch(/production needs its own ENCRYPTION_KEYS/i);
  });

  it("keeps the account, the key ring and the session across a restart", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app!.url}/sign-up`);
    await page.fill("#partnerName", "Restart Ltd");
    await page.fill("#name", "Restart Owner");
    await page.fill("#email", "restart@example.com");
    await page.fill("#password", "restart password 1");
    await page.click('[data-testid="submit"]');
    await page.waitForURL(/\/dashboard$/);
    const keys = fs.readFileSync(path.join(dataDir, "encryption-keys"), "utf8");

    await app!.stop();
    app = await startApp({}, { dataDir, keepData: true });
    expect(fs.readFileSync(path.join(dataDir, "encryption-keys"), "utf8")).toBe(keys);

    // Same browser context, same cookie: still signed in after the restart.
    const again = await context.newPage();
    await again.goto(`${app.url}/dashboard`);
    await again.getByTestId("shell").waitFor();
    expect(again.url()).toMatch(/\/dashboard$/);
    expect(await again.getByTestId("partner-name").textContent()).toContain("Restart Ltd");
    await screenshot(again, "restart-still-signed-in");
    await context.close();
  });
});
