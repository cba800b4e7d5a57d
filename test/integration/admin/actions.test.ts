// The admin's actions over HTTP: each validates its input, a bad input gets a 400/409/422 that
// names the field or says why, and changes nothing; a good one does what it says. Fulfillers are
// activated against the ShipStation stand-in, so the live credential check is real.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startShipStationStandIn } from "../../../sandbox/shipstation";
import { textOf } from "./html";
import { type AdminWorld, startAdminWorld } from "./support";

let w: AdminWorld;
let shipstation: Awaited<ReturnType<typeof startShipStationStandIn>>;

beforeAll(async () => {
  shipstation = await startShipStationStandIn({ apiKey: "ss-key-123456", apiSecret: "ss-secret-123456" });
  w = await startAdminWorld({ CONSIGN_PLUGIN_BASE_URLS: `shipstation=${shipstation.url}` });
});

afterAll(async () => {
  await w?.close();
  await shipstation?.close();
});

const shopA = () => w.tdb.db.shop.findUniqueOrThrow({ where: { id: w.a.shop.id } });

describe("settings", () => {
  it("refuses a schedule that is not a 5-field cron expression, naming the field, and saves nothing", async () => {
    const before = await shopA();
    for (const holdSchedule of ["61 * * * *", "every hour", "*/10 * * * * *"]) {
      const res = await w.post("/app/settings", { holdSchedule, holdDelayMinutes: "15", carrierTracking: "on" });
      expect(res.status, holdSchedule).toBe(400);
      expect(textOf(res.text), holdSchedule).toContain("Not a valid schedule");
    }
    expect(await shopA()).toEqual(before);
  });

  it("refuses a negative, fractional or missing delay", async () => {
    const before = await shopA();
    for (const holdDelayMinutes of ["-5", "1.5", "soon", "99999"]) {
      const res = await w.post("/app/settings", { holdSchedule: "0 * * * *", holdDelayMinutes });
      expect(res.status, holdDelayMinutes).toBe(400);
    }
    expect(await shopA()).toEqual(before);
  });

  it("saves valid settings, unchecked boxes as off", async () => {
    const res = await w.post("/app/settings", {
      holdSchedule: "  */15   * * * * ",
      holdDelayMinutes: "30",
      carrierTracking: "on",
      shipOnLabelCreated: "on",
    });
    expect(res.status).toBe(200);
    expect(await shopA()).toMatchObject({
      holdSchedule: "*/15 * * * *",
      holdDelayMinutes: 30,
      carrierTracking: true,
      shipOnLabelCreated: true,
      notifyCustomers: false,
    });
  });
});

describe("activating a fulfiller", () => {
  const count = () => w.tdb.db.connection.count({ where: { shopId: w.a.shop.id } });

  it("shows a missing credential under its field and saves nothing", async () => {
    const n = await count();
    const res = await w.post("/app/fulfillers/shipstation", { title: "ShipStation", "credentials.apiKey": "ss-key-123456", "credentials.apiSecret": "" });
    expect(res.status).toBe(400);
    expect(textOf(res.text)).toContain("API Secret: Enter the API secret");
    expect(await count()).toBe(n);
  });

  it("shows a key the fulfiller refuses as a clear banner and saves nothing", async () => {
    const n = await count();
    const res = await w.post("/app/fulfillers/shipstation", { "credentials.apiKey": "wrong-key", "credentials.apiSecret": "wrong-secret" });
    expect(res.status).toBe(422);
    const text = textOf(res.text);
    expect(text).toContain("ShipStation did not accept these credentials");
    expect(text).toContain("ShipStation rejected these credentials");
    expect(await count()).toBe(n);
  });

  it("creates the connection with the right key, encrypted, and opens it", async () => {
    const res = await w.post("/app/fulfillers/shipstation", {
      title: "ShipStation East",
      "credentials.apiKey": "ss-key-123456",
      "credentials.apiSecret": "ss-secret-123456",
    });
    expect(res.status).toBe(302);
    const created = await w.tdb.db.connection.findFirstOrThrow({ where: { shopId: w.a.shop.id, kind: "shipstation" } });
    expect(created.title).toBe("ShipStation East");
    expect(created.credentialsEnc).not.toContain("ss-secret-123456");
    const page = await w.get(`/app/connections/${created.id}`);
    expect(page.status).toBe(200);
    expect(textOf(page.text)).toContain("••••3456");
    expect(page.text).not.toContain("ss-secret-123456");
  });

  it("sends a test order and shows the fulfiller's answer", async () => {
    const created = await w.tdb.db.connection.findFirstOrThrow({ where: { shopId: w.a.shop.id, kind: "shipstation" } });
    const res = await w.post(`/app/connections/${created.id}`, { intent: "test" });
    expect(res.status).toBe(200);
    expect(textOf(res.text)).toContain("ShipStation East accepted the test order");
    shipstation.failNextSubmit("The ship-to country is not supported.");
    const refused = await w.post(`/app/connections/${created.id}`, { intent: "test" });
    expect(refused.status).toBe(200);
    expect(textOf(refused.text)).toContain("The ship-to country is not supported.");
  });

  it("replaces credentials only when the fulfiller accepts them", async () => {
    const created = await w.tdb.db.connection.findFirstOrThrow({ where: { shopId: w.a.shop.id, kind: "shipstation" } });
    const res = await w.post(`/app/connections/${created.id}`, {
      intent: "credentials",
      "credentials.apiKey": "ss-key-123456",
      "credentials.apiSecret": "not-the-secret",
    });
    expect(res.status).toBe(422);
    const after = await w.tdb.db.connection.findUniqueOrThrow({ where: { id: created.id } });
    expect(after.credentialsEnc).toBe(created.credentialsEnc);
  });

  it("assigns all products to it, then deactivates it (which clears the default)", async () => {
    const created = await w.tdb.db.connection.findFirstOrThrow({ where: { shopId: w.a.shop.id, kind: "shipstation" } });
    expect((await w.post(`/app/connections/${created.id}`, { intent: "default" })).status).toBe(200);
    expect((await shopA()).defaultConnectionId).toBe(created.id);
    expect((await w.post(`/app/connections/${created.id}`, { intent: "deactivate" })).status).toBe(200);
    expect((await w.tdb.db.connection.findUniqueOrThrow({ where: { id: created.id } })).active).toBe(false);
    expect((await shopA()).defaultConnectionId).toBeNull();
    const again = await w.post(`/app/connections/${created.id}`, { intent: "default" });
    expect(again.status).toBe(409);
    expect((await shopA()).defaultConnectionId).toBeNull();
    await w.post(`/app/connections/${w.a.connectionId}`, { intent: "default" });
  });

  it("refuses an unknown intent", async () => {
    const res = await w.post(`/app/connections/${w.a.connectionId}`, { intent: "explode" });
    expect(res.status).toBe(400);
  });
});

describe("the manual shipment form", () => {
  const shipments = () => w.tdb.db.shipment.count({ where: { orderId: w.a.orders.partial.id } });

  it("refuses more units than are still due, naming the line, and stores nothing", async () => {
    const [mug] = await w.tdb.db.orderLine.findMany({ where: { orderId: w.a.orders.partial.id }, orderBy: { platformLineId: "asc" } });
    const n = await shipments();
    const res = await w.post(`/app/orders/${w.a.orders.partial.id}`, {
      intent: "ship",
      fulfillmentId: w.a.orders.partial.fulfillmentId,
      carrier: "UPS",
      trackingNumbers: "1ZMANUAL0001",
      [`qty.${mug.id}`]: "5",
    });
    expect(res.status).toBe(400);
    expect(textOf(res.text)).toMatch(/Units of Stoneware mug [^.]*the shipment covers 5 but only 1 still due/);
    expect(await shipments()).toBe(n);
  });

  it("refuses several tracking numbers for a single item, under the tracking field", async () => {
    const [mug] = await w.tdb.db.orderLine.findMany({ where: { orderId: w.a.orders.partial.id }, orderBy: { platformLineId: "asc" } });
    const n = await shipments();
    const res = await w.post(`/app/orders/${w.a.orders.partial.id}`, {
      intent: "ship",
      fulfillmentId: w.a.orders.partial.fulfillmentId,
      trackingNumbers: "1ZA0001, 1ZA0002",
      [`qty.${mug.id}`]: "1",
    });
    expect(res.status).toBe(400);
    expect(textOf(res.text)).toContain("Tracking number(s) 2 tracking numbers need at least two different lines");
    expect(await shipments()).toBe(n);
  });

  it("refuses a malformed quantity, a bad URL and a shipment with no line", async () => {
    const [mug] = await w.tdb.db.orderLine.findMany({ where: { orderId: w.a.orders.partial.id }, orderBy: { platformLineId: "asc" } });
    const n = await shipments();
    const base = { intent: "ship", fulfillmentId: w.a.orders.partial.fulfillmentId, trackingNumbers: "1ZMANUAL0002" };
    expect((await w.post(`/app/orders/${w.a.orders.partial.id}`, { ...base, [`qty.${mug.id}`]: "one" })).status).toBe(400);
    const badUrl = await w.post(`/app/orders/${w.a.orders.partial.id}`, { ...base, trackingUrl: "ftp://x", [`qty.${mug.id}`]: "1" });
    expect(badUrl.status).toBe(400);
    expect(textOf(badUrl.text)).toContain("must start with http:// or https://");
    expect((await w.post(`/app/orders/${w.a.orders.partial.id}`, { ...base })).status).toBe(400);
    expect(await shipments()).toBe(n);
  });

  it("records a valid shipment and the order's coverage follows", async () => {
    const lines = await w.tdb.db.orderLine.findMany({ where: { orderId: w.a.orders.partial.id }, orderBy: { platformLineId: "asc" } });
    const res = await w.post(`/app/orders/${w.a.orders.partial.id}`, {
      intent: "ship",
      fulfillmentId: w.a.orders.partial.fulfillmentId,
      carrier: "UPS",
      trackingNumbers: "1ZMANUAL0003, 1ZMANUAL0004",
      [`qty.${lines[0].id}`]: "1",
      [`qty.${lines[1].id}`]: "1",
    });
    expect(res.status).toBe(200);
    const order = await w.tdb.db.order.findUniqueOrThrow({ where: { id: w.a.orders.partial.id } });
    expect(order.shipmentState).toBe("SHIPPED");
    const page = textOf((await w.get(`/app/orders/${w.a.orders.partial.id}`)).text);
    expect(page).toMatch(/Stoneware mug .*2 of 2 shipped/);
    expect(page).toContain("1ZMANUAL0004");
  });
});

describe("resend and cancel", () => {
  const status = async (id: string) => (await w.tdb.db.fulfillment.findUniqueOrThrow({ where: { id } })).status;

  it("refuses to resend what did not fail, and changes nothing", async () => {
    const id = w.a.orders.held[0].fulfillmentId;
    const res = await w.post("/app/fulfillments", { intent: "resend", ids: id });
    expect(res.status).toBe(409);
    expect(textOf(res.text)).toContain("Only a FAILED fulfillment can be resent");
    expect(await status(id)).toBe("HOLD");
  });

  it("refuses an empty selection and an unknown intent", async () => {
    expect((await w.post("/app/fulfillments", { intent: "resend", ids: "" })).status).toBe(400);
    expect((await w.post("/app/fulfillments", { intent: "ship", ids: w.a.orders.held[0].fulfillmentId })).status).toBe(400);
  });

  it("resends a failed one to hold and cancels a held one, both on the timeline", async () => {
    expect((await w.post("/app/fulfillments", { intent: "resend", ids: w.a.orders.failed.fulfillmentId })).status).toBe(200);
    expect(await status(w.a.orders.failed.fulfillmentId)).toBe("HOLD");
    const cancel = await w.post("/app/fulfillments", { intent: "cancel", ids: w.a.orders.held[1].fulfillmentId, reason: "Out of stock" });
    expect(cancel.status).toBe(200);
    expect(await status(w.a.orders.held[1].fulfillmentId)).toBe("CANCELLED");
    const event = await w.tdb.db.timelineEvent.findFirstOrThrow({
      where: { fulfillmentId: w.a.orders.held[1].fulfillmentId, to: "CANCELLED" },
    });
    expect(event).toMatchObject({ reason: "Out of stock", actor: "user:sandbox" });
  });

  it("refuses to cancel what is already shipped", async () => {
    const id = w.a.orders.shipped.fulfillmentId;
    const res = await w.post(`/app/orders/${w.a.orders.shipped.id}`, { intent: "cancel", fulfillmentId: id });
    expect(res.status).toBe(409);
    expect(await status(id)).toBe("SHIPPED");
  });
});

describe("assigning products", () => {
  const items = JSON.stringify([
    { productId: "gid://shopify/Product/77", variantId: "gid://shopify/ProductVariant/770", sku: "PIN-77" },
    { productId: "gid://shopify/Product/77", variantId: "gid://shopify/ProductVariant/771", sku: "PIN-78" },
  ]);
  const assigned = () => w.tdb.db.assignment.findMany({ where: { shopId: w.a.shop.id }, orderBy: { variantId: "asc" } });

  it("refuses malformed selections and changes nothing", async () => {
    const before = await assigned();
    // The product list itself comes from the store (not started here): post as the page's fetcher does.
    expect((await w.postData("/app/products", { connectionId: w.a.connectionId, items: "not json" })).status).toBe(400);
    expect((await w.postData("/app/products", { connectionId: w.a.connectionId, items: "[]" })).status).toBe(400);
    expect((await w.postData("/app/products", { connectionId: w.a.connectionId, items: '[{"productId":""}]' })).status).toBe(400);
    expect(await assigned()).toEqual(before);
  });

  it("assigns several variants at once, and gives them back to the default", async () => {
    expect((await w.postData("/app/products", { connectionId: w.a.connectionId, items })).status).toBe(200);
    expect((await assigned()).map((a) => [a.variantId, a.connectionId, a.sku])).toEqual([
      ["gid://shopify/ProductVariant/770", w.a.connectionId, "PIN-77"],
      ["gid://shopify/ProductVariant/771", w.a.connectionId, "PIN-78"],
    ]);
    const back = await w.postData("/app/products", { connectionId: "default", items });
    expect(back.status).toBe(200);
    expect(back.text).toContain("2 assignments removed; the default applies.");
    expect(await assigned()).toEqual([]);
  });
});
