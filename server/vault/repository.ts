import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections } from "@/db/schema";
import { openCredentials, sealCredentials, type ConnectionRef, type Credentials } from "./cipher";
import { ConnectionNotFoundError, VaultDecryptError } from "./errors";
import { hintsFor } from "./hints";
import { keyRing, type KeyRing } from "./keyring";

// The only code that reads or writes `credentialsCiphertext` / `credentialsKeyId` (apart from rotation): callers
// hand over and get back plain credential objects and never see a ciphertext. Every query is scoped to the
// partner AND the connection, so a connection id from another partner behaves as if it did not exist.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Seals `creds` with the newest key and stores ciphertext, key id and display hints (for the `secretKeys` fields)
 * on the partner's connection. Throws ConnectionNotFoundError when the partner has no such connection.
 */
export async function writeConnectionCredentials(
  db: Db,
  ref: ConnectionRef,
  creds: Credentials,
  secretKeys: readonly string[],
  ring: KeyRing = keyRing(),
): Promise<void> {
  if (!UUID.test(ref.partnerId) || !UUID.test(ref.connectionId)) throw new ConnectionNotFoundError(ref.connectionId);
  const sealed = sealCredentials(ring, ref, creds);
  const updated = await db
    .update(connections)
    .set({
      credentialsCiphertext: sealed.ciphertext,
      credentialsKeyId: sealed.keyId,
      credentialHints: hintsFor(creds, secretKeys),
      updatedAt: new Date(),
    })
    .where(and(eq(connections.partnerId, ref.partnerId), eq(connections.id, ref.connectionId)))
    .returning({ id: connections.id });
  if (!updated.length) throw new ConnectionNotFoundError(ref.connectionId);
}

/**
 * The decrypted credentials of the partner's connection, or null when none have been stored yet.
 * Throws ConnectionNotFoundError when the partner has no such connection, VaultKeyMissingError /
 * VaultDecryptError when the stored ciphertext cannot be opened.
 */
export async function readConnectionCredentials(db: Db, ref: ConnectionRef, ring: KeyRing = keyRing()): Promise<Credentials | null> {
  if (!UUID.test(ref.partnerId) || !UUID.test(ref.connectionId)) throw new ConnectionNotFoundError(ref.connectionId);
  const [row] = await db
    .select({ ciphertext: connections.credentialsCiphertext, keyId: connections.credentialsKeyId })
    .from(connections)
    .where(and(eq(connections.partnerId, ref.partnerId), eq(connections.id, ref.connectionId)))
    .limit(1);
  if (!row) throw new ConnectionNotFoundError(ref.connectionId);
  if (row.ciphertext === null) return null;
  if (row.keyId === null) throw new VaultDecryptError(ref.connectionId, "malformed");
  return openCredentials(ring, ref, { ciphertext: row.ciphertext, keyId: row.keyId });
}
