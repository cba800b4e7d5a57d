// Properties of the coverage rules over random orders and random streams of shipment reports.
// Each report's verdict is applied as the sync use case would: accepted → stored; changed → the
// old one cancelled and the new one stored; duplicate and rejected → nothing. Some steps cancel a
// stored shipment instead (a fulfiller voided it).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type DomainLine,
  type DomainShipment,
  evaluateShipment,
  orderShipmentState,
  type RecordedShipment,
  shipmentFingerprint,
} from "~/fulfillment";
import { candidateArb, orderArb, reworded, tally } from "./fixtures";

type Step = { ship: DomainShipment } | { cancel: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: candidateArb.map((ship) => ({ ship })) },
  { weight: 1, arbitrary: fc.nat().map((cancel) => ({ cancel })) },
);

function run(order: DomainLine[], steps: Step[], check: (stored: RecordedShipment[]) => void): RecordedShipment[] {
  let stored: RecordedShipment[] = [];
  for (const step of steps) {
    if ("cancel" in step) {
      if (stored.length === 0) continue;
      const target = stored[step.cancel % stored.length].id;
      stored = stored.map((s) => (s.id === target ? { ...s, cancelled: true } : s));
    } else {
      const verdict = evaluateShipment(order, stored, step.ship);
      const added = { ...step.ship, id: `S${stored.length}`, cancelled: false };
      if (verdict.kind === "accepted") stored = [...stored, added];
      if (verdict.kind === "changed") {
        stored = [...stored.map((s) => (s.id === verdict.of ? { ...s, cancelled: true } : s)), added];
      }
    }
    check(stored);
  }
  return stored;
}

function due(line: DomainLine): number {
  return line.quantity - line.cancelledQuantity;
}

describe("coverage properties", () => {
  it("no stream of reports ever covers more than is due on any line", () => {
    fc.assert(
      fc.property(orderArb, fc.array(stepArb, { maxLength: 25 }), (order, steps) => {
        run(order, steps, (stored) => {
          const shipped = tally(stored);
          for (const line of order) expect(shipped.get(line.lineId) ?? 0).toBeLessThanOrEqual(due(line));
          for (const lineId of shipped.keys()) expect(order.map((l) => l.lineId)).toContain(lineId);
          for (const item of stored.flatMap((s) => s.items)) {
            expect(Number.isInteger(item.quantity) && item.quantity > 0).toBe(true);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it("the order is SHIPPED exactly when every due unit is covered", () => {
    // An order with no unit due at all and nothing shipped is UNSHIPPED (it never shipped).
    fc.assert(
      fc.property(orderArb, fc.array(stepArb, { maxLength: 25 }), (order, steps) => {
        run(order, steps, (stored) => {
          const shipped = tally(stored);
          const anyShipped = [...shipped.values()].some((units) => units > 0);
          const allCovered = order.every((line) => (shipped.get(line.lineId) ?? 0) >= due(line));
          const state = orderShipmentState(order, stored);
          expect(state === "SHIPPED").toBe(allCovered && anyShipped);
          expect(state === "UNSHIPPED").toBe(!anyShipped);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("replaying any stored shipment, however reworded, is a duplicate and changes nothing", () => {
    fc.assert(
      fc.property(orderArb, fc.array(stepArb, { maxLength: 25 }), (order, steps) => {
        const stored = run(order, steps, () => {});
        const before = structuredClone(stored);
        for (const s of stored) {
          const { id: _id, cancelled: _cancelled, ...report } = s;
          for (const replay of [report, reworded(report)]) {
            const verdict = evaluateShipment(order, stored, replay);
            expect(verdict.kind).toBe("duplicate");
            const of = stored.find((r) => verdict.kind === "duplicate" && r.id === verdict.of)!;
            expect(of.connectionId).toBe(s.connectionId);
            expect(shipmentFingerprint(of)).toBe(shipmentFingerprint(s));
          }
        }
        expect(stored).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it("any split of an order into packages is accepted piece by piece and ships it exactly at the last", () => {
    const splitArb = orderArb
      .filter((order) => order.some((line) => due(line) > 0))
      .chain((order) => {
        const units = order.flatMap((line) => Array.from({ length: due(line) }, () => line.lineId));
        return fc.tuple(
          fc.constant(order),
          fc.shuffledSubarray(units, { minLength: units.length }),
          fc.array(fc.boolean(), { minLength: units.length, maxLength: units.length }),
        );
      });
    fc.assert(
      fc.property(splitArb, ([order, units, cuts]) => {
        const packages: string[][] = [[]];
        units.forEach((lineId, i) => {
          if (i > 0 && cuts[i]) packages.push([]);
          packages[packages.length - 1].push(lineId);
        });
        const stored: RecordedShipment[] = [];
        packages.forEach((pkg, i) => {
          const counts = new Map<string, number>();
          for (const lineId of pkg) counts.set(lineId, (counts.get(lineId) ?? 0) + 1);
          const items = [...counts].map(([lineId, quantity]) => ({ lineId, quantity }));
          const report = { connectionId: "c1", trackingNumbers: [`1ZPKG${i}`], items };
          expect(orderShipmentState(order, stored)).toBe(i === 0 ? "UNSHIPPED" : "PARTIALLY_SHIPPED");
          expect(evaluateShipment(order, stored, report)).toEqual({ kind: "accepted" });
          stored.push({ ...report, id: `S${i}`, cancelled: false });
        });
        expect(orderShipmentState(order, stored)).toBe("SHIPPED");
        for (const line of order) {
          const extra = { connectionId: "c1", trackingNumbers: ["1ZMORE"], items: [{ lineId: line.lineId, quantity: 1 }] };
          const verdict = evaluateShipment(order, stored, extra);
          expect(verdict.kind === "rejected" && verdict.violations.map((v) => v.code)).toEqual(["OVER_COVERAGE"]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("several tracking numbers are accepted exactly when they span two lines and as many units", () => {
    const order: DomainLine[] = ["L0", "L1", "L2"].map((lineId) => ({ lineId, quantity: 9, cancelledQuantity: 0 }));
    const reportArb = fc.record({
      trackingNumbers: fc.uniqueArray(fc.stringMatching(/^[0-9A-Z]{6}$/), { minLength: 2, maxLength: 6 }),
      items: fc.uniqueArray(
        fc.record({ lineId: fc.constantFrom("L0", "L1", "L2"), quantity: fc.integer({ min: 1, max: 3 }) }),
        { minLength: 1, selector: (item) => item.lineId },
      ),
    });
    fc.assert(
      fc.property(reportArb, ({ trackingNumbers, items }) => {
        const verdict = evaluateShipment(order, [], { connectionId: "c1", trackingNumbers, items });
        const units = items.reduce((sum, item) => sum + item.quantity, 0);
        expect(verdict.kind === "accepted").toBe(items.length >= 2 && units >= trackingNumbers.length);
      }),
    );
  });
});
