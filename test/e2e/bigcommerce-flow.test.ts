// A BigCommerce order end to end, over real HTTP everywhere: the store installs Consign through
// the real app (auth callback at the stand-in), an order created in the BigCommerce stand-in
// arrives by its webhook, is routed to a ShipStation connection, sent (sendHolds), shipped in two
// packages by the ShipStation stand-in, synced (syncShipments) and pushed (pushShipments with the
// BigCommerce adapter in the context). The BigCommerce stand-in checks every request against
// BigCommerce's OpenAPI files and applies its shipment rules (quantity not yet shipped, status).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activateConnection } from "~/use-cases/activateConnection";
import { assignProducts } from "~/use-cases/assignProducts";
import type { AppContext } from "~/use-cases/context";
import { pushShipments } from "~/use-cases/pushShipments";
import { sendHolds } from "~/use-cases/sendHolds";
import { syncShipments } from "~/use-cases/syncShipments";
import type { StandInOrder, StandInProduct } from "../../sandbox/bigcommerce";
import { type ShipStationStandIn, startShipStationStandIn } from "../../sandbox/shipstation";
import { type BcWorld, bcContext, eventually, install, startBcWorld } from "../integration/bigcommerce-app/support";

let w: BcWorld;
let ss: ShipStationStandIn;
let ctx: AppContext;
let shopId: string;
let connectionId: string;
let tray: StandInProduct;
let coaster: StandInProduct;

beforeAll(async () => {
  w = await startBcWorld();
  ss = await startShipStationStandIn({ apiKey: "ss-key", apiSecret: "ss-secret" });
  expect((await install(w)).res.status).toBe(302);
  ctx = bcContext(w, { pluginBaseUrls: { shipstation: ss.url } });
  shopId = (await w.t.db.shop.findFirstOrThrow({ where: { platform: "BIGCOMMERCE", domain: w.bc.storeHash } })).id;
  const activated = await activateConnection(ctx, {
    shopId,
    kind: "shipstation",
    title: "Warehouse (ShipStation)",
    credentials: { apiKey: "ss-key", apiSecret: "ss-secret" },
  });
  connectionId = activated.connection.id;
  tray = w.bc.store.createProduct({ name: "Walnut tray", sku: "TRAY-W" });
  coaster = w.bc.store.createProduct({ name: "Cork coaster", sku: "COAST-C" });
  await assignProducts(ctx, { shopId, connectionId, products: [{ productId: String(tray.id) }, { productId: String(coaster.id) }] });
});

afterAll(async () => {
  await w?.bc.flushWebhooks();
  await ss?.close();
  await w?.close();
});

/** The order as Consign holds it, once its webhook has been processed. */
async function arrived(order: StandInOrder) {
  await w.bc.flushWebhooks();
  return eventually(
    () =>
      w.t.db.order.findFirst({
        where: { shopId, platformOrderId: String(order.id), fulfillments: { some: {} } },
        include: { lines: true, fulfillments: true },
      }),
    `order ${order.id} from its webhook`,
  );
}

/** Sends the order's part to ShipStation and returns ShipStation's order and our line ids by SKU. */
async function sent(order: StandInOrder) {
  const stored = await arrived(order);
  const holds = await sendHolds(ctx, { shopId });
  expect(holds.counts.failed).toBe(0);
  const part = await w.t.db.fulfillment.findFirstOrThrow({ where: { orderId: stored.id } });
  expect(part.status).toBe("PENDING");
  const ssOrder = ss.order(part.id);
  if (!ssOrder) throw new Error(`ShipStation has no order for part ${part.id}`);
  const keyOf = (sku: string) => {
    const item = ssOrder.items.find((i) => i.sku === sku);
    if (!item?.lineItemKey) throw new Error(`no ShipStation item ${sku}`);
    return item.lineItemKey;
  };
  return { stored, part, ssOrder, keyOf };
}

async function syncAndPush() {
  const sync = await syncShipments(ctx, { shopId, connectionId });
  expect(sync.status).toBe("done");
  const push = await pushShipments(ctx, { shopId });
  if (push.status !== "done") throw new Error(`push ${push.status}`);
  return { sync: sync.status === "done" ? sync.result : null, push: push.result };
}

describe("a BigCommerce order through ShipStation", () => {
  it("arrives by webhook, ships in two packages and ends as two shipments on BigCommerce with the order Shipped", async () => {
    const order = w.bc.store.createOrder({
      products: [
        { productId: tray.id, quantity: 2 },
        { productId: coaster.id, quantity: 1 },
      ],
    });
    const { stored, part, ssOrder, keyOf } = await sent(order);
    expect(stored.lines.map((l) => [l.platformLineId, l.sku, l.quantity]).sort()).toEqual(
      [
        [String(order.products[0].id), "TRAY-W", 2],
        [String(order.products[1].id), "COAST-C", 1],
      ].sort(),
    );
    expect(ssOrder.orderNumber).toBe(`#${order.id}`);

    // two packages: one tray + the coaster, then the other tray
    const shipped = await ss.shipOrder(
      ssOrder.orderId,
      [
        { items: [{ lineItemKey: keyOf("TRAY-W"), quantity: 1 }, { lineItemKey: keyOf("COAST-C"), quantity: 1 }] },
        { items: [{ lineItemKey: keyOf("TRAY-W"), quantity: 1 }] },
      ],
      { notify: false },
    );
    const tracking = shipped.shipments.map((s) => s.trackingNumber);

    const { sync, push } = await syncAndPush();
    expect(sync?.tally.accepted).toBe(2);
    expect(push).toMatchObject({ pushed: 2, failed: 0 });

    const bcOrder = w.bc.store.order(order.id);
    const byTracking = new Map(bcOrder.shipments.map((s) => [s.tracking_number, s]));
    expect([...byTracking.keys()].sort()).toEqual([...tracking].sort());
    const items = (n: string) =>
      byTracking
        .get(n)
        ?.items.map((i) => [i.order_product_id, i.quantity])
        .sort();
    expect(items(tracking[0])).toEqual(
      [
        [order.products[0].id, 1],
        [order.products[1].id, 1],
      ].sort(),
    );
    expect(items(tracking[1])).toEqual([[order.products[0].id, 1]]);
    for (const s of bcOrder.shipments) {
      expect(s.order_address_id).toBe(order.addresses[0].id);
      expect(s.shipping_provider).toBe("ups"); // the stand-in's labels are UPS
    }
    expect(bcOrder.status_id).toBe(2); // Shipped
    expect(bcOrder.products.map((p) => p.quantity_shipped)).toEqual([2, 1]);

    const after = await w.t.db.fulfillment.findUniqueOrThrow({ where: { id: part.id } });
    expect(after.status).toBe("SHIPPED");
    expect((await w.t.db.order.findUniqueOrThrow({ where: { id: stored.id } })).shipmentState).toBe("SHIPPED");

    // a second run pushes nothing again
    const again = await syncAndPush();
    expect(again.push.pushed).toBe(0);
    expect(w.bc.store.order(order.id).shipments).toHaveLength(2);
  });

  it("keeps an over-quantity shipment that BigCommerce refuses as a failed intent with BigCommerce's reason", async () => {
    const order = w.bc.store.createOrder({ products: [{ productId: tray.id, quantity: 2 }] });
    const { stored, ssOrder, keyOf } = await sent(order);
    // the merchant ships one tray by hand in the control panel meanwhile
    w.bc.store.createShipment(order.id, {
      order_address_id: order.addresses[0].id,
      tracking_number: "BYHAND1",
      shipping_provider: "",
      items: [{ order_product_id: order.products[0].id, quantity: 1 }],
    });
    await ss.shipOrder(ssOrder.orderId, [{ items: [{ lineItemKey: keyOf("TRAY-W"), quantity: 2 }] }], { notify: false });

    const { push } = await syncAndPush();
    expect(push).toMatchObject({ pushed: 0, failed: 1 });
    const intent = await w.t.db.pushIntent.findFirstOrThrow({ where: { shopId, shipment: { order: { platformOrderId: String(order.id) } } } });
    expect(intent.state).toBe("FAILED");
    expect(intent.action).toBe("CREATE");
    expect(intent.lastError).toMatch(/more than the quantity not yet shipped/);
    const failure = await w.t.db.timelineEvent.findFirst({ where: { shopId, kind: "PUSH_FAILED", orderId: stored.id } });
    expect(failure?.reason).toMatch(/The platform refused this shipment: .*not yet shipped/);
    // nothing of it reached BigCommerce, and a later run does not try again
    expect(w.bc.store.order(order.id).shipments.map((s) => s.tracking_number)).toEqual(["BYHAND1"]);
    expect((await pushShipments(ctx, { shopId })).status).toBe("done");
    expect(w.bc.store.order(order.id).shipments).toHaveLength(1);
  });

  it("waits out a throttled store and pushes everything", async () => {
    const order = w.bc.store.createOrder({
      products: [
        { productId: tray.id, quantity: 1 },
        { productId: coaster.id, quantity: 2 },
      ],
    });
    const { ssOrder, keyOf } = await sent(order);
    await ss.shipOrder(
      ssOrder.orderId,
      [
        { items: [{ lineItemKey: keyOf("TRAY-W"), quantity: 1 }] },
        { items: [{ lineItemKey: keyOf("COAST-C"), quantity: 1 }] },
        { items: [{ lineItemKey: keyOf("COAST-C"), quantity: 1 }] },
      ],
      { notify: false },
    );
    await w.bc.flushWebhooks();
    // three requests per 1.5 s window: each push needs about three
    w.bc.setRateLimit({ quota: 3, windowMs: 1_500 });
    const throttledBefore = w.bc.requests.filter((r) => r.status === 429).length;
    try {
      const { push } = await syncAndPush();
      expect(push).toMatchObject({ pushed: 3, failed: 0, retried: 0 });
    } finally {
      w.bc.setRateLimit({ quota: 150, windowMs: 30_000 });
    }
    expect(w.bc.requests.filter((r) => r.status === 429).length).toBeGreaterThan(throttledBefore);
    const bcOrder = w.bc.store.order(order.id);
    expect(bcOrder.shipments).toHaveLength(3);
    expect(bcOrder.status_id).toBe(2);
  }, 60_000);
});
