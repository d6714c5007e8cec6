import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { log } from "@/server/log";
import {
  createKeyRing,
  generateKey,
  hintsFor,
  loadKeyRing,
  maskHint,
  openCredentials,
  parseKeyRing,
  resetKeyRingForTests,
  sealCredentials,
  VaultConfigError,
  VaultDecryptError,
  VaultKeyMissingError,
  type KeyRing,
} from "@/server/vault";

const K1 = crypto.randomBytes(32);
const K2 = crypto.randomBytes(32);
const ring1 = createKeyRing([{ id: "k1", key: K1 }]);
const ring21 = createKeyRing([
  { id: "k2", key: K2 },
  { id: "k1", key: K1 },
]);
const ref = { partnerId: "11111111-1111-4111-8111-111111111111", connectionId: "22222222-2222-4222-8222-222222222222" };
const otherPartner = "33333333-3333-4333-8333-333333333333";
const otherConnection = "44444444-4444-4444-8444-444444444444";
const creds = { apiKey: "sk_live_SUPERSECRETVALUE_4242", apiSecret: "hunter2-very-secret-xyz9", sellerId: "123456" };

/** Every string that must never appear in an error message. */
const forbidden = [
  ...Object.values(creds),
  JSON.stringify(creds),
  K1.toString("base64"),
  K2.toString("base64"),
  K1.toString("hex"),
  K2.toString("hex"),
];
const collected: Error[] = [];

/** Runs fn, expects it to throw an instance of type, and keeps the error for the leak check at the end. */
function expectThrow<T extends Error>(fn: () => unknown, type: new (...a: never[]) => T): T {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(type);
  collected.push(caught as Error);
  return caught as T;
}

function parts(ciphertext: string) {
  const [version, nonce, body, ...rest] = ciphertext.split(".");
  expect(rest).toEqual([]);
  return { version, nonce: Buffer.from(nonce!, "base64url"), body: Buffer.from(body!, "base64url") };
}

describe("seal / open", () => {
  it("round-trips a credentials object and stores the key id", () => {
    const sealed = sealCredentials(ring1, ref, creds);
    expect(sealed.keyId).toBe("k1");
    expect(sealed.ciphertext.startsWith("v1.")).toBe(true);
    for (const secret of Object.values(creds)) expect(sealed.ciphertext).not.toContain(secret);
    expect(openCredentials(ring1, ref, sealed)).toEqual(creds);
  });

  it("seals with the newest key and opens with any key of the ring", () => {
    const old = sealCredentials(ring1, ref, creds);
    const fresh = sealCredentials(ring21, ref, creds);
    expect(fresh.keyId).toBe("k2");
    expect(openCredentials(ring21, ref, old)).toEqual(creds);
    expect(openCredentials(ring21, ref, fresh)).toEqual(creds);
  });

  it("uses a fresh 12-byte nonce for every encryption", () => {
    const a = sealCredentials(ring1, ref, creds);
    const b = sealCredentials(ring1, ref, creds);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    const pa = parts(a.ciphertext);
    const pb = parts(b.ciphertext);
    expect(pa.version).toBe("v1");
    expect(pa.nonce.length).toBe(12);
    expect(pb.nonce.length).toBe(12);
    expect(pa.nonce.equals(pb.nonce)).toBe(false);
    // ciphertext + 16-byte GCM tag
    expect(pa.body.length).toBe(Buffer.byteLength(JSON.stringify(creds)) + 16);
  });

  it("refuses a ciphertext moved to another connection or another partner", () => {
    const sealed = sealCredentials(ring1, ref, creds);
    const movedConnection = expectThrow(() => openCredentials(ring1, { ...ref, connectionId: otherConnection }, sealed), VaultDecryptError);
    expect(movedConnection.message).toBe(
      `credentials for connection ${otherConnection} could not be decrypted: wrong key or the ciphertext belongs to another connection`,
    );
    expectThrow(() => openCredentials(ring1, { ...ref, partnerId: otherPartner }, sealed), VaultDecryptError);
    expectThrow(() => openCredentials(ring1, { partnerId: otherPartner, connectionId: otherConnection }, sealed), VaultDecryptError);
  });

  it("refuses a tampered ciphertext, nonce or tag", () => {
    const sealed = sealCredentials(ring1, ref, creds);
    const { nonce, body } = parts(sealed.ciphertext);
    const flip = (buf: Buffer, i: number) => {
      const copy = Buffer.from(buf);
      copy[i] = copy[i]! ^ 0x01;
      return copy.toString("base64url");
    };
    const variants = [
      `v1.${nonce.toString("base64url")}.${flip(body, 0)}`, // ciphertext byte
      `v1.${nonce.toString("base64url")}.${flip(body, body.length - 1)}`, // tag byte
      `v1.${flip(nonce, 0)}.${body.toString("base64url")}`, // nonce
      `v1.${nonce.toString("base64url")}.${body.subarray(0, body.length - 1).toString("base64url")}`, // truncated
    ];
    for (const ciphertext of variants) {
      expectThrow(() => openCredentials(ring1, ref, { ciphertext, keyId: "k1" }), VaultDecryptError);
    }
    for (const ciphertext of ["", "garbage", "v1.abc", `v1.${nonce.toString("base64url")}.`, `v1.!!.${body.toString("base64url")}`]) {
      expect(expectThrow(() => openCredentials(ring1, ref, { ciphertext, keyId: "k1" }), VaultDecryptError).reason).toBe("malformed");
    }
    expect(
      expectThrow(() => openCredentials(ring1, ref, { ciphertext: sealed.ciphertext.replace(/^v1/, "v9"), keyId: "k1" }), VaultDecryptError).reason,
    ).toBe("unsupported-version");
  });

  it("refuses to open with the wrong key under the right id", () => {
    const sealed = sealCredentials(ring1, ref, creds);
    const impostor = createKeyRing([{ id: "k1", key: K2 }]);
    expectThrow(() => openCredentials(impostor, ref, sealed), VaultDecryptError);
  });

  it("reports a key id that is not in the ring as VaultKeyMissingError", () => {
    const sealed = sealCredentials(createKeyRing([{ id: "k0", key: crypto.randomBytes(32) }]), ref, creds);
    const err = expectThrow(() => openCredentials(ring21, ref, sealed), VaultKeyMissingError);
    expect(err.message).toBe("credentials were encrypted with key 'k0', which is not in ENCRYPTION_KEYS");
    expect(err.keyId).toBe("k0");
  });

  it("rejects non-string credential values without echoing them", () => {
    const err = expectThrow(() => sealCredentials(ring1, ref, { token: 42 as unknown as string }), Error);
    expect(err.message).toContain('"token"');
    expect(err.message).not.toContain("42");
  });
});

describe("ENCRYPTION_KEYS", () => {
  const b64 = (n: number) => crypto.randomBytes(n).toString("base64");

  it("parses the ring newest first", () => {
    const ring = parseKeyRing(`k2:${K2.toString("base64")}, k1:${K1.toString("base64")}`);
    expect(ring.current.id).toBe("k2");
    expect(ring.current.key.equals(K2)).toBe(true);
    expect(ring.byId("k1")?.key.equals(K1)).toBe(true);
    expect(ring.byId("k9")).toBeUndefined();
    expect(ring.keys.map((k) => k.id)).toEqual(["k2", "k1"]);
  });

  it("does not expose key bytes through JSON", () => {
    const ring = parseKeyRing(`k1:${K1.toString("base64")}`);
    const json = JSON.stringify(ring);
    expect(json).not.toContain(K1.toString("base64"));
    expect(json).not.toContain(String(K1[0]) + "," + String(K1[1]));
  });

  const bad: [string, string][] = [
    [`k1:${b64(32)},k2:${b64(16)}`, 'ENCRYPTION_KEYS entry 2 ("k2"): key must be 32 bytes base64 (got 16)'],
    [`k1:${b64(33)}`, 'ENCRYPTION_KEYS entry 1 ("k1"): key must be 32 bytes base64 (got 33)'],
    [`k1:${b64(32)},k1:${b64(32)}`, 'ENCRYPTION_KEYS entry 2 ("k1"): key id is already used by entry 1'],
    [`bad id:${b64(32)}`, 'ENCRYPTION_KEYS entry 1 ("bad id"): key id must be 1-32 characters of A-Z, a-z, 0-9, _ or -'],
    [`${"x".repeat(33)}:${b64(32)}`, "ENCRYPTION_KEYS entry 1: key id must be 1-32 characters of A-Z, a-z, 0-9, _ or -"],
    [`:${b64(32)}`, 'ENCRYPTION_KEYS entry 1 (""): key id must be 1-32 characters of A-Z, a-z, 0-9, _ or -'],
    [`k1:${b64(32)},${K2.toString("base64")}`, "ENCRYPTION_KEYS entry 2: expected keyId:base64key"],
    [`k1:not*base64*at*all`, 'ENCRYPTION_KEYS entry 1 ("k1"): key is not valid base64'],
    [`k1:`, 'ENCRYPTION_KEYS entry 1 ("k1"): key is empty (expected 32 bytes base64)'],
    [`k1:${b64(32)},,k2:${b64(32)}`, "ENCRYPTION_KEYS entry 2 is empty (expected keyId:base64key)"],
  ];
  it.each(bad)("rejects %s with a message naming the entry", (value, message) => {
    const err = expectThrow(() => loadKeyRing({ ENCRYPTION_KEYS: value, DATA_DIR: "/nonexistent", NODE_ENV: "production" }), VaultConfigError);
    expect(err.message).toBe(message);
    // The message never carries any key material from the setting.
    for (const entry of value.split(",")) {
      const key = entry.slice(entry.indexOf(":") + 1);
      if (key.length >= 8) expect(err.message).not.toContain(key);
    }
  });

  it("fails clearly in production without keys", () => {
    const err = expectThrow(() => loadKeyRing({ DATA_DIR: "/nonexistent", NODE_ENV: "production" }), VaultConfigError);
    expect(err.message).toMatch(/ENCRYPTION_KEYS is required in production/);
    expectThrow(() => loadKeyRing({ ENCRYPTION_KEYS: "  ", DATA_DIR: "/nonexistent", NODE_ENV: "production" }), VaultConfigError);
  });

  it("generates keys the parser accepts", () => {
    const a = generateKey();
    const b = generateKey("custom_id-1");
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
    expect(Buffer.from(a.base64, "base64").length).toBe(32);
    expect(a.base64).not.toBe(b.base64);
    const ring = parseKeyRing(`${b.entry},${a.entry}`);
    expect(ring.current.id).toBe("custom_id-1");
    expect(ring.byId(a.id)?.key.toString("base64")).toBe(a.base64);
    expectThrow(() => generateKey("no spaces"), VaultConfigError);
  });
});

describe("local key ring file", () => {
  let tmp: string;
  let warn: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kervan-vault-"));
    resetKeyRingForTests();
    warn = vi.spyOn(log, "warn").mockImplementation(() => {});
  });
  afterEach(() => {
    warn.mockRestore();
    resetKeyRingForTests();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("creates <DATA_DIR>/encryption-keys with mode 0600, reuses it, and warns once", () => {
    const dataDir = path.join(tmp, "nested", "data");
    const source = { DATA_DIR: dataDir, NODE_ENV: "development" };
    const first = loadKeyRing(source);
    const file = path.join(dataDir, "encryption-keys");
    expect(fs.existsSync(file)).toBe(true);
    if (process.platform !== "win32") expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/Production needs its own ENCRYPTION_KEYS/);
    // The warning names the file, not the key.
    expect(JSON.stringify(warn.mock.calls[0])).not.toContain(first.current.key.toString("base64"));

    const second = loadKeyRing(source);
    expect(second.current.id).toBe(first.current.id);
    expect(second.current.key.equals(first.current.key)).toBe(true);
    expect(warn).toHaveBeenCalledTimes(1);

    // A value sealed under the first load opens under the second: the file really is reused.
    const sealed = sealCredentials(first, ref, creds);
    expect(openCredentials(second, ref, sealed)).toEqual(creds);
    expect(fs.readdirSync(dataDir)).toEqual(["encryption-keys"]);
  });

  it("also applies to the test environment", () => {
    const ring = loadKeyRing({ DATA_DIR: tmp, NODE_ENV: "test" });
    expect(ring.current.key.length).toBe(32);
    expect(fs.existsSync(path.join(tmp, "encryption-keys"))).toBe(true);
  });

  it.skipIf(process.platform === "win32")("tightens a key file readable by others and warns", () => {
    const first = loadKeyRing({ DATA_DIR: tmp, NODE_ENV: "development" });
    const file = path.join(tmp, "encryption-keys");
    fs.chmodSync(file, 0o644);
    warn.mockClear();
    const again = loadKeyRing({ DATA_DIR: tmp, NODE_ENV: "development" });
    expect(again.current.key.equals(first.current.key)).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/permissions were reset to 0600/);
  });

  it("prefers ENCRYPTION_KEYS and then writes no file", () => {
    const ring = loadKeyRing({ ENCRYPTION_KEYS: `k1:${K1.toString("base64")}`, DATA_DIR: tmp, NODE_ENV: "development" });
    expect(ring.current.id).toBe("k1");
    expect(fs.readdirSync(tmp)).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });

  it("names the file when it is corrupt", () => {
    fs.writeFileSync(path.join(tmp, "encryption-keys"), "k1:short\n", { mode: 0o600 });
    const err = expectThrow(() => loadKeyRing({ DATA_DIR: tmp, NODE_ENV: "development" }), VaultConfigError);
    expect(err.message).toContain(path.join(tmp, "encryption-keys"));
  });
});

describe("hints", () => {
  it("shows only the last four characters", () => {
    expect(maskHint("sk_live_abcdefgh1234")).toBe("••••1234");
    expect(maskHint("12345")).toBe("••••2345");
    expect(maskHint("sk_live_abcdefgh1234")).not.toContain("sk_live");
  });

  it("reveals nothing for secrets of four characters or fewer", () => {
    for (const s of ["", "a", "ab", "abc", "abcd"]) expect(maskHint(s)).toBe("••••");
  });

  it("never contains the whole secret", () => {
    for (let n = 1; n <= 40; n++) {
      const secret = crypto.randomBytes(n).toString("hex").slice(0, n);
      expect(maskHint(secret)).not.toContain(secret);
      expect(maskHint(secret).replace(/^••••/, "").length).toBeLessThanOrEqual(4);
    }
  });

  it("does not split characters outside the BMP", () => {
    expect(maskHint("secret🔑🔑🔑🔑")).toBe("••••🔑🔑🔑🔑");
  });

  it("hints only the secret fields", () => {
    expect(hintsFor(creds, ["apiKey", "apiSecret", "missing"])).toEqual({ apiKey: "••••4242", apiSecret: "••••xyz9" });
    expect(hintsFor({ apiKey: "" }, ["apiKey"])).toEqual({});
  });
});

describe("error messages", () => {
  it("never contain plaintext or key material", () => {
    // One failure of each kind here as well, so the check holds even when run on its own (-t).
    const sealed = sealCredentials(ring1, ref, creds);
    expectThrow(() => openCredentials(ring1, { ...ref, connectionId: otherConnection }, sealed), VaultDecryptError);
    expectThrow(() => openCredentials(createKeyRing([{ id: "k1", key: K2 }]), ref, sealed), VaultDecryptError);
    expectThrow(() => openCredentials(createKeyRing([{ id: "k2", key: K2 }]), ref, sealed), VaultKeyMissingError);
    expectThrow(() => parseKeyRing(`k1:${K1.toString("base64")},k2:${K2.toString("base64").slice(0, 20)}`), VaultConfigError);
    expectThrow(() => parseKeyRing(K1.toString("base64")), VaultConfigError);
    expect(collected.length).toBeGreaterThanOrEqual(5);
    for (const err of collected) {
      for (const secret of forbidden) expect(err.message).not.toContain(secret);
      expect(String(err.stack ?? "")).not.toContain(creds.apiKey);
    }
  });
});

// Ring type stays usable as a plain interface.
const _typecheck: KeyRing = ring21;
void _typecheck;
