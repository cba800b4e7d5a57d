// Which provider tracks a parcel, per shop and carrier: an aggregator by default, and a direct
// carrier API where the merchant has one, e.g. { default: "easypost", byCarrier: { UPS: "ups" } }.
import { z } from "zod";
import { type CarrierCode, carrierCodeSchema, normalizeCarrierName } from "./carriers";
import { CarrierConfigError, UnsupportedCarrierError } from "./errors";
import type { CarrierTracker } from "./port";

export const TRACKING_PROVIDERS = ["easypost", "ups", "fedex", "usps"] as const;
export type TrackingProvider = (typeof TRACKING_PROVIDERS)[number];

/** Providers that track any carrier's parcels. */
const AGGREGATORS: ReadonlySet<TrackingProvider> = new Set(["easypost"]);
/** Direct providers, and the one carrier each can track. */
const DIRECT: Readonly<Partial<Record<TrackingProvider, CarrierCode>>> = { ups: "UPS", fedex: "FEDEX", usps: "USPS" };

export const trackerChoiceSchema = z
  .object({
    /** the aggregator for carriers not listed in byCarrier; null: only the listed carriers are tracked */
    default: z.enum(TRACKING_PROVIDERS).nullable(),
    byCarrier: z.partialRecord(carrierCodeSchema, z.enum(TRACKING_PROVIDERS)).default({}),
  })
  .superRefine((choice, ctx) => {
    if (choice.default && !AGGREGATORS.has(choice.default)) {
      ctx.addIssue({
        code: "custom",
        path: ["default"],
        message: `${choice.default} tracks ${DIRECT[choice.default]} only; the default must be an aggregator (easypost)`,
      });
    }
    for (const [carrier, provider] of Object.entries(choice.byCarrier)) {
      const own = DIRECT[provider];
      if (own && own !== carrier) {
        ctx.addIssue({ code: "custom", path: ["byCarrier", carrier], message: `${provider} cannot track ${carrier} parcels` });
      }
    }
  });
export type TrackerChoice = z.output<typeof trackerChoiceSchema>;

export const DEFAULT_TRACKER_CHOICE: TrackerChoice = { default: "easypost", byCarrier: {} };

/** Parses a stored choice; a bad one names the field (CarrierConfigError). */
export function parseTrackerChoice(input: unknown): TrackerChoice {
  const parsed = trackerChoiceSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CarrierConfigError(`tracking.${issue.path.join(".")}`, issue.message);
  }
  return parsed.data;
}

/** The provider for a carrier (any spelling), or null when none is chosen. */
export function providerFor(choice: TrackerChoice, carrier: string | null | undefined): TrackingProvider | null {
  const code = normalizeCarrierName(carrier);
  return (code ? choice.byCarrier[code] : undefined) ?? choice.default;
}

/**
 * A CarrierTracker that hands each parcel to the provider the choice names. `trackers` holds
 * the providers the shop has credentials for.
 */
export function createTrackerRouter(
  choice: TrackerChoice,
  trackers: Partial<Record<TrackingProvider, CarrierTracker>>,
): CarrierTracker {
  return {
    name: "router",
    async track(trackingNumber, carrier) {
      const provider = providerFor(choice, carrier);
      if (!provider) {
        throw new UnsupportedCarrierError("tracking", `no provider is chosen for carrier ${JSON.stringify(carrier)}`);
      }
      const tracker = trackers[provider];
      if (!tracker) throw new UnsupportedCarrierError(provider, "is chosen but not configured (no credentials)");
      return tracker.track(trackingNumber, carrier);
    },
  };
}
