import { z } from "zod";
import en from "../../messages/platforms/en.json";
import { manifest as ebay } from "./ebay/manifest";
import { manifest as ozon } from "./ozon/manifest";
import { manifest as sentos } from "./sentos/manifest";
import { manifest as shipstation } from "./shipstation/manifest";
import { manifest as shopify } from "./shopify/manifest";
import { manifest as trendyol } from "./trendyol/manifest";
import { PLATFORM_IDS, type ManifestField, type PlatformId, type PlatformManifest } from "./types";
import { manifest as uzum } from "./uzum/manifest";
import { manifest as wildberries } from "./wildberries/manifest";
import { manifest as yandexMarket } from "./yandex-market/manifest";

// The mapped type makes a missing platform, or a manifest filed under the wrong id, a compile error.
export const manifests: { readonly [K in PlatformId]: PlatformManifest & { id: K } } = {
  trendyol,
  shopify,
  sentos,
  ebay,
  shipstation,
  wildberries,
  ozon,
  "yandex-market": yandexMarket,
  uzum,
};

export function getManifest(id: PlatformId): PlatformManifest {
  switch (id) {
    case "trendyol":
      return trendyol;
    case "shopify":
      return shopify;
    case "sentos":
      return sentos;
    case "ebay":
      return ebay;
    case "shipstation":
      return shipstation;
    case "wildberries":
      return wildberries;
    case "ozon":
      return ozon;
    case "yandex-market":
      return yandexMarket;
    case "uzum":
      return uzum;
    default: {
      const never: never = id;
      throw new Error(`Unknown platform: ${String(never)}`);
    }
  }
}

export function listManifests(): PlatformManifest[] {
  return PLATFORM_IDS.map(getManifest);
}

export function isPlatformId(v: string): v is PlatformId {
  return (PLATFORM_IDS as readonly string[]).includes(v);
}

/** Message keys of the checks every field gets from its kind; they live under "validation.common" in each catalogue. */
export const COMMON_VALIDATION_KEYS = {
  required: "validation.common.required",
  url: "validation.common.url",
  number: "validation.common.number",
  option: "validation.common.option",
} as const;

/** Resolves a dotted message key against a catalogue; falls back to the key so a gap shows up instead of vanishing. */
export function validationMessage(messageKey: string, catalogue: unknown = en): string {
  let node: unknown = catalogue;
  for (const part of messageKey.split(".")) {
    if (typeof node !== "object" || node === null) return messageKey;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" ? node : messageKey;
}

// Credentials only ever travel over TLS, so a plain http:// address is refused.
function isHttpsUrl(v: string): boolean {
  try {
    return new URL(v).protocol === "https:";
  } catch {
    return false;
  }
}

// Checks implied by the field's kind and pattern, each with the catalogue key the UI translates.
function fieldChecks(field: ManifestField): Array<{ ok: (v: string) => boolean; messageKey: string }> {
  const checks: Array<{ ok: (v: string) => boolean; messageKey: string }> = [];
  if (field.kind === "url") checks.push({ ok: isHttpsUrl, messageKey: COMMON_VALIDATION_KEYS.url });
  if (field.kind === "number") checks.push({ ok: (v) => /^-?\d+(\.\d+)?$/.test(v), messageKey: COMMON_VALIDATION_KEYS.number });
  if (field.kind === "select" && field.options) {
    const options = field.options;
    checks.push({ ok: (v) => options.includes(v), messageKey: COMMON_VALIDATION_KEYS.option });
  }
  if (field.pattern) {
    const re = new RegExp(field.pattern.regex);
    checks.push({ ok: (v) => re.test(v), messageKey: field.pattern.messageKey });
  }
  return checks;
}

function fieldSchema(field: ManifestField): z.ZodType<string | undefined, unknown> {
  // issue.message is the catalogue key (the UI translates it); params carry the key and the English text for logs and the CLI.
  const issue = (messageKey: string) => ({ message: messageKey, params: { messageKey, en: validationMessage(messageKey) } });
  let s = z.string({ error: COMMON_VALIDATION_KEYS.required }).trim();
  if (field.required) s = s.refine((v) => v.length > 0, { ...issue(COMMON_VALIDATION_KEYS.required), abort: true });
  for (const check of fieldChecks(field)) {
    // Empty optional values are "not given", so they skip format checks.
    s = s.refine((v) => v.length === 0 || check.ok(v), issue(check.messageKey));
  }
  if (field.required) return s;
  return s.optional().transform((v) => (v === undefined || v.length === 0 ? undefined : v));
}

export type CredentialValues = Record<string, string | undefined>;

/**
 * Zod schema for the connection form of one platform: trims every value, requires required fields, checks patterns.
 * Issue messages are catalogue keys (e.g. "validation.trendyol.sellerId"); the UI translates them, and
 * issue.params.en holds the English text. Unknown keys are stripped so nothing unexpected reaches the vault.
 */
export function credentialsSchema(manifest: PlatformManifest): z.ZodType<CredentialValues, unknown> {
  const shape: Record<string, z.ZodType<string | undefined, unknown>> = {};
  for (const field of manifest.fields) shape[field.key] = fieldSchema(field);
  return z.object(shape);
}

export function secretFieldKeys(manifest: PlatformManifest): string[] {
  return manifest.fields.filter((f) => f.secret).map((f) => f.key);
}

/** Splits form values into plain settings and vault secrets; keys the manifest does not know and empty values are dropped. */
export function splitFields(
  manifest: PlatformManifest,
  values: CredentialValues,
): { settings: Record<string, string>; secrets: Record<string, string> } {
  const settings: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const field of manifest.fields) {
    const value = values[field.key];
    if (value === undefined || value === "") continue;
    // A field counts as secret if either flag says so, so a mis-set manifest errs on the side of the vault.
    if (field.secret || field.kind === "secret") secrets[field.key] = value;
    else settings[field.key] = value;
  }
  return { settings, secrets };
}
