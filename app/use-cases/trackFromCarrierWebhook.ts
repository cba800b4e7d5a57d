// A provider pushed a tracker update (EasyPost `tracker.updated`, verified by the route): the
// same path as the tracking job, at once, for every tracker of that number whose shop tracks
// that carrier with this provider. Tracking codes are not globally unique (notes §4b: carriers
// recycle them), so the carrier must match too when both sides know it.
import { z } from "zod";
import { type TrackingProvider, TRACKING_PROVIDERS, providerFor } from "~/carriers/chooser";
import { normalizeCarrierName } from "~/carriers/carriers";
import { normalizeTrackingNumber } from "~/carriers/detection";
import type { TrackingResult } from "~/carriers/port";
import type { AppContext } from "./context";
import { parseInput } from "./errors";
import { openTrackers, trackerChoiceOf } from "./trackShipments";
import { applyReport, numbersOf, TRACKED_FULFILLMENT_STATUSES } from "./tracking/applyReport";

const inputSchema = z.object({
  provider: z.enum(TRACKING_PROVIDERS),
  /** the provider's report, already normalized by its adapter */
  result: z.custom<TrackingResult>((v) => typeof v === "object" && v !== null && "trackingNumber" in v, "must be a TrackingResult"),
});

export interface TrackFromWebhookResult {
  /** trackers the report was applied to */
  applied: number;
  events: number;
  moved: string[];
}

export async function trackFromCarrierWebhook(
  ctx: AppContext,
  raw: { provider: TrackingProvider; result: TrackingResult },
): Promise<TrackFromWebhookResult> {
  const { provider, result } = parseInput(inputSchema, raw);
  const number = normalizeTrackingNumber(result.trackingNumber);
  const out: TrackFromWebhookResult = { applied: 0, events: 0, moved: [] };
  if (!number) return out;
  const scope = {
    state: "ACCEPTED",
    order: { cancelledAt: null, shop: { uninstalledAt: null, carrierTracking: true } },
    fulfillment: { status: { in: [...TRACKED_FULFILLMENT_STATUSES] } },
  };
  // Shipments carrying the number that the job has not opened trackers for yet.
  const candidates = await ctx.db.shipment.findMany({
    where: { ...scope, trackingNumbers: { contains: result.trackingNumber.trim() } },
    select: { id: true, shopId: true, trackingNumbers: true },
  });
  for (const s of candidates) {
    if (numbersOf(s.trackingNumbers).some((n) => normalizeTrackingNumber(n) === number)) {
      await openTrackers(ctx, s.shopId, [s.id]);
    }
  }
  const trackers = await ctx.db.shipmentTracker.findMany({
    where: { trackingNumber: number, expired: false, status: { not: "DELIVERED" }, shipment: scope },
    select: { id: true, shopId: true, carrier: true, shipment: { select: { order: { select: { shop: { select: { trackingChoice: true } } } } } } },
  });
  const reported = normalizeCarrierName(result.carrier);
  for (const tracker of trackers) {
    const ours = normalizeCarrierName(tracker.carrier);
    if (reported && ours && reported !== ours) continue;
    if (providerFor(trackerChoiceOf(tracker.shipment.order.shop), tracker.carrier) !== provider) continue;
    const applied = await applyReport(ctx, {
      trackerId: tracker.id,
      shopId: tracker.shopId,
      provider,
      result,
      actor: `carrier:${provider}`,
    });
    out.applied++;
    out.events += applied.events;
    out.moved.push(...applied.moved);
  }
  return out;
}
