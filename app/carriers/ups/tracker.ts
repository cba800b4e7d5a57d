// UPS direct: OAuth client credentials (reference/ups/OAuthClientCredentials.yaml,
// POST /security/v1/oauth/token, Basic client_id:client_secret, form grant_type) and the Track
// API (reference/ups/Tracking.yaml, GET /api/track/v1/details/{inquiryNumber} with the
// required transId and transactionSrc headers).
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { normalizeTrackingNumber } from "../detection";
import {
  assertOwnCarrier,
  clientCredentialsSchema,
  parseCredentials,
  rejectTrackResponse,
  requestToken,
  sendWithBearer,
} from "../direct";
import { basicAuth, httpDeps, type ProviderOptions, readJson } from "../http";
import { createTokenCache } from "../oauth";
import type { CarrierStatus, CarrierTracker, TrackingCheckpoint, TrackingResult } from "../port";
import { chronological, lastAt, noDataResult } from "../result";
import { mapStatus } from "../status-map";
import { trackingUrlFor } from "../urls";
import { refineUpsException, UPS_STATUS_MAP } from "./status";

export const UPS_BASE_URL = "https://onlinetools.ups.com";

export const upsCredentialsSchema = clientCredentialsSchema.extend({
  /** optional `x-merchant-id`: the 6-digit UPS account number */
  merchantId: z.string().trim().min(1).optional(),
});
export type UpsCredentials = z.input<typeof upsCredentialsSchema>;

const status = z
  .object({
    type: z.string().optional(),
    code: z.string().optional(),
    description: z.string().optional(),
    statusCode: z.string().optional(),
  })
  .loose();

const activity = z
  .object({
    date: z.string().optional(),
    time: z.string().optional(),
    gmtDate: z.string().optional(),
    gmtTime: z.string().optional(),
    gmtOffset: z.string().optional(),
    location: z
      .object({
        address: z
          .object({ city: z.string().optional(), country: z.string().optional(), countryCode: z.string().optional() })
          .loose()
          .optional(),
      })
      .loose()
      .optional(),
    status: status.optional(),
  })
  .loose();

const upsPackage = z
  .object({
    trackingNumber: z.string().optional(),
    currentStatus: status.optional(),
    activity: z.array(activity).default([]),
    deliveryDate: z.array(z.object({ type: z.string().optional(), date: z.string().optional() }).loose()).default([]),
  })
  .loose();

const trackApiResponse = z.object({
  trackResponse: z.object({
    shipment: z.array(
      z
        .object({
          inquiryNumber: z.string().optional(),
          package: z.array(upsPackage).default([]),
          warnings: z.array(z.object({ code: z.string().optional(), message: z.string().optional() }).loose()).default([]),
        })
        .loose(),
    ),
  }),
});

const pad = (value: string, width: number) => value.padStart(width, "0");

/**
 * An activity's instant. gmtDate/gmtTime are UTC (gmtTime may drop its leading zero, e.g.
 * "74700", see the Activity example in Tracking.yaml); otherwise local date/time + gmtOffset.
 */
export function upsActivityInstant(a: z.output<typeof activity>): string | null {
  const build = (date: string, time: string, offset: string) => {
    if (!/^\d{8}$/.test(date) || !/^\d{1,6}$/.test(time)) return null;
    const t = pad(time, 6);
    const iso = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}${offset}`;
    const ms = Date.parse(iso);
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  };
  if (a.gmtDate && a.gmtTime) return build(a.gmtDate, a.gmtTime, "Z");
  if (a.date && a.time) return build(a.date, a.time, a.gmtOffset && /^[+-]\d{2}:\d{2}$/.test(a.gmtOffset) ? a.gmtOffset : "Z");
  return null;
}

function statusOf(s: z.output<typeof status> | undefined): CarrierStatus {
  const mapped = mapStatus(UPS_STATUS_MAP, s?.type);
  return mapped === "EXCEPTION" ? refineUpsException(s?.description) : mapped;
}

function packageToResult(trackingNumber: string, pkg: z.output<typeof upsPackage>): TrackingResult {
  const checkpoints: TrackingCheckpoint[] = chronological(
    pkg.activity.flatMap((a) => {
      const at = upsActivityInstant(a);
      if (!at) return [];
      return [
        {
          status: statusOf(a.status),
          at,
          message: a.status?.description ?? null,
          city: a.location?.address?.city ?? null,
          country: a.location?.address?.countryCode ?? a.location?.address?.country ?? null,
          rawStatus: [a.status?.type, a.status?.code].filter(Boolean).join("/") || null,
        },
      ];
    }),
  );
  // Activities come newest first; currentStatus is the package's own summary when present.
  const current = pkg.currentStatus?.type ? pkg.currentStatus : pkg.activity[0]?.status;
  const overall = statusOf(current);
  let deliveredAt: string | null = null;
  if (overall === "DELIVERED") {
    const delDate = pkg.deliveryDate.find((d) => d.type === "DEL")?.date;
    deliveredAt =
      lastAt(checkpoints, "DELIVERED") ??
      (delDate && /^\d{8}$/.test(delDate) ? `${delDate.slice(0, 4)}-${delDate.slice(4, 6)}-${delDate.slice(6, 8)}T00:00:00.000Z` : null);
  }
  return {
    trackingNumber,
    carrier: "UPS",
    status: overall,
    deliveredAt,
    trackingUrl: trackingUrlFor("UPS", trackingNumber),
    checkpoints,
    rawStatus: [current?.type, current?.code].filter(Boolean).join("/") || null,
    estimatedDeliveryAt: null,
  };
}


export function createUpsTracker(options: ProviderOptions<UpsCredentials>): CarrierTracker {
  const credentials = parseCredentials(upsCredentialsSchema, options.credentials);
  const deps = httpDeps("ups", options);
  const tokens = createTokenCache(
    () =>
      requestToken(deps, "/security/v1/oauth/token", {
        headers: {
          Authorization: basicAuth(credentials.clientId, credentials.clientSecret),
          "Content-Type": "application/x-www-form-urlencoded",
          Accept: "application/json",
          ...(credentials.merchantId ? { "x-merchant-id": credentials.merchantId } : {}),
        },
        body: new URLSearchParams({ grant_type: "client_credentials" }).toString(),
      }),
    deps.now,
  );

  return {
    name: "ups",
    async track(rawNumber, carrier) {
      assertOwnCarrier("ups", "UPS", carrier);
      const trackingNumber = normalizeTrackingNumber(rawNumber);
      const query = new URLSearchParams({
        locale: "en_US",
        returnSignature: "false",
        returnMilestones: "false",
        returnPOD: "false",
      });
      const path = `/api/track/v1/details/${encodeURIComponent(trackingNumber)}?${query}`;
      const response = await sendWithBearer(deps, tokens, path, {
        method: "GET",
        headers: {
          // "An identifier unique to the request" / "the client/source application" (Tracking.yaml)
          transId: randomUUID().replaceAll("-", ""),
          transactionSrc: "consign",
        },
      });
      // 404 "Tracking number information not found" (Tracking.yaml): the label may not be scanned yet.
      if (response.status === 404) {
        await response.body?.cancel();
        return noDataResult(trackingNumber, "UPS", trackingUrlFor("UPS", trackingNumber), null);
      }
      if (!response.ok) return rejectTrackResponse(deps, response, trackingNumber);
      const body = await readJson(deps, response, trackApiResponse, "TrackApiResponse");
      const shipment = body.trackResponse.shipment[0];
      const pkg =
        shipment?.package.find((p) => normalizeTrackingNumber(p.trackingNumber ?? "") === trackingNumber) ??
        shipment?.package[0];
      // UPS also answers an unknown number with HTTP 200 and a shipment warning (TW0001 "Tracking
      // Information Not Found") instead of a package [3P: client code seen in the wild].
      if (!pkg) return noDataResult(trackingNumber, "UPS", trackingUrlFor("UPS", trackingNumber), shipment?.warnings[0]?.code ?? null);
      return packageToResult(trackingNumber, pkg);
    },
  };
}
