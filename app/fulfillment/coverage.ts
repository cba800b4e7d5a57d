// Coverage of an order by its shipments (DESIGN.md §Coverage rules). The order is SHIPPED, and
// polling for it stops, only when every unit still due is covered (seed: Convictional).
import { coverageByLine, type RecordedShipment } from "./line-coverage";
import type { DomainLine, OrderShipmentState } from "./types";

export {
  type CoverageViolation,
  type CoverageViolationCode,
  evaluateShipment,
  type ShipmentVerdict,
} from "./evaluate-shipment";
export { coverageByLine, coveredUnits, type LineCoverage, type RecordedShipment } from "./line-coverage";
export {
  mergeItems,
  normalizedTrackingNumbers,
  normalizeTrackingNumber,
  shipmentFingerprint,
} from "./shipment-fingerprint";

/**
 * SHIPPED: nothing remains due and at least one unit was shipped (an order whose every unit was
 * cancelled before shipping stays UNSHIPPED: it was never shipped). PARTIALLY_SHIPPED: some unit
 * is covered but something remains. UNSHIPPED: no unit is covered.
 */
export function orderShipmentState(
  lines: readonly DomainLine[],
  recorded: readonly RecordedShipment[],
): OrderShipmentState {
  const coverage = coverageByLine(lines, recorded);
  const anyCovered = coverage.some((line) => line.covered > 0);
  if (!anyCovered) return "UNSHIPPED";
  return coverage.every((line) => line.remaining === 0) ? "SHIPPED" : "PARTIALLY_SHIPPED";
}

export function isFullyCovered(lines: readonly DomainLine[], recorded: readonly RecordedShipment[]): boolean {
  return orderShipmentState(lines, recorded) === "SHIPPED";
}
