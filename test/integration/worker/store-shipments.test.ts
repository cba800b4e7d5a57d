// Batch storing (storeShipments): first shipments of orders, judged and stored in one transaction,
// give the same rows, intents, status moves, timeline and outbox as storeShipment one by one;
// everything else in a page (voids, second shipments, refusals, strangers) takes storeShipment's
// path, in the page's order. The sync uses it for every page (syncShipments.storeAll).
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { FulfillerShipment } from "~/plugins/port";
import { ingestOrders } from "~/use-cases/ingestOrders";
import { sendHolds } from "~/use-cases/sendHolds";
import { storeShipment } from "~/use-cases/shared/storeShipment";
import { storeShipments } from "~/use-cases/shared/storeShipments";
import { createWorld, line, order, type World } from "./world";

let world: World;

async function setUp(carrierTracking = false) {
  world = await createWorld({ carrierTracking });
  const orders = ["7001", "7002", "7003", "7004", "7005"].map((id) =>
    order(id, [line("L1", "P-A", 2), line("L2", "P-A", 1, { variantId: "V-A2" }), line("L3", "P-B", 1)]),
  );
  await ingestOrders(world.ctx, { shopId: world.shopId, orders });
  await sendHolds(world.ctx, { shopId: world.shopId });
}
afterEach(async () => {
  await world.close();
});

const alpha = () => ({ id: world.connections.alpha, kind: "fixture" });

async function alphaPart(platformOrderId: string) {
  return world.test.db.fulfillment.findFirstOrThrow({
    where: { connectionId: world.connections.alpha, order: { platformOrderId } },
    include: { lines: { include: { orderLine: true } } },
  });
}

/** A report of alpha's part of an order: by the fulfiller's id, items by SKU. */
async function report(platformOrderId: string, extra: Partial<FulfillerShipment> = {}): Promise<FulfillerShipment> {
  const part = await alphaPart(platformOrderId);
  return {
    fulfillerShipmentId: `ship-${platformOrderId}`,
    fulfillmentId: null,
    clientFulfillmentId: part.clientFulfillmentId,
    trackingNumbers: [`1ZBATCH${platformOrderId}`],
    carrier: "UPS",
    method: "Ground",
    trackingUrl: `https://ups.example/${platformOrderId}`,
    lines: [
      { sku: "SKU-L1", quantity: 2 },
      { sku: "SKU-L2", quantity: 1 },
    ],
    cancelled: false,
    shippedAt: "2026-11-21T11:55:00.000Z",
    ...extra,
  };
}

/** Everything storing a shipment wrote for an order, without ids or the wall-clock times of writing. */
async function shape(platformOrderId: string) {
  const o = await world.test.db.order.findFirstOrThrow({
    where: { platformOrderId },
    include: {
      fulfillments: { orderBy: { connectionId: "asc" } },
      shipments: { include: { lines: { include: { orderLine: true } }, intents: true } },
      timeline: { orderBy: [{ at: "asc" }, { id: "asc" }] },
      notifications: true,
    },
  });
  const deliveries = await world.test.db.webhookDelivery.count();
  return {
    order: o.shipmentState,
    fulfillments: o.fulfillments.map((f) => [f.status, f.shippedAt?.toISOString() ?? null, f.updatedAt.toISOString()]),
    shipments: o.shipments.map((s) => ({
      row: [s.fulfillerShipmentId?.replace(platformOrderId, "#"), s.trackingNumbers.replace(platformOrderId, "#"), s.carrier, s.method, s.trackingUrl?.replace(platformOrderId, "#"), s.state, s.rejectReason, s.supersedesId, s.shippedAt?.toISOString()],
      key: s.trackingKey.replaceAll(platformOrderId, "#").replace(/"c[0-9a-z]{24}"/g, "<line>"),
      lines: s.lines.map((l) => [l.orderLine.platformLineId, l.quantity]).sort(),
      intents: s.intents.map((i) => [i.action, i.target, i.state, i.attempts, i.idempotencyKey === `${s.id}:create`, i.nextAttemptAt.toISOString(), i.payload?.replaceAll(platformOrderId, "#").replace(/"c[0-9a-z]{24}"/g, "<line>")]),
    })),
    timeline: o.timeline.map((e) => [e.kind, e.from, e.to, e.reason?.replace(platformOrderId, "#"), e.actor, e.fulfillmentId !== null, e.at.toISOString()]),
    notifications: o.notifications.map((n) => [n.kind, n.channel, n.state]).sort(),
    deliveries,
  };
}

describe("storeShipments", () => {
  beforeEach(async () => {
    await setUp();
  });

  test("stores first shipments exactly as storeShipment does, in one batch", async () => {
    world.clock.advance(60_000);
    const one = await storeShipment(world.ctx, { shopId: world.shopId, connection: alpha(), shipment: await report("7001"), actor: "fulfiller:fixture" });
    expect(one.kind).toBe("accepted");
    const batch = await storeShipments(world.ctx, {
      shopId: world.shopId,
      connection: alpha(),
      shipments: [await report("7002"), await report("7003", { trackingNumbers: [], lines: [{ sku: "SKU-L1", quantity: 1 }] })],
      actor: "fulfiller:fixture",
    });
    expect(batch.batched).toBe(2);
    expect(batch.results.map((r) => r.kind)).toEqual(["accepted", "accepted"]);

    const expected = await shape("7001");
    const got = await shape("7002");
    expect({ ...got, deliveries: 0 }).toEqual({ ...expected, deliveries: 0 });
    expect(expected.fulfillments[0]![0]).toBe("SHIPPED");
    expect(expected.order).toBe("PARTIALLY_SHIPPED"); // beta's line is still due
    // The other fulfiller's part of orders that already hold a shipment: judged against it, and
    // the order is shipped, as one by one.
    const beta = { id: world.connections.beta, kind: "fixture" };
    const betaReport = async (platformOrderId: string): Promise<FulfillerShipment> => {
      const part = await world.test.db.fulfillment.findFirstOrThrow({ where: { connectionId: beta.id, order: { platformOrderId } } });
      return { ...(await report(platformOrderId)), fulfillerShipmentId: `beta-${platformOrderId}`, clientFulfillmentId: part.clientFulfillmentId, trackingNumbers: [`9400BETA${platformOrderId}`], lines: [{ sku: "SKU-L3", quantity: 1 }] };
    };
    world.clock.advance(60_000);
    await storeShipment(world.ctx, { shopId: world.shopId, connection: beta, shipment: await betaReport("7001"), actor: "fulfiller:fixture" });
    const second = await storeShipments(world.ctx, { shopId: world.shopId, connection: beta, shipments: [await betaReport("7002"), await betaReport("7004")], actor: "fulfiller:fixture" });
    expect(second.batched).toBe(2);
    const shipped = await shape("7001");
    expect({ ...(await shape("7002")), deliveries: 0 }).toEqual({ ...shipped, deliveries: 0 });
    expect(shipped.order).toBe("SHIPPED");
    expect(shipped.fulfillments.map((f) => f[0])).toEqual(["SHIPPED", "SHIPPED"]);

    // A partial shipment without a number leaves the part waiting for the rest.
    expect((await shape("7003")).fulfillments[0]![0]).toBe("PENDING");
    expect((await shape("7003")).shipments[0]!.intents).toHaveLength(1);
  });

  test("voids, second shipments, refusals and strangers go through storeShipment, in the page's order", async () => {
    const first = await report("7004");
    const again = await report("7004", { fulfillerShipmentId: "ship-7004-b", trackingNumbers: ["1ZSECOND"], lines: [{ sku: "SKU-L1", quantity: 1 }] });
    const over = await report("7005", { lines: [{ sku: "SKU-L1", quantity: 5 }] });
    const stranger = await report("7001", { clientFulfillmentId: "nobody", fulfillerShipmentId: "x" });
    const fine = await report("7001");
    // after a report of its order that waits for storeShipment, a report waits too (page order)
    const afterOver = await report("7005", { fulfillerShipmentId: "ship-7005-b" });
    const page = [first, again, over, stranger, fine, { ...first, cancelled: true }, afterOver];
    const batch = await storeShipments(world.ctx, { shopId: world.shopId, connection: alpha(), shipments: page, actor: "fulfiller:fixture" });
    expect(batch.batched).toBe(2); // 7004's first shipment and 7001's
    expect(batch.results.map((r) => r.kind)).toEqual(["accepted", "rejected", "rejected", "ignored", "accepted", "cancelled", "accepted"]);
    const [overRow, afterOverRow] = await world.test.db.shipment.findMany({
      where: { order: { platformOrderId: "7005" } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    expect([overRow?.fulfillerShipmentId, overRow?.state, afterOverRow?.fulfillerShipmentId, afterOverRow?.state]).toEqual(["ship-7005", "REJECTED", "ship-7005-b", "ACCEPTED"]);
    const rejected = batch.results[1]!;
    // judged after the first one was stored: it covers more than is left
    expect(rejected.kind === "rejected" && rejected.reasons.join(" ")).toMatch(/only 0 still due/);
    expect(await world.test.db.shipment.count({ where: { order: { platformOrderId: "7004" } } })).toBe(2);
    const voided = await world.test.db.shipment.findFirstOrThrow({ where: { fulfillerShipmentId: "ship-7004" } });
    expect(voided.state).toBe("CANCELLED");
    // the void withdrew the CREATE that was never tried
    expect(await world.test.db.pushIntent.findMany({ where: { shipmentId: voided.id }, select: { state: true } })).toEqual([{ state: "WITHDRAWN" }]);
    expect((await world.test.db.shipment.findFirstOrThrow({ where: { fulfillerShipmentId: "ship-7005" } })).state).toBe("REJECTED");
  });

  test("a page again changes nothing: replays take storeShipment's path and are duplicates", async () => {
    const page = [await report("7001"), await report("7002")];
    await storeShipments(world.ctx, { shopId: world.shopId, connection: alpha(), shipments: page, actor: "fulfiller:fixture" });
    const before = { shipments: await world.test.db.shipment.count(), intents: await world.test.db.pushIntent.count(), timeline: await world.test.db.timelineEvent.count() };
    const again = await storeShipments(world.ctx, { shopId: world.shopId, connection: alpha(), shipments: page, actor: "fulfiller:fixture" });
    expect(again.batched).toBe(0);
    expect(again.results.map((r) => r.kind)).toEqual(["duplicate", "duplicate"]);
    expect({ shipments: await world.test.db.shipment.count(), intents: await world.test.db.pushIntent.count(), timeline: await world.test.db.timelineEvent.count() }).toEqual(before);
  });
});

describe("storeShipments with carrier tracking on", () => {
  beforeEach(async () => {
    await setUp(true);
  });

  test("a fully covered part waits at PENDING_SHIPMENT for the carrier, as with storeShipment", async () => {
    await storeShipment(world.ctx, { shopId: world.shopId, connection: alpha(), shipment: await report("7001"), actor: "fulfiller:fixture" });
    await storeShipments(world.ctx, { shopId: world.shopId, connection: alpha(), shipments: [await report("7002"), await report("7003")], actor: "fulfiller:fixture" });
    expect(await shape("7002")).toEqual(await shape("7001"));
    expect((await shape("7002")).fulfillments[0]![0]).toBe("PENDING_SHIPMENT");
  });
});
