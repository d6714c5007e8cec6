import { and, asc, eq, gt, isNotNull, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections } from "@/db/schema";
import { openCredentials, sealCredentials } from "./cipher";
import { VaultError } from "./errors";
import type { KeyRing } from "./keyring";

export interface RotationResult {
  /** Connections with stored credentials that were examined. */
  total: number;
  rotated: number;
  alreadyCurrent: number;
  /** Rows that could not be re-encrypted; they are left exactly as they were. */
  failed: { connectionId: string; reason: string }[];
}

export interface RotationOptions {
  batchSize?: number;
  /** How often a row changed by someone else between read and write is read again before giving up. */
  maxAttempts?: number;
}

interface Row {
  id: string;
  partnerId: string;
  ciphertext: string | null;
  keyId: string | null;
}

/**
 * Re-encrypts every connection's credentials with the ring's newest key; rows already on it are left alone.
 *
 * OPERATOR COMMAND: this is the one vault function that reads across all partners (it backs
 * `npm run cli -- keys:rotate`). Never call it from request handling.
 *
 * Rows are read in batches by id. Each row is written only if its ciphertext and key id are unchanged since it
 * was read (compare-and-set), so a concurrent credential update is never overwritten; such a row is read again.
 * A row that cannot be decrypted (unknown key, wrong key, corrupt) is reported in `failed` and not touched.
 * Running it again is safe: it only picks up what is not yet on the newest key.
 */
export async function rotateCredentials(db: Db, ring: KeyRing, opts: RotationOptions = {}): Promise<RotationResult> {
  const batchSize = Math.max(1, Math.floor(opts.batchSize ?? 100));
  const maxAttempts = Math.max(1, Math.floor(opts.maxAttempts ?? 3));
  const result: RotationResult = { total: 0, rotated: 0, alreadyCurrent: 0, failed: [] };
  let after: string | undefined;

  for (;;) {
    const where: SQL[] = [isNotNull(connections.credentialsCiphertext)];
    if (after) where.push(gt(connections.id, after));
    const batch = await selectRows(db, and(...where)!, batchSize);
    if (!batch.length) break;
    after = batch[batch.length - 1]!.id;

    for (let row of batch) {
      for (let attempt = 1; ; attempt++) {
        const outcome = await rotateRow(db, ring, row);
        if (outcome.kind !== "conflict") {
          result.total++;
          if (outcome.kind === "rotated") result.rotated++;
          else if (outcome.kind === "current") result.alreadyCurrent++;
          else result.failed.push({ connectionId: row.id, reason: outcome.reason });
          break;
        }
        const [fresh] = await selectRows(db, eq(connections.id, row.id), 1);
        // Deleted, or its credentials removed, since we read it: nothing left to rotate.
        if (!fresh || fresh.ciphertext === null) break;
        if (attempt >= maxAttempts) {
          result.total++;
          result.failed.push({ connectionId: row.id, reason: "credentials kept changing while rotating; run keys:rotate again" });
          break;
        }
        row = fresh;
      }
    }
    if (batch.length < batchSize) break;
  }
  return result;
}

type Outcome = { kind: "rotated" } | { kind: "current" } | { kind: "conflict" } | { kind: "failed"; reason: string };

async function rotateRow(db: Db, ring: KeyRing, row: Row): Promise<Outcome> {
  if (row.ciphertext === null) return { kind: "current" };
  if (row.keyId === ring.current.id) return { kind: "current" };
  if (row.keyId === null) return { kind: "failed", reason: "a ciphertext is stored without a key id" };
  const ref = { partnerId: row.partnerId, connectionId: row.id };
  let sealed;
  try {
    sealed = sealCredentials(ring, ref, openCredentials(ring, ref, { ciphertext: row.ciphertext, keyId: row.keyId }));
  } catch (err) {
    // Vault errors carry safe messages (ids only). Anything else is unexpected: stop rather than guess.
    if (err instanceof VaultError) return { kind: "failed", reason: err.message };
    throw err;
  }
  const updated = await db
    .update(connections)
    .set({ credentialsCiphertext: sealed.ciphertext, credentialsKeyId: sealed.keyId })
    .where(
      and(
        eq(connections.id, row.id),
        eq(connections.partnerId, row.partnerId),
        eq(connections.credentialsCiphertext, row.ciphertext),
        eq(connections.credentialsKeyId, row.keyId),
      ),
    )
    .returning({ id: connections.id });
  return updated.length ? { kind: "rotated" } : { kind: "conflict" };
}

function selectRows(db: Db, where: SQL, limit: number): Promise<Row[]> {
  return db
    .select({
      id: connections.id,
      partnerId: connections.partnerId,
      ciphertext: connections.credentialsCiphertext,
      keyId: connections.credentialsKeyId,
    })
    .from(connections)
    .where(where)
    .orderBy(asc(connections.id))
    .limit(limit);
}
