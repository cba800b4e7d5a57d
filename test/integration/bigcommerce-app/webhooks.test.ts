// POST /webhooks/bigcommerce over HTTP through the real app, fed by the stand-in's own deliveries
// (the hooks the install registered, with their custom header): the per-store secret (wrong →
// 401, nothing changes), dedupe of a repeated event, the order fetched through the adapter and
// ingested, cancellation, the answer within the time budget when BigCommerce is slow, uninstall.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activateConnection } from "~/use-cases/activateConnection";
import type { AppContext } from "~/use-cases/context";
import { setDefaultConnection } from "~/use-cases/setDefaultConnection";
import type { Delivery } from "../../../sandbox/bigcommerce";
import { type BcWorld, bcContext, eventually, install, SECRET_HEADER, startBcWorld } from "./support";

let w: BcWorld;
let ctx: AppContext;
let shopId: string;
let connectionId: string;

beforeAll(async () => {
  w = await startBcWorld();
  expect((await install(w)).res.status).toBe(302);
  ctx = bcContext(w);
  shopId = (await w.t.db.shop.findFirstOrThrow({ where: { platform: "BIGCOMMERCE", domain: "standin1" } })).id;
  connectionId = (await activateConnection(ctx, { shopId, kind: "manual", title: "Our warehouse", credentials: {} })).connection.id;
  await setDefaultConnection(ctx, { shopId, connectionId });
});
afterAll(async () => {
  await w?.close();
});

function post(body: string, headers: Record<string, string>) {
  return fetch(`${w.app.url}/webhooks/bigcommerce`, { method: "POST", headers, body });
}

/** Sends a delivery again exactly as the stand-in sent it (BigCommerce's retry of one event). */
function redeliver(d: Delivery, headers: Record<string, string> = d.headers) {
  return post(JSON.stringify(d.payload), headers);
}

async function delivered(scope: string, orderId: number): Promise<Delivery> {
  await w.bc.flushWebhooks();
  const d = w.bc.deliveries.find((x) => x.scope === scope && (x.payload.data as { id?: number }).id === orderId);
  if (!d) throw new Error(`no ${scope} delivery of order ${orderId}`);
  return d;
}

/** GET /v2/orders/{id} calls so far (the order itself, not its sub-resources). */
const ordersFetched = (id: number) =>
  w.bc.requests.filter((r) => r.method === "GET" && r.api === "v2" && r.path.split("?")[0] === `/orders/${id}`).length;

async function state() {
  return JSON.stringify({
    orders: await w.t.db.order.findMany({ include: { lines: true, fulfillments: true }, orderBy: { createdAt: "asc" } }),
    receipts: await w.t.db.webhookReceipt.count(),
    timeline: await w.t.db.timelineEvent.count(),
    shops: await w.t.db.shop.findMany({ select: { id: true, uninstalledAt: true } }),
  });
}

function newOrder(quantity = 2) {
  const product = w.bc.store.createProduct({ name: "Walnut tray", sku: "TRAY-1" });
  return w.bc.store.createOrder({ products: [{ productId: product.id, quantity }] });
}

describe("POST /webhooks/bigcommerce", () => {
  it("fetches the order a store/order/created delivery names and routes it into a held fulfillment", async () => {
    const order = newOrder(2);
    const d = await delivered("store/order/created", order.id);
    expect(d.status).toBe(200);
    const stored = await eventually(
      () => w.t.db.order.findFirst({ where: { shopId, platformOrderId: String(order.id) }, include: { lines: true, fulfillments: { include: { lines: true } } } }),
      "the order",
    );
    expect(stored.name).toBe(`#${order.id}`);
    expect(stored.lines.map((l) => [l.platformLineId, l.sku, l.quantity])).toEqual([[String(order.products[0].id), "TRAY-1", 2]]);
    expect(stored.fulfillments.map((f) => [f.connectionId, f.status, f.lines[0]?.quantity])).toEqual([[connectionId, "HOLD", 2]]);
    expect(await w.t.db.webhookReceipt.count({ where: { source: "bigcommerce", topic: "store/order/created" } })).toBeGreaterThanOrEqual(1);
  });

  it("answers a repeated delivery of one event 200 and changes nothing, without asking BigCommerce again", async () => {
    const order = newOrder(1);
    const d = await delivered("store/order/created", order.id);
    await eventually(() => w.t.db.order.findFirst({ where: { shopId, platformOrderId: String(order.id) } }), "the order");
    const before = await state();
    const fetches = ordersFetched(order.id);
    const res = await redeliver(d);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(""); // no response bodies (notes/bigcommerce.md §4)
    expect(await state()).toBe(before);
    expect(ordersFetched(order.id)).toBe(fetches);
  });

  it("refuses a delivery with a wrong, missing or other store's secret with 401 and changes nothing", async () => {
    w.bc.addStore({ hash: "otherstore" });
    expect((await install(w, { storeHash: "otherstore" })).res.status).toBe(302);
    const otherSecret = Object.values([...w.bc.getStore("otherstore")!.hooks.values()][0].headers ?? {})[0];
    const order = newOrder(1);
    const d = await delivered("store/order/created", order.id);
    await eventually(() => w.t.db.order.findFirst({ where: { shopId, platformOrderId: String(order.id) } }), "the order");
    // another event of the same order, which the real secret would have let in
    const updated = { ...d.payload, scope: "store/order/updated", created_at: Number(d.payload.created_at) + 7 };
    const before = await state();
    const fetches = ordersFetched(order.id);
    const withoutSecret = Object.fromEntries(Object.entries(d.headers).filter(([k]) => k.toLowerCase() !== SECRET_HEADER));
    for (const [name, headers] of [
      ["wrong", { ...withoutSecret, [SECRET_HEADER]: "x".repeat(43) }],
      ["missing", withoutSecret],
      ["another store's", { ...withoutSecret, [SECRET_HEADER]: otherSecret }],
    ] as const) {
      const res = await post(JSON.stringify(updated), headers);
      expect(res.status, name).toBe(401);
    }
    expect((await post("not json", d.headers)).status).toBe(401);
    expect(await state()).toBe(before);
    expect(ordersFetched(order.id)).toBe(fetches);
  });

  it("answers a malformed payload with the right secret 400, naming the field", async () => {
    const d = w.bc.deliveries.find((x) => x.scope === "store/order/created")!;
    const before = await state();
    const res = await redeliver({ ...d, payload: { ...d.payload, data: { type: "order", id: "twelve" } } });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/^data\.id: /);
    expect(await state()).toBe(before);
  });

  it("takes a later update of the same order (same hash, later event) and sees the refund", async () => {
    const order = newOrder(3);
    await delivered("store/order/created", order.id);
    await eventually(() => w.t.db.order.findFirst({ where: { shopId, platformOrderId: String(order.id) } }), "the order");
    await new Promise((resolve) => setTimeout(resolve, 1100)); // a later second: created_at differs
    w.bc.store.refund(order.id, order.products[0].id, 1);
    const updates = await eventually(async () => {
      await w.bc.flushWebhooks();
      return w.bc.deliveries.filter((x) => x.scope === "store/order/updated" && (x.payload.data as { id: number }).id === order.id);
    }, "the update").then((list) => list.at(-1)!);
    expect(updates.status).toBe(200);
    const line = await eventually(
      () => w.t.db.orderLine.findFirst({ where: { shopId, order: { platformOrderId: String(order.id) }, cancelledQuantity: 1 } }),
      "the refunded unit",
    );
    expect(line.quantity).toBe(3);
  });

  it("cancels the order's open fulfillments when its status moves to Cancelled", async () => {
    const order = newOrder(1);
    await delivered("store/order/created", order.id);
    await eventually(() => w.t.db.fulfillment.findFirst({ where: { shopId, order: { platformOrderId: String(order.id) } } }), "the part");
    w.bc.store.updateOrderStatus(order.id, 5);
    await w.bc.flushWebhooks();
    const status = w.bc.deliveries.find((x) => x.scope === "store/order/statusUpdated" && (x.payload.data as { id: number }).id === order.id);
    expect(status?.status).toBe(200);
    const part = await eventually(
      () => w.t.db.fulfillment.findFirst({ where: { shopId, order: { platformOrderId: String(order.id) }, status: "CANCELLED" } }),
      "the cancelled part",
    );
    const cancelled = await w.t.db.order.findUniqueOrThrow({ where: { id: part.orderId } });
    expect(cancelled.cancelledAt).toBeInstanceOf(Date);
  });

  it("keeps an order awaiting payment unrouted, and routes it when BigCommerce says payment is confirmed", async () => {
    const product = w.bc.store.createProduct({ name: "Walnut tray", sku: "TRAY-1" });
    const order = w.bc.store.createOrder({ products: [{ productId: product.id, quantity: 1 }], statusId: 7 });
    await delivered("store/order/created", order.id);
    const stored = await eventually(() => w.t.db.order.findFirst({ where: { shopId, platformOrderId: String(order.id) } }), "the order");
    expect(await w.t.db.fulfillment.count({ where: { orderId: stored.id } })).toBe(0);
    expect(await w.t.db.timelineEvent.findMany({ where: { orderId: stored.id, kind: "NOTE" }, select: { reason: true } })).toEqual([
      { reason: "Not sent to a fulfiller yet: BigCommerce status Awaiting Payment." },
    ]);

    w.bc.store.updateOrderStatus(order.id, 11); // Awaiting Fulfillment: checkout complete, payment confirmed
    await w.bc.flushWebhooks();
    const part = await eventually(() => w.t.db.fulfillment.findFirst({ where: { orderId: stored.id }, include: { lines: true } }), "the part");
    expect([part.connectionId, part.status, part.lines[0]?.quantity]).toEqual([connectionId, "HOLD", 1]);
  });

  it("answers within its budget when BigCommerce is slow, and finishes the order after the answer", async () => {
    w.bc.injectFault({ kind: "latency", ms: 3_500, method: "GET", path: /^\/orders\/\d+$/ });
    const started = Date.now();
    const order = newOrder(1);
    await w.bc.flushWebhooks();
    const d = await delivered("store/order/created", order.id);
    expect(d.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3_200);
    await eventually(() => w.t.db.order.findFirst({ where: { shopId, platformOrderId: String(order.id) } }), "the slow order", 8_000);
  });

  it("records a store/shipment/created delivery and changes nothing else", async () => {
    const order = newOrder(1);
    await delivered("store/order/created", order.id);
    await eventually(() => w.t.db.order.findFirst({ where: { shopId, platformOrderId: String(order.id) } }), "the order");
    const before = await w.t.db.fulfillment.findMany({ where: { shopId }, orderBy: { id: "asc" } });
    w.bc.store.createShipment(order.id, {
      order_address_id: order.addresses[0].id,
      tracking_number: "1Z999",
      items: [{ order_product_id: order.products[0].id, quantity: 1 }],
    });
    await w.bc.flushWebhooks();
    const shipment = w.bc.deliveries.find((x) => x.scope === "store/shipment/created" && (x.payload.data as { orderId: number }).orderId === order.id);
    expect(shipment?.status).toBe(200);
    expect(await w.t.db.shipment.count({ where: { shopId } })).toBe(0);
    expect(await w.t.db.fulfillment.findMany({ where: { shopId }, orderBy: { id: "asc" } })).toEqual(before);
  });

  it("marks the store uninstalled on store/app/uninstalled", async () => {
    const template = w.bc.deliveries.find((x) => x.scope === "store/order/created")!;
    const data = { type: "store" };
    const payload = {
      scope: "store/app/uninstalled",
      store_id: template.payload.store_id,
      data,
      hash: createHash("sha1").update(JSON.stringify(data)).digest("hex"),
      created_at: Math.floor(Date.now() / 1000),
      producer: "stores/standin1",
    };
    const res = await post(JSON.stringify(payload), template.headers);
    expect(res.status).toBe(200);
    const shop = await w.t.db.shop.findUniqueOrThrow({ where: { id: shopId }, include: { bcUsers: true } });
    expect(shop.uninstalledAt).toBeInstanceOf(Date);
    expect(shop.accessTokenEnc).toBeNull();
    expect(shop.bcUsers).toEqual([]);
    // deliveries for an uninstalled store are taken and ignored
    const order = w.bc.store.createOrder({ products: [{ name: "Late", quantity: 1 }] });
    await w.bc.flushWebhooks();
    expect((await delivered("store/order/created", order.id)).status).toBe(200);
    expect(await w.t.db.order.findFirst({ where: { shopId, platformOrderId: String(order.id) } })).toBeNull();
  });
});
