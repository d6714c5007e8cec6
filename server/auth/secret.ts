import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/server/env";
import { log } from "@/server/log";

/**
 * The secret that signs session tokens. Outside production an unset AUTH_SECRET is generated once into
 * DATA_DIR (mode 0600), so sessions survive a restart of `npm run dev`.
 */
export function authSecret(): string {
  const e = env();
  if (e.AUTH_SECRET) return e.AUTH_SECRET;
  if (e.NODE_ENV === "production") throw new Error("AUTH_SECRET is required in production");
  const file = path.resolve(e.DATA_DIR, "auth-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const secret = crypto.randomBytes(32).toString("base64");
    fs.writeFileSync(file, secret, { mode: 0o600 });
    log.warn("Generated a local AUTH_SECRET; set AUTH_SECRET in production", { file });
    return secret;
  }
}
