import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orders } from "@/db/schema";
import { getOrder, upsertOrder, type IncomingOrder } from "@/server/services/orders";
import { makePartner, trendyolValues } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

let t: TestDatabase;
let a: Awaited<ReturnType<typeof makePartner>>;
let connectionId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  a = await makePartner(t.db, "orders");
  connectionId = (await a.caller.connections.create({ platform: "trendyol", name: "TY", values: trendyolValues() })).id;
});
afterAll(() => t?.close());

const state = (minute: number, status: string, qty = 1): IncomingOrder => ({
  externalId: "PKG-1001",
  orderNumber: "10001",
  status,
  platformStatus: status.toUpperCase(),
  currency: "TRY",
  totalAmount: (199.9 * qty).toFixed(2),
  customer: { name: "Ayşe Yılmaz", email: "ayse@example.com" },
  shippingAddress: { name: "Ayşe Yılmaz", line1: "Bağdat Cd. 1", city: "İstanbul", country: "TR" },
  orderedAt: new Date("2026-11-20T10:00:00Z"),
  platformUpdatedAt: new Date(Date.UTC(2026, 10, 20, 10, minute)),
  lines: [{ externalId: "L1", sku: "TS-RED-M", title: "T-shirt", quantity: qty, unitPrice: "199.90" }],
  packages: [{ externalId: "PKG-1001", status: status.toUpperCase() }],
});

describe("orders", () => {
  it("stores an order once per connection and external id, newest state winning whatever the arrival order", async () => {
    expect((await upsertOrder(t.db, a.partnerId, connectionId, "trendyol", state(1, "new"))).outcome).toBe("created");
    expect((await upsertOrder(t.db, a.partnerId, connectionId, "trendyol", state(1, "new"))).outcome).toBe("unchanged");
    expect((await upsertOrder(t.db, a.partnerId, connectionId, "trendyol", state(5, "picking", 2))).outcome).toBe("updated");
    // A late webhook with an older state changes nothing.
    expect((await upsertOrder(t.db, a.partnerId, connectionId, "trendyol", state(3, "new"))).outcome).toBe("stale");
    const rows = await t.db.select().from(orders).where(eq(orders.connectionId, connectionId));
    expect(rows).toHaveLength(1);
    const full = await getOrder(t.db, a.partnerId, rows[0]!.id);
    expect(full).toMatchObject({ status: "picking", totalAmount: "399.80", lines: [{ quantity: 2 }], packages: [{ status: "PICKING" }] });
    expect(full!.history.map((h) => h.status)).toEqual(["new", "picking"]);
  });

  it("ends on the newest state when deliveries race each other", async () => {
    const states = [state(10, "invoiced"), state(12, "shipped"), state(11, "invoiced"), state(14, "delivered"), state(13, "shipped")];
    await Promise.all(states.map((s) => upsertOrder(t.db, a.partnerId, connectionId, "trendyol", s)));
    const rows = await t.db.select().from(orders).where(eq(orders.connectionId, connectionId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "delivered" });
  });

  it("does not show one partner's order to another", async () => {
    const [row] = await t.db.select().from(orders).where(eq(orders.connectionId, connectionId));
    const b = await makePartner(t.db, "orders-b");
    expect(await getOrder(t.db, b.partnerId, row!.id)).toBeUndefined();
  });
});
