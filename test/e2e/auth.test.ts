import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, startApp, type App } from "./harness";

// One app for the whole file: sign-up, sign-in, languages, invitations and the admin area share its database.
const ADMIN_EMAIL = "operator@kervan.test";
const OWNER = { partner: "Anatolia Textiles", name: "Ayşe Demir", email: "ayse@anatolia.test", password: "caravan-silk-road-42" };
const MEMBER = { name: "Timur Karimov", email: "timur@anatolia.test", password: "samarkand-bazaar-17" };

let app: App;
let browser: Browser;
let owner: BrowserContext;
let page: Page;
let inviteLink = "";
let operator: Page;

async function newPage(context: BrowserContext) {
  const p = await context.newPage();
  p.setDefaultTimeout(60_000);
  p.setDefaultNavigationTimeout(120_000);
  return p;
}

const url = (path: string) => `${app.url}${path}`;

async function signIn(p: Page, email: string, password: string) {
  await p.goto(url("/sign-in"));
  await p.fill("#email", email);
  await p.fill("#password", password);
  await p.click('[data-testid="submit"]');
}

beforeAll(async () => {
  app = await startApp({ ADMIN_EMAILS: ADMIN_EMAIL });
  browser = await launchBrowser();
  owner = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "en-US" });
  page = await newPage(owner);
});

afterAll(async () => {
  await browser?.close();
  if (app) {
    if (process.env.E2E_DEBUG) console.log(app.output());
    await app.stop();
  }
});

describe("sign-up, sign-in and the cabinet shell", () => {
  it("sends a visitor from / to the sign-in page", async () => {
    await page.goto(url("/"));
    await page.waitForURL(/\/sign-in$/);
    await page.getByTestId("sign-in-form").waitFor();
    expect(await page.getByTestId("locale-switch").inputValue()).toBe("en");
    await screenshot(page, "auth-sign-in");
  });

  it("offers the sign-in page in another language before anyone signs in", async () => {
    await page.getByTestId("locale-switch").selectOption("ru");
    await expect.poll(() => page.locator("h1").textContent(), { timeout: 60_000 }).toBe("Вход");
    await screenshot(page, "auth-sign-in-ru");
    await page.getByTestId("locale-switch").selectOption("en");
    await expect.poll(() => page.locator("h1").textContent(), { timeout: 60_000 }).toBe("Sign in");
  });

  it("explains sign-up mistakes in words, then creates the partner and its owner and lands on the dashboard", async () => {
    await page.getByTestId("sign-up-link").click();
    await page.waitForURL(/\/sign-up$/);
    await page.fill("#partnerName", OWNER.partner);
    await page.fill("#name", OWNER.name);
    await page.fill("#email", "not-an-email");
    await page.fill("#password", "short");
    await page.click('[data-testid="submit"]');
    await expect.poll(() => page.getByTestId("error-email").textContent()).toContain("valid e-mail");
    expect(await page.getByTestId("error-password").textContent()).toContain("at least 10 characters");
    await screenshot(page, "auth-sign-up-errors");

    await page.fill("#email", OWNER.email);
    await page.fill("#password", OWNER.password);
    await page.click('[data-testid="submit"]');
    await page.waitForURL(/\/dashboard$/);
    await page.getByTestId("shell").waitFor();
    expect(await page.getByTestId("partner-name").textContent()).toContain(OWNER.partner);
    for (const key of ["dashboard", "connections", "products", "orders", "jobs", "activity", "settings"]) {
      expect(await page.getByTestId(`nav-${key}`).isVisible(), `nav-${key}`).toBe(true);
    }
    expect(await page.getByTestId("nav-admin").count()).toBe(0);
    await screenshot(page, "cabinet-dashboard");
  });

  it("signs out, and the cabinet then asks for sign-in", async () => {
    await page.getByTestId("user-menu").click();
    expect(await page.getByTestId("user-email").textContent()).toBe(OWNER.email);
    await page.getByTestId("sign-out").click();
    await page.waitForURL(/\/sign-in$/);
    await page.goto(url("/settings"));
    await page.waitForURL(/\/sign-in$/);
  });

  it("refuses a wrong password with a readable error", async () => {
    await signIn(page, OWNER.email, "wrong-password-123");
    const error = page.getByTestId("form-error");
    await error.waitFor();
    expect(await error.textContent()).toBe("Wrong e-mail or password.");
    expect(page.url()).toMatch(/\/sign-in$/);
    await screenshot(page, "auth-sign-in-error");
  });

  it("slows down repeated guesses and says to wait", async () => {
    // Each failure past the free attempts doubles the wait, so the refusal arrives within a few tries.
    let text = "";
    for (let attempt = 0; attempt < 12 && !text.startsWith("Too many attempts"); attempt++) {
      await signIn(page, "guess@anatolia.test", `guess-number-${attempt}`);
      text = (await page.getByTestId("form-error").textContent()) ?? "";
    }
    expect(text).toBe("Too many attempts, wait a few minutes and try again.");
  });

  it("signs in again, and a signed-in visitor of /sign-in goes to the dashboard", async () => {
    await signIn(page, OWNER.email, OWNER.password);
    await page.waitForURL(/\/dashboard$/);
    await page.goto(url("/sign-in"));
    await page.waitForURL(/\/dashboard$/);
    await page.getByTestId("shell").waitFor();
  });

  it("switches the language to Türkçe, Русский and O'zbekcha and translates the navigation", async () => {
    const expected = { tr: ["Bağlantılar", "Ayarlar"], ru: ["Подключения", "Настройки"], uz: ["Ulanishlar", "Sozlamalar"], en: ["Connections", "Settings"] };
    for (const [locale, [connections, settings]] of Object.entries(expected)) {
      await page.getByTestId("locale-switch").selectOption(locale);
      await expect.poll(() => page.getByTestId("nav-connections").textContent(), { timeout: 60_000 }).toBe(connections);
      expect(await page.getByTestId("nav-settings").textContent()).toBe(settings);
      expect(await page.locator("html").getAttribute("lang")).toBe(locale);
      if (locale !== "en") await screenshot(page, `cabinet-dashboard-${locale}`);
    }
  });

  it("keeps the chosen language after a reload (cookie and profile)", async () => {
    await page.getByTestId("locale-switch").selectOption("ru");
    await expect.poll(() => page.getByTestId("nav-orders").textContent(), { timeout: 60_000 }).toBe("Заказы");
    await page.reload();
    expect(await page.getByTestId("nav-orders").textContent()).toBe("Заказы");
    await page.getByTestId("locale-switch").selectOption("en");
    await expect.poll(() => page.getByTestId("nav-orders").textContent(), { timeout: 60_000 }).toBe("Orders");
  });
});

describe("settings: members and invitations", () => {
  it("lets an owner invite a colleague and shows the invitation link", async () => {
    await page.getByTestId("nav-settings").click();
    await page.waitForURL(/\/settings$/);
    await page.getByTestId("invite-card").waitFor();
    expect(await page.getByTestId("member-row").count()).toBe(1);

    await page.fill("#invite-email", "nobody");
    await page.click('[data-testid="invite-submit"]');
    await expect.poll(() => page.getByTestId("error-invite-email").textContent()).toContain("valid e-mail");

    await page.fill("#invite-email", MEMBER.email);
    await page.selectOption("#invite-role", "member");
    await page.click('[data-testid="invite-submit"]');
    const link = page.getByTestId("invite-link");
    await link.waitFor();
    inviteLink = await link.inputValue();
    expect(inviteLink).toMatch(new RegExp(`^${app.url.replace(/[.]/g, "\\.")}/invite/[A-Za-z0-9_-]{20,}$`));
    await page.locator(`[data-testid="invitation-row"][data-email="${MEMBER.email}"]`).waitFor();
    await screenshot(page, "settings-invite");
  });

  it("does not let the last owner step down, and says why", async () => {
    await page.locator(`[data-testid="member-row"][data-email="${OWNER.email}"] [data-testid="member-role"]`).selectOption("member");
    const error = page.getByTestId("members-error");
    await error.waitFor();
    expect(await error.textContent()).toContain("at least one owner");
  });

  it("lets the invited colleague open the link in another browser and join as a member", async () => {
    const guest = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "en-US" });
    const p = await newPage(guest);
    await p.goto(inviteLink);
    await p.getByTestId("invite-form").waitFor();
    expect(await p.getByTestId("invite-partner").textContent()).toBe(OWNER.partner);
    expect(await p.getByTestId("invite-email").textContent()).toBe(MEMBER.email);
    await screenshot(p, "auth-invite");

    await p.fill("#name", MEMBER.name);
    await p.fill("#password", MEMBER.password);
    await p.click('[data-testid="submit"]');
    await p.waitForURL(/\/dashboard$/);
    expect(await p.getByTestId("partner-name").textContent()).toContain(OWNER.partner);

    await p.getByTestId("nav-settings").click();
    await p.getByTestId("members-card").waitFor();
    expect(await p.getByTestId("invite-card").count()).toBe(0);
    expect(await p.getByTestId("member-row").count()).toBe(2);
    await screenshot(p, "settings-member-view");

    // The link works once.
    const again = await newPage(await browser.newContext());
    await again.goto(inviteLink);
    await again.getByTestId("invite-invalid").waitFor();
    await guest.close();
  });

  it("shows the owner the new member, with the invitation gone", async () => {
    await page.reload();
    await page.locator(`[data-testid="member-row"][data-email="${MEMBER.email}"]`).waitFor();
    expect(await page.locator(`[data-testid="invitation-row"][data-email="${MEMBER.email}"]`).count()).toBe(0);
  });
});

describe("small screens", () => {
  it("collapses the sidebar into a menu button at 375 px", async () => {
    const mobile = await browser.newContext({ viewport: { width: 375, height: 812 }, storageState: await owner.storageState(), locale: "en-US" });
    const p = await newPage(mobile);
    await p.goto(url("/settings"));
    await p.getByTestId("shell").waitFor();
    expect(await p.getByTestId("menu-button").isVisible()).toBe(true);
    expect(await p.getByTestId("nav-dashboard").isVisible()).toBe(false);
    // Nothing overflows sideways.
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(p, "cabinet-settings-375");

    await p.getByTestId("menu-button").click();
    await p.getByTestId("nav-connections").waitFor({ state: "visible" });
    await screenshot(p, "cabinet-menu-375");
    await p.getByTestId("nav-dashboard").click();
    await p.waitForURL(/\/dashboard$/);
    await expect.poll(() => p.getByTestId("nav-dashboard").isVisible()).toBe(false);
    await mobile.close();
  });
});

describe("admin area", () => {
  it("does not exist for a partner who is not an administrator", async () => {
    const res = await page.goto(url("/admin"));
    expect(res?.status()).toBe(404);
  });

  it("shows an administrator the partners and the nine platform API rows, and edits one inline", async () => {
    const p = (operator = await newPage(await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" })));
    await p.goto(url("/sign-up"));
    await p.fill("#partnerName", "Kervan operators");
    await p.fill("#name", "Olga Operator");
    await p.fill("#email", ADMIN_EMAIL);
    await p.fill("#password", "operator-password-1");
    await p.click('[data-testid="submit"]');
    await p.waitForURL(/\/dashboard$/);

    await p.getByTestId("nav-admin").click();
    await p.waitForURL(/\/admin$/);
    await p.getByTestId("admin-platforms").waitFor();
    expect(await p.getByTestId("platform-row").count()).toBe(9);
    const names = await p.locator('[data-testid="platform-row"] td:first-child p:first-child').allTextContents();
    expect(names).toEqual(["Trendyol", "Shopify", "Sentos", "eBay", "ShipStation", "Wildberries", "Ozon", "Yandex Market", "Uzum Market"]);
    await p.locator('[data-testid="partner-row"]', { hasText: OWNER.partner }).waitFor();
    await screenshot(p, "admin");

    const row = p.locator('[data-testid="platform-row"][data-platform="trendyol"]');
    await row.getByTestId("platform-edit").click();
    const form = p.getByTestId("platform-form");
    await form.getByTestId("field-endpointOverride").fill("not a url");
    await form.getByTestId("platform-save").click();
    await expect.poll(() => p.getByTestId("error-trendyol-endpointOverride").textContent()).toContain("full web address");
    await screenshot(p, "admin-edit-error");

    await form.getByTestId("field-endpointOverride").fill("https://stageapigw.trendyol.com/integration");
    await form.getByTestId("platform-save").click();
    await p.getByTestId("platform-saved").waitFor();
    expect(await row.getByTestId("platform-endpoint").textContent()).toBe("https://stageapigw.trendyol.com/integration");
  });
});

describe("several partners", () => {
  it("lets an existing account join another partner with its own password", async () => {
    await page.goto(url("/settings"));
    await page.fill("#invite-email", ADMIN_EMAIL);
    await page.selectOption("#invite-role", "owner");
    await page.click('[data-testid="invite-submit"]');
    const link = await page.getByTestId("invite-link").inputValue();

    const p = operator;
    await p.goto(link);
    await p.getByTestId("invite-form").waitFor();
    expect(await p.locator("#name").count()).toBe(0);
    await p.fill("#password", "not-the-operator-password");
    await p.click('[data-testid="submit"]');
    await expect.poll(() => p.getByTestId("error-password").textContent()).toContain("not the password");
    await screenshot(p, "auth-invite-existing-account");

    await p.fill("#password", "operator-password-1");
    await p.click('[data-testid="submit"]');
    await p.waitForURL(/\/dashboard$/);
  });

  it("switches between partners from the header", async () => {
    const p = operator;
    const switcher = p.getByTestId("partner-switch");
    await switcher.waitFor();
    expect(await switcher.locator("option").allTextContents()).toEqual(["Kervan operators", OWNER.partner]);
    // Joining through an invitation opens the partner that invited you.
    expect(await switcher.locator("option:checked").textContent()).toBe(OWNER.partner);

    await p.goto(url("/settings"));
    expect(await p.locator("#team-heading").textContent()).toContain(OWNER.partner);
    expect(await p.getByTestId("member-row").count()).toBe(3);
    await screenshot(p, "cabinet-partner-switch");

    await switcher.selectOption({ label: "Kervan operators" });
    await expect.poll(() => p.locator("#team-heading").textContent(), { timeout: 60_000 }).toContain("Kervan operators");
    await expect.poll(() => p.getByTestId("member-row").count()).toBe(1);
    await p.reload();
    expect(await p.locator("#team-heading").textContent()).toContain("Kervan operators");
  });
});
