// The Shopify admin in a real browser (Debian's Chromium, playwright-core): the production build
// served in sandbox mode on a seeded database, the Shopify stand-in holding the store's products
// and the ShipStation stand-in checking credentials. Every page loads without a console error
// (and is photographed to test/e2e/screenshots/<page>.png); then a merchant activates a fulfiller,
// assigns a product, searches fulfillments, imports tracking CSVs (a bad one, then a good one) and
// records a shipment by hand.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from "vitest";
import { type ShopifyStandIn, startShopifyStandIn } from "../../sandbox/shopify";
import { startShipStationStandIn } from "../../sandbox/shipstation";
import { createTestDb, type TestDb } from "../support/db";
import { ENCRYPTION_KEY, type SeededShop, seedContext, seedHistory, seedShop } from "../integration/admin/seed";
import { SHOP_A, SHOP_B } from "../integration/admin/support";
import { type BrowserSession, buildApp, open, openBrowser, removeBuild, type ServedApp, serveApp } from "./admin-world";

const SCREENSHOTS = resolve(import.meta.dirname, "screenshots");

let tdb: TestDb;
let a: SeededShop;
let shopify: ShopifyStandIn;
let shipstation: Awaited<ReturnType<typeof startShipStationStandIn>>;
let buildDir: string;
let app: ServedApp;
let b: BrowserSession;
let page: Page;

const PRODUCTS = [
  { title: "Organic tee", variants: [{ title: "Default Title", sku: "TEE-101" }] },
  {
    title: "Stoneware mug",
    variants: [
      { title: "White", sku: "MUG-202-W" },
      { title: "Black", sku: "MUG-202-B" },
    ],
  },
  { title: "Canvas cap", variants: [{ title: "Default Title", sku: "CAP-303" }] },
  { title: "Tote bag", variants: [{ title: "Default Title", sku: "BAG-404" }] },
  {
    title: "Wool socks",
    variants: [
      { title: "S", sku: "SOCK-505-S" },
      { title: "M", sku: "SOCK-505-M" },
      { title: "L", sku: "SOCK-505-L" },
    ],
  },
  { title: "Sun hat", variants: [{ title: "Default Title", sku: "HAT-606" }] },
];

beforeAll(async () => {
  const building = buildApp();
  tdb = await createTestDb();
  const ctx = seedContext(tdb.db);
  a = await seedShop(ctx, SHOP_A, 1001);
  await seedHistory(ctx, a);
  await seedShop(ctx, SHOP_B, 5001);
  shopify = await startShopifyStandIn({ shop: SHOP_A });
  for (const product of PRODUCTS) shopify.store.createProduct(product);
  await tdb.db.session.create({
    data: { id: `offline_${SHOP_A}`, shop: SHOP_A, state: "", isOnline: false, scope: "read_products", accessToken: shopify.accessToken },
  });
  shipstation = await startShipStationStandIn({ apiKey: "ss-key-123456", apiSecret: "ss-secret-123456" });
  buildDir = await building;
  app = await serveApp(buildDir, {
    DATABASE_URL: tdb.url,
    CONSIGN_SANDBOX: "1",
    CONSIGN_SANDBOX_SHOP: SHOP_A,
    CONSIGN_ENCRYPTION_KEY: ENCRYPTION_KEY,
    SHOPIFY_ADMIN_BASE_URL: shopify.url,
    CONSIGN_PLUGIN_BASE_URLS: `shipstation=${shipstation.url}`,
  });
  b = await openBrowser();
  page = b.page;
  // Generous: on a loaded CI machine an action and its revalidation can take a while.
  page.setDefaultTimeout(60_000);
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 300_000);

afterAll(async () => {
  await b?.close();
  await app?.close();
  await shipstation?.close();
  await shopify?.close();
  await tdb?.close();
  if (buildDir) removeBuild(buildDir);
});

// A failing step leaves a picture of the page next to the build (not committed).
beforeEach((test) => {
  onTestFailed(async () => {
    const name = test.task.name.replace(/\W+/g, "-").slice(0, 60);
    await page?.screenshot({ path: resolve(import.meta.dirname, "..", "..", ".cache", "e2e", `failed-${name}.png`), fullPage: true });
  });
});

/**
 * The console errors since the last call. Chromium logs a fetch answered 4xx as "Failed to load
 * resource"; a step that submits bad input on purpose takes exactly those entries out.
 */
function takeErrors(): string[] {
  return b.errors.splice(0, b.errors.length);
}

/** expect.poll with room for a loaded machine (vitest's default gives up after 1 s). */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 60_000, interval: 100 });

const toast = (text: string | RegExp) => page.locator(".Polaris-Frame-Toast").filter({ hasText: text });

describe("every page", { timeout: 90_000 }, () => {
  it("loads hydrated, without a console error, and is photographed", async () => {
    const pages: [string, string, string][] = [
      ["dashboard", "/app", "Shipments and deliveries"],
      ["fulfillers", "/app/fulfillers", "Add a fulfiller"],
      ["fulfiller-activate", "/app/fulfillers/shipstation", "Activate ShipStation"],
      ["connection", `/app/connections/${a.connectionId}`, "Credentials"],
      ["products", "/app/products", "Stoneware mug"],
      ["fulfillments", "/app/fulfillments", "#1003"],
      ["order", `/app/orders/${a.orders.partial.id}`, "Record a shipment"],
      ["settings", "/app/settings", "Sending held orders"],
    ];
    for (const [name, path, text] of pages) {
      await open(page, `${app.url}${path}`);
      await page.getByText(text).first().waitFor();
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    }
    expect(b.errors).toEqual([]);
  });

  it("shows a not-found state for an order that is not the shop's", async () => {
    const res = await page.goto(`${app.url}/app/orders/no-such-order`);
    expect(res?.status()).toBe(404);
    await page.waitForSelector("html[data-hydrated='true']");
    await page.getByText("This page could not be found").waitFor();
    // The browser reports the 404 document itself as a failed resource; nothing else may fail.
    expect(takeErrors()).toEqual([expect.stringMatching(/status of 404/)]);
  });
});

describe("a merchant", { timeout: 180_000 }, () => {
  it("activates a fulfiller: a wrong key is refused with nothing saved, the right one is checked live and saved", async () => {
    await open(page, `${app.url}/app/fulfillers`);
    await page.getByRole("button", { name: "Activate ShipStation" }).click();
    await page.waitForURL(/\/app\/fulfillers\/shipstation$/);
    await page.getByLabel("Name in Consign").fill("ShipStation East");
    await page.getByLabel("API Key").fill("wrong-key");
    await page.getByLabel("API Secret").fill("wrong-secret");
    await page.getByRole("button", { name: "Create" }).click();
    await page.getByText("ShipStation did not accept these credentials").waitFor();
    expect(await tdb.db.connection.count({ where: { shopId: a.shop.id, kind: "shipstation" } })).toBe(0);
    expect(takeErrors()).toEqual([expect.stringMatching(/status of 422/)]);

    await page.getByLabel("API Key").fill("ss-key-123456");
    await page.getByLabel("API Secret").fill("ss-secret-123456");
    await page.getByRole("button", { name: "Create" }).click();
    await page.waitForURL(/\/app\/connections\/[^/?]+/);
    await toast("ShipStation East is active").waitFor();
    await page.getByText("••••3456").first().waitFor();

    await page.getByRole("button", { name: "Send a test order" }).click();
    await poll(() => page.getByTestId("test-order-answer").textContent()).toContain("ShipStation East accepted the test order");
    expect(shipstation.orders()).toHaveLength(1);
    await page.screenshot({ path: join(SCREENSHOTS, "connection-activated.png"), fullPage: true });

    await page.getByRole("button", { name: "Assign to all products" }).click();
    await toast("Every product without its own assignment now goes to this fulfiller.").waitFor();
    const connection = await tdb.db.connection.findFirstOrThrow({ where: { shopId: a.shop.id, kind: "shipstation" } });
    expect((await tdb.db.shop.findUniqueOrThrow({ where: { id: a.shop.id } })).defaultConnectionId).toBe(connection.id);
  });

  it("assigns a product to another fulfiller from the product list", async () => {
    await open(page, `${app.url}/app/products`);
    const row = page.locator("tr").filter({ hasText: "Organic tee" });
    await poll(() => row.textContent()).toContain("ShipStation East");
    await row.getByRole("checkbox").check({ force: true });
    await page.getByRole("button", { name: "Assign fulfiller" }).click();
    await page.getByLabel("Fulfiller").selectOption({ label: "Warehouse 1001" });
    await page.getByRole("button", { name: "Assign", exact: true }).click();
    await toast("1 variant assigned.").waitFor();
    await poll(() => row.textContent()).toMatch(/Warehouse 1001$/);
    const assignment = await tdb.db.assignment.findFirstOrThrow({ where: { shopId: a.shop.id, sku: "TEE-101" } });
    expect(assignment.connectionId).toBe(a.connectionId);
  });

  it("searches fulfillments by order and filters them by status", async () => {
    const all = await tdb.db.fulfillment.count({ where: { shopId: a.shop.id } });
    await open(page, `${app.url}/app/fulfillments`);
    const orders = () => page.locator("tbody tr a[data-primary-link]").allTextContents();
    await poll(orders).toHaveLength(Math.min(all, 50));
    await page.getByRole("button", { name: /Search and filter/ }).click();
    await page.getByPlaceholder("Search by order name or number").fill("1002");
    await page.waitForURL(/order=1002/);
    await poll(orders).toEqual(["#1002"]);
    await page.getByPlaceholder("Search by order name or number").fill("");
    await poll(orders).toHaveLength(Math.min(all, 50));
    await page.getByRole("button", { name: "Status" }).click();
    // The choice lives in the URL: the box shows checked once the filtered page has loaded.
    await page.getByRole("checkbox", { name: "Failed" }).click({ force: true });
    await page.waitForURL(/status=FAILED/);
    await poll(orders).toEqual(["#1003"]);
    expect(await page.getByRole("checkbox", { name: "Failed" }).isChecked()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, "fulfillments-filtered.png"), fullPage: true });
  });

  it("imports tracking numbers: a file with a bad row changes nothing and lists it, a good file ships", async () => {
    const dir = mkdtempSync(join(tmpdir(), "consign-e2e-csv-"));
    const [first, second] = a.orders.held;
    const bad = join(dir, "bad.csv");
    writeFileSync(
      bad,
      `orderId,clientFulfillmentId,trackingNumber,carrier\n${first.name},,1ZE2E0001,UPS\n99999,,1ZE2E0009,UPS\n`,
    );
    const good = join(dir, "good.csv");
    writeFileSync(good, `orderId,clientFulfillmentId,trackingNumber,carrier\n${first.name},,1ZE2E0001,UPS\n${second.name},,1ZE2E0002,UPS\n`);
    const shipments = () => tdb.db.shipment.count({ where: { shopId: a.shop.id } });
    const before = await shipments();

    await open(page, `${app.url}/app/fulfillments`);
    await page.getByRole("button", { name: "Import tracking numbers" }).click();
    const modal = page.getByRole("dialog");
    await modal.locator("input[type=file]").setInputFiles(bad);
    await modal.getByText("bad.csv").waitFor();
    await modal.getByRole("button", { name: "Import", exact: true }).click();
    await modal.getByRole("heading", { name: "1 row cannot be imported; nothing was imported." }).waitFor();
    await modal.getByText("No order 99999 in this shop.").waitFor();
    expect(await shipments()).toBe(before);
    expect(takeErrors()).toEqual([expect.stringMatching(/status of 422/)]);
    await page.screenshot({ path: join(SCREENSHOTS, "import-tracking-errors.png") });

    await modal.getByRole("button", { name: "Upload another file" }).click();
    await modal.locator("input[type=file]").setInputFiles(good);
    await modal.getByText("good.csv").waitFor();
    await modal.getByRole("button", { name: "Import", exact: true }).click();
    await modal.getByRole("heading", { name: "2 rows imported." }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, "import-tracking-report.png") });
    expect(await shipments()).toBe(before + 2);
    await modal.getByRole("button", { name: "Done" }).click();
    await modal.waitFor({ state: "hidden" });
    await page.locator("tr.Polaris-IndexTable__TableRow").filter({ hasText: "1ZE2E0002" }).waitFor();
  });

  it("records a shipment by hand: a rule-breaking one is refused under its field, a good one updates coverage", async () => {
    await open(page, `${app.url}/app/orders/${a.orders.partial.id}`);
    const form = page.getByTestId("manual-shipment-form");
    // Two tracking numbers for one item breaks a coverage rule the server checks (DESIGN.md).
    await form.getByLabel("Units of Canvas cap").fill("0");
    await form.getByLabel("Carrier").fill("UPS");
    await form.getByLabel("Tracking number(s)").fill("1ZHANDE2E1, 1ZHANDE2E2");
    await form.getByRole("button", { name: "Record shipment" }).click();
    await form.getByText("2 tracking numbers need at least two different lines", { exact: false }).waitFor();
    expect(await tdb.db.shipment.count({ where: { orderId: a.orders.partial.id } })).toBe(1);
    expect(takeErrors()).toEqual([expect.stringMatching(/status of 400/)]);

    await form.getByLabel("Units of Canvas cap").fill("1");
    await form.getByRole("button", { name: "Record shipment" }).click();
    await toast("Shipment recorded").waitFor();
    await page.getByText("2 of 2 shipped").waitFor();
    await page.getByText("1 of 1 shipped").waitFor();
    expect((await tdb.db.order.findUniqueOrThrow({ where: { id: a.orders.partial.id } })).shipmentState).toBe("SHIPPED");
    await page.screenshot({ path: join(SCREENSHOTS, "order-shipped.png"), fullPage: true });
  });

  it("saw no console error on the way", () => {
    expect(b.errors).toEqual([]);
  });
});
