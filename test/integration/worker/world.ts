// A small world for the worker tests: a fresh database, a fixture buyer platform, two fixture
// fulfiller accounts, a clock the test moves, and a shop set up through the real use cases
// (activateConnection, assignProducts). Only the context differs from production.
import { randomBytes } from "node:crypto";
import { createKeyring } from "~/lib/crypto.server";
import type { PlatformOrder, PlatformOrderLine } from "~/platforms/port";
import { createRegistry } from "~/plugins/catalog";
import { manualPlugin } from "~/plugins/manual";
import { activateConnection } from "~/use-cases/activateConnection";
import { assignProducts } from "~/use-cases/assignProducts";
import type { AppContext } from "~/use-cases/context";
import { createTestDb, type TestDb } from "../../support/db";
import { FixtureFulfiller, FixturePlatform, fixturePlugin } from "../../support/fixtures";

export interface World {
  test: TestDb;
  ctx: AppContext;
  platform: FixturePlatform;
  alpha: FixtureFulfiller;
  beta: FixtureFulfiller;
  clock: { now: Date; advance(ms: number): void };
  shopId: string;
  /** connections by account name */
  connections: { alpha: string; beta: string };
  close(): Promise<void>;
}

export async function createWorld(opts: { holdDelayMinutes?: number; carrierTracking?: boolean } = {}): Promise<World> {
  const test = await createTestDb();
  const platform = new FixturePlatform("SHOPIFY");
  const alpha = new FixtureFulfiller("alpha");
  const beta = new FixtureFulfiller("beta");
  const accounts = new Map([
    ["alpha", alpha],
    ["beta", beta],
  ]);
  const clock = {
    now: new Date("2026-11-21T12:00:00.000Z"),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  const ctx = contextFor(test, platform, accounts, clock);
  const shop = await test.db.shop.create({
    data: {
      platform: "SHOPIFY",
      domain: "worker-test.myshopify.com",
      installedAt: new Date("2026-11-01T00:00:00Z"),
      holdDelayMinutes: opts.holdDelayMinutes ?? 0,
      carrierTracking: opts.carrierTracking ?? false,
    },
  });
  const activate = async (account: string) =>
    (
      await activateConnection(ctx, {
        shopId: shop.id,
        kind: "fixture",
        title: `Fixture ${account}`,
        credentials: { account },
      })
    ).connection.id;
  const connections = { alpha: await activate("alpha"), beta: await activate("beta") };
  // Product P-A (every variant) ships from alpha; product P-B from beta; variant V-B2 of P-B from alpha.
  await assignProducts(ctx, { shopId: shop.id, connectionId: connections.alpha, products: [{ productId: "P-A" }] });
  await assignProducts(ctx, { shopId: shop.id, connectionId: connections.beta, products: [{ productId: "P-B" }] });
  await assignProducts(ctx, {
    shopId: shop.id,
    connectionId: connections.alpha,
    products: [{ productId: "P-B", variantId: "V-B2" }],
  });
  return {
    test,
    ctx,
    platform,
    alpha,
    beta,
    clock,
    shopId: shop.id,
    connections,
    close: () => test.close(),
  };
}

/** Another context on the same database (a second worker process, as far as the use cases can tell). */
export function contextFor(
  test: TestDb,
  platform: FixturePlatform,
  accounts: ReadonlyMap<string, FixtureFulfiller>,
  clock: { now: Date },
  keyring = sharedKeyring,
): AppContext {
  return {
    db: test.db,
    now: () => clock.now,
    sleep: async () => {},
    plugins: createRegistry([fixturePlugin(accounts), manualPlugin]),
    platform: () => platform,
    fetch: () => Promise.reject(new Error("the worker tests use no network")),
    pluginBaseUrls: {},
    appUrl: "http://127.0.0.1:1",
    keyring,
  };
}

const sharedKeyring = createKeyring({ CONSIGN_ENCRYPTION_KEY: randomBytes(32).toString("base64") });

export function line(
  platformLineId: string,
  productId: string,
  quantity: number,
  extra: Partial<PlatformOrderLine> = {},
): PlatformOrderLine {
  return {
    platformLineId,
    productId,
    variantId: extra.variantId ?? `${productId}-V1`,
    sku: extra.sku ?? `SKU-${platformLineId}`,
    title: extra.title ?? `Item ${platformLineId}`,
    quantity,
    cancelledQuantity: extra.cancelledQuantity ?? 0,
    unitPrice: extra.unitPrice ?? "10.00",
  };
}

export function order(platformOrderId: string, lines: PlatformOrderLine[], extra: Partial<PlatformOrder> = {}): PlatformOrder {
  return {
    platformOrderId,
    name: `#${platformOrderId}`,
    placedAt: "2026-11-21T11:00:00.000Z",
    updatedAt: "2026-11-21T11:00:00.000Z",
    cancelledAt: null,
    customerEmail: "buyer@example.com",
    customerName: "Ada Buyer",
    shipTo: {
      name: "Ada Buyer",
      address1: "1 Main St",
      city: "Springfield",
      provinceCode: "IL",
      zip: "62701",
      countryCode: "US",
    },
    lines,
    ...extra,
  };
}

/** The fulfillment of an order routed to a connection. */
export async function partOf(world: World, platformOrderId: string, connectionId: string) {
  const found = await world.test.db.fulfillment.findFirst({
    where: { shopId: world.shopId, connectionId, order: { platformOrderId } },
    include: { lines: { include: { orderLine: true } } },
  });
  if (!found) throw new Error(`no fulfillment of order ${platformOrderId} on ${connectionId}`);
  return found;
}

export async function orderRow(world: World, platformOrderId: string) {
  return world.test.db.order.findFirstOrThrow({
    where: { shopId: world.shopId, platformOrderId },
    include: { lines: { orderBy: { platformLineId: "asc" } } },
  });
}

export async function statusChanges(world: World, fulfillmentId: string): Promise<string[]> {
  const events = await world.test.db.timelineEvent.findMany({
    where: { shopId: world.shopId, fulfillmentId, kind: "STATUS" },
    orderBy: [{ at: "asc" }, { id: "asc" }],
  });
  return events.map((e) => `${e.from ?? "-"}>${e.to}`);
}
