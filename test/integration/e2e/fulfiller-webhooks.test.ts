// The fast path over HTTP: a fulfiller's own webhook reaches the real app's route
// (/webhooks/fulfillers/<kind>/<connection>), which verifies it, fetches what it announces, stores
// the shipments on the same path as the poll and pushes them to Shopify at once. A forged or
// foreign delivery is refused and changes nothing.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startWorld, type World, type WorldProduct } from "../../support/world";
import { partOf, sendAll, shopifyFulfillments } from "./support";

let world: World;
let tee: WorldProduct;
let cap: WorldProduct;

beforeAll(async () => {
  world = await startWorld();
  tee = await world.product("WH-TEE", world.connections.shipstation!, "Tee");
  cap = await world.product("WH-CAP", world.connections.shipbob!, "Cap");
});

afterAll(async () => {
  await world?.close();
});

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const shipmentsOf = (orderId: string) => world.ctx.db.shipment.findMany({ where: { shopId: world.shop.id, orderId } });

describe("fulfiller webhooks through the app's route", () => {
  test("ShipStation's SHIP_NOTIFY brings the shipment in and Shopify has it within seconds", async () => {
    const order = await world.placeOrder([{ product: tee, quantity: 1 }]);
    await sendAll(world);
    const part = await partOf(world, order, "shipstation");
    expect(part.status).toBe("PENDING");

    // ShipStation calls every subscribed SHIP_NOTIFY hook; activateConnection subscribed ours.
    const shipped = await world.shipstation.shipOrder(part.id, [{ trackingNumber: "1ZWH00000000000001", carrierCode: "ups" }]);
    expect(shipped.deliveries.map((d) => d.status)).toEqual([200]);

    const fulfillments = await eventually(
      async () => shopifyFulfillments(world, order),
      (f) => f.length === 1,
    );
    expect(fulfillments).toEqual([
      expect.objectContaining({ lines: [{ sku: "WH-TEE", quantity: 1 }], tracking: [expect.objectContaining({ number: "1ZWH00000000000001" })] }),
    ]);
    expect((await partOf(world, order, "shipstation")).status).not.toBe("PENDING");
  });

  test("a SHIP_NOTIFY without the connection's secret is refused with 401 and stores nothing", async () => {
    const order = await world.placeOrder([{ product: tee, quantity: 1 }]);
    await sendAll(world);
    const part = await partOf(world, order, "shipstation");
    const shipped = await world.shipstation.shipOrder(part.id, [{ trackingNumber: "1ZWH00000000000002", carrierCode: "ups" }], { notify: false });
    const target = `${world.app!.url}/webhooks/fulfillers/shipstation/${world.connections.shipstation}?secret=not-the-secret`;
    const forged = await world.shipstation.sendShipNotify(target, { batchId: shipped.batchId });
    expect(forged.status).toBe(401);
    // Another connection's id, or a kind that does not match, learns nothing either.
    const wrongKind = await fetch(`${world.app!.url}/webhooks/fulfillers/shipbob/${world.connections.shipstation}`, { method: "POST", body: "{}" });
    expect(wrongKind.status).toBe(404);
    expect(await shipmentsOf(order.orderId)).toEqual([]);
  });

  test("ShipBob's signed order.shipped brings the shipment in; a tampered one is refused", async () => {
    const order = await world.placeOrder([{ product: cap, quantity: 2 }]);
    await sendAll(world);
    const part = await partOf(world, order, "shipbob");
    const shipbobOrderId = Number(part.clientFulfillmentId);
    world.shipbob.shipOrder(shipbobOrderId, { packages: [{ trackingNumber: "9400100000000000000077", carrier: "USPS" }] });

    const tampered = await world.shipbob.sendWebhook({ topic: "order.shipped", orderId: shipbobOrderId, tamper: true });
    expect(tampered.map((d) => d.status)).toEqual([401]);
    expect(await shipmentsOf(order.orderId)).toEqual([]);

    const delivered = await world.shipbob.sendWebhook({ topic: "order.shipped", orderId: shipbobOrderId });
    expect(delivered.map((d) => d.status)).toEqual([200]);
    const fulfillments = await eventually(
      async () => shopifyFulfillments(world, order),
      (f) => f.length === 1,
    );
    expect(fulfillments[0]).toEqual(expect.objectContaining({ lines: [{ sku: "WH-CAP", quantity: 2 }] }));
  });
});
