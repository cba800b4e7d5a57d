// Small helpers every provider uses to assemble a TrackingResult.
import type { CarrierStatus, TrackingCheckpoint, TrackingResult } from "./port";

/** Oldest first: providers disagree (UPS lists the newest first), the port does not. */
export function chronological(checkpoints: TrackingCheckpoint[]): TrackingCheckpoint[] {
  return checkpoints
    .map((c, index) => ({ c, index, t: Date.parse(c.at) }))
    .sort((a, b) => (a.t === b.t || Number.isNaN(a.t) || Number.isNaN(b.t) ? a.index - b.index : a.t - b.t))
    .map(({ c }) => c);
}

/** When the latest checkpoint with `status` happened, or null. */
export function lastAt(checkpoints: TrackingCheckpoint[], status: CarrierStatus): string | null {
  for (let i = checkpoints.length - 1; i >= 0; i--) if (checkpoints[i].status === status) return checkpoints[i].at;
  return null;
}

/** An ISO-8601 instant from a vendor timestamp, or null when it does not parse. */
export function toIso(value: string | null | undefined): string | null {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** What we know of a number the carrier has no data for yet (label not scanned, or unknown). */
export function noDataResult(
  trackingNumber: string,
  carrier: string,
  trackingUrl: string | null,
  rawStatus: string | null,
): TrackingResult {
  return { trackingNumber, carrier, status: "UNKNOWN", deliveredAt: null, trackingUrl, checkpoints: [], rawStatus, estimatedDeliveryAt: null };
}
