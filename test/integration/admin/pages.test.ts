// Every admin page over HTTP through the real app (sandbox mode, seeded database, Shopify stand-in
// for the product list): status 200 and the content a merchant expects, filters included.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ShopifyStandIn, startShopifyStandIn } from "../../../sandbox/shopify";
import { orderNamesIn, textOf } from "./html";
import { type AdminWorld, SHOP_A, startAdminWorld } from "./support";

let w: AdminWorld;
let shopify: ShopifyStandIn;

beforeAll(async () => {
  shopify = await startShopifyStandIn({ shop: SHOP_A });
  shopify.store.createProduct({ title: "Organic tee", variants: [{ title: "Default Title", sku: "TEE-101" }] });
  shopify.store.createProduct({
    title: "Stoneware mug",
    variants: [
      { title: "White", sku: "MUG-202-W" },
      { title: "Black", sku: "MUG-202-B" },
    ],
  });
  w = await startAdminWorld({ SHOPIFY_ADMIN_BASE_URL: shopify.url });
  await w.tdb.db.session.create({
    data: { id: `offline_${SHOP_A}`, shop: SHOP_A, state: "", isOnline: false, scope: "read_products", accessToken: shopify.accessToken },
  });
});

afterAll(async () => {
  await w?.close();
  await shopify?.close();
});

describe("dashboard", () => {
  it("shows statuses, orders, jobs, what needs attention and the chart of this shop only", async () => {
    const res = await w.get("/app");
    expect(res.status).toBe(200);
    const text = textOf(res.text);
    expect(text).toContain("Consign · sandbox ( consign-admin-a.myshopify.com )");
    expect(text).toMatch(/Orders 9 1 order fully shipped/);
    expect(text).toContain("Warehouse 1001 rejected #1003 Address line 1 is missing");
    expect(text).toContain("A shipment for #1005 was rejected Sun hat: 5 units shipped but only 1 is due.");
    expect(text).toContain("The sync run failed Warehouse could not be reached (HTTP 503)");
    expect(text).toMatch(/Failed 1 /);
    expect(text).toMatch(/Hold 5 /);
    expect(text).toMatch(/Send held orders [^U]*UTC Success Done seen 3, sent 2, failed 1 [^U]*UTC Fetch shipments [^U]*UTC Critical Failed/);
    expect(text).toContain("Carrier tracking Never — — Not scheduled");
    expect(res.text).toContain('data-testid="day-chart"');
    const today = new Date().toISOString().slice(0, 10);
    expect(text).toContain(`${today} 2 0`);
    expect(text).not.toContain("#5003");
  });
});

describe("fulfillers", () => {
  it("lists the shop's connections and every plugin of the registry as a tile", async () => {
    const res = await w.get("/app/fulfillers");
    expect(res.status).toBe(200);
    const text = textOf(res.text);
    expect(text).toContain("Warehouse 1001 Success Active Info All products");
    for (const title of ["ShipStation", "ShipBob", "Manual / CSV"]) expect(text).toContain(title);
    expect(text).not.toContain("Warehouse 5001");
  });

  it("builds the activation form from the plugin's fields, secrets as password inputs", async () => {
    const res = await w.get("/app/fulfillers/shipstation");
    expect(res.status).toBe(200);
    expect(textOf(res.text)).toContain("Activate ShipStation");
    expect(res.text).toMatch(/<input[^>]*name="credentials.apiKey"[^>]*type="text"|<input[^>]*type="text"[^>]*name="credentials.apiKey"/);
    expect(res.text).toMatch(/<input[^>]*name="credentials.apiSecret"[^>]*type="password"|<input[^>]*type="password"[^>]*name="credentials.apiSecret"/);
  });

  it("answers an unknown plugin with 404", async () => {
    expect((await w.get("/app/fulfillers/no-such-plugin")).status).toBe(404);
  });

  it("shows one connection with its actions", async () => {
    const res = await w.get(`/app/connections/${w.a.connectionId}`);
    expect(res.status).toBe(200);
    const text = textOf(res.text);
    expect(text).toContain("Warehouse 1001");
    expect(text).toContain("Send a test order");
    expect(text).toContain("All products without their own assignment");
  });
});

describe("fulfillments", () => {
  const names = async (query: string) => {
    const res = await w.get(`/app/fulfillments${query}`);
    expect(res.status).toBe(200);
    return orderNamesIn(res.text);
  };

  it("lists the shop's fulfillments newest first, with status, fulfiller and tracking", async () => {
    const res = await w.get("/app/fulfillments");
    expect(res.status).toBe(200);
    const text = textOf(res.text);
    expect(orderNamesIn(res.text)).toEqual(["#1009", "#1008", "#1007", "#1006", "#1005", "#1004", "#1003", "#1002", "#1001"]);
    expect(text).toContain("#1003 Warehouse 1001 Critical Incomplete Failed Address line 1 is missing");
    expect(text).toContain("1Z999AA110010001");
    expect(text).not.toContain("#5001");
  });

  it("filters by status, fulfiller, order, tracking number and date", async () => {
    expect(await names("?status=FAILED")).toEqual(["#1003"]);
    expect(await names("?status=FAILED&status=CANCELLED")).toEqual(["#1004", "#1003"]);
    expect(await names("?status=SHIPPED,PENDING_SHIPMENT")).toEqual(["#1002", "#1001"]);
    expect(await names(`?connection=${w.a.connectionId}&status=HOLD`)).toEqual(["#1009", "#1008", "#1007", "#1006", "#1005"]);
    expect(await names("?order=1002")).toEqual(["#1002"]);
    expect(await names(`?order=${encodeURIComponent("#1002")}`)).toEqual(["#1002"]);
    expect(await names(`?order=${encodeURIComponent(w.a.orders.partial.platformOrderId)}`)).toEqual(["#1002"]);
    expect(await names(`?tracking=${encodeURIComponent("1z999aa1 10010001")}`)).toEqual(["#1001"]);
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(await names(`?from=${today}&to=${today}`)).toHaveLength(9);
    expect(await names(`?from=${tomorrow}`)).toEqual([]);
    expect(textOf((await w.get(`/app/fulfillments?from=${tomorrow}`)).text)).toContain("No fulfillments match these filters");
  });

  it("never finds another shop's fulfillments through a filter", async () => {
    expect(await names("?order=5002")).toEqual([]);
    expect(await names(`?tracking=1Z999AA150010001`)).toEqual([]);
    expect(await names(`?connection=${w.b.connectionId}`)).toEqual([]);
  });

  it("answers malformed filters with 400 naming the parameter", async () => {
    const badStatus = await w.get("/app/fulfillments?status=LOST");
    expect(badStatus.status).toBe(400);
    expect(textOf(badStatus.text)).toContain("status");
    const badDate = await w.get("/app/fulfillments?from=2026-13-45");
    expect(badDate.status).toBe(400);
    expect(textOf(badDate.text)).toContain("from");
    const badCursor = await w.get("/app/fulfillments?after=not-a-cursor");
    expect(badCursor.status).toBe(400);
    expect(textOf(badCursor.text)).toContain("after");
  });
});

describe("order", () => {
  it("shows coverage per line, fulfillments, shipments with tracking links and pushes, the form and the timeline", async () => {
    const res = await w.get(`/app/orders/${w.a.orders.partial.id}`);
    expect(res.status).toBe(200);
    const text = textOf(res.text);
    expect(text).toContain("#1002");
    expect(text).toMatch(/Stoneware mug .*1 of 2 shipped/);
    expect(text).toMatch(/Canvas cap .*0 of 1 shipped/);
    expect(res.text).toMatch(/<progress[^>]*value="50"/);
    expect(text).toContain("Warehouse 1001 Info Partially complete Pending shipment");
    expect(text).toContain("USPS");
    expect(res.text).toContain('href="https://tools.usps.com/go/TrackConfirmAction?tLabels=940011110010002"');
    expect(text).toMatch(/Pending Create → Shopify/);
    expect(res.text).toContain('data-testid="manual-shipment-form"');
    expect(text).toContain("Timeline");
    expect(text).toMatch(/Hold .*→ .*Pending shipment/);
  });

  it("shows a fully shipped order without the manual form", async () => {
    const res = await w.get(`/app/orders/${w.a.orders.shipped.id}`);
    expect(res.status).toBe(200);
    expect(textOf(res.text)).toMatch(/Organic tee .*1 of 1 shipped/);
    expect(res.text).not.toContain('data-testid="manual-shipment-form"');
  });
});

describe("settings", () => {
  it("shows the shop's settings", async () => {
    const res = await w.get("/app/settings");
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/name="holdSchedule"[^>]*value="0 \* \* \* \*"|value="0 \* \* \* \*"[^>]*name="holdSchedule"/);
    expect(textOf(res.text)).toContain("Next send:");
  });
});

describe("products", () => {
  it("lists the store's products with each variant's fulfiller (the default here)", async () => {
    const res = await w.get("/app/products");
    expect(res.status).toBe(200);
    const text = textOf(res.text);
    expect(text).toContain("Products without their own fulfiller go to Warehouse 1001.");
    expect(text).toMatch(/Organic tee TEE-101 Warehouse 1001 Default/);
    expect(text).toMatch(/Stoneware mug \(\s*2 variants\)/);
    expect(text).toMatch(/White MUG-202-W Warehouse 1001 Default/);
  });

  it("searches at the store", async () => {
    const res = await w.get("/app/products?q=mug");
    expect(res.status).toBe(200);
    const text = textOf(res.text);
    expect(text).toContain("Stoneware mug");
    expect(text).not.toContain("Organic tee");
  });

  it("shows an error state, not a crash, when the store cannot be reached", async () => {
    const session = await w.tdb.db.session.delete({ where: { id: `offline_${SHOP_A}` } });
    try {
      const res = await w.get("/app/products?q=tee");
      expect(res.status).toBe(503);
      const text = textOf(res.text);
      expect(text).toContain("Products could not be loaded from the store");
      expect(text).toContain("no offline session");
    } finally {
      await w.tdb.db.session.create({ data: session });
    }
  });
});
