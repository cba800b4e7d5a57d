// The ten statuses and the one transition table (DESIGN.md §Statuses). Every change of status
// goes through assertTransition; the table is checked when this module loads.
import { IllegalTransitionError } from "./errors";
import { type FulfillmentStatus, STATUSES } from "./types";

export const TRANSITIONS: Readonly<Record<FulfillmentStatus, readonly FulfillmentStatus[]>> = Object.freeze({
  HOLD: ["PENDING", "FAILED", "PENDING_SHIPMENT", "CANCELLED"],
  PENDING: ["PENDING_SHIPMENT", "SHIPPED", "CANCELLED", "FAILED"],
  PENDING_SHIPMENT: ["SHIPPED", "DELIVERED", "CANCELLED"],
  SHIPPED: ["DELIVERED", "RMA_PENDING"],
  DELIVERED: ["RMA_PENDING"],
  CANCELLED: [],
  RMA_PENDING: ["RETURNED", "CANCELLED"],
  RETURNED: [],
  FAILED: ["RECYCLED", "HOLD", "CANCELLED"],
  // CANCELLED is not in DESIGN's row for RECYCLED, but RECYCLED is CANCELLABLE: an order cancelled
  // while its one automatic resend is under way must not be sent on to the fulfiller.
  RECYCLED: ["PENDING", "FAILED", "CANCELLED"],
});

/** Checks a transition table: every target known, every status reachable from HOLD. */
export function validateTransitionTable(table: Readonly<Record<string, readonly string[]>>): string[] {
  const problems: string[] = [];
  const known = new Set<string>(STATUSES);
  for (const status of STATUSES) if (!(status in table)) problems.push(`status ${status} has no row`);
  for (const [from, targets] of Object.entries(table)) {
    if (!known.has(from)) problems.push(`unknown status ${from}`);
    for (const to of targets) if (!known.has(to)) problems.push(`${from} -> unknown status ${to}`);
  }
  const seen = new Set<string>(["HOLD"]);
  const queue = ["HOLD"];
  while (queue.length) {
    const from = queue.shift()!;
    for (const to of table[from] ?? []) {
      if (!seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  for (const status of STATUSES) if (!seen.has(status)) problems.push(`${status} is not reachable from HOLD`);
  return problems;
}

/** Throws when validateTransitionTable finds a problem; run on TRANSITIONS when this module loads. */
export function assertValidTransitionTable(table: Readonly<Record<string, readonly string[]>>): void {
  const problems = validateTransitionTable(table);
  if (problems.length) throw new Error(`Invalid fulfillment transition table: ${problems.join("; ")}`);
}

assertValidTransitionTable(TRANSITIONS);

export function canTransition(from: FulfillmentStatus, to: FulfillmentStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: FulfillmentStatus, to: FulfillmentStatus): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
}

export function isFulfillmentStatus(value: string): value is FulfillmentStatus {
  return (STATUSES as readonly string[]).includes(value);
}

/** Statuses with no next step at all (CANCELLED, RETURNED). */
export function isTerminal(status: FulfillmentStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

/**
 * Statuses that still need work from us, the fulfiller or a person. The others (SHIPPED, DELIVERED,
 * CANCELLED, RETURNED) are resting: a later step (delivery, a return) may come but none is required.
 */
export const OPEN_STATUSES: readonly FulfillmentStatus[] = [
  "HOLD",
  "PENDING",
  "PENDING_SHIPMENT",
  "FAILED",
  "RECYCLED",
  "RMA_PENDING",
];

export function isOpen(status: FulfillmentStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/** No next step is required: terminal, or SHIPPED/DELIVERED waiting only for what may come. */
export function isResting(status: FulfillmentStatus): boolean {
  return !isOpen(status);
}

/** Not yet shipped: an order cancellation cancels these. */
export const CANCELLABLE: readonly FulfillmentStatus[] = ["HOLD", "PENDING", "PENDING_SHIPMENT", "FAILED", "RECYCLED"];

/** Statuses whose fulfillments still expect shipments from the fulfiller. */
export const AWAITING_SHIPMENTS: readonly FulfillmentStatus[] = ["HOLD", "PENDING", "PENDING_SHIPMENT", "RECYCLED"];

/** Only fulfillments in HOLD may receive tracking from a CSV import (seeds: CheckoutChamp). */
export function canImportTracking(status: FulfillmentStatus): boolean {
  return status === "HOLD";
}

/**
 * The moves of a part after shipments arrived: HOLD or PENDING → PENDING_SHIPMENT at the first
 * tracking number (or when fully covered without one); → SHIPPED once every unit is covered, when
 * the shop has carrier tracking off (with it on, the tracking job takes that step).
 */
export function partSteps(
  status: FulfillmentStatus,
  facts: { hasTracking: boolean; fullyCovered: boolean; carrierTracking: boolean },
): { to: FulfillmentStatus; reason: string }[] {
  const steps: { to: FulfillmentStatus; reason: string }[] = [];
  let at = status;
  if ((at === "HOLD" || at === "PENDING") && (facts.hasTracking || facts.fullyCovered)) {
    const reason = !facts.hasTracking ? "shipped without a tracking number" : at === "HOLD" ? "tracking imported" : "tracking number received";
    steps.push({ to: "PENDING_SHIPMENT", reason });
    at = "PENDING_SHIPMENT";
  }
  if (facts.fullyCovered && !facts.carrierTracking && at === "PENDING_SHIPMENT") {
    steps.push({ to: "SHIPPED", reason: "every unit is covered by shipments (carrier tracking is off)" });
  }
  return steps;
}
