// FedEx direct (notes §4c FedEx Track API): OAuth POST /oauth/token (form grant_type,
// client_id, client_secret; the token lasts 3600 s) and POST /track/v1/trackingnumbers with
// {"includeDetailedScans":true,"trackingInfo":[{"trackingNumberInfo":{"trackingNumber":"…"}}]}.
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
import { mapStatus } from "../status-map";
import { trackingUrlFor } from "../urls";
import { FEDEX_STATUS_MAP } from "./status";

export const FEDEX_BASE_URL = "https://apis.fedex.com";
export type FedExCredentials = ClientCredentials;

const scanLocation = z
  .object({ city: z.string().nullish(), countryCode: z.string().nullish() })
  .loose();

const trackResult = z
  .object({
    trackingNumberInfo: z.object({ trackingNumber: z.string().optional() }).loose().optional(),
    latestStatusDetail: z
      .object({
        code: z.string().nullish(),
        derivedCode: z.string().nullish(),
        statusByLocale: z.string().nullish(),
        description: z.string().nullish(),
      })
      .loose()
      .nullish(),
    dateAndTimes: z.array(z.object({ type: z.string(), dateTime: z.string() }).loose()).default([]),
    scanEvents: z
      .array(
        z
          .object({
            date: z.string(),
            eventType: z.string().nullish(),
            eventDescription: z.string().nullish(),
            scanLocation: scanLocation.nullish(),
          })
          .loose(),
      )
      .default([]),
    error: z.object({ code: z.string().optional(), message: z.string().optional() }).loose().nullish(),
  })
  .loose();

const trackResponse = z.object({
  output: z.object({
    completeTrackResults: z.array(
      z.object({ trackingNumber: z.string().optional(), trackResults: z.array(trackResult).default([]) }).loose(),
    ),
  }),
});

function toResult(trackingNumber: string, r: z.output<typeof trackResult>): TrackingResult {
  const checkpoints: TrackingCheckpoint[] = chronological(
    r.scanEvents.flatMap((e) => {
      const at = toIso(e.date);
      if (!at) return [];
      return [
        {
          status: mapStatus(FEDEX_STATUS_MAP, e.eventType),
          at,
          message: e.eventDescription ?? null,
          city: e.scanLocation?.city ?? null,
          country: e.scanLocation?.countryCode ?? null,
          rawStatus: e.eventType ?? null,
        },
      ];
    }),
  );
  const latest = r.latestStatusDetail;
  const rawStatus = latest?.code ?? latest?.derivedCode ?? null;
  const status = mapStatus(FEDEX_STATUS_MAP, rawStatus);
  const dated = (type: string) => toIso(r.dateAndTimes.find((d) => d.type === type)?.dateTime);
  return {
    trackingNumber,
    carrier: "FEDEX",
    status,
    deliveredAt: status === "DELIVERED" ? (dated("ACTUAL_DELIVERY") ?? lastAt(checkpoints, "DELIVERED")) : null,
    trackingUrl: trackingUrlFor("FEDEX", trackingNumber),
    checkpoints,
    rawStatus,
    estimatedDeliveryAt: dated("ESTIMATED_DELIVERY"),
  };
}

export function createFedExTracker(options: ProviderOptions<FedExCredentials>): CarrierTracker {
  const credentials = parseCredentials(clientCredentialsSchema, options.credentials);
  const deps = httpDeps("fedex", options);
  const tokens = formCredentialsTokens(deps, "/oauth/token", credentials);

  return {
    name: "fedex",
    async track(rawNumber, carrier) {
      assertOwnCarrier("fedex", "FEDEX", carrier);
      const trackingNumber = normalizeTrackingNumber(rawNumber);
      const body = JSON.stringify({
        includeDetailedScans: true,
        trackingInfo: [{ trackingNumberInfo: { trackingNumber } }],
      });
      const response = await sendWithBearer(deps, tokens, "/track/v1/trackingnumbers", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-locale": "en_US" },
        body,
      });
      if (!response.ok) return rejectTrackResponse(deps, response, trackingNumber);
      const parsed = await readJson(deps, response, trackResponse, "track response");
      const result = parsed.output.completeTrackResults[0]?.trackResults[0];
      // An unknown number comes back as a trackResult carrying `error` (e.g. TRACKING.TRACKINGNUMBER.NOTFOUND).
      if (!result || result.error) {
        return noDataResult(trackingNumber, "FEDEX", trackingUrlFor("FEDEX", trackingNumber), result?.error?.code ?? null);
      }
      return toResult(trackingNumber, result);
    },
  };
}
