// The Shopify adapter against the stand-in, over real HTTP: orders, products, pushes (split,
// partial, mixed-location, over-quantity), tracking updates, cancels, events, findPushed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PlatformRejectedError } from "~/platforms/errors";
import type { PlatformShipment } from "~/platforms/port";
import { shopifyTrackingCompany } from "~/platforms/shopify/carriers";
import { type ShopifyStandIn, startShopifyStandIn } from "../../../sandbox/shopify";
import { adapterFor, makeOrder, shopRef } from "./support";

let standIn: ShopifyStandIn;
let shopify: ReturnType<typeof adapterFor>;
const CATALOG_SHOP = "catalog.myshopify.com";

beforeAll(async () => {
  standIn = await startShopifyStandIn({ shops: [CATALOG_SHOP] });
  shopify = adapterFor(standIn);
});
afterAll(async () => {
  await standIn.close();
});

const opts = { notifyCustomer: true, idempotencyKey: "k" };
const createCalls = () => standIn.requests.filter((r) => r.fields.includes("fulfillmentCreate") && r.outcome === "ok");

function shipment(lines: { platformLineId: string; quantity: number }[], trackingNumbers: string[], carrier: string | null = "ups"): PlatformShipment {
  return { trackingNumbers, carrier, trackingUrl: null, method: "Ground", lines };
}

describe("reading", () => {
  it("getOrder maps the order, its lines and removed units", async () => {
    const { order, lineIds } = makeOrder(standIn, [
      { sku: "G-1", quantity: 3 },
      { sku: "G-2", quantity: 1 },
    ]);
    standIn.store.removeLineItemQuantity(lineIds[0]!, 1);
    const got = await shopify.getOrder(shopRef(standIn), order.id);
    expect(got).toMatchObject({
      platformOrderId: order.id,
      name: order.name,
      customerEmail: "buyer@example.com",
      customerName: "Ada Buyer",
      cancelledAt: null,
      shipTo: { name: "Ada Buyer", address1: "1 Dock Road", city: "Portland", provinceCode: "OR", zip: "97201", countryCode: "US" },
      lines: [
        { platformLineId: lineIds[0], sku: "G-1", quantity: 3, cancelledQuantity: 1, unitPrice: "12.50", title: "Product G-1" },
        { platformLineId: lineIds[1], sku: "G-2", quantity: 1, cancelledQuantity: 0 },
      ],
    });
    expect(got!.lines[0]!.variantId).toBe(order.lineItems[0]!.variantId);
    expect(got!.lines[0]!.productId).toBe(order.lineItems[0]!.productId);
    expect(await shopify.getOrder(shopRef(standIn), "gid://shopify/Order/424242")).toBeNull();
  });

  it("listOrdersChangedSince pages through the orders updated since a time", async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const ids = Array.from({ length: 5 }, (_, i) => makeOrder(standIn, [{ sku: `S-${i}`, quantity: 1 }]).order.id);
    const paged = adapterFor(standIn, { ordersPageSize: 2 });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await paged.listOrdersChangedSince(shopRef(standIn), since, cursor);
      seen.push(...page.items.map((o) => o.platformOrderId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(pages).toBeGreaterThanOrEqual(3);
    for (const id of ids) expect(seen).toContain(id);
    expect(new Set(seen).size).toBe(seen.length);
    const future = await shopify.listOrdersChangedSince(shopRef(standIn), "2099-01-01T00:00:00Z", null);
    expect(future).toEqual({ items: [], nextCursor: null });
  });

  it("listProducts pages 250 products at a time with every variant, over more than 250 variants", async () => {
    const catalog = standIn.storeFor(CATALOG_SHOP);
    // a Plus-plan restore rate (1000/s, notes/shopify.md §3) keeps this test fast; the bucket rules are the same
    standIn.setBucket({ restoreRate: 1000 }, CATALOG_SHOP);
    const big = catalog.createProduct({
      title: "Big tee",
      variants: Array.from({ length: 300 }, (_, i) => ({ title: `Size ${i}`, sku: `BIG-${i}` })),
    });
    for (let i = 0; i < 260; i++) catalog.createProduct({ title: `Small ${i}`, variants: [{ sku: `SM-${i}` }, { sku: `SM-${i}-B` }] });
    const shop = shopRef(standIn, CATALOG_SHOP);
    const requestsBefore = standIn.requests.length;
    const products = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await shopify.listProducts(shop, cursor);
      products.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(2);
    expect(products).toHaveLength(261);
    const bigOne = products.find((p) => p.id === big.id)!;
    expect(bigOne.variants).toHaveLength(300);
    expect(bigOne.variants[299]).toEqual({ id: big.variants[299]!.id, title: "Size 299", sku: "BIG-299" });
    expect(products.reduce((s, p) => s + p.variants.length, 0)).toBe(300 + 260 * 2);
    const calls = standIn.requests.slice(requestsBefore).map((r) => r.operationName);
    expect(calls.filter((n) => n === "ProductsPage")).toHaveLength(2);
    expect(calls.filter((n) => n === "VariantsOfProducts").length).toBeGreaterThanOrEqual(4);

    const filtered = await shopify.listProducts(shop, null, "title:'Big tee'");
    expect(filtered.items.map((p) => p.id)).toEqual([big.id]);
  });
});

describe("pushing shipments", () => {
  it("a split shipment: two tracking numbers across two lines in one fulfillment, carrier in Shopify's spelling", async () => {
    const { order, lineIds } = makeOrder(standIn, [
      { sku: "SP-1", quantity: 1 },
      { sku: "SP-2", quantity: 1 },
    ]);
    const ref = await shopify.pushShipment(
      shopRef(standIn),
      { platformOrderId: order.id },
      shipment(
        lineIds.map((id) => ({ platformLineId: id, quantity: 1 })),
        ["1Z999AA10123456784", "1Z999AA10123456785"],
        "UPS Ground",
      ),
      opts,
    );
    expect(ref.ids).toHaveLength(1);
    const [f] = standIn.store.listFulfillments(order.id);
    expect(f!.id).toBe(ref.ids[0]);
    expect(f!.trackingInfo.map((t) => [t.company, t.number])).toEqual([
      ["UPS", "1Z999AA10123456784"],
      ["UPS", "1Z999AA10123456785"],
    ]);
    expect(f!.lines.map((l) => [l.lineItemId, l.quantity])).toEqual([
      [lineIds[0], 1],
      [lineIds[1], 1],
    ]);
    expect(f!.notifyCustomer).toBe(true);
    expect(standIn.store.orderSnapshot(order.id).displayFulfillmentStatus).toBe("FULFILLED");
  });

  it("a partial quantity leaves the rest to fulfil", async () => {
    const { order, lineIds } = makeOrder(standIn, [{ sku: "PQ-1", quantity: 3 }]);
    await shopify.pushShipment(shopRef(standIn), { platformOrderId: order.id }, shipment([{ platformLineId: lineIds[0]!, quantity: 2 }], ["9400111899223197428490"], "usps"), {
      notifyCustomer: false,
      idempotencyKey: "a",
    });
    let snapshot = standIn.store.orderSnapshot(order.id);
    expect(snapshot.displayFulfillmentStatus).toBe("PARTIALLY_FULFILLED");
    expect(snapshot.lineItems[0]).toMatchObject({ fulfilledQuantity: 2, unfulfilledQuantity: 1 });
    expect(snapshot.fulfillments[0]).toMatchObject({ notifyCustomer: false, trackingInfo: [{ company: "USPS", number: "9400111899223197428490" }] });

    await shopify.pushShipment(shopRef(standIn), { platformOrderId: order.id }, shipment([{ platformLineId: lineIds[0]!, quantity: 1 }], ["9400111899223197428491"], "stamps_com"), opts);
    snapshot = standIn.store.orderSnapshot(order.id);
    expect(snapshot.displayFulfillmentStatus).toBe("FULFILLED");
    expect(snapshot.fulfillments[1]!.trackingInfo[0]!.company).toBe("USPS");
  });

  it("a mixed-location order: one fulfillmentCreate per location, two ids", async () => {
    const warehouse = standIn.store.addLocation({ name: "East warehouse" });
    const { order, lineIds } = makeOrder(standIn, [
      { sku: "ML-1", quantity: 2 },
      { sku: "ML-2", quantity: 1, locationId: warehouse.id },
    ]);
    const before = createCalls().length;
    const ref = await shopify.pushShipment(
      shopRef(standIn),
      { platformOrderId: order.id },
      shipment(
        [
          { platformLineId: lineIds[0]!, quantity: 2 },
          { platformLineId: lineIds[1]!, quantity: 1 },
        ],
        ["794644790132", "794644790133"],
        "fedex",
      ),
      opts,
    );
    expect(ref.ids).toHaveLength(2);
    expect(createCalls().length - before).toBe(2);
    const fulfillments = standIn.store.listFulfillments(order.id);
    expect(fulfillments.map((f) => f.id).sort()).toEqual([...ref.ids].sort());
    expect(fulfillments.map((f) => [f.locationId, f.lines.map((l) => [l.lineItemId, l.quantity])])).toEqual([
      [standIn.store.defaultLocationId, [[lineIds[0], 2]]],
      [warehouse.id, [[lineIds[1], 1]]],
    ]);
    for (const f of fulfillments) expect(f.trackingInfo.map((t) => `${t.company} ${t.number}`)).toEqual(["FedEx 794644790132", "FedEx 794644790133"]);

    const found = await shopify.findPushed(shopRef(standIn), { platformOrderId: order.id }, shipment(
      [
        { platformLineId: lineIds[1]!, quantity: 1 },
        { platformLineId: lineIds[0]!, quantity: 2 },
      ],
      ["794644790133", "794644790132"],
    ));
    expect(found?.ids.sort()).toEqual([...ref.ids].sort());
  });

  it("an over-quantity push is refused with Shopify's words and writes nothing", async () => {
    const { order, lineIds } = makeOrder(standIn, [{ sku: "OQ-1", quantity: 2 }]);
    const before = createCalls().length;
    const push = shopify.pushShipment(shopRef(standIn), { platformOrderId: order.id }, shipment([{ platformLineId: lineIds[0]!, quantity: 5 }], ["1Z0000000000000001"]), opts);
    await expect(push).rejects.toThrow(PlatformRejectedError);
    await expect(push).rejects.toMatchObject({ message: "Invalid fulfillment order line item quantity requested.", field: "lines.0.quantity", retryable: false });
    expect(standIn.store.listFulfillments(order.id)).toEqual([]);
    expect(createCalls().length).toBe(before);

    const unknownLine = shopify.pushShipment(shopRef(standIn), { platformOrderId: order.id }, shipment([{ platformLineId: "gid://shopify/LineItem/1", quantity: 1 }], []), opts);
    await expect(unknownLine).rejects.toMatchObject({ name: "PlatformRejectedError", field: "lines.0.platformLineId" });
    const noOrder = shopify.pushShipment(shopRef(standIn), { platformOrderId: "gid://shopify/Order/1" }, shipment([{ platformLineId: lineIds[0]!, quantity: 1 }], []), opts);
    await expect(noOrder).rejects.toMatchObject({ name: "PlatformRejectedError", field: "order" });
  });

  it("a line on hold is refused, naming the hold", async () => {
    const { order, lineIds } = makeOrder(standIn, [{ sku: "HOLD-1", quantity: 1 }]);
    standIn.store.holdFulfillmentOrder(order.fulfillmentOrders[0]!.id);
    const push = shopify.pushShipment(shopRef(standIn), { platformOrderId: order.id }, shipment([{ platformLineId: lineIds[0]!, quantity: 1 }], ["X1"]), opts);
    await expect(push).rejects.toMatchObject({ name: "PlatformRejectedError", message: expect.stringContaining("ON_HOLD") });
    expect(standIn.store.listFulfillments(order.id)).toEqual([]);
  });

  it("an unknown carrier is passed through as given, with our tracking URL", async () => {
    const { order, lineIds } = makeOrder(standIn, [{ sku: "UC-1", quantity: 1 }]);
    await shopify.pushShipment(
      shopRef(standIn),
      { platformOrderId: order.id },
      { trackingNumbers: ["ABC123"], carrier: "Bob's Courier", trackingUrl: "https://track.example.com/ABC123", method: null, lines: [{ platformLineId: lineIds[0]!, quantity: 1 }] },
      opts,
    );
    expect(standIn.store.listFulfillments(order.id)[0]!.trackingInfo).toEqual([{ company: "Bob's Courier", number: "ABC123", url: "https://track.example.com/ABC123" }]);
  });
});

describe("after the push", () => {
  it("updates tracking without notifying unless asked", async () => {
    const { order, lineIds } = makeOrder(standIn, [{ sku: "TU-1", quantity: 1 }]);
    const ref = await shopify.pushShipment(shopRef(standIn), { platformOrderId: order.id }, shipment([{ platformLineId: lineIds[0]!, quantity: 1 }], ["OLD1"]), opts);
    await shopify.updateTracking(shopRef(standIn), { platformOrderId: order.id }, ref, { trackingNumbers: ["794644790199"], carrier: "fedex_ground", trackingUrl: null }, { notifyCustomer: false });
    const [f] = standIn.store.listFulfillments(order.id);
    expect(f!.trackingInfo.map((t) => [t.company, t.number])).toEqual([["FedEx", "794644790199"]]);
    expect(f!.notifications.at(-1)).toEqual({ kind: "tracking_update", notifyCustomer: false });
    await shopify.updateTracking(shopRef(standIn), { platformOrderId: order.id }, ref, { trackingNumbers: ["794644790200"], carrier: "FedEx", trackingUrl: null }, { notifyCustomer: true });
    expect(standIn.store.listFulfillments(order.id)[0]!.notifications.at(-1)).toEqual({ kind: "tracking_update", notifyCustomer: true });
  });

  it("cancels: remaining quantity comes back, and cancelling again changes nothing", async () => {
    const { order, lineIds } = makeOrder(standIn, [{ sku: "CX-1", quantity: 2 }]);
    const ref = await shopify.pushShipment(shopRef(standIn), { platformOrderId: order.id }, shipment([{ platformLineId: lineIds[0]!, quantity: 2 }], ["1Z1"]), opts);
    expect(standIn.store.orderSnapshot(order.id).lineItems[0]!.unfulfilledQuantity).toBe(0);
    await shopify.cancelShipment(shopRef(standIn), { platformOrderId: order.id }, ref);
    const snapshot = standIn.store.orderSnapshot(order.id);
    expect(snapshot.fulfillments[0]!.status).toBe("CANCELLED");
    expect(snapshot.lineItems[0]!.unfulfilledQuantity).toBe(2);
    expect(snapshot.displayFulfillmentStatus).toBe("UNFULFILLED");
    await shopify.cancelShipment(shopRef(standIn), { platformOrderId: order.id }, ref);
    expect(standIn.store.listFulfillments(order.id)).toHaveLength(1);
    // the same shipment can go out again, against the new fulfillment order
    const again = await shopify.pushShipment(shopRef(standIn), { platformOrderId: order.id }, shipment([{ platformLineId: lineIds[0]!, quantity: 2 }], ["1Z2"]), opts);
    expect(again.ids[0]).not.toBe(ref.ids[0]);
    await expect(shopify.cancelShipment(shopRef(standIn), { platformOrderId: order.id }, { ids: ["gid://shopify/Fulfillment/1"] })).rejects.toMatchObject({
      name: "PlatformRejectedError",
      message: "Fulfillment does not exist.",
    });
  });

  it("records a tracking event on the fulfillment", async () => {
    const { order, lineIds } = makeOrder(standIn, [{ sku: "EV-1", quantity: 1 }]);
    const ref = await shopify.pushShipment(shopRef(standIn), { platformOrderId: order.id }, shipment([{ platformLineId: lineIds[0]!, quantity: 1 }], ["1Z3"]), opts);
    await shopify.recordTrackingEvent(shopRef(standIn), { platformOrderId: order.id }, ref, {
      status: "IN_TRANSIT",
      happenedAt: "2026-11-20T10:15:00.000Z",
      message: "Departed facility",
      city: "Louisville",
      country: "US",
    });
    const [f] = standIn.store.listFulfillments(order.id);
    expect(f!.displayStatus).toBe("IN_TRANSIT");
    expect(f!.inTransitAt).toBe("2026-11-20T10:15:00Z");
    expect(f!.events).toEqual([expect.objectContaining({ status: "IN_TRANSIT", happenedAt: "2026-11-20T10:15:00Z", message: "Departed facility", city: "Louisville", country: "US" })]);
  });

  it("findPushed finds an earlier push by tracking and items, and nothing else", async () => {
    const { order, lineIds } = makeOrder(standIn, [
      { sku: "FP-1", quantity: 2 },
      { sku: "FP-2", quantity: 1 },
    ]);
    const s = shipment(
      [
        { platformLineId: lineIds[0]!, quantity: 1 },
        { platformLineId: lineIds[1]!, quantity: 1 },
      ],
      ["1ZFIND1", "1ZFIND2"],
    );
    const shop = shopRef(standIn);
    expect(await shopify.findPushed(shop, { platformOrderId: order.id }, s)).toBeNull();
    const ref = await shopify.pushShipment(shop, { platformOrderId: order.id }, s, opts);
    expect(await shopify.findPushed(shop, { platformOrderId: order.id }, s)).toEqual(ref);
    expect(await shopify.findPushed(shop, { platformOrderId: order.id }, { ...s, trackingNumbers: ["1ZFIND1"] })).toBeNull();
    expect(await shopify.findPushed(shop, { platformOrderId: order.id }, { ...s, lines: [{ platformLineId: lineIds[0]!, quantity: 2 }, s.lines[1]!] })).toBeNull();
    await shopify.cancelShipment(shop, { platformOrderId: order.id }, ref);
    expect(await shopify.findPushed(shop, { platformOrderId: order.id }, s)).toBeNull();
  });
});

describe("carrier names", () => {
  it("maps common fulfiller spellings to Shopify's names and passes unknown ones through", () => {
    expect(
      ["ups", "UPS Ground", "usps", "USPS Priority Mail", "fedex", "FedEx 2Day", "fedex_ground", "dhl_express", "DHL Express Worldwide", "stamps_com", "canada_post", "ShipBob", "Bob's Courier", "", null].map(
        shopifyTrackingCompany,
      ),
    ).toEqual(["UPS", "UPS", "USPS", "USPS", "FedEx", "FedEx", "FedEx", "DHL Express", "DHL Express", "USPS", "Canada Post", "ShipBob", "Bob's Courier", null, null]);
  });
});
