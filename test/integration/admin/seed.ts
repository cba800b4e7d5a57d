// Seeded shops for the admin's HTTP and browser tests, made through the use cases the app itself
// runs (activate a fulfiller, ingest orders, record shipments, status changes through the table),
// so the pages show what a real shop would hold: held, failed, shipped, partly shipped and
// cancelled fulfillments, a rejected shipment, job runs and a timeline.
import type { Shop } from "@prisma/client";
import type { Db } from "~/db.server";
import { createKeyring, type Keyring } from "~/lib/crypto.server";
import type { PlatformOrder } from "~/platforms/port";
import { registry } from "~/plugins/registry";
import { activateConnection } from "~/use-cases/activateConnection";
import { cancelFulfillment } from "~/use-cases/cancelFulfillment";
import type { AppContext } from "~/use-cases/context";
import { ingestOrder } from "~/use-cases/ingestOrder";
import { recordManualShipment } from "~/use-cases/recordManualShipment";
import { setDefaultConnection } from "~/use-cases/setDefaultConnection";
import { transitionFulfillment } from "~/use-cases/shared/transition";

export const ENCRYPTION_KEY = Buffer.alloc(32, 11).toString("base64");

export function seedContext(db: Db, keyring: Keyring = createKeyring({ CONSIGN_ENCRYPTION_KEY: ENCRYPTION_KEY })): AppContext {
  return {
    db,
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    plugins: registry,
    platform: () => {
      throw new Error("seeding does not talk to a buyer platform");
    },
    fetch: (input, init) => fetch(input, init),
    pluginBaseUrls: {},
    appUrl: "http://127.0.0.1:1",
    keyring,
    actor: "system:seed",
  };
}

export interface SeededOrder {
  id: string;
  name: string;
  platformOrderId: string;
  fulfillmentId: string;
}

export interface SeededShop {
  shop: Shop;
  connectionId: string;
  /** by role: held (several), shipped, partial, failed, cancelled, rejected */
  orders: Record<"shipped" | "partial" | "failed" | "cancelled" | "rejected", SeededOrder> & { held: SeededOrder[] };
}

let orderSeq = 0;

function platformOrder(prefix: string, number: number, lines: { sku: string; title: string; quantity: number }[]): PlatformOrder {
  orderSeq++;
  const id = `${prefix}${number}`;
  return {
    platformOrderId: `gid://shopify/Order/${id}`,
    name: `#${number}`,
    placedAt: new Date(Date.now() - (40 - (orderSeq % 40)) * 3_600_000).toISOString(),
    updatedAt: new Date().toISOString(),
    cancelledAt: null,
    customerEmail: `buyer${number}@example.com`,
    customerName: `Buyer ${number}`,
    shipTo: { name: `Buyer ${number}`, address1: "1 Main St", city: "Springfield", provinceCode: "IL", zip: "62701", countryCode: "US" },
    lines: lines.map((line, i) => ({
      platformLineId: `gid://shopify/LineItem/${id}${i}`,
      productId: `gid://shopify/Product/${line.sku.replace(/\D/g, "") || "1"}`,
      variantId: `gid://shopify/ProductVariant/${line.sku.replace(/\D/g, "") || "1"}${i}`,
      sku: line.sku,
      title: line.title,
      quantity: line.quantity,
      cancelledQuantity: 0,
      unitPrice: "10.00",
    })),
  };
}

/**
 * A shop with a manual fulfiller (the default for all products) and orders in every state the
 * admin shows. `first` numbers its orders (#first, #first+1, ...) so two shops do not collide.
 */
export async function seedShop(ctx: AppContext, domain: string, first: number, heldCount = 4): Promise<SeededShop> {
  const shop = await ctx.db.shop.upsert({
    where: { platform_domain: { platform: "SHOPIFY", domain } },
    create: { platform: "SHOPIFY", domain, email: `owner@${domain}` },
    update: {},
  });
  const { connection } = await activateConnection(ctx, { shopId: shop.id, kind: "manual", title: `Warehouse ${first}`, credentials: {} });
  await setDefaultConnection(ctx, { shopId: shop.id, connectionId: connection.id });

  const prefix = String(first);
  const make = async (number: number, lines: { sku: string; title: string; quantity: number }[]): Promise<SeededOrder> => {
    const order = platformOrder(prefix, number, lines);
    const result = await ingestOrder(ctx, { shopId: shop.id, order });
    return {
      id: result.orderId,
      name: order.name,
      platformOrderId: order.platformOrderId,
      fulfillmentId: result.createdFulfillmentIds[0],
    };
  };
  const lineIds = async (orderId: string) =>
    ctx.db.orderLine.findMany({ where: { orderId }, orderBy: { platformLineId: "asc" }, select: { id: true, quantity: true } });

  const shipped = await make(first, [{ sku: "TEE-101", title: "Organic tee", quantity: 1 }]);
  const [shippedLine] = await lineIds(shipped.id);
  await recordManualShipment(ctx, {
    shopId: shop.id,
    fulfillmentId: shipped.fulfillmentId,
    carrier: "UPS",
    trackingNumbers: [`1Z999AA1${first}0001`],
    lines: [{ orderLineId: shippedLine.id, quantity: 1 }],
    actor: "user:seed",
  });

  const partial = await make(first + 1, [
    { sku: "MUG-202", title: "Stoneware mug", quantity: 2 },
    { sku: "CAP-303", title: "Canvas cap", quantity: 1 },
  ]);
  const [mugLine] = await lineIds(partial.id);
  await recordManualShipment(ctx, {
    shopId: shop.id,
    fulfillmentId: partial.fulfillmentId,
    carrier: "USPS",
    trackingNumbers: [`9400111${first}0002`],
    lines: [{ orderLineId: mugLine.id, quantity: 1 }],
    actor: "user:seed",
  });

  const failed = await make(first + 2, [{ sku: "BAG-404", title: "Tote bag", quantity: 1 }]);
  await ctx.db.$transaction((tx) =>
    transitionFulfillment(tx, {
      shopId: shop.id,
      fulfillmentId: failed.fulfillmentId,
      to: "FAILED",
      actor: "fulfiller:manual",
      reason: "The fulfiller rejected the order",
      at: new Date(),
      data: { failureReason: "Address line 1 is missing", attempts: 2, recycled: true },
    }),
  );

  const cancelled = await make(first + 3, [{ sku: "SOCK-505", title: "Wool socks", quantity: 3 }]);
  await cancelFulfillment(ctx, { shopId: shop.id, fulfillmentId: cancelled.fulfillmentId, actor: "user:seed", reason: "Customer changed their mind" });

  const rejected = await make(first + 4, [{ sku: "HAT-606", title: "Sun hat", quantity: 1 }]);
  const [hatLine] = await lineIds(rejected.id);
  await ctx.db.shipment.create({
    data: {
      shopId: shop.id,
      orderId: rejected.id,
      fulfillmentId: rejected.fulfillmentId,
      connectionId: connection.id,
      trackingNumbers: JSON.stringify([`REJ${first}`]),
      trackingKey: JSON.stringify([[`REJ${first}`], [[hatLine.id, 5]]]),
      state: "REJECTED",
      rejectReason: "Sun hat: 5 units shipped but only 1 is due.",
      lines: { create: [{ shopId: shop.id, orderLineId: hatLine.id, quantity: 5 }] },
    },
  });

  const held: SeededOrder[] = [];
  for (let i = 0; i < heldCount; i++) {
    held.push(await make(first + 5 + i, [{ sku: `PIN-7${i}`, title: `Enamel pin ${i + 1}`, quantity: 1 + (i % 2) }]));
  }

  const now = Date.now();
  await ctx.db.syncRun.createMany({
    data: [
      { job: "hold", shopId: shop.id, startedAt: new Date(now - 600_000), finishedAt: new Date(now - 599_000), counts: JSON.stringify({ seen: 3, sent: 2, pushed: 0, rejected: 0, failed: 1 }) },
      { job: "sync", shopId: shop.id, connectionId: connection.id, startedAt: new Date(now - 300_000), finishedAt: new Date(now - 299_000), counts: "{}", error: "Warehouse could not be reached (HTTP 503)" },
    ],
  });
  return { shop, connectionId: connection.id, orders: { shipped, partial, failed, cancelled, rejected, held } };
}

/**
 * A shop's recent past for the dashboard's chart: `perDay` orders a day over the last `days` days
 * (today excluded), each shipped by hand that day and, every other one, delivered the next day.
 * Made through the use cases, then dated back (the clock is the database's only record of time).
 */
export async function seedHistory(ctx: AppContext, shop: SeededShop, days = 13, perDay = 2): Promise<void> {
  const DAY = 86_400_000;
  const today = Math.floor(Date.now() / DAY) * DAY;
  let number = 3001;
  for (let d = days; d >= 1; d--) {
    for (let k = 0; k < perDay + (d % 3); k++) {
      const order = platformOrder("h", number++, [{ sku: `HIST-${k}`, title: `Gift box ${k + 1}`, quantity: 1 }]);
      const at = new Date(today - d * DAY + (9 + k) * 3_600_000);
      order.placedAt = at.toISOString();
      const { orderId, createdFulfillmentIds } = await ingestOrder(ctx, { shopId: shop.shop.id, order });
      const fulfillmentId = createdFulfillmentIds[0];
      const [line] = await ctx.db.orderLine.findMany({ where: { orderId }, select: { id: true } });
      const shipped = await recordManualShipment(ctx, {
        shopId: shop.shop.id,
        fulfillmentId,
        carrier: "UPS",
        trackingNumbers: [`1ZHIST${number}`],
        lines: [{ orderLineId: line.id, quantity: 1 }],
        actor: "user:seed",
      });
      const shipmentId = "shipmentId" in shipped ? shipped.shipmentId : null;
      if (shipmentId) await ctx.db.shipment.update({ where: { id: shipmentId }, data: { createdAt: at, shippedAt: at } });
      const delivered = (number + d) % 2 === 0 && d > 1;
      if (delivered) {
        await ctx.db.$transaction((tx) =>
          transitionFulfillment(tx, { shopId: shop.shop.id, fulfillmentId, to: "DELIVERED", actor: "carrier:ups", reason: "delivered", at: new Date() }),
        );
      }
      const deliveredAt = new Date(at.getTime() + DAY);
      await ctx.db.fulfillment.update({
        where: { id: fulfillmentId },
        data: { createdAt: at, shippedAt: at, ...(delivered ? { deliveredAt, updatedAt: deliveredAt } : { updatedAt: at }) },
      });
      await ctx.db.order.update({ where: { id: orderId }, data: { createdAt: at } });
    }
  }
}
