// Carrier tracking end to end over HTTP: the EasyPost stand-in moves a parcel, the tracking job
// reads it through the real EasyPost provider, the fulfillment moves PENDING_SHIPMENT → SHIPPED →
// DELIVERED, every new checkpoint reaches the Shopify stand-in as a fulfillment event through the
// push path, and each customer notification leaves exactly once (SMTP catcher).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { trackFromCarrierWebhook } from "~/use-cases/trackFromCarrierWebhook";
import { ValidationError } from "~/use-cases/errors";
import { setTrackingChoice } from "~/use-cases/setTrackingChoice";
import { trackShipments } from "~/use-cases/trackShipments";
import { updateNotificationTemplate } from "~/use-cases/notifications/updateNotificationTemplate";
import {
  createWorld,
  fulfillment,
  jobs,
  placeOrder,
  ship,
  shopifyEvents,
  type StandIns,
  startStandIns,
  statusChanges,
  type World,
} from "./world";

let standIns: StandIns;
let world: World;

beforeAll(async () => {
  standIns = await startStandIns();
});
afterAll(async () => {
  await standIns.close();
});
afterEach(async () => {
  await world.close();
});

const at = (iso: string) => new Date(iso);
const T = {
  label: at("2026-11-21T13:05:00.000Z"),
  transit: at("2026-11-21T22:40:00.000Z"),
  out: at("2026-11-23T07:05:00.000Z"),
  delivered: at("2026-11-23T15:32:00.000Z"),
  late: at("2026-11-24T09:00:00.000Z"),
};

async function enableEmails(w: World) {
  for (const kind of ["ORDER_SHIPPED", "DELIVERED"] as const) {
    await updateNotificationTemplate(w.ctx, { shopId: w.shopId, kind, enabled: true });
  }
}

describe("one package, LABEL_CREATED to DELIVERED", () => {
  beforeEach(async () => {
    world = await createWorld(standIns);
    await enableEmails(world);
    standIns.smtp.clear();
  });

  test("the fulfillment ships and is delivered with the carrier's date; Shopify holds the events; each notification leaves once", async () => {
    const number = "9400111899223197428497";
    const order = await placeOrder(world, [{ sku: "TRK-1", quantity: 2 }]);
    expect((await fulfillment(world, order.fulfillmentId)).status).toBe("PENDING");
    await ship(world, order.fulfillmentId, [number], [{ orderLineId: order.lineBySku("TRK-1").id, quantity: 2 }]);
    expect((await fulfillment(world, order.fulfillmentId)).status).toBe("PENDING_SHIPMENT");
    await jobs.push(world);
    const [pushed] = standIns.shopify.store.listFulfillments(order.platformOrderId);
    expect(pushed?.trackingInfo.map((t) => t.number)).toEqual([number]);
    expect(pushed?.notifyCustomer).toBe(true);

    // Tracking number assigned: Shopify's own shipping confirmation (notifyCustomer), no email.
    expect(await jobs.notify(world)).toMatchObject({ viaPlatform: 1, sent: 0 });

    standIns.easypost.register(number, "USPS", T.label);
    let tracked = await jobs.track(world);
    expect(tracked).toMatchObject({ checked: 1, updated: 1, shipped: 0 });
    expect((await fulfillment(world, order.fulfillmentId)).status).toBe("PENDING_SHIPMENT");

    await standIns.easypost.advance(number, "IN_TRANSIT", T.transit);
    tracked = await jobs.track(world);
    expect(tracked).toMatchObject({ shipped: 1, delivered: 0 });
    const shipped = await fulfillment(world, order.fulfillmentId);
    expect(shipped.status).toBe("SHIPPED");
    expect(shipped.shippedAt).toEqual(world.clock.now);

    await standIns.easypost.advance(number, "OUT_FOR_DELIVERY", T.out);
    expect(await jobs.track(world)).toMatchObject({ updated: 1, shipped: 0, delivered: 0 });
    await standIns.easypost.advance(number, "DELIVERED", T.delivered);
    expect(await jobs.track(world)).toMatchObject({ delivered: 1 });

    const delivered = await fulfillment(world, order.fulfillmentId);
    expect(delivered.status).toBe("DELIVERED");
    expect(delivered.deliveredAt).toEqual(T.delivered);
    expect(await statusChanges(world, order.fulfillmentId)).toEqual([
      "->HOLD",
      "HOLD>PENDING",
      "PENDING>PENDING_SHIPMENT",
      "PENDING_SHIPMENT>SHIPPED",
      "SHIPPED>DELIVERED",
    ]);
    const shipment = await world.test.db.shipment.findFirstOrThrow({ where: { fulfillmentId: order.fulfillmentId } });
    expect(shipment).toMatchObject({ carrierStatus: "DELIVERED", deliveredAt: T.delivered });

    // Every checkpoint reaches Shopify as a fulfillment event with the carrier's time.
    await jobs.push(world);
    // (Shopify keeps DateTime to the second: "2026-11-21T13:05:00Z".)
    expect(shopifyEvents(world, order.platformOrderId).map((e) => [e.status, new Date(e.happenedAt).toISOString()])).toEqual([
      ["LABEL_PRINTED", T.label.toISOString()],
      ["IN_TRANSIT", T.transit.toISOString()],
      ["OUT_FOR_DELIVERY", T.out.toISOString()],
      ["DELIVERED", T.delivered.toISOString()],
    ]);
    expect(new Date(standIns.shopify.store.listFulfillments(order.platformOrderId)[0]!.deliveredAt!)).toEqual(T.delivered);

    // All fulfillments shipped, and delivered: one email each, and no more on further runs.
    expect(await jobs.notify(world)).toMatchObject({ sent: 2 });
    await jobs.track(world);
    await jobs.notify(world);
    const mails = await standIns.smtp.waitFor(2);
    expect(mails).toHaveLength(2);
    const { name } = await world.test.db.order.findUniqueOrThrow({ where: { id: order.orderId } });
    expect(mails.map((m) => m.subject).sort()).toEqual([
      `Everything in your order ${name} has shipped`,
      `Your order ${name} was delivered`,
    ]);
    const deliveredMail = mails.find((m) => m.subject.includes("was delivered"))!;
    expect(deliveredMail.to).toEqual(["ada@buyer.example"]);
    expect(deliveredMail.text).toContain("November 23, 2026");
    expect(deliveredMail.text).toContain(number);
    expect(deliveredMail.html).toContain("<p>Hi Ada,</p>");
    const rows = await world.test.db.notification.findMany({ where: { shopId: world.shopId }, orderBy: { kind: "asc" } });
    expect(rows.map((r) => [r.kind, r.state])).toEqual([
      ["DELIVERED", "SENT"],
      ["ORDER_SHIPPED", "SENT"],
      ["TRACKING_ASSIGNED", "SENT_VIA_PLATFORM"],
    ]);

    // A late IN_TRANSIT after DELIVERED changes nothing: not polled, not mirrored, not applied.
    const intentsBefore = await world.test.db.pushIntent.count();
    await standIns.easypost.advance(number, "IN_TRANSIT", T.late);
    expect(await jobs.track(world)).toMatchObject({ checked: 0 });
    const tracker = await world.test.db.shipmentTracker.findFirstOrThrow({ where: { trackingNumber: number } });
    const viaWebhook = await trackFromCarrierWebhook(world.ctx, {
      provider: "easypost",
      result: {
        trackingNumber: number,
        carrier: "USPS",
        status: "IN_TRANSIT",
        deliveredAt: null,
        trackingUrl: null,
        checkpoints: [{ status: "IN_TRANSIT", at: T.late.toISOString(), message: "late scan", city: null, country: null }],
      },
    });
    expect(viaWebhook.applied).toBe(0);
    expect(await world.test.db.shipmentTracker.findUniqueOrThrow({ where: { id: tracker.id } })).toMatchObject({
      status: "DELIVERED",
      deliveredAt: T.delivered,
    });
    expect(await world.test.db.pushIntent.count()).toBe(intentsBefore);
    expect((await fulfillment(world, order.fulfillmentId)).status).toBe("DELIVERED");
  });
});

describe("two packages", () => {
  beforeEach(async () => {
    world = await createWorld(standIns);
  });

  test("the fulfillment is SHIPPED only when both move, and DELIVERED with the later delivery", async () => {
    const order = await placeOrder(world, [
      { sku: "TWO-A", quantity: 1 },
      { sku: "TWO-B", quantity: 1 },
    ]);
    const [first, second] = ["1Z999AA10123456784", "9400111202555842332669"];
    await ship(world, order.fulfillmentId, [first], [{ orderLineId: order.lineBySku("TWO-A").id, quantity: 1 }], "UPS");
    await ship(world, order.fulfillmentId, [second], [{ orderLineId: order.lineBySku("TWO-B").id, quantity: 1 }], "USPS");
    await jobs.push(world);
    standIns.easypost.register(first, "UPS", T.label);
    standIns.easypost.register(second, "USPS", T.label);

    await standIns.easypost.advance(first, "IN_TRANSIT", T.transit);
    expect(await jobs.track(world)).toMatchObject({ checked: 2, shipped: 0 });
    expect((await fulfillment(world, order.fulfillmentId)).status).toBe("PENDING_SHIPMENT");

    await standIns.easypost.advance(second, "IN_TRANSIT", T.out);
    expect(await jobs.track(world)).toMatchObject({ shipped: 1 });
    expect((await fulfillment(world, order.fulfillmentId)).status).toBe("SHIPPED");

    await standIns.easypost.advance(second, "DELIVERED", T.delivered);
    expect(await jobs.track(world)).toMatchObject({ delivered: 0 });
    expect((await fulfillment(world, order.fulfillmentId)).status).toBe("SHIPPED");
    await standIns.easypost.advance(first, "DELIVERED", T.late);
    expect(await jobs.track(world)).toMatchObject({ checked: 1, delivered: 1 });
    const done = await fulfillment(world, order.fulfillmentId);
    expect(done.status).toBe("DELIVERED");
    expect(done.deliveredAt).toEqual(T.late);
    // Each package's events went to its own Shopify fulfillment.
    await jobs.push(world);
    const events = shopifyEvents(world, order.platformOrderId);
    expect(events.filter((e) => e.status === "DELIVERED")).toHaveLength(2);
    expect(new Set(events.map((e) => e.fulfillmentId)).size).toBe(2);
  });

  test("a partly covered fulfillment stays PENDING_SHIPMENT however far its one package gets", async () => {
    const order = await placeOrder(world, [
      { sku: "PART-A", quantity: 1 },
      { sku: "PART-B", quantity: 1 },
    ]);
    const number = "9400100000000000000019";
    await ship(world, order.fulfillmentId, [number], [{ orderLineId: order.lineBySku("PART-A").id, quantity: 1 }]);
    standIns.easypost.register(number, "USPS", T.label);
    await standIns.easypost.advance(number, "DELIVERED", T.delivered);
    expect(await jobs.track(world)).toMatchObject({ checked: 1, shipped: 0, delivered: 0 });
    expect((await fulfillment(world, order.fulfillmentId)).status).toBe("PENDING_SHIPMENT");
  });
});

describe("what stops or changes tracking", () => {
  test("an EXPIRED tracker is no longer polled", async () => {
    world = await createWorld(standIns);
    const order = await placeOrder(world, [{ sku: "EXP-1", quantity: 1 }]);
    const number = "9400100000000000000026";
    await ship(world, order.fulfillmentId, [number], [{ orderLineId: order.lineBySku("EXP-1").id, quantity: 1 }]);
    standIns.easypost.register(number, "USPS", T.label);
    await jobs.track(world);
    await standIns.easypost.advance(number, "EXPIRED", T.transit);
    expect(await jobs.track(world)).toMatchObject({ checked: 1, expired: 1 });
    const before = standIns.easypost.requests.length;
    expect(await jobs.track(world)).toMatchObject({ checked: 0 });
    expect(standIns.easypost.requests.length).toBe(before);
    expect(await world.test.db.shipmentTracker.findFirstOrThrow({ where: { trackingNumber: number } })).toMatchObject({
      expired: true,
      status: "LABEL_CREATED",
    });
    expect((await fulfillment(world, order.fulfillmentId)).status).toBe("PENDING_SHIPMENT");
  });

  test("an EXCEPTION is flagged and shown, not a step back; the parcel then goes on", async () => {
    world = await createWorld(standIns);
    const order = await placeOrder(world, [{ sku: "EXC-1", quantity: 1 }]);
    const number = "9400100000000000000033";
    await ship(world, order.fulfillmentId, [number], [{ orderLineId: order.lineBySku("EXC-1").id, quantity: 1 }]);
    await jobs.push(world);
    standIns.easypost.register(number, "USPS", T.label);
    await standIns.easypost.advance(number, "IN_TRANSIT", T.transit);
    await jobs.track(world);
    await standIns.easypost.advance(number, "EXCEPTION", T.out);
    await jobs.track(world);
    const flagged = await world.test.db.shipmentTracker.findFirstOrThrow({ where: { trackingNumber: number } });
    expect(flagged).toMatchObject({ status: "IN_TRANSIT", flag: "EXCEPTION", flagMessage: "Delivery Exception" });
    expect((await world.test.db.shipment.findFirstOrThrow({ where: { fulfillmentId: order.fulfillmentId } })).carrierStatus).toBe("EXCEPTION");
    expect((await fulfillment(world, order.fulfillmentId)).status).toBe("SHIPPED");
    const note = await world.test.db.timelineEvent.findFirst({ where: { fulfillmentId: order.fulfillmentId, kind: "NOTE", to: "EXCEPTION" } });
    expect(note?.reason).toContain("exception");

    await standIns.easypost.advance(number, "DELIVERED", T.delivered);
    await jobs.track(world);
    expect(await world.test.db.shipmentTracker.findFirstOrThrow({ where: { trackingNumber: number } })).toMatchObject({
      status: "DELIVERED",
      flag: null,
    });
    expect((await fulfillment(world, order.fulfillmentId)).status).toBe("DELIVERED");
    await jobs.push(world);
    expect(shopifyEvents(world, order.platformOrderId).map((e) => e.status)).toEqual(["LABEL_PRINTED", "IN_TRANSIT", "FAILURE", "DELIVERED"]);
  });

  test("with LABEL_CREATED counting as shipped, the label ships the fulfillment", async () => {
    world = await createWorld(standIns, { shipOnLabelCreated: true });
    const order = await placeOrder(world, [{ sku: "LBL-1", quantity: 1 }]);
    const number = "9400100000000000000040";
    await ship(world, order.fulfillmentId, [number], [{ orderLineId: order.lineBySku("LBL-1").id, quantity: 1 }]);
    standIns.easypost.register(number, "USPS", T.label);
    expect(await jobs.track(world)).toMatchObject({ shipped: 1 });
    expect((await fulfillment(world, order.fulfillmentId)).status).toBe("SHIPPED");
  });

  test("with carrier tracking off, a fully covered fulfillment ships at once and nothing is polled", async () => {
    world = await createWorld(standIns, { carrierTracking: false });
    const order = await placeOrder(world, [{ sku: "OFF-1", quantity: 1 }]);
    const number = "9400100000000000000057";
    await ship(world, order.fulfillmentId, [number], [{ orderLineId: order.lineBySku("OFF-1").id, quantity: 1 }]);
    expect((await fulfillment(world, order.fulfillmentId)).status).toBe("SHIPPED");
    const { runs } = await trackShipments(world.ctx, { shopId: world.shopId });
    expect(runs).toEqual([]);
    expect(await world.test.db.shipmentTracker.count()).toBe(0);
  });
});

describe("the shop's choice of provider", () => {
  test("UPS parcels go to UPS directly, the rest to EasyPost; a provider without credentials is refused", async () => {
    world = await createWorld(standIns);
    await expect(setTrackingChoice(world.ctx, { shopId: world.shopId, choice: { default: "easypost", byCarrier: { FEDEX: "fedex" } } })).rejects.toThrow(
      "tracking.byCarrier.FEDEX: fedex is not set up on this installation (no credentials)",
    );
    await expect(setTrackingChoice(world.ctx, { shopId: world.shopId, choice: { default: "ups" } })).rejects.toBeInstanceOf(ValidationError);
    expect((await world.test.db.shop.findUniqueOrThrow({ where: { id: world.shopId } })).trackingChoice).toBeNull();
    await setTrackingChoice(world.ctx, { shopId: world.shopId, choice: { default: "easypost", byCarrier: { UPS: "ups" } } });

    const order = await placeOrder(world, [
      { sku: "CH-UPS", quantity: 1 },
      { sku: "CH-USPS", quantity: 1 },
    ]);
    const [upsNumber, uspsNumber] = ["1Z999AA10123456784", "9400100000000000000132"];
    await ship(world, order.fulfillmentId, [upsNumber], [{ orderLineId: order.lineBySku("CH-UPS").id, quantity: 1 }], "UPS Ground");
    await ship(world, order.fulfillmentId, [uspsNumber], [{ orderLineId: order.lineBySku("CH-USPS").id, quantity: 1 }], "USPS");
    standIns.ups.register(upsNumber, "UPS", T.label);
    standIns.easypost.register(uspsNumber, "USPS", T.label);
    await standIns.ups.advance(upsNumber, "IN_TRANSIT", T.transit);
    await standIns.easypost.advance(uspsNumber, "IN_TRANSIT", T.transit);
    const upsBefore = standIns.ups.requests.length;
    const easyBefore = standIns.easypost.requests.length;

    expect(await jobs.track(world)).toMatchObject({ checked: 2, shipped: 1, failed: 0 });
    const toUps = standIns.ups.requests.slice(upsBefore);
    const toEasyPost = standIns.easypost.requests.slice(easyBefore);
    expect(toUps.some((r) => r.path.includes(upsNumber))).toBe(true);
    expect(toEasyPost.some((r) => r.body.includes(uspsNumber))).toBe(true);
    expect(toEasyPost.some((r) => r.body.includes(upsNumber) || r.path.includes(upsNumber))).toBe(false);
    const trackers = await world.test.db.shipmentTracker.findMany({ orderBy: { trackingNumber: "asc" } });
    expect(trackers.map((t) => [t.trackingNumber, t.provider, t.status])).toEqual([
      [upsNumber, "ups", "IN_TRANSIT"],
      [uspsNumber, "easypost", "IN_TRANSIT"],
    ]);
  });
});
