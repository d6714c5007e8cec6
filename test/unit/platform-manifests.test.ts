import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import en from "@/messages/platforms/en.json";
import ru from "@/messages/platforms/ru.json";
import tr from "@/messages/platforms/tr.json";
import uz from "@/messages/platforms/uz.json";
import {
  COMMON_VALIDATION_KEYS,
  credentialsSchema,
  getManifest,
  isPlatformId,
  manifests,
  secretFieldKeys,
  splitFields,
  validationMessage,
} from "@/server/platforms/registry";
import { PLATFORM_IDS, type PlatformManifest } from "@/server/platforms/types";

const catalogues = { en, tr, ru, uz } as const;
const all: PlatformManifest[] = PLATFORM_IDS.map((id) => manifests[id]);

function lookup(catalogue: unknown, dottedKey: string): unknown {
  return dottedKey.split(".").reduce<unknown>((node, part) => {
    if (typeof node !== "object" || node === null) return undefined;
    return (node as Record<string, unknown>)[part];
  }, catalogue);
}

function messageKeys(m: PlatformManifest): string[] {
  return m.fields.flatMap((f) => (f.pattern ? [f.pattern.messageKey] : []));
}

function rateLimit(m: PlatformManifest, scope: string) {
  const found = m.rateLimits.find((r) => r.scope === scope);
  if (!found) throw new Error(`${m.id}: no rate limit with scope "${scope}"`);
  return found;
}

function batchLimit(m: PlatformManifest, operation: string) {
  const found = m.batchLimits.find((b) => b.operation === operation);
  if (!found) throw new Error(`${m.id}: no batch limit for "${operation}"`);
  return found;
}

describe("platform registry", () => {
  it("has a manifest for each of the nine platforms, filed under its own id", () => {
    expect(PLATFORM_IDS).toHaveLength(9);
    expect(Object.keys(manifests).sort()).toEqual([...PLATFORM_IDS].sort());
    for (const id of PLATFORM_IDS) {
      expect(manifests[id].id).toBe(id);
      expect(getManifest(id)).toBe(manifests[id]);
    }
  });

  it("recognises platform ids and nothing else", () => {
    for (const id of PLATFORM_IDS) expect(isPlatformId(id)).toBe(true);
    expect(isPlatformId("amazon")).toBe(false);
    expect(isPlatformId("Trendyol")).toBe(false);
    expect(isPlatformId("")).toBe(false);
  });
});

describe("manifest data", () => {
  it.each(all.map((m) => [m.id, m] as const))("%s: every rate limit has a source and positive numbers", (_id, m) => {
    for (const r of m.rateLimits) {
      expect(r.source.trim(), `${m.id} ${r.scope}`).not.toBe("");
      expect(r.scope.trim()).not.toBe("");
      expect(Number.isFinite(r.requests) && r.requests > 0, `${m.id} ${r.scope} requests`).toBe(true);
      expect(Number.isFinite(r.perSeconds) && r.perSeconds > 0, `${m.id} ${r.scope} perSeconds`).toBe(true);
    }
  });

  it.each(all.map((m) => [m.id, m] as const))("%s: every batch limit has a source and a positive item count", (_id, m) => {
    for (const b of m.batchLimits) {
      expect(b.source.trim(), `${m.id} ${b.operation}`).not.toBe("");
      expect(b.operation.trim()).not.toBe("");
      expect(Number.isInteger(b.maxItems) && b.maxItems > 0, `${m.id} ${b.operation}`).toBe(true);
    }
  });

  it.each(all.map((m) => [m.id, m] as const))("%s: secret fields are exactly the fields of kind secret", (_id, m) => {
    for (const f of m.fields) {
      expect(f.secret, `${m.id}.${f.key}`).toBe(f.kind === "secret");
    }
    expect(m.fields.some((f) => f.secret && f.required), `${m.id} needs at least one required secret`).toBe(true);
  });

  it.each(all.map((m) => [m.id, m] as const))("%s: field keys are unique, patterns compile and selects have options", (_id, m) => {
    const keys = m.fields.map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const f of m.fields) {
      if (f.pattern) {
        expect(() => new RegExp(f.pattern!.regex)).not.toThrow();
        expect(f.pattern.messageKey).toBe(`validation.${m.id}.${f.key}`);
      }
      if (f.kind === "select") expect(f.options?.length, `${m.id}.${f.key}`).toBeGreaterThan(0);
    }
  });
});

describe("message catalogues", () => {
  const cases = Object.entries(catalogues).flatMap(([locale, catalogue]) =>
    all.map((m) => [locale, m.id, catalogue, m] as const),
  );

  it.each(cases)("%s has description, label and help for every field of %s", (locale, id, catalogue, m) => {
    const description = lookup(catalogue, `platforms.${id}.description`);
    expect(typeof description === "string" && description.trim() !== "", `${locale}: platforms.${id}.description`).toBe(true);
    for (const f of m.fields) {
      for (const part of ["label", "help"]) {
        const key = `platforms.${id}.fields.${f.key}.${part}`;
        const value = lookup(catalogue, key);
        expect(typeof value === "string" && value.trim() !== "", `${locale}: ${key}`).toBe(true);
      }
    }
    // A catalogue entry for a field the manifest no longer has is a stale translation.
    const catalogued = Object.keys((lookup(catalogue, `platforms.${id}.fields`) ?? {}) as object).sort();
    expect(catalogued, `${locale}: fields of ${id}`).toEqual(m.fields.map((f) => f.key).sort());
  });

  it.each(cases)("%s has every validation message of %s", (locale, id, catalogue, m) => {
    for (const key of [...messageKeys(m), ...Object.values(COMMON_VALIDATION_KEYS)]) {
      const value = lookup(catalogue, key);
      expect(typeof value === "string" && value.trim() !== "", `${locale}: ${key}`).toBe(true);
    }
  });

  it.each(["tr", "ru", "uz"] as const)("%s is translated, not a copy of English", (locale) => {
    for (const m of all) {
      expect(lookup(catalogues[locale], `platforms.${m.id}.description`)).not.toBe(lookup(en, `platforms.${m.id}.description`));
      for (const key of messageKeys(m)) expect(lookup(catalogues[locale], key), `${locale}: ${key}`).not.toBe(lookup(en, key));
    }
  });
});

describe("credentialsSchema", () => {
  const trendyol = credentialsSchema(manifests.trendyol);
  const good = { sellerId: " 123456 ", apiKey: "key-1234", apiSecret: "secret-5678", integratorName: "" };

  it("accepts good input, trims it and drops empty optional values", () => {
    const parsed = trendyol.parse(good);
    expect(parsed).toEqual({ sellerId: "123456", apiKey: "key-1234", apiSecret: "secret-5678", integratorName: undefined });
  });

  it("rejects a missing required secret with the required message key", () => {
    const withoutSecret: Record<string, string> = { ...good };
    delete withoutSecret.apiSecret;
    const result = trendyol.safeParse(withoutSecret);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toContainEqual(expect.objectContaining({ path: ["apiSecret"], message: "validation.common.required" }));
  });

  it("rejects a blank required secret", () => {
    const result = trendyol.safeParse({ ...good, apiKey: "   " });
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["apiKey", "validation.common.required"]]);
  });

  it("rejects a bad pattern with the platform's message key and its English text", () => {
    const result = trendyol.safeParse({ ...good, sellerId: "abc" });
    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((i) => i.path[0] === "sellerId");
    expect(issue?.message).toBe("validation.trendyol.sellerId");
    expect((issue as { params?: { en?: string } } | undefined)?.params?.en).toBe(en.validation.trendyol.sellerId);
    expect(validationMessage("validation.trendyol.sellerId", ru)).toBe(ru.validation.trendyol.sellerId);
  });

  it("checks optional values only when they are given", () => {
    expect(trendyol.safeParse({ ...good, integratorName: "Kervan Soft!" }).success).toBe(false);
    expect(trendyol.safeParse({ ...good, integratorName: "A".repeat(31) }).success).toBe(false);
    expect(trendyol.safeParse({ ...good, integratorName: "KervanSoft" }).success).toBe(true);
  });

  it("checks selects, URLs and the Shopify domain", () => {
    const ebay = credentialsSchema(manifests.ebay);
    const ebayGood = { clientId: "App-PRD-1", clientSecret: "s", refreshToken: "r", marketplaceId: "EBAY_DE" };
    expect(ebay.safeParse(ebayGood).success).toBe(true);
    expect(ebay.safeParse({ ...ebayGood, marketplaceId: "EBAY_XX" }).error?.issues[0]?.message).toBe("validation.common.option");

    const sentos = credentialsSchema(manifests.sentos);
    const sentosGood = { companySubdomain: "mycompany", apiKey: "k", apiSecret: "s" };
    expect(sentos.safeParse(sentosGood).success).toBe(true);
    expect(sentos.safeParse({ ...sentosGood, baseUrl: "http://mycompany.sentos.com.tr/api" }).error?.issues[0]?.message).toBe(
      "validation.common.url",
    );

    const shopify = credentialsSchema(manifests.shopify);
    const shopifyGood = { shopDomain: "my-store.myshopify.com", accessToken: "shpat_x", apiSecret: "s" };
    expect(shopify.safeParse(shopifyGood).success).toBe(true);
    expect(shopify.safeParse({ ...shopifyGood, shopDomain: "my-store.com" }).error?.issues[0]?.message).toBe(
      "validation.shopify.shopDomain",
    );
  });

  it("strips keys the manifest does not define", () => {
    expect(trendyol.parse({ ...good, password: "nope" })).not.toHaveProperty("password");
  });
});

describe("splitFields", () => {
  it.each(all.map((m) => [m.id, m] as const))("%s: never puts a secret into settings", (_id, m) => {
    const values = Object.fromEntries([...m.fields.map((f) => [f.key, `value-of-${f.key}`]), ["stray", "x"]]);
    const { settings, secrets } = splitFields(m, values);
    const secretKeys = secretFieldKeys(m);
    for (const key of secretKeys) expect(settings, `${m.id}.${key}`).not.toHaveProperty(key);
    expect(Object.keys(secrets).sort()).toEqual([...secretKeys].sort());
    expect(Object.keys(settings).sort()).toEqual(m.fields.filter((f) => !f.secret).map((f) => f.key).sort());
    expect(settings).not.toHaveProperty("stray");
    for (const key of secretKeys) expect(Object.values(settings)).not.toContain(`value-of-${key}`);
  });

  it("drops empty values", () => {
    const { settings, secrets } = splitFields(manifests.trendyol, { sellerId: "1", apiKey: "k", apiSecret: "", integratorName: undefined });
    expect(settings).toEqual({ sellerId: "1" });
    expect(secrets).toEqual({ apiKey: "k" });
  });
});

describe("key facts agree with MARKETPLACES.md", () => {
  const digest = readFileSync(path.resolve(import.meta.dirname, "../../../shared/MARKETPLACES.md"), "utf8");

  it("Trendyol: 50 requests per 10 s per endpoint, 1000-item batches", () => {
    expect(digest).toMatch(/at most 50 requests per 10 s/);
    const perEndpoint = rateLimit(manifests.trendyol, "any single endpoint");
    expect([perEndpoint.requests, perEndpoint.perSeconds]).toEqual([50, 10]);
    expect(batchLimit(manifests.trendyol, "createProducts (v2/products)").maxItems).toBe(1000);
    expect(batchLimit(manifests.trendyol, "price-and-inventory").maxItems).toBe(1000);
  });

  it("Shopify: inventorySetQuantities takes 250 quantities", () => {
    expect(digest).toMatch(/capped at 250 items \(`inventorySetQuantities\.quantities`/);
    expect(batchLimit(manifests.shopify, "inventorySetQuantities").maxItems).toBe(250);
  });

  it("Ozon: 100 stock pairs per request", () => {
    expect(digest).toMatch(/`POST \/v2\/products\/stocks` ≤ 100 pairs per request/);
    expect(batchLimit(manifests.ozon, "stocks (product-warehouse pairs)").maxItems).toBe(100);
  });

  it("Wildberries: 1000 stocks per request", () => {
    expect(digest).toMatch(/\{stocks:\[\{chrtId, amount ≤ 100000\}\]\}`, 1–1000 items/);
    expect(batchLimit(manifests.wildberries, "stocks").maxItems).toBe(1000);
  });
});
