// The status table (DESIGN.md §Statuses). "No required next step" is decided from the table: a
// status is resting when nothing more is required of us, the fulfiller or a person — CANCELLED and
// RETURNED (no next step at all), SHIPPED and DELIVERED (delivery or a return may follow, but need
// not). HOLD, PENDING, PENDING_SHIPMENT, FAILED, RECYCLED and RMA_PENDING are open.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AWAITING_SHIPMENTS,
  assertTransition,
  assertValidTransitionTable,
  CANCELLABLE,
  canImportTracking,
  canTransition,
  type FulfillmentStatus,
  IllegalTransitionError,
  isFulfillmentStatus,
  isOpen,
  isResting,
  isTerminal,
  partSteps,
  STATUSES,
  TRANSITIONS,
  validateTransitionTable,
} from "~/fulfillment";

const status = fc.constantFrom(...STATUSES);

/** Statuses from which some resting status can be reached by legal steps. */
function canComeToRest(from: FulfillmentStatus): boolean {
  const seen = new Set<FulfillmentStatus>([from]);
  const queue = [from];
  while (queue.length) {
    const current = queue.shift()!;
    if (isResting(current)) return true;
    for (const next of TRANSITIONS[current]) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return false;
}

describe("the transition table", () => {
  it("is the table of DESIGN.md", () => {
    expect(TRANSITIONS.HOLD).toEqual(["PENDING", "FAILED", "PENDING_SHIPMENT", "CANCELLED"]);
    expect(TRANSITIONS.FAILED).toEqual(["RECYCLED", "HOLD", "CANCELLED"]);
    expect(TRANSITIONS.RECYCLED).toEqual(["PENDING", "FAILED", "CANCELLED"]);
    expect(TRANSITIONS.CANCELLED).toEqual([]);
    expect(TRANSITIONS.RETURNED).toEqual([]);
    expect(Object.isFrozen(TRANSITIONS)).toBe(true);
  });

  it("passes its own check", () => {
    expect(validateTransitionTable(TRANSITIONS)).toEqual([]);
    expect(() => assertValidTransitionTable(TRANSITIONS)).not.toThrow();
  });

  it("reports unknown targets, unknown statuses, missing rows and unreachable statuses", () => {
    const table: Record<string, readonly string[]> = { ...TRANSITIONS, HOLD: ["CANCELLED", "SHIPED"], LOST: [] };
    delete table.RECYCLED;
    const problems = validateTransitionTable(table);
    expect(problems).toContain("HOLD -> unknown status SHIPED");
    expect(problems).toContain("unknown status LOST");
    expect(problems).toContain("status RECYCLED has no row");
    // HOLD now leads only to CANCELLED (and an unknown status): the rest cannot be reached
    expect(problems).toContain("PENDING is not reachable from HOLD");
    expect(problems).toContain("RECYCLED is not reachable from HOLD");
    expect(problems).not.toContain("CANCELLED is not reachable from HOLD");
    expect(() => assertValidTransitionTable(table)).toThrow(/Invalid fulfillment transition table: .*SHIPED/);
  });

  it("knows its statuses", () => {
    expect(isFulfillmentStatus("PENDING_SHIPMENT")).toBe(true);
    expect(isFulfillmentStatus("pending")).toBe(false);
    expect(STATUSES.filter(isTerminal)).toEqual(["CANCELLED", "RETURNED"]);
    expect(STATUSES.filter(isResting)).toEqual(["SHIPPED", "DELIVERED", "CANCELLED", "RETURNED"]);
    expect(STATUSES.filter(isOpen)).toEqual(["HOLD", "PENDING", "PENDING_SHIPMENT", "RMA_PENDING", "FAILED", "RECYCLED"]);
  });

  it("cancels only what has not shipped, and lets only HOLD take imported tracking", () => {
    for (const s of CANCELLABLE) expect(canTransition(s, "CANCELLED")).toBe(true);
    for (const s of ["SHIPPED", "DELIVERED", "RETURNED", "CANCELLED"] as const) expect(CANCELLABLE).not.toContain(s);
    expect(STATUSES.filter(canImportTracking)).toEqual(["HOLD"]);
    expect(canTransition("HOLD", "PENDING_SHIPMENT")).toBe(true);
    for (const s of AWAITING_SHIPMENTS) expect(isOpen(s)).toBe(true);
  });

  it("refuses a status change the table does not list", () => {
    expect(() => assertTransition("HOLD", "DELIVERED")).toThrow(IllegalTransitionError);
    expect(() => assertTransition("PENDING", "PENDING_SHIPMENT")).not.toThrow();
    try {
      assertTransition("CANCELLED", "HOLD");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(IllegalTransitionError);
      const illegal = error as IllegalTransitionError;
      expect([illegal.from, illegal.to]).toEqual(["CANCELLED", "HOLD"]);
      expect(illegal.message).toBe("A fulfillment cannot move from CANCELLED to HOLD.");
      expect(illegal.name).toBe("IllegalTransitionError");
    }
  });
});

describe("properties of the table", () => {
  it("every path of legal steps from HOLD can always come to rest, and stops only at rest", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (choices) => {
        let current: FulfillmentStatus = "HOLD";
        for (const choice of choices) {
          expect(canComeToRest(current)).toBe(true);
          const next: readonly FulfillmentStatus[] = TRANSITIONS[current];
          if (next.length === 0) break;
          const to: FulfillmentStatus = next[choice % next.length];
          expect(() => assertTransition(current, to)).not.toThrow();
          current = to;
        }
        expect(canComeToRest(current)).toBe(true);
        // a status with no way forward must not be one that still needs work
        if (TRANSITIONS[current].length === 0) expect(isResting(current)).toBe(true);
      }),
    );
  });

  it("an illegal status change throws IllegalTransitionError naming both statuses", () => {
    fc.assert(
      fc.property(status, status, (from, to) => {
        if (TRANSITIONS[from].includes(to)) {
          expect(canTransition(from, to)).toBe(true);
          return;
        }
        expect(canTransition(from, to)).toBe(false);
        expect(() => assertTransition(from, to)).toThrow(
          expect.objectContaining({ name: "IllegalTransitionError", from, to }),
        );
      }),
    );
  });
});

describe("partSteps: a part's moves after shipments arrived", () => {
  const facts = (hasTracking: boolean, fullyCovered: boolean, carrierTracking = false) => ({ hasTracking, fullyCovered, carrierTracking });
  it("goes to PENDING_SHIPMENT at its first tracking number, and on to SHIPPED when covered with carrier tracking off", () => {
    expect(partSteps("PENDING", facts(true, false)).map((s) => s.to)).toEqual(["PENDING_SHIPMENT"]);
    expect(partSteps("HOLD", facts(true, true))).toEqual([
      { to: "PENDING_SHIPMENT", reason: "tracking imported" },
      { to: "SHIPPED", reason: "every unit is covered by shipments (carrier tracking is off)" },
    ]);
    expect(partSteps("PENDING", facts(false, true))[0]?.reason).toBe("shipped without a tracking number");
    expect(partSteps("PENDING_SHIPMENT", facts(true, true)).map((s) => s.to)).toEqual(["SHIPPED"]);
  });
  it("leaves SHIPPED to the carrier when tracking is on, and moves nothing without news", () => {
    expect(partSteps("PENDING", facts(true, true, true)).map((s) => s.to)).toEqual(["PENDING_SHIPMENT"]);
    expect(partSteps("PENDING", facts(false, false))).toEqual([]);
    expect(partSteps("FAILED", facts(true, true))).toEqual([]);
  });
});
