// Shared by the carrier integration tests: a controllable clock and the journey every
// provider must report from its stand-in.
import { expect } from "vitest";
import type { CarrierTracker } from "~/carriers/port";

export interface TestClock {
  now: () => Date;
  set(iso: string): void;
  advance(ms: number): void;
}

export function testClock(start = "2026-03-02T09:00:00.000Z"): TestClock {
  let current = new Date(start);
  return {
    now: () => current,
    set: (iso) => {
      current = new Date(iso);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

/** Does not wait: retries are driven by the injected sleep, whose delays are recorded. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return { delays, sleep: async (ms) => void delays.push(ms) };
}

interface Controllable {
  register(number: string, carrier?: string, at?: Date): void;
  advance(number: string, status: string, at?: Date): Promise<unknown>;
}

/** LABEL_CREATED -> IN_TRANSIT -> OUT_FOR_DELIVERY -> DELIVERED, read back through `tracker`. */
export async function walkJourney(standIn: Controllable, tracker: CarrierTracker, number: string, carrier: string) {
  const times = {
    label: new Date("2026-03-02T09:15:00.000Z"),
    transit: new Date("2026-03-02T22:40:00.000Z"),
    out: new Date("2026-03-04T07:05:00.000Z"),
    delivered: new Date("2026-03-04T15:32:00.000Z"),
  };
  standIn.register(number, carrier, times.label);
  const seen = [];
  let result = await tracker.track(number, carrier);
  seen.push(result.status);
  expect(result.deliveredAt).toBeNull();
  await standIn.advance(number, "IN_TRANSIT", times.transit);
  result = await tracker.track(number, carrier);
  seen.push(result.status);
  await standIn.advance(number, "OUT_FOR_DELIVERY", times.out);
  result = await tracker.track(number, carrier);
  seen.push(result.status);
  expect(result.deliveredAt).toBeNull();
  await standIn.advance(number, "DELIVERED", times.delivered);
  result = await tracker.track(number, carrier);
  seen.push(result.status);

  expect(seen).toEqual(["LABEL_CREATED", "IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED"]);
  expect(result.deliveredAt).toBe(times.delivered.toISOString());
  expect(result.checkpoints.map((c) => [c.status, c.at])).toEqual([
    ["LABEL_CREATED", times.label.toISOString()],
    ["IN_TRANSIT", times.transit.toISOString()],
    ["OUT_FOR_DELIVERY", times.out.toISOString()],
    ["DELIVERED", times.delivered.toISOString()],
  ]);
  expect(result.trackingNumber).toBe(number);
  return result;
}
