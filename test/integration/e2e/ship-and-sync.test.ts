// End to end over HTTP: an order placed at the Shopify stand-in reaches the real app by its signed
// orders/create webhook, is split between ShipStation and ShipBob (their stand-ins), sent, shipped
// in packages, synced by cursor and pushed to Shopify with the real adapter — exactly as shipped,
// once; then the order is no longer asked about. Also a partial shipment, and a voided label
// shipped again.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getOrderDetail } from "~/use-cases/queries/getOrderDetail";
import { startWorld, type World, type WorldProduct } from "../../support/world";
import {
  partOf,
  push,
  requestMark,
  requestsSince,
  sendAll,
  shopifyFulfillments,
  syncAndPush,
  syncOne,
} from "./support";

let world: World;
let shirt: WorldProduct;
let mug: WorldProduct;
let cap: WorldProduct;

beforeAll(async () => {
  world = await startWorld();
  shirt = await world.product("SHIRT-M", world.connections.shipstation!, "Shirt");
  mug = await world.product("MUG-1", world.connections.shipstation!, "Mug");
  cap = await world.product("CAP-1", world.connections.shipbob!, "Cap");
});

afterAll(async () => {
  await world?.close();
});

const ups = (n: string) => `https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums=${n}`;

describe("an order split between ShipStation and ShipBob", () => {
  test("arrives by webhook, ships in three packages, and Shopify holds exactly those three fulfillments", async () => {
    const order = await world.placeOrder([
      { product: shirt, quantity: 2 },
      { product: mug, quantity: 1 },
      { product: cap, quantity: 1 },
    ]);
    const ss = await partOf(world, order, "shipstation");
    const sb = await partOf(world, order, "shipbob");
    expect([ss.status, sb.status]).toEqual(["HOLD", "HOLD"]);
    expect(ss.lines.map((l) => [l.orderLineId, l.quantity]).sort()).toEqual(
      [
        [order.lineIds["SHIRT-M"], 2],
        [order.lineIds["MUG-1"], 1],
      ].sort(),
    );
    expect(sb.lines.map((l) => [l.orderLineId, l.quantity])).toEqual([[order.lineIds["CAP-1"], 1]]);

    expect(await sendAll(world)).toMatchObject({ sent: 2, failed: 0 });
    const ssSent = await partOf(world, order, "shipstation");
    const sbSent = await partOf(world, order, "shipbob");
    expect([ssSent.status, sbSent.status]).toEqual(["PENDING", "PENDING"]);
    expect(world.shipstation.order(ss.id)?.orderKey).toBe(ss.id);
    expect(world.shipbob.order(Number(sbSent.clientFulfillmentId)).reference_id).toBe(sb.id);

    // ShipStation: two labels, two tracking numbers across the two lines; ShipBob: one package.
    await world.shipstation.shipOrder(
      ss.id,
      [
        { items: [{ lineItemKey: order.lineIds["SHIRT-M"]!, quantity: 2 }], trackingNumber: "1ZE2E0000000000001", carrierCode: "ups" },
        { items: [{ lineItemKey: order.lineIds["MUG-1"]!, quantity: 1 }], trackingNumber: "1ZE2E0000000000002", carrierCode: "ups" },
      ],
      { notify: false },
    );
    world.shipbob.shipOrder(Number(sbSent.clientFulfillmentId), {
      packages: [{ items: [{ referenceId: "CAP-1", quantity: 1 }], trackingNumber: "9400100000000000000001", carrier: "USPS" }],
    });

    const first = await syncAndPush(world);
    expect(first.shipstation).toMatchObject({ accepted: 2, rejected: 0 });
    expect(first.shipbob).toMatchObject({ accepted: 1, rejected: 0 });
    expect(first.pushed).toMatchObject({ pushed: 3, failed: 0, retried: 0 });

    expect(shopifyFulfillments(world, order)).toEqual([
      { status: "SUCCESS", lines: [{ sku: "SHIRT-M", quantity: 2 }], tracking: [{ company: "UPS", number: "1ZE2E0000000000001", url: ups("1ZE2E0000000000001") }] },
      { status: "SUCCESS", lines: [{ sku: "MUG-1", quantity: 1 }], tracking: [{ company: "UPS", number: "1ZE2E0000000000002", url: ups("1ZE2E0000000000002") }] },
      {
        status: "SUCCESS",
        lines: [{ sku: "CAP-1", quantity: 1 }],
        tracking: [
          {
            company: "USPS",
            number: "9400100000000000000001",
            url: "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400100000000000000001",
          },
        ],
      },
    ]);
    expect(world.shopify.store.orderSnapshot(order.snapshot.id).displayFulfillmentStatus).toBe("FULFILLED");

    const detail = await getOrderDetail(world.ctx, { shopId: world.shop.id, orderId: order.orderId });
    expect(detail.shipmentState).toBe("SHIPPED");
    expect(detail.fulfillments.map((f) => f.status)).toEqual(["SHIPPED", "SHIPPED"]);
    expect(detail.shipments.map((s) => [s.state, s.pushes.map((p) => `${p.action}:${p.state}`)])).toEqual([
      ["ACCEPTED", ["CREATE:DONE"]],
      ["ACCEPTED", ["CREATE:DONE"]],
      ["ACCEPTED", ["CREATE:DONE"]],
    ]);

    // No longer polled: a cycle with more open orders at both fulfillers asks only for changes,
    // never about an order, and has nothing to push.
    for (let n = 0; n < 3; n++) await world.placeOrder([{ product: shirt, quantity: 1 }, { product: cap, quantity: 1 }]);
    expect(await sendAll(world)).toMatchObject({ sent: 6 });
    const mark = requestMark(world);
    const again = await syncAndPush(world);
    expect(again.shipstation).toMatchObject({ accepted: 0 });
    expect(again.shipbob).toMatchObject({ accepted: 0 });
    expect(again.pushed).toMatchObject({ pushed: 0 });
    const calls = requestsSince(world, mark);
    expect(calls.shopify).toEqual([]);
    // ShipStation: labels, voids and orders marked shipped since the cursor — three list calls.
    expect(calls.shipstation.map((c) => c.split("?")[0])).toEqual(["GET /shipments", "GET /shipments", "GET /fulfillments"]);
    // ShipBob: the tracking poll and the changes since the cursor — list calls only.
    expect(calls.shipbob.map((c) => c.replace(/&SortOrder.*$/, "").replace(/=\d{4}-[^&]*/, "=<cursor>"))).toEqual([
      "GET /2026-01/order?HasTracking=true&IsTrackingUploaded=false",
      "GET /2026-01/order?LastUpdateStartDate=<cursor>",
    ]);
    const named = [order.snapshot.id, ss.id, sb.id, ssSent.clientFulfillmentId, sbSent.clientFulfillmentId].map(String);
    for (const call of [...calls.shipstation, ...calls.shipbob]) {
      for (const id of named) expect(call).not.toContain(encodeURIComponent(id));
    }
    // The calls do not grow with the open orders: the same cycle again costs the same.
    const mark2 = requestMark(world);
    await syncAndPush(world);
    const calls2 = requestsSince(world, mark2);
    expect(calls2.shipstation).toHaveLength(calls.shipstation.length);
    expect(calls2.shipbob).toHaveLength(calls.shipbob.length);
    expect(calls2.shopify).toEqual([]);
    expect(shopifyFulfillments(world, order)).toHaveLength(3);
  });

  test("a partial shipment leaves the order PARTIALLY_SHIPPED, and Shopify holds just that part", async () => {
    const order = await world.placeOrder([
      { product: shirt, quantity: 2 },
      { product: cap, quantity: 1 },
    ]);
    await sendAll(world);
    const ss = await partOf(world, order, "shipstation");
    await world.shipstation.shipOrder(
      ss.id,
      [{ items: [{ lineItemKey: order.lineIds["SHIRT-M"]!, quantity: 1 }], trackingNumber: "1ZE2E0000000000011", carrierCode: "ups" }],
      { notify: false },
    );
    const result = await syncAndPush(world);
    expect(result.shipstation).toMatchObject({ accepted: 1 });
    expect(result.pushed).toMatchObject({ pushed: 1, failed: 0 });

    expect(shopifyFulfillments(world, order)).toEqual([
      { status: "SUCCESS", lines: [{ sku: "SHIRT-M", quantity: 1 }], tracking: [{ company: "UPS", number: "1ZE2E0000000000011", url: ups("1ZE2E0000000000011") }] },
    ]);
    expect(world.shopify.store.orderSnapshot(order.snapshot.id).displayFulfillmentStatus).toBe("PARTIALLY_FULFILLED");
    const detail = await getOrderDetail(world.ctx, { shopId: world.shop.id, orderId: order.orderId });
    expect(detail.shipmentState).toBe("PARTIALLY_SHIPPED");
    expect(detail.fulfillments.map((f) => [f.connectionKind, f.status])).toEqual([
      ["shipstation", "PENDING_SHIPMENT"],
      ["shipbob", "PENDING"],
    ]);
    const shirtLine = detail.lines.find((l) => l.sku === "SHIRT-M")!;
    expect([shirtLine.covered, shirtLine.remaining]).toEqual([1, 1]);
  });

  test("a voided label shipped again: Shopify ends with only the new tracking, the old fulfillment cancelled", async () => {
    const order = await world.placeOrder([{ product: mug, quantity: 1 }]);
    await sendAll(world);
    const ss = await partOf(world, order, "shipstation");
    const first = await world.shipstation.shipOrder(ss.id, [{ trackingNumber: "1ZE2E0000000000021", carrierCode: "ups" }], { notify: false });
    expect((await syncAndPush(world)).pushed).toMatchObject({ pushed: 1 });
    expect(shopifyFulfillments(world, order).map((f) => [f.status, f.tracking[0]?.number])).toEqual([["SUCCESS", "1ZE2E0000000000021"]]);

    // The warehouse voids the label and buys a new one.
    const voided = world.shipstation.shipments().find((s) => s.trackingNumber === "1ZE2E0000000000021")!;
    world.shipstation.voidShipment(voided.shipmentId);
    await world.shipstation.shipOrder(ss.id, [{ trackingNumber: "1ZE2E0000000000022", carrierCode: "ups" }], { notify: false });
    expect(first.shipments).toHaveLength(1);

    const result = await syncAndPush(world);
    expect(result.shipstation).toMatchObject({ cancelled: 1, accepted: 1, rejected: 0 });
    // The cancel goes first, then the re-shipment (intents of one order go in order).
    expect(result.pushed).toMatchObject({ pushed: 2, failed: 0 });
    expect(shopifyFulfillments(world, order)).toEqual([
      { status: "CANCELLED", lines: [{ sku: "MUG-1", quantity: 1 }], tracking: [{ company: "UPS", number: "1ZE2E0000000000021", url: ups("1ZE2E0000000000021") }] },
      { status: "SUCCESS", lines: [{ sku: "MUG-1", quantity: 1 }], tracking: [{ company: "UPS", number: "1ZE2E0000000000022", url: ups("1ZE2E0000000000022") }] },
    ]);
    const detail = await getOrderDetail(world.ctx, { shopId: world.shop.id, orderId: order.orderId });
    expect(detail.shipmentState).toBe("SHIPPED");
    expect(detail.shipments.map((s) => [s.state, s.tracking.map((t) => t.number).join()])).toEqual([
      ["CANCELLED", "1ZE2E0000000000021"],
      ["ACCEPTED", "1ZE2E0000000000022"],
    ]);

    // Replays change nothing: the next sync sees both labels again and pushes nothing.
    const replay = await syncOne(world, "shipstation");
    expect(replay.accepted + replay.cancelled + replay.changed).toBe(0);
    expect(await push(world)).toMatchObject({ pushed: 0 });
    expect(shopifyFulfillments(world, order).filter((f) => f.status === "SUCCESS")).toHaveLength(1);
  });

});
