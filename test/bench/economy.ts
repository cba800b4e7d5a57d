// API economy and worker memory (issue 5, benchmarks). One connection (ShipStation) with 50,000
// open fulfillments; 500 of them ship in one cycle. We count, at the stand-ins, the calls the cycle
// makes to the fulfiller and to the platform, against what polling each open order would make (at
// least one call per order). Then the backlog grows to 100,000 open orders and a worker process
// runs its cycles on it while we read its resident memory.
//
// Only the 500 orders that ship live at the Shopify and ShipStation stand-ins (they are placed,
// polled in, sent and shipped through the real paths); the rest of the backlog is open in our
// database, where a per-order poll would walk it. The sync never asks about an order, so the
// orders that did not change are not part of its work wherever they live.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pushShipments } from "~/use-cases/pushShipments";
import { syncShipments } from "~/use-cases/syncShipments";
import { startWorld } from "../support/world";
import { clock, fmt, load, partsOf, placeRealOrders, seedOpenOrders, sendAllHolds } from "./seed";

/** BENCH_SCALE=0.02 for a quick dry run of the same steps */
const SCALE = Number(process.env.BENCH_SCALE ?? "1");
const BACKLOG = Math.round(50_000 * SCALE);
const SHIPPED = Number(process.env.BENCH_SHIPPED ?? Math.max(10, Math.round(500 * SCALE)));
const MEMORY_BACKLOG = Math.round(100_000 * SCALE);
const SHIPSTATION_LIMIT = { limit: 40, windowMs: 60_000 }; // ShipStation V1: 40 requests a minute

async function main() {
  // Shopify Plus's bucket, so that pushing 500 shipments is not an hour of waiting; seeding goes
  // to ShipStation faster than its 40 a minute (the limit is back on for the measured cycle).
  const world = await startWorld({
    app: false,
    shopifyBucket: { size: 20_000, restoreRate: 1_000 },
    shipstation: { rateLimit: { limit: 1_000_000, windowMs: 60_000 } },
  });
  const ss = world.connections.shipstation!;
  const product = await world.product("BENCH-TEE", ss, "Bench tee");
  try {
    const seeding = clock();
    await seedOpenOrders(world, "backlog", BACKLOG - SHIPPED, product.productId, ss);
    const shipping = await placeRealOrders(world, product, SHIPPED);
    await sendAllHolds(world, ss, SHIPPED);
    const open = await world.ctx.db.fulfillment.count({ where: { shopId: world.shop.id, connectionId: ss, status: "PENDING" } });
    console.log(`seeded ${fmt(open)} open fulfillments on ShipStation in ${fmt(seeding.ms() / 1000, 1)} s (load ${load()})`);

    // Steady state: the connection has synced before (its cursor is set).
    await sync(world, ss);
    await shipAll(world, shipping, ss);
    world.shipstation.setRateLimit(SHIPSTATION_LIMIT);

    const before = { ss: world.shipstation.requests.length, shopify: world.shopify.requests.length };
    const cycle = clock();
    const synced = await sync(world, ss);
    const afterSync = { ss: world.shipstation.requests.length, shopify: world.shopify.requests.length };
    const pushed = await push(world);
    const seconds = cycle.ms() / 1000;
    const calls = {
      fulfillerSync: afterSync.ss - before.ss,
      platformSync: afterSync.shopify - before.shopify,
      fulfillerPush: world.shipstation.requests.length - afterSync.ss,
      platformPush: world.shopify.requests.length - afterSync.shopify,
    };
    const onShopify = world.shopify.store.listFulfillments().filter((f) => f.status === "SUCCESS").length;
    if (synced.accepted !== SHIPPED || pushed.pushed !== SHIPPED || onShopify !== SHIPPED) {
      throw new Error(`expected ${SHIPPED} accepted, pushed and on Shopify; got ${synced.accepted}, ${pushed.pushed}, ${onShopify}`);
    }
    const floor = open; // polling: at least one call per open order and cycle
    const syncCalls = calls.fulfillerSync + calls.platformSync;
    const cycleCalls = syncCalls + calls.fulfillerPush + calls.platformPush;
    const syncRatio = syncCalls / floor;
    const cycleRatio = cycleCalls / (floor + calls.platformPush); // a poller makes the same pushes
    console.log(`API economy — ${fmt(open)} open fulfillments on one connection, ${SHIPPED} new shipments, one cycle (${fmt(seconds, 1)} s):`);
    console.log(`  finding the shipments (sync): ${calls.fulfillerSync} calls to ShipStation, ${calls.platformSync} to Shopify`);
    console.log(`  pushing them: ${calls.platformPush} calls to Shopify (${fmt(calls.platformPush / SHIPPED, 2)} per shipment), ${calls.fulfillerPush} to ShipStation`);
    console.log(`  polling each open order: at least ${fmt(floor)} calls`);
    console.log(`  ratio, sync: ${syncCalls} / ${fmt(floor)} = ${fmt(syncRatio * 100, 3)} % (target <= 1 %)`);
    console.log(`  ratio, whole cycle with the pushes both designs make: ${fmt(cycleCalls)} / ${fmt(floor + calls.platformPush)} = ${fmt(cycleRatio * 100, 2)} %`);

    // ---------------------------------------------------------------- memory at 100,000 open
    const growing = clock();
    world.shipstation.setRateLimit({ limit: 1_000_000, windowMs: 60_000 }); // seeding again
    // open - SHIPPED are still open; SHIPPED more come as real orders below.
    await seedOpenOrders(world, "more", MEMORY_BACKLOG - open, product.productId, ss);
    const next = await placeRealOrders(world, product, SHIPPED);
    await sendAllHolds(world, ss, SHIPPED);
    await shipAll(world, next, ss);
    world.shipstation.setRateLimit(SHIPSTATION_LIMIT);
    const openNow = await world.ctx.db.fulfillment.count({ where: { shopId: world.shop.id, status: { in: ["HOLD", "PENDING"] } } });
    console.log(`grew the backlog to ${fmt(openNow)} open orders in ${fmt(growing.ms() / 1000, 1)} s`);
    const memory = await workerMemory(world.childEnv(), world.shop.id);
    console.log(
      `Worker memory — ${fmt(openNow)} open orders, a worker process (node ${workerNodeFlags().join(" ")}, as \`npm run worker\`) running two cycles (sync, push ${memory.pushed}) and the reconciliation poll:`,
    );
    console.log(`  RSS after start-up ${fmt(memory.baselineMb)} MB, peak ${fmt(memory.peakMb)} MB (target <= 300 MB); ${fmt(memory.seconds, 1)} s`);

    console.log(
      `BENCH_RESULT ${JSON.stringify({
        economy: { open, shipped: SHIPPED, ...calls, floor, syncRatio, cycleRatio, seconds },
        memory: { open: openNow, ...memory },
        load: load(),
      })}`,
    );
  } finally {
    await world.close();
  }
}

async function sync(world: Awaited<ReturnType<typeof startWorld>>, connectionId: string) {
  const outcome = await syncShipments(world.ctx, { shopId: world.shop.id, connectionId });
  if (outcome.status !== "done") throw new Error(`sync ${outcome.status}: ${outcome.status === "failed" ? outcome.error : ""}`);
  return outcome.result.tally;
}

async function push(world: Awaited<ReturnType<typeof startWorld>>) {
  const outcome = await pushShipments(world.ctx, { shopId: world.shop.id, limit: 10_000 });
  if (outcome.status !== "done") throw new Error(`push ${outcome.status}: ${outcome.status === "failed" ? outcome.error : ""}`);
  return outcome.result;
}

/** The warehouse buys one label per order (ShipStation stand-in control API). */
async function shipAll(world: Awaited<ReturnType<typeof startWorld>>, platformOrderIds: string[], connectionId: string) {
  const parts = await partsOf(world, platformOrderIds, connectionId);
  let n = 0;
  for (const part of parts) {
    await world.shipstation.shipOrder(part, [{ trackingNumber: `1ZBENCH${String(++n).padStart(10, "0")}${Date.now() % 1000}`, carrierCode: "ups" }], {
      notify: false,
    });
  }
}

interface WorkerMemory {
  baselineMb: number;
  peakMb: number;
  pushed: number;
  seconds: number;
}

/**
 * The Node flags of `npm run worker` (package.json: `tsx <flags> workers/scheduler.ts`), so that
 * the measured process runs as the production worker does.
 */
export function workerNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, "..", "..", "package.json"), "utf8")) as { scripts: Record<string, string> };
  const words = pkg.scripts.worker?.split(/\s+/) ?? [];
  if (words[0] !== "tsx" || !words.at(-1)?.endsWith(".ts")) throw new Error(`unexpected worker script: ${pkg.scripts.worker}`);
  return words.slice(1, -1).filter((word) => word.startsWith("--"));
}

function workerMemory(env: Record<string, string>, shopId: string): Promise<WorkerMemory> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...workerNodeFlags(), "--import", "tsx", resolve(import.meta.dirname, "memory-worker.ts")], {
      cwd: resolve(import.meta.dirname, "..", ".."),
      env: { ...process.env, ...env, BENCH_SHOP_ID: shopId },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("MEMORY "));
      if (code !== 0 || !line) return reject(new Error(`memory worker exited ${code}: ${out.slice(-2000)}`));
      resolvePromise(JSON.parse(line.slice("MEMORY ".length)) as WorkerMemory);
    });
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
