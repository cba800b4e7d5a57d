// Carrier tracking as the domain sees it (notes/fulfillers-and-carriers.md §4, "Recommended
// pluggable set and normalized status" and "Mapping to the app's shipment states"):
// - a parcel's status only moves forward; a late or repeated report never moves it back;
// - EXCEPTION, RETURNED_TO_SENDER and a cancelled label are flags beside the status, not steps;
// - EXPIRED (no data for too long) ends tracking;
// - a fully covered fulfillment ships once every package is moving (IN_TRANSIT or later, or
//   LABEL_CREATED when the merchant says a label counts), and is delivered when all are.
import type { FulfillmentStatus } from "./types";

/** The normalized carrier statuses; the CarrierTracker port (app/carriers/port.ts) uses these. */
export const PARCEL_STATUSES = [
  "UNKNOWN",
  "LABEL_CREATED",
  "IN_TRANSIT",
  "OUT_FOR_DELIVERY",
  "AVAILABLE_FOR_PICKUP",
  "DELIVERY_ATTEMPTED",
  "DELIVERED",
  "EXCEPTION",
  "RETURNED_TO_SENDER",
  "CANCELLED",
  "EXPIRED",
] as const;
export type ParcelStatus = (typeof PARCEL_STATUSES)[number];

export const PARCEL_FLAGS = ["EXCEPTION", "RETURNED_TO_SENDER", "CANCELLED"] as const;
export type ParcelFlag = (typeof PARCEL_FLAGS)[number];

/** The order of the progress statuses. The last mile's three states are one step: a parcel goes
 * out, is attempted, waits at a pickup point and goes out again. */
const RANK: Readonly<Partial<Record<ParcelStatus, number>>> = {
  UNKNOWN: 0,
  LABEL_CREATED: 1,
  IN_TRANSIT: 2,
  OUT_FOR_DELIVERY: 3,
  AVAILABLE_FOR_PICKUP: 3,
  DELIVERY_ATTEMPTED: 3,
  DELIVERED: 4,
};

/** The progress rank of a status, or null for a flag or EXPIRED. */
export function progressRank(status: ParcelStatus): number | null {
  return RANK[status] ?? null;
}

export function isParcelFlag(status: ParcelStatus): status is ParcelFlag {
  return (PARCEL_FLAGS as readonly string[]).includes(status);
}

export function isParcelStatus(value: string): value is ParcelStatus {
  return (PARCEL_STATUSES as readonly string[]).includes(value);
}

export interface ParcelCheckpoint {
  status: ParcelStatus;
  at: string;
  message: string | null;
  city: string | null;
  country: string | null;
}

/** What we hold about one tracking number. */
export interface ParcelState {
  /** a progress status (never a flag or EXPIRED) */
  status: ParcelStatus;
  flag: ParcelFlag | null;
  flagMessage: string | null;
  flaggedAt: Date | null;
  expired: boolean;
  /** the newest checkpoint taken in */
  lastEventAt: Date | null;
  deliveredAt: Date | null;
}

/** What a provider says now. */
export interface ParcelReport {
  status: ParcelStatus;
  checkpoints: readonly ParcelCheckpoint[];
  deliveredAt: string | null;
}

export interface ParcelUpdate {
  next: ParcelState;
  /** checkpoints new since the last report that move the parcel on or raise a flag: to mirror */
  fresh: ParcelCheckpoint[];
  /** a flag raised by this report (to show on the timeline) */
  raised: { flag: ParcelFlag; message: string | null } | null;
  changed: boolean;
}

export const NEW_PARCEL: ParcelState = {
  status: "UNKNOWN",
  flag: null,
  flagMessage: null,
  flaggedAt: null,
  expired: false,
  lastEventAt: null,
  deliveredAt: null,
};

function time(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

/**
 * Takes a provider's report into what we hold. A delivered parcel is final: nothing after it
 * changes or mirrors anything. `now` dates a flag the report states without a checkpoint.
 */
export function takeReport(state: ParcelState, report: ParcelReport, now: Date): ParcelUpdate {
  if (state.status === "DELIVERED") return { next: state, fresh: [], raised: null, changed: false };
  const next: ParcelState = { ...state };
  const fresh: ParcelCheckpoint[] = [];
  let raised: ParcelUpdate["raised"] = null;
  const seenUntil = state.lastEventAt?.getTime() ?? Number.NEGATIVE_INFINITY;

  const checkpoints = report.checkpoints
    .map((c, index) => ({ c, index, t: time(c.at) }))
    .filter((x): x is { c: ParcelCheckpoint; index: number; t: number } => x.t !== null && x.t > seenUntil)
    .sort((a, b) => a.t - b.t || a.index - b.index);

  for (const { c, t } of checkpoints) {
    if (next.lastEventAt === null || t > next.lastEventAt.getTime()) next.lastEventAt = new Date(t);
    if (next.status === "DELIVERED") continue;
    const rank = progressRank(c.status);
    if (rank !== null) {
      // UNKNOWN says nothing; a lower step is a late scan (a hub reporting after the van did).
      if (c.status === "UNKNOWN" || rank < (progressRank(next.status) ?? 0)) continue;
      next.status = c.status;
      if (next.flag && next.flaggedAt && t > next.flaggedAt.getTime()) {
        next.flag = null;
        next.flagMessage = null;
        next.flaggedAt = null;
      }
      if (c.status === "DELIVERED") next.deliveredAt = new Date(t);
      fresh.push(c);
    } else if (isParcelFlag(c.status)) {
      next.flag = c.status;
      next.flagMessage = c.message;
      next.flaggedAt = new Date(t);
      raised = { flag: c.status, message: c.message };
      fresh.push(c);
    }
  }

  // The report's own status, when its checkpoints did not say it (providers without details).
  const rank = progressRank(report.status);
  if (report.status === "EXPIRED") next.expired = true;
  else if (rank !== null && rank > (progressRank(next.status) ?? 0)) {
    next.status = report.status;
  } else if (isParcelFlag(report.status) && next.flag === null && next.status !== "DELIVERED" && checkpoints.length === 0) {
    next.flag = report.status;
    next.flaggedAt = now;
    raised = { flag: report.status, message: null };
  }
  if (next.status === "DELIVERED") next.deliveredAt ??= new Date(time(report.deliveredAt) ?? now.getTime());

  const changed =
    next.status !== state.status ||
    next.flag !== state.flag ||
    next.expired !== state.expired ||
    next.lastEventAt?.getTime() !== state.lastEventAt?.getTime() ||
    next.deliveredAt?.getTime() !== state.deliveredAt?.getTime();
  return { next, fresh, raised, changed };
}

/** One package as the fulfillment rule sees it. */
export interface TrackedPackage {
  /** false: the package has no tracking number, so no carrier will ever report on it */
  tracked: boolean;
  /** the least advanced of its numbers (a progress status) */
  status: ParcelStatus;
  /** when its last number was delivered; null until all are */
  deliveredAt: Date | null;
}

/** A package's progress from its numbers: the least advanced one, delivered when all are. */
export function packageProgress(parcels: readonly Pick<ParcelState, "status" | "deliveredAt">[]): TrackedPackage {
  if (parcels.length === 0) return { tracked: false, status: "UNKNOWN", deliveredAt: null };
  let least = parcels[0].status;
  for (const p of parcels) if ((progressRank(p.status) ?? 0) < (progressRank(least) ?? 0)) least = p.status;
  const delivered = parcels.every((p) => p.status === "DELIVERED" && p.deliveredAt);
  const deliveredAt = delivered ? new Date(Math.max(...parcels.map((p) => p.deliveredAt!.getTime()))) : null;
  return { tracked: true, status: least, deliveredAt };
}

export type TrackingStep = { to: "SHIPPED" } | { to: "DELIVERED"; deliveredAt: Date };

/**
 * The status changes carrier tracking makes to a fulfillment, in order (DESIGN.md §Statuses:
 * PENDING_SHIPMENT → SHIPPED → DELIVERED). Only a fully covered fulfillment moves. A package
 * without a tracking number counts as moving (its fulfiller shipped it) but is never known
 * delivered.
 */
export function trackingSteps(input: {
  status: FulfillmentStatus;
  fullyCovered: boolean;
  packages: readonly TrackedPackage[];
  shipOnLabelCreated: boolean;
}): TrackingStep[] {
  const { packages } = input;
  if (!input.fullyCovered || packages.length === 0 || !packages.some((p) => p.tracked)) return [];
  const threshold = input.shipOnLabelCreated ? RANK.LABEL_CREATED! : RANK.IN_TRANSIT!;
  const moving = packages.every((p) => !p.tracked || (progressRank(p.status) ?? 0) >= threshold);
  const delivered = packages.every((p) => p.tracked && p.deliveredAt !== null);
  const steps: TrackingStep[] = [];
  let status = input.status;
  if ((status === "PENDING" || status === "PENDING_SHIPMENT") && (moving || delivered)) {
    steps.push({ to: "SHIPPED" });
    status = "SHIPPED";
  }
  if (status === "SHIPPED" && delivered) {
    steps.push({ to: "DELIVERED", deliveredAt: new Date(Math.max(...packages.map((p) => p.deliveredAt!.getTime()))) });
  }
  return steps;
}
