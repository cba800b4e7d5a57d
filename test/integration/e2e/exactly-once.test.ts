// Exactly once across processes (DESIGN.md §Exactly once): worker processes push a few hundred
// shipments to the Shopify stand-in through the database file while they are SIGKILLed at random
// points, again and again; then under injected timeouts (before and after Shopify commits), 5xx and
// THROTTLED storms with two workers at once. Every shipment ends on Shopify exactly once.
//
// Each worker is test/integration/e2e/push-worker.ts run by tsx in its own process (node --import
// tsx: what `npx tsx` runs, without the npm wrapper, so that SIGKILL hits the worker itself).
import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { activateConnection } from "~/use-cases/activateConnection";
import { reconcileOrders } from "~/use-cases/reconcileOrders";
import { storeShipmentInTx } from "~/use-cases/shared/storeShipment";
import type { FaultSpec } from "../../../sandbox/shopify";
import { startWorld, type World, type WorldProduct } from "../../support/world";

const ROOT = resolve(import.meta.dirname, "..", "..", "..");
const WORKER = resolve(import.meta.dirname, "push-worker.ts");

let world: World;
let product: WorldProduct;
let connectionId: string;

beforeAll(async () => {
  // Shopify Plus's bucket (20,000 points, 1,000 per second): the storms below are injected, not earned.
  world = await startWorld({ app: false, fulfillers: false, shopifyBucket: { size: 20_000, restoreRate: 1_000 } });
  const manual = await activateConnection(world.ctx, { shopId: world.shop.id, kind: "manual", title: "Our dock", credentials: {} });
  connectionId = manual.connection.id;
  product = await world.product("EO-TEE", connectionId, "Exactly-once tee");
});

afterAll(async () => {
  for (const worker of workers) worker.process.kill("SIGKILL");
  await world?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const between = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

interface Batch {
  tag: string;
  /** Shopify order id → the tracking number of its one shipment */
  orders: Map<string, string>;
}

/**
 * `count` orders of 3 units at the Shopify stand-in, taken in by the reconciliation poll, each with
 * one shipment of 1 unit recorded (the other units leave room for a duplicate to show).
 */
async function shippedBatch(count: number, tag: string): Promise<Batch> {
  const orders = new Map<string, string>();
  for (let n = 0; n < count; n++) {
    const order = world.shopify.store.createOrder({
      email: "ada@example.com",
      shippingAddress: { name: "Ada Buyer", address1: "1 Dock Road", city: "Portland", provinceCode: "OR", zip: "97201", countryCode: "US" },
      lines: [{ variantId: product.variantId, quantity: 3 }],
    });
    orders.set(order.id, `${tag}${String(n).padStart(6, "0")}`);
  }
  const reconciled = await reconcileOrders(world.ctx, { shopId: world.shop.id });
  expect(reconciled.status).toBe("done");
  const rows = await world.ctx.db.order.findMany({
    where: { shopId: world.shop.id, platformOrderId: { in: [...orders.keys()] } },
    include: { lines: true, fulfillments: true },
  });
  expect(rows).toHaveLength(count);
  // Recorded as a merchant's tracking upload records them (importTracking): through the shared
  // shipment path, many in one transaction.
  for (let start = 0; start < rows.length; start += 25) {
    await world.ctx.db.$transaction(
      async (tx) => {
        for (const row of rows.slice(start, start + 25)) {
          const result = await storeShipmentInTx(world.ctx, tx, {
            shopId: world.shop.id,
            connection: { id: connectionId, kind: "manual" },
            fulfillmentId: row.fulfillments[0]!.id,
            shipment: {
              fulfillerShipmentId: "",
              fulfillmentId: row.fulfillments[0]!.id,
              clientFulfillmentId: null,
              trackingNumbers: [orders.get(row.platformOrderId)!],
              carrier: "UPS",
              method: null,
              trackingUrl: null,
              lines: [{ lineId: row.lines[0]!.id, quantity: 1 }],
              cancelled: false,
              shippedAt: null,
            },
            actor: "user:test",
            onReject: "refuse",
          });
          expect(result.kind).toBe("accepted");
        }
      },
      { timeout: 60_000 },
    );
  }
  return { tag, orders };
}

/** Every order of the batch holds exactly its one fulfillment on Shopify, and its intent says so. */
async function expectExactlyOnce(batch: Batch): Promise<void> {
  const wrong: string[] = [];
  for (const [orderId, number] of batch.orders) {
    const found = world.shopify.store.listFulfillments(orderId);
    const shape = found.map((f) => `${f.status} ${f.trackingInfo.map((t) => `${t.company}:${t.number}`).join(",")} x${f.lines.reduce((s, l) => s + l.quantity, 0)}`);
    if (shape.length !== 1 || shape[0] !== `SUCCESS UPS:${number} x1`) wrong.push(`${orderId}: ${shape.join(" | ") || "nothing"}`);
  }
  expect(wrong, `${wrong.length} order(s) without exactly one fulfillment`).toEqual([]);
  const intents = await world.ctx.db.pushIntent.findMany({
    where: { shipment: { order: { platformOrderId: { in: [...batch.orders.keys()] } } } },
    include: { shipment: { include: { order: true } } },
  });
  expect(intents).toHaveLength(batch.orders.size);
  for (const intent of intents) {
    const live = world.shopify.store.listFulfillments(intent.shipment.order.platformOrderId);
    expect([intent.action, intent.state, intent.platformRef]).toEqual(["CREATE", "DONE", JSON.stringify({ ids: [live[0]!.id] })]);
  }
}

interface Worker {
  process: ChildProcess;
  lines: Record<string, unknown>[];
  /** resolves on the "ready" line (or at exit) */
  ready: Promise<void>;
  /** resolves after its first finished run (or at exit) */
  firstRun: Promise<void>;
  exited: Promise<number | null>;
  running: boolean;
  /** lets a worker started with PUSH_WAIT_FOR_GO=1 begin */
  go(): void;
}

const workers: Worker[] = [];

function startWorker(env: Record<string, string>): Worker {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER], {
    cwd: ROOT,
    env: { ...process.env, ...world.childEnv(), ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let onReady = () => {};
  let onFirstRun = () => {};
  const worker: Worker = {
    process: child,
    lines: [],
    ready: new Promise<void>((r) => {
      onReady = r;
    }),
    firstRun: new Promise<void>((r) => {
      onFirstRun = r;
    }),
    exited: Promise.resolve(null),
    running: true,
    go: () => child.stdin?.write("go\n"),
  };
  child.stdin?.on("error", () => undefined); // writing to a worker that just died
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let buffer = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
      const line = buffer.slice(0, i).trim();
      buffer = buffer.slice(i + 1);
      if (!line.startsWith("{")) continue;
      const parsed = JSON.parse(line) as Record<string, unknown>;
      worker.lines.push(parsed);
      if ("ready" in parsed) onReady();
      if (parsed.status === "done") onFirstRun();
    }
  });
  worker.exited = new Promise((resolveExit) =>
    child.on("exit", (code) => {
      worker.running = false;
      onReady();
      onFirstRun();
      if (code !== 0 && code !== null && stderr) console.error(`[push-worker ${child.pid}] exit ${code}: ${stderr.slice(-2000)}`);
      resolveExit(code);
    }),
  );
  workers.push(worker);
  return worker;
}

/** Waits for a worker to exit, SIGKILLing it if it is still running after `ms`. */
async function exitWithin(worker: Worker, ms: number): Promise<number | null> {
  const timer = setTimeout(() => worker.process.kill("SIGKILL"), ms);
  const code = await worker.exited;
  clearTimeout(timer);
  return code;
}

const sum = (list: Worker[], key: string) =>
  list.flatMap((w) => w.lines).reduce((total, line) => total + (typeof line[key] === "number" ? (line[key] as number) : 0), 0);

describe("exactly once, across crashing and competing worker processes", () => {
  test("workers SIGKILLed at random points of their cycle, over and over: every shipment on Shopify exactly once", async () => {
    const batch = await shippedBatch(250, "1ZKILL");
    // Shopify answers in 25 ms or more (it takes 100-300 ms in life): a push takes a while on any
    // machine, so every kill lands in a cycle with work left.
    world.shopify.injectFault({ kind: "latency", ms: 25, times: Number.POSITIVE_INFINITY });
    const started = Date.now();
    const killed: Worker[] = [];
    let orphaned = 0;
    // 11 kills at most, within 50 s. Incarnations alternate between the per-shop push and the
    // all-shops push, whose job leases differ: the next one need not wait out the dead one's lease.
    // Each is started ahead and waits for its turn, so its start-up overlaps the one before.
    const incarnation = (n: number) =>
      startWorker({
        ...(n % 2 === 0 ? { PUSH_SHOP_ID: world.shop.id } : {}),
        PUSH_LIMIT: "5",
        PUSH_LEASE_MS: "5000",
        PUSH_WAIT_FOR_GO: "1",
      });
    let next = incarnation(0);
    while (killed.length < 11 && Date.now() - started < 50_000) {
      const worker = next;
      await worker.ready;
      worker.go();
      next = incarnation(killed.length + 1);
      // Half the time during its first run, half the time in a later one.
      if (Math.random() < 0.5) await sleep(between(20, 600));
      else await worker.firstRun.then(() => sleep(between(0, 400)));
      if (!worker.running) break; // it finished everything before its kill
      worker.process.kill("SIGKILL");
      await worker.exited;
      killed.push(worker);
      orphaned += await world.ctx.db.pushIntent.count({
        where: { state: "IN_FLIGHT", leaseOwner: { contains: `:${worker.process.pid}:` } },
      });
    }
    next.process.kill("SIGKILL"); // started ahead, never let go
    world.shopify.clearFaults();
    const midway = await world.ctx.db.pushIntent.count({ where: { state: "DONE", shipment: { order: { platformOrderId: { in: [...batch.orders.keys()] } } } } });
    expect(killed.length).toBeGreaterThanOrEqual(10);
    expect(midway).toBeLessThan(batch.orders.size);
    // Some kills caught a worker holding a claimed intent: another claims it once its lease ends.
    expect(orphaned).toBeGreaterThan(0);
    const last = startWorker({ PUSH_SHOP_ID: world.shop.id, PUSH_DEADLINE_MS: "40000", PUSH_LEASE_MS: "5000" });
    expect(await exitWithin(last, 45_000)).toBe(0);
    console.info(
      `[exactly-once] ${killed.length} kills (${orphaned} holding an intent, ${midway} of ${batch.orders.size} pushed by then); found on Shopify after an unknown outcome: ${sum(workers, "found")}; ${Date.now() - started} ms`,
    );
    await expectExactlyOnce(batch);
  }, 120_000);

  test("under timeouts (also after Shopify committed), 5xx and THROTTLED storms, with two workers at once: exactly once", async () => {
    const batch = await shippedBatch(150, "1ZFLT");
    const onCreate = { field: "fulfillmentCreate" };
    const onRead = { operationName: "OrderFulfillmentOrders" };
    const faults: FaultSpec[] = [
      { kind: "commitThenHang", match: onCreate },
      { kind: "status", status: 503, match: onCreate },
      { kind: "throttle", times: 8 },
      { kind: "commitThenDrop", match: onCreate },
      { kind: "status", status: 500, match: onRead },
      { kind: "commitThenStatus", status: 502, match: onCreate },
      { kind: "hang", match: onCreate },
      { kind: "drop", match: onRead },
      { kind: "latency", ms: 300 },
    ];
    const before = world.shopify.requests.length;
    const applied = () => world.shopify.requests.slice(before).filter((r) => r.fault).length;
    let injected = 0;
    let expected = 0;
    let stop = false;
    // One fault waits at a time (the next is injected once it has struck), so a storm never
    // outlasts the adapter's retries: what is tested is the outcome, not the give-up path.
    const injector = (async () => {
      while (!stop && injected < 36) {
        const fault = faults[injected % faults.length]!;
        world.shopify.injectFault(fault);
        injected++;
        expected += fault.times ?? 1;
        const waitUntil = Date.now() + 5_000;
        while (!stop && applied() < expected && Date.now() < waitUntil) await sleep(20);
        await sleep(between(20, 120));
      }
    })();
    // One worker per shop (push:<shop>) and one over every shop (push:*): both claim the same intents.
    const perShop = startWorker({ PUSH_SHOP_ID: world.shop.id, PUSH_DEADLINE_MS: "45000", PUSH_LIMIT: "10", PUSH_LEASE_MS: "15000" });
    const allShops = startWorker({ PUSH_DEADLINE_MS: "45000", PUSH_LIMIT: "10", PUSH_LEASE_MS: "15000" });
    const codes = await Promise.all([exitWithin(perShop, 50_000), exitWithin(allShops, 50_000)]);
    stop = true;
    await injector;
    world.shopify.clearFaults();
    expect(codes).toEqual([0, 0]);

    const seen = world.shopify.requests.slice(before);
    const hit = new Set(seen.flatMap((r) => (r.fault ? [r.fault] : [])));
    expect([...hit].sort()).toEqual(["commitThenDrop", "commitThenHang", "commitThenStatus", "drop", "hang", "latency", "status", "throttle"]);
    expect(seen.filter((r) => r.outcome === "throttled").length).toBeGreaterThanOrEqual(8);
    // Both workers did part of the work, and together all of it.
    expect(sum([perShop], "pushed")).toBeGreaterThan(0);
    expect(sum([allShops], "pushed")).toBeGreaterThan(0);
    expect(sum([perShop, allShops], "pushed")).toBe(batch.orders.size);
    console.info(
      `[exactly-once] ${injected} faults injected, ${seen.filter((r) => r.fault).length} answers faulted; pushed ${sum([perShop], "pushed")} + ${sum([allShops], "pushed")}; intents retried later ${sum([perShop, allShops], "retried")}`,
    );
    await expectExactlyOnce(batch);
  }, 120_000);
});
