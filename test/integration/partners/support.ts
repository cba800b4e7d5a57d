// A world of partner stores over real HTTP (issue 8): the Shopify stand-in serving several shops
// (each executes every operation against Shopify's official 2026-10 schema), the BigCommerce
// stand-in serving several stores (every request and answer checked against BigCommerce's OpenAPI
// files), and the real app (test/support/app-server.ts) receiving both stand-ins' webhooks. Shops
// are installed the way the platforms install them: Shopify offline sessions with the stand-in's
// tokens, BigCommerce stores through the app's own /bc/auth callback (which registers the hooks).
// The test drives the jobs (hold, sync, push) through the use cases with a context built like
// production's, on the same database.
import { createHmac, randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect } from "vitest";
import { createBigCommercePlatform } from "~/platforms/bigcommerce";
import { createKeyring, type Keyring } from "~/lib/crypto.server";
import type { Platform, PlatformKind } from "~/platforms/port";
import { createShopifyPlatform } from "~/platforms/shopify/adapter";
import { registry } from "~/plugins/registry";
import { activateConnection } from "~/use-cases/activateConnection";
import { assignProducts } from "~/use-cases/assignProducts";
import type { AppContext } from "~/use-cases/context";
import { createPartnerInvitation } from "~/use-cases/createPartnerInvitation";
import { openBigCommerceToken } from "~/use-cases/shared/bigCommerce";
import { type BigCommerceStandIn, startBigCommerceStandIn } from "../../../sandbox/bigcommerce";
import { type ShopifyStandIn, startShopifyStandIn } from "../../../sandbox/shopify";
import { type AppServer, startAppServer } from "../../support/app-server";
import { createTestDb, type TestDb } from "../../support/db";

export const API_KEY = "consign-partners-api-key";
export const API_SECRET = "consign-partners-api-secret";
export const BC_CLIENT_ID = "consign-partners-bc-client";
export const BC_CLIENT_SECRET = "consign-partners-bc-secret";
/** the public URL the app is deployed at (BigCommerce hooks must be https on 443); the stand-ins resolve it to the test server */
export const APP_URL = "https://consign.example.com";

export const SHOPIFY_SHOPS = {
  buyer: "partner-buyer.myshopify.com",
  seller: "partner-seller.myshopify.com",
  other: "partner-other.myshopify.com",
} as const;
export const BC_STORES = { buyer: "bcbuyer", seller: "bcseller", other: "bcother" } as const;

export interface PartnerWorld {
  t: TestDb;
  shopify: ShopifyStandIn;
  bc: BigCommerceStandIn;
  app: AppServer;
  ctx: AppContext;
  keyring: Keyring;
  /** our Shop row ids, by domain / store hash */
  shopIds: Map<string, string>;
  /** Shopify webhook topics that go nowhere for now: a missed delivery (given up after the retries) */
  mutedTopics: Set<string>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startPartnerWorld(): Promise<PartnerWorld> {
  const t = await createTestDb();
  let appUrl = "";
  const toApp = (path: string) => `${appUrl}${path}`;
  const mutedTopics = new Set<string>();
  const shopify = await startShopifyStandIn({
    shop: SHOPIFY_SHOPS.buyer,
    shops: [SHOPIFY_SHOPS.seller, SHOPIFY_SHOPS.other],
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    webhooks: {
      // a muted topic goes to a port nobody listens on: the delivery fails and is given up
      url: (topic) => (mutedTopics.has(topic) ? "http://127.0.0.1:9/missed" : toApp(`/webhooks/${topic}`)),
      autoTopics: ["orders/create", "fulfillments/create", "fulfillments/update"],
      retries: 3,
      retryDelayMs: 100,
    },
  });
  const bc = await startBigCommerceStandIn({
    storeHash: BC_STORES.buyer,
    clientId: BC_CLIENT_ID,
    clientSecret: BC_CLIENT_SECRET,
    redirectUri: `${APP_URL}/bc/auth`,
    resolveWebhookDestination: (destination) => {
      const url = new URL(destination);
      return toApp(`${url.pathname}${url.search}`);
    },
  });
  bc.addStore({ hash: BC_STORES.seller });
  bc.addStore({ hash: BC_STORES.other });

  const encryptionKey = Buffer.alloc(32, 11).toString("base64");
  delete process.env.CONSIGN_SANDBOX;
  Object.assign(process.env, {
    DATABASE_URL: t.url,
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET,
    SHOPIFY_APP_URL: APP_URL,
    SHOPIFY_ADMIN_BASE_URL: `${shopify.url}/shops/{shop}`,
    CONSIGN_ENCRYPTION_KEY: encryptionKey,
    CONSIGN_SANDBOX: "0",
    BIGCOMMERCE_CLIENT_ID: BC_CLIENT_ID,
    BIGCOMMERCE_CLIENT_SECRET: BC_CLIENT_SECRET,
    BIGCOMMERCE_LOGIN_URL: bc.loginBase,
    BIGCOMMERCE_API_URL: bc.apiBase,
    BIGCOMMERCE_APP_URL: APP_URL,
  });
  const app = await startAppServer();
  appUrl = app.url;

  const keyring = createKeyring({ CONSIGN_ENCRYPTION_KEY: encryptionKey });
  const shopifyPlatform = createShopifyPlatform({
    endpoint: (shop) => shopify.graphqlUrl(shop),
    accessToken: async (shop) => shopify.accessTokenFor(shop.domain),
    timeoutMs: 1_500,
    retry: { retries: 2, minDelayMs: 20, maxDelayMs: 100 },
  });
  // as lib/bc-platform.server.ts builds it (each store's sealed token from its row), with a short timeout
  const bigcommerce = createBigCommercePlatform({
    apiBase: bc.apiBase,
    timeoutMs: 1_500,
    retryBaseMs: 5,
    async accessToken(shop) {
      const row = await t.db.shop.findUniqueOrThrow({ where: { id: shop.id } });
      if (!row.accessTokenEnc) throw new Error(`store ${shop.domain} has no token`);
      return openBigCommerceToken(keyring, shop.id, row.accessTokenEnc);
    },
  });
  const platforms: Record<PlatformKind, Platform> = { SHOPIFY: shopifyPlatform, BIGCOMMERCE: bigcommerce };
  const ctx: AppContext = {
    db: t.db,
    now: () => new Date(),
    // the jobs wait for real only where a vendor asks; these tests need no waiting
    sleep: async () => {},
    plugins: registry,
    platform: (kind) => platforms[kind],
    fetch: globalThis.fetch,
    pluginBaseUrls: {},
    appUrl: APP_URL,
    keyring,
    actor: "test",
  };

  const world: PartnerWorld = {
    t,
    shopify,
    bc,
    app,
    ctx,
    keyring,
    shopIds: new Map(),
    mutedTopics,
    async close() {
      await app.close();
      await shopify.close();
      await bc.close();
      await t.close();
    },
  };
  for (const domain of Object.values(SHOPIFY_SHOPS)) world.shopIds.set(domain, await installShopify(world, domain));
  for (const hash of Object.values(BC_STORES)) world.shopIds.set(hash, await installBigCommerce(world, hash));
  return world;
}

/** A Shopify shop as token exchange leaves it: its Shop row and a (non-expiring) offline session. */
async function installShopify(w: PartnerWorld, domain: string): Promise<string> {
  const shop = await w.t.db.shop.create({ data: { platform: "SHOPIFY", domain, name: domain.split(".")[0] } });
  await w.t.db.session.create({
    data: {
      id: `offline_${domain}`,
      shop: domain,
      state: "",
      isOnline: false,
      scope: "read_orders,write_orders,read_products,read_fulfillments,write_merchant_managed_fulfillment_orders,write_third_party_fulfillment_orders",
      accessToken: w.shopify.accessTokenFor(domain),
    },
  });
  return shop.id;
}

/** A BigCommerce store installed the way a merchant's browser does it: the app's GET /bc/auth with a fresh code. */
async function installBigCommerce(w: PartnerWorld, storeHash: string): Promise<string> {
  const grant = w.bc.authorize({ storeHash, user: { id: 1000 + w.shopIds.size, email: `owner@${storeHash}.example` } });
  const query = new URLSearchParams({ code: grant.code, scope: grant.scope, context: grant.context, account_uuid: grant.account_uuid });
  const res = await fetch(`${w.app.url}/bc/auth?${query}`, { redirect: "manual" });
  expect(res.status, `install of ${storeHash}: ${await res.text()}`).toBe(302);
  const shop = await w.t.db.shop.findUniqueOrThrow({ where: { platform_domain: { platform: "BIGCOMMERCE", domain: storeHash } } });
  await w.t.db.shop.update({ where: { id: shop.id }, data: { name: storeHash } });
  return shop.id;
}

/** One world for a test file (`what` names it in errors): started before its tests, closed after them. */
export function partnerWorldFor(what: string): () => PartnerWorld {
  let world: PartnerWorld | undefined;
  beforeAll(async () => {
    world = await startPartnerWorld();
  }, 240_000);
  afterAll(async () => {
    await world?.close();
  });
  return () => {
    if (!world) throw new Error(`the partner world of ${what} did not start`);
    return world;
  };
}

/** The buyer's or seller's store of a platform in the world. */
export const domainOf = (platform: PlatformKind, side: "buyer" | "seller"): string => (platform === "SHOPIFY" ? SHOPIFY_SHOPS[side] : BC_STORES[side]);

export function shopId(w: PartnerWorld, domain: string): string {
  const id = w.shopIds.get(domain);
  if (!id) throw new Error(`no shop ${domain}`);
  return id;
}

/** Waits until `check` holds (webhook work finishes after the answer). */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, what: string, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

// ———————————————————————————————————— catalogs and orders, per platform ————————————————————————————————————

export interface Catalog {
  /** product id → variant ids by SKU */
  products: { productId: string; variants: Record<string, string> }[];
  /** variant id by SKU */
  variant: Record<string, string>;
}

/** Products with these SKUs: a mug (one variant) and a tee (two). */
export async function makeCatalog(w: PartnerWorld, platform: PlatformKind, shop: string, skus: { mug: string; teeS: string; teeM: string }): Promise<Catalog> {
  const catalog: Catalog = { products: [], variant: {} };
  if (platform === "SHOPIFY") {
    const store = w.shopify.storeFor(shop);
    const mug = store.createProduct({ title: "Enamel mug", variants: [{ title: "Default Title", sku: skus.mug, price: "12.00" }] });
    const tee = store.createProduct({
      title: "Logo tee",
      variants: [
        { title: "S", sku: skus.teeS, price: "20.00" },
        { title: "M", sku: skus.teeM, price: "20.00" },
      ],
    });
    for (const p of [mug, tee]) {
      const variants = Object.fromEntries(p.variants.map((v) => [v.sku ?? "", v.id]));
      catalog.products.push({ productId: p.id, variants });
      Object.assign(catalog.variant, variants);
    }
    return catalog;
  }
  const store = w.bc.getStore(shop)!;
  const mug = store.createProduct({ name: "Enamel mug", sku: skus.mug, price: 12 });
  const tee = store.createProduct({
    name: "Logo tee",
    variants: [
      { sku: skus.teeS, options: { Size: "S" }, price: 20 },
      { sku: skus.teeM, options: { Size: "M" }, price: 20 },
    ],
  });
  for (const p of [mug, tee]) {
    const variants = Object.fromEntries(p.variants.map((v) => [v.sku, String(v.id)]));
    catalog.products.push({ productId: String(p.id), variants });
    Object.assign(catalog.variant, variants);
  }
  return catalog;
}

export const SHIP_TO = {
  firstName: "Ada",
  lastName: "Lovelace",
  address1: "12 Analytical Way",
  city: "Portland",
  province: "Oregon",
  provinceCode: "OR",
  zip: "97201",
  country: "United States",
  countryCode: "US",
  phone: "+15035550100",
};

/** A customer's order in the buyer's store; its webhook brings it to Consign. Returns the platform order id. */
export async function placeBuyerOrder(
  w: PartnerWorld,
  platform: PlatformKind,
  shop: string,
  lines: { variantId: string; productId: string; quantity: number }[],
): Promise<string> {
  if (platform === "SHOPIFY") {
    const order = w.shopify.storeFor(shop).createOrder({
      email: "ada@example.com",
      shippingAddress: SHIP_TO,
      lines: lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity })),
    });
    return order.id;
  }
  const order = w.bc.getStore(shop)!.createOrder({
    products: lines.map((l) => ({ productId: Number(l.productId), variantId: Number(l.variantId), quantity: l.quantity })),
    shippingAddresses: [
      {
        first_name: SHIP_TO.firstName,
        last_name: SHIP_TO.lastName,
        street_1: SHIP_TO.address1,
        city: SHIP_TO.city,
        state: SHIP_TO.province,
        zip: SHIP_TO.zip,
        country: SHIP_TO.country,
        country_iso2: SHIP_TO.countryCode,
        phone: SHIP_TO.phone,
        email: "ada@example.com",
      },
    ],
  });
  return String(order.id);
}

/** Sets up a partnership the way the two merchants do: the seller invites, the buyer activates the plugin with the code. */
export async function partner(w: PartnerWorld, buyerShopId: string, sellerShopId: string) {
  const open = await w.t.db.partnership.findFirst({ where: { shopId: buyerShopId, sellerShopId, status: "ACTIVE" } });
  if (open) return { connectionId: open.connectionId, partnershipId: open.id };
  const { code } = await createPartnerInvitation(w.ctx, { shopId: sellerShopId, note: "test partner" });
  const activated = await activateConnection(w.ctx, { shopId: buyerShopId, kind: "partner-store", credentials: { invitationCode: code } });
  const partnership = await w.t.db.partnership.findUniqueOrThrow({ where: { connectionId: activated.connection.id } });
  return { connectionId: activated.connection.id, partnershipId: partnership.id };
}

/**
 * Two stores of the world partnered (the buyer on `buyer`, the seller on `seller`), each with the
 * same fresh catalog (new SKUs each time), the buyer's products assigned to the partner store.
 */
export async function partneredCatalogs(
  w: PartnerWorld,
  buyer: PlatformKind,
  seller: PlatformKind,
  /** other stores of the world than the platforms' buyer and seller */
  stores: { buyer?: string; seller?: string } = {},
) {
  const buyerDomain = stores.buyer ?? domainOf(buyer, "buyer");
  const sellerDomain = stores.seller ?? domainOf(seller, "seller");
  const buyerId = shopId(w, buyerDomain);
  const sellerId = shopId(w, sellerDomain);
  const s = uniqueSuffix();
  const skus = { mug: `MUG-${s}`, teeS: `TEE-S-${s}`, teeM: `TEE-M-${s}` };
  const sellerCatalog = await makeCatalog(w, seller, sellerDomain, skus);
  const buyerCatalog = await makeCatalog(w, buyer, buyerDomain, skus);
  const { connectionId, partnershipId } = await partner(w, buyerId, sellerId);
  await assignAll(w, buyerId, connectionId, buyerCatalog);
  /** an order line of the buyer's catalog, by SKU */
  const line = (sku: string, quantity: number) => {
    const product = buyerCatalog.products.find((p) => sku in p.variants)!;
    return { productId: product.productId, variantId: buyerCatalog.variant[sku]!, quantity };
  };
  return { buyerDomain, sellerDomain, buyerId, sellerId, skus, sellerCatalog, buyerCatalog, connectionId, partnershipId, line };
}

export async function assignAll(w: PartnerWorld, shopIdValue: string, connectionId: string, catalog: Catalog): Promise<void> {
  await assignProducts(w.ctx, { shopId: shopIdValue, connectionId, products: catalog.products.map((p) => ({ productId: p.productId })) });
}

/** The buyer's Consign order and its partner part, once the order webhook brought it in. */
export async function buyerPart(w: PartnerWorld, shopIdValue: string, platformOrderId: string, connectionId: string) {
  return eventually(
    () =>
      w.t.db.fulfillment.findFirst({
        where: { shopId: shopIdValue, connectionId, order: { platformOrderId } },
        include: { order: { include: { lines: true } }, lines: true },
      }),
    `the part of order ${platformOrderId}`,
  );
}

// ———————————————————————————————————— the seller's own admin ————————————————————————————————————

/** A raw Admin GraphQL call to a shop of the stand-in, as the seller's own admin (or another app) makes it. */
export async function sellerGraphql<T>(w: PartnerWorld, shop: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await fetch(w.shopify.graphqlUrl(shop), {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": w.shopify.accessTokenFor(shop) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown };
  if (!body.data || body.errors) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

const FULFILL = `mutation SellerFulfill($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) { fulfillment { id status } userErrors { field message } }
}`;
const CANCEL = `mutation SellerCancel($id: ID!) { fulfillmentCancel(id: $id) { fulfillment { id status } userErrors { field message } } }`;

/**
 * The seller ships some units of its partner order from its own admin: one fulfillment with this
 * tracking. Lines by the seller's variant id. Returns the seller fulfillment (Shopify) or shipment (BigCommerce) id.
 */
export async function sellerShips(
  w: PartnerWorld,
  platform: PlatformKind,
  shop: string,
  sellerOrderId: string,
  lines: { variantId: string; quantity: number }[],
  tracking: { numbers: string[]; company: string },
): Promise<string> {
  if (platform === "SHOPIFY") {
    const snapshot = w.shopify.storeFor(shop).orderSnapshot(sellerOrderId);
    const byFo = new Map<string, { id: string; quantity: number }[]>();
    for (const want of lines) {
      const item = snapshot.lineItems.find((li) => li.variantId === want.variantId);
      if (!item) throw new Error(`seller order has no line of variant ${want.variantId}`);
      const fo = snapshot.fulfillmentOrders.find((f) => f.lineItems.some((l) => l.lineItemId === item.id && l.remainingQuantity > 0));
      if (!fo) throw new Error(`nothing left of variant ${want.variantId}`);
      const foLine = fo.lineItems.find((l) => l.lineItemId === item.id)!;
      byFo.set(fo.id, [...(byFo.get(fo.id) ?? []), { id: foLine.id, quantity: want.quantity }]);
    }
    const data = await sellerGraphql<{ fulfillmentCreate: { fulfillment: { id: string } | null; userErrors: { message: string }[] } }>(w, shop, FULFILL, {
      fulfillment: {
        lineItemsByFulfillmentOrder: [...byFo].map(([fulfillmentOrderId, items]) => ({ fulfillmentOrderId, fulfillmentOrderLineItems: items })),
        notifyCustomer: false,
        trackingInfo: { company: tracking.company, numbers: tracking.numbers },
      },
    });
    if (!data.fulfillmentCreate.fulfillment) throw new Error(`fulfillmentCreate refused: ${JSON.stringify(data.fulfillmentCreate.userErrors)}`);
    return data.fulfillmentCreate.fulfillment.id;
  }
  const store = w.bc.getStore(shop)!;
  const base = `${w.bc.apiBase}/stores/${shop}/v2/orders/${sellerOrderId}`;
  const headers = { "X-Auth-Token": store.accessToken, Accept: "application/json", "Content-Type": "application/json" };
  const products = (await (await fetch(`${base}/products`, { headers })).json()) as { id: number; variant_id: number; order_address_id: number }[];
  const items = lines.map((want) => {
    const product = products.find((p) => String(p.variant_id) === want.variantId);
    if (!product) throw new Error(`seller order has no product of variant ${want.variantId}`);
    return { order_product_id: product.id, quantity: want.quantity };
  });
  if (tracking.numbers.length > 1) throw new Error("a BigCommerce shipment carries one tracking number");
  const res = await fetch(`${base}/shipments`, {
    method: "POST",
    headers,
    body: JSON.stringify({
      order_address_id: products[0]!.order_address_id,
      tracking_number: tracking.numbers[0] ?? "",
      shipping_provider: tracking.company.toLowerCase(),
      items,
    }),
  });
  const body = (await res.json()) as { id: number };
  if (res.status !== 201) throw new Error(`POST shipments answered ${res.status}: ${JSON.stringify(body)}`);
  return String(body.id);
}

/** The seller takes a fulfillment back: Shopify fulfillmentCancel, BigCommerce DELETE of the shipment. */
export async function sellerCancels(w: PartnerWorld, platform: PlatformKind, shop: string, sellerOrderId: string, id: string): Promise<void> {
  if (platform === "SHOPIFY") {
    const data = await sellerGraphql<{ fulfillmentCancel: { userErrors: { message: string }[] } }>(w, shop, CANCEL, { id });
    if (data.fulfillmentCancel.userErrors.length) throw new Error(JSON.stringify(data.fulfillmentCancel.userErrors));
    return;
  }
  const store = w.bc.getStore(shop)!;
  const res = await fetch(`${w.bc.apiBase}/stores/${shop}/v2/orders/${sellerOrderId}/shipments/${id}`, {
    method: "DELETE",
    headers: { "X-Auth-Token": store.accessToken, Accept: "application/json", "Content-Type": "application/json" },
  });
  if (res.status !== 204) throw new Error(`DELETE shipment answered ${res.status}`);
}

// ———————————————————————————————————— what each store holds ————————————————————————————————————

export interface StoreFulfillment {
  id: string;
  /** by the store's variant id */
  lines: Record<string, number>;
  trackingNumbers: string[];
}

/** The live (not cancelled) fulfillments / shipments of an order, as the store holds them. */
export function liveFulfillments(w: PartnerWorld, platform: PlatformKind, shop: string, platformOrderId: string): StoreFulfillment[] {
  if (platform === "SHOPIFY") {
    const store = w.shopify.storeFor(shop);
    const snapshot = store.orderSnapshot(platformOrderId);
    const variantOf = new Map(snapshot.lineItems.map((li) => [li.id, li.variantId ?? li.id]));
    return snapshot.fulfillments
      .filter((f) => f.status === "SUCCESS")
      .map((f) => {
        const lines: Record<string, number> = {};
        for (const l of f.lines) {
          const v = variantOf.get(l.lineItemId)!;
          lines[v] = (lines[v] ?? 0) + l.quantity;
        }
        return { id: f.id, lines, trackingNumbers: f.trackingInfo.flatMap((t) => (t.number ? [t.number] : [])) };
      });
  }
  const store = w.bc.getStore(shop)!;
  const order = store.orders.get(Number(platformOrderId))!;
  return order.shipments.map((s) => {
    const lines: Record<string, number> = {};
    for (const item of s.items) {
      const v = String(order.products.find((p) => p.id === item.order_product_id)!.variant_id);
      lines[v] = (lines[v] ?? 0) + item.quantity;
    }
    return { id: String(s.id), lines, trackingNumbers: s.tracking_number ? [s.tracking_number] : [] };
  });
}

/** The partner orders in the seller's store: Shopify by the partner tag, BigCommerce by external_order_id. */
export function sellerPartnerOrders(w: PartnerWorld, platform: PlatformKind, shop: string): { id: string; reference: string | null }[] {
  if (platform === "SHOPIFY") {
    return [...w.shopify.storeFor(shop).orders.values()]
      .filter((o) => o.tags.includes("consign-partner"))
      .map((o) => ({ id: o.id, reference: o.sourceIdentifier }));
  }
  return [...w.bc.getStore(shop)!.orders.values()]
    .filter((o) => o.external_order_id.startsWith("consign-"))
    .map((o) => ({ id: String(o.id), reference: o.external_order_id }));
}

/** Shopify-style HMAC of a body, for hand-made deliveries. */
export function shopifyHmac(body: string): string {
  return createHmac("sha256", API_SECRET).update(body, "utf8").digest("base64");
}

export const uniqueSuffix = () => randomBytes(3).toString("hex").toUpperCase();
