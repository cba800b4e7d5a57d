// The compliance topics and app/uninstalled through the real routes over HTTP, with Shopify's
// example payloads: each does what it says, for that shop only.
import { Prisma } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerDataRequest } from "~/use-cases/customerDataRequest";
import { type AppServer, startAppServer } from "../../support/app-server";
import { createTestDb, type TestDb } from "../../support/db";
import { assignProduct, deliver, examplePayload, installShop, OTHER_SHOP, SHOP, useProductionEnv } from "./support";

let t: TestDb;
let app: AppServer;

beforeAll(async () => {
  t = await createTestDb();
  useProductionEnv(t.url);
  app = await startAppServer();
});

afterAll(async () => {
  await app?.close();
  await t?.close();
});

const JOHN = "john@example.com";
const shipTo = (name: string) => JSON.stringify({ name, address1: "1 Main St", city: "Ottawa", countryCode: "CA" });

/** An order with a line, a fulfillment, a shipment and its push intent, and a timeline entry. */
async function seedOrder(shopId: string, connectionId: string, platformId: string, email: string, name: string) {
  const order = await t.db.order.create({
    data: {
      shopId,
      platformOrderId: `gid://shopify/Order/${platformId}`,
      name: `#${platformId}`,
      placedAt: new Date("2026-01-05T10:00:00Z"),
      customerEmail: email,
      customerName: name,
      shipTo: shipTo(name),
      lines: {
        create: { shopId, platformLineId: `gid://shopify/LineItem/${platformId}1`, title: "Hat", sku: "HAT-1", quantity: 2 },
      },
    },
    include: { lines: true },
  });
  const fulfillment = await t.db.fulfillment.create({
    data: {
      shopId,
      orderId: order.id,
      connectionId,
      status: "PENDING_SHIPMENT",
      lines: { create: { shopId, orderLineId: order.lines[0].id, quantity: 2 } },
    },
  });
  const shipment = await t.db.shipment.create({
    data: {
      shopId,
      orderId: order.id,
      fulfillmentId: fulfillment.id,
      connectionId,
      trackingNumbers: JSON.stringify(["1Z999AA10123456784"]),
      trackingKey: `1Z999AA10123456784|${platformId}`,
      carrier: "UPS",
      lines: { create: { shopId, orderLineId: order.lines[0].id, quantity: 2 } },
    },
  });
  await t.db.pushIntent.create({
    data: { shopId, shipmentId: shipment.id, action: "CREATE", target: "SHOPIFY", idempotencyKey: `push-${shopId}-${platformId}` },
  });
  await t.db.timelineEvent.create({ data: { shopId, orderId: order.id, kind: "ORDER_RECEIVED", actor: "test" } });
  return order;
}

async function seedShop(domain: string) {
  const shop = await installShop(t.db, domain);
  const connection = await assignProduct(t.db, shop.id, "gid://shopify/Product/1");
  await t.db.apiKey.create({
    data: { shopId: shop.id, connectionId: connection.id, name: "house", prefix: "ck_", hash: `hash-${domain}` },
  });
  // a row in every tenant table, even those a Shopify shop does not use
  await t.db.bcUser.create({ data: { shopId: shop.id, userId: "1" } });
  await t.db.syncRun.create({ data: { job: "sync", shopId: shop.id, connectionId: connection.id } });
  await t.db.jobLease.create({ data: { key: `sync:${shop.id}:${connection.id}`, owner: "w1", until: new Date(Date.now() + 60_000) } });
  await t.db.webhookReceipt.create({ data: { source: "shopify", deliveryId: `seed-${domain}`, shopDomain: domain, topic: "orders/create" } });
  // Shopify's compliance examples request orders 299938 and 280263 of customer john@example.com
  const requested = await seedOrder(shop.id, connection.id, "299938", JOHN, "John Smith");
  const byEmail = await seedOrder(shop.id, connection.id, "5550001", "JOHN@example.com".toLowerCase(), "John Smith");
  const stranger = await seedOrder(shop.id, connection.id, "5550002", "ann@example.com", "Ann Other");
  return { shop, connection, requested, byEmail, stranger };
}

/** A compliance example payload for `domain` (the examples say "{shop}.myshopify.com"). */
function compliancePayload(topic: string, domain: string) {
  return { ...examplePayload(topic), shop_domain: domain };
}

describe("compliance webhooks", () => {
  let a: Awaited<ReturnType<typeof seedShop>>;
  let b: Awaited<ReturnType<typeof seedShop>>;

  beforeAll(async () => {
    a = await seedShop(SHOP);
    b = await seedShop(OTHER_SHOP);
  });

  it("customers/data_request reports the customer's orders and notes the request on each", async () => {
    const payload = compliancePayload("customers/data_request", SHOP);
    const res = await deliver(app.url, { topic: "customers/data_request", body: JSON.stringify(payload) });
    expect(res.status, res.text).toBe(200);
    expect(res.text).toContain("2 order(s) reported");

    const noted = await t.db.timelineEvent.findMany({
      where: { kind: "NOTE", reason: { contains: "customers/data_request" } },
      select: { orderId: true, shopId: true },
    });
    expect(noted.map((n) => n.orderId).sort()).toEqual([a.requested.id, a.byEmail.id].sort());

    // the report itself: what we hold about John in shop A, and nothing of anyone else
    const report = await customerDataRequest(
      { db: t.db, now: () => new Date("2026-02-01T00:00:00Z") } as Parameters<typeof customerDataRequest>[0],
      { shopDomain: SHOP, dataRequestId: "9999", customer: { email: JOHN }, orderIds: ["299938"] },
    );
    expect(report.orders.map((o) => o.name).sort()).toEqual(["#299938", "#5550001"]);
    expect(report.orders[0]).toMatchObject({
      customerEmail: JOHN,
      customerName: "John Smith",
      shipTo: { name: "John Smith", address1: "1 Main St", city: "Ottawa", countryCode: "CA" },
      lines: [{ title: "Hat", sku: "HAT-1", quantity: 2 }],
      shipments: [{ trackingNumbers: ["1Z999AA10123456784"], carrier: "UPS" }],
    });
  });

  it("customers/redact removes the customer's personal data from our copies, in that shop only", async () => {
    // emails already sent keep who they went to and their subject (which templates may personalise)
    const sent = (orderId: string, shopId: string, recipient: string) =>
      t.db.notification.create({
        data: { shopId, orderId, subjectKey: orderId, kind: "ORDER_SHIPPED", channel: "EMAIL", state: "SENT", recipient, subject: "John, your order shipped" },
      });
    const johns = await sent(a.requested.id, a.shop.id, JOHN);
    const strangers = await sent(a.stranger.id, a.shop.id, "someone@example.com");
    const payload = compliancePayload("customers/redact", SHOP);
    const res = await deliver(app.url, { topic: "customers/redact", body: JSON.stringify(payload) });
    expect(res.status, res.text).toBe(200);

    for (const id of [a.requested.id, a.byEmail.id]) {
      const order = await t.db.order.findUniqueOrThrow({ where: { id }, include: { lines: true, shipments: true } });
      expect(order).toMatchObject({ customerEmail: null, customerName: null, shipTo: null });
      expect(order.redactedAt).not.toBeNull();
      // the fulfillment record stays whole
      expect(order.lines).toHaveLength(1);
      expect(order.shipments).toHaveLength(1);
    }
    expect(await t.db.notification.findUniqueOrThrow({ where: { id: johns.id } })).toMatchObject({ recipient: null, subject: null, state: "SENT" });
    expect(await t.db.notification.findUniqueOrThrow({ where: { id: strangers.id } })).toMatchObject({ recipient: "someone@example.com" });
    const untouched = [a.stranger.id, b.requested.id, b.byEmail.id];
    for (const id of untouched) {
      const order = await t.db.order.findUniqueOrThrow({ where: { id } });
      expect(order.customerEmail).not.toBeNull();
      expect(order.shipTo).not.toBeNull();
      expect(order.redactedAt).toBeNull();
    }
  });

  it("refuses a signed compliance payload replayed under another shop's header, changing nothing", async () => {
    const payload = compliancePayload("shop/redact", SHOP);
    const res = await deliver(app.url, { topic: "shop/redact", shop: OTHER_SHOP, body: JSON.stringify(payload) });
    expect(res.status).toBe(400);
    expect(res.text).toContain("shop_domain");
    expect(await t.db.shop.count({ where: { domain: { in: [SHOP, OTHER_SHOP] } } })).toBe(2);
  });

  it("app/uninstalled deletes the sessions, marks the shop uninstalled and stops its intake and jobs", async () => {
    const payload = { ...examplePayload("app/uninstalled"), myshopify_domain: OTHER_SHOP };
    const res = await deliver(app.url, { topic: "app/uninstalled", shop: OTHER_SHOP, body: JSON.stringify(payload) });
    expect(res.status, res.text).toBe(200);

    expect(await t.db.session.count({ where: { shop: OTHER_SHOP } })).toBe(0);
    const shop = await t.db.shop.findUniqueOrThrow({ where: { id: b.shop.id } });
    expect(shop.uninstalledAt).not.toBeNull();
    expect(await t.db.jobLease.count({ where: { key: { contains: b.shop.id } } })).toBe(0);
    // the other shop keeps running
    expect(await t.db.session.count({ where: { shop: SHOP } })).toBe(1);
    expect(await t.db.jobLease.count({ where: { key: { contains: a.shop.id } } })).toBe(1);

    // an order delivery that still arrives for it is not taken in
    const order = examplePayload("orders/create");
    order.admin_graphql_api_id = "gid://shopify/Order/777";
    const late = await deliver(app.url, { topic: "orders/create", shop: OTHER_SHOP, body: JSON.stringify(order) });
    expect(late.status).toBe(200);
    expect(await t.db.order.count({ where: { platformOrderId: "gid://shopify/Order/777" } })).toBe(0);
  });

  it("shop/redact deletes everything of that shop and nothing of another", async () => {
    // every table that carries a shopId, read from the data model (tables added later included)
    const tenantModels = Prisma.dmmf.datamodel.models.filter((m) => m.fields.some((f) => f.name === "shopId"));
    expect(tenantModels.length).toBeGreaterThanOrEqual(12);
    type Counter = { count(args: { where: { shopId: string } }): Promise<number> };
    const delegates = t.db as unknown as Record<string, Counter>;
    const counts = async (shopId: string) => {
      const byModel: Record<string, number> = {};
      for (const model of tenantModels) {
        byModel[model.name] = await delegates[model.name.charAt(0).toLowerCase() + model.name.slice(1)].count({ where: { shopId } });
      }
      return byModel;
    };
    const keptBefore = await counts(a.shop.id);
    const before = await counts(b.shop.id);
    expect(Object.values(before).filter((n) => n > 0).length).toBeGreaterThanOrEqual(12);

    const res = await deliver(app.url, {
      topic: "shop/redact",
      shop: OTHER_SHOP,
      body: JSON.stringify(compliancePayload("shop/redact", OTHER_SHOP)),
    });
    expect(res.status, res.text).toBe(200);

    expect(Object.entries(await counts(b.shop.id)).filter(([, n]) => n > 0)).toEqual([]);
    expect(await counts(a.shop.id)).toEqual(keptBefore);
    expect(await t.db.shop.count({ where: { id: b.shop.id } })).toBe(0);
    expect(await t.db.session.count({ where: { shop: OTHER_SHOP } })).toBe(0);
    expect(await t.db.webhookReceipt.count({ where: { shopDomain: OTHER_SHOP } })).toBe(0);
    expect(await t.db.jobLease.count({ where: { key: { contains: b.shop.id } } })).toBe(0);
    expect(await t.db.shop.count({ where: { id: a.shop.id } })).toBe(1);
  });
});
