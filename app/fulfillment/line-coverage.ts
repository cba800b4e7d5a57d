// How much of each order line is due and how much the shipments already cover
// (DESIGN.md §Coverage rules: due = ordered − cancelled/refunded; cancelled shipments do not count).
import type { DomainLine, DomainShipment } from "./types";

/** A shipment already stored for the order. A cancelled one no longer covers anything. */
export interface RecordedShipment extends DomainShipment {
  id: string;
  cancelled: boolean;
}

export interface LineCoverage {
  lineId: string;
  ordered: number;
  /** cancelled or refunded units */
  cancelled: number;
  /** ordered − cancelled */
  due: number;
  /** units in shipments that are not cancelled */
  covered: number;
  /** due − covered, never below 0 (a refund after shipping can leave covered > due) */
  remaining: number;
}

/** Units per line in the shipments that still count. */
export function coveredUnits(recorded: readonly RecordedShipment[]): Map<string, number> {
  const covered = new Map<string, number>();
  for (const shipment of recorded) {
    if (shipment.cancelled) continue;
    for (const item of shipment.items) covered.set(item.lineId, (covered.get(item.lineId) ?? 0) + item.quantity);
  }
  return covered;
}

export function coverageByLine(lines: readonly DomainLine[], recorded: readonly RecordedShipment[]): LineCoverage[] {
  const covered = coveredUnits(recorded);
  return lines.map((line) => {
    const ordered = Math.max(0, line.quantity);
    const cancelled = Math.min(ordered, Math.max(0, line.cancelledQuantity));
    const due = ordered - cancelled;
    const lineCovered = covered.get(line.lineId) ?? 0;
    return {
      lineId: line.lineId,
      ordered,
      cancelled,
      due,
      covered: lineCovered,
      remaining: Math.max(0, due - lineCovered),
    };
  });
}
