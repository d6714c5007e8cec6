import { getDatabase } from "@/db/client";
import { generateKey, keyRing, rotateCredentials } from "@/server/vault";
import type { CliCommand } from "../types";

/** `keys:generate [--id NAME]`: a new ENCRYPTION_KEYS entry. The entry goes to stdout, the guidance to stderr. */
export const keysGenerate: CliCommand = {
  name: "keys:generate",
  description: "Print a new ENCRYPTION_KEYS entry (keyId:base64key) and how to put it into use",
  async run(args) {
    const idAt = args.indexOf("--id");
    const id = idAt >= 0 ? args[idAt + 1] : undefined;
    if (idAt >= 0 && !id) {
      console.error("Usage: npm run cli -- keys:generate [--id NAME]");
      return 2;
    }
    const key = generateKey(id);
    console.log(key.entry);
    console.error(
      [
        "",
        "Prepend this entry to ENCRYPTION_KEYS (the newest key comes first), keeping the existing entries so",
        "credentials sealed with them can still be read:",
        "",
        `  ENCRYPTION_KEYS=${key.entry},<existing entries>`,
        "",
        "For a first deployment, ENCRYPTION_KEYS is just this one entry.",
        "After restarting with the new setting, re-encrypt stored credentials with:  npm run cli -- keys:rotate",
        "Remove an old entry only once keys:rotate reports 0 failed.",
      ].join("\n"),
    );
    return 0;
  },
};

/** `keys:rotate [--batch-size N]`: re-encrypt every connection's credentials with the newest key. */
export const keysRotate: CliCommand = {
  name: "keys:rotate",
  description: "Re-encrypt all stored credentials with the newest key in ENCRYPTION_KEYS (operator command, all partners)",
  async run(args) {
    const sizeAt = args.indexOf("--batch-size");
    const batchSize = sizeAt >= 0 ? Number(args[sizeAt + 1]) : undefined;
    if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0)) {
      console.error("Usage: npm run cli -- keys:rotate [--batch-size N]  (N a positive whole number)");
      return 2;
    }
    const ring = keyRing();
    const handle = await getDatabase();
    try {
      console.log(`Rotating credentials to key '${ring.current.id}'…`);
      const result = await rotateCredentials(handle.db, ring, { batchSize });
      console.log(`rotated ${result.rotated}, already current ${result.alreadyCurrent}, failed ${result.failed.length}`);
      for (const f of result.failed) console.log(`  failed ${f.connectionId}: ${f.reason}`);
      if (result.failed.length) {
        console.log("Failed rows were left unchanged. Keep their keys in ENCRYPTION_KEYS until they are fixed or re-entered.");
        return 1;
      }
      return 0;
    } finally {
      await handle.close();
    }
  },
};

export const keyCommands: CliCommand[] = [keysGenerate, keysRotate];
