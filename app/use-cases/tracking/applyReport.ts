// The one path every carrier report takes, polled or pushed by a provider's webhook: the
// tracker takes the report (forward only, flags beside it), each new checkpoint becomes an EVENT
// push intent (mirrored to the buyer platform through the exactly-once push path), the shipment
// shows the package's progress, and the fulfillment moves PENDING_SHIPMENT → SHIPPED → DELIVERED
// through the transition table. All in one transaction.
import type { Prisma } from "@prisma/client";
import { normalizeTrackingNumber } from "~/carriers/detection";
import type { CarrierStatus, TrackingResult } from "~/carriers/port";
import {
  type ParcelCheckpoint,
  type ParcelFlag,
  type ParcelState,
  isParcelFlag,
  isParcelStatus,
  packageProgress,
  type TrackedPackage,
  takeReport,
  trackingSteps,
} from "~/fulfillment/tracking";
import type { FulfillmentStatus } from "~/fulfillment/types";
import type { TrackingEventStatus } from "~/platforms/port";
import type { AppContext } from "../context";
import { partCoverage } from "../shared/partCoverage";
import { addTimeline, type Tx } from "../shared/timeline";
import { transitionFulfillment } from "../shared/transition";

/** Fulfillments whose packages are tracked: the ones waiting for the carrier. */
export const TRACKED_FULFILLMENT_STATUSES: readonly FulfillmentStatus[] = ["PENDING", "PENDING_SHIPMENT", "SHIPPED"];

/**
 * Carrier status → Shopify's FulfillmentEventStatus (Admin 2026-10 enum, the values the Platform
 * port carries): LABEL_PRINTED "a purchased shipping label has been printed", READY_FOR_PICKUP,
 * ATTEMPTED_DELIVERY, FAILURE "the fulfillment request failed". UNKNOWN, a cancelled label and
 * EXPIRED say nothing to the buyer and are not mirrored.
 */
const EVENT_STATUS: Readonly<Partial<Record<CarrierStatus, TrackingEventStatus>>> = {
  LABEL_CREATED: "LABEL_PRINTED",
  IN_TRANSIT: "IN_TRANSIT",
  OUT_FOR_DELIVERY: "OUT_FOR_DELIVERY",
  AVAILABLE_FOR_PICKUP: "READY_FOR_PICKUP",
  DELIVERY_ATTEMPTED: "ATTEMPTED_DELIVERY",
  DELIVERED: "DELIVERED",
  EXCEPTION: "FAILURE",
  RETURNED_TO_SENDER: "FAILURE",
};

export function eventStatusFor(status: CarrierStatus): TrackingEventStatus | null {
  return EVENT_STATUS[status] ?? null;
}

export interface AppliedReport {
  /** the tracker's state changed */
  changed: boolean;
  /** EVENT intents recorded */
  events: number;
  /** fulfillment status changes made */
  moved: FulfillmentStatus[];
  expired: boolean;
}

const trackerSelect = {
  id: true,
  shopId: true,
  shipmentId: true,
  trackingNumber: true,
  status: true,
  flag: true,
  flagMessage: true,
  flaggedAt: true,
  expired: true,
  lastEventAt: true,
  deliveredAt: true,
} satisfies Prisma.ShipmentTrackerSelect;
type TrackerRow = Prisma.ShipmentTrackerGetPayload<{ select: typeof trackerSelect }>;

function stateOf(row: TrackerRow): ParcelState {
  return {
    status: isParcelStatus(row.status) ? row.status : "UNKNOWN",
    flag: row.flag && isParcelStatus(row.flag) && isParcelFlag(row.flag) ? row.flag : null,
    flagMessage: row.flagMessage,
    flaggedAt: row.flaggedAt,
    expired: row.expired,
    lastEventAt: row.lastEventAt,
    deliveredAt: row.deliveredAt,
  };
}

/**
 * Applies one provider report to one tracker. `actor` names the source for the timeline
 * ("carrier:easypost"). Returns what changed; a tracker that no longer exists changes nothing.
 */
export async function applyReport(
  ctx: AppContext,
  input: { trackerId: string; shopId: string; provider: string; result: TrackingResult; actor: string },
): Promise<AppliedReport> {
  return ctx.db.$transaction(async (tx) => {
    const now = ctx.now();
    const found = await tx.shipmentTracker.findFirst({
      where: { id: input.trackerId, shopId: input.shopId },
      select: { shipmentId: true, shipment: { select: { orderId: true } } },
    });
    if (!found) return { changed: false, events: 0, moved: [], expired: false };
    // Write first, as storeShipment does: the transaction holds the order before it reads, so a
    // webhook and a poll of one parcel, or two packages of one order, take turns.
    await tx.order.updateMany({ where: { id: found.shipment.orderId, shopId: input.shopId }, data: { updatedAt: now } });
    await tx.shipment.updateMany({ where: { id: found.shipmentId, shopId: input.shopId }, data: { carrierCheckedAt: now } });
    const row = await tx.shipmentTracker.findUniqueOrThrow({ where: { id: input.trackerId }, select: trackerSelect });
    const { result } = input;
    const update = takeReport(
      stateOf(row),
      {
        status: result.status,
        deliveredAt: result.deliveredAt,
        checkpoints: result.checkpoints.map((c) => ({ status: c.status, at: c.at, message: c.message, city: c.city, country: c.country })),
      },
      now,
    );
    const next = update.next;
    await tx.shipmentTracker.update({
      where: { id: row.id },
      data: {
        status: next.status,
        flag: next.flag,
        flagMessage: next.flagMessage,
        flaggedAt: next.flaggedAt,
        expired: next.expired,
        lastEventAt: next.lastEventAt,
        deliveredAt: next.deliveredAt,
        provider: input.provider,
        rawStatus: result.rawStatus ?? null,
        estimatedDeliveryAt: result.estimatedDeliveryAt ? new Date(result.estimatedDeliveryAt) : undefined,
        checkedAt: now,
        lastError: null,
      },
    });

    const shipment = await tx.shipment.findUniqueOrThrow({
      where: { id: row.shipmentId },
      select: { id: true, orderId: true, fulfillmentId: true },
    });
    const events = await mirror(tx, input.shopId, shipment.id, row.trackingNumber, update.fresh, now);
    if (update.raised) await timelineFlag(tx, input, shipment, row.trackingNumber, update.raised, now);
    if (next.expired && !row.expired) {
      await addTimeline(tx, {
        shopId: input.shopId,
        orderId: shipment.orderId,
        fulfillmentId: shipment.fulfillmentId,
        kind: "NOTE",
        reason: `Tracking of ${row.trackingNumber} expired at the carrier: it is no longer checked.`,
        actor: input.actor,
        at: now,
      });
    }
    await showProgress(tx, input.shopId, shipment.id, result.trackingUrl);
    const moved = await advanceFulfillment(tx, input.shopId, shipment.fulfillmentId, input.actor, now);
    return { changed: update.changed, events, moved, expired: next.expired };
  });
}

/** An EVENT intent per fresh checkpoint, keyed by the checkpoint so a replay records nothing. */
async function mirror(
  tx: Tx,
  shopId: string,
  shipmentId: string,
  trackingNumber: string,
  fresh: readonly ParcelCheckpoint[],
  now: Date,
): Promise<number> {
  if (fresh.length === 0) return 0;
  const [shop, create] = await Promise.all([
    tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: { platform: true } }),
    tx.pushIntent.findFirst({
      where: { shopId, shipmentId, action: "CREATE", state: { not: "WITHDRAWN" } },
      select: { id: true },
    }),
  ]);
  // A shipment that will never reach the platform has no fulfillment there to add events to.
  if (!create) return 0;
  let recorded = 0;
  for (const checkpoint of fresh) {
    const status = eventStatusFor(checkpoint.status);
    if (!status) continue;
    const happenedAt = new Date(checkpoint.at).toISOString();
    const idempotencyKey = `${shipmentId}:event:${trackingNumber}:${status}:${happenedAt}`;
    const payload = {
      status,
      happenedAt,
      message: checkpoint.message,
      city: checkpoint.city,
      country: checkpoint.country,
    };
    const existing = await tx.pushIntent.findUnique({ where: { idempotencyKey }, select: { id: true } });
    if (existing) continue;
    await tx.pushIntent.create({
      data: {
        shopId,
        shipmentId,
        action: "EVENT",
        target: shop.platform,
        nextAttemptAt: now,
        idempotencyKey,
        payload: JSON.stringify(payload),
      },
    });
    recorded++;
  }
  return recorded;
}

async function timelineFlag(
  tx: Tx,
  input: { shopId: string; actor: string },
  shipment: { orderId: string; fulfillmentId: string },
  trackingNumber: string,
  raised: { flag: ParcelFlag; message: string | null },
  now: Date,
): Promise<void> {
  const words: Record<ParcelFlag, string> = {
    EXCEPTION: "reports an exception",
    RETURNED_TO_SENDER: "is returning the parcel to the sender",
    CANCELLED: "reports the label cancelled",
  };
  await addTimeline(tx, {
    shopId: input.shopId,
    orderId: shipment.orderId,
    fulfillmentId: shipment.fulfillmentId,
    kind: "NOTE",
    to: raised.flag,
    reason: `The carrier ${words[raised.flag]} for ${trackingNumber}${raised.message ? `: ${raised.message}` : ""}`,
    actor: input.actor,
    at: now,
  });
}

/** The shipment shows its least advanced number's status, or a flag when one is raised. */
async function showProgress(tx: Tx, shopId: string, shipmentId: string, providerUrl: string | null): Promise<void> {
  const trackers = await tx.shipmentTracker.findMany({
    where: { shopId, shipmentId },
    select: { status: true, deliveredAt: true, flag: true },
  });
  const progress = packageProgress(trackers.map((t) => ({ status: isParcelStatus(t.status) ? t.status : "UNKNOWN", deliveredAt: t.deliveredAt })));
  const flag = trackers.find((t) => t.flag)?.flag ?? null;
  const current = await tx.shipment.findUniqueOrThrow({ where: { id: shipmentId }, select: { trackingUrl: true } });
  await tx.shipment.update({
    where: { id: shipmentId },
    data: {
      carrierStatus: flag ?? progress.status,
      deliveredAt: progress.deliveredAt,
      // The provider's public page when the fulfiller gave none (notes §5: prefer the provider's URL).
      ...(current.trackingUrl ? {} : providerUrl ? { trackingUrl: providerUrl } : {}),
    },
  });
}

/** The fulfillment steps carrier tracking allows now (fulfillment/tracking.ts trackingSteps). */
export async function advanceFulfillment(
  tx: Tx,
  shopId: string,
  fulfillmentId: string,
  actor: string,
  now: Date,
): Promise<FulfillmentStatus[]> {
  const part = await tx.fulfillment.findFirst({
    where: { id: fulfillmentId, shopId },
    select: { id: true, orderId: true, status: true, order: { select: { cancelledAt: true } } },
  });
  if (!part || part.order.cancelledAt || !TRACKED_FULFILLMENT_STATUSES.includes(part.status as FulfillmentStatus)) return [];
  const [shop, coverage, shipments] = await Promise.all([
    tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: { shipOnLabelCreated: true } }),
    partCoverage(tx, shopId, [part]),
    tx.shipment.findMany({
      where: { shopId, fulfillmentId, state: "ACCEPTED" },
      select: { trackingNumbers: true, trackers: { select: { trackingNumber: true, status: true, deliveredAt: true } } },
    }),
  ]);
  const lines = coverage.get(part.id) ?? [];
  const fullyCovered = lines.length > 0 && lines.every((l) => l.remaining === 0) && lines.some((l) => l.covered > 0);
  const packages: TrackedPackage[] = shipments.map((s) => {
    const numbers = numbersOf(s.trackingNumbers);
    if (numbers.length === 0) return { tracked: false, status: "UNKNOWN", deliveredAt: null };
    // A number the job has not tracked yet counts as UNKNOWN.
    return packageProgress(
      numbers.map((n) => {
        const t = s.trackers.find((x) => x.trackingNumber === normalizeTrackingNumber(n));
        return { status: t && isParcelStatus(t.status) ? t.status : "UNKNOWN", deliveredAt: t?.deliveredAt ?? null };
      }),
    );
  });
  const steps = trackingSteps({
    status: part.status as FulfillmentStatus,
    fullyCovered,
    packages,
    shipOnLabelCreated: shop.shipOnLabelCreated,
  });
  const moved: FulfillmentStatus[] = [];
  for (const step of steps) {
    if (step.to === "SHIPPED") {
      await transitionFulfillment(tx, {
        shopId,
        fulfillmentId,
        to: "SHIPPED",
        actor,
        reason: shop.shipOnLabelCreated ? "the carrier has every package (labels count as shipped)" : "the carrier has every package in transit",
        at: now,
        data: { shippedAt: now },
      });
    } else {
      await transitionFulfillment(tx, {
        shopId,
        fulfillmentId,
        to: "DELIVERED",
        actor,
        reason: "the carrier delivered every package",
        at: now,
        data: { deliveredAt: step.deliveredAt },
      });
    }
    moved.push(step.to);
  }
  return moved;
}

export function numbersOf(trackingNumbers: string): string[] {
  const parsed: unknown = JSON.parse(trackingNumbers);
  return Array.isArray(parsed) ? parsed.filter((n): n is string => typeof n === "string" && n.trim() !== "") : [];
}
