// Expiring offline access tokens (notes/shopify.md §5): background work asks offlineAccessToken()
// for a shop's token, which refreshes an expired (or nearly expired) one at the shop's token
// endpoint — here the Shopify stand-in's POST /admin/oauth/access_token — and stores the new
// session before the call is made.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ShopifyStandIn, startShopifyStandIn } from "../../../sandbox/shopify";
import { createTestDb, type TestDb } from "../../support/db";
import { API_KEY, API_SECRET, OTHER_SHOP, SHOP, useProductionEnv } from "./support";

type ShopifyServer = typeof import("~/shopify.server");

let t: TestDb;
let shopify: ShopifyStandIn;
let server: ShopifyServer;

beforeAll(async () => {
  t = await createTestDb();
  shopify = await startShopifyStandIn({ shop: SHOP, shops: [OTHER_SHOP], apiKey: API_KEY, apiSecret: API_SECRET });
  useProductionEnv(t.url, { SHOPIFY_ADMIN_BASE_URL: `${shopify.url}/shops/{shop}` });
  server = await import("~/shopify.server");
});

afterAll(async () => {
  await shopify?.close();
  await t?.close();
});

/** Stores the shop's offline session as token exchange left it, with `expires` as given. */
async function storeSession(shop: string, expires: Date) {
  const issued = shopify.issueToken({ shop, expiring: true });
  await t.db.session.upsert({
    where: { id: `offline_${shop}` },
    create: {
      id: `offline_${shop}`,
      shop,
      state: "",
      isOnline: false,
      scope: issued.scope,
      accessToken: issued.access_token,
      expires,
      refreshToken: issued.refresh_token!,
      refreshTokenExpires: new Date(Date.now() + issued.refresh_token_expires_in! * 1000),
    },
    update: { accessToken: issued.access_token, expires, refreshToken: issued.refresh_token! },
  });
  return issued;
}

/** A background call: the Admin API with the token offlineAccessToken gave. */
async function adminCall(shop: string, token: string) {
  const res = await fetch(shopify.graphqlUrl(shop), {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token },
    body: JSON.stringify({ query: "{ shop { myshopifyDomain } }" }),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

describe("offlineAccessToken", () => {
  it("refreshes an expired offline token before a background call and stores the new session", async () => {
    const old = await storeSession(SHOP, new Date(Date.now() - 60_000));
    shopify.expireToken(old.access_token);
    expect((await adminCall(SHOP, old.access_token)).status).toBe(401);

    const token = await server.offlineAccessToken(SHOP);
    expect(token).not.toBe(old.access_token);
    expect(await adminCall(SHOP, token)).toEqual({ status: 200, body: expect.objectContaining({ data: { shop: { myshopifyDomain: SHOP } } }) });

    const stored = await t.db.session.findUniqueOrThrow({ where: { id: `offline_${SHOP}` } });
    expect(stored.accessToken).toBe(token);
    expect(stored.refreshToken).not.toBe(old.refresh_token);
    expect(stored.expires!.getTime() - Date.now()).toBeGreaterThan(55 * 60_000);
  });

  it("refreshes a token that expires within five minutes, and leaves a fresh one alone", async () => {
    const nearlyExpired = await storeSession(SHOP, new Date(Date.now() + 2 * 60_000));
    const refreshed = await server.offlineAccessToken(SHOP);
    expect(refreshed).not.toBe(nearlyExpired.access_token);
    // fresh now: the same token comes back, nothing is refreshed
    expect(await server.offlineAccessToken(SHOP)).toBe(refreshed);
    const stored = await t.db.session.findUniqueOrThrow({ where: { id: `offline_${SHOP}` } });
    expect(stored.accessToken).toBe(refreshed);
  });

  it("refreshes at once a token Shopify refused, but not one already replaced", async () => {
    const old = await storeSession(SHOP, new Date(Date.now() + 30 * 60_000));
    shopify.expireToken(old.access_token);
    expect((await adminCall(SHOP, old.access_token)).status).toBe(401);

    const token = await server.offlineAccessToken(SHOP, { refused: old.access_token });
    expect(token).not.toBe(old.access_token);
    expect((await adminCall(SHOP, token)).status).toBe(200);
    // another caller still holding the old token gets the current one, without a second refresh
    expect(await server.offlineAccessToken(SHOP, { refused: old.access_token })).toBe(token);
  });

  it("shares one refresh between concurrent callers", async () => {
    const old = await storeSession(SHOP, new Date(Date.now() - 1_000));
    const tokens = await Promise.all([1, 2, 3, 4].map(() => server.offlineAccessToken(SHOP)));
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(old.access_token);
    expect((await adminCall(SHOP, tokens[0])).status).toBe(200);
  });

  it("is what the running app's Shopify adapter calls with: an expired token is refreshed before its call", async () => {
    const product = shopify.store.createProduct({ title: "Refresh Hat", variants: [{ sku: "RH-1", price: "12.00" }] });
    const old = await storeSession(SHOP, new Date(Date.now() - 60_000));
    shopify.expireToken(old.access_token);
    const seenBefore = shopify.requests.length;

    const { appContext } = await import("~/lib/app-context.server");
    const page = await appContext().platform("SHOPIFY").listProducts({ id: "shop-1", platform: "SHOPIFY", domain: SHOP }, null);
    expect(page.items.map((p) => [p.id, p.variants.map((v) => v.sku)])).toContainEqual([product.id, ["RH-1"]]);
    // every call went out with the refreshed token: not one 401 round trip
    const calls = shopify.requests.slice(seenBefore);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.outcome === "ok")).toBe(true);
    const stored = await t.db.session.findUniqueOrThrow({ where: { id: `offline_${SHOP}` } });
    expect(stored.accessToken).not.toBe(old.access_token);
  });

  it("fails with a clear error when the refresh is refused or there is no session", async () => {
    await storeSession(OTHER_SHOP, new Date(Date.now() - 1_000));
    await t.db.session.update({ where: { id: `offline_${OTHER_SHOP}` }, data: { refreshToken: "shprt_revoked" } });
    await expect(server.offlineAccessToken(OTHER_SHOP)).rejects.toThrow(/token refresh refused \(400\)/);
    await expect(server.offlineAccessToken(OTHER_SHOP)).rejects.toBeInstanceOf(server.OfflineSessionError);

    await expect(server.offlineAccessToken("never-installed.myshopify.com")).rejects.toThrow(/no offline session/);
  });
});
