// End to end over HTTP: what is refused stays visible with its reason and never reaches Shopify —
// a label that ships more than was ordered (ShipStation), one item reported with two tracking
// numbers (a pull-API house, over the app's /api/v1) — and a fulfiller that refuses an order:
// resent once automatically (FAILED → RECYCLED → PENDING), FAILED for good when the resend fails too;
// and a label voided hours after it was bought, then bought again, whose re-shipment is taken.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { activatePullConnection } from "~/use-cases/activatePullConnection";
import { getOrderDetail } from "~/use-cases/queries/getOrderDetail";
import { sendHolds } from "~/use-cases/sendHolds";
import { startWorld, type World, type WorldProduct } from "../../support/world";
import { partOf, push, sendAll, shopifyFulfillments, statusTrail, syncAndPush } from "./support";

let world: World;
/** ShipStation's clock runs ahead of ours by this much (labels bought later in its day) */
let shipstationAhead = 0;
let shirt: WorldProduct;
let cap: WorldProduct;
let mug: WorldProduct;

beforeAll(async () => {
  world = await startWorld({ shipstation: { now: () => new Date(Date.now() + shipstationAhead) } });
  shirt = await world.product("SHIRT-M", world.connections.shipstation!, "Shirt");
  cap = await world.product("CAP-1", world.connections.shipbob!, "Cap");
  mug = await world.product("MUG-1", world.connections.shipstation!, "Mug");
});

afterAll(async () => {
  await world?.close();
});

describe("shipments that break the coverage rules", () => {
  test("a label for more than was ordered is rejected with its reason, kept visible, and never pushed", async () => {
    const order = await world.placeOrder([{ product: shirt, quantity: 2 }]);
    await sendAll(world);
    const ss = await partOf(world, order, "shipstation");
    await world.shipstation.shipOrder(
      ss.id,
      [{ items: [{ lineItemKey: order.lineIds["SHIRT-M"]!, quantity: 3 }], trackingNumber: "1ZE2E0000000000031", carrierCode: "ups" }],
      { notify: false, allowOverShip: true },
    );
    const result = await syncAndPush(world);
    expect(result.shipstation).toMatchObject({ rejected: 1, accepted: 0 });
    expect(result.pushed).toMatchObject({ pushed: 0 });

    const detail = await getOrderDetail(world.ctx, { shopId: world.shop.id, orderId: order.orderId });
    expect(detail.shipments).toHaveLength(1);
    const [rejected] = detail.shipments;
    expect(rejected.state).toBe("REJECTED");
    expect(rejected.rejectReason).toContain(`Line ${order.lineIds["SHIRT-M"]}: the shipment covers 3 but only 2 still due`);
    expect(rejected.pushes).toEqual([]);
    expect(detail.timeline.some((e) => e.kind === "SHIPMENT_REJECTED" && e.reason === rejected.rejectReason)).toBe(true);
    expect(detail.shipmentState).toBe("UNSHIPPED");
    expect(detail.fulfillments[0].status).toBe("PENDING");
    expect(shopifyFulfillments(world, order)).toEqual([]);

    // The next sync sees the same label again: still one rejected shipment, still nothing pushed.
    await syncAndPush(world);
    expect(await world.ctx.db.shipment.count({ where: { orderId: order.orderId } })).toBe(1);
    expect(await world.ctx.db.pushIntent.count({ where: { shipment: { orderId: order.orderId } } })).toBe(0);
    expect(shopifyFulfillments(world, order)).toEqual([]);
  });

  test("one item with two tracking numbers is refused over the pull API with the rule's reason, and never pushed", async () => {
    const house = await activatePullConnection(world.ctx, { shopId: world.shop.id, name: "Dock 9 house" });
    const poster = await world.product("POSTER-1", house.connection.id, "Poster");
    const order = await world.placeOrder([{ product: poster, quantity: 1 }]);
    const part = await world.ctx.db.fulfillment.findFirstOrThrow({ where: { orderId: order.orderId, connectionId: house.connection.id } });

    const res = await fetch(`${world.app!.url}/api/v1/fulfillments/${part.id}/shipments`, {
      method: "POST",
      headers: { Authorization: `Bearer ${house.secret}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        reference: "PKG-77",
        trackingNumbers: ["1ZE2E0000000000041", "1ZE2E0000000000042"],
        carrier: "UPS",
        lines: [{ lineId: order.lineIds["POSTER-1"], quantity: 1 }],
      }),
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; fields?: { field: string; code?: string; message: string }[] } };
    expect(body.error.code).toBe("unprocessable");
    // A package with several numbers must hold at least two lines and as many units as numbers.
    expect(body.error.fields?.map((i) => [i.field, i.code])).toEqual([
      ["trackingNumbers", "MULTI_TRACKING_SINGLE_LINE"],
      ["trackingNumbers", "MULTI_TRACKING_TOO_FEW_UNITS"],
    ]);
    expect(body.error.fields?.[0]?.message).toMatch(/tracking number/i);

    expect(await push(world)).toMatchObject({ pushed: 0 });
    const detail = await getOrderDetail(world.ctx, { shopId: world.shop.id, orderId: order.orderId });
    expect(detail.shipments).toEqual([]);
    expect(detail.shipmentState).toBe("UNSHIPPED");
    expect(shopifyFulfillments(world, order)).toEqual([]);
  });
});

describe("a fulfiller that refuses an order", () => {
  test("ShipStation refuses once: FAILED, resent automatically as RECYCLED, then PENDING", async () => {
    const order = await world.placeOrder([{ product: shirt, quantity: 1 }]);
    world.shipstation.failNextSubmit("The shipTo address could not be verified.");
    const counts = await sendAll(world);
    expect(counts).toMatchObject({ sent: 1, failed: 1 });
    const part = await partOf(world, order, "shipstation");
    expect(part.status).toBe("PENDING");
    expect(part.recycled).toBe(true);
    expect(part.clientFulfillmentId).toBe(String(world.shipstation.order(part.id)?.orderId));
    expect(await statusTrail(world, part.id)).toEqual(["->HOLD", "HOLD>FAILED", "FAILED>RECYCLED", "RECYCLED>PENDING"]);
    const detail = await getOrderDetail(world.ctx, { shopId: world.shop.id, orderId: order.orderId });
    const failed = detail.timeline.find((e) => e.kind === "STATUS" && e.to === "FAILED");
    expect(failed?.reason).toContain("The shipTo address could not be verified.");
  });

  test("ShipBob refuses the resend too: FAILED for good, with ShipBob's reason, and not sent again", async () => {
    const order = await world.placeOrder([{ product: cap, quantity: 1 }]);
    world.shipbob.failNextSubmit({ "Recipient.Address": ["The address could not be validated."] });
    world.shipbob.failNextSubmit({ "Recipient.Address": ["The address could not be validated."] });
    expect(await sendAll(world)).toMatchObject({ sent: 0, failed: 2 });
    const part = await partOf(world, order, "shipbob");
    expect(part.status).toBe("FAILED");
    expect(part.recycled).toBe(true);
    expect(part.failureReason).toContain("The address could not be validated.");
    expect(await statusTrail(world, part.id)).toEqual(["->HOLD", "HOLD>FAILED", "FAILED>RECYCLED", "RECYCLED>FAILED"]);

    // The next hold task leaves it alone: only a person's resend sends it again.
    const posts = () => world.shipbob.requests.filter((r) => r.method === "POST" && r.path === "/2026-01/order").length;
    const before = posts();
    const again = await sendHolds(world.ctx, { shopId: world.shop.id, connectionId: world.connections.shipbob! });
    expect(again.counts).toMatchObject({ sent: 0, failed: 0 });
    expect(posts()).toBe(before);
    expect((await partOf(world, order, "shipbob")).status).toBe("FAILED");
    expect(world.shipbob.orderByReference(part.id)).toBeNull();
  });
});

describe("a label voided and bought again", () => {
  test("a label voided hours after it was bought, and bought again: the re-shipment is taken, not refused", async () => {
    const order = await world.placeOrder([{ product: mug, quantity: 1 }]);
    const other = await world.placeOrder([{ product: shirt, quantity: 1 }]);
    await sendAll(world);
    const ss = await partOf(world, order, "shipstation");
    await world.shipstation.shipOrder(ss.id, [{ trackingNumber: "1ZE2E0000000000051", carrierCode: "ups" }], { notify: false });
    expect((await syncAndPush(world)).pushed).toMatchObject({ pushed: 1 });

    // Two hours later in the warehouse: other labels are bought and synced...
    shipstationAhead += 2 * 60 * 60_000;
    await world.shipstation.shipOrder((await partOf(world, other, "shipstation")).id, [{ trackingNumber: "1ZE2E0000000000052", carrierCode: "ups" }], {
      notify: false,
    });
    expect((await syncAndPush(world)).pushed).toMatchObject({ pushed: 1 });
    // ...then the first label is voided and the mug shipped again. The void comes by the voids
    // stream, the new label by the labels stream, in the same sync.
    const voided = world.shipstation.shipments().find((s) => s.trackingNumber === "1ZE2E0000000000051")!;
    world.shipstation.voidShipment(voided.shipmentId);
    await world.shipstation.shipOrder(ss.id, [{ trackingNumber: "1ZE2E0000000000053", carrierCode: "ups" }], { notify: false });

    const result = await syncAndPush(world);
    expect(result.shipstation).toMatchObject({ cancelled: 1, accepted: 1, rejected: 0 });
    expect(result.pushed).toMatchObject({ pushed: 2, failed: 0 });
    expect(shopifyFulfillments(world, order).map((f) => [f.status, f.tracking[0]?.number])).toEqual([
      ["CANCELLED", "1ZE2E0000000000051"],
      ["SUCCESS", "1ZE2E0000000000053"],
    ]);
    const detail = await getOrderDetail(world.ctx, { shopId: world.shop.id, orderId: order.orderId });
    expect(detail.shipmentState).toBe("SHIPPED");
  });
});
