// The tracking job (DESIGN.md §The flow, 4 "Track"; hourly by default): for each shop with carrier
// tracking on, every accepted, not-cancelled shipment of a fulfillment waiting for the carrier gets
// a tracker per tracking number, and every tracker not yet delivered or expired is asked of the
// provider the shop chose for its carrier. Each answer goes through applyReport (forward-only
// status, EVENT intents for new checkpoints, fulfillment SHIPPED / DELIVERED). With carrier
// tracking off the job does nothing: storeShipment ships a fully covered fulfillment at once.
import type { Shop } from "@prisma/client";
import { createTrackerRouter, DEFAULT_TRACKER_CHOICE, parseTrackerChoice, providerFor, type TrackerChoice } from "~/carriers/chooser";
import { detectCarrier, normalizeTrackingNumber } from "~/carriers/detection";
import type { CarrierTracker } from "~/carriers/port";
import { z } from "zod";
import type { AppContext } from "./context";
import { parseInput } from "./errors";
import { isUniqueViolation } from "./shared/dbErrors";
import { type JobOutcome, type JobRun, runJob } from "./shared/runJob";
import { applyReport, numbersOf, TRACKED_FULFILLMENT_STATUSES } from "./tracking/applyReport";
import { type CarrierTracking, processCarrierTracking } from "./tracking/providers.server";

const inputSchema = z.object({
  /** one shop, or every installed shop with carrier tracking on */
  shopId: z.string().min(1).optional(),
  /** at most this many trackers per shop and run, least recently checked first */
  limit: z.number().int().positive().default(1000),
});
export type TrackShipmentsInput = z.input<typeof inputSchema>;

export interface TrackShopResult {
  /** trackers asked */
  checked: number;
  /** trackers whose state changed */
  updated: number;
  /** EVENT intents recorded for the platform */
  events: number;
  shipped: number;
  delivered: number;
  /** trackers that expired in this run */
  expired: number;
  /** trackers the provider could not answer for (kept, asked again next run) */
  failed: number;
}

export interface TrackShipmentsResult {
  runs: { shopId: string; outcome: JobOutcome<TrackShopResult> }[];
}

export function carrierTrackingOf(ctx: AppContext): CarrierTracking {
  return ctx.carrierTracking ?? processCarrierTracking();
}

/** The shop's provider choice (setTrackingChoice); none stored means EasyPost for every carrier. */
export function trackerChoiceOf(shop: Pick<Shop, "trackingChoice">): TrackerChoice {
  if (!shop.trackingChoice) return DEFAULT_TRACKER_CHOICE;
  return parseTrackerChoice(JSON.parse(shop.trackingChoice));
}

export async function trackShipments(ctx: AppContext, raw: TrackShipmentsInput = {}): Promise<TrackShipmentsResult> {
  const input = parseInput(inputSchema, raw);
  const shops = await ctx.db.shop.findMany({
    where: { uninstalledAt: null, carrierTracking: true, ...(input.shopId ? { id: input.shopId } : {}) },
    select: { id: true, trackingChoice: true },
    orderBy: { createdAt: "asc" },
  });
  const runs: TrackShipmentsResult["runs"] = [];
  for (const shop of shops) {
    const outcome = await runJob(ctx, { job: "track", shopId: shop.id }, (run) => trackShop(ctx, shop, input.limit, run));
    runs.push({ shopId: shop.id, outcome });
  }
  return { runs };
}

async function trackShop(
  ctx: AppContext,
  shop: { id: string; trackingChoice: string | null },
  limit: number,
  run: JobRun,
): Promise<TrackShopResult> {
  const result: TrackShopResult = { checked: 0, updated: 0, events: 0, shipped: 0, delivered: 0, expired: 0, failed: 0 };
  await openTrackers(ctx, shop.id);
  const choice = trackerChoiceOf(shop);
  const router: CarrierTracker = createTrackerRouter(choice, carrierTrackingOf(ctx).trackers);
  const trackers = await ctx.db.shipmentTracker.findMany({
    where: {
      shopId: shop.id,
      expired: false,
      status: { not: "DELIVERED" },
      shipment: {
        state: "ACCEPTED",
        order: { cancelledAt: null },
        fulfillment: { status: { in: [...TRACKED_FULFILLMENT_STATUSES] } },
      },
    },
    select: { id: true, trackingNumber: true, carrier: true },
    orderBy: [{ checkedAt: { sort: "asc", nulls: "first" } }, { id: "asc" }],
    take: limit,
  });
  for (const tracker of trackers) {
    if (run.signal.aborted) break;
    result.checked++;
    run.counts.seen++;
    const provider = providerFor(choice, tracker.carrier) ?? "none";
    try {
      const report = await router.track(tracker.trackingNumber, tracker.carrier ?? "");
      const applied = await applyReport(ctx, {
        trackerId: tracker.id,
        shopId: shop.id,
        provider,
        result: report,
        actor: `carrier:${provider}`,
      });
      if (applied.changed) result.updated++;
      if (applied.expired) result.expired++;
      result.events += applied.events;
      run.counts.pushed += applied.events;
      if (applied.moved.includes("SHIPPED")) result.shipped++;
      if (applied.moved.includes("DELIVERED")) result.delivered++;
    } catch (error) {
      result.failed++;
      run.counts.failed++;
      await ctx.db.shipmentTracker.update({
        where: { id: tracker.id },
        data: { checkedAt: ctx.now(), lastError: error instanceof Error ? error.message : String(error) },
      });
    }
  }
  return result;
}

/** One tracker per tracking number of each shipment the job follows (created once, kept after). */
export async function openTrackers(ctx: AppContext, shopId: string, shipmentIds?: readonly string[]): Promise<number> {
  const shipments = await ctx.db.shipment.findMany({
    where: {
      shopId,
      state: "ACCEPTED",
      order: { cancelledAt: null },
      fulfillment: { status: { in: [...TRACKED_FULFILLMENT_STATUSES] } },
      ...(shipmentIds ? { id: { in: [...shipmentIds] } } : {}),
    },
    select: { id: true, trackingNumbers: true, carrier: true, trackers: { select: { trackingNumber: true } } },
  });
  const missing = shipments.flatMap((s) => {
    const have = new Set(s.trackers.map((t) => t.trackingNumber));
    return [...new Set(numbersOf(s.trackingNumbers).map(normalizeTrackingNumber))]
      .filter((n) => n !== "" && !have.has(n))
      .map((trackingNumber) => ({
        shopId,
        shipmentId: s.id,
        trackingNumber,
        // The fulfiller's carrier wins; the number's format is the fallback (notes §4a, gotcha 2).
        carrier: detectCarrier(trackingNumber, s.carrier).carrier ?? s.carrier,
      }));
  });
  if (missing.length === 0) return 0;
  let created = 0;
  for (const row of missing) {
    try {
      await ctx.db.shipmentTracker.create({ data: row });
      created++;
    } catch (error) {
      // A carrier webhook and the job opened it at the same time: it exists, which is all we need.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return created;
}
