// The merchant chooses who tracks the shop's parcels: an aggregator for every carrier (EasyPost by
// default) and, per carrier, a direct carrier API (e.g. UPS parcels through UPS). A choice that
// names a provider this installation has no credentials for, or a direct provider for another
// carrier's parcels, is refused naming the field, and nothing changes.
import { z } from "zod";
import { CarrierConfigError } from "~/carriers/errors";
import { parseTrackerChoice, type TrackerChoice, type TrackingProvider } from "~/carriers/chooser";
import type { AppContext } from "./context";
import { NotFoundError, parseInput, ValidationError } from "./errors";
import { carrierTrackingOf } from "./trackShipments";

const inputSchema = z.object({ shopId: z.string().min(1), choice: z.unknown() });

export async function setTrackingChoice(ctx: AppContext, raw: { shopId: string; choice: unknown }): Promise<TrackerChoice> {
  const input = parseInput(inputSchema, raw);
  let choice: TrackerChoice;
  try {
    choice = parseTrackerChoice(input.choice);
  } catch (error) {
    if (error instanceof CarrierConfigError) throw new ValidationError([{ field: error.field, message: error.message.slice(error.field.length + 2) }]);
    throw error;
  }
  const configured = carrierTrackingOf(ctx).trackers;
  const named: [string, TrackingProvider][] = [
    ...(choice.default ? [["tracking.default", choice.default] as [string, TrackingProvider]] : []),
    ...Object.entries(choice.byCarrier).map(([carrier, provider]) => [`tracking.byCarrier.${carrier}`, provider] as [string, TrackingProvider]),
  ];
  const missing = named.filter(([, provider]) => !configured[provider]);
  if (missing.length > 0) {
    throw new ValidationError(missing.map(([field, provider]) => ({ field, message: `${provider} is not set up on this installation (no credentials)` })));
  }
  const updated = await ctx.db.shop.updateMany({ where: { id: input.shopId }, data: { trackingChoice: JSON.stringify(choice) } });
  if (updated.count === 0) throw new NotFoundError("Shop", input.shopId);
  return choice;
}
