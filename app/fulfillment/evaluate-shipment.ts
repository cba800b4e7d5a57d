// Decides what to do with a shipment a fulfiller reports: a replay, a correction, a new package
// that fits the order, or one that breaks a coverage rule (DESIGN.md §Coverage rules).
import { coverageByLine, type RecordedShipment } from "./line-coverage";
import { mergeItems, normalizedTrackingNumbers, shipmentFingerprint } from "./shipment-fingerprint";
import type { DomainLine, DomainShipment, ShipmentItem } from "./types";

export type CoverageViolationCode =
  | "EMPTY"
  | "BAD_QUANTITY"
  | "UNKNOWN_LINE"
  | "OVER_COVERAGE"
  | "MULTI_TRACKING_SINGLE_LINE"
  | "MULTI_TRACKING_TOO_FEW_UNITS"
  /** never produced here (a shipment without tracking is allowed); for callers that require tracking */
  | "NO_TRACKING";

export interface CoverageViolation {
  code: CoverageViolationCode;
  lineId?: string;
  message: string;
}

export type ShipmentVerdict =
  | { kind: "accepted" }
  /** the same package reported again (webhook and poll, a replay): change nothing */
  | { kind: "duplicate"; of: string }
  /** the fulfiller corrected its shipment `of` (same shipment id, other tracking or items) */
  | { kind: "changed"; of: string }
  /** nothing of this shipment may be stored as covering or pushed */
  | { kind: "rejected"; violations: CoverageViolation[] };

/**
 * Replays are recognised first, so that a shipment already counted is not measured against itself.
 * A correction is checked against the coverage left without the shipment it replaces.
 */
export function evaluateShipment(
  lines: readonly DomainLine[],
  recorded: readonly RecordedShipment[],
  candidate: DomainShipment,
): ShipmentVerdict {
  const replayed = findReplayed(recorded, candidate);
  if (replayed) return { kind: "duplicate", of: replayed.id };

  const corrected = findCorrected(recorded, candidate);
  const counted = corrected ? recorded.filter((shipment) => shipment.id !== corrected.id) : recorded;
  const violations = coverageViolations(lines, counted, candidate);
  if (violations.length > 0) return { kind: "rejected", violations };
  return corrected ? { kind: "changed", of: corrected.id } : { kind: "accepted" };
}

function fulfillerId(shipment: DomainShipment): string | null {
  const id = shipment.fulfillerShipmentId?.trim();
  return id ? id : null;
}

/** Reports that may be the same package: by the fulfiller's id when it has one we know, else by content. */
function sameSourceReports(recorded: readonly RecordedShipment[], candidate: DomainShipment): RecordedShipment[] {
  const id = fulfillerId(candidate);
  const sameConnection = recorded.filter((shipment) => shipment.connectionId === candidate.connectionId);
  const sameId = id ? sameConnection.filter((shipment) => fulfillerId(shipment) === id) : [];
  if (sameId.length > 0) return sameId;
  return id ? sameConnection.filter((shipment) => fulfillerId(shipment) === null) : sameConnection;
}

/** A stale replay of a cancelled version is a replay too: it must not bring that version back. */
function findReplayed(recorded: readonly RecordedShipment[], candidate: DomainShipment): RecordedShipment | undefined {
  const fingerprint = shipmentFingerprint(candidate);
  const matches = sameSourceReports(recorded, candidate).filter((s) => shipmentFingerprint(s) === fingerprint);
  return matches.find((shipment) => !shipment.cancelled) ?? matches[0];
}

/** The live shipment with the same fulfiller id; none when every earlier version was cancelled. */
function findCorrected(recorded: readonly RecordedShipment[], candidate: DomainShipment): RecordedShipment | undefined {
  const id = fulfillerId(candidate);
  if (!id) return undefined;
  return recorded.findLast(
    (shipment) =>
      shipment.connectionId === candidate.connectionId && fulfillerId(shipment) === id && !shipment.cancelled,
  );
}

function coverageViolations(
  lines: readonly DomainLine[],
  recorded: readonly RecordedShipment[],
  candidate: DomainShipment,
): CoverageViolation[] {
  const violations: CoverageViolation[] = [];
  if (candidate.items.length === 0) violations.push({ code: "EMPTY", message: "The shipment contains no items." });

  const coverage = new Map(coverageByLine(lines, recorded).map((line) => [line.lineId, line]));
  const valid: ShipmentItem[] = [];
  for (const item of candidate.items) {
    if (!Number.isInteger(item.quantity) || item.quantity <= 0) {
      violations.push({
        code: "BAD_QUANTITY",
        lineId: item.lineId,
        message: `Line ${item.lineId}: quantity must be a whole number above 0, got ${item.quantity}.`,
      });
    } else if (!coverage.has(item.lineId)) {
      violations.push({
        code: "UNKNOWN_LINE",
        lineId: item.lineId,
        message: `Line ${item.lineId} is not a line of this order.`,
      });
    } else valid.push(item);
  }

  const merged = mergeItems(valid);
  for (const item of merged) {
    const line = coverage.get(item.lineId)!;
    if (item.quantity > line.remaining) {
      violations.push({
        code: "OVER_COVERAGE",
        lineId: item.lineId,
        message:
          `Line ${item.lineId}: the shipment covers ${item.quantity} but only ${line.remaining} still due ` +
          `(ordered ${line.ordered}, cancelled or refunded ${line.cancelled}, already shipped ${line.covered}).`,
      });
    }
  }

  // Several tracking numbers only across several items (seed: Convictional, "Special Cases").
  const trackingCount = normalizedTrackingNumbers(candidate.trackingNumbers).length;
  if (trackingCount > 1) {
    const units = merged.reduce((sum, item) => sum + item.quantity, 0);
    if (merged.length < 2) {
      violations.push({
        code: "MULTI_TRACKING_SINGLE_LINE",
        message: `${trackingCount} tracking numbers need at least two different lines; this shipment has ${merged.length}.`,
      });
    }
    if (units < trackingCount) {
      violations.push({
        code: "MULTI_TRACKING_TOO_FEW_UNITS",
        message: `${trackingCount} tracking numbers need at least ${trackingCount} units; this shipment has ${units}.`,
      });
    }
  }
  return violations;
}
