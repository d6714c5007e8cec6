/**
 * Typed vault failures. Messages name connections and key ids only: never plaintext, never key material.
 */
export class VaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** ENCRYPTION_KEYS (or the local key ring file) is missing or malformed. */
export class VaultConfigError extends VaultError {}

/** The ciphertext names a key id that is not in the key ring. */
export class VaultKeyMissingError extends VaultError {
  constructor(
    readonly keyId: string,
    readonly connectionId?: string,
    ringSource = "ENCRYPTION_KEYS",
  ) {
    super(`credentials were encrypted with key '${keyId}', which is not in ${ringSource}`);
  }
}

export type VaultDecryptFailure = "authentication" | "malformed" | "unsupported-version" | "invalid-payload";

/** The key is in the ring but the ciphertext does not open with it (wrong key, tampered, or moved between rows). */
export class VaultDecryptError extends VaultError {
  constructor(
    readonly connectionId: string,
    readonly reason: VaultDecryptFailure = "authentication",
  ) {
    super(`credentials for connection ${connectionId} could not be decrypted: ${describe(reason)}`);
  }
}

function describe(reason: VaultDecryptFailure) {
  switch (reason) {
    case "authentication":
      return "wrong key or the ciphertext belongs to another connection";
    case "malformed":
      return "the stored ciphertext is malformed";
    case "unsupported-version":
      return "the stored ciphertext has an unsupported format version";
    case "invalid-payload":
      return "the decrypted payload is not a credentials object";
  }
}

/** No connection with this id belongs to this partner (deliberately the same message whether or not it exists elsewhere). */
export class ConnectionNotFoundError extends VaultError {
  constructor(readonly connectionId: string) {
    super(`connection ${connectionId} not found`);
  }
}
