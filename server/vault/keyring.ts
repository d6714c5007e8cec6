import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import util from "node:util";
import { env } from "@/server/env";
import { log } from "@/server/log";
import { VaultConfigError } from "./errors";

/** One AES-256 key of the ring. */
export interface VaultKey {
  readonly id: string;
  readonly key: Buffer;
}

/** The keys this process can use, newest first: `current` seals, `byId` opens. */
export interface KeyRing {
  readonly current: VaultKey;
  /** Every key, newest first. */
  readonly keys: readonly VaultKey[];
  /** Where the keys came from, for messages: "ENCRYPTION_KEYS" or the local key ring file. */
  readonly source: string;
  byId(id: string): VaultKey | undefined;
}

export interface KeyRingSource {
  ENCRYPTION_KEYS?: string;
  DATA_DIR: string;
  NODE_ENV: string;
}

export const KEY_BYTES = 32;
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
export const LOCAL_KEY_FILE = "encryption-keys";
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;

/**
 * Parses `keyId:base64key[,keyId:base64key…]` (newest first). Entries may also be separated by newlines, and
 * lines starting with `#` are comments (the local key ring file uses both). Errors name the entry, never its key.
 */
export function parseKeyRing(text: string, label = "ENCRYPTION_KEYS"): KeyRing {
  const entries = text
    .split(/\r?\n/)
    .filter((line) => !line.trim().startsWith("#"))
    .join(",")
    .split(",")
    .map((e) => e.trim());
  // Tolerate a trailing separator or blank lines, but not an empty entry between two keys.
  while (entries.length && entries[entries.length - 1] === "") entries.pop();
  while (entries.length && entries[0] === "") entries.shift();
  if (!entries.length) throw new VaultConfigError(`${label} holds no keys (expected keyId:base64key, newest first)`);

  const keys: VaultKey[] = [];
  const seen = new Map<string, number>();
  entries.forEach((entry, i) => {
    const n = i + 1;
    if (!entry) throw new VaultConfigError(`${label} entry ${n} is empty (expected keyId:base64key)`);
    const colon = entry.indexOf(":");
    // Without a colon the entry may be a bare key: do not echo it.
    if (colon < 0) throw new VaultConfigError(`${label} entry ${n}: expected keyId:base64key`);
    const id = entry.slice(0, colon).trim();
    const encoded = entry.slice(colon + 1).trim();
    if (!KEY_ID_PATTERN.test(id)) {
      const shown = id.length <= 32 ? ` (${JSON.stringify(id)})` : "";
      throw new VaultConfigError(`${label} entry ${n}${shown}: key id must be 1-32 characters of A-Z, a-z, 0-9, _ or -`);
    }
    const name = `${label} entry ${n} (${JSON.stringify(id)})`;
    const previous = seen.get(id);
    if (previous) throw new VaultConfigError(`${name}: key id is already used by entry ${previous}`);
    if (!encoded) throw new VaultConfigError(`${name}: key is empty (expected ${KEY_BYTES} bytes base64)`);
    if (!BASE64.test(encoded)) throw new VaultConfigError(`${name}: key is not valid base64`);
    const key = Buffer.from(encoded, "base64");
    if (key.length !== KEY_BYTES) {
      key.fill(0);
      throw new VaultConfigError(`${name}: key must be ${KEY_BYTES} bytes base64 (got ${key.length})`);
    }
    seen.set(id, n);
    keys.push(makeKey(id, key));
  });
  return makeRing(keys, label);
}

/** Builds a ring from keys already in memory (newest first); used by tests and tools. */
export function createKeyRing(keys: readonly { id: string; key: Buffer }[], source = "ENCRYPTION_KEYS"): KeyRing {
  if (!keys.length) throw new VaultConfigError(`${source} holds no keys`);
  const seen = new Set<string>();
  return makeRing(
    keys.map(({ id, key }) => {
      if (!KEY_ID_PATTERN.test(id)) throw new VaultConfigError(`key id ${JSON.stringify(id)} must be 1-32 characters of A-Z, a-z, 0-9, _ or -`);
      if (seen.has(id)) throw new VaultConfigError(`key id ${JSON.stringify(id)} is used twice`);
      if (key.length !== KEY_BYTES) throw new VaultConfigError(`key ${JSON.stringify(id)} must be ${KEY_BYTES} bytes (got ${key.length})`);
      seen.add(id);
      return makeKey(id, Buffer.from(key));
    }),
    source,
  );
}

/** A new random key and an id for it (`k<yyyymmdd>-<random>`), for `npm run cli -- keys:generate`. */
export function generateKey(id?: string): { id: string; base64: string; entry: string } {
  const keyId = id ?? `k${new Date().toISOString().slice(0, 10).replaceAll("-", "")}-${crypto.randomBytes(3).toString("hex")}`;
  if (!KEY_ID_PATTERN.test(keyId)) throw new VaultConfigError(`key id ${JSON.stringify(keyId)} must be 1-32 characters of A-Z, a-z, 0-9, _ or -`);
  const base64 = crypto.randomBytes(KEY_BYTES).toString("base64");
  return { id: keyId, base64, entry: `${keyId}:${base64}` };
}

/**
 * The key ring from ENCRYPTION_KEYS. Outside production, with ENCRYPTION_KEYS unset, a local ring is kept in
 * `<DATA_DIR>/encryption-keys` (created once, mode 0600) so development works without setup.
 */
export function loadKeyRing(source: KeyRingSource = env()): KeyRing {
  const configured = source.ENCRYPTION_KEYS?.trim();
  if (configured) return parseKeyRing(configured, "ENCRYPTION_KEYS");
  if (source.NODE_ENV === "production") {
    throw new VaultConfigError("ENCRYPTION_KEYS is required in production (npm run cli -- keys:generate)");
  }
  const file = path.resolve(source.DATA_DIR, LOCAL_KEY_FILE);
  const text = readOrCreateLocalKeyFile(file);
  const ring = parseKeyRing(text, file);
  if (!state().warned.has(file)) {
    state().warned.add(file);
    log.warn(
      "ENCRYPTION_KEYS is not set: using the local development key ring. Production needs its own ENCRYPTION_KEYS " +
        "(npm run cli -- keys:generate); credentials sealed with this local key cannot be opened there.",
      { file },
    );
  }
  return ring;
}

/** The key ring of this process, loaded once from the validated settings. */
export function keyRing(): KeyRing {
  const s = state();
  s.ring ??= loadKeyRing();
  return s.ring;
}

/** Tests change ENCRYPTION_KEYS / DATA_DIR and call this (after resetEnvForTests) to load the ring again. */
export function resetKeyRingForTests() {
  const s = state();
  s.ring = undefined;
  s.warned.clear();
}

// Shared through globalThis so Next.js module copies load (and warn) once per process.
const globalForVault = globalThis as unknown as { __kervanVault?: { ring?: KeyRing; warned: Set<string> } };
function state() {
  globalForVault.__kervanVault ??= { warned: new Set() };
  return globalForVault.__kervanVault;
}

function readOrCreateLocalKeyFile(file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    return readLocalKeyFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  const { entry } = generateKey(`local-${crypto.randomBytes(3).toString("hex")}`);
  const content =
    "# Kervan local development key ring (keyId:base64key, newest first). Created because ENCRYPTION_KEYS was unset.\n" +
    "# Never copy it to production: set ENCRYPTION_KEYS there (npm run cli -- keys:generate).\n" +
    `${entry}\n`;
  // Written to a private temporary file and then linked into place, so the key file never exists half-written or
  // with looser permissions, and two processes starting at once end up sharing the first one's key.
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(tmp, content, { mode: 0o600, flag: "wx" });
  try {
    fs.chmodSync(tmp, 0o600);
    fs.linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    return readLocalKeyFile(file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return content;
}

function readLocalKeyFile(file: string): string {
  const text = fs.readFileSync(file, "utf8");
  if (process.platform !== "win32") {
    const mode = fs.statSync(file).mode & 0o777;
    if (mode & 0o077) {
      fs.chmodSync(file, 0o600);
      log.warn("The local key ring file was readable by other users; its permissions were reset to 0600.", {
        file,
        previousMode: mode.toString(8).padStart(4, "0"),
      });
    }
  }
  return text;
}

function makeKey(id: string, key: Buffer): VaultKey {
  const k = { id, key };
  // Keep key bytes out of console.log / JSON by accident.
  Object.defineProperty(k, "key", { value: key, enumerable: false });
  Object.defineProperty(k, util.inspect.custom, { value: () => `VaultKey(${id})`, enumerable: false });
  return Object.freeze(k);
}

function makeRing(keys: VaultKey[], source: string): KeyRing {
  const byId = new Map(keys.map((k) => [k.id, k]));
  const ring: KeyRing = {
    current: keys[0]!,
    keys: Object.freeze([...keys]),
    source,
    byId: (id) => byId.get(id),
  };
  Object.defineProperty(ring, util.inspect.custom, { value: () => `KeyRing(${keys.map((k) => k.id).join(", ")})`, enumerable: false });
  return Object.freeze(ring);
}
