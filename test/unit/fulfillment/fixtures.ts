// Builders and fast-check arbitraries shared by the fulfillment domain tests.
import fc from "fast-check";
import type { DomainLine, DomainShipment, RecordedShipment, ShipmentItem } from "~/fulfillment";

/** lines("A:2", "B:3/1"): line A of 2 units, line B of 3 units with 1 cancelled or refunded. */
export function lines(...specs: string[]): DomainLine[] {
  return specs.map((spec) => {
    const [lineId, rest] = spec.split(":");
    const [quantity, cancelled = "0"] = rest.split("/");
    return { lineId, quantity: Number(quantity), cancelledQuantity: Number(cancelled) };
  });
}

/** items("A:1", "B:2") */
export function items(...specs: string[]): ShipmentItem[] {
  return specs.map((spec) => {
    const [lineId, quantity] = spec.split(":");
    return { lineId, quantity: Number(quantity) };
  });
}

export function shipment(
  trackingNumbers: string[],
  shipped: ShipmentItem[],
  extra: Partial<DomainShipment> = {},
): DomainShipment {
  return { connectionId: "c1", fulfillerShipmentId: null, trackingNumbers, items: shipped, ...extra };
}

export function recorded(id: string, s: DomainShipment, cancelled = false): RecordedShipment {
  return { ...s, id, cancelled };
}

/** Units shipped per line by the shipments that count: the test's own tally, not the domain's. */
export function tally(shipments: readonly RecordedShipment[]): Map<string, number> {
  const total = new Map<string, number>();
  for (const s of shipments) {
    if (s.cancelled) continue;
    for (const item of s.items) total.set(item.lineId, (total.get(item.lineId) ?? 0) + item.quantity);
  }
  return total;
}

/** An order of 1 to 5 lines (L0, L1, …), each with 1 to 5 units, some possibly cancelled. */
export const orderArb = fc
  .array(fc.record({ quantity: fc.integer({ min: 1, max: 5 }), cancelled: fc.integer({ min: 0, max: 5 }) }), {
    minLength: 1,
    maxLength: 5,
  })
  .map((specs) =>
    specs.map(
      (spec, i): DomainLine => ({
        lineId: `L${i}`,
        quantity: spec.quantity,
        cancelledQuantity: Math.min(spec.cancelled, spec.quantity),
      }),
    ),
  );

/** A shipment as a fulfiller might report it, good or bad: L5 is never a line, quantities may be off. */
export const candidateArb: fc.Arbitrary<DomainShipment> = fc.record({
  connectionId: fc.constantFrom("c1", "c2"),
  fulfillerShipmentId: fc.option(fc.constantFrom("s1", "s2", "s3", "s4"), { nil: null }),
  trackingNumbers: fc.subarray(["1Z001", "1Z002", "1Z003", "9400A", "9400B"], { maxLength: 3 }),
  items: fc.array(
    fc.record({
      lineId: fc.constantFrom("L0", "L1", "L2", "L3", "L4", "L5"),
      quantity: fc.integer({ min: -1, max: 4 }),
    }),
    { maxLength: 4 },
  ),
});

/** The same report written differently: tracking numbers reordered, lower-cased, spaced; items reordered. */
export function reworded(s: DomainShipment): DomainShipment {
  return {
    ...s,
    trackingNumbers: [...s.trackingNumbers].reverse().map((t) => ` ${t.toLowerCase().replace(/^(..)/, "$1 ")} `),
    items: [...s.items].reverse(),
  };
}
