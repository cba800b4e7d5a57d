// The BigDesign admin over HTTP: every page answers 200 with its content and the styled-components
// CSS inlined in the HTML (no unstyled first paint), only with a valid session; the actions run the
// same use cases as the Polaris admin (settings, assignment, bulk cancel, manual shipment, CSV
// export and import), and another store's records are 404.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BcWorld, bcContext, eventually, get, type SeededStore, seedBcStore, startBcWorld } from "./support";

let w: BcWorld;
let s: SeededStore;

beforeAll(async () => {
  w = await startBcWorld();
  s = await seedBcStore(w, bcContext(w));
});
afterAll(async () => {
  await w?.close();
});

const url = (path: string, extra = "") => `${w.app.url}${path}${path.includes("?") ? "&" : "?"}context=${encodeURIComponent(s.session)}${extra}`;
const html = async (path: string) => {
  const res = await get(url(path));
  return { status: res.status, text: (await res.text()).replaceAll("<!-- -->", "") };
};
function post(path: string, fields: Record<string, string>) {
  return fetch(url(path), { method: "POST", body: new URLSearchParams(fields), redirect: "manual" });
}

/** The <style> styled-components rendered on the server, with its rules. */
function serverStyles(page: string): string {
  const styles = [...page.matchAll(/<style[^>]*data-styled="true"[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]).join("\n");
  return styles;
}

describe("the BigDesign pages", () => {
  const pages = () => [
    ["dashboard", "/bc", ["Dashboard", "Open fulfillments", "Needs attention", "Jobs"]],
    ["fulfillers", "/bc/fulfillers", ["Our warehouse", "ShipStation", "Add a fulfiller"]],
    ["activate", "/bc/fulfillers/shipstation", ["Activate ShipStation", "API Key", "API Secret"]],
    ["connection", `/bc/connections/${s.manualId}`, ["Our warehouse", "All products", "Send a test order"]],
    ["products", "/bc/products", ["Walnut tray", "Stoneware mug", "White", "MUG-B", "Canvas cap"]],
    ["fulfillments", "/bc/fulfillments", ["Export CSV", "Import tracking numbers", "Upload returns", "Our warehouse"]],
    ["order", `/bc/orders/${s.orders.partial}`, ["Stoneware mug", "1 of 3 shipped", "9400111899223197428490", "Record a shipment by hand"]],
    ["settings", "/bc/settings", ["Sending held orders", "Carrier tracking", "0 * * * *"]],
  ] as const;

  it("serve each page with its content and BigDesign's CSS in the HTML", async () => {
    for (const [name, path, texts] of pages()) {
      const page = await html(path);
      expect(page.status, name).toBe(200);
      for (const text of texts) expect(page.text, `${name}: ${text}`).toContain(text);
      const css = serverStyles(page.text);
      expect(css.length, `${name}: server-rendered CSS`).toBeGreaterThan(2_000);
      expect(page.text, name).not.toContain("__STYLES__");
      // the global styles and the theme's font are in it
      expect(css, name).toMatch(/font-family:[^;]*Source Sans/);
    }
  });

  it("refuse each page without a session", async () => {
    for (const [name, path] of pages()) {
      expect((await get(`${w.app.url}${path}`)).status, name).toBe(401);
    }
    expect((await get(`${w.app.url}/bc/fulfillments/export`)).status).toBe(401);
    const res = await fetch(`${w.app.url}/bc/settings`, { method: "POST", body: new URLSearchParams({ holdSchedule: "*/5 * * * *", holdDelayMinutes: "0" }) });
    expect(res.status).toBe(401);
    expect((await w.t.db.shop.findUniqueOrThrow({ where: { id: s.shopId } })).holdSchedule).toBe("0 * * * *");
  });

  it("answer 404 for another store's records", async () => {
    const other = await w.t.db.shop.create({ data: { platform: "BIGCOMMERCE", domain: "someoneelse" } });
    const order = await w.t.db.order.create({ data: { shopId: other.id, platformOrderId: "1", name: "#1", placedAt: new Date() } });
    const connection = await w.t.db.connection.create({
      data: { shopId: other.id, kind: "manual", title: "Theirs", mode: "push", credentialsEnc: "unused" },
    });
    const foreign = await html(`/bc/orders/${order.id}`);
    expect(foreign.status).toBe(404);
    // inside the admin's frame, with the navigation and its session still there
    expect(foreign.text).toContain("belongs to another store");
    expect(foreign.text).toContain(`/bc/fulfillments?context=`);
    expect((await html(`/bc/connections/${connection.id}`)).status).toBe(404);
    expect((await post(`/bc/connections/${connection.id}`, { intent: "deactivate" })).status).toBe(404);
    expect((await w.t.db.connection.findUniqueOrThrow({ where: { id: connection.id } })).active).toBe(true);
  });
});

describe("the BigDesign actions", () => {
  it("save settings, and refuse a bad schedule naming the field", async () => {
    const bad = await post("/bc/settings", { holdSchedule: "every day", holdDelayMinutes: "5" });
    expect(bad.status).toBe(400);
    expect(await w.t.db.shop.findUniqueOrThrow({ where: { id: s.shopId } })).toMatchObject({ holdSchedule: "0 * * * *", holdDelayMinutes: 0 });
    const good = await post("/bc/settings", { holdSchedule: "*/15 * * * *", holdDelayMinutes: "30", carrierTracking: "on" });
    expect(good.status).toBe(200);
    expect(await w.t.db.shop.findUniqueOrThrow({ where: { id: s.shopId } })).toMatchObject({
      holdSchedule: "*/15 * * * *",
      holdDelayMinutes: 30,
      carrierTracking: true,
      notifyCustomers: false,
    });
  });

  it("assign a variant to a fulfiller and give it back to the default", async () => {
    const mug = w.bc.store.products.get(s.productIds[1])!;
    const items = JSON.stringify([{ productId: String(mug.id), variantId: String(mug.variants[1].id), sku: "MUG-B" }]);
    const other = (
      await w.t.db.connection.create({ data: { shopId: s.shopId, kind: "manual", title: "Second warehouse", mode: "push", credentialsEnc: "x" } })
    ).id;
    expect((await post("/bc/products", { connectionId: other, items })).status).toBe(200);
    expect(await w.t.db.assignment.findMany({ where: { shopId: s.shopId }, select: { variantId: true, connectionId: true } })).toEqual([
      { variantId: String(mug.variants[1].id), connectionId: other },
    ]);
    expect((await html("/bc/products")).text).toContain("Second warehouse");
    expect((await post("/bc/products", { connectionId: "default", items })).status).toBe(200);
    expect(await w.t.db.assignment.count({ where: { shopId: s.shopId } })).toBe(0);
  });

  it("record a shipment by hand on the order page, naming a line asked for too much", async () => {
    const order = await w.t.db.order.findUniqueOrThrow({ where: { id: s.orders.held }, include: { lines: true, fulfillments: true } });
    const line = order.lines[0];
    const fulfillmentId = order.fulfillments[0].id;
    const tooMuch = await post(`/bc/orders/${order.id}`, { intent: "ship", fulfillmentId, [`qty.${line.id}`]: "5", trackingNumbers: "1ZTOOMUCH" });
    expect(tooMuch.status).toBe(400);
    // the form answers the page again, the error under the line's field
    expect((await tooMuch.text()).replaceAll("<!-- -->", "")).toContain(`Line ${line.id}: the shipment covers 5 but only 2 still due`);
    expect(await w.t.db.shipment.count({ where: { orderId: order.id } })).toBe(0);
    const ok = await post(`/bc/orders/${order.id}`, { intent: "ship", fulfillmentId, [`qty.${line.id}`]: "2", carrier: "UPS", trackingNumbers: "1ZHAND0001" });
    expect(ok.status).toBe(200);
    expect(await w.t.db.shipment.count({ where: { orderId: order.id } })).toBe(1);
    expect((await html(`/bc/orders/${order.id}`)).text).toContain("1ZHAND0001");
  });

  it("export the filter on screen as CSV, and import tracking all or nothing", async () => {
    const res = await get(url("/bc/fulfillments/export", "&status=SHIPPED"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/csv/);
    const csv = await res.text();
    const shipped = await w.t.db.order.findUniqueOrThrow({ where: { id: s.orders.shipped } });
    expect(csv).toContain(shipped.name);
    expect(csv).not.toContain((await w.t.db.order.findUniqueOrThrow({ where: { id: s.orders.partial } })).name);

    const body = new FormData();
    body.append("file", new Blob(["orderId,sku,quantity,trackingNumber\nnope,NOPE,1,1Z\n"], { type: "text/csv" }), "bad.csv");
    const before = await w.t.db.shipment.count();
    const bad = await fetch(url("/bc/fulfillments/import"), { method: "POST", body });
    expect(bad.status).toBe(422);
    const report = (await bad.json()) as { ok: boolean; errors: { row: number }[] };
    expect(report.ok).toBe(false);
    expect(report.errors.length).toBeGreaterThan(0);
    expect(await w.t.db.shipment.count()).toBe(before);
  });

  it("cancel several held fulfillments at once from the list", async () => {
    for (const quantity of [1, 2]) w.bc.store.createOrder({ products: [{ productId: s.productIds[0], quantity }] });
    const held = await eventually(async () => {
      const parts = await w.t.db.fulfillment.findMany({ where: { shopId: s.shopId, status: "HOLD" } });
      return parts.length === 2 ? parts : null;
    }, "two new held fulfillments");
    const res = await post("/bc/fulfillments", { intent: "cancel", ids: held.map((f) => f.id).join(","), reason: "test" });
    expect(res.status).toBe(200);
    expect(await w.t.db.fulfillment.count({ where: { id: { in: held.map((f) => f.id) }, status: "CANCELLED" } })).toBe(held.length);
  });
});
