// Intake throughput (issue 5, benchmarks): orders per second through ingest → route → store on
// SQLite, each order of three lines routed to two fulfillers (and one line nobody fulfills), by
// the per-order path (ingestOrder: webhooks) and by the batch path (ingestOrders: the
// reconciliation poll and back-fills). Then the sync side: shipments per second through
// coverage → store one at a time (storeShipment, with the push intent), and the whole chain —
// orders taken in, then both fulfillers' shipments of each judged and stored a sync page at a
// time (storeShipments) until every order is SHIPPED. Wall time depends on what else the machine
// runs, so the CPU time of this process is reported beside it.
import type { FulfillerShipment } from "~/plugins/port";
import { assignProducts } from "~/use-cases/assignProducts";
import { ingestOrder } from "~/use-cases/ingestOrder";
import { ingestOrders } from "~/use-cases/ingestOrders";
import { storeShipment } from "~/use-cases/shared/storeShipment";
import { storeShipments } from "~/use-cases/shared/storeShipments";
import { startWorld } from "../support/world";
import { clock, fmt, load, syntheticOrders } from "./seed";

const SCALE = Number(process.env.BENCH_SCALE ?? "1");
const PER_ORDER = Math.max(50, Math.round(1_000 * SCALE));
const BATCHED = Math.max(500, Math.round(20_000 * SCALE));
const BATCH = 1_000;
const SHIPMENTS = Math.max(50, Math.round(1_000 * SCALE));
const CHAIN = Math.max(500, Math.round(10_000 * SCALE));
/** a sync page of shipments (ShipStation's pageSize is 500) */
const PAGE = 500;
const TARGET = 2_000;

const LINES: [string, number][] = [
  ["P-SHIRT", 2],
  ["P-MUG", 1],
  ["P-POSTER", 1],
];

async function main() {
  const world = await startWorld({ app: false });
  const { shipstation, shipbob } = world.connections;
  await assignProducts(world.ctx, { shopId: world.shop.id, connectionId: shipstation!, products: [{ productId: "P-SHIRT" }] });
  await assignProducts(world.ctx, { shopId: world.shop.id, connectionId: shipbob!, products: [{ productId: "P-MUG" }] });
  const shopId = world.shop.id;
  try {
    // Warm-up: the first queries compile and cache.
    for (const order of syntheticOrders("warm", 0, 20, LINES)) await ingestOrder(world.ctx, { shopId, order });
    await ingestOrders(world.ctx, { shopId, orders: syntheticOrders("warmb", 0, 200, LINES) });

    const single = syntheticOrders("single", 0, PER_ORDER, LINES);
    const one = clock();
    for (const order of single) await ingestOrder(world.ctx, { shopId, order });
    const perOrder = rates(PER_ORDER, one);

    const page = syntheticOrders("page", 0, Math.min(2_000, BATCHED), LINES);
    const paged = clock();
    for (let i = 0; i < page.length; i += 8) await ingestOrders(world.ctx, { shopId, orders: page.slice(i, i + 8) });
    const byPage = rates(page.length, paged);

    const many = syntheticOrders("batch", 0, BATCHED, LINES);
    const batched = clock();
    for (let i = 0; i < many.length; i += BATCH) await ingestOrders(world.ctx, { shopId, orders: many.slice(i, i + BATCH) });
    const byBatch = rates(BATCHED, batched);

    const parts = await world.ctx.db.fulfillment.findMany({
      where: { shopId, connectionId: shipstation!, order: { platformOrderId: { startsWith: "gid://bench/Order/batch-" } } },
      include: { lines: true },
      take: SHIPMENTS,
    });
    const stored = clock();
    let n = 0;
    for (const part of parts) {
      const result = await storeShipment(world.ctx, {
        shopId,
        connection: { id: shipstation!, kind: "shipstation" },
        shipment: shipmentOf(part, `shipment:${++n}`, `1ZTHRU${String(n).padStart(10, "0")}`),
        actor: "fulfiller:shipstation",
      });
      if (result.kind !== "accepted") throw new Error(`shipment ${n}: ${result.kind}`);
    }
    const shipments = rates(parts.length, stored);

    // The whole chain, ingest → route → coverage → store: orders of two lines for two fulfillers
    // come in by the batch intake, then each fulfiller's shipments of them arrive a sync page at a
    // time and are judged and stored (storeShipments, the sync's path).
    const chainOrders = syntheticOrders("chain", 0, CHAIN, [
      ["P-SHIRT", 2],
      ["P-MUG", 1],
    ]);
    const chain = clock();
    for (let i = 0; i < chainOrders.length; i += BATCH) await ingestOrders(world.ctx, { shopId, orders: chainOrders.slice(i, i + BATCH) });
    const chainIngest = rates(CHAIN, chain);
    const storing = clock();
    let chainShipments = 0;
    for (const [name, connectionId] of [
      ["shipstation", shipstation!],
      ["shipbob", shipbob!],
    ] as const) {
      const chainParts = await world.ctx.db.fulfillment.findMany({
        where: { shopId, connectionId, order: { platformOrderId: { startsWith: "gid://bench/Order/chain-" } } },
        select: { id: true, lines: { select: { orderLineId: true, quantity: true } } },
      });
      for (let i = 0; i < chainParts.length; i += PAGE) {
        const page = chainParts
          .slice(i, i + PAGE)
          .map((part, n) => shipmentOf(part, `${name}:${i + n}`, `1ZCHAIN${name.slice(0, 2).toUpperCase()}${String(i + n).padStart(8, "0")}`));
        const { results } = await storeShipments(world.ctx, { shopId, connection: { id: connectionId, kind: name }, shipments: page, actor: `fulfiller:${name}` });
        const refused = results.filter((r) => r.kind !== "accepted");
        if (refused.length > 0) throw new Error(`chain: ${refused.length} shipment(s) not accepted: ${JSON.stringify(refused[0])}`);
        chainShipments += page.length;
      }
    }
    const chained = rates(CHAIN, chain);
    const chainStore = rates(chainShipments, storing);
    const shippedOrders = await world.ctx.db.order.count({ where: { shopId, shipmentState: "SHIPPED", platformOrderId: { startsWith: "gid://bench/Order/chain-" } } });
    if (shippedOrders !== CHAIN) throw new Error(`chain: ${shippedOrders} of ${CHAIN} orders shipped`);

    const counted = await world.ctx.db.order.count({ where: { shopId } });
    const fulfillments = await world.ctx.db.fulfillment.count({ where: { shopId } });
    console.log(`Intake throughput — orders of 3 lines split between 2 fulfillers, SQLite (${fmt(counted)} orders, ${fmt(fulfillments)} fulfillments stored; load ${load()}):`);
    print(`per order (ingestOrder, webhooks), ${fmt(PER_ORDER)} orders`, perOrder, "orders");
    print(`batches of 8 (ingestOrders, one Shopify poll page), ${fmt(page.length)} orders`, byPage, "orders");
    print(`batches of ${fmt(BATCH)} (ingestOrders, back-fill), ${fmt(BATCHED)} orders`, byBatch, "orders");
    console.log(`  ratio to the ${fmt(TARGET)} orders/s target (batches of ${fmt(BATCH)}): ${fmt(byBatch.wall / TARGET, 2)} by wall time, ${fmt(byBatch.cpu / TARGET, 2)} per CPU-second`);
    console.log("Shipments through coverage → store (storeShipment with its push intent, one transaction each: webhooks, the manual form):");
    print(`${fmt(parts.length)} shipments`, shipments, "shipments");
    console.log(
      `The whole chain, ingest → route → coverage → store: ${fmt(CHAIN)} orders of 2 lines for 2 fulfillers, batch intake, then ${fmt(chainShipments)} shipments a sync page (${PAGE}) at a time (storeShipments); every order ends SHIPPED:`,
    );
    print("  intake alone (ingestOrders, batches of 1,000)", chainIngest, "orders");
    print(`  their shipments alone (storeShipments, pages of ${PAGE})`, chainStore, "shipments");
    print(`${fmt(CHAIN)} orders, intake and both shipments of each`, chained, "orders");
    console.log(`  ratio to the ${fmt(TARGET)} orders/s target: ${fmt(chained.wall / TARGET, 2)} by wall time, ${fmt(chained.cpu / TARGET, 2)} per CPU-second`);
    console.log(
      `BENCH_RESULT ${JSON.stringify({ throughput: { perOrder, byPage, byBatch, batch: BATCH, shipments, chain: chained, chainIngest, chainStore, chainOrders: CHAIN, target: TARGET }, load: load() })}`,
    );
  } finally {
    await world.close();
  }
}

/** The fulfiller's report of a whole part, by our line ids, with one tracking number. */
function shipmentOf(part: { id: string; lines: { orderLineId: string; quantity: number }[] }, id: string, tracking: string): FulfillerShipment {
  return {
    fulfillerShipmentId: id,
    fulfillmentId: part.id,
    clientFulfillmentId: null,
    trackingNumbers: [tracking],
    carrier: "UPS",
    method: "Ground",
    trackingUrl: null,
    lines: part.lines.map((line) => ({ lineId: line.orderLineId, quantity: line.quantity })),
    cancelled: false,
    shippedAt: null,
  };
}

interface Rate {
  /** per second of wall time */
  wall: number;
  /** per second of this process's CPU time */
  cpu: number;
  ms: number;
}

function rates(count: number, c: ReturnType<typeof clock>): Rate {
  const ms = c.ms();
  return { wall: count / (ms / 1000), cpu: count / (c.cpuMs() / 1000), ms };
}

function print(what: string, rate: Rate, unit: string) {
  console.log(`  ${what}: ${fmt(rate.wall)} ${unit}/s (${fmt(rate.cpu)} per CPU-second), ${fmt(rate.ms / 1000, 1)} s`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
