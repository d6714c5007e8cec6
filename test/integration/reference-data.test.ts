import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cacheReferenceData, searchReferenceData } from "@/server/services/reference-data";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.close());

describe("platform reference data cache", () => {
  it("stores brands per platform, refreshes in place and searches by name", async () => {
    const brands = Array.from({ length: 2500 }, (_, i) => ({ externalId: String(i), name: i === 7 ? "Kervan Tekstil" : `Brand ${i}` }));
    expect(await cacheReferenceData(t.db, "trendyol", "brand", brands)).toBe(2500);
    await cacheReferenceData(t.db, "trendyol", "brand", [{ externalId: "7", name: "Kervan Tekstil A.Ş." }]);
    await cacheReferenceData(t.db, "ozon", "brand", [{ externalId: "7", name: "Other platform" }]);
    const found = await searchReferenceData(t.db, "trendyol", "brand", { search: "kervan" });
    expect(found.map((b) => b.name)).toEqual(["Kervan Tekstil A.Ş."]);
    expect(await searchReferenceData(t.db, "trendyol", "brand", { limit: 5000 })).toHaveLength(2500);
  });

  it("keeps the category tree by parent", async () => {
    await cacheReferenceData(t.db, "trendyol", "category", [
      { externalId: "1", name: "Giyim" },
      { externalId: "2", name: "Tişört", parentId: "1", data: { leaf: true } },
    ]);
    expect((await searchReferenceData(t.db, "trendyol", "category", { parentId: "1" })).map((c) => c.name)).toEqual(["Tişört"]);
  });
});
