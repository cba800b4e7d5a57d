// USPS stand-in (notes §4c USPS Tracking): POST /oauth2/v3/token (client credentials, form or
// JSON) and Tracking 3.2, POST /tracking/v3r2/tracking with an array body
// [{"trackingNumber","destinationZIPCode?","mailingDate?"}] answering an array of
// {trackingNumber, status, statusCategory, statusSummary, trackingEvents[]}. The notes mark
// the v3r2 field names "(verify)"; the per-item `error` for an unknown number is ours.
import { z } from "zod";
import { type Parcel, ParcelBook, STEPS, unknownStatus } from "./parcels";
import type { DirectCarrierStandIn } from "./fedex";
import { bearer, formOrJson, json, type StandInReply, type StandInRequest, startServer } from "./server";
import { TokenIssuer } from "./tokens";

interface UspsEvent {
  category: string;
  eventType: string;
  eventCode: string;
}

/** statusCategory values (notes §4c and §4 table). */
export const USPS_CATEGORIES = [
  "Pre-Shipment",
  "Accepted",
  "In Transit",
  "Out for Delivery",
  "Available for Pickup",
  "Notice Left",
  "Delivered",
  "Alert",
  "Return to Sender",
] as const;

const STEP_TO_USPS: Record<string, UspsEvent> = {
  LABEL_CREATED: { category: "Pre-Shipment", eventType: "Shipping Label Created, USPS Awaiting Item", eventCode: "GX" },
  IN_TRANSIT: { category: "In Transit", eventType: "Arrived at USPS Regional Facility", eventCode: "10" },
  OUT_FOR_DELIVERY: { category: "Out for Delivery", eventType: "Out for Delivery", eventCode: "OF" },
  DELIVERED: { category: "Delivered", eventType: "Delivered, In/At Mailbox", eventCode: "01" },
  AVAILABLE_FOR_PICKUP: { category: "Available for Pickup", eventType: "Available for Pickup", eventCode: "" },
  DELIVERY_ATTEMPTED: { category: "Notice Left", eventType: "Notice Left (No Authorized Recipient Available)", eventCode: "" },
  EXCEPTION: { category: "Alert", eventType: "Alert: Delivery Exception", eventCode: "" },
  RETURNED_TO_SENDER: { category: "Return to Sender", eventType: "Return to Sender Processed", eventCode: "" },
};

function translate(status: string): UspsEvent {
  const step = STEP_TO_USPS[status];
  if (step) return step;
  const category = USPS_CATEGORIES.find((c) => c === status);
  if (category) return { category, eventType: category, eventCode: "" };
  throw unknownStatus("USPS", status, [...STEPS.filter((s) => s in STEP_TO_USPS), ...USPS_CATEGORIES]);
}

const trackBody = z
  .array(
    z.object({
      trackingNumber: z.string().min(1),
      destinationZIPCode: z.string().regex(/^\d{5}$/).optional(),
      mailingDate: z.iso.date().optional(),
    }),
  )
  .min(1);

export interface UspsStandInOptions {
  /** accepted consumer key -> secret; default { "usps-key": "usps-secret" } */
  clients?: Record<string, string>;
  /** default 28800 s */
  tokenTtlSeconds?: number;
  now?: () => Date;
}

function uspsError(status: number, code: string, message: string): StandInReply {
  return json(status, { apiVersion: "v3r2", error: { code, message, errors: [] } });
}

function renderItem(parcel: Parcel<UspsEvent>, expand: string): Record<string, unknown> {
  const latest = parcel.events.at(-1)!;
  const events = [...parcel.events].reverse().map((e) => ({
    eventType: e.vendor.eventType,
    eventTimestamp: e.at.toISOString().slice(0, 19),
    GMTTimestamp: e.at.toISOString(),
    GMTOffset: "+00:00",
    eventCountry: e.place.country === "US" ? null : e.place.country,
    eventCity: e.place.city,
    eventState: e.place.state,
    eventZIPCode: e.place.zip,
    firm: null,
    name: null,
    authorizedAgent: false,
    eventCode: e.vendor.eventCode,
  }));
  const delivered = latest.vendor.category === "Delivered";
  return {
    trackingNumber: parcel.number,
    mailClass: "USPS Ground Advantage",
    status: latest.vendor.eventType,
    statusCategory: latest.vendor.category,
    statusSummary: `${latest.vendor.eventType} at ${latest.at.toISOString()} in ${latest.place.city}, ${latest.place.state} ${latest.place.zip}.`,
    ...(delivered ? {} : { expectedDeliveryTimeStamp: new Date(latest.at.getTime() + 2 * 86_400_000).toISOString() }),
    trackingEvents: expand === "SUMMARY" ? events.slice(0, 1) : events,
  };
}

export async function startUspsStandIn(options: UspsStandInOptions = {}): Promise<DirectCarrierStandIn> {
  const now = options.now ?? (() => new Date());
  const clients = options.clients ?? { "usps-key": "usps-secret" };
  const book = new ParcelBook<UspsEvent>(translate, now);
  const tokens = new TokenIssuer(options.tokenTtlSeconds ?? 28_800, now);

  function handle(req: StandInRequest): StandInReply {
    if (req.method === "POST" && req.path === "/oauth2/v3/token") {
      const form = formOrJson(req);
      if (form?.grant_type !== "client_credentials" || !form.client_id || !form.client_secret) {
        return json(400, { error: "invalid_request", error_description: "grant_type=client_credentials, client_id and client_secret are required" });
      }
      if (clients[form.client_id] !== form.client_secret) {
        return json(401, { error: "invalid_client", error_description: "Client authentication failed" });
      }
      const { accessToken, issuedAt } = tokens.issue(form.client_id);
      return json(200, {
        access_token: accessToken,
        token_type: "Bearer",
        issued_at: issuedAt,
        expires_in: tokens.ttlSeconds,
        status: "approved",
        scope: "tracking",
        issuer: "api.usps.com",
        client_id: form.client_id,
      });
    }
    if (req.method === "POST" && req.path === "/tracking/v3r2/tracking") {
      if (!tokens.check(bearer(req.headers))) return uspsError(401, "401", "Unauthorized: invalid or expired access token");
      const expand = req.query.get("expand") ?? "SUMMARY";
      if (!["SUMMARY", "DETAIL"].includes(expand)) return uspsError(400, "400", "expand must be SUMMARY or DETAIL");
      let raw: unknown;
      try {
        raw = JSON.parse(req.rawBody.toString("utf8"));
      } catch {
        return uspsError(400, "400", "body is not JSON");
      }
      const body = trackBody.safeParse(raw);
      if (!body.success) {
        return uspsError(400, "400", body.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; "));
      }
      return json(
        200,
        body.data.map(({ trackingNumber }) => {
          const parcel = book.get(trackingNumber);
          return parcel
            ? renderItem(parcel, expand)
            : { trackingNumber, error: { code: "404", message: "The tracking number may be incorrect or the status update is not yet available." } };
        }),
      );
    }
    return uspsError(404, "404", `no route ${req.method} ${req.path}`);
  }

  const register = (number: string, carrier?: string, at?: Date) => {
    book.register(number, carrier ?? "USPS", at);
  };
  const advance = async (number: string, status: string, at?: Date) => {
    book.advance(number, status, at);
  };
  const server = await startServer(handle, { register, advance, extra: { "revoke-tokens": () => tokens.revokeAll() } });
  return { ...server, register, advance, revokeTokens: () => tokens.revokeAll(), tokens };
}
