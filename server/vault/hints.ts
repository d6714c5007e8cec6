import type { Credentials } from "./cipher";

const MASK = "••••";
const SHOWN = 4;

/**
 * A display hint for a secret: "••••" followed by its last four characters. A secret of four characters or
 * fewer reveals nothing ("••••"). Counts Unicode code points, so a character is never cut in half.
 */
export function maskHint(secret: string): string {
  const chars = Array.from(secret ?? "");
  if (chars.length <= SHOWN) return MASK;
  return MASK + chars.slice(-SHOWN).join("");
}

/** Hints for the secret fields of `creds` (fields not listed in `secretKeys`, and empty values, get none). */
export function hintsFor(creds: Credentials, secretKeys: readonly string[]): Record<string, string> {
  const hints: Record<string, string> = {};
  for (const field of secretKeys) {
    const value = Object.hasOwn(creds, field) ? creds[field] : undefined;
    if (typeof value === "string" && value !== "") hints[field] = maskHint(value);
  }
  return hints;
}
