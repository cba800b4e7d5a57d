// The BigCommerce adapter against the BigCommerce stand-in, over real HTTP on 127.0.0.1.
import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { PlatformError, PlatformRejectedError, PlatformUnavailableError } from "~/platforms/errors";
import type { PlatformOrder, PlatformProduct, PlatformShipment } from "~/platforms/port";
import { adapterFor, forget, shopOf, specsPresent, standIn } from "./support";

function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => {
        body += c.toString("utf8");
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

const push = { notifyCustomer: true, idempotencyKey: "k1" };

function shipment(lines: [string, number][], trackingNumbers: string[], carrier: string | null = "UPS"): PlatformShipment {
  return { trackingNumbers, carrier, trackingUrl: null, method: null, lines: lines.map(([platformLineId, quantity]) => ({ platformLineId, quantity })) };
}

describe.runIf(specsPresent)("BigCommerce adapter against the stand-in", () => {
  it("lists products with their variants page by page (meta.pagination) and searches by keyword", async () => {
    const s = await standIn();
    const mug = s.store.createProduct({ name: "Coffee Mug", sku: "MUG" });
    const shirt = s.store.createProduct({
      name: "Organic Shirt",
      sku: "SHIRT",
      variants: [
        { sku: "SHIRT-S-RED", options: { Size: "S", Color: "Red" } },
        { sku: "SHIRT-M-RED", options: { Size: "M", Color: "Red" } },
      ],
    });
    for (const name of ["Poster", "Sticker", "Tote Bag"]) s.store.createProduct({ name, sku: name.toUpperCase().replace(" ", "-") });
    const bc = adapterFor(s, { productsPageSize: 2 });
    const shop = shopOf(s);

    const seen: PlatformProduct[] = [];
    const cursors: (string | null)[] = [];
    let cursor: string | null = null;
    do {
      const page = await bc.listProducts(shop, cursor);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
      cursors.push(cursor);
    } while (cursor);
    expect(cursors).toEqual(["2", "3", null]);
    expect(seen.map((p) => p.title)).toEqual(["Coffee Mug", "Organic Shirt", "Poster", "Sticker", "Tote Bag"]);
    expect(seen[0]).toEqual({ id: String(mug.id), title: "Coffee Mug", variants: [{ id: String(mug.variants[0].id), title: "Coffee Mug", sku: "MUG" }] });
    expect(seen[1].variants).toEqual([
      { id: String(shirt.variants[0].id), title: "S / Red", sku: "SHIRT-S-RED" },
      { id: String(shirt.variants[1].id), title: "M / Red", sku: "SHIRT-M-RED" },
    ]);
    const requests = s.requests.filter((r) => r.path.startsWith("/catalog/products"));
    expect(requests).toHaveLength(3);
    expect(requests[0].path).toContain("include=variants");

    const found = await bc.listProducts(shop, null, "shirt");
    expect(found.items.map((p) => p.id)).toEqual([String(shirt.id)]);
    expect(found.nextCursor).toBeNull();
    expect((await bc.listProducts(shop, null, "nothing like it")).items).toEqual([]);
  });

  it("lists orders changed since a time, oldest change first, and an empty result is BigCommerce's 204", async () => {
    const s = await standIn();
    const bc = adapterFor(s, { ordersPageSize: 1 });
    const shop = shopOf(s);

    const empty = await bc.listOrdersChangedSince(shop, null, null);
    expect(empty).toEqual({ items: [], nextCursor: null });
    const listCall = s.requests.find((r) => r.path.startsWith("/orders?"));
    expect(listCall?.status).toBe(204);
    expect(listCall?.path).toContain("sort=date_modified%3Aasc");

    const t0 = Date.parse("2026-03-01T10:00:00Z");
    const at = (s: number) => new Date(t0 + s * 1000);
    const old = s.store.createOrder({ products: [{ name: "Old", quantity: 1 }], dateCreated: at(0) });
    const a = s.store.createOrder({ products: [{ name: "A", quantity: 1 }], dateCreated: at(10) });
    const b = s.store.createOrder({ products: [{ name: "B", quantity: 1 }], dateCreated: at(20) });
    const c = s.store.createOrder({ products: [{ name: "C", quantity: 1 }], dateCreated: at(30) });

    const walk: PlatformOrder[] = [];
    let page = await bc.listOrdersChangedSince(shop, at(5).toISOString(), null);
    walk.push(...page.items);
    // A is modified while we walk: it moves to the end of the date order. Page numbers alone
    // would now skip B; the keyset cursor does not.
    s.store.touch(s.store.order(a.id), at(40));
    while (page.nextCursor) {
      page = await bc.listOrdersChangedSince(shop, at(5).toISOString(), page.nextCursor);
      walk.push(...page.items);
    }
    const ids = walk.map((o) => o.platformOrderId);
    expect(ids).toEqual([a.id, b.id, c.id, a.id].map(String));
    expect(ids).not.toContain(String(old.id));
    expect(walk[3].updatedAt).toBe(at(40).toISOString());
    expect(walk[0].lines[0].title).toBe("A");
  });

  it("maps an order: order products by order_product_id, quantities, refunds, ship-to, customer", async () => {
    const s = await standIn();
    const bc = adapterFor(s);
    const shirt = s.store.createProduct({ name: "Shirt", variants: [{ sku: "SH-M", options: { Size: "M" } }] });
    const order = s.store.createOrder({
      dateCreated: new Date("2026-02-03T04:05:06Z"),
      billingAddress: { first_name: "Ada", last_name: "Lovelace", email: "ada@example.com" },
      shippingAddresses: [{ first_name: "Ada", last_name: "Lovelace", street_1: "1 Analytical Way", city: "London", zip: "N1 1AA", country: "United Kingdom", country_iso2: "GB", state: "" }],
      products: [
        { productId: shirt.id, variantId: shirt.variants[0].id, quantity: 3, price: 20 },
        { name: "Engraving", sku: "", quantity: 1 },
        { name: "E-book", quantity: 1, type: "digital" },
      ],
    });
    const [shirtLine, custom] = order.products;
    s.store.refund(order.id, shirtLine.id, 1);

    const got = await bc.getOrder(shopOf(s), String(order.id));
    expect(got).toEqual({
      platformOrderId: String(order.id),
      name: `#${order.id}`,
      placedAt: "2026-02-03T04:05:06.000Z",
      updatedAt: expect.any(String),
      cancelledAt: null,
      customerEmail: "ada@example.com",
      customerName: "Ada Lovelace",
      shipTo: {
        name: "Ada Lovelace",
        company: null,
        address1: "1 Analytical Way",
        address2: null,
        city: "London",
        province: null,
        provinceCode: null,
        zip: "N1 1AA",
        country: "United Kingdom",
        countryCode: "GB",
        phone: "555-123-4567",
        email: "janedoe@example.com",
      },
      // the digital product never ships, so it is not a line to fulfil
      lines: [
        { platformLineId: String(shirtLine.id), productId: String(shirt.id), variantId: String(shirt.variants[0].id), sku: "SH-M", title: "Shirt", quantity: 3, cancelledQuantity: 1, unitPrice: "20.0000", shippedQuantity: 0 },
        { platformLineId: String(custom.id), productId: null, variantId: null, sku: null, title: "Engraving", quantity: 1, cancelledQuantity: 0, unitPrice: "10.0000", shippedQuantity: 0 },
      ],
      notReady: null, // Awaiting Fulfillment
    });
    // statuses of an order not to fulfil yet, in BigCommerce's words; the others are ready
    for (const [status, notReady] of [
      [0, "BigCommerce status Incomplete"],
      [7, "BigCommerce status Awaiting Payment"],
      [12, "BigCommerce status Manual Verification Required"],
      [9, null],
    ] as const) {
      s.store.updateOrderStatus(order.id, status);
      expect((await bc.getOrder(shopOf(s), String(order.id)))?.notReady).toBe(notReady);
    }
    expect(await bc.getOrder(shopOf(s), "999999")).toBeNull();
    expect(await bc.getOrder(shopOf(s), "not-a-number")).toBeNull();
  });

  it("splits an order over two shipments: items, quantities, tracking and carriers land, and the order ends Shipped", async () => {
    const s = await standIn();
    const bc = adapterFor(s);
    const shop = shopOf(s);
    const order = s.store.createOrder({ products: [{ name: "Mug", sku: "MUG", quantity: 3 }, { name: "Poster", sku: "POS", quantity: 1 }] });
    const [mug, poster] = order.products.map((p) => String(p.id));
    const ref = { platformOrderId: String(order.id) };

    const first = await bc.pushShipment(shop, ref, shipment([[mug, 2]], ["1Z999AA10123456784"], "UPS"), push);
    expect(s.store.order(order.id).status_id).toBe(3); // Partially Shipped
    const second = await bc.pushShipment(shop, ref, shipment([[mug, 1], [poster, 1]], ["9400111899223197428490"], "USPS"), push);

    const shipments = s.store.shipments(order.id);
    expect(shipments.map((x) => String(x.id))).toEqual([...first.ids, ...second.ids]);
    expect(shipments.map((x) => ({ tracking: x.tracking_number, provider: x.shipping_provider, carrier: x.tracking_carrier, items: x.items.map((i) => [i.order_product_id, i.quantity]) }))).toEqual([
      { tracking: "1Z999AA10123456784", provider: "ups", carrier: "ups", items: [[Number(mug), 2]] },
      { tracking: "9400111899223197428490", provider: "usps", carrier: "usps", items: [[Number(mug), 1], [Number(poster), 1]] },
    ]);
    const after = s.store.order(order.id);
    expect(after.products.map((p) => p.quantity_shipped)).toEqual([3, 1]);
    expect(after.status_id).toBe(2); // Shipped
    expect(after.date_shipped).not.toBeNull();
    expect((await bc.getOrder(shop, ref.platformOrderId))?.lines.map((l) => [l.platformLineId, l.shippedQuantity])).toEqual([
      [mug, 3],
      [poster, 1],
    ]);

    // the same push again (a retry, a replayed webhook) finds the shipment and creates nothing
    const again = await bc.pushShipment(shop, ref, shipment([[mug, 1], [poster, 1]], ["9400111899223197428490"], "USPS"), push);
    expect(again).toEqual(second);
    expect(await bc.findPushed(shop, ref, shipment([[mug, 2]], ["1Z999AA10123456784"]))).toEqual(first);
    expect(await bc.findPushed(shop, ref, shipment([[mug, 2]], ["1ZDIFFERENT"]))).toBeNull();
    expect(s.store.order(order.id).shipments).toHaveLength(2);
  });

  it("a shipment of more than is unshipped is refused by BigCommerce and surfaces as PlatformRejectedError", async () => {
    const s = await standIn();
    const bc = adapterFor(s);
    const order = s.store.createOrder({ products: [{ name: "Mug", quantity: 2 }] });
    const line = String(order.products[0].id);
    const ref = { platformOrderId: String(order.id) };
    await bc.pushShipment(shopOf(s), ref, shipment([[line, 1]], ["T1"]), push);

    const error = await bc.pushShipment(shopOf(s), ref, shipment([[line, 2]], ["T2"]), push).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformRejectedError);
    expect((error as PlatformRejectedError).status).toBe(400);
    expect((error as PlatformRejectedError).message).toMatch(/more than the quantity not yet shipped \(1\)/);
    expect(s.store.order(order.id).shipments).toHaveLength(1);
    expect(s.store.order(order.id).products[0].quantity_shipped).toBe(1);

    // a line that is not on the order is refused before anything is sent
    const foreign = await bc.pushShipment(shopOf(s), ref, shipment([["424242", 1]], ["T3"]), push).catch((e: unknown) => e);
    expect(foreign).toBeInstanceOf(PlatformRejectedError);
    expect((foreign as PlatformRejectedError).field).toBe("lines.0.platformLineId");
  });

  it("several tracking numbers: the first is the shipment's tracking number, all are in the comments", async () => {
    const s = await standIn();
    const bc = adapterFor(s);
    const order = s.store.createOrder({ products: [{ name: "Chair", quantity: 1 }, { name: "Table", quantity: 1 }] });
    const [chair, table] = order.products.map((p) => String(p.id));
    await bc.pushShipment(shopOf(s), { platformOrderId: String(order.id) }, shipment([[chair, 1], [table, 1]], ["1ZAAA", "1ZBBB"], "UPS"), push);
    const [only] = s.store.order(order.id).shipments;
    expect(only.tracking_number).toBe("1ZAAA");
    expect(only.comments).toBe("Tracking numbers: 1ZAAA, 1ZBBB");
  });

  it("an order that ships to two addresses gets one BigCommerce shipment per address", async () => {
    const s = await standIn();
    const bc = adapterFor(s);
    const order = s.store.createOrder({
      shippingAddresses: [{ first_name: "Home" }, { first_name: "Office" }],
      products: [
        { name: "Lamp", quantity: 1, address: 0 },
        { name: "Desk", quantity: 1, address: 1 },
      ],
    });
    const [lamp, desk] = order.products;
    const ref = await bc.pushShipment(shopOf(s), { platformOrderId: String(order.id) }, shipment([[String(lamp.id), 1], [String(desk.id), 1]], ["PKG1"], "FedEx"), push);
    expect(ref.ids).toHaveLength(2);
    const shipments = s.store.order(order.id).shipments;
    expect(shipments.map((x) => [x.order_address_id, x.items.map((i) => i.order_product_id)])).toEqual([
      [lamp.order_address_id, [lamp.id]],
      [desk.order_address_id, [desk.id]],
    ]);
    expect(s.store.order(order.id).status_id).toBe(2);
  });

  it("updates tracking of a pushed shipment in place; its items stay", async () => {
    const s = await standIn();
    const bc = adapterFor(s);
    const order = s.store.createOrder({ products: [{ name: "Mug", quantity: 2 }] });
    const line = String(order.products[0].id);
    const ref = { platformOrderId: String(order.id) };
    const pushed = await bc.pushShipment(shopOf(s), ref, shipment([[line, 2]], ["WRONG123"], "UPS"), push);
    await bc.updateTracking(shopOf(s), ref, pushed, { trackingNumbers: ["794698765432"], carrier: "FedEx", trackingUrl: "https://track.example/794698765432" }, { notifyCustomer: false });
    const [updated] = s.store.order(order.id).shipments;
    expect(String(updated.id)).toBe(pushed.ids[0]);
    expect(updated).toMatchObject({ tracking_number: "794698765432", shipping_provider: "fedex", tracking_carrier: "fedex", tracking_link: "https://track.example/794698765432" });
    expect(updated.items).toEqual([{ order_product_id: Number(line), product_id: 0, quantity: 2 }]);
    expect(s.requests.filter((r) => r.method === "POST")).toHaveLength(1);

    const gone = await bc.updateTracking(shopOf(s), ref, { ids: ["9999"] }, { trackingNumbers: ["X"], carrier: null, trackingUrl: null }, { notifyCustomer: false }).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(PlatformRejectedError);
    expect((gone as PlatformRejectedError).status).toBe(404);
  });

  it("cancelling a shipment restores the quantities and the order status (BigCommerce itself keeps Shipped)", async () => {
    const s = await standIn();
    const bc = adapterFor(s);
    const shop = shopOf(s);
    const order = s.store.createOrder({ products: [{ name: "Mug", quantity: 2 }, { name: "Poster", quantity: 1 }] });
    const [mug, poster] = order.products.map((p) => String(p.id));
    const ref = { platformOrderId: String(order.id) };
    const one = await bc.pushShipment(shop, ref, shipment([[mug, 2]], ["T-ONE"]), push);
    const two = await bc.pushShipment(shop, ref, shipment([[poster, 1]], ["T-TWO"]), push);
    expect(s.store.order(order.id).status_id).toBe(2);

    await bc.cancelShipment(shop, ref, two);
    expect(s.store.order(order.id).shipments.map((x) => String(x.id))).toEqual(one.ids);
    expect(s.store.order(order.id).products.map((p) => p.quantity_shipped)).toEqual([2, 0]);
    expect(s.store.order(order.id).status_id).toBe(3); // Partially Shipped

    await bc.cancelShipment(shop, ref, one);
    expect(s.store.order(order.id).shipments).toEqual([]);
    expect(s.store.order(order.id).products.map((p) => p.quantity_shipped)).toEqual([0, 0]);
    expect(s.store.order(order.id).status_id).toBe(11); // Awaiting Fulfillment

    // cancelling again is harmless (404 is what we want), and the units can ship again
    await bc.cancelShipment(shop, ref, one);
    await bc.pushShipment(shop, ref, shipment([[mug, 2], [poster, 1]], ["T-NEW"]), push);
    expect(s.store.order(order.id).status_id).toBe(2);
  });

  it("records delivery as Completed only when asked to; other tracking events have nowhere to go", async () => {
    const s = await standIn();
    const order = s.store.createOrder({ products: [{ name: "Mug", quantity: 1 }] });
    const ref = { platformOrderId: String(order.id) };
    const line = String(order.products[0].id);
    const plain = adapterFor(s);
    const pushed = await plain.pushShipment(shopOf(s), ref, shipment([[line, 1]], ["T1"]), push);
    const delivered = { status: "DELIVERED" as const, happenedAt: "2026-03-02T10:00:00Z" };
    await plain.recordTrackingEvent(shopOf(s), ref, pushed, delivered);
    expect(s.store.order(order.id).status_id).toBe(2);

    const completing = adapterFor(s, { completeOrderOnDelivery: true });
    await completing.recordTrackingEvent(shopOf(s), ref, pushed, { status: "IN_TRANSIT", happenedAt: "2026-03-01T10:00:00Z" });
    expect(s.store.order(order.id).status_id).toBe(2);
    await completing.recordTrackingEvent(shopOf(s), ref, pushed, delivered);
    expect(s.store.order(order.id).status_id).toBe(10);
  });

  it("waits out a throttled store (quota 2 per window) instead of failing, before and after a 429", async () => {
    const s = await standIn({ rateLimit: { quota: 2, windowMs: 400 } });
    const bc = adapterFor(s);
    const order = s.store.createOrder({ products: [{ name: "Mug", quantity: 1 }] });

    // getOrder is three requests; two getOrders need six, i.e. three windows
    const started = Date.now();
    const [x, y] = [await bc.getOrder(shopOf(s), String(order.id)), await bc.getOrder(shopOf(s), String(order.id))];
    expect(x?.lines).toHaveLength(1);
    expect(y).toEqual(x);
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    // it read X-Rate-Limit-Requests-Left: 0 and waited for the reset, so nothing was refused
    expect(s.requests.filter((r) => r.status === 429)).toEqual([]);

    // another app spends the store's quota (the quota is per store, shared by all apps: notes §5)
    s.setRateLimit({ quota: 2, windowMs: 1200 });
    const other = { headers: { "X-Auth-Token": s.accessToken, Accept: "application/json" } };
    for (let i = 0; i < 2; i++) expect((await fetch(`${s.apiBase}/stores/${s.storeHash}/v2/orders/${order.id}`, other)).status).toBe(200);
    const fresh = adapterFor(s);
    const got = await fresh.getOrder(shopOf(s), String(order.id));
    expect(got?.platformOrderId).toBe(String(order.id));
    const refused = s.requests.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused[0].path).toBe(`/orders/${order.id}`);
  });

  it("5xx and timeouts: reads are retried; a write whose outcome is unknown is not, and findPushed finds it", async () => {
    const s = await standIn();
    const bc = adapterFor(s, { timeoutMs: 300 });
    const order = s.store.createOrder({ products: [{ name: "Mug", quantity: 1 }] });
    const ref = { platformOrderId: String(order.id) };
    const shop = shopOf(s);

    s.injectFault({ kind: "status", status: 503, method: "GET", path: `/orders/${order.id}`, times: 2 });
    s.injectFault({ kind: "timeout", method: "GET", path: "/products", times: 1 });
    expect((await bc.getOrder(shop, ref.platformOrderId))?.lines).toHaveLength(1);

    // the store takes the shipment, then the answer is lost
    s.injectFault({ kind: "status", status: 502, phase: "after", method: "POST", path: "/shipments" });
    const line = String(order.products[0].id);
    const lost = await bc.pushShipment(shop, ref, shipment([[line, 1]], ["LOST-1"]), push).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(PlatformUnavailableError);
    expect((lost as PlatformUnavailableError).retryable).toBe(true);
    expect(s.store.order(order.id).shipments).toHaveLength(1);
    const found = await bc.findPushed(shop, ref, shipment([[line, 1]], ["LOST-1"]));
    expect(found).toEqual({ ids: [String(s.store.order(order.id).shipments[0].id)] });

    s.injectFault({ kind: "status", status: 500, method: "GET", times: 10 });
    const down = await adapterFor(s, { maxAttempts: 2 }).getOrder(shop, ref.platformOrderId).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(PlatformUnavailableError);
  });

  it("a wrong access token is a non-retryable PlatformError with the 401", async () => {
    const s = await standIn();
    const bc = adapterFor(s, { accessToken: async () => "not-the-token" });
    const error = await bc.listProducts(shopOf(s), null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect(error).not.toBeInstanceOf(PlatformUnavailableError);
    expect((error as PlatformError).status).toBe(401);
    expect(s.requests.at(-1)?.status).toBe(401);
  });
});

describe.runIf(specsPresent)("the BigCommerce stand-in checks requests and answers against the OpenAPI files", () => {
  it("refuses a request that breaks the spec, in BigCommerce's error shape, and changes nothing", async () => {
    const s = await standIn();
    const order = s.store.createOrder({ products: [{ name: "Mug", quantity: 1 }] });
    const base = `${s.apiBase}/stores/${s.storeHash}`;
    const headers = { "X-Auth-Token": s.accessToken, Accept: "application/json", "Content-Type": "application/json" };
    const post = (body: unknown) => fetch(`${base}/v2/orders/${order.id}/shipments`, { method: "POST", headers, body: JSON.stringify(body) });
    const item = { order_product_id: order.products[0].id, quantity: 1 };

    const wrongType = await post({ order_address_id: "first", items: [item] });
    expect(wrongType.status).toBe(400);
    expect(await wrongType.json()).toEqual([{ status: 400, message: "The field 'order_address_id' is invalid: must be integer." }]);

    const tooLong = await post({ order_address_id: order.addresses[0].id, tracking_number: "9".repeat(51), items: [item] });
    expect(tooLong.status).toBe(400);
    expect((await tooLong.json())[0].message).toMatch(/tracking_number.*50/);

    // orders.v2 requires the Accept header on every operation
    // (node:http, because fetch always adds an Accept header)
    const noAccept = await rawGet(`${base}/v2/orders/${order.id}`, { "X-Auth-Token": s.accessToken });
    expect(noAccept.status).toBe(400);
    expect(JSON.parse(noAccept.body)).toEqual([{ status: 400, message: "The required header 'accept' was not supplied." }]);

    // catalog v3: limit has maximum 250; v3 errors are objects
    const bigPage = await fetch(`${base}/v3/catalog/products?limit=500`, { headers });
    expect(bigPage.status).toBe(400);
    expect(await bigPage.json()).toMatchObject({ status: 400, title: expect.stringMatching(/'limit'.*250/), errors: { limit: expect.any(String) } });

    expect(s.store.order(order.id).shipments).toEqual([]);
  });

  it("an answer that would break the spec is not sent: the client gets a 500 and close() throws", async () => {
    const s = await standIn({ logViolations: false });
    const order = s.store.createOrder({ products: [{ name: "Mug", quantity: 1 }] });
    s.store.order(order.id).products[0].name = ""; // orderProducts.name has minLength 1
    const error = await adapterFor(s, { maxAttempts: 1 }).getOrder(shopOf(s), String(order.id)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformUnavailableError);
    expect((error as Error).message).toMatch(/broke BigCommerce's spec/);
    forget(s);
    await expect(s.close()).rejects.toThrow(/getOrderProducts/);
  });

  it("exchanges an install code for the store's token at POST /oauth2/token, once", async () => {
    const s = await standIn({ clientId: "app-id", clientSecret: "app-secret", redirectUri: "https://consign.example/auth" });
    const grant = s.authorize({ user: { id: 7, email: "owner@example.com" } });
    const exchange = (over: Record<string, string> = {}) =>
      fetch(`${s.loginBase}/oauth2/token`, {
        method: "POST",
        headers: { Accept: "application/json", "Content-Type": "application/json" },
        body: JSON.stringify({ client_id: "app-id", client_secret: "app-secret", code: grant.code, context: grant.context, scope: grant.scope, grant_type: "authorization_code", redirect_uri: "https://consign.example/auth", ...over }),
      });
    expect((await exchange({ client_secret: "wrong" })).status).toBe(401);
    expect((await exchange({ redirect_uri: "https://elsewhere.example/auth" })).status).toBe(400);
    const ok = await exchange();
    expect(ok.status).toBe(200);
    const token = await ok.json();
    expect(token).toMatchObject({ access_token: s.accessToken, context: `stores/${s.storeHash}`, scope: grant.scope, user: { id: 7, email: "owner@example.com" } });
    const products = await adapterFor(s, { accessToken: async () => token.access_token }).listProducts(shopOf(s), null);
    expect(products.items).toEqual([]);
    const reused = await exchange();
    expect(reused.status).toBe(400);
    expect((await reused.json()).error).toBe("invalid_grant");
  });
});
