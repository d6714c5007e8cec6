import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LOCALES } from "@/server/i18n/config";
import { CATALOGUES } from "@/server/i18n/messages";

const ROOT = path.resolve(import.meta.dirname, "../../messages");
type Tree = { [key: string]: string | Tree };

/** Flattens a catalogue into dotted keys → message, e.g. "auth.signIn.title" → "Sign in". */
function flatten(tree: Tree, prefix = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === "object" && !Array.isArray(v)) for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
    else out.set(key, v);
  }
  return out;
}

/** The top-level ICU arguments a message uses ({name}, {count, plural, …}); a translation must use the same ones. */
const argumentsOf = (message: string) => [...new Set([...message.matchAll(/\{\s*([A-Za-z_][\w]*)\s*[,}]/g)].map((m) => m[1]))].sort();

const folders = CATALOGUES.filter((c) => fs.existsSync(path.join(ROOT, c)));

describe("message catalogues", () => {
  it("has the app catalogue (shell, sign-in, settings, admin) in every language", () => {
    expect(folders).toContain("app");
  });

  describe.each(folders)("messages/%s", (folder) => {
    const load = (locale: string) => {
      const file = path.join(ROOT, folder, `${locale}.json`);
      expect(fs.existsSync(file), `${folder}/${locale}.json is missing`).toBe(true);
      return flatten(JSON.parse(fs.readFileSync(file, "utf8")) as Tree);
    };
    const en = load("en");

    it.each(LOCALES.filter((l) => l !== "en"))("%s has exactly the keys of en", (locale) => {
      const other = load(locale);
      const missing = [...en.keys()].filter((k) => !other.has(k));
      const extra = [...other.keys()].filter((k) => !en.has(k));
      expect(missing, `keys in en but not in ${folder}/${locale}.json`).toEqual([]);
      expect(extra, `keys in ${folder}/${locale}.json but not in en`).toEqual([]);
    });

    it.each([...LOCALES])("%s has no empty or non-text messages", (locale) => {
      const bad = [...load(locale)].filter(([, v]) => typeof v !== "string" || v.trim() === "").map(([k]) => k);
      expect(bad, `empty or non-string messages in ${folder}/${locale}.json`).toEqual([]);
    });

    it.each(LOCALES.filter((l) => l !== "en"))("%s uses the same {placeholders} as en", (locale) => {
      const other = load(locale);
      const mismatched = [...en]
        .filter(([k, v]) => typeof v === "string" && typeof other.get(k) === "string")
        .filter(([k, v]) => argumentsOf(v as string).join() !== argumentsOf(other.get(k) as string).join())
        .map(([k]) => k);
      expect(mismatched, `placeholders differ from en in ${folder}/${locale}.json`).toEqual([]);
    });
  });
});
