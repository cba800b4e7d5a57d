// Partner stores (issue 8) through the admin over HTTP: each side of a partnership sees its
// partner orders — the seller its Partner orders page, the buyer the partner section of its order
// page — and a shop outside the pair cannot read or change them through any route: the Partners
// pages (Polaris and BigDesign, pages and their data requests), a partnership's page, its products
// page, its actions, and the buyer's order page.
import { SignJWT } from "jose";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listPartnerOrders } from "~/use-cases/queries/listPartnerOrders";
import { sendHolds } from "~/use-cases/sendHolds";
import {
  API_KEY,
  API_SECRET,
  BC_STORES,
  buyerPart,
  eventually,
  liveFulfillments,
  partneredCatalogs,
  type PartnerWorld,
  partnerWorldFor,
  placeBuyerOrder,
  sellerShips,
  shopId,
  SHOPIFY_SHOPS,
} from "./support";

const world = partnerWorldFor("isolation.test.ts");
let w: PartnerWorld;
beforeEach(() => {
  w = world();
});

// shopify-app-remix answers bots (node's fetch user agent among them) with 410; the admin is a browser.
const BROWSER = { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36" };

/** An App Bridge session token (HS256 with the app secret; aud = API key, dest = the shop). */
async function sessionToken(shop: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ dest: `https://${shop}`, sid: `session-${shop}` })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(`https://${shop}/admin`)
    .setAudience(API_KEY)
    .setSubject("42")
    .setIssuedAt(now - 5)
    .setNotBefore(now - 5)
    .setExpirationTime(now + 300)
    .setJti(crypto.randomUUID())
    .sign(new TextEncoder().encode(API_SECRET));
}

/** A request of the embedded admin of `shop`: the session token as its Bearer. */
async function asShopify(shop: string, path: string, init: { method?: string; form?: Record<string, string> } = {}) {
  const res = await fetch(`${w.app.url}${path}`, {
    method: init.method ?? "GET",
    redirect: "manual",
    headers: {
      ...BROWSER,
      Authorization: `Bearer ${await sessionToken(shop)}`,
      ...(init.form ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
    },
    body: init.form ? new URLSearchParams(init.form).toString() : undefined,
  });
  return { status: res.status, text: await res.text() };
}

/** The embedded admin's first page load: the session token as id_token in the URL. */
async function shopifyPage(shop: string, path: string) {
  const host = Buffer.from(`admin.shopify.com/store/${shop.split(".")[0]}`).toString("base64url");
  const sep = path.includes("?") ? "&" : "?";
  const res = await fetch(`${w.app.url}${path}${sep}embedded=1&shop=${shop}&host=${host}&id_token=${await sessionToken(shop)}`, {
    headers: BROWSER,
    redirect: "manual",
  });
  return { status: res.status, text: await res.text() };
}

let bcSession: (storeHash: string) => Promise<string>;

/** A request of the BigCommerce admin of `storeHash`: the session token in ?context=. */
async function asBigCommerce(storeHash: string, path: string, init: { method?: string; form?: Record<string, string> } = {}) {
  const sep = path.includes("?") ? "&" : "?";
  const res = await fetch(`${w.app.url}${path}${sep}context=${encodeURIComponent(await bcSession(storeHash))}`, {
    method: init.method ?? "GET",
    redirect: "manual",
    headers: init.form ? { "Content-Type": "application/x-www-form-urlencoded" } : {},
    body: init.form ? new URLSearchParams(init.form).toString() : undefined,
  });
  return { status: res.status, text: await res.text() };
}

interface Pair {
  partnershipId: string;
  fulfillmentId: string;
  buyerOrderId: string;
  buyerOrderName: string;
  sellerOrderId: string;
  tracking: string;
}

/** A partnership with one order posted to the seller and fulfilled there. */
async function fulfilledPair(buyerDomain: string, sellerDomain: string, buyer: "SHOPIFY" | "BIGCOMMERCE", seller: "SHOPIFY" | "BIGCOMMERCE"): Promise<Pair> {
  const { buyerId, skus, sellerCatalog, connectionId, partnershipId, line } = await partneredCatalogs(w, buyer, seller, { buyer: buyerDomain, seller: sellerDomain });
  const buyerOrderId = await placeBuyerOrder(w, buyer, buyerDomain, [line(skus.mug, 1)]);
  const part = await buyerPart(w, buyerId, buyerOrderId, connectionId);
  await sendHolds(w.ctx, { shopId: buyerId });
  const sent = await w.t.db.fulfillment.findUniqueOrThrow({ where: { id: part.id } });
  const tracking = `1Z999AA1${skus.mug.slice(4)}0000`;
  await sellerShips(w, seller, sellerDomain, sent.clientFulfillmentId!, [{ variantId: sellerCatalog.variant[skus.mug]!, quantity: 1 }], {
    numbers: [tracking],
    company: "UPS",
  });
  await eventually(async () => liveFulfillments(w, buyer, buyerDomain, buyerOrderId).length === 1, "the fulfillment on the buyer's store");
  return { partnershipId, fulfillmentId: part.id, buyerOrderId: part.orderId, buyerOrderName: part.order.name, sellerOrderId: sent.clientFulfillmentId!, tracking };
}

let a: Pair; // Shopify buyer ← Shopify seller
let b: Pair; // Shopify other ← BigCommerce seller

beforeAll(async () => {
  const { issueSession } = await import("~/bigcommerce.server");
  bcSession = async (storeHash) => {
    const user = await world().t.db.bcUser.findFirstOrThrow({ where: { shop: { domain: storeHash, platform: "BIGCOMMERCE" } } });
    return issueSession(storeHash, user.userId);
  };
  w = world();
  a = await fulfilledPair(SHOPIFY_SHOPS.buyer, SHOPIFY_SHOPS.seller, "SHOPIFY", "SHOPIFY");
  b = await fulfilledPair(SHOPIFY_SHOPS.other, BC_STORES.seller, "SHOPIFY", "BIGCOMMERCE");
}, 120_000);

describe("each side of a partnership", () => {
  it("the seller's Partner orders page shows its buyers' orders, with what the buyer's store shows", async () => {
    const page = await shopifyPage(SHOPIFY_SHOPS.seller, "/app/partners");
    expect(page.status).toBe(200);
    expect(page.text).toContain("Partner orders");
    expect(page.text).toContain(`Order ${a.buyerOrderName} of partner-buyer`);
    expect(page.text).toContain(a.tracking);
    expect(page.text).toContain("Synced to the buyer");
    expect(page.text).not.toContain(b.tracking);

    const data = await asShopify(SHOPIFY_SHOPS.seller, `/app/partners/${a.partnershipId}.data?_routes=${encodeURIComponent("routes/app.partners_.$id")}`);
    expect(data.status).toBe(200);
    expect(data.text).toContain(a.fulfillmentId);
    expect(data.text).toContain(a.tracking);

    // the BigCommerce seller of the other pair, in the BigDesign admin
    const bc = await asBigCommerce(BC_STORES.seller, "/bc/partners");
    expect(bc.status).toBe(200);
    expect(bc.text).toContain(`Order ${b.buyerOrderName} of partner-other`);
    expect(bc.text).toContain(b.tracking);
    expect(bc.text).not.toContain(a.tracking);
    const bcPartner = await asBigCommerce(BC_STORES.seller, `/bc/partners/${b.partnershipId}`);
    expect(bcPartner.status).toBe(200);
    expect(bcPartner.text).toContain(b.tracking);
  });

  it("the buyer matches its products on the partnership's products page; the seller invites through the page's action", async () => {
    const products = await asShopify(SHOPIFY_SHOPS.buyer, `/app/partners/${a.partnershipId}/products.data?_routes=${encodeURIComponent("routes/app.partners_.$id_.products")}`);
    expect(products.status).toBe(200);
    expect(products.text).toContain("MUG-");
    const page = await shopifyPage(SHOPIFY_SHOPS.buyer, `/app/partners/${a.partnershipId}/products`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Same SKU");
    // the buyer's Products page leads there
    const catalog = await shopifyPage(SHOPIFY_SHOPS.buyer, "/app/products");
    expect(catalog.status).toBe(200);
    expect(catalog.text).toContain("match products from partner-seller");
    expect(catalog.text).toContain(`/app/partners/${a.partnershipId}/products`);

    const invited = await asShopify(SHOPIFY_SHOPS.seller, "/app/partners.data", { method: "POST", form: { intent: "invite", note: "From the page", expiresInHours: "24" } });
    expect(invited.status).toBe(200);
    expect(invited.text).toMatch(/cpi_[A-Za-z0-9_-]{32}/);
    const bad = await asShopify(SHOPIFY_SHOPS.seller, "/app/partners.data", { method: "POST", form: { intent: "invite", expiresInHours: "9999" } });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("expiresInHours");
  });

  it("the buyer's order page names the partner, its order, and each synced fulfillment", async () => {
    const page = await shopifyPage(SHOPIFY_SHOPS.buyer, `/app/orders/${a.buyerOrderId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Partner store");
    expect(page.text).toContain("partner-seller");
    expect(page.text).toContain(`Partner&#x27;s order`);
    expect(page.text).toContain(a.tracking);
    // the seller's own view of the same order names the buyer's order
    const sellerView = await listPartnerOrders(w.ctx, { shopId: shopId(w, SHOPIFY_SHOPS.seller) });
    expect(sellerView.items.map((r) => r.fulfillmentId)).toEqual([a.fulfillmentId]);
  });
});

describe("a shop outside the pair", () => {
  const foreign = () => [
    { label: "partnership page", path: `/app/partners/${a.partnershipId}`, route: "routes/app.partners_.$id" },
    { label: "products page", path: `/app/partners/${a.partnershipId}/products`, route: "routes/app.partners_.$id_.products" },
    { label: "buyer's order page", path: `/app/orders/${a.buyerOrderId}`, route: "routes/app.orders.$id" },
  ];

  it("cannot read another pair's partner orders through any Shopify admin route", async () => {
    for (const outsider of [SHOPIFY_SHOPS.other]) {
      const list = await asShopify(outsider, `/app/partners.data?_routes=${encodeURIComponent("routes/app.partners")}`);
      expect(list.status).toBe(200);
      for (const secret of [a.partnershipId, a.fulfillmentId, a.tracking, a.sellerOrderId]) expect(list.text).not.toContain(secret);
      // the page of its own partnership (it is b's buyer) does not show a's either
      const own = await asShopify(outsider, `/app/partners/${b.partnershipId}.data?_routes=${encodeURIComponent("routes/app.partners_.$id")}`);
      expect(own.status).toBe(200);
      expect(own.text).toContain(b.tracking);
      expect(own.text).not.toContain(a.tracking);
      for (const route of foreign()) {
        const res = await asShopify(outsider, `${route.path}.data?_routes=${encodeURIComponent(route.route)}`);
        expect(res.status, route.label).toBe(404);
        expect(res.text, route.label).not.toContain(a.tracking);
        const html = await shopifyPage(outsider, route.path);
        expect(html.status, route.label).toBe(404);
        expect(html.text, route.label).not.toContain(a.tracking);
      }
    }
    // the seller of pair a is outside pair b: it cannot open b's pages either
    const crossed = await asShopify(SHOPIFY_SHOPS.seller, `/app/partners/${b.partnershipId}.data?_routes=${encodeURIComponent("routes/app.partners_.$id")}`);
    expect(crossed.status).toBe(404);
    // the buyer of pair a cannot match products of b
    const products = await asShopify(SHOPIFY_SHOPS.buyer, `/app/partners/${b.partnershipId}/products.data?_routes=${encodeURIComponent("routes/app.partners_.$id_.products")}`);
    expect(products.status).toBe(404);
  });

  it("cannot end another pair's partnership or change its matches", async () => {
    const end = await asShopify(SHOPIFY_SHOPS.other, `/app/partners/${a.partnershipId}.data`, { method: "POST", form: { intent: "end" } });
    expect(end.status).toBe(404);
    const endFromList = await asShopify(SHOPIFY_SHOPS.other, "/app/partners.data", { method: "POST", form: { intent: "end", partnershipId: a.partnershipId } });
    expect(endFromList.status).toBe(404);
    const match = await asShopify(SHOPIFY_SHOPS.other, `/app/partners/${a.partnershipId}/products.data`, {
      method: "POST",
      form: { buyerVariantId: "gid://shopify/ProductVariant/1", sellerVariantId: "none" },
    });
    expect(match.status).toBe(404);
    const bcEnd = await asBigCommerce(BC_STORES.other, `/bc/partners/${a.partnershipId}.data`, { method: "POST", form: { intent: "end" } });
    expect(bcEnd.status).toBe(404);
    expect(await w.t.db.partnership.findUniqueOrThrow({ where: { id: a.partnershipId } })).toMatchObject({ status: "ACTIVE", endedAt: null });
    expect(await w.t.db.partnerVariantMatch.count({ where: { partnershipId: a.partnershipId, source: "MANUAL" } })).toBe(0);
  });

  it("cannot read them through the BigCommerce admin either", async () => {
    const list = await asBigCommerce(BC_STORES.other, "/bc/partners");
    expect(list.status).toBe(200);
    for (const secret of [a.partnershipId, a.tracking, b.partnershipId, b.tracking]) expect(list.text).not.toContain(secret);
    for (const path of [`/bc/partners/${a.partnershipId}`, `/bc/partners/${b.partnershipId}`, `/bc/partners/${b.partnershipId}/products`, `/bc/orders/${b.buyerOrderId}`]) {
      const res = await asBigCommerce(BC_STORES.other, path);
      expect(res.status, path).toBe(404);
      expect(res.text, path).not.toContain(b.tracking);
    }
  });
});
