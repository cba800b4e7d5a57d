// How two reports of a shipment are compared: tracking numbers and items, normalized
// (DESIGN.md §Coverage rules: a replay is recognised by tracking number + items).
import type { DomainShipment, ShipmentItem } from "./types";

/** Tracking numbers compare without case and without whitespace (carriers print them in groups). */
export function normalizeTrackingNumber(trackingNumber: string): string {
  return trackingNumber.replace(/\s+/g, "").toUpperCase();
}

/** Distinct, non-blank, normalized and sorted. */
export function normalizedTrackingNumbers(trackingNumbers: readonly string[]): string[] {
  const distinct = new Set(trackingNumbers.map(normalizeTrackingNumber).filter((t) => t !== ""));
  return [...distinct].sort();
}

/** One entry per line (quantities of a repeated line added up), sorted by line id. */
export function mergeItems(items: readonly ShipmentItem[]): ShipmentItem[] {
  const byLine = new Map<string, number>();
  for (const item of items) byLine.set(item.lineId, (byLine.get(item.lineId) ?? 0) + item.quantity);
  return [...byLine]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([lineId, quantity]) => ({ lineId, quantity }));
}

/** Sorted normalized tracking numbers + sorted items: equal for the same package reported twice. */
export function shipmentFingerprint(shipment: Pick<DomainShipment, "trackingNumbers" | "items">): string {
  const items = mergeItems(shipment.items).map((item) => [item.lineId, item.quantity]);
  return JSON.stringify([normalizedTrackingNumbers(shipment.trackingNumbers), items]);
}
