import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { connections, partners } from "@/db/schema";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import {
  ConnectionNotFoundError,
  createKeyRing,
  openCredentials,
  readConnectionCredentials,
  rotateCredentials,
  sealCredentials,
  VaultKeyMissingError,
  writeConnectionCredentials,
} from "@/server/vault";

const k1 = { id: "k1", key: crypto.randomBytes(32) };
const k2 = { id: "k2", key: crypto.randomBytes(32) };
const ringK1 = createKeyRing([k1]);
const ringK2K1 = createKeyRing([k2, k1]);

let t: TestDatabase;
let partnerA: string;
let partnerB: string;
let ids: string[];
const credsFor = (i: number) => ({ apiKey: `key-${i}-${crypto.randomBytes(8).toString("hex")}`, apiSecret: `secret-${i}-abcd${i}` });
const creds = [credsFor(0), credsFor(1), credsFor(2)];

async function addConnection(partnerId: string, name: string) {
  const [row] = await t.db.insert(connections).values({ partnerId, platform: "shopify", name }).returning({ id: connections.id });
  return row!.id;
}

async function rowOf(id: string) {
  const [row] = await t.db.select().from(connections).where(eq(connections.id, id));
  return row!;
}

beforeAll(async () => {
  t = await createTestDatabase();
  [partnerA, partnerB] = (await t.db.insert(partners).values([{ name: "A" }, { name: "B" }]).returning({ id: partners.id })).map((p) => p.id) as [
    string,
    string,
  ];
  // Spread over two partners: rotation is the one operation that crosses partners.
  ids = [await addConnection(partnerA, "a0"), await addConnection(partnerA, "a1"), await addConnection(partnerB, "b0")];
});

afterAll(async () => {
  await t?.close();
});

const partnerOf = (i: number) => (i < 2 ? partnerA : partnerB);

describe("credential storage and key rotation", () => {
  it("writes credentials under k1 with hints and reads them back", async () => {
    for (const [i, id] of ids.entries()) {
      await writeConnectionCredentials(t.db, { partnerId: partnerOf(i), connectionId: id }, creds[i]!, ["apiKey", "apiSecret"], ringK1);
    }
    for (const [i, id] of ids.entries()) {
      const row = await rowOf(id);
      expect(row.credentialsKeyId).toBe("k1");
      expect(row.credentialsCiphertext).toMatch(/^v1\./);
      expect(row.credentialsCiphertext).not.toContain(creds[i]!.apiKey);
      expect(row.credentialHints).toEqual({ apiKey: `••••${creds[i]!.apiKey.slice(-4)}`, apiSecret: `••••bcd${i}` });
      expect(await readConnectionCredentials(t.db, { partnerId: partnerOf(i), connectionId: id }, ringK1)).toEqual(creds[i]);
    }
  });

  it("does not read or write another partner's connection", async () => {
    const wrong = { partnerId: partnerB, connectionId: ids[0]! };
    await expect(readConnectionCredentials(t.db, wrong, ringK1)).rejects.toBeInstanceOf(ConnectionNotFoundError);
    await expect(readConnectionCredentials(t.db, { partnerId: partnerA, connectionId: crypto.randomUUID() }, ringK1)).rejects.toBeInstanceOf(
      ConnectionNotFoundError,
    );
    await expect(readConnectionCredentials(t.db, { partnerId: partnerA, connectionId: "not-a-uuid" }, ringK1)).rejects.toBeInstanceOf(
      ConnectionNotFoundError,
    );
    const before = await rowOf(ids[0]!);
    await expect(writeConnectionCredentials(t.db, wrong, { apiKey: "overwrite-attempt" }, ["apiKey"], ringK1)).rejects.toBeInstanceOf(
      ConnectionNotFoundError,
    );
    expect(await rowOf(ids[0]!)).toEqual(before);
  });

  it("returns null for a connection without stored credentials", async () => {
    const empty = await addConnection(partnerA, "empty");
    expect(await readConnectionCredentials(t.db, { partnerId: partnerA, connectionId: empty }, ringK1)).toBeNull();
    await t.db.delete(connections).where(eq(connections.id, empty));
  });

  it("rotates every connection to the newest key, and they still decrypt", async () => {
    const before = await Promise.all(ids.map(rowOf));
    // batchSize 2 so more than one batch is read.
    const result = await rotateCredentials(t.db, ringK2K1, { batchSize: 2 });
    expect(result).toEqual({ total: 3, rotated: 3, alreadyCurrent: 0, failed: [] });
    for (const [i, id] of ids.entries()) {
      const row = await rowOf(id);
      expect(row.credentialsKeyId).toBe("k2");
      expect(row.credentialsCiphertext).not.toBe(before[i]!.credentialsCiphertext);
      expect(row.credentialHints).toEqual(before[i]!.credentialHints);
      expect(await readConnectionCredentials(t.db, { partnerId: partnerOf(i), connectionId: id }, ringK2K1)).toEqual(creds[i]);
      // Really sealed with k2: a ring holding only k2 opens it, one holding only k1 does not know the key.
      const sealed = { ciphertext: row.credentialsCiphertext!, keyId: row.credentialsKeyId! };
      const ref = { partnerId: partnerOf(i), connectionId: id };
      expect(openCredentials(createKeyRing([k2]), ref, sealed)).toEqual(creds[i]);
      expect(() => openCredentials(ringK1, ref, sealed)).toThrow(VaultKeyMissingError);
    }
  });

  it("leaves rows already on the newest key alone", async () => {
    const before = await Promise.all(ids.map(rowOf));
    const result = await rotateCredentials(t.db, ringK2K1, { batchSize: 2 });
    expect(result).toEqual({ total: 3, rotated: 0, alreadyCurrent: 3, failed: [] });
    expect(await Promise.all(ids.map(rowOf))).toEqual(before);
  });

  it("reports a row sealed with an unknown key and leaves it untouched", async () => {
    const orphan = await addConnection(partnerB, "orphan");
    const k0Ring = createKeyRing([{ id: "k0", key: crypto.randomBytes(32) }]);
    const sealed = sealCredentials(k0Ring, { partnerId: partnerB, connectionId: orphan }, { apiKey: "orphan-secret-value" });
    await t.db.update(connections).set({ credentialsCiphertext: sealed.ciphertext, credentialsKeyId: sealed.keyId }).where(eq(connections.id, orphan));
    // And one still on k1, to show the failure does not stop the others.
    const lagging = await addConnection(partnerA, "lagging");
    await writeConnectionCredentials(t.db, { partnerId: partnerA, connectionId: lagging }, { apiKey: "lagging-secret" }, ["apiKey"], ringK1);
    const orphanBefore = await rowOf(orphan);

    const result = await rotateCredentials(t.db, ringK2K1);
    expect(result.total).toBe(5);
    expect(result.rotated).toBe(1);
    expect(result.alreadyCurrent).toBe(3);
    expect(result.failed).toEqual([{ connectionId: orphan, reason: "credentials were encrypted with key 'k0', which is not in ENCRYPTION_KEYS" }]);
    expect(JSON.stringify(result)).not.toContain("orphan-secret-value");
    expect(await rowOf(orphan)).toEqual(orphanBefore);
    expect((await rowOf(lagging)).credentialsKeyId).toBe("k2");
    // The row still opens once its key is back in the ring.
    expect(openCredentials(k0Ring, { partnerId: partnerB, connectionId: orphan }, sealed)).toEqual({ apiKey: "orphan-secret-value" });
  });

  it("never overwrites credentials changed between its read and its write", async () => {
    const raced = await addConnection(partnerA, "raced");
    const ref = { partnerId: partnerA, connectionId: raced };
    await writeConnectionCredentials(t.db, ref, { apiKey: "stale-value" }, ["apiKey"], ringK1);
    // A database whose first UPDATE is preceded by another process saving new credentials (still with the old key).
    let raceDone = false;
    const racing = new Proxy(t.db, {
      get(target, prop, receiver) {
        if (prop !== "update" || raceDone) return Reflect.get(target, prop, receiver);
        return (table: typeof connections) => ({
          set: (values: Partial<typeof connections.$inferInsert>) => ({
            where: (where: Parameters<ReturnType<ReturnType<Db["update"]>["set"]>["where"]>[0]) => ({
              returning: async (fields: { id: typeof connections.id }) => {
                raceDone = true;
                await writeConnectionCredentials(t.db, ref, { apiKey: "fresh-value" }, ["apiKey"], ringK1);
                return target.update(table).set(values).where(where).returning(fields);
              },
            }),
          }),
        });
      },
    }) as Db;

    const result = await rotateCredentials(racing, ringK2K1);
    expect(raceDone).toBe(true);
    expect(result.rotated).toBe(1);
    expect(result.failed.some((f) => f.connectionId === raced)).toBe(false);
    const row = await rowOf(raced);
    expect(row.credentialsKeyId).toBe("k2");
    expect(await readConnectionCredentials(t.db, ref, ringK2K1)).toEqual({ apiKey: "fresh-value" });
  });
});
