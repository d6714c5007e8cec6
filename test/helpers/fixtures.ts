import crypto from "node:crypto";
import type { Db } from "@/db/client";
import { signUp } from "@/server/services/accounts";
import { createContext } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/root";

/** A partner with its owner, made the way the sign-up page makes one. */
export async function makePartner(db: Db, label: string) {
  const email = `${label}-${crypto.randomBytes(4).toString("hex")}@example.com`;
  const password = `pw-${label}-0123456789`;
  const { partnerId, userId } = await signUp(db, { partnerName: `Partner ${label}`, name: `Owner ${label}`, email, password });
  return { partnerId, userId, email, password, caller: await callerFor(db, userId) };
}

export async function callerFor(db: Db, userId: string, requestedPartnerId?: string) {
  return createCaller(await createContext({ db, userId, requestedPartnerId }));
}

/** Valid Trendyol connection values with a recognisable secret. */
export const trendyolValues = (secret = "sk-live-CANARY-0000-abcd") => ({ sellerId: "123456", apiKey: "key-abcdef123456", apiSecret: secret });
