// The carrier tracking providers this process has credentials for, read from the environment:
// the app's own EasyPost account (the default aggregator) and, optionally, direct UPS, FedEx and
// USPS accounts. Each shop chooses among them per carrier (Shop.trackingChoice, chooser.ts).
//
//   EASYPOST_API_KEY, EASYPOST_WEBHOOK_SECRET
//   UPS_CLIENT_ID, UPS_CLIENT_SECRET, UPS_MERCHANT_ID?   FEDEX_CLIENT_ID, FEDEX_CLIENT_SECRET
//   USPS_CLIENT_ID, USPS_CLIENT_SECRET
//   CONSIGN_CARRIER_BASE_URLS  stand-ins: "easypost=http://127.0.0.1:4201,ups=http://127.0.0.1:4202"
import { z } from "zod";
import type { TrackingProvider } from "~/carriers/chooser";
import { createEasyPostTracker, EASYPOST_BASE_URL, type EasyPostTrackerClient } from "~/carriers/easypost/tracker";
import { createFedExTracker, FEDEX_BASE_URL } from "~/carriers/fedex/tracker";
import type { CarrierTracker } from "~/carriers/port";
import { createUpsTracker, UPS_BASE_URL } from "~/carriers/ups/tracker";
import { createUspsTracker, USPS_BASE_URL } from "~/carriers/usps/tracker";

export type TrackerSet = Partial<Record<TrackingProvider, CarrierTracker>>;

/** What the tracking job and the carrier webhook routes need from the process. */
export interface CarrierTracking {
  /** the providers with credentials */
  trackers: TrackerSet;
  /** EasyPost's client, to verify its webhooks; null when EasyPost is not configured */
  easyPost: EasyPostTrackerClient | null;
}

const text = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const envSchema = z.object({
  EASYPOST_API_KEY: text,
  EASYPOST_WEBHOOK_SECRET: text,
  UPS_CLIENT_ID: text,
  UPS_CLIENT_SECRET: text,
  UPS_MERCHANT_ID: text,
  FEDEX_CLIENT_ID: text,
  FEDEX_CLIENT_SECRET: text,
  USPS_CLIENT_ID: text,
  USPS_CLIENT_SECRET: text,
  CONSIGN_CARRIER_BASE_URLS: text.pipe(
    z
      .string()
      .transform((v) => v.split(",").map((pair) => pair.trim()).filter(Boolean))
      .pipe(
        z.array(
          z
            .string()
            .regex(/^(easypost|ups|fedex|usps)=https?:\/\/\S+$/, "must be a comma-separated list of provider=http(s)://url")
            .transform((pair) => pair.split("=", 2) as [TrackingProvider, string]),
        ),
      )
      .transform((pairs) => Object.fromEntries(pairs) as Partial<Record<TrackingProvider, string>>)
      .optional(),
  ),
});

export class CarrierEnvError extends Error {
  override name = "CarrierEnvError";
}

/** Builds the providers from an environment. A malformed or half-set variable names itself. */
export function carrierTrackingFromEnv(
  source: Readonly<Record<string, string | undefined>>,
  fetchImpl: typeof fetch = globalThis.fetch,
): CarrierTracking {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new CarrierEnvError(parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join("; "));
  }
  const env = parsed.data;
  const base = env.CONSIGN_CARRIER_BASE_URLS ?? {};
  const pair = (provider: string, id: string | undefined, secret: string | undefined) => {
    if (Boolean(id) !== Boolean(secret)) {
      throw new CarrierEnvError(`${provider}_CLIENT_ID and ${provider}_CLIENT_SECRET go together`);
    }
    return id && secret ? { clientId: id, clientSecret: secret } : null;
  };
  const trackers: TrackerSet = {};
  let easyPost: EasyPostTrackerClient | null = null;
  if (env.EASYPOST_API_KEY) {
    easyPost = createEasyPostTracker({
      baseUrl: base.easypost ?? EASYPOST_BASE_URL,
      credentials: { apiKey: env.EASYPOST_API_KEY, ...(env.EASYPOST_WEBHOOK_SECRET ? { webhookSecret: env.EASYPOST_WEBHOOK_SECRET } : {}) },
      fetch: fetchImpl,
    });
    trackers.easypost = easyPost;
  }
  const ups = pair("UPS", env.UPS_CLIENT_ID, env.UPS_CLIENT_SECRET);
  if (ups) {
    trackers.ups = createUpsTracker({
      baseUrl: base.ups ?? UPS_BASE_URL,
      credentials: { ...ups, ...(env.UPS_MERCHANT_ID ? { merchantId: env.UPS_MERCHANT_ID } : {}) },
      fetch: fetchImpl,
    });
  }
  const fedex = pair("FEDEX", env.FEDEX_CLIENT_ID, env.FEDEX_CLIENT_SECRET);
  if (fedex) trackers.fedex = createFedExTracker({ baseUrl: base.fedex ?? FEDEX_BASE_URL, credentials: fedex, fetch: fetchImpl });
  const usps = pair("USPS", env.USPS_CLIENT_ID, env.USPS_CLIENT_SECRET);
  if (usps) trackers.usps = createUspsTracker({ baseUrl: base.usps ?? USPS_BASE_URL, credentials: usps, fetch: fetchImpl });
  return { trackers, easyPost };
}

let processTracking: CarrierTracking | undefined;

/** The process's providers, built from process.env on first use (clients keep tokens and tracker ids). */
export function processCarrierTracking(): CarrierTracking {
  processTracking ??= carrierTrackingFromEnv(process.env);
  return processTracking;
}
