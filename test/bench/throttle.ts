// Throttle efficiency (issue 5, benchmarks): 2,000 pushes into the Shopify stand-in through the
// production adapter (one per process, its cost bucket shared by four concurrent pushers), with a
// 1,000-point bucket. The restore rate is scaled to this machine: half of what the machine can push
// unthrottled (measured first), so the bucket, not the CPU, is what limits. Efficiency = the time
// the bucket makes necessary (points spent beyond the full bucket, over the restore rate) divided
// by the time taken; Shopify refusing a push, or a push failing, counts against it.
import type { PlatformShipment, ShopRef } from "~/platforms/port";
import { startWorld } from "../support/world";
import { clock, fmt, load, SHIP_TO } from "./seed";

const SCALE = Number(process.env.BENCH_SCALE ?? "1");
const PUSHES = Math.max(100, Math.round(2_000 * SCALE));
const CALIBRATION = Math.max(50, Math.round(200 * SCALE));
const BUCKET = 1_000;
const CONCURRENCY = 4;

async function main() {
  const world = await startWorld({ app: false, fulfillers: false, shopifyBucket: { size: BUCKET, restoreRate: 100 } });
  const platform = world.ctx.platform("SHOPIFY");
  const shop: ShopRef = { id: world.shop.id, platform: "SHOPIFY", domain: world.shop.domain };
  const variant = world.shopify.store.createProduct({ title: "Throttle tee", variants: [{ sku: "THR-1", price: "9.00" }] }).variants[0]!;
  const orders = Array.from({ length: CALIBRATION + PUSHES }, () => {
    const o = world.shopify.store.createOrder({ email: "ada@example.com", shippingAddress: SHIP_TO, lines: [{ variantId: variant.id, quantity: 1 }] });
    return { platformOrderId: o.id, lineId: o.lineItems[0]!.id };
  });
  const shipment = (n: number): PlatformShipment => ({
    trackingNumbers: [`1ZTHR${String(n).padStart(10, "0")}`],
    carrier: "UPS",
    trackingUrl: null,
    method: null,
    lines: [{ platformLineId: orders[n]!.lineId, quantity: 1 }],
  });

  /** Pushes orders [from, to) with CONCURRENCY pushers; returns failures. */
  const pushRange = async (from: number, to: number): Promise<string[]> => {
    let next = from;
    const failures: string[] = [];
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < to) {
          const n = next++;
          try {
            await platform.pushShipment(shop, { platformOrderId: orders[n]!.platformOrderId }, shipment(n), {
              notifyCustomer: false,
              idempotencyKey: `bench-${n}`,
            });
          } catch (error) {
            failures.push(`${n}: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
      }),
    );
    return failures;
  };
  const spent = (from: number) => {
    const requests = world.shopify.requests.slice(from);
    return {
      calls: requests.length,
      points: requests.reduce((sum, r) => sum + (r.actualQueryCost ?? 0), 0),
      throttled: requests.filter((r) => r.outcome === "throttled").length,
    };
  };

  try {
    // 1. What this machine pushes with no limit at all.
    world.shopify.setBucket({ size: 10_000_000, restoreRate: 10_000_000, available: 10_000_000 });
    const mark0 = world.shopify.requests.length;
    const free = clock();
    const calibrationFailures = await pushRange(0, CALIBRATION);
    const capacity = CALIBRATION / (free.ms() / 1000);
    const calibration = spent(mark0);
    const pointsPerPush = calibration.points / CALIBRATION;
    if (calibrationFailures.length > 0) throw new Error(`calibration failed: ${calibrationFailures.slice(0, 3).join("; ")}`);

    // 2. A 1,000-point bucket restoring at half that pace.
    const restoreRate = Math.max(10, Math.round((capacity * pointsPerPush) / 2));
    world.shopify.setBucket({ size: BUCKET, restoreRate, available: BUCKET });
    const mark = world.shopify.requests.length;
    const run = clock();
    const failures = await pushRange(CALIBRATION, CALIBRATION + PUSHES);
    const seconds = run.ms() / 1000;
    const main = spent(mark);
    const needed = Math.max(0, main.points - BUCKET) / restoreRate;
    const efficiency = needed / seconds;
    const live = world.shopify.store.listFulfillments().filter((f) => f.status === "SUCCESS").length;

    console.log(`Throttle efficiency — ${fmt(PUSHES)} pushes, ${CONCURRENCY} concurrent pushers, one adapter (load ${load()}):`);
    console.log(
      `  unthrottled, this machine: ${fmt(capacity, 1)} pushes/s at ${fmt(pointsPerPush, 1)} points each (${fmt(calibration.calls / CALIBRATION, 2)} calls a push)`,
    );
    console.log(`  bucket ${fmt(BUCKET)} points, restoring ${fmt(restoreRate)} points/s: at best ${fmt(restoreRate / (main.points / PUSHES), 1)} pushes/s`);
    console.log(
      `  achieved ${fmt(PUSHES / seconds, 1)} pushes/s; ${fmt(main.points)} points in ${fmt(seconds, 1)} s where the bucket needs ${fmt(needed, 1)} s`,
    );
    console.log(`  THROTTLED answers ${main.throttled}, failed pushes ${failures.length}, fulfillments on Shopify ${fmt(live)}`);
    console.log(`  ratio achieved / theoretical: ${fmt(efficiency, 3)} (target >= 0.9, no failed push)`);
    if (failures.length > 0) console.log(`  first failures: ${failures.slice(0, 3).join(" | ")}`);
    console.log(
      `BENCH_RESULT ${JSON.stringify({
        throttle: { pushes: PUSHES, concurrency: CONCURRENCY, capacity, pointsPerPush, restoreRate, seconds, points: main.points, needed, efficiency, throttled: main.throttled, failed: failures.length, live },
        load: load(),
      })}`,
    );
  } finally {
    await world.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
