// Exactly once (DESIGN.md §Exactly once): a push whose outcome is unknown is looked up before it
// is retried, two workers never push the same intent, refusals and outages end as they should, and
// a job's lease keeps two runs of it apart.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createDb } from "~/db.server";
import { ingestOrder } from "~/use-cases/ingestOrder";
import { pushShipments } from "~/use-cases/pushShipments";
import { sendHolds } from "~/use-cases/sendHolds";
import { acquireLease, releaseLease, renewLease } from "~/use-cases/shared/jobLease";
import { syncShipments } from "~/use-cases/syncShipments";
import { contextFor, createWorld, line, order, partOf, type World } from "./world";

let world: World;
beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world.close();
});

/** Orders 7001.. each with one alpha line, sent and shipped by alpha, synced: one CREATE intent each. */
async function shippedOrders(count: number): Promise<void> {
  for (let n = 0; n < count; n++) {
    const o = order(String(7001 + n), [line("L1", "P-A", 2)]);
    world.platform.putOrder(o);
    await ingestOrder(world.ctx, { shopId: world.shopId, order: o });
  }
  await sendHolds(world.ctx, { shopId: world.shopId, connectionId: world.connections.alpha });
  for (let n = 0; n < count; n++) {
    const part = await partOf(world, String(7001 + n), world.connections.alpha);
    world.alpha.ship(part.id, { trackingNumbers: [`1ZEO${7001 + n}`], lines: [{ sku: "SKU-L1", quantity: 2 }] });
  }
  const synced = await syncShipments(world.ctx, { shopId: world.shopId, connectionId: world.connections.alpha });
  expect(synced.status).toBe("done");
}

const pushed = async () => {
  const outcome = await pushShipments(world.ctx, { shopId: world.shopId });
  if (outcome.status !== "done") throw new Error(`push ${outcome.status}`);
  return outcome.result;
};

describe("unknown outcomes", () => {
  test("a push the platform committed before timing out is found by findPushed and not pushed twice", async () => {
    await shippedOrders(1);
    world.platform.failNext("pushShipment", { kind: "commit-then-timeout" });

    const first = await pushed();
    expect(first).toMatchObject({ pushed: 0, retried: 1 });
    const intent = await world.test.db.pushIntent.findFirstOrThrow();
    expect(intent.state).toBe("PENDING");
    expect(intent.lastError).toMatch(/timed out/);
    expect(intent.nextAttemptAt.getTime()).toBeGreaterThan(world.clock.now.getTime());

    // Not due yet: nothing happens.
    expect(await pushed()).toMatchObject({ pushed: 0, retried: 0 });
    world.clock.advance(60_000);
    expect(await pushed()).toMatchObject({ pushed: 1, found: 1 });

    expect(world.platform.count("pushShipment")).toBe(1);
    expect(world.platform.count("findPushed")).toBe(1);
    expect(world.platform.live("7001")).toHaveLength(1);
    const done = await world.test.db.pushIntent.findFirstOrThrow();
    expect(done.state).toBe("DONE");
    expect(JSON.parse(done.platformRef ?? "null")).toEqual({ ids: [world.platform.live("7001")[0].id] });
  });

  test("an intent left IN_FLIGHT by a crashed worker is looked up once its lease expires", async () => {
    await shippedOrders(2);
    const intents = await world.test.db.pushIntent.findMany({ include: { shipment: { include: { order: true } } } });
    // Worker A claimed both, pushed the first one's shipment to the platform, then died.
    const past = new Date(world.clock.now.getTime() - 1);
    await world.test.db.pushIntent.updateMany({
      data: { state: "IN_FLIGHT", leaseOwner: "dead-worker", leaseUntil: new Date(world.clock.now.getTime() + 60_000), attempts: 1 },
    });
    const crashed = intents.find((i) => i.shipment.order.platformOrderId === "7001")!;
    const lines = await world.test.db.orderLine.findMany({ where: { orderId: crashed.shipment.orderId } });
    await world.platform.pushShipment(
      { id: world.shopId, platform: "SHOPIFY", domain: "worker-test.myshopify.com" },
      { platformOrderId: "7001" },
      {
        trackingNumbers: ["1ZEO7001"],
        carrier: "UPS",
        trackingUrl: null,
        method: "Ground",
        lines: [{ platformLineId: lines[0].platformLineId, quantity: 2 }],
      },
      { notifyCustomer: true, idempotencyKey: crashed.idempotencyKey },
    );

    // While the dead worker's lease runs, nobody touches its intents.
    expect(await pushed()).toMatchObject({ pushed: 0 });
    await world.test.db.pushIntent.updateMany({ data: { leaseUntil: past } });

    expect(await pushed()).toMatchObject({ pushed: 2, found: 1 });
    expect(world.platform.live("7001")).toHaveLength(1);
    expect(world.platform.live("7002")).toHaveLength(1);
    expect(world.platform.count("findPushed")).toBe(2);
    expect(world.platform.count("pushShipment")).toBe(2); // the dead worker's one and 7002's
  });

  test("a refusal ends FAILED with the platform's message on the timeline; an outage backs off", async () => {
    await shippedOrders(2);
    world.platform.failNext("pushShipment", { kind: "reject", message: "Line item is already fulfilled" });
    world.platform.failNext("pushShipment", { kind: "unavailable", retryAfterMs: 120_000 });
    expect(await pushed()).toMatchObject({ pushed: 0, failed: 1, retried: 1 });
    const [refused, delayed] = await world.test.db.pushIntent.findMany({ orderBy: { createdAt: "asc" } });
    expect(refused.state).toBe("FAILED");
    expect(refused.lastError).toBe("Line item is already fulfilled");
    const event = await world.test.db.timelineEvent.findFirstOrThrow({ where: { kind: "PUSH_FAILED" } });
    expect(event.reason).toContain("Line item is already fulfilled");
    expect(delayed.state).toBe("PENDING");
    expect(delayed.nextAttemptAt.getTime() - world.clock.now.getTime()).toBe(120_000);

    world.clock.advance(120_000);
    expect(await pushed()).toMatchObject({ pushed: 1 });
    // The refused one is never tried again.
    world.clock.advance(24 * 3_600_000);
    expect(await pushed()).toMatchObject({ pushed: 0 });
  });
});

describe("concurrency", () => {
  test("two workers pushing at once never push the same intent twice", async () => {
    await shippedOrders(12);
    world.platform.writeDelayMs = 15;
    // A second worker: its own context and database client on the same database file.
    const otherDb = createDb(world.test.url);
    try {
      const other = contextFor(
        { ...world.test, db: otherDb },
        world.platform,
        new Map([
          ["alpha", world.alpha],
          ["beta", world.beta],
        ]),
        world.clock,
      );
      // Different job scopes (one shop / every shop), so both runs go ahead and race for the intents.
      const [a, b] = await Promise.all([
        pushShipments(world.ctx, { shopId: world.shopId }),
        pushShipments(other, {}),
      ]);
      const total = [a, b].reduce((sum, o) => sum + (o.status === "done" ? o.result.pushed : 0), 0);
      expect(total).toBe(12);
      // Both really worked at the same time (each pushed some), which is what the claim protects.
      expect([a, b].every((o) => o.status === "done" && o.result.pushed > 0)).toBe(true);
    } finally {
      await otherDb.$disconnect();
    }
    expect(world.platform.count("pushShipment")).toBe(12);
    for (let n = 0; n < 12; n++) expect(world.platform.live(String(7001 + n))).toHaveLength(1);
    expect(await world.test.db.pushIntent.count({ where: { state: "DONE" } })).toBe(12);
  });

  test("a job's lease keeps a second run of it from starting; another connection's run goes ahead", async () => {
    await shippedOrders(1);
    const held = await acquireLease(world.test.db, world.ctx, `sync:${world.shopId}:${world.connections.alpha}`, "other-process", 60_000);
    expect(held).toBe(true);
    const blocked = await syncShipments(world.ctx, { shopId: world.shopId, connectionId: world.connections.alpha });
    expect(blocked).toEqual({ status: "skipped", reason: "lease-held" });
    const other = await syncShipments(world.ctx, { shopId: world.shopId, connectionId: world.connections.beta });
    expect(other.status).toBe("done");

    // The lease expires (its holder died): the next run takes it over.
    world.clock.advance(61_000);
    expect((await syncShipments(world.ctx, { shopId: world.shopId, connectionId: world.connections.alpha })).status).toBe("done");
    expect(await world.test.db.jobLease.count()).toBe(0);
  });

  test("two runs started at once: exactly one runs, the other is skipped", async () => {
    await shippedOrders(1);
    const otherDb = createDb(world.test.url);
    try {
      const other = contextFor(
        { ...world.test, db: otherDb },
        world.platform,
        new Map([["alpha", world.alpha]]),
        world.clock,
      );
      const runs = await Promise.all([
        pushShipments(world.ctx, { shopId: world.shopId }),
        pushShipments(other, { shopId: world.shopId }),
      ]);
      expect(runs.map((r) => r.status).sort()).toEqual(["done", "skipped"]);
    } finally {
      await otherDb.$disconnect();
    }
    expect(await world.test.db.syncRun.count({ where: { job: "push" } })).toBe(1);
  });

  test("leases across database clients: held, renewed only by their owner, released", async () => {
    const otherDb = createDb(world.test.url);
    try {
      expect(await acquireLease(world.test.db, world.ctx, "hold:s1:c1", "A", 30_000)).toBe(true);
      expect(await acquireLease(otherDb, world.ctx, "hold:s1:c1", "B", 30_000)).toBe(false);
      expect(await renewLease(otherDb, world.ctx, "hold:s1:c1", "B", 30_000)).toBe(false);
      expect(await renewLease(world.test.db, world.ctx, "hold:s1:c1", "A", 30_000)).toBe(true);
      await releaseLease(otherDb, "hold:s1:c1", "B"); // not B's: stays
      expect(await acquireLease(otherDb, world.ctx, "hold:s1:c1", "B", 30_000)).toBe(false);
      await releaseLease(world.test.db, "hold:s1:c1", "A");
      expect(await acquireLease(otherDb, world.ctx, "hold:s1:c1", "B", 30_000)).toBe(true);
    } finally {
      await otherDb.$disconnect();
    }
  });
});
