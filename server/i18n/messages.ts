import type { Locale } from "./config";

type Messages = Record<string, unknown>;

/** Catalogues are split by area (app shell and sign-in, cabinet pages, platform fields) and merged deeply. */
export const CATALOGUES = ["app", "cabinet", "platforms", "trendyol-catalog", "trendyol-publish", "trendyol-inventory", "trendyol-orders"] as const;

export function deepMerge(a: Messages, b: Messages): Messages {
  const out: Messages = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] =
      prev && typeof prev === "object" && v && typeof v === "object" && !Array.isArray(v)
        ? deepMerge(prev as Messages, v as Messages)
        : v;
  }
  return out;
}

export async function loadMessages(locale: Locale): Promise<Messages> {
  const parts = await Promise.all(
    CATALOGUES.map((c) => import(`../../messages/${c}/${locale}.json`).then((m) => m.default as Messages)),
  );
  return parts.reduce(deepMerge, {});
}
