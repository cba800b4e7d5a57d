// Intake: an order is stored once, split by assignment into HOLD parts, and later updates only
// add what is new. Driven through ingestOrder on a temporary database.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { cancelOrder } from "~/use-cases/cancelOrder";
import { ingestOrder } from "~/use-cases/ingestOrder";
import { sendHolds } from "~/use-cases/sendHolds";
import { createWorld, line, order, orderRow, partOf, statusChanges, type World } from "./world";

let world: World;
beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world.close();
});

const counts = async () => ({
  orders: await world.test.db.order.count(),
  lines: await world.test.db.orderLine.count(),
  fulfillments: await world.test.db.fulfillment.count(),
  fulfillmentLines: await world.test.db.fulfillmentLine.count(),
  timeline: await world.test.db.timelineEvent.count(),
});

describe("ingestOrder", () => {
  test("routes an order into one HOLD part per connection: variant beats product beats default", async () => {
    const result = await ingestOrder(world.ctx, {
      shopId: world.shopId,
      order: order("1001", [
        line("L1", "P-A", 2),
        line("L2", "P-B", 1),
        line("L3", "P-B", 3, { variantId: "V-B2" }),
        line("L4", "P-UNASSIGNED", 1),
      ]),
    });
    expect(result.created).toBe(true);
    expect(result.createdFulfillmentIds).toHaveLength(2);

    const alphaPart = await partOf(world, "1001", world.connections.alpha);
    const betaPart = await partOf(world, "1001", world.connections.beta);
    expect(alphaPart.status).toBe("HOLD");
    expect(betaPart.status).toBe("HOLD");
    expect(alphaPart.lines.map((l) => [l.orderLine.platformLineId, l.quantity]).sort()).toEqual([
      ["L1", 2],
      ["L3", 3],
    ]);
    expect(betaPart.lines.map((l) => [l.orderLine.platformLineId, l.quantity])).toEqual([["L2", 1]]);

    // The unassigned line is kept and reported, with no part.
    const stored = await orderRow(world, "1001");
    const l4 = stored.lines.find((l) => l.platformLineId === "L4")!;
    expect(result.unassignedLineIds).toEqual([l4.id]);
    expect(await world.test.db.fulfillmentLine.count({ where: { orderLineId: l4.id } })).toBe(0);
    expect(await statusChanges(world, alphaPart.id)).toEqual(["->HOLD"]);
  });

  test("the same order again creates nothing new", async () => {
    const o = order("1002", [line("L1", "P-A", 1), line("L2", "P-B", 1)]);
    await ingestOrder(world.ctx, { shopId: world.shopId, order: o });
    const before = await counts();
    const again = await ingestOrder(world.ctx, { shopId: world.shopId, order: o });
    expect(again.created).toBe(false);
    expect(again.createdFulfillmentIds).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  test("an update that arrives before its create yields one correct order; the older create changes nothing", async () => {
    const created = order("1003", [line("L1", "P-A", 1)], { updatedAt: "2026-11-21T11:00:00.000Z" });
    const updated = order("1003", [line("L1", "P-A", 1), line("L2", "P-B", 2)], {
      updatedAt: "2026-11-21T11:05:00.000Z",
      customerName: "Ada B. Buyer",
    });
    const first = await ingestOrder(world.ctx, { shopId: world.shopId, order: updated });
    expect(first.created).toBe(true);
    const late = await ingestOrder(world.ctx, { shopId: world.shopId, order: created });
    expect(late.stale).toBe(true);

    expect(await world.test.db.order.count()).toBe(1);
    const stored = await orderRow(world, "1003");
    expect(stored.customerName).toBe("Ada B. Buyer");
    expect(stored.lines.map((l) => [l.platformLineId, l.quantity])).toEqual([
      ["L1", 1],
      ["L2", 2],
    ]);
    expect(await world.test.db.fulfillment.count()).toBe(2);
  });

  test("an update adds new units to a part still in HOLD and gives back cancelled ones", async () => {
    await ingestOrder(world.ctx, { shopId: world.shopId, order: order("1004", [line("L1", "P-A", 3)]) });
    await ingestOrder(world.ctx, {
      shopId: world.shopId,
      order: order("1004", [line("L1", "P-A", 3, { cancelledQuantity: 1 }), line("L2", "P-A", 2)], {
        updatedAt: "2026-11-21T11:10:00.000Z",
      }),
    });
    const part = await partOf(world, "1004", world.connections.alpha);
    expect(part.lines.map((l) => [l.orderLine.platformLineId, l.quantity]).sort()).toEqual([
      ["L1", 2],
      ["L2", 2],
    ]);
    expect(await world.test.db.fulfillment.count()).toBe(1);
  });

  test("a part emptied by refunds before sending is cancelled through the table", async () => {
    await ingestOrder(world.ctx, { shopId: world.shopId, order: order("1005", [line("L1", "P-A", 1), line("L2", "P-B", 1)]) });
    await ingestOrder(world.ctx, {
      shopId: world.shopId,
      order: order("1005", [line("L1", "P-A", 1, { cancelledQuantity: 1 }), line("L2", "P-B", 1)], {
        updatedAt: "2026-11-21T11:20:00.000Z",
      }),
    });
    const alphaPart = await partOf(world, "1005", world.connections.alpha);
    expect(alphaPart.status).toBe("CANCELLED");
    expect(await statusChanges(world, alphaPart.id)).toEqual(["->HOLD", "HOLD>CANCELLED"]);
    expect((await partOf(world, "1005", world.connections.beta)).status).toBe("HOLD");
  });

  test("inactive connections are ignored: their products fall through to the shop default", async () => {
    await world.test.db.connection.update({ where: { id: world.connections.beta }, data: { active: false } });
    await world.test.db.shop.update({ where: { id: world.shopId }, data: { defaultConnectionId: world.connections.alpha } });
    await ingestOrder(world.ctx, { shopId: world.shopId, order: order("1006", [line("L1", "P-B", 1), line("L2", "P-Z", 1)]) });
    const part = await partOf(world, "1006", world.connections.alpha);
    expect(part.lines.map((l) => l.orderLine.platformLineId).sort()).toEqual(["L1", "L2"]);
    expect(await world.test.db.fulfillment.count()).toBe(1);
  });

  test("the shop's hold delay keeps new parts in HOLD until it has passed", async () => {
    await world.test.db.shop.update({ where: { id: world.shopId }, data: { holdDelayMinutes: 90 } });
    await ingestOrder(world.ctx, { shopId: world.shopId, order: order("1007", [line("L1", "P-A", 1)]) });
    const part = await partOf(world, "1007", world.connections.alpha);
    expect(part.holdUntil?.toISOString()).toBe("2026-11-21T12:30:00.000Z"); // placed 11:00 + 90 min

    await sendHolds(world.ctx, { shopId: world.shopId });
    expect((await partOf(world, "1007", world.connections.alpha)).status).toBe("HOLD");
    expect(world.alpha.submits).toEqual([]);

    world.clock.advance(31 * 60_000);
    await sendHolds(world.ctx, { shopId: world.shopId });
    expect((await partOf(world, "1007", world.connections.alpha)).status).toBe("PENDING");
  });

  test("bad input names the field and stores nothing", async () => {
    const bad = order("1008", [line("L1", "P-A", -1)]);
    await expect(ingestOrder(world.ctx, { shopId: world.shopId, order: bad })).rejects.toThrow(/order\.lines\.0\.quantity/);
    expect(await world.test.db.order.count()).toBe(0);
  });
});

describe("cancelOrder", () => {
  test("cancels the parts not yet shipped and asks the fulfillers that have them; a refusal is noted, not fatal", async () => {
    await ingestOrder(world.ctx, { shopId: world.shopId, order: order("2001", [line("L1", "P-A", 1), line("L2", "P-B", 1)]) });
    await sendHolds(world.ctx, { shopId: world.shopId, connectionId: world.connections.alpha });
    world.alpha.failCancel = true;

    const result = await cancelOrder(world.ctx, { shopId: world.shopId, platformOrderId: "2001", reason: "customer changed mind" });
    expect(result.cancelled).toHaveLength(2);
    const alphaPart = await partOf(world, "2001", world.connections.alpha);
    const betaPart = await partOf(world, "2001", world.connections.beta);
    expect(alphaPart.status).toBe("CANCELLED");
    expect(betaPart.status).toBe("CANCELLED");
    // Only alpha had received its part; beta's was still in HOLD.
    expect(world.alpha.cancels).toEqual([alphaPart.id]);
    expect(world.beta.cancels).toEqual([]);
    expect(result.notifyFailed.map((f) => f.fulfillmentId)).toEqual([alphaPart.id]);
    const note = await world.test.db.timelineEvent.findFirst({ where: { fulfillmentId: alphaPart.id, kind: "FULFILLER_CANCEL_FAILED" } });
    expect(note?.reason).toContain("already packed");
    expect((await orderRow(world, "2001")).cancelledAt).not.toBeNull();
  });

  test("an order update that says cancelled cancels its parts", async () => {
    await ingestOrder(world.ctx, { shopId: world.shopId, order: order("2002", [line("L1", "P-A", 1)]) });
    await ingestOrder(world.ctx, {
      shopId: world.shopId,
      order: order("2002", [line("L1", "P-A", 1, { cancelledQuantity: 1 })], {
        updatedAt: "2026-11-21T11:30:00.000Z",
        cancelledAt: "2026-11-21T11:30:00.000Z",
      }),
    });
    expect((await partOf(world, "2002", world.connections.alpha)).status).toBe("CANCELLED");
  });
});
