/**
 * The credential vault: AES-256-GCM sealing of connection credentials with a rotating key ring.
 * Application code uses `writeConnectionCredentials` / `readConnectionCredentials` and never handles ciphertext.
 */
export {
  VaultError,
  VaultConfigError,
  VaultKeyMissingError,
  VaultDecryptError,
  ConnectionNotFoundError,
  type VaultDecryptFailure,
} from "./errors";
export {
  loadKeyRing,
  keyRing,
  parseKeyRing,
  createKeyRing,
  generateKey,
  resetKeyRingForTests,
  KEY_BYTES,
  KEY_ID_PATTERN,
  LOCAL_KEY_FILE,
  type KeyRing,
  type KeyRingSource,
  type VaultKey,
} from "./keyring";
export { sealCredentials, openCredentials, NONCE_BYTES, type Credentials, type ConnectionRef, type SealedCredentials } from "./cipher";
export { maskHint, hintsFor } from "./hints";
export { writeConnectionCredentials, readConnectionCredentials } from "./repository";
export { rotateCredentials, type RotationResult, type RotationOptions } from "./rotate";
