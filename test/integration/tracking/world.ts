// The tracking tests' world, over real HTTP: the Shopify stand-in (Admin GraphQL executed against
// Shopify's schema) behind the real Shopify adapter, the EasyPost stand-in behind the real EasyPost
// provider, the SMTP catcher behind nodemailer, and a shop set up through the real use cases
// (manual fulfiller, assignments, order intake from Shopify, the hold task). Only the clock is the
// test's: it moves job backoffs; the carriers' event times are given explicitly.
import { randomBytes } from "node:crypto";
import { createKeyring } from "~/lib/crypto.server";
import type { ShopRef } from "~/platforms/port";
import { registry } from "~/plugins/registry";
import { activateConnection } from "~/use-cases/activateConnection";
import { assignProducts } from "~/use-cases/assignProducts";
import type { AppContext } from "~/use-cases/context";
import { ingestOrder } from "~/use-cases/ingestOrder";
import { createSmtpMailer } from "~/use-cases/notifications/mailer.server";
import { sendNotifications } from "~/use-cases/notifications/sendNotifications";
import { pushShipments } from "~/use-cases/pushShipments";
import { recordManualShipment } from "~/use-cases/recordManualShipment";
import { sendHolds } from "~/use-cases/sendHolds";
import { trackShipments } from "~/use-cases/trackShipments";
import { carrierTrackingFromEnv } from "~/use-cases/tracking/providers.server";
import { startEasyPostStandIn, type EasyPostStandIn } from "../../../sandbox/carriers/easypost";
import { startUpsStandIn, type UpsStandIn } from "../../../sandbox/carriers/ups";
import { type ShopifyStandIn, startShopifyStandIn } from "../../../sandbox/shopify";
import { type SmtpCatcher, startSmtpCatcher } from "../../../sandbox/smtp";
import { createTestDb, type TestDb } from "../../support/db";
import { adapterFor } from "../shopify/support";

export const EASYPOST_KEY = "EZTK_tracking_tests";
export const EASYPOST_SECRET = "easypost-webhook-secret";

export interface StandIns {
  shopify: ShopifyStandIn;
  easypost: EasyPostStandIn;
  ups: UpsStandIn;
  smtp: SmtpCatcher;
  close(): Promise<void>;
}

export async function startStandIns(): Promise<StandIns> {
  const [shopify, easypost, ups, smtp] = await Promise.all([
    startShopifyStandIn(),
    startEasyPostStandIn({ apiKeys: [EASYPOST_KEY] }),
    startUpsStandIn({ clients: { "ups-tracking-tests": "ups-secret" } }),
    startSmtpCatcher(),
  ]);
  return {
    shopify,
    easypost,
    ups,
    smtp,
    close: async () => {
      await Promise.all([shopify.close(), easypost.close(), ups.close(), smtp.close()]);
    },
  };
}

export interface World {
  test: TestDb;
  ctx: AppContext;
  clock: { now: Date; advance(ms: number): void };
  shopId: string;
  shop: ShopRef;
  connectionId: string;
  standIns: StandIns;
  close(): Promise<void>;
}

const keyring = createKeyring({ CONSIGN_ENCRYPTION_KEY: randomBytes(32).toString("base64") });

export async function createWorld(
  standIns: StandIns,
  opts: { carrierTracking?: boolean; shipOnLabelCreated?: boolean; notifyCustomers?: boolean } = {},
): Promise<World> {
  const test = await createTestDb();
  const clock = {
    now: new Date("2026-11-21T12:00:00.000Z"),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  const shopify = adapterFor(standIns.shopify);
  const ctx: AppContext = {
    db: test.db,
    now: () => clock.now,
    sleep: async () => {},
    plugins: registry,
    platform: () => shopify,
    fetch: globalThis.fetch,
    pluginBaseUrls: {},
    appUrl: "http://127.0.0.1:1",
    keyring,
    carrierTracking: carrierTrackingFromEnv({
      EASYPOST_API_KEY: EASYPOST_KEY,
      EASYPOST_WEBHOOK_SECRET: EASYPOST_SECRET,
      UPS_CLIENT_ID: "ups-tracking-tests",
      UPS_CLIENT_SECRET: "ups-secret",
      CONSIGN_CARRIER_BASE_URLS: `easypost=${standIns.easypost.url},ups=${standIns.ups.url}`,
    }),
    mailer: createSmtpMailer(standIns.smtp.url, "Test Store <orders@teststore.example>"),
  };
  const shop = await test.db.shop.create({
    data: {
      platform: "SHOPIFY",
      domain: standIns.shopify.shop,
      name: "Test Store",
      email: "owner@teststore.example",
      carrierTracking: opts.carrierTracking ?? true,
      shipOnLabelCreated: opts.shipOnLabelCreated ?? false,
      notifyCustomers: opts.notifyCustomers ?? true,
    },
  });
  const { connection } = await activateConnection(ctx, { shopId: shop.id, kind: "manual", title: "Our warehouse", credentials: {} });
  return {
    test,
    ctx,
    clock,
    shopId: shop.id,
    shop: { id: shop.id, platform: "SHOPIFY", domain: shop.domain },
    connectionId: connection.id,
    standIns,
    close: () => test.close(),
  };
}

/**
 * An order placed on the Shopify stand-in (one product per line, all assigned to the manual
 * fulfiller), taken in through the Shopify adapter, and sent by the hold task: PENDING.
 */
export async function placeOrder(world: World, lines: { sku: string; quantity: number }[]) {
  const store = world.standIns.shopify.store;
  const variants = lines.map((l) => store.createProduct({ title: `Product ${l.sku}`, variants: [{ sku: l.sku, price: "12.50" }] }).variants[0]!);
  const placed = store.createOrder({
    email: "ada@buyer.example",
    customer: { firstName: "Ada", lastName: "Buyer", email: "ada@buyer.example" },
    shippingAddress: { name: "Ada Buyer", address1: "1 Dock Road", city: "Portland", provinceCode: "OR", zip: "97201", countryCode: "US" },
    lines: lines.map((_, i) => ({ variantId: variants[i]!.id, quantity: lines[i]!.quantity })),
  });
  const order = await world.ctx.platform("SHOPIFY").getOrder(world.shop, placed.id);
  if (!order) throw new Error("the stand-in lost the order");
  await assignProducts(world.ctx, {
    shopId: world.shopId,
    connectionId: world.connectionId,
    products: order.lines.map((l) => ({ productId: l.productId! })),
  });
  const ingested = await ingestOrder(world.ctx, { shopId: world.shopId, order });
  await sendHolds(world.ctx, { shopId: world.shopId });
  const stored = await world.test.db.order.findFirstOrThrow({
    where: { id: ingested.orderId },
    include: { lines: { orderBy: { platformLineId: "asc" } }, fulfillments: true },
  });
  const lineBySku = (sku: string) => stored.lines.find((l) => l.sku === sku)!;
  return { platformOrderId: placed.id, orderId: stored.id, fulfillmentId: stored.fulfillments[0]!.id, lineBySku };
}

export async function ship(
  world: World,
  fulfillmentId: string,
  trackingNumbers: string[],
  lines: { orderLineId: string; quantity: number }[],
  carrier = "USPS",
) {
  return recordManualShipment(world.ctx, {
    shopId: world.shopId,
    fulfillmentId,
    carrier,
    trackingNumbers,
    lines,
    actor: "user:test",
  });
}

async function done<T>(outcome: Promise<{ status: string; result?: T; error?: string }>): Promise<T> {
  const o = await outcome;
  if (o.status !== "done") throw new Error(`job ${o.status}: ${o.error ?? ""}`);
  return o.result as T;
}

export const jobs = {
  push: (world: World) => done(pushShipments(world.ctx, { shopId: world.shopId })),
  notify: (world: World) => done(sendNotifications(world.ctx, {})),
  async track(world: World) {
    const { runs } = await trackShipments(world.ctx, { shopId: world.shopId });
    if (runs.length !== 1) throw new Error(`expected one tracking run, got ${runs.length}`);
    const outcome = runs[0]!.outcome;
    if (outcome.status !== "done") throw new Error(`track ${outcome.status}: ${outcome.status === "failed" ? outcome.error : ""}`);
    return outcome.result;
  },
};

export async function statusChanges(world: World, fulfillmentId: string): Promise<string[]> {
  const events = await world.test.db.timelineEvent.findMany({
    where: { shopId: world.shopId, fulfillmentId, kind: "STATUS" },
    orderBy: [{ at: "asc" }, { id: "asc" }],
  });
  return events.map((e) => `${e.from ?? "-"}>${e.to}`);
}

export async function fulfillment(world: World, id: string) {
  return world.test.db.fulfillment.findUniqueOrThrow({ where: { id } });
}

/** The fulfillment events the Shopify stand-in holds for an order, oldest first. */
export function shopifyEvents(world: World, platformOrderId: string) {
  return world.standIns.shopify.store
    .listFulfillments(platformOrderId)
    .flatMap((f) => f.events.map((e) => ({ fulfillmentId: f.id, status: e.status, happenedAt: e.happenedAt })));
}
