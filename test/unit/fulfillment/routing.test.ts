// Routing an order's lines to fulfillers: variant > product > shop default; inactive connections
// are skipped as if unassigned; lines nobody fulfills are reported.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type RoutableLine, type RouteAssignment, routeOrder } from "~/fulfillment";

const line = (lineId: string, productId: string | null, variantId: string | null, quantity = 1): RoutableLine => ({
  lineId,
  productId,
  variantId,
  quantity,
});

const assignments: RouteAssignment[] = [
  { productId: "shirt", variantId: null, connectionId: "shipbob" },
  { productId: "shirt", variantId: "shirt-xl", connectionId: "partner" },
  { productId: "mug", variantId: null, connectionId: "shipstation" },
];
const allActive = new Set(["shipbob", "partner", "shipstation", "manual"]);

describe("routeOrder", () => {
  it("prefers the variant's assignment, then the product's, then the shop default", () => {
    const result = routeOrder({
      lines: [line("1", "shirt", "shirt-s"), line("2", "shirt", "shirt-xl", 2), line("3", "poster", "poster-a")],
      assignments,
      defaultConnectionId: "manual",
      activeConnectionIds: allActive,
    });
    expect(result).toEqual({
      parts: [
        { connectionId: "shipbob", lines: [{ lineId: "1", quantity: 1 }] },
        { connectionId: "partner", lines: [{ lineId: "2", quantity: 2 }] },
        { connectionId: "manual", lines: [{ lineId: "3", quantity: 1 }] },
      ],
      unassigned: [],
    });
  });

  it("groups the lines of one fulfiller into one part, in the order the lines come", () => {
    const result = routeOrder({
      lines: [line("1", "mug", null), line("2", "shirt", "shirt-s"), line("3", "mug", "mug-blue", 3)],
      assignments,
      defaultConnectionId: null,
      activeConnectionIds: allActive,
    });
    expect(result.parts).toEqual([
      { connectionId: "shipstation", lines: [{ lineId: "1", quantity: 1 }, { lineId: "3", quantity: 3 }] },
      { connectionId: "shipbob", lines: [{ lineId: "2", quantity: 1 }] },
    ]);
  });

  it("falls through assignments to inactive connections, the default included", () => {
    const lines = [line("1", "shirt", "shirt-xl"), line("2", "mug", null)];
    const withoutPartner = routeOrder({
      lines,
      assignments,
      defaultConnectionId: "manual",
      activeConnectionIds: new Set(["shipbob", "manual"]),
    });
    expect(withoutPartner.parts).toEqual([
      { connectionId: "shipbob", lines: [{ lineId: "1", quantity: 1 }] },
      { connectionId: "manual", lines: [{ lineId: "2", quantity: 1 }] },
    ]);
    const nothingActive = routeOrder({ lines, assignments, defaultConnectionId: "manual", activeConnectionIds: new Set() });
    expect(nothingActive).toEqual({ parts: [], unassigned: ["1", "2"] });
  });

  it("reports lines without an assignment or a default, and skips lines with nothing due", () => {
    const result = routeOrder({
      lines: [line("1", "poster", null), line("2", null, null), line("3", "mug", null, 0), line("4", "mug", null)],
      assignments,
      defaultConnectionId: null,
      activeConnectionIds: allActive,
    });
    expect(result).toEqual({
      parts: [{ connectionId: "shipstation", lines: [{ lineId: "4", quantity: 1 }] }],
      unassigned: ["1", "2"],
    });
  });

  it('reads "" as the whole product, as the Assignment table stores it', () => {
    const result = routeOrder({
      lines: [line("1", "lamp", "lamp-red"), line("2", "lamp", "")],
      assignments: [{ productId: "lamp", variantId: "", connectionId: "shipbob" }],
      defaultConnectionId: null,
      activeConnectionIds: allActive,
    });
    expect(result.parts).toEqual([
      { connectionId: "shipbob", lines: [{ lineId: "1", quantity: 1 }, { lineId: "2", quantity: 1 }] },
    ]);
  });

  it("matches a variant assignment of another product only when the line has no product id", () => {
    const variantOnly = [{ productId: "p1", variantId: "v1", connectionId: "partner" }];
    const routed = (productId: string | null) =>
      routeOrder({ lines: [line("1", productId, "v1")], assignments: variantOnly, defaultConnectionId: null, activeConnectionIds: allActive });
    expect(routed(null).parts).toEqual([{ connectionId: "partner", lines: [{ lineId: "1", quantity: 1 }] }]);
    expect(routed("p2").unassigned).toEqual(["1"]);
  });

  it("puts every line with units due in exactly one place, and only with an active connection", () => {
    const ids = ["a", "b", "c"];
    const lineArb = fc.record({
      productId: fc.option(fc.constantFrom(...ids), { nil: null }),
      variantId: fc.option(fc.constantFrom("a1", "b1", "c1"), { nil: null }),
      quantity: fc.integer({ min: 0, max: 3 }),
    });
    const assignmentArb = fc.record({
      productId: fc.constantFrom(...ids),
      variantId: fc.option(fc.constantFrom("a1", "b1", "c1"), { nil: null }),
      connectionId: fc.constantFrom("x", "y", "z"),
    });
    fc.assert(
      fc.property(
        fc.array(lineArb, { maxLength: 8 }),
        fc.array(assignmentArb, { maxLength: 6 }),
        fc.option(fc.constantFrom("x", "y", "z"), { nil: null }),
        fc.subarray(["x", "y", "z"]),
        (specs, assigned, defaultConnectionId, active) => {
          const lines = specs.map((spec, i) => ({ ...spec, lineId: `L${i}` }));
          const result = routeOrder({ lines, assignments: assigned, defaultConnectionId, activeConnectionIds: new Set(active) });
          const placed = [...result.parts.flatMap((p) => p.lines.map((l) => l.lineId)), ...result.unassigned];
          expect(placed.sort()).toEqual(lines.filter((l) => l.quantity > 0).map((l) => l.lineId).sort());
          for (const part of result.parts) {
            expect(active).toContain(part.connectionId);
            expect(part.lines.length).toBeGreaterThan(0);
          }
          expect(new Set(result.parts.map((p) => p.connectionId)).size).toBe(result.parts.length);
        },
      ),
    );
  });
});
