// Outgoing webhooks over HTTP: a subscriber (a node:http server here) verifies each delivery's
// HMAC itself; a failing subscriber is retried with backoff and then marked failing; and a
// subscriber that never answers holds up none of the worker's other jobs.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { createWebhookSubscription } from "~/use-cases/webhooks/createWebhookSubscription";
import { deliverWebhooks } from "~/use-cases/webhooks/deliverWebhooks";
import { listWebhookSubscriptions } from "~/use-cases/webhooks/listWebhookSubscriptions";
import { retryWebhookDelivery } from "~/use-cases/webhooks/retryWebhookDelivery";
import type { Schedule } from "../../../workers/scheduler";
import { createWorld, fulfillment, placeOrder, ship, type StandIns, startStandIns, type World } from "./world";

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  verified: boolean;
}

interface Subscriber {
  url: string;
  received: Received[];
  /** what to answer next: a status, or "hang" (never answer) */
  answer: number | "hang";
  secret: string;
  close(): Promise<void>;
}

/** A subscriber as a partner would write one: HMAC-SHA256 of the raw bytes, constant-time compare. */
async function startSubscriber(): Promise<Subscriber> {
  const hanging = new Set<import("node:http").ServerResponse>();
  const subscriber: Subscriber = { url: "", received: [], answer: 200, secret: "", close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const expected = Buffer.from(`sha256=${createHmac("sha256", subscriber.secret).update(raw).digest("hex")}`);
      const given = Buffer.from(String(req.headers["x-consign-signature"] ?? ""));
      const verified = given.length === expected.length && timingSafeEqual(given, expected);
      subscriber.received.push({ headers: req.headers, body: raw.toString("utf8"), verified });
      if (subscriber.answer === "hang") {
        hanging.add(res);
        return;
      }
      res.writeHead(verified ? subscriber.answer : 401, { "Content-Type": "text/plain" });
      res.end(verified ? "ok" : "bad signature");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  subscriber.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/consign`;
  subscriber.close = () =>
    new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return subscriber;
}

let standIns: StandIns;
let world: World;
let subscriber: Subscriber;

beforeAll(async () => {
  standIns = await startStandIns();
});
afterAll(async () => {
  await standIns.close();
});
afterEach(async () => {
  await subscriber.close();
  await world.close();
});

async function subscribe(events: Parameters<typeof createWebhookSubscription>[1]["events"]) {
  const { subscription, secret } = await createWebhookSubscription(world.ctx, {
    shopId: world.shopId,
    url: subscriber.url,
    events,
    allowHttp: true,
  });
  subscriber.secret = secret;
  return subscription;
}

describe("outgoing webhooks", () => {
  test("each event arrives signed, and the subscriber can verify the signature over the raw body", async () => {
    world = await createWorld(standIns, { carrierTracking: false });
    subscriber = await startSubscriber();
    await subscribe(["ORDER_CREATED", "FULFILLMENT_SENT", "TRACKING_ASSIGNED", "SHIPPED"]);
    const order = await placeOrder(world, [{ sku: "WH-1", quantity: 1 }]);
    await ship(world, order.fulfillmentId, ["9400100000000000000064"], [{ orderLineId: order.lineBySku("WH-1").id, quantity: 1 }]);
    expect((await fulfillment(world, order.fulfillmentId)).status).toBe("SHIPPED");

    const outcome = await deliverWebhooks(world.ctx, { timeoutMs: 2_000 });
    expect(outcome.status === "done" && outcome.result).toEqual({ delivered: 4, retried: 0, failed: 0 });
    expect(subscriber.received.map((r) => r.verified)).toEqual([true, true, true, true]);
    const bodies = subscriber.received.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(bodies.map((b) => b.event).sort()).toEqual(["FULFILLMENT_SENT", "ORDER_CREATED", "SHIPPED", "TRACKING_ASSIGNED"].sort());
    for (const r of subscriber.received) {
      expect(r.headers["x-consign-event"]).toBe((JSON.parse(r.body) as { event: string }).event);
      expect(r.headers["x-consign-delivery-id"]).toMatch(/^c[a-z0-9]+$/);
      expect(Number(r.headers["x-consign-timestamp"])).toBe(Math.floor(world.clock.now.getTime() / 1000));
    }
    const shipped = bodies.find((b) => b.event === "SHIPPED") as {
      order: { platformOrderId: string };
      fulfillment: { id: string; status: string; previousStatus: string };
      shipments: { trackingNumbers: string[]; carrier: string }[];
    };
    expect(shipped.order.platformOrderId).toBe(order.platformOrderId);
    expect(shipped.fulfillment).toMatchObject({ id: order.fulfillmentId, status: "SHIPPED", previousStatus: "PENDING_SHIPMENT" });
    expect(shipped.shipments).toEqual([expect.objectContaining({ trackingNumbers: ["9400100000000000000064"], carrier: "USPS" })]);
    // The body carries no customer details.
    expect(subscriber.received.some((r) => r.body.includes("ada@buyer.example") || r.body.includes("Dock Road"))).toBe(false);

    // The subscriber's check is real: one changed byte fails it.
    const first = subscriber.received[0]!;
    const tampered = first.body.replace('"event":"', '"event":"X');
    const res = await fetch(subscriber.url, {
      method: "POST",
      headers: { "X-Consign-Signature": String(first.headers["x-consign-signature"]) },
      body: tampered,
    });
    expect(res.status).toBe(401);

    // Delivered rows are not sent again.
    const again = await deliverWebhooks(world.ctx, { timeoutMs: 2_000 });
    expect(again.status === "done" && again.result.delivered).toBe(0);
    expect(subscriber.received).toHaveLength(5);
  });

  test("a failing subscriber is retried with growing delays, then marked failing; a later success clears it", async () => {
    world = await createWorld(standIns, { carrierTracking: false });
    subscriber = await startSubscriber();
    subscriber.answer = 500;
    const subscription = await subscribe(["TRACKING_ASSIGNED"]);
    const order = await placeOrder(world, [
      { sku: "FAIL-1", quantity: 1 },
      { sku: "FAIL-2", quantity: 1 },
    ]);
    await ship(world, order.fulfillmentId, ["9400100000000000000071"], [{ orderLineId: order.lineBySku("FAIL-1").id, quantity: 1 }]);
    const opts = { timeoutMs: 2_000, maxAttempts: 3, baseDelayMs: 60_000 };
    const run = async () => {
      const o = await deliverWebhooks(world.ctx, opts);
      if (o.status !== "done") throw new Error(o.status);
      return o.result;
    };

    expect(await run()).toEqual({ delivered: 0, retried: 1, failed: 0 });
    expect(await run()).toEqual({ delivered: 0, retried: 0, failed: 0 }); // not due yet
    world.clock.advance(59_000);
    expect(await run()).toEqual({ delivered: 0, retried: 0, failed: 0 });
    world.clock.advance(1_000);
    expect(await run()).toEqual({ delivered: 0, retried: 1, failed: 0 });
    world.clock.advance(119_000);
    expect(await run()).toEqual({ delivered: 0, retried: 0, failed: 0 }); // the second delay doubled
    world.clock.advance(1_000);
    expect(await run()).toEqual({ delivered: 0, retried: 0, failed: 1 });

    expect(subscriber.received).toHaveLength(3);
    expect(new Set(subscriber.received.map((r) => r.headers["x-consign-delivery-id"])).size).toBe(1);
    expect(subscriber.received.every((r) => r.verified)).toBe(true);
    let [view] = await listWebhookSubscriptions(world.ctx, { shopId: world.shopId });
    expect(view).toMatchObject({ id: subscription.id, failing: true, counts: { failed: 1, delivered: 0, pending: 0 } });
    expect(view!.deliveries[0]).toMatchObject({ state: "FAILED", attempts: 3, lastStatus: 500, lastError: "HTTP 500: ok" });

    // The subscriber recovers: the merchant sends the failed one again, and a new event arrives.
    subscriber.answer = 200;
    await retryWebhookDelivery(world.ctx, { shopId: world.shopId, deliveryId: view!.deliveries[0]!.id });
    await ship(world, order.fulfillmentId, ["9400100000000000000088"], [{ orderLineId: order.lineBySku("FAIL-2").id, quantity: 1 }]);
    expect(await run()).toEqual({ delivered: 1, retried: 0, failed: 0 });
    [view] = await listWebhookSubscriptions(world.ctx, { shopId: world.shopId });
    expect(view).toMatchObject({ failing: false, failingSince: null, counts: { delivered: 1, failed: 0 } });
  });

  test("a subscriber that never answers holds up none of the worker's other jobs", async () => {
    world = await createWorld(standIns);
    subscriber = await startSubscriber();
    subscriber.answer = "hang";
    await subscribe(["TRACKING_ASSIGNED"]);
    const order = await placeOrder(world, [{ sku: "HANG-1", quantity: 1 }]);
    const number = "9400100000000000000095";
    await ship(world, order.fulfillmentId, [number], [{ orderLineId: order.lineBySku("HANG-1").id, quantity: 1 }]);
    standIns.easypost.register(number, "USPS", new Date("2026-11-21T13:00:00Z"));
    await standIns.easypost.advance(number, "IN_TRANSIT", new Date("2026-11-21T20:00:00Z"));

    // The scheduler's module loads the app's context (shopify.server and its session storage on
    // DATABASE_URL): point it at this test's database first.
    process.env.DATABASE_URL = world.test.url;
    const { startScheduler } = await import("../../../workers/scheduler");
    const never = "0 0 1 1 *";
    const schedule: Schedule = { hold: never, holdEveryTick: false, sync: never, push: never, reconcile: never, track: never, deliver: never, notify: never };
    const handle = startScheduler(world.ctx, schedule, { info: () => {}, error: () => {} });
    try {
      let settled = false;
      const delivering = deliverWebhooks(world.ctx, { timeoutMs: 3_000 }).finally(() => {
        settled = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(subscriber.received).toHaveLength(1);
      // Meanwhile: carrier tracking ships the fulfillment and its push reaches Shopify.
      const track = await handle.runNow("track");
      expect(track.errors).toEqual([]);
      expect((await fulfillment(world, order.fulfillmentId)).status).toBe("SHIPPED");
      const push = await handle.runNow("push");
      expect(push.errors).toEqual([]);
      expect(standIns.shopify.store.listFulfillments(order.platformOrderId)).toHaveLength(1);
      expect(settled).toBe(false);

      const outcome = await delivering;
      expect(outcome.status === "done" && outcome.result).toEqual({ delivered: 0, retried: 1, failed: 0 });
      const row = await world.test.db.webhookDelivery.findFirstOrThrow({ where: { shopId: world.shopId } });
      expect(row).toMatchObject({ state: "PENDING", attempts: 1, lastError: "no answer within 3000 ms" });
    } finally {
      await handle.stop();
    }
  });
});
