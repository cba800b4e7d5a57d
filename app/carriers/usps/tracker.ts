// USPS direct (notes §4c USPS Tracking): OAuth POST /oauth2/v3/token with client credentials,
// then Tracking 3.2, POST /tracking/v3r2/tracking with an array body
// [{"trackingNumber":"…"}]. Tracking 3.0 (GET /tracking/v3/tracking/{n}) is deprecated, so we
// do not use it. The v3r2 response field names are marked "(verify)" in the notes.
import { z } from "zod";
import { normalizeTrackingNumber } from "../detection";
import {
  assertOwnCarrier,
  type ClientCredentials,
  clientCredentialsSchema,
  formCredentialsTokens,
  parseCredentials,
  rejectTrackResponse,
  sendWithBearer,
} from "../direct";
import { httpDeps, type ProviderOptions, readJson } from "../http";
import type { CarrierTracker, TrackingCheckpoint, TrackingResult } from "../port";
import { chronological, lastAt, noDataResult, toIso } from "../result";
import { trackingUrlFor } from "../urls";
import { mapUspsCategory, USPS_DELIVERED_EVENT_CODE, uspsEventStatus } from "./status";

export const USPS_BASE_URL = "https://apis.usps.com";
export type UspsCredentials = ClientCredentials;

const trackingEvent = z
  .object({
    eventType: z.string().nullish(),
    eventTimestamp: z.string().nullish(),
    GMTTimestamp: z.string().nullish(),
    eventCode: z.string().nullish(),
    eventCity: z.string().nullish(),
    eventCountry: z.string().nullish(),
  })
  .loose();

const trackingItem = z
  .object({
    trackingNumber: z.string(),
    status: z.string().nullish(),
    statusCategory: z.string().nullish(),
    statusSummary: z.string().nullish(),
    expectedDeliveryTimeStamp: z.string().nullish(),
    trackingEvents: z.array(trackingEvent).default([]),
    error: z.object({ code: z.string().optional(), message: z.string().optional() }).loose().nullish(),
  })
  .loose();

const trackingResponse = z.array(trackingItem);

function toResult(trackingNumber: string, item: z.output<typeof trackingItem>): TrackingResult {
  const checkpoints: TrackingCheckpoint[] = chronological(
    item.trackingEvents.flatMap((e) => {
      const at = toIso(e.GMTTimestamp) ?? toIso(e.eventTimestamp);
      if (!at) return [];
      return [
        {
          status: uspsEventStatus(e.eventCode, e.eventType),
          at,
          message: e.eventType ?? null,
          city: e.eventCity || null,
          country: e.eventCountry || null,
          rawStatus: e.eventCode ?? null,
        },
      ];
    }),
  );
  const status = mapUspsCategory(item.statusCategory);
  let deliveredAt: string | null = null;
  if (status === "DELIVERED") {
    const delivered = item.trackingEvents.find((e) => e.eventCode === USPS_DELIVERED_EVENT_CODE);
    deliveredAt = (delivered && (toIso(delivered.GMTTimestamp) ?? toIso(delivered.eventTimestamp))) ?? lastAt(checkpoints, "DELIVERED");
  }
  return {
    trackingNumber,
    carrier: "USPS",
    status,
    deliveredAt,
    trackingUrl: trackingUrlFor("USPS", trackingNumber),
    checkpoints,
    rawStatus: item.statusCategory ?? item.status ?? null,
    estimatedDeliveryAt: toIso(item.expectedDeliveryTimeStamp),
  };
}

export function createUspsTracker(options: ProviderOptions<UspsCredentials>): CarrierTracker {
  const credentials = parseCredentials(clientCredentialsSchema, options.credentials);
  const deps = httpDeps("usps", options);
  const tokens = formCredentialsTokens(deps, "/oauth2/v3/token", credentials);

  return {
    name: "usps",
    async track(rawNumber, carrier) {
      assertOwnCarrier("usps", "USPS", carrier);
      const trackingNumber = normalizeTrackingNumber(rawNumber);
      const body = JSON.stringify([{ trackingNumber }]);
      const response = await sendWithBearer(deps, tokens, "/tracking/v3r2/tracking?expand=DETAIL", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body,
      });
      if (!response.ok) return rejectTrackResponse(deps, response, trackingNumber);
      const items = await readJson(deps, response, trackingResponse, "tracking response");
      const item = items.find((i) => normalizeTrackingNumber(i.trackingNumber) === trackingNumber);
      if (!item || item.error || !item.statusCategory) {
        return noDataResult(trackingNumber, "USPS", trackingUrlFor("USPS", trackingNumber), item?.error?.code ?? null);
      }
      return toResult(trackingNumber, item);
    },
  };
}
