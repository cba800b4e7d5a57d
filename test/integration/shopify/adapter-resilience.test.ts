// The adapter when Shopify is slow, failing or throttling: nothing dropped, nothing doubled.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PlatformUnavailableError } from "~/platforms/errors";
import type { PlatformShipment } from "~/platforms/port";
import { type ShopifyStandIn, startShopifyStandIn } from "../../../sandbox/shopify";
import { adapterFor, graphql, makeOrder, shopRef } from "./support";

let standIn: ShopifyStandIn;

beforeEach(async () => {
  standIn = await startShopifyStandIn();
});
afterEach(async () => {
  await standIn.close();
});

const opts = { notifyCustomer: false, idempotencyKey: "k" };

function oneLine(lineId: string, tracking: string, quantity = 1): PlatformShipment {
  return { trackingNumbers: [tracking], carrier: "UPS", trackingUrl: null, method: null, lines: [{ platformLineId: lineId, quantity }] };
}

const outcomes = (operationName: string) => standIn.requests.filter((r) => r.operationName === operationName).map((r) => r.fault ?? r.outcome);

describe("rate limits", () => {
  it("a throttling storm: a tiny bucket and many concurrent pushes, each lands exactly once", async () => {
    // The largest query of a push costs 533 points; the bucket holds 600, starts empty and refills
    // 150/s, so the first calls are throttled however fast or slow this machine is.
    standIn.setBucket({ size: 600, restoreRate: 150, available: 0 });
    const orders = Array.from({ length: 16 }, (_, i) => makeOrder(standIn, [{ sku: `ST-${i}`, quantity: 2 }]));
    const shopify = adapterFor(standIn);
    const refs = await Promise.all(
      orders.map(({ order, lineIds }, i) => shopify.pushShipment(shopRef(standIn), { platformOrderId: order.id }, oneLine(lineIds[0]!, `1ZSTORM${i}`, 2), opts)),
    );
    expect(standIn.requests.some((r) => r.outcome === "throttled")).toBe(true);
    orders.forEach(({ order }, i) => {
      const fulfillments = standIn.store.listFulfillments(order.id);
      expect(fulfillments.map((f) => f.id)).toEqual(refs[i]!.ids);
      expect(fulfillments[0]!.trackingInfo[0]!.number).toBe(`1ZSTORM${i}`);
      expect(standIn.store.orderSnapshot(order.id).displayFulfillmentStatus).toBe("FULFILLED");
    });
    expect(standIn.requests.filter((r) => r.operationName === "FulfillmentCreate" && r.outcome === "ok")).toHaveLength(16);
    // the client learned the bucket and kept within it afterwards
    expect(shopify.throttle.available(standIn.shop)).not.toBeNull();
  });

  it("waits out THROTTLED answers and an HTTP 429 with Retry-After", async () => {
    const { order, lineIds } = makeOrder(standIn, [{ sku: "TH-1", quantity: 1 }]);
    standIn.injectFault({ kind: "throttle", match: { operationName: "OrderFulfillmentOrders" }, times: 2 });
    standIn.injectFault({ kind: "status", status: 429, retryAfterSeconds: 0.05, match: { operationName: "FulfillmentCreate" } });
    const shopify = adapterFor(standIn);
    const ref = await shopify.pushShipment(shopRef(standIn), { platformOrderId: order.id }, oneLine(lineIds[0]!, "1ZTH1"), opts);
    expect(outcomes("OrderFulfillmentOrders")).toEqual(["throttle", "throttle", "ok"]);
    expect(outcomes("FulfillmentCreate")).toEqual(["status", "ok"]);
    expect(standIn.store.listFulfillments(order.id).map((f) => f.id)).toEqual(ref.ids);
  });
});

describe("failures", () => {
  it("retries injected 5xx answers with backoff", async () => {
    const { order, lineIds } = makeOrder(standIn, [{ sku: "5X-1", quantity: 1 }]);
    standIn.injectFault({ kind: "status", status: 502, match: { operationName: "OrderFulfillmentOrders" }, times: 2 });
    standIn.injectFault({ kind: "status", status: 503, match: { operationName: "FulfillmentCreate" } });
    const ref = await adapterFor(standIn).pushShipment(shopRef(standIn), { platformOrderId: order.id }, oneLine(lineIds[0]!, "1Z5XX"), opts);
    expect(outcomes("OrderFulfillmentOrders")).toEqual(["status", "status", "ok"]);
    // a 5xx on a mutation may hide a write: the adapter looked before it pushed again
    expect(standIn.requests.some((r) => r.operationName === "OrderFulfillments")).toBe(true);
    expect(outcomes("FulfillmentCreate")).toEqual(["status", "ok"]);
    expect(standIn.store.listFulfillments(order.id).map((f) => f.id)).toEqual(ref.ids);
  });

  it("commit then time out: the write is found, not repeated", async () => {
    const { order, lineIds } = makeOrder(standIn, [{ sku: "CT-1", quantity: 1 }]);
    standIn.injectFault({ kind: "commitThenHang", match: { field: "fulfillmentCreate" } });
    const shopify = adapterFor(standIn, { timeoutMs: 300 });
    const ref = await shopify.pushShipment(shopRef(standIn), { platformOrderId: order.id }, oneLine(lineIds[0]!, "1ZCOMMIT"), opts);
    const fulfillments = standIn.store.listFulfillments(order.id);
    expect(fulfillments).toHaveLength(1);
    expect(ref.ids).toEqual([fulfillments[0]!.id]);
    expect(outcomes("FulfillmentCreate")).toEqual(["commitThenHang"]);
  });

  it("commit then 500 on a mixed-location push: each location written once", async () => {
    const east = standIn.store.addLocation({ name: "East" });
    const { order, lineIds } = makeOrder(standIn, [
      { sku: "CM-1", quantity: 1 },
      { sku: "CM-2", quantity: 1, locationId: east.id },
    ]);
    standIn.injectFault({ kind: "commitThenStatus", status: 500, match: { field: "fulfillmentCreate" }, times: 2 });
    const ref = await adapterFor(standIn).pushShipment(
      shopRef(standIn),
      { platformOrderId: order.id },
      { trackingNumbers: ["1ZMIX"], carrier: "UPS", trackingUrl: null, method: null, lines: lineIds.map((id) => ({ platformLineId: id, quantity: 1 })) },
      opts,
    );
    const fulfillments = standIn.store.listFulfillments(order.id);
    expect(fulfillments).toHaveLength(2);
    expect([...ref.ids].sort()).toEqual(fulfillments.map((f) => f.id).sort());
  });

  it("a crash between the per-location calls: the retry reuses what landed and writes only the rest", async () => {
    const east = standIn.store.addLocation({ name: "East" });
    const { order, lineIds } = makeOrder(standIn, [
      { sku: "CR-1", quantity: 1 },
      { sku: "CR-2", quantity: 1, locationId: east.id },
    ]);
    // what the first location's call of the crashed push wrote
    await graphql(standIn, `mutation F($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { userErrors { message } } }`, {
      f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: order.fulfillmentOrders[0]!.id }], trackingInfo: { company: "UPS", numbers: ["1ZCRASH"] } },
    });
    const s: PlatformShipment = { trackingNumbers: ["1ZCRASH"], carrier: "UPS", trackingUrl: null, method: null, lines: lineIds.map((id) => ({ platformLineId: id, quantity: 1 })) };
    const shopify = adapterFor(standIn);
    expect(await shopify.findPushed(shopRef(standIn), { platformOrderId: order.id }, s)).toBeNull();
    const ref = await shopify.pushShipment(shopRef(standIn), { platformOrderId: order.id }, s, opts);
    const fulfillments = standIn.store.listFulfillments(order.id);
    expect(fulfillments).toHaveLength(2);
    expect([...ref.ids].sort()).toEqual(fulfillments.map((f) => f.id).sort());
    expect(standIn.store.orderSnapshot(order.id).displayFulfillmentStatus).toBe("FULFILLED");
  });

  it("a crash between the per-location calls of a partial shipment: the retry writes only the missing location", async () => {
    const east = standIn.store.addLocation({ name: "East" });
    const { order, lineIds } = makeOrder(standIn, [
      { sku: "CP-1", quantity: 2 },
      { sku: "CP-2", quantity: 2, locationId: east.id },
    ]);
    // the first location's call of the crashed push wrote one of its two units
    const west = order.fulfillmentOrders[0]!;
    await graphql(standIn, `mutation F($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { userErrors { message } } }`, {
      f: {
        lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: west.id, fulfillmentOrderLineItems: [{ id: west.lineItems[0]!.id, quantity: 1 }] }],
        trackingInfo: { company: "UPS", numbers: ["1ZPART"] },
      },
    });
    // units enough remain for the whole shipment again, so only a look at what landed tells
    const s: PlatformShipment = { trackingNumbers: ["1ZPART"], carrier: "UPS", trackingUrl: null, method: null, lines: lineIds.map((id) => ({ platformLineId: id, quantity: 1 })) };
    const ref = await adapterFor(standIn).pushShipment(shopRef(standIn), { platformOrderId: order.id }, s, opts);
    const fulfillments = standIn.store.listFulfillments(order.id);
    expect(fulfillments).toHaveLength(2);
    expect([...ref.ids].sort()).toEqual(fulfillments.map((f) => f.id).sort());
    expect(standIn.store.orderSnapshot(order.id).displayFulfillmentStatus).toBe("PARTIALLY_FULFILLED");
  });

  it("a query that hangs is abandoned after the timeout and asked again", async () => {
    const { order } = makeOrder(standIn, [{ sku: "HG-1", quantity: 1 }]);
    standIn.injectFault({ kind: "hang", match: { operationName: "GetOrder" } });
    const got = await adapterFor(standIn, { timeoutMs: 300 }).getOrder(shopRef(standIn), order.id);
    expect(got?.platformOrderId).toBe(order.id);
    expect(outcomes("GetOrder")).toEqual(["hang", "ok"]);
  });

  it("a call that keeps failing ends in PlatformUnavailableError and writes nothing", async () => {
    const { order, lineIds } = makeOrder(standIn, [{ sku: "KF-1", quantity: 1 }]);
    standIn.injectFault({ kind: "status", status: 503, match: { operationName: "OrderFulfillmentOrders" }, times: 10 });
    const push = adapterFor(standIn, { retry: { retries: 2, minDelayMs: 10, maxDelayMs: 20 } }).pushShipment(
      shopRef(standIn),
      { platformOrderId: order.id },
      oneLine(lineIds[0]!, "1ZFAIL"),
      opts,
    );
    await expect(push).rejects.toThrow(PlatformUnavailableError);
    await expect(push).rejects.toMatchObject({ retryable: true, status: 503 });
    expect(outcomes("OrderFulfillmentOrders")).toEqual(["status", "status", "status"]);
    expect(standIn.store.listFulfillments(order.id)).toEqual([]);
  });

  it("asks for a fresh token after a 401 and carries on", async () => {
    const expiring = standIn.issueToken({ expiring: true });
    standIn.expireToken(expiring.access_token);
    const fresh = standIn.issueToken({ expiring: true });
    const hints: (string | undefined)[] = [];
    const shopify = adapterFor(standIn, {
      accessToken: async (_shop, hint) => {
        hints.push(hint?.refused);
        return hint ? fresh.access_token : expiring.access_token;
      },
    });
    const { order } = makeOrder(standIn, [{ sku: "TK-1", quantity: 1 }]);
    expect((await shopify.getOrder(shopRef(standIn), order.id))?.platformOrderId).toBe(order.id);
    expect(hints).toEqual([undefined, expiring.access_token]);

    const refused = adapterFor(standIn, { accessToken: async () => "shpat_revoked" });
    await expect(refused.getOrder(shopRef(standIn), order.id)).rejects.toMatchObject({ name: "PlatformUnavailableError", status: 401 });
  });
});
