import crypto from "node:crypto";
import { VaultDecryptError, VaultError, VaultKeyMissingError } from "./errors";
import type { KeyRing } from "./keyring";

/** A connection's credentials: field name → secret value, sealed together as one JSON blob. */
export type Credentials = Record<string, string>;

/** The row a ciphertext belongs to; both ids are bound into the ciphertext as associated data. */
export interface ConnectionRef {
  partnerId: string;
  connectionId: string;
}

/** What is stored: `credentialsCiphertext` and `credentialsKeyId`. */
export interface SealedCredentials {
  ciphertext: string;
  keyId: string;
}

const ALGORITHM = "aes-256-gcm";
const VERSION = "v1";
export const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Encrypts `creds` with the ring's newest key: AES-256-GCM, a fresh random 96-bit nonce, associated data binding
 * the ciphertext to this partner and connection. Result: `v1.<base64url nonce>.<base64url ciphertext+tag>`.
 */
export function sealCredentials(ring: KeyRing, ref: ConnectionRef, creds: Credentials): SealedCredentials {
  checkRef(ref);
  checkCredentials(creds);
  const { id, key } = ring.current;
  const nonce = crypto.randomBytes(NONCE_BYTES);
  const cipher = crypto.createCipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(ref));
  const plaintext = Buffer.from(JSON.stringify(creds), "utf8");
  try {
    const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return { ciphertext: `${VERSION}.${nonce.toString("base64url")}.${body.toString("base64url")}`, keyId: id };
  } finally {
    plaintext.fill(0);
  }
}

/**
 * Decrypts what `sealCredentials` produced for the same partner and connection.
 * Throws VaultKeyMissingError when the key id is not in the ring, VaultDecryptError when the ciphertext does not
 * authenticate (wrong key, tampered, or sealed for another row) or is malformed; never returns garbage.
 */
export function openCredentials(ring: KeyRing, ref: ConnectionRef, sealed: SealedCredentials): Credentials {
  checkRef(ref);
  const entry = ring.byId(sealed.keyId);
  if (!entry) throw new VaultKeyMissingError(sealed.keyId, ref.connectionId, ring.source);

  const parts = typeof sealed.ciphertext === "string" ? sealed.ciphertext.split(".") : [];
  if (parts[0] !== VERSION) {
    throw new VaultDecryptError(ref.connectionId, parts.length === 3 && /^v\d+$/.test(parts[0] ?? "") ? "unsupported-version" : "malformed");
  }
  const [, nonceText = "", bodyText = ""] = parts;
  if (parts.length !== 3 || !BASE64URL.test(nonceText) || !BASE64URL.test(bodyText)) {
    throw new VaultDecryptError(ref.connectionId, "malformed");
  }
  const nonce = Buffer.from(nonceText, "base64url");
  const body = Buffer.from(bodyText, "base64url");
  if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) throw new VaultDecryptError(ref.connectionId, "malformed");

  let plaintext: Buffer;
  try {
    const decipher = crypto.createDecipheriv(ALGORITHM, entry.key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(ref));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    plaintext = Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
  } catch {
    // OpenSSL's own message ("Unsupported state or unable to authenticate data") says nothing useful.
    throw new VaultDecryptError(ref.connectionId, "authentication");
  }
  try {
    const value: unknown = JSON.parse(plaintext.toString("utf8"));
    if (!isCredentials(value)) throw new VaultDecryptError(ref.connectionId, "invalid-payload");
    return value;
  } catch (err) {
    if (err instanceof VaultDecryptError) throw err;
    throw new VaultDecryptError(ref.connectionId, "invalid-payload");
  } finally {
    plaintext.fill(0);
  }
}

/** Unambiguous encoding of format version, partner id and connection id. */
function associatedData(ref: ConnectionRef) {
  return Buffer.from(JSON.stringify(["kervan/credentials", VERSION, ref.partnerId, ref.connectionId]), "utf8");
}

function checkRef(ref: ConnectionRef) {
  if (typeof ref?.partnerId !== "string" || !ref.partnerId) throw new VaultError("a partner id is required to seal or open credentials");
  if (typeof ref.connectionId !== "string" || !ref.connectionId) throw new VaultError("a connection id is required to seal or open credentials");
}

function checkCredentials(creds: unknown): asserts creds is Credentials {
  if (!isPlainObject(creds)) throw new VaultError("credentials must be an object of string fields");
  for (const [field, value] of Object.entries(creds)) {
    // Name the field, never its value.
    if (typeof value !== "string") throw new VaultError(`credential field ${JSON.stringify(field)} must be a string`);
  }
}

function isCredentials(value: unknown): value is Credentials {
  return isPlainObject(value) && Object.values(value).every((v) => typeof v === "string");
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
