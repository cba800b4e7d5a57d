// The whole system on one machine, for end-to-end tests, benchmarks and the sandbox script: a fresh
// SQLite database, the Shopify, ShipStation and ShipBob stand-ins over real HTTP, optionally the
// real Remix app (so the Shopify stand-in delivers signed webhooks to it), an installed shop with
// its offline session, ShipStation and ShipBob activated through the real use case, and the
// AppContext built exactly as production builds it (app/lib/app-context.server.ts) — only the
// URLs and credentials in the environment point at the stand-ins.
//
// A world sets process.env (the app reads its configuration from there, once): one world per
// process. Child processes (workers) get the same environment from `world.childEnv()`.
import { randomBytes } from "node:crypto";
import { type ShipBobStandIn, type ShipBobStandInOptions, startShipBobStandIn } from "../../sandbox/shipbob";
import { type ShipStationStandIn, type ShipStationStandInOptions, startShipStationStandIn } from "../../sandbox/shipstation";
import { type OrderSnapshot, type ShopifyStandIn, type ShopifyStandInOptions, startShopifyStandIn } from "../../sandbox/shopify";
import type { AppContext } from "../../app/use-cases/context";
import { type AppServer, startAppServer } from "./app-server";
import { createTestDb, type TestDb } from "./db";

export const WORLD_API_KEY = "consign-world-api-key";
export const WORLD_API_SECRET = "consign-world-api-secret";
export const WORLD_SHOP = "consign-world.myshopify.com";

export type FulfillerKind = "shipstation" | "shipbob";

export interface WorldOptions {
  /** serve the real app and let the Shopify stand-in deliver orders/* webhooks to it (default true) */
  app?: boolean;
  shop?: string;
  /** Shopify's leaky bucket (default: the stand-in's, Shopify's standard plan 2,000 / 100 per s) */
  shopifyBucket?: ShopifyStandInOptions["bucket"];
  shipstation?: ShipStationStandInOptions;
  shipbob?: ShipBobStandInOptions;
  /** activate ShipStation and ShipBob for the shop (default true) */
  fulfillers?: boolean;
  shopSettings?: { holdDelayMinutes?: number; carrierTracking?: boolean; notifyCustomers?: boolean };
  /** reuse a database (a benchmark's seeded file); default a fresh migrated one */
  db?: TestDb;
}

export interface WorldProduct {
  productId: string;
  variantId: string;
  sku: string;
}

export interface World {
  db: TestDb;
  /** the context production code gets, built by app/lib/app-context.server.ts */
  ctx: AppContext;
  app: AppServer | null;
  shopify: ShopifyStandIn;
  shipstation: ShipStationStandIn;
  shipbob: ShipBobStandIn;
  shop: { id: string; domain: string };
  /** connection ids by fulfiller (empty when `fulfillers: false`) */
  connections: Partial<Record<FulfillerKind, string>>;
  /** the environment the app reads; give it to worker processes */
  childEnv(): Record<string, string>;
  /** a product at the Shopify stand-in, assigned to a connection through assignProducts */
  product(sku: string, connectionId: string, title?: string): Promise<WorldProduct>;
  /**
   * An order placed at the Shopify stand-in. With the app running, its orders/create webhook is
   * awaited (the app ingests it); without, the reconciliation poll takes it in.
   */
  placeOrder(lines: { product: WorldProduct; quantity: number }[], name?: string): Promise<PlacedOrder>;
  /** waits for the stand-in's webhook deliveries in flight */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface PlacedOrder {
  snapshot: OrderSnapshot;
  /** our Order id */
  orderId: string;
  /** our OrderLine id by SKU */
  lineIds: Record<string, string>;
}

const ENV_KEYS = [
  "DATABASE_URL",
  "SHOPIFY_API_KEY",
  "SHOPIFY_API_SECRET",
  "SHOPIFY_APP_URL",
  "CONSIGN_ENCRYPTION_KEY",
  "CONSIGN_SANDBOX",
  "SHOPIFY_ADMIN_BASE_URL",
  "CONSIGN_PLUGIN_BASE_URLS",
] as const;

const ADDRESS = {
  name: "Ada Buyer",
  firstName: "Ada",
  lastName: "Buyer",
  address1: "1 Dock Road",
  city: "Portland",
  provinceCode: "OR",
  zip: "97201",
  countryCode: "US",
};

export async function startWorld(opts: WorldOptions = {}): Promise<World> {
  const domain = opts.shop ?? WORLD_SHOP;
  const db = opts.db ?? (await createTestDb());
  let appUrl: string | null = null;
  const shopify = await startShopifyStandIn({
    shop: domain,
    apiKey: WORLD_API_KEY,
    apiSecret: WORLD_API_SECRET,
    ...(opts.shopifyBucket ? { bucket: opts.shopifyBucket } : {}),
    ...(opts.app === false
      ? {}
      : {
          webhooks: {
            url: (topic: string) => `${appUrl}/webhooks/${topic}`,
            autoTopics: ["orders/create", "orders/updated"],
            retryDelayMs: 100,
          },
        }),
  });
  const shipstation = await startShipStationStandIn(opts.shipstation);
  const shipbob = await startShipBobStandIn(opts.shipbob);
  const app = opts.app === false ? null : await startAppServer();
  appUrl = app?.url ?? "http://127.0.0.1:9";

  Object.assign(process.env, {
    DATABASE_URL: db.url,
    SHOPIFY_API_KEY: WORLD_API_KEY,
    SHOPIFY_API_SECRET: WORLD_API_SECRET,
    SHOPIFY_APP_URL: appUrl,
    CONSIGN_ENCRYPTION_KEY: process.env.CONSIGN_ENCRYPTION_KEY || randomBytes(32).toString("base64"),
    CONSIGN_SANDBOX: "0",
    SHOPIFY_ADMIN_BASE_URL: `${shopify.url}/shops/{shop}`,
    CONSIGN_PLUGIN_BASE_URLS: `shipstation=${shipstation.url},shipbob=${shipbob.url}`,
  });
  // Imported only now: the app reads its environment once, on first use.
  const { appContext } = await import("../../app/lib/app-context.server");
  const ctx = appContext();

  const settings = opts.shopSettings ?? {};
  const shopRow = await ctx.db.shop.upsert({
    where: { platform_domain: { platform: "SHOPIFY", domain } },
    create: {
      platform: "SHOPIFY",
      domain,
      // installed a while ago: orders placed from now on are the shop's to route
      installedAt: new Date(Date.now() - 60 * 60_000),
      holdDelayMinutes: settings.holdDelayMinutes ?? 0,
      carrierTracking: settings.carrierTracking ?? false,
      notifyCustomers: settings.notifyCustomers ?? true,
    },
    update: {},
  });
  // The offline session token exchange would have stored (the stand-in's non-expiring token).
  await ctx.db.session.upsert({
    where: { id: `offline_${domain}` },
    create: {
      id: `offline_${domain}`,
      shop: domain,
      state: "",
      isOnline: false,
      scope: "read_orders,read_products,read_fulfillments,write_merchant_managed_fulfillment_orders",
      accessToken: shopify.accessTokenFor(domain),
    },
    update: { accessToken: shopify.accessTokenFor(domain) },
  });

  const connections: World["connections"] = {};
  if (opts.fulfillers !== false) {
    const { activateConnection } = await import("../../app/use-cases/activateConnection");
    const activate = async (kind: FulfillerKind, credentials: Record<string, string>) =>
      (await activateConnection(ctx, { shopId: shopRow.id, kind, credentials })).connection.id;
    connections.shipstation = await activate("shipstation", { apiKey: shipstation.apiKey, apiSecret: shipstation.apiSecret });
    connections.shipbob = await activate("shipbob", { personalAccessToken: shipbob.token, channelId: String(shipbob.channelId) });
  }

  const world: World = {
    db,
    ctx,
    app,
    shopify,
    shipstation,
    shipbob,
    shop: { id: shopRow.id, domain },
    connections,
    childEnv() {
      const env: Record<string, string> = {};
      for (const key of ENV_KEYS) env[key] = process.env[key] ?? "";
      return env;
    },
    async product(sku, connectionId, title = `Product ${sku}`) {
      const made = shopify.store.createProduct({ title, variants: [{ sku, price: "12.50" }] });
      const variant = made.variants[0]!;
      const { assignProducts } = await import("../../app/use-cases/assignProducts");
      await assignProducts(ctx, { shopId: shopRow.id, connectionId, products: [{ productId: made.id }] });
      return { productId: made.id, variantId: variant.id, sku };
    },
    async placeOrder(lines, name) {
      const snapshot = shopify.store.createOrder({
        ...(name ? { name } : {}),
        email: "ada@example.com",
        customer: { firstName: "Ada", lastName: "Buyer", email: "ada@example.com" },
        shippingAddress: ADDRESS,
        lines: lines.map((l) => ({ variantId: l.product.variantId, quantity: l.quantity })),
      });
      if (app) await shopify.webhooksSettled();
      else {
        const { reconcileOrders } = await import("../../app/use-cases/reconcileOrders");
        const outcome = await reconcileOrders(ctx, { shopId: shopRow.id });
        if (outcome.status !== "done") throw new Error(`reconcile ${outcome.status}`);
      }
      const order = await ctx.db.order.findUnique({
        where: { shopId_platformOrderId: { shopId: shopRow.id, platformOrderId: snapshot.id } },
        include: { lines: true },
      });
      if (!order) throw new Error(`order ${snapshot.name} was not ingested`);
      const lineIds = Object.fromEntries(order.lines.map((line) => [line.sku ?? line.platformLineId, line.id]));
      return { snapshot, orderId: order.id, lineIds };
    },
    settle: () => shopify.webhooksSettled(),
    async close() {
      await shopify.webhooksSettled().catch(() => undefined);
      await app?.close();
      await Promise.allSettled([shopify.close(), shipstation.close()]);
      await ctx.db.$disconnect();
      await db.close();
      // Last: it throws when the ShipBob stand-in sent a body its spec forbids.
      await shipbob.close();
    },
  };
  return world;
}
