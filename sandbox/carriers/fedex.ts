// FedEx Track API stand-in (notes §4c FedEx Track API): POST /oauth/token (form grant_type,
// client_id, client_secret; tokens last 3600 s) and POST /track/v1/trackingnumbers with
// {"includeDetailedScans":true,"trackingInfo":[{"trackingNumberInfo":{"trackingNumber":"…"}}]},
// answering output.completeTrackResults[].trackResults[] with latestStatusDetail, dateAndTimes
// and scanEvents. FedEx publishes no OpenAPI file we hold, so requests are checked with zod
// against the shape the notes give. Errors use FedEx's {transactionId, errors:[{code,message}]}.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { type Parcel, ParcelBook, STEPS, unknownStatus } from "./parcels";
import { bearer, json, type RunningServer, type StandInReply, type StandInRequest, startServer } from "./server";
import { TokenIssuer } from "./tokens";

interface FedExScan {
  code: string;
  description: string;
  derivedCode: string;
}

/** Status codes (notes §4c, "legacy Track WSDL list"). */
export const FEDEX_CODES = ["OC", "PU", "AR", "DP", "IT", "OD", "DL", "DE", "SE", "HL", "CA", "RS"] as const;

const STEP_TO_FEDEX: Record<string, FedExScan> = {
  LABEL_CREATED: { code: "OC", description: "Shipment information sent to FedEx", derivedCode: "IN" },
  IN_TRANSIT: { code: "IT", description: "In transit", derivedCode: "IT" },
  OUT_FOR_DELIVERY: { code: "OD", description: "On FedEx vehicle for delivery", derivedCode: "OD" },
  DELIVERED: { code: "DL", description: "Delivered", derivedCode: "DL" },
  DELIVERY_ATTEMPTED: { code: "DE", description: "Delivery exception: customer not available", derivedCode: "DE" },
  EXCEPTION: { code: "SE", description: "Shipment exception", derivedCode: "SE" },
  AVAILABLE_FOR_PICKUP: { code: "HL", description: "Ready for pickup at FedEx location", derivedCode: "HL" },
  RETURNED_TO_SENDER: { code: "RS", description: "Returning package to shipper", derivedCode: "RS" },
  CANCELLED: { code: "CA", description: "Shipment cancelled by sender", derivedCode: "CA" },
};

function translate(status: string): FedExScan {
  const step = STEP_TO_FEDEX[status];
  if (step) return step;
  if ((FEDEX_CODES as readonly string[]).includes(status)) return { code: status, description: status, derivedCode: status };
  throw unknownStatus("FedEx", status, [...STEPS.filter((s) => s in STEP_TO_FEDEX), ...FEDEX_CODES]);
}

const tokenForm = z.object({
  grant_type: z.literal("client_credentials"),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
});

const trackBody = z.object({
  includeDetailedScans: z.boolean(),
  trackingInfo: z
    .array(
      z.object({
        trackingNumberInfo: z.object({
          trackingNumber: z.string().min(1),
          carrierCode: z.string().optional(),
          trackingNumberUniqueId: z.string().optional(),
        }),
        shipDateBegin: z.string().optional(),
        shipDateEnd: z.string().optional(),
      }),
    )
    .min(1)
    .max(30),
});

export interface FedExStandInOptions {
  /** accepted API key (client_id) -> secret; default { "fedex-key": "fedex-secret" } */
  clients?: Record<string, string>;
  /** default 3599 s */
  tokenTtlSeconds?: number;
  now?: () => Date;
}

export interface DirectCarrierStandIn extends RunningServer {
  register(number: string, carrier?: string, at?: Date): void;
  advance(number: string, status: string, at?: Date): Promise<void>;
  revokeTokens(): void;
  tokens: TokenIssuer;
}

function fedexErrors(status: number, code: string, message: string): StandInReply {
  return json(status, { transactionId: randomUUID(), errors: [{ code, message }] });
}

function issues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; ");
}

function renderTrackResult(parcel: Parcel<FedExScan>): Record<string, unknown> {
  const latest = parcel.events.at(-1)!;
  const delivered = [...parcel.events].reverse().find((e) => e.vendor.code === "DL");
  const location = (p: (typeof latest)["place"]) => ({
    city: p.city,
    stateOrProvinceCode: p.state,
    postalCode: p.zip,
    countryCode: p.country,
    residential: false,
    countryName: "United States",
  });
  const dateAndTimes = [
    { type: "ACTUAL_PICKUP", dateTime: parcel.events[0].at.toISOString() },
    ...(delivered
      ? [{ type: "ACTUAL_DELIVERY", dateTime: delivered.at.toISOString() }]
      : [{ type: "ESTIMATED_DELIVERY", dateTime: new Date(latest.at.getTime() + 2 * 86_400_000).toISOString() }]),
  ];
  return {
    trackingNumberInfo: { trackingNumber: parcel.number, trackingNumberUniqueId: `12345~${parcel.number}~FDEG`, carrierCode: "FDXG" },
    latestStatusDetail: {
      code: latest.vendor.code,
      derivedCode: latest.vendor.derivedCode,
      statusByLocale: latest.vendor.description,
      description: latest.vendor.description,
      scanLocation: location(latest.place),
    },
    dateAndTimes,
    scanEvents: [...parcel.events].reverse().map((e) => ({
      date: e.at.toISOString(),
      eventType: e.vendor.code,
      eventDescription: e.vendor.description,
      derivedStatusCode: e.vendor.derivedCode,
      derivedStatus: e.vendor.description,
      scanLocation: location(e.place),
    })),
    serviceDetail: { type: "FEDEX_GROUND", description: "FedEx Ground" },
  };
}

export async function startFedExStandIn(options: FedExStandInOptions = {}): Promise<DirectCarrierStandIn> {
  const now = options.now ?? (() => new Date());
  const clients = options.clients ?? { "fedex-key": "fedex-secret" };
  const book = new ParcelBook<FedExScan>(translate, now);
  const tokens = new TokenIssuer(options.tokenTtlSeconds ?? 3599, now);

  function handle(req: StandInRequest): StandInReply {
    if (req.method === "POST" && req.path === "/oauth/token") {
      if (!String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
        return fedexErrors(400, "INVALID.INPUT.EXCEPTION", "Content-Type must be application/x-www-form-urlencoded");
      }
      const form = tokenForm.safeParse(Object.fromEntries(new URLSearchParams(req.rawBody.toString("utf8"))));
      if (!form.success) return fedexErrors(400, "INVALID.INPUT.EXCEPTION", issues(form.error));
      if (clients[form.data.client_id] !== form.data.client_secret) {
        return fedexErrors(401, "NOT.AUTHORIZED.ERROR", "The given client credentials were not valid. Please modify your request and try again.");
      }
      const { accessToken } = tokens.issue(form.data.client_id);
      return json(200, { access_token: accessToken, token_type: "bearer", expires_in: tokens.ttlSeconds, scope: "CXS" });
    }
    if (req.method === "POST" && req.path === "/track/v1/trackingnumbers") {
      if (!tokens.check(bearer(req.headers))) {
        return fedexErrors(401, "NOT.AUTHORIZED.ERROR", "Access token expired. Please modify your request and try again.");
      }
      let raw: unknown;
      try {
        raw = JSON.parse(req.rawBody.toString("utf8"));
      } catch {
        return fedexErrors(400, "INVALID.INPUT.EXCEPTION", "Invalid field value in the input");
      }
      const body = trackBody.safeParse(raw);
      if (!body.success) return fedexErrors(400, "INVALID.INPUT.EXCEPTION", issues(body.error));
      return json(200, {
        transactionId: randomUUID(),
        output: {
          completeTrackResults: body.data.trackingInfo.map(({ trackingNumberInfo: { trackingNumber } }) => {
            const parcel = book.get(trackingNumber);
            return {
              trackingNumber,
              trackResults: [
                parcel
                  ? renderTrackResult(parcel)
                  : {
                      trackingNumberInfo: { trackingNumber, trackingNumberUniqueId: "", carrierCode: "" },
                      error: {
                        code: "TRACKING.TRACKINGNUMBER.NOTFOUND",
                        message: "Tracking number cannot be found. Please correct the tracking number and try again.",
                      },
                    },
              ],
            };
          }),
        },
      });
    }
    return fedexErrors(404, "NOT.FOUND.ERROR", `no route ${req.method} ${req.path}`);
  }

  const register = (number: string, carrier?: string, at?: Date) => {
    book.register(number, carrier ?? "FedEx", at);
  };
  const advance = async (number: string, status: string, at?: Date) => {
    book.advance(number, status, at);
  };
  const server = await startServer(handle, { register, advance, extra: { "revoke-tokens": () => tokens.revokeAll() } });
  return { ...server, register, advance, revokeTokens: () => tokens.revokeAll(), tokens };
}
