// Batch intake (ingestOrders): new orders stored and routed in one transaction give the same rows,
// routing and timeline as ingestOrder; dates written by the batch compare like Prisma's own; known
// orders, repeats within a batch and orders cancelled on arrival take ingestOrder's path.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { ingestOrder } from "~/use-cases/ingestOrder";
import { ingestOrders } from "~/use-cases/ingestOrders";
import { createWorld, line, order, type World } from "./world";

let world: World;
beforeEach(async () => {
  world = await createWorld({ holdDelayMinutes: 30 });
});
afterEach(async () => {
  await world.close();
});

/** An order's stored rows without ids, timestamps of writing or the platform order id. */
async function shape(platformOrderId: string) {
  const o = await world.test.db.order.findFirstOrThrow({
    where: { shopId: world.shopId, platformOrderId },
    include: {
      lines: { orderBy: { platformLineId: "asc" } },
      fulfillments: { orderBy: { connectionId: "asc" }, include: { lines: { include: { orderLine: true } } } },
      timeline: { orderBy: [{ at: "asc" }, { id: "asc" }] },
    },
  });
  return {
    order: [o.name.replace(platformOrderId, "#"), o.placedAt, o.platformUpdatedAt, o.cancelledAt, o.customerEmail, o.customerName, o.shipTo, o.shipmentState],
    lines: o.lines.map((l) => [l.platformLineId, l.productId, l.variantId, l.sku, l.title, l.quantity, l.cancelledQuantity, l.unitPrice]),
    fulfillments: o.fulfillments.map((f) => ({
      connectionId: f.connectionId,
      status: f.status,
      holdUntil: f.holdUntil,
      attempts: f.attempts,
      recycled: f.recycled,
      createdAt: f.createdAt instanceof Date,
      lines: f.lines.map((l) => [l.orderLine.platformLineId, l.quantity]).sort(),
    })),
    timeline: o.timeline.map((e) => [e.kind, e.from, e.to, e.reason?.replace(platformOrderId, "#"), e.actor, e.fulfillmentId !== null]),
  };
}

const mixed = (id: string) =>
  order(id, [line("L1", "P-A", 2), line("L2", "P-B", 1), line("L3", "P-B", 3, { variantId: "V-B2" }), line("L4", "P-NONE", 1)]);

describe("ingestOrders", () => {
  test("stores and routes new orders exactly as ingestOrder does, one transaction for the batch", async () => {
    await ingestOrder(world.ctx, { shopId: world.shopId, order: mixed("1001"), actor: "system:reconcile" });
    const batch = await ingestOrders(world.ctx, {
      shopId: world.shopId,
      orders: [mixed("2001"), mixed("2002"), order("2003", [line("L1", "P-A", 1, { cancelledQuantity: 1 }), line("L2", "P-B", 1)])],
      actor: "system:reconcile",
    });
    expect(batch.batched).toBe(3);
    expect(batch.results.map((r) => [r.created, r.stale, r.cancelled, r.createdFulfillmentIds.length, r.unassignedLineIds.length])).toEqual([
      [true, false, false, 2, 1],
      [true, false, false, 2, 1],
      [true, false, false, 1, 0],
    ]);
    const one = await shape("1001");
    expect(await shape("2001")).toEqual(one);
    expect(await shape("2002")).toEqual(one);
    expect(one.fulfillments.map((f) => [f.connectionId, f.lines])).toEqual(
      [
        [world.connections.alpha, [["L1", 2], ["L3", 3]]],
        [world.connections.beta, [["L2", 1]]],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    // A line fully refunded before intake is not routed, as in ingestOrder.
    const refunded = await shape("2003");
    expect(refunded.fulfillments.map((f) => [f.connectionId, f.lines])).toEqual([[world.connections.beta, [["L2", 1]]]]);
    expect(batch.results[0]!.createdFulfillmentIds.sort()).toEqual(
      (await world.test.db.fulfillment.findMany({ where: { order: { platformOrderId: "2001" } } })).map((f) => f.id).sort(),
    );
  });

  test("dates and ids it writes behave like Prisma's: date filters, ordering, uniqueness", async () => {
    const orders = Array.from({ length: 40 }, (_, n) =>
      order(String(3000 + n), [line("L1", "P-A", 1)], { placedAt: new Date(Date.UTC(2026, 10, 21, 10, n)).toISOString() }),
    );
    await ingestOrders(world.ctx, { shopId: world.shopId, orders });
    // holdUntil = placedAt + 30 min; the hold task selects with holdUntil <= now.
    const due = await world.test.db.fulfillment.findMany({
      where: { shopId: world.shopId, holdUntil: { lte: new Date(Date.UTC(2026, 10, 21, 10, 39 + 30)) }, order: { platformOrderId: { startsWith: "30" } } },
    });
    expect(due).toHaveLength(40);
    const early = await world.test.db.fulfillment.findMany({
      where: { shopId: world.shopId, holdUntil: { lt: new Date(Date.UTC(2026, 10, 21, 10, 10 + 30)) } },
    });
    expect(early).toHaveLength(10);
    const placed = await world.test.db.order.findMany({
      where: { shopId: world.shopId, placedAt: { gte: new Date(Date.UTC(2026, 10, 21, 10, 35)) } },
      orderBy: { placedAt: "asc" },
    });
    expect(placed.map((o) => o.platformOrderId)).toEqual(["3035", "3036", "3037", "3038", "3039"]);
    const ids = (await world.test.db.timelineEvent.findMany({ select: { id: true } })).map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^c[0-9a-z]{24}$/);
  });

  test("known orders, repeats within the batch and orders cancelled on arrival go through ingestOrder", async () => {
    await ingestOrder(world.ctx, { shopId: world.shopId, order: order("4001", [line("L1", "P-A", 2)]) });
    const updated = order("4001", [line("L1", "P-A", 2), line("L2", "P-B", 1)], { updatedAt: "2026-11-21T11:30:00.000Z" });
    const fresh = order("4002", [line("L1", "P-A", 1)]);
    const cancelled = order("4003", [line("L1", "P-A", 1)], { cancelledAt: "2026-11-21T11:10:00.000Z" });
    const batch = await ingestOrders(world.ctx, { shopId: world.shopId, orders: [updated, fresh, fresh, cancelled] });
    expect(batch.batched).toBe(1);
    expect(batch.results.map((r) => [r.created, r.cancelled, r.createdFulfillmentIds.length])).toEqual([
      [false, false, 1], // the new line went to beta
      [true, false, 1],
      [false, false, 0], // the same order again: nothing new
      [true, true, 0],
    ]);
    expect(await world.test.db.order.count({ where: { shopId: world.shopId } })).toBe(3);
    expect(await world.test.db.fulfillment.count({ where: { order: { platformOrderId: "4002" } } })).toBe(1);
  });

  test("an order the platform does not call ready is stored unrouted, and routed by the update that makes it ready", async () => {
    const unpaid = order("6001", [line("L1", "P-A", 2)], { notReady: "BigCommerce status Awaiting Payment" });
    const batch = await ingestOrders(world.ctx, { shopId: world.shopId, orders: [unpaid, order("6002", [line("L1", "P-A", 1)])] });
    expect(batch.batched).toBe(1); // the unpaid one went the one-by-one way
    expect(batch.results.map((r) => [r.created, r.createdFulfillmentIds.length])).toEqual([
      [true, 0],
      [true, 1],
    ]);
    expect((await shape("6001")).timeline.map((e) => [e[0], e[3]])).toEqual([
      ["ORDER_RECEIVED", "##"],
      ["NOTE", "Not sent to a fulfiller yet: BigCommerce status Awaiting Payment."],
    ]);
    // still unpaid on the next poll: nothing more
    const again = await ingestOrders(world.ctx, { shopId: world.shopId, orders: [{ ...unpaid, updatedAt: "2026-11-21T11:20:00.000Z" }] });
    expect(again.results[0]?.createdFulfillmentIds).toEqual([]);
    const paid = await ingestOrders(world.ctx, {
      shopId: world.shopId,
      orders: [{ ...unpaid, notReady: null, updatedAt: "2026-11-21T11:40:00.000Z" }],
    });
    expect(paid.results[0]?.createdFulfillmentIds).toHaveLength(1);
    expect((await shape("6001")).fulfillments.map((f) => [f.status, f.lines])).toEqual([["HOLD", [["L1", 2]]]]);
  });

  test("refuses a malformed order naming the field, and stores nothing", async () => {
    const bad = { ...order("5001", [line("L1", "P-A", 1)]), placedAt: "yesterday" };
    await expect(ingestOrders(world.ctx, { shopId: world.shopId, orders: [order("5000", [line("L1", "P-A", 1)]), bad] })).rejects.toThrow(
      /orders\.1\.placedAt/,
    );
    expect(await world.test.db.order.count()).toBe(0);
  });
});
