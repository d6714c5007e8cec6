import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const SCREENSHOTS = path.resolve("test-results/screenshots");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export interface App {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
  output(): string;
}

/**
 * Starts the cabinet as a new user would (`next dev`, embedded database in a fresh DATA_DIR, embedded jobs),
 * or `next start` when E2E_MODE=start and a build exists. Waits until the sign-in page answers.
 */
export async function startApp(extraEnv: Record<string, string> = {}, opts: { dataDir?: string; keepData?: boolean } = {}): Promise<App> {
  const port = await freePort();
  const sandboxPort = await freePort();
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "kervan-e2e-"));
  const mode = process.env.E2E_MODE === "start" ? "start" : "dev";
  let out = "";
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: mode === "start" ? "production" : "development",
    DATA_DIR: dataDir,
    PORT: String(port),
    SANDBOX_PORT: String(sandboxPort),
    AUTH_TRUST_HOST: "true",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_DIST_DIR: mode === "dev" ? ".next-e2e" : process.env.NEXT_DIST_DIR || ".next",
    ...(mode === "start"
      ? { AUTH_SECRET: crypto.randomBytes(32).toString("base64"), ENCRYPTION_KEYS: `e2e:${crypto.randomBytes(32).toString("base64")}` }
      : {}),
    ...extraEnv,
  };
  delete env.DATABASE_URL;
  delete env.TEST_DATABASE_URL;
  delete env.INNGEST_EVENT_KEY;
  delete env.INNGEST_BASE_URL;
  delete env.INNGEST_DEV;
  if (mode === "dev") {
    delete env.AUTH_SECRET;
    delete env.ENCRYPTION_KEYS;
  }
  const child: ChildProcess = spawn(process.execPath, ["node_modules/next/dist/bin/next", mode, "-p", String(port), "-H", "127.0.0.1"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next ${mode} exited early:\n${out}`);
    try {
      const res = await fetch(`${url}/sign-in`);
      if (res.status < 500) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`next ${mode} did not answer within 180 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    dataDir,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        try {
          process.kill(-child.pid!, "SIGTERM");
        } catch {
          /* gone */
        }
        await new Promise((r) => setTimeout(r, 500));
      }
      if (!opts.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
