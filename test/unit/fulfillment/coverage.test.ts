// The coverage rules of DESIGN.md §Coverage rules, one test per rule: each fails if its rule goes.
import { describe, expect, it } from "vitest";
import {
  coverageByLine,
  evaluateShipment,
  isFullyCovered,
  orderShipmentState,
  shipmentFingerprint,
} from "~/fulfillment";
import { items, lines, recorded, shipment } from "./fixtures";

function codes(verdict: ReturnType<typeof evaluateShipment>): string[] {
  return verdict.kind === "rejected" ? verdict.violations.map((v) => v.code) : [];
}

describe("evaluateShipment: coverage rules", () => {
  it("rejects a shipment that covers more than is still due on a line, and names the line", () => {
    const order = lines("A:2", "B:1");
    const first = recorded("s1", shipment(["T1"], items("A:1")));
    expect(evaluateShipment(order, [first], shipment(["T2"], items("A:1", "B:1")))).toEqual({ kind: "accepted" });
    const verdict = evaluateShipment(order, [first], shipment(["T2"], items("A:2")));
    expect(verdict).toEqual({
      kind: "rejected",
      violations: [
        {
          code: "OVER_COVERAGE",
          lineId: "A",
          message: "Line A: the shipment covers 2 but only 1 still due (ordered 2, cancelled or refunded 0, already shipped 1).",
        },
      ],
    });
  });

  it("adds up a line listed twice in one shipment before comparing it with what is due", () => {
    expect(codes(evaluateShipment(lines("A:2"), [], shipment(["T1"], items("A:1", "A:2"))))).toEqual([
      "OVER_COVERAGE",
    ]);
  });

  it("refuses several tracking numbers on a single line, even with enough units", () => {
    const order = lines("A:3", "B:1");
    expect(codes(evaluateShipment(order, [], shipment(["T1", "T2"], items("A:3"))))).toEqual([
      "MULTI_TRACKING_SINGLE_LINE",
    ]);
  });

  it("refuses k tracking numbers on fewer than k units, even across lines", () => {
    const order = lines("A:1", "B:1");
    expect(codes(evaluateShipment(order, [], shipment(["T1", "T2", "T3"], items("A:1", "B:1"))))).toEqual([
      "MULTI_TRACKING_TOO_FEW_UNITS",
    ]);
    expect(evaluateShipment(order, [], shipment(["T1", "T2"], items("A:1", "B:1")))).toEqual({ kind: "accepted" });
  });

  it("counts tracking numbers once, whatever their case and spacing", () => {
    expect(evaluateShipment(lines("A:1"), [], shipment(["1z 999", "1Z999 ", ""], items("A:1")))).toEqual({
      kind: "accepted",
    });
  });

  it("accepts a shipment without any tracking number (e.g. a local delivery)", () => {
    expect(evaluateShipment(lines("A:1"), [], shipment([], items("A:1")))).toEqual({ kind: "accepted" });
  });

  it("rejects a line that is not on the order", () => {
    const verdict = evaluateShipment(lines("A:1"), [], shipment(["T1"], items("Z:1")));
    expect(verdict).toEqual({
      kind: "rejected",
      violations: [{ code: "UNKNOWN_LINE", lineId: "Z", message: "Line Z is not a line of this order." }],
    });
  });

  it("rejects quantities that are not whole numbers above zero", () => {
    for (const quantity of [0, -1, 1.5, Number.NaN]) {
      const verdict = evaluateShipment(lines("A:5"), [], shipment(["T1"], [{ lineId: "A", quantity }]));
      expect(codes(verdict)).toEqual(["BAD_QUANTITY"]);
    }
  });

  it("rejects a shipment with no items", () => {
    expect(codes(evaluateShipment(lines("A:1"), [], shipment(["T1"], [])))).toEqual(["EMPTY"]);
  });

  it("reports every violation of a shipment at once", () => {
    const verdict = evaluateShipment(lines("A:1"), [], shipment(["T1", "T2", "T3"], items("A:2", "Z:1")));
    expect(codes(verdict).sort()).toEqual([
      "MULTI_TRACKING_SINGLE_LINE",
      "OVER_COVERAGE",
      "MULTI_TRACKING_TOO_FEW_UNITS",
      "UNKNOWN_LINE",
    ].sort());
  });

  it("lets a cancelled shipment's units be shipped again", () => {
    const order = lines("A:2");
    const first = shipment(["T1"], items("A:2"));
    const again = shipment(["T2"], items("A:2"));
    expect(codes(evaluateShipment(order, [recorded("s1", first)], again))).toEqual(["OVER_COVERAGE"]);
    expect(evaluateShipment(order, [recorded("s1", first, true)], again)).toEqual({ kind: "accepted" });
  });

  it("does not count cancelled or refunded units as due", () => {
    const order = lines("A:3/1");
    expect(codes(evaluateShipment(order, [], shipment(["T1"], items("A:3"))))).toEqual(["OVER_COVERAGE"]);
    expect(evaluateShipment(order, [], shipment(["T1"], items("A:2")))).toEqual({ kind: "accepted" });
  });

  it("splits one line over several shipments, each unit in exactly one", () => {
    const order = lines("A:3");
    const s1 = recorded("s1", shipment(["T1"], items("A:1")));
    const s2 = recorded("s2", shipment(["T2"], items("A:2")));
    expect(evaluateShipment(order, [s1], shipment(["T2"], items("A:2")))).toEqual({ kind: "accepted" });
    expect(codes(evaluateShipment(order, [s1, s2], shipment(["T3"], items("A:1"))))).toEqual(["OVER_COVERAGE"]);
  });
});

describe("evaluateShipment: the same shipment reported twice", () => {
  const order = lines("A:2", "B:2");
  const withId = shipment(["1Z001"], items("A:1", "B:1"), { fulfillerShipmentId: "ss-1" });

  it("recognises a replay by the fulfiller's shipment id and content", () => {
    const stored = recorded("s1", withId);
    const replay = { ...withId, trackingNumbers: [" 1z001 "], items: items("B:1", "A:1") };
    expect(evaluateShipment(order, [stored], replay)).toEqual({ kind: "duplicate", of: "s1" });
  });

  it("recognises a replay without a fulfiller id by tracking numbers and items", () => {
    const plain = shipment(["1Z001", "1Z002"], items("A:1", "B:1"));
    const stored = recorded("s1", plain);
    expect(evaluateShipment(order, [stored], { ...plain, trackingNumbers: ["1z002", "1Z001"] })).toEqual({
      kind: "duplicate",
      of: "s1",
    });
    // same content from another connection is another package
    expect(evaluateShipment(order, [stored], { ...plain, connectionId: "c2" })).toEqual({ kind: "accepted" });
  });

  it("matches a report with a new fulfiller id to a stored report that had none", () => {
    const stored = recorded("s1", shipment(["1Z001"], items("A:1", "B:1")));
    expect(evaluateShipment(order, [stored], withId)).toEqual({ kind: "duplicate", of: "s1" });
  });

  it("treats other tracking or items under the same fulfiller id as a correction, checked without the old one", () => {
    const stored = recorded("s1", shipment(["1Z001"], items("A:2", "B:2"), { fulfillerShipmentId: "ss-1" }));
    const corrected = shipment(["1Z999"], items("A:2", "B:2"), { fulfillerShipmentId: "ss-1" });
    expect(evaluateShipment(order, [stored], corrected)).toEqual({ kind: "changed", of: "s1" });
    const tooMuch = shipment(["1Z999"], items("A:3"), { fulfillerShipmentId: "ss-1" });
    expect(codes(evaluateShipment(order, [stored], tooMuch))).toEqual(["OVER_COVERAGE"]);
  });

  it("accepts a new version when every earlier one was cancelled, and ignores a stale replay of those", () => {
    const old = recorded("s1", withId, true);
    const reshipped = { ...withId, trackingNumbers: ["1Z777"] };
    expect(evaluateShipment(order, [old], reshipped)).toEqual({ kind: "accepted" });
    const current = recorded("s2", reshipped);
    expect(evaluateShipment(order, [old, current], withId)).toEqual({ kind: "duplicate", of: "s1" });
    expect(evaluateShipment(order, [old, current], reshipped)).toEqual({ kind: "duplicate", of: "s2" });
  });
});

describe("coverage of an order", () => {
  it("tells per line what is ordered, cancelled, due, covered and remaining", () => {
    const order = [...lines("A:3/1", "B:2"), { lineId: "C", quantity: 1, cancelledQuantity: 5 }];
    const shipments = [
      recorded("s1", shipment(["T1"], items("A:1", "B:2"))),
      recorded("s2", shipment(["T2"], items("A:1")), true),
      recorded("s3", shipment(["T3"], items("Z:4"))),
    ];
    expect(coverageByLine(order, shipments)).toEqual([
      { lineId: "A", ordered: 3, cancelled: 1, due: 2, covered: 1, remaining: 1 },
      { lineId: "B", ordered: 2, cancelled: 0, due: 2, covered: 2, remaining: 0 },
      { lineId: "C", ordered: 1, cancelled: 1, due: 0, covered: 0, remaining: 0 },
    ]);
  });

  it("is UNSHIPPED, then PARTIALLY_SHIPPED, then SHIPPED when every due unit is covered", () => {
    const order = lines("A:2", "B:1/1");
    const s1 = recorded("s1", shipment(["T1"], items("A:1")));
    const s2 = recorded("s2", shipment(["T2"], items("A:1")));
    expect(orderShipmentState(order, [])).toBe("UNSHIPPED");
    expect(orderShipmentState(order, [s1])).toBe("PARTIALLY_SHIPPED");
    expect(isFullyCovered(order, [s1])).toBe(false);
    expect(orderShipmentState(order, [s1, s2])).toBe("SHIPPED");
    expect(isFullyCovered(order, [s1, s2])).toBe(true);
    expect(orderShipmentState(order, [s1, { ...s2, cancelled: true }])).toBe("PARTIALLY_SHIPPED");
  });

  it("stays SHIPPED when a unit is refunded after it shipped", () => {
    expect(orderShipmentState(lines("A:2/1"), [recorded("s1", shipment(["T1"], items("A:2")))])).toBe("SHIPPED");
  });

  it("is UNSHIPPED when every unit was cancelled before anything shipped", () => {
    expect(orderShipmentState(lines("A:2/2"), [])).toBe("UNSHIPPED");
    expect(isFullyCovered(lines("A:2/2"), [])).toBe(false);
    expect(orderShipmentState([], [])).toBe("UNSHIPPED");
  });
});

describe("shipmentFingerprint", () => {
  it("ignores order, case, spacing and repeats, and adds up repeated lines", () => {
    const a = shipment(["1Z001", "9400 111"], items("A:1", "B:2"));
    const b = shipment(["94001 11", "1z001", "1Z001"], items("B:1", "A:1", "B:1"));
    expect(shipmentFingerprint(a)).toBe(shipmentFingerprint(b));
  });

  it("differs when tracking or items differ", () => {
    const a = shipment(["1Z001"], items("A:1"));
    expect(shipmentFingerprint(a)).not.toBe(shipmentFingerprint(shipment(["1Z002"], items("A:1"))));
    expect(shipmentFingerprint(a)).not.toBe(shipmentFingerprint(shipment(["1Z001"], items("A:2"))));
    expect(shipmentFingerprint(a)).not.toBe(shipmentFingerprint(shipment([], items("A:1"))));
  });
});
