// The order a page of fulfiller shipments is stored in (syncShipments): voids first, unless the
// voided shipment was itself reported earlier in the page.
import { describe, expect, test } from "vitest";
import type { FulfillerShipment } from "~/plugins/port";
import { voidsFirst } from "~/use-cases/syncShipments";

const shipment = (id: string, cancelled = false): FulfillerShipment => ({
  fulfillerShipmentId: id,
  fulfillmentId: "f1",
  clientFulfillmentId: null,
  trackingNumbers: [`1Z${id}`],
  carrier: "UPS",
  method: null,
  trackingUrl: null,
  lines: [{ sku: "A", quantity: 1 }],
  cancelled,
  shippedAt: null,
});

const ids = (list: FulfillerShipment[]) => list.map((s) => `${s.fulfillerShipmentId}${s.cancelled ? "×" : ""}`);

describe("voidsFirst", () => {
  test("a void reported after a new label (ShipStation: labels, then voids) goes first", () => {
    expect(ids(voidsFirst([shipment("B"), shipment("C"), shipment("A", true)]))).toEqual(["A×", "B", "C"]);
  });

  test("a shipment reported and then voided in the same page keeps that order", () => {
    expect(ids(voidsFirst([shipment("A"), shipment("B"), shipment("A", true)]))).toEqual(["A", "B", "A×"]);
  });

  test("voids keep their own order, the rest keeps its order, and reports without an id stay in place", () => {
    expect(ids(voidsFirst([shipment("B"), shipment("X", true), shipment(" ", true), shipment("Y", true), shipment("C")]))).toEqual([
      "X×",
      "Y×",
      "B",
      " ×",
      "C",
    ]);
  });
});
