// The whole way of an order through a pull-type house, over HTTP: the Shopify stand-in sends
// orders/create to the app's webhook route, the order is routed by assignment to the house's
// connection, a scripted house fetches it, acknowledges it and reports two shipments through
// /api/v1, the push worker (pushShipments with the Shopify adapter, at the stand-in) writes them,
// and the store ends with those two fulfillments. The same shipment reported again is a 409 and
// changes nothing, here or in the store.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShopifyPlatform } from "~/platforms/shopify/adapter";
import { activatePullConnection } from "~/use-cases/activatePullConnection";
import { assignProducts } from "~/use-cases/assignProducts";
import type { AppContext } from "~/use-cases/context";
import { pushShipments } from "~/use-cases/pushShipments";
import { type ShopifyStandIn, startShopifyStandIn } from "../../../sandbox/shopify";
import { type AppServer, startAppServer } from "../../support/app-server";
import { createTestDb, type TestDb } from "../../support/db";
import { API_KEY, API_SECRET, installShop, SHOP, useProductionEnv } from "../shopify-app/support";
import { type Contract, type House, houseClient, loadContract, snapshot, testContext } from "./support";

let t: TestDb;
let app: AppServer;
let shopify: ShopifyStandIn;
let ctx: AppContext;
let contract: Contract;
let house: House;
let shopId: string;
let connectionId: string;

beforeAll(async () => {
  t = await createTestDb();
  useProductionEnv(t.url);
  app = await startAppServer();
  shopify = await startShopifyStandIn({
    shop: SHOP,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    webhooks: { url: (topic) => `${app.url}/webhooks/${topic}`, retryDelayMs: 50, retries: 3 },
  });
  const platform = createShopifyPlatform({
    endpoint: (shop) => shopify.graphqlUrl(shop),
    accessToken: async (shop) => shopify.accessTokenFor(shop.domain),
    timeoutMs: 5_000,
    retry: { retries: 3, minDelayMs: 20, maxDelayMs: 200 },
  });
  ctx = testContext(t.db, platform);
  shopId = (await installShop(t.db, SHOP)).id;
  const activated = await activatePullConnection(ctx, { shopId, name: "Northwind Fulfillment" });
  connectionId = activated.connection.id;
  house = houseClient(app.url, activated.secret);
  contract = await loadContract(app.url);
});

afterAll(async () => {
  await shopify?.close();
  await app?.close();
  await t?.close();
});

describe("a pull-type house ships an order end to end", () => {
  it("pulls, acknowledges, reports two shipments; the store ends with those fulfillments; a replay changes nothing", async () => {
    // The merchant's products, assigned to the house.
    const mug = shopify.store.createProduct({ title: "Mug", variants: [{ sku: "MUG-1", price: "9.00" }] });
    const tee = shopify.store.createProduct({ title: "Tee", variants: [{ sku: "TEE-1", price: "19.00" }] });
    await assignProducts(ctx, { shopId, connectionId, products: [{ productId: mug.id }, { productId: tee.id }] });

    // A buyer orders; Shopify (the stand-in) sends orders/create to the app.
    const placed = shopify.store.createOrder({
      email: "buyer@example.com",
      customer: { firstName: "Ada", lastName: "Buyer", email: "buyer@example.com" },
      shippingAddress: { name: "Ada Buyer", address1: "1 Dock Road", city: "Portland", provinceCode: "OR", zip: "97201", countryCode: "US" },
      lines: [
        { variantId: mug.variants[0].id, quantity: 2 },
        { variantId: tee.variants[0].id, quantity: 1 },
      ],
    });
    await shopify.webhooksSettled();
    expect(shopify.webhookDeliveries.find((d) => d.topic === "orders/create")?.delivered).toBe(true);

    // The house pulls what waits for it.
    const list = await house("GET", "/api/v1/orders");
    contract.check("/api/v1/orders", "GET", list);
    expect(list.status).toBe(200);
    const item = list.body.data.find((f: { order: { id: string } }) => f.order.id === placed.id);
    expect(item).toBeDefined();
    expect(item).toMatchObject({
      status: "HOLD",
      reference: null,
      order: { name: placed.name, customerEmail: "buyer@example.com" },
      shipTo: { name: "Ada Buyer", address1: "1 Dock Road", city: "Portland", zip: "97201", countryCode: "US" },
    });
    const bySku = Object.fromEntries(
      (item.lines as { sku: string; lineId: string; quantityDue: number }[]).map((l) => [l.sku, l]),
    );
    expect(bySku["MUG-1"].quantityDue).toBe(2);
    expect(bySku["TEE-1"].quantityDue).toBe(1);
    // Fetching changed nothing.
    expect((await t.db.fulfillment.findUniqueOrThrow({ where: { id: item.id } })).status).toBe("HOLD");

    const ack = await house("POST", `/api/v1/fulfillments/${item.id}/acknowledge`, { reference: "NW-5001" });
    contract.check("/api/v1/fulfillments/{id}/acknowledge", "POST", ack);
    expect(ack.body).toMatchObject({ status: "PENDING", reference: "NW-5001" });
    const waiting = await house("GET", "/api/v1/orders");
    expect(waiting.body.data.map((f: { id: string }) => f.id)).not.toContain(item.id);

    // Two packages: the mugs by our line id, the tee by SKU.
    const mugs = {
      reference: "NW-PKG-1",
      trackingNumbers: ["1Z999AA10123456784"],
      carrier: "UPS",
      method: "Ground",
      trackingUrl: "https://www.ups.com/track?tracknum=1Z999AA10123456784",
      lines: [{ lineId: bySku["MUG-1"].lineId, quantity: 2 }],
    };
    const first = await house("POST", `/api/v1/fulfillments/${item.id}/shipments`, mugs);
    contract.check("/api/v1/fulfillments/{id}/shipments", "POST", first);
    expect(first.status).toBe(201);
    const second = await house("POST", `/api/v1/fulfillments/${item.id}/shipments`, {
      reference: "NW-PKG-2",
      trackingNumbers: ["9400111899223197428490"],
      carrier: "USPS",
      lines: [{ sku: "TEE-1", quantity: 1 }],
    });
    contract.check("/api/v1/fulfillments/{id}/shipments", "POST", second);
    expect(second.status).toBe(201);
    expect(second.body.pushes).toEqual([expect.objectContaining({ action: "CREATE", state: "PENDING", platformIds: [] })]);

    // The push worker writes both to the store.
    const pushed = await pushShipments(ctx, { shopId });
    expect(pushed.status).toBe("done");
    expect(pushed.status === "done" && pushed.result).toMatchObject({ pushed: 2, failed: 0 });
    await shopify.webhooksSettled();

    const inStore = shopify.store.listFulfillments(placed.id);
    expect(inStore).toHaveLength(2);
    const numbers = inStore.map((f) => f.trackingInfo.map((i) => i.number)).sort();
    expect(numbers).toEqual([["1Z999AA10123456784"], ["9400111899223197428490"]]);
    expect(shopify.store.orderSnapshot(placed.id).displayFulfillmentStatus).toBe("FULFILLED");

    // The house sees where each shipment went.
    const detail = await house("GET", `/api/v1/fulfillments/${item.id}`);
    contract.check("/api/v1/fulfillments/{id}", "GET", detail);
    expect(detail.body.status).toBe("SHIPPED");
    expect(detail.body.lines.every((l: { quantityDue: number }) => l.quantityDue === 0)).toBe(true);
    const storeIds = inStore.map((f) => f.id).sort();
    expect(detail.body.shipments.flatMap((s: { pushes: { state: string; platformIds: string[] }[] }) => s.pushes.map((p) => p.state))).toEqual([
      "DONE",
      "DONE",
    ]);
    expect(
      detail.body.shipments.flatMap((s: { pushes: { platformIds: string[] }[] }) => s.pushes.flatMap((p) => p.platformIds)).sort(),
    ).toEqual(storeIds);

    // The same shipment again: 409, and nothing changes here or in the store.
    const before = await snapshot(t.db);
    const again = await house("POST", `/api/v1/fulfillments/${item.id}/shipments`, mugs);
    contract.check("/api/v1/fulfillments/{id}/shipments", "POST", again);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("duplicate_shipment");
    expect(again.body.shipment.id).toBe(first.body.id);
    // Without its reference, the same tracking number and items are recognised too.
    const unnamed = await house("POST", `/api/v1/fulfillments/${item.id}/shipments`, {
      trackingNumbers: ["9400111899223197428490"],
      lines: [{ sku: "TEE-1", quantity: 1 }],
    });
    expect(unnamed.status).toBe(409);
    const repush = await pushShipments(ctx, { shopId });
    expect(repush.status === "done" && repush.result.pushed).toBe(0);
    await shopify.webhooksSettled();
    expect(await snapshot(t.db)).toEqual(before);
    expect(shopify.store.listFulfillments(placed.id)).toHaveLength(2);
  });
});
