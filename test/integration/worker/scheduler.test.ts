// The scheduler's jobs and configuration, and the reconciliation poll it runs hourly.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { ingestOrder } from "~/use-cases/ingestOrder";
import { reconcileOrders } from "~/use-cases/reconcileOrders";
import {
  createHoldMatcher,
  DEFAULT_SCHEDULE,
  FAST_SCHEDULE,
  type Schedule,
  scheduleFromEnv,
  startScheduler,
} from "../../../workers/scheduler";
import { createWorld, line, order, partOf, type World } from "./world";

let world: World;
beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world.close();
});

/** Never fires by itself during a test (1 January at midnight): the test runs the jobs. */
const manual: Schedule = { hold: "0 0 1 1 *", holdEveryTick: false, sync: "0 0 1 1 *", push: "0 0 1 1 *", reconcile: "0 0 1 1 *" };
const quiet = { info: () => {}, error: (m: string) => errors.push(m) };
let errors: string[] = [];

describe("schedule configuration", () => {
  test("defaults, the sandbox's fast schedule, and per-job overrides from the environment", () => {
    expect(scheduleFromEnv({})).toEqual(DEFAULT_SCHEDULE);
    expect(DEFAULT_SCHEDULE).toMatchObject({ sync: "*/15 * * * *", reconcile: "0 * * * *", push: "* * * * *" });
    expect(scheduleFromEnv({ CONSIGN_SCHEDULE: "fast" })).toEqual(FAST_SCHEDULE);
    expect(scheduleFromEnv({ CONSIGN_CRON_SYNC: "*/5 * * * *" })).toEqual({ ...DEFAULT_SCHEDULE, sync: "*/5 * * * *" });
    expect(() => scheduleFromEnv({ CONSIGN_CRON_PUSH: "every minute" })).toThrow(/CONSIGN_CRON_PUSH/);
  });

  test("a shop's hold schedule decides which ticks send its holds", () => {
    const matcher = createHoldMatcher();
    try {
      expect(matcher.matches("0 * * * *", new Date("2026-11-21T12:00:00.700Z"))).toBe(true);
      expect(matcher.matches("0 * * * *", new Date("2026-11-21T12:00:03Z"))).toBe(true); // a late tick
      expect(matcher.matches("0 * * * *", new Date("2026-11-21T12:30:00Z"))).toBe(false);
      expect(matcher.matches("*/30 * * * *", new Date("2026-11-21T12:30:00Z"))).toBe(true);
      expect(matcher.matches("not cron", new Date("2026-11-21T12:00:00Z"))).toBe(false);
    } finally {
      matcher.close();
    }
  });
});

describe("startScheduler", () => {
  test("runs hold by each shop's schedule, then sync with push, in-process", async () => {
    errors = [];
    const o = order("6001", [line("L1", "P-A", 1)]);
    world.platform.putOrder(o);
    await ingestOrder(world.ctx, { shopId: world.shopId, order: o });
    const handle = startScheduler(world.ctx, manual, quiet);
    try {
      world.clock.advance(30 * 60_000); // 12:30: the shop's hourly hold schedule does not fire
      await handle.runNow("hold");
      expect((await partOf(world, "6001", world.connections.alpha)).status).toBe("HOLD");
      world.clock.advance(30 * 60_000); // 13:00: it does
      const hold = await handle.runNow("hold");
      expect(hold.counts.sent).toBe(1);
      const part = await partOf(world, "6001", world.connections.alpha);
      expect(part.status).toBe("PENDING");

      world.alpha.ship(part.id, { trackingNumbers: ["1ZSCHED"], lines: [{ sku: "SKU-L1", quantity: 1 }] });
      const sync = await handle.runNow("sync");
      expect(sync.counts).toMatchObject({ seen: 2, pushed: 1 }); // the shipment (sync), then its intent (push)
      expect(world.platform.live("6001").map((f) => f.trackingNumbers)).toEqual([["1ZSCHED"]]);
      expect((await handle.runNow("push")).counts.pushed).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await handle.stop();
    }
  });
});

describe("reconcileOrders", () => {
  test("orders missed by webhooks are ingested; the high-water mark moves after the listing", async () => {
    world.platform.ordersPageSize = 2;
    for (const id of ["6101", "6102", "6103"]) {
      world.platform.putOrder(order(id, [line("L1", "P-A", 1)], { updatedAt: `2026-11-21T10:0${id.at(-1)}:00.000Z` }));
    }
    const first = await reconcileOrders(world.ctx, { shopId: world.shopId });
    expect(first).toMatchObject({ status: "done", result: { orders: 3, created: 3, fulfillmentsCreated: 3 } });
    expect((await world.test.db.shop.findUniqueOrThrow({ where: { id: world.shopId } })).ordersCursor).toBe(
      "2026-11-21T10:03:00.000Z",
    );

    // Nothing changed since: nothing is listed again.
    const second = await reconcileOrders(world.ctx, { shopId: world.shopId });
    expect(second).toMatchObject({ status: "done", result: { orders: 0 } });

    // An order edited later comes back and only its change is applied.
    world.platform.putOrder(
      order("6102", [line("L1", "P-A", 1), line("L2", "P-B", 1)], { updatedAt: "2026-11-21T11:30:00.000Z" }),
    );
    const third = await reconcileOrders(world.ctx, { shopId: world.shopId });
    expect(third).toMatchObject({ status: "done", result: { orders: 1, created: 0, fulfillmentsCreated: 1 } });
    expect(await world.test.db.order.count()).toBe(3);
  });
});
