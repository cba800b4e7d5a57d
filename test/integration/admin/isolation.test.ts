// Tenant isolation through the admin: the signed-in shop (A) tries every page and every action with
// the other shop's (B's) ids. Each answer is a 404 (or an empty list, or a row error naming the
// unknown order), and B's data is exactly as it was, row for row.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/db.server";
import { textOf } from "./html";
import { type AdminWorld, startAdminWorld } from "./support";

let w: AdminWorld;

/** Everything of one shop that an admin action could change. */
async function snapshot(db: Db, shopId: string) {
  const [shop, connections, assignments, fulfillments, shipments, intents, timeline] = await Promise.all([
    db.shop.findUniqueOrThrow({ where: { id: shopId } }),
    db.connection.findMany({ where: { shopId }, orderBy: { id: "asc" } }),
    db.assignment.findMany({ where: { shopId }, orderBy: { id: "asc" } }),
    db.fulfillment.findMany({ where: { shopId }, orderBy: { id: "asc" } }),
    db.shipment.findMany({ where: { shopId }, orderBy: { id: "asc" }, include: { lines: true } }),
    db.pushIntent.findMany({ where: { shopId }, orderBy: { id: "asc" } }),
    db.timelineEvent.count({ where: { shopId } }),
  ]);
  return { shop, connections, assignments, fulfillments, shipments, intents, timeline };
}

let before: Awaited<ReturnType<typeof snapshot>>;

beforeAll(async () => {
  w = await startAdminWorld();
  before = await snapshot(w.tdb.db, w.b.shop.id);
});

afterAll(async () => {
  await w?.close();
});

describe("pages with the other shop's ids", () => {
  it("answer 404", async () => {
    for (const path of [
      `/app/orders/${w.b.orders.partial.id}`,
      `/app/orders/${w.b.orders.failed.id}`,
      `/app/connections/${w.b.connectionId}`,
    ]) {
      const res = await w.get(path);
      expect(res.status, path).toBe(404);
      expect(textOf(res.text), path).toContain("This page could not be found");
      expect(textOf(res.text), path).not.toContain("Warehouse 5001");
    }
  });

  it("list nothing of the other shop", async () => {
    const list = await w.get(`/app/fulfillments?connection=${w.b.connectionId}`);
    expect(list.status).toBe(200);
    expect(textOf(list.text)).toContain("No fulfillments match these filters");
    const csv = await w.get(`/app/fulfillments/export?connection=${w.b.connectionId}`);
    expect(csv.status).toBe(200);
    expect(csv.text.trim().split("\n")).toHaveLength(1);
    const all = await w.get("/app/fulfillments/export");
    expect(all.text).not.toContain("#5001");
    expect(all.text).not.toContain("Warehouse 5001");
  });
});

describe("actions with the other shop's ids", () => {
  it("answer 404 on the connection page", async () => {
    for (const intent of ["default", "clear-default", "deactivate", "credentials", "test"]) {
      const res = await w.post(`/app/connections/${w.b.connectionId}`, { intent, "credentials.apiKey": "x", "credentials.apiSecret": "y" });
      expect(res.status, intent).toBe(404);
    }
  });

  it("answer 404 on the fulfillments list", async () => {
    expect((await w.post("/app/fulfillments", { intent: "resend", ids: w.b.orders.failed.fulfillmentId })).status).toBe(404);
    expect((await w.post("/app/fulfillments", { intent: "cancel", ids: w.b.orders.held[0].fulfillmentId })).status).toBe(404);
  });

  it("answer 404 on an order page, for the other shop's order or fulfillment", async () => {
    const otherOrder = `/app/orders/${w.b.orders.partial.id}`;
    const lines = await w.tdb.db.orderLine.findMany({ where: { orderId: w.b.orders.partial.id } });
    const ship = { intent: "ship", fulfillmentId: w.b.orders.partial.fulfillmentId, trackingNumbers: "1ZOTHER", [`qty.${lines[1].id}`]: "1" };
    expect((await w.post(otherOrder, ship)).status).toBe(404);
    expect((await w.post(otherOrder, { intent: "resend", fulfillmentId: w.b.orders.failed.fulfillmentId })).status).toBe(404);
    expect((await w.post(otherOrder, { intent: "cancel", fulfillmentId: w.b.orders.held[0].fulfillmentId })).status).toBe(404);
    // Our own order page, with the other shop's fulfillment in the form.
    const ownOrder = `/app/orders/${w.a.orders.partial.id}`;
    expect((await w.post(ownOrder, ship)).status).toBe(404);
    expect((await w.post(ownOrder, { intent: "cancel", fulfillmentId: w.b.orders.held[1].fulfillmentId })).status).toBe(404);
  });

  it("answer 404 when assigning products to the other shop's fulfiller", async () => {
    const items = JSON.stringify([{ productId: "gid://shopify/Product/1", variantId: "gid://shopify/ProductVariant/10" }]);
    expect((await w.postData("/app/products", { connectionId: w.b.connectionId, items })).status).toBe(404);
  });

  it("name the other shop's orders as unknown in uploads, and change nothing", async () => {
    const tracking = `orderId,clientFulfillmentId,trackingNumber\n${w.b.orders.held[0].platformOrderId},,1ZOTHER0001\n`;
    const imported = await upload("/app/fulfillments/import", tracking);
    expect(imported.status).toBe(422);
    expect(imported.body.errors).toEqual([
      { row: 1, column: "orderId", message: `No order ${w.b.orders.held[0].platformOrderId} in this shop.` },
    ]);
    const returns = `orderId,status\n${w.b.orders.shipped.name},RETURNED\n`;
    const returned = await upload("/app/fulfillments/returns", returns);
    expect(returned.status).toBe(422);
    expect(returned.body.errors[0]).toMatchObject({ row: 1, column: "orderId" });
  });
});

it("leaves the other shop exactly as it was", async () => {
  expect(await snapshot(w.tdb.db, w.b.shop.id)).toEqual(before);
});

async function upload(path: string, csv: string) {
  const form = new FormData();
  form.append("file", new File([csv], "upload.csv", { type: "text/csv" }));
  const res = await fetch(`${w.app.url}${path}`, { method: "POST", body: form });
  return { status: res.status, body: (await res.json()) as { ok: boolean; errors: { row: number; column: string | null; message: string }[] } };
}
