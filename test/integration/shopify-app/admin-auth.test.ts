// The embedded admin outside sandbox mode, over HTTP: /app refuses a request without a valid
// Shopify session the way shopify-app-remix does, and a valid App Bridge session token for a new
// shop gets its expiring offline token by token exchange (at the Shopify stand-in) and its Shop row.
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ShopifyStandIn, startShopifyStandIn } from "../../../sandbox/shopify";
import { type AppServer, startAppServer } from "../../support/app-server";
import { createTestDb, type TestDb } from "../../support/db";
import { API_KEY, API_SECRET, OTHER_SHOP, SHOP, useProductionEnv } from "./support";

let t: TestDb;
let app: AppServer;
let shopify: ShopifyStandIn;

beforeAll(async () => {
  t = await createTestDb();
  shopify = await startShopifyStandIn({ shop: SHOP, shops: [OTHER_SHOP], apiKey: API_KEY, apiSecret: API_SECRET });
  useProductionEnv(t.url, { SHOPIFY_ADMIN_BASE_URL: `${shopify.url}/shops/{shop}` });
  app = await startAppServer();
});

afterAll(async () => {
  await app?.close();
  await shopify?.close();
  await t?.close();
});

/** An App Bridge session token (HS256 with the app secret; aud = API key, dest = the shop). */
async function sessionToken(shop: string, opts: { secret?: string; aud?: string; expiresIn?: number } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ dest: `https://${shop}`, sid: "session-1" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(`https://${shop}/admin`)
    .setAudience(opts.aud ?? API_KEY)
    .setSubject("42")
    .setIssuedAt(now - 5)
    .setNotBefore(now - 5)
    .setExpirationTime(now + (opts.expiresIn ?? 60))
    .setJti(crypto.randomUUID())
    .sign(new TextEncoder().encode(opts.secret ?? API_SECRET));
}

// shopify-app-remix answers bots (node's fetch user agent among them) with 410; the admin is a browser.
const BROWSER = { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36" };
const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers: { ...BROWSER, ...headers }, redirect: "manual" });

const host = (shop: string) => Buffer.from(`admin.shopify.com/store/${shop.split(".")[0]}`).toString("base64url");

describe("/app outside sandbox mode", () => {
  it("sends a request with no shop and no session token to the login page", async () => {
    const res = await get(`${app.url}/app`);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/auth/login");
    expect(await t.db.shop.count()).toBe(0);
  });

  it("refuses a forged, expired or foreign session token with 401 and creates nothing", async () => {
    const tokens = [
      "not-a-jwt",
      await sessionToken(SHOP, { secret: "someone-else's-secret" }),
      await sessionToken(SHOP, { aud: "another-app" }),
      await sessionToken(SHOP, { expiresIn: -120 }),
    ];
    for (const token of tokens) {
      const res = await get(`${app.url}/app`, { Authorization: `Bearer ${token}` });
      expect(res.status, token).toBe(401);
      expect(res.headers.get("x-shopify-retry-invalid-session-request")).toBe("1");
    }
    // the same for a loader's data request (single fetch)
    const data = await get(`${app.url}/app.data?_routes=routes%2Fapp`, { Authorization: `Bearer ${tokens[1]}` });
    expect(data.status).toBe(401);
    expect(await t.db.shop.count()).toBe(0);
    expect(await t.db.session.count()).toBe(0);
  });

  it("exchanges a valid session token of a new shop for an expiring offline token and opens the admin", async () => {
    const token = await sessionToken(SHOP);
    const res = await get(`${app.url}/app?embedded=1&shop=${SHOP}&host=${host(SHOP)}&id_token=${token}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    // the layout's loader data names the shop; App Bridge is loaded with our API key
    expect(html).toContain(SHOP);
    expect(html).toContain(`data-api-key="${API_KEY}"`);
    expect(html).toContain("app-bridge.js");
    expect(html).toContain("ui-nav-menu");

    const session = await t.db.session.findUniqueOrThrow({ where: { id: `offline_${SHOP}` } });
    expect(session.isOnline).toBe(false);
    expect(session.accessToken).toMatch(/^shpat_/);
    expect(session.refreshToken).toMatch(/^shprt_/);
    // expiring offline tokens live 60 minutes (notes/shopify.md §5)
    expect(session.expires!.getTime() - Date.now()).toBeGreaterThan(55 * 60_000);
    // afterAuth stored the shop
    const shop = await t.db.shop.findUniqueOrThrow({ where: { platform_domain: { platform: "SHOPIFY", domain: SHOP } } });
    expect(shop.uninstalledAt).toBeNull();

    // the offline token works against the shop's Admin API
    const probe = await fetch(shopify.graphqlUrl(SHOP), {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": session.accessToken },
      body: JSON.stringify({ query: "{ shop { myshopifyDomain } }" }),
    });
    expect(await probe.json()).toMatchObject({ data: { shop: { myshopifyDomain: SHOP } } });
  });

  it("serves a loader's data request with a session token in the Authorization header, without a new exchange", async () => {
    const before = await t.db.session.findUniqueOrThrow({ where: { id: `offline_${SHOP}` } });
    const res = await get(`${app.url}/app.data?_routes=routes%2Fapp`, { Authorization: `Bearer ${await sessionToken(SHOP)}` });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(SHOP);
    const after = await t.db.session.findUniqueOrThrow({ where: { id: `offline_${SHOP}` } });
    expect(after.accessToken).toBe(before.accessToken);
  });

  it("keeps one shop's session token to that shop", async () => {
    const res = await get(`${app.url}/app.data?_routes=routes%2Fapp`, { Authorization: `Bearer ${await sessionToken(OTHER_SHOP)}` });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain(OTHER_SHOP);
    expect(body).not.toContain(SHOP);
  });

  it("serves the login page, and refuses an invalid shop domain there", async () => {
    const page = await get(`${app.url}/auth/login`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Log in to Consign");

    const invalid = await fetch(`${app.url}/auth/login`, {
      method: "POST",
      headers: { ...BROWSER, "Content-Type": "application/x-www-form-urlencoded" },
      body: "shop=not a shop!",
    });
    expect(await invalid.text()).toContain("Please enter a valid shop domain to log in");
  });
});
