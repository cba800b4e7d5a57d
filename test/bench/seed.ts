// Building large worlds for the benchmarks: open orders by the tens of thousands through the batch
// intake, real orders at the Shopify stand-in taken in by the reconciliation poll and sent to
// ShipStation by the hold task, and a few helpers to measure with.
import { loadavg } from "node:os";
import type { PlatformOrder } from "~/platforms/port";
import { ingestOrders } from "~/use-cases/ingestOrders";
import { reconcileOrders } from "~/use-cases/reconcileOrders";
import { sendHolds } from "~/use-cases/sendHolds";
import type { World, WorldProduct } from "../support/world";

export const SHIP_TO = { name: "Ada Buyer", address1: "1 Dock Road", city: "Portland", provinceCode: "OR", zip: "97201", countryCode: "US" };

/** Orders as a platform adapter hands them over; `lines` are (product id, quantity) pairs. */
export function syntheticOrders(prefix: string, from: number, count: number, lines: [productId: string, quantity: number][]): PlatformOrder[] {
  const placedAt = new Date(Date.now() - 5 * 60_000).toISOString();
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return {
      platformOrderId: `gid://bench/Order/${prefix}-${n}`,
      name: `#${prefix}${n}`,
      placedAt,
      updatedAt: placedAt,
      cancelledAt: null,
      customerEmail: `buyer${n}@example.com`,
      customerName: "Ada Buyer",
      shipTo: SHIP_TO,
      lines: lines.map(([productId, quantity], l) => ({
        platformLineId: `gid://bench/LineItem/${prefix}-${n}-${l}`,
        productId,
        variantId: `${productId}-V`,
        sku: `${productId}-SKU`,
        title: `Item ${productId}`,
        quantity,
        cancelledQuantity: 0,
        unitPrice: "12.50",
      })),
    };
  });
}

/**
 * `count` open orders of one line of `productId`, stored by the batch intake, whose parts the
 * fulfiller has accepted long ago (PENDING with its order id): the backlog a per-order poll walks.
 */
export async function seedOpenOrders(world: World, prefix: string, count: number, productId: string, connectionId: string): Promise<void> {
  const batch = 2_000;
  for (let from = 0; from < count; from += batch) {
    const orders = syntheticOrders(prefix, from, Math.min(batch, count - from), [[productId, 1]]);
    await ingestOrders(world.ctx, { shopId: world.shop.id, orders });
  }
  // Sent long ago: one statement instead of replaying the hold task for each.
  await world.ctx.db.$executeRaw`UPDATE "Fulfillment" SET "status" = 'PENDING', "clientFulfillmentId" = 'backlog-' || "id", "sentAt" = ${new Date()}, "attempts" = 1 WHERE "connectionId" = ${connectionId} AND "status" = 'HOLD'`;
}

/** `count` orders placed at the Shopify stand-in, taken in by the reconciliation poll. */
export async function placeRealOrders(world: World, product: WorldProduct, count: number, quantity = 1): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    ids.push(
      world.shopify.store.createOrder({ email: "ada@example.com", shippingAddress: SHIP_TO, lines: [{ variantId: product.variantId, quantity }] }).id,
    );
  }
  const outcome = await reconcileOrders(world.ctx, { shopId: world.shop.id, maxPages: 10_000 });
  if (outcome.status !== "done") throw new Error(`reconcile: ${outcome.status === "failed" ? outcome.error : outcome.reason}`);
  return ids;
}

/** The hold task for one connection; throws unless every part went out. */
export async function sendAllHolds(world: World, connectionId: string, expected: number): Promise<void> {
  const result = await sendHolds(world.ctx, { shopId: world.shop.id, connectionId });
  if (result.counts.sent !== expected) throw new Error(`sent ${result.counts.sent} of ${expected}: ${JSON.stringify(result.runs)}`);
}

/** Our fulfillment ids of the given Shopify orders on one connection. */
export async function partsOf(world: World, platformOrderIds: string[], connectionId: string): Promise<string[]> {
  const parts = await world.ctx.db.fulfillment.findMany({
    where: { shopId: world.shop.id, connectionId, order: { platformOrderId: { in: platformOrderIds } } },
    select: { id: true },
  });
  return parts.map((p) => p.id);
}

export interface Clock {
  ms(): number;
  cpuMs(): number;
}

/** Wall time and this process's CPU time since now. */
export function clock(): Clock {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return {
    ms: () => performance.now() - wall,
    cpuMs: () => {
      const used = process.cpuUsage(cpu);
      return (used.user + used.system) / 1000;
    },
  };
}

export function load(): string {
  return loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ");
}

export const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
