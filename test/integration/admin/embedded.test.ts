// The admin embedded in Shopify (outside sandbox mode): every request carries an App Bridge session
// token, as a document's id_token or, for fetches and uploads, an Authorization header. A token of
// one shop shows and changes only that shop's data; no token, or a forged one, gets nothing.
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SCOPES } from "~/lib/env.server";
import { type ShopifyStandIn, startShopifyStandIn } from "../../../sandbox/shopify";
import { type AppServer, startAppServer } from "../../support/app-server";
import { createTestDb, type TestDb } from "../../support/db";
import { API_KEY, API_SECRET, useProductionEnv } from "../shopify-app/support";
import { orderNamesIn, textOf } from "./html";
import { ENCRYPTION_KEY, type SeededShop, seedContext, seedShop } from "./seed";
import { SHOP_A, SHOP_B } from "./support";

let t: TestDb;
let app: AppServer;
let shopify: ShopifyStandIn;
let a: SeededShop;
let b: SeededShop;

beforeAll(async () => {
  t = await createTestDb();
  const ctx = seedContext(t.db);
  a = await seedShop(ctx, SHOP_A, 1001);
  b = await seedShop(ctx, SHOP_B, 5001);
  shopify = await startShopifyStandIn({
    shop: SHOP_A,
    shops: [SHOP_B],
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    scopes: DEFAULT_SCOPES.join(","),
  });
  useProductionEnv(t.url, { SHOPIFY_ADMIN_BASE_URL: `${shopify.url}/shops/{shop}`, CONSIGN_ENCRYPTION_KEY: ENCRYPTION_KEY });
  app = await startAppServer();
});

afterAll(async () => {
  await app?.close();
  await shopify?.close();
  await t?.close();
});

/** An App Bridge session token: HS256 with the app's secret, aud = API key, dest = the shop. */
async function sessionToken(shop: string, secret = API_SECRET): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ dest: `https://${shop}`, sid: `session-${shop}` })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(`https://${shop}/admin`)
    .setAudience(API_KEY)
    .setSubject("42")
    .setIssuedAt(now - 5)
    .setNotBefore(now - 5)
    .setExpirationTime(now + 60)
    .setJti(crypto.randomUUID())
    .sign(new TextEncoder().encode(secret));
}

// shopify-app-remix answers bots (node's fetch user agent among them) with 410; the admin is a browser.
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

/** A page as Shopify's admin opens it in its iframe: embedded=1, shop, host and the id_token. */
async function page(shop: string, path: string) {
  const host = Buffer.from(`admin.shopify.com/store/${shop.split(".")[0]}`).toString("base64url");
  const sep = path.includes("?") ? "&" : "?";
  const url = `${app.url}${path}${sep}embedded=1&shop=${shop}&host=${host}&id_token=${await sessionToken(shop)}`;
  const res = await fetch(url, { headers: { "User-Agent": BROWSER }, redirect: "manual" });
  return { status: res.status, html: await res.text() };
}

/** A fetch as App Bridge sends it from the page: the session token in the Authorization header. */
async function bearer(shop: string | null, path: string, init: RequestInit = {}, token?: string) {
  const headers = new Headers(init.headers);
  headers.set("User-Agent", BROWSER);
  if (shop) headers.set("Authorization", `Bearer ${token ?? (await sessionToken(shop))}`);
  return fetch(`${app.url}${path}`, { ...init, headers, redirect: "manual" });
}

function csvUpload(csv: string): FormData {
  const form = new FormData();
  form.append("file", new File([csv], "tracking.csv", { type: "text/csv" }));
  return form;
}

describe("pages opened in the Shopify admin", () => {
  it("show each shop its own fulfillments, with App Bridge loaded", async () => {
    const first = await page(SHOP_A, "/app/fulfillments");
    expect(first.status).toBe(200);
    expect(first.html).toContain("app-bridge.js");
    expect(orderNamesIn(first.html)).toContain("#1003");
    expect(orderNamesIn(first.html).some((name) => name.startsWith("#50"))).toBe(false);
    const other = await page(SHOP_B, "/app/fulfillments");
    expect(orderNamesIn(other.html)).toContain("#5003");
    expect(orderNamesIn(other.html).some((name) => name.startsWith("#10"))).toBe(false);
  });

  it("answer another shop's order with 404", async () => {
    expect((await page(SHOP_A, `/app/orders/${a.orders.partial.id}`)).status).toBe(200);
    const foreign = await page(SHOP_A, `/app/orders/${b.orders.partial.id}`);
    expect(foreign.status).toBe(404);
    expect(textOf(foreign.html)).not.toContain("Stoneware mug");
  });
});

describe("fetches and uploads with the session token in the header", () => {
  it("export the token's shop only", async () => {
    const res = await bearer(SHOP_A, "/app/fulfillments/export");
    expect(res.status).toBe(200);
    const csv = await res.text();
    expect(csv).toContain("#1001");
    expect(csv).not.toContain("#5001");
  });

  it("refuse a request without a token, or with a forged one, and change nothing", async () => {
    const before = await t.db.shipment.count();
    const anonymous = await bearer(null, "/app/fulfillments/export");
    expect(anonymous.status).not.toBe(200);
    expect(await anonymous.text()).not.toContain("#1001");
    const forged = await bearer(SHOP_A, "/app/fulfillments/import", {
      method: "POST",
      body: csvUpload(`orderId,clientFulfillmentId,trackingNumber\n${a.orders.held[0].name},,1ZFORGED\n`),
    }, await sessionToken(SHOP_A, "not-the-app-secret"));
    expect(forged.status).toBe(401);
    expect(await t.db.shipment.count()).toBe(before);
  });

  it("import tracking for the token's shop, and name the other shop's orders as unknown", async () => {
    const foreign = await bearer(SHOP_A, "/app/fulfillments/import", {
      method: "POST",
      body: csvUpload(`orderId,clientFulfillmentId,trackingNumber\n${b.orders.held[0].platformOrderId},,1ZFOREIGN\n`),
    });
    expect(foreign.status).toBe(422);
    const own = await bearer(SHOP_A, "/app/fulfillments/import", {
      method: "POST",
      body: csvUpload(`orderId,clientFulfillmentId,trackingNumber\n${a.orders.held[0].name},,1ZEMBEDDED1\n`),
    });
    expect(own.status).toBe(200);
    const part = await t.db.fulfillment.findUniqueOrThrow({ where: { id: a.orders.held[0].fulfillmentId }, include: { shipments: true } });
    expect(part.shipments.map((s) => s.trackingNumbers)).toEqual(['["1ZEMBEDDED1"]']);
  });

  it("save settings for the token's shop only", async () => {
    const res = await bearer(SHOP_B, "/app/settings.data", {
      method: "POST",
      body: new URLSearchParams({ holdSchedule: "30 * * * *", holdDelayMinutes: "5", notifyCustomers: "on" }),
    });
    expect(res.status).toBe(200);
    expect((await t.db.shop.findUniqueOrThrow({ where: { id: b.shop.id } })).holdSchedule).toBe("30 * * * *");
    expect((await t.db.shop.findUniqueOrThrow({ where: { id: a.shop.id } })).holdSchedule).toBe("0 * * * *");
  });
});
