// Sync and push: fulfillers' shipments are judged by the coverage rules, stored with their push
// intents, and written to the platform exactly once; replays change nothing, rejected shipments
// are never pushed, and a voided shipment's re-shipment leaves only the new tracking.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { ingestOrder } from "~/use-cases/ingestOrder";
import { pushShipments } from "~/use-cases/pushShipments";
import { sendHolds } from "~/use-cases/sendHolds";
import { syncFromWebhook } from "~/use-cases/syncFromWebhook";
import { syncShipments } from "~/use-cases/syncShipments";
import { uninstallShop } from "~/use-cases/uninstallShop";
import { createWorld, line, order, orderRow, partOf, statusChanges, type World } from "./world";

let world: World;

const o5001 = order("5001", [
  line("L1", "P-A", 2),
  line("L2", "P-A", 1, { variantId: "V-A2" }),
  line("L3", "P-B", 1),
]);

beforeEach(async () => {
  world = await createWorld();
  world.platform.putOrder(o5001);
  await ingestOrder(world.ctx, { shopId: world.shopId, order: o5001 });
  await sendHolds(world.ctx, { shopId: world.shopId });
});
afterEach(async () => {
  await world.close();
});

const sync = async (account: "alpha" | "beta") => {
  const outcome = await syncShipments(world.ctx, { shopId: world.shopId, connectionId: world.connections[account] });
  if (outcome.status !== "done") throw new Error(`sync ${outcome.status}`);
  return outcome.result.tally;
};
const push = async () => {
  const outcome = await pushShipments(world.ctx, { shopId: world.shopId });
  if (outcome.status !== "done") throw new Error(`push ${outcome.status}`);
  return outcome.result;
};

function platformView() {
  return world.platform.live("5001").map((f) => ({
    lines: f.lines.map((l) => `${l.platformLineId}x${l.quantity}`).sort(),
    tracking: f.trackingNumbers,
    carrier: f.carrier,
    url: f.trackingUrl,
  }));
}

describe("shipments from two fulfillers", () => {
  test("split shipments are stored, pushed exactly once each, and ship the order", async () => {
    const alphaPart = await partOf(world, "5001", world.connections.alpha);
    const betaPart = await partOf(world, "5001", world.connections.beta);
    // alpha ships two packages: two tracking numbers across two lines, then the rest by SKU.
    world.alpha.ship(alphaPart.id, {
      trackingNumbers: ["1Z0000000000000001", "1Z0000000000000002"],
      trackingUrl: "https://ups.example/track/1",
      lines: [
        { sku: "SKU-L1", quantity: 1 },
        { sku: "SKU-L2", quantity: 1 },
      ],
    });
    world.alpha.ship(alphaPart.id, { trackingNumbers: ["1Z0000000000000003"], lines: [{ sku: "SKU-L1", quantity: 1 }] });
    world.beta.ship(betaPart.id, {
      carrier: "USPS",
      trackingNumbers: ["9400100000000000000001"],
      lines: [{ lineId: betaPart.lines[0].orderLineId, quantity: 1 }],
    });

    expect(await sync("alpha")).toMatchObject({ accepted: 2, rejected: 0 });
    expect(await sync("beta")).toMatchObject({ accepted: 1 });
    expect(world.alpha.acknowledged).toHaveLength(2);
    expect((await orderRow(world, "5001")).shipmentState).toBe("SHIPPED");
    expect(await statusChanges(world, alphaPart.id)).toEqual([
      "->HOLD",
      "HOLD>PENDING",
      "PENDING>PENDING_SHIPMENT",
      "PENDING_SHIPMENT>SHIPPED",
    ]);
    expect((await partOf(world, "5001", world.connections.beta)).status).toBe("SHIPPED");

    const result = await push();
    expect(result.pushed).toBe(3);
    expect(platformView()).toEqual([
      {
        lines: ["L1x1", "L2x1"],
        tracking: ["1Z0000000000000001", "1Z0000000000000002"],
        carrier: "UPS",
        url: "https://ups.example/track/1",
      },
      { lines: ["L1x1"], tracking: ["1Z0000000000000003"], carrier: "UPS", url: null },
      { lines: ["L3x1"], tracking: ["9400100000000000000001"], carrier: "USPS", url: null },
    ]);
    expect(world.platform.fulfillments.every((f) => f.notifyCustomer)).toBe(true);

    // Nothing is left to push, and another sync brings nothing new.
    expect((await push()).pushed).toBe(0);
    expect(await sync("alpha")).toMatchObject({ accepted: 0, duplicate: 0 });
    expect(world.platform.count("pushShipment")).toBe(3);
    const intents = await world.test.db.pushIntent.findMany();
    expect(intents.map((i) => [i.action, i.state])).toEqual([
      ["CREATE", "DONE"],
      ["CREATE", "DONE"],
      ["CREATE", "DONE"],
    ]);
  });

  test("a partial shipment leaves the order PARTIALLY_SHIPPED and the part PENDING_SHIPMENT", async () => {
    const alphaPart = await partOf(world, "5001", world.connections.alpha);
    world.alpha.ship(alphaPart.id, { trackingNumbers: ["1ZPARTIAL"], lines: [{ sku: "SKU-L1", quantity: 1 }] });
    await sync("alpha");
    expect((await orderRow(world, "5001")).shipmentState).toBe("PARTIALLY_SHIPPED");
    expect((await partOf(world, "5001", world.connections.alpha)).status).toBe("PENDING_SHIPMENT");
    await push();
    expect(platformView()).toEqual([{ lines: ["L1x1"], tracking: ["1ZPARTIAL"], carrier: "UPS", url: null }]);
  });

  test("with carrier tracking on, a fully covered part waits in PENDING_SHIPMENT for the carrier", async () => {
    await world.test.db.shop.update({ where: { id: world.shopId }, data: { carrierTracking: true } });
    const betaPart = await partOf(world, "5001", world.connections.beta);
    world.beta.ship(betaPart.id, { trackingNumbers: ["9400CARRIER"], lines: [{ sku: "SKU-L3", quantity: 1 }] });
    await sync("beta");
    expect((await partOf(world, "5001", world.connections.beta)).status).toBe("PENDING_SHIPMENT");
  });
});

describe("coverage rules", () => {
  test("over-coverage and one item with two tracking numbers are rejected with their reasons and never pushed", async () => {
    const alphaPart = await partOf(world, "5001", world.connections.alpha);
    world.alpha.ship(alphaPart.id, { trackingNumbers: ["1ZOVER"], lines: [{ sku: "SKU-L1", quantity: 3 }] });
    world.alpha.ship(alphaPart.id, { trackingNumbers: ["1ZTWO1", "1ZTWO2"], lines: [{ sku: "SKU-L2", quantity: 1 }] });

    expect(await sync("alpha")).toMatchObject({ accepted: 0, rejected: 2 });
    const rejected = await world.test.db.shipment.findMany({ where: { shopId: world.shopId }, orderBy: { createdAt: "asc" } });
    expect(rejected.map((s) => s.state)).toEqual(["REJECTED", "REJECTED"]);
    expect(rejected[0].rejectReason).toMatch(/covers 3 but only 2 still due/);
    expect(rejected[1].rejectReason).toMatch(/2 tracking numbers need at least two different lines/);
    expect(rejected[1].rejectReason).toMatch(/need at least 2 units/);
    const events = await world.test.db.timelineEvent.findMany({ where: { kind: "SHIPMENT_REJECTED" } });
    expect(events).toHaveLength(2);

    expect(await world.test.db.pushIntent.count()).toBe(0);
    expect((await push()).pushed).toBe(0);
    expect(world.platform.count("pushShipment")).toBe(0);
    expect((await orderRow(world, "5001")).shipmentState).toBe("UNSHIPPED");
    expect((await partOf(world, "5001", world.connections.alpha)).status).toBe("PENDING");

    // The same rejected shipments reported again change nothing.
    world.alpha.amend(world.alpha.latest("alpha-shp-1").fulfillerShipmentId, {});
    expect(await sync("alpha")).toMatchObject({ duplicate: 1, rejected: 0 });
    expect(await world.test.db.timelineEvent.count({ where: { kind: "SHIPMENT_REJECTED" } })).toBe(2);
  });

  test("a SKU that is not in the fulfillment is rejected by name", async () => {
    const alphaPart = await partOf(world, "5001", world.connections.alpha);
    world.alpha.ship(alphaPart.id, { trackingNumbers: ["1ZSKU"], lines: [{ sku: "SKU-L3", quantity: 1 }] });
    await sync("alpha");
    const shipment = await world.test.db.shipment.findFirstOrThrow({ where: { shopId: world.shopId } });
    expect(shipment.state).toBe("REJECTED");
    expect(shipment.rejectReason).toBe("SKU SKU-L3 is not part of this fulfillment.");
  });

  test("a rejected shipment corrected by its fulfiller is accepted", async () => {
    const alphaPart = await partOf(world, "5001", world.connections.alpha);
    const id = world.alpha.ship(alphaPart.id, { trackingNumbers: ["1ZFIX"], lines: [{ sku: "SKU-L1", quantity: 5 }] });
    await sync("alpha");
    world.alpha.amend(id, { lines: [{ sku: "SKU-L1", quantity: 2 }] });
    expect(await sync("alpha")).toMatchObject({ accepted: 1 });
    const rows = await world.test.db.shipment.findMany({ where: { shopId: world.shopId } });
    expect(rows.map((r) => [r.state, r.rejectReason])).toEqual([["ACCEPTED", null]]);
    await push();
    expect(platformView()).toEqual([{ lines: ["L1x2"], tracking: ["1ZFIX"], carrier: "UPS", url: null }]);
  });
});

describe("replays and corrections", () => {
  test("the same shipment by webhook and by poll changes nothing the second time", async () => {
    const alphaPart = await partOf(world, "5001", world.connections.alpha);
    const id = world.alpha.ship(alphaPart.id, { trackingNumbers: ["1ZHOOK"], lines: [{ sku: "SKU-L1", quantity: 2 }] });
    const connection = await world.test.db.connection.findUniqueOrThrow({ where: { id: world.connections.alpha } });
    const hook = () =>
      new Request("http://127.0.0.1/webhooks/fixture", {
        method: "POST",
        headers: { "content-type": "application/json", "x-fixture-secret": connection.webhookSecret ?? "" },
        body: JSON.stringify({ shipmentIds: [id] }),
      });

    const first = await syncFromWebhook(world.ctx, { connectionId: connection.id, request: hook() });
    expect(first.tally).toMatchObject({ accepted: 1 });
    await push();
    const snapshot = {
      shipments: await world.test.db.shipment.count(),
      intents: await world.test.db.pushIntent.count(),
      timeline: await world.test.db.timelineEvent.count(),
    };

    expect(await sync("alpha")).toMatchObject({ accepted: 0, duplicate: 1 });
    expect((await syncFromWebhook(world.ctx, { connectionId: connection.id, request: hook() })).tally).toMatchObject({
      duplicate: 1,
    });
    await push();
    expect({
      shipments: await world.test.db.shipment.count(),
      intents: await world.test.db.pushIntent.count(),
      timeline: await world.test.db.timelineEvent.count(),
    }).toEqual(snapshot);
    expect(world.platform.count("pushShipment")).toBe(1);
  });

  test("an uninstalled shop's shipments wait (its token is revoked) and go out once it installs again", async () => {
    const alphaPart = await partOf(world, "5001", world.connections.alpha);
    world.alpha.ship(alphaPart.id, { trackingNumbers: ["1ZGONE"], lines: [{ sku: "SKU-L1", quantity: 2 }] });
    expect(await sync("alpha")).toMatchObject({ accepted: 1 });
    const shop = await world.test.db.shop.findUniqueOrThrow({ where: { id: world.shopId } });
    await uninstallShop(world.ctx, { shopDomain: shop.domain });

    // The scheduler's retry loop pushes every shop's intents (no shopId).
    const skipped = await pushShipments(world.ctx, {});
    expect(skipped).toMatchObject({ status: "done", result: { pushed: 0 } });
    expect(world.platform.count("pushShipment")).toBe(0);
    expect(await world.test.db.pushIntent.findMany({ select: { state: true, attempts: true } })).toEqual([{ state: "PENDING", attempts: 0 }]);

    await world.test.db.shop.update({ where: { id: world.shopId }, data: { uninstalledAt: null } });
    expect((await pushShipments(world.ctx, {})) ).toMatchObject({ status: "done", result: { pushed: 1 } });
    expect(platformView()).toEqual([{ lines: ["L1x2"], tracking: ["1ZGONE"], carrier: "UPS", url: null }]);
  });

  test("a webhook with a wrong secret is refused and records nothing", async () => {
    const request = new Request("http://127.0.0.1/webhooks/fixture", {
      method: "POST",
      headers: { "x-fixture-secret": "wrong" },
      body: JSON.stringify({ shipmentIds: ["x"] }),
    });
    await expect(syncFromWebhook(world.ctx, { connectionId: world.connections.alpha, request })).rejects.toThrow(/secret/);
    expect(await world.test.db.shipment.count()).toBe(0);
  });

  test("a voided shipment re-shipped ends with only the new tracking on the platform", async () => {
    const alphaPart = await partOf(world, "5001", world.connections.alpha);
    const first = world.alpha.ship(alphaPart.id, { trackingNumbers: ["1ZOLD"], lines: [{ sku: "SKU-L1", quantity: 2 }] });
    await sync("alpha");
    await push();
    expect(platformView()).toEqual([{ lines: ["L1x2"], tracking: ["1ZOLD"], carrier: "UPS", url: null }]);

    world.alpha.void(first);
    world.alpha.ship(alphaPart.id, { trackingNumbers: ["1ZNEW"], lines: [{ sku: "SKU-L1", quantity: 2 }] });
    expect(await sync("alpha")).toMatchObject({ cancelled: 1, accepted: 1 });
    expect((await push()).pushed).toBe(2);
    expect(platformView()).toEqual([{ lines: ["L1x2"], tracking: ["1ZNEW"], carrier: "UPS", url: null }]);
    expect(world.platform.fulfillments.map((f) => f.status)).toEqual(["CANCELLED", "SUCCESS"]);
  });

  test("a void re-opens coverage: the order goes back to PARTIALLY_SHIPPED until re-shipped", async () => {
    const alphaPart = await partOf(world, "5001", world.connections.alpha);
    const betaPart = await partOf(world, "5001", world.connections.beta);
    const a = world.alpha.ship(alphaPart.id, {
      trackingNumbers: ["1ZA"],
      lines: [
        { sku: "SKU-L1", quantity: 2 },
        { sku: "SKU-L2", quantity: 1 },
      ],
    });
    world.beta.ship(betaPart.id, { trackingNumbers: ["1ZB"], lines: [{ sku: "SKU-L3", quantity: 1 }] });
    await sync("alpha");
    await sync("beta");
    expect((await orderRow(world, "5001")).shipmentState).toBe("SHIPPED");

    world.alpha.void(a);
    await sync("alpha");
    expect((await orderRow(world, "5001")).shipmentState).toBe("PARTIALLY_SHIPPED");
    // The part keeps its status (the table has no way back from SHIPPED); coverage is open again.
    expect((await partOf(world, "5001", world.connections.alpha)).status).toBe("SHIPPED");
    // Voided before it was ever pushed: the CREATE is withdrawn and the platform never hears of it.
    await push();
    expect(platformView()).toEqual([{ lines: ["L3x1"], tracking: ["1ZB"], carrier: "UPS", url: null }]);

    world.alpha.ship(alphaPart.id, {
      trackingNumbers: ["1ZA2"],
      lines: [
        { sku: "SKU-L1", quantity: 2 },
        { sku: "SKU-L2", quantity: 1 },
      ],
    });
    await sync("alpha");
    expect((await orderRow(world, "5001")).shipmentState).toBe("SHIPPED");
  });

  test("new tracking for the same fulfiller shipment updates the platform's fulfillment", async () => {
    const alphaPart = await partOf(world, "5001", world.connections.alpha);
    const id = world.alpha.ship(alphaPart.id, { trackingNumbers: ["1ZTYPO"], lines: [{ sku: "SKU-L1", quantity: 2 }] });
    await sync("alpha");
    await push();
    world.alpha.amend(id, { trackingNumbers: ["1ZFIXED"], trackingUrl: "https://ups.example/1ZFIXED" });
    expect(await sync("alpha")).toMatchObject({ changed: 1 });
    await push();
    expect(platformView()).toEqual([
      { lines: ["L1x2"], tracking: ["1ZFIXED"], carrier: "UPS", url: "https://ups.example/1ZFIXED" },
    ]);
    expect(world.platform.count("pushShipment")).toBe(1);
    expect(world.platform.count("updateTracking")).toBe(1);
  });

  test("new items for the same fulfiller shipment cancel the platform's fulfillment and create the right one", async () => {
    const alphaPart = await partOf(world, "5001", world.connections.alpha);
    const id = world.alpha.ship(alphaPart.id, { trackingNumbers: ["1ZITEMS"], lines: [{ sku: "SKU-L1", quantity: 1 }] });
    await sync("alpha");
    await push();
    world.alpha.amend(id, {
      lines: [
        { sku: "SKU-L1", quantity: 1 },
        { sku: "SKU-L2", quantity: 1 },
      ],
    });
    expect(await sync("alpha")).toMatchObject({ changed: 1 });
    await push();
    expect(platformView()).toEqual([{ lines: ["L1x1", "L2x1"], tracking: ["1ZITEMS"], carrier: "UPS", url: null }]);
  });
});
