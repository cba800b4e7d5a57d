// The sandbox's carrier: every parcel the demo fulfillers hand over is picked up, moves and is
// delivered at the EasyPost stand-in on a short timetable, which sends its signed tracker.updated
// webhooks to the app — so the demo shows PENDING_SHIPMENT → SHIPPED → DELIVERED.
import type { EasyPostStandIn } from "../carriers/easypost";

const TIMETABLE: { afterMs: number; status: string }[] = [
  { afterMs: 0, status: "LABEL_CREATED" },
  { afterMs: 8_000, status: "IN_TRANSIT" },
  { afterMs: 25_000, status: "OUT_FOR_DELIVERY" },
  { afterMs: 40_000, status: "DELIVERED" },
];

export interface DemoCarrierOptions {
  easypost: EasyPostStandIn;
  /** the tracking numbers the demo fulfillers have handed over so far */
  trackingNumbers(): Promise<string[]>;
  log?: (message: string) => void;
}

export function startDemoCarrier(opts: DemoCarrierOptions): { stop(): void } {
  const parcels = new Map<string, { since: number; step: number }>();
  const tick = async () => {
    const now = Date.now();
    for (const number of await opts.trackingNumbers()) {
      if (!parcels.has(number)) {
        opts.easypost.register(number);
        parcels.set(number, { since: now, step: 0 });
      }
    }
    for (const [number, parcel] of parcels) {
      const next = TIMETABLE[parcel.step];
      if (!next || now - parcel.since < next.afterMs) continue;
      parcel.step += 1;
      await opts.easypost.advance(number, next.status).catch((e: unknown) => opts.log?.(`[carrier] ${number}: ${String(e)}`));
    }
  };
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void tick().finally(() => {
      running = false;
    });
  }, 3_000);
  return { stop: () => clearInterval(timer) };
}
