// UPS stand-in, executed against UPS's own OpenAPI files (ups/spec/*.yaml) with
// openapi-backend: every request is validated (required transId/transactionSrc headers, form
// body with grant_type, Basic / Bearer security) and every response this stand-in sends is
// validated against the documented response schema before it leaves. A request UPS would
// reject gets UPS's error envelope {"response":{"errors":[{code,message}]}}.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Context, type Document, OpenAPIBackend, type Request as OpenApiRequest } from "openapi-backend";
import { parse } from "yaml";
import { type Parcel, ParcelBook, STEPS, unknownStatus } from "./parcels";
import { basic, bearer, json, type RunningServer, type StandInReply, type StandInRequest, startServer } from "./server";
import { TokenIssuer } from "./tokens";

const SPEC_DIR = join(import.meta.dirname, "ups", "spec");

/** Activity status as the Track API reports it (Tracking.yaml `Status`). */
interface UpsStatus {
  type: string;
  code: string;
  description: string;
  statusCode?: string;
}

/** status.type families (notes §4c): D, I, M, MV, P, X, RS, DO, DD, W, NA, O. */
export const UPS_STATUS_TYPES = ["M", "MV", "P", "I", "W", "DO", "O", "D", "DD", "X", "RS", "NA"] as const;

const STEP_TO_UPS: Record<string, UpsStatus> = {
  LABEL_CREATED: { type: "M", code: "MP", description: "Shipper created a label, UPS has not received the package yet.", statusCode: "003" },
  IN_TRANSIT: { type: "I", code: "DP", description: "Departed from Facility", statusCode: "005" },
  OUT_FOR_DELIVERY: { type: "O", code: "OT", description: "Out For Delivery Today" },
  DELIVERED: { type: "D", code: "KB", description: "DELIVERED", statusCode: "011" },
  DELIVERY_ATTEMPTED: { type: "X", code: "48", description: "The receiver was not available for delivery. We'll make a second attempt the next business day." },
  EXCEPTION: { type: "X", code: "XD", description: "A mechanical failure has caused a delay in delivery." },
  RETURNED_TO_SENDER: { type: "RS", code: "RS", description: "Returned to shipper" },
  CANCELLED: { type: "MV", code: "MV", description: "Shipment information voided" },
};

function translate(status: string): UpsStatus {
  const step = STEP_TO_UPS[status];
  if (step) return step;
  if ((UPS_STATUS_TYPES as readonly string[]).includes(status)) return { type: status, code: status, description: `Status ${status}` };
  throw unknownStatus("UPS", status, [...STEPS.filter((s) => s in STEP_TO_UPS), ...UPS_STATUS_TYPES]);
}

export interface UpsStandInOptions {
  /** accepted client id -> secret; default { "ups-client": "ups-secret" } */
  clients?: Record<string, string>;
  /** lifetime of issued tokens; default 14399 s */
  tokenTtlSeconds?: number;
  now?: () => Date;
  /**
   * How an unknown number is answered: "404" per Tracking.yaml ("Tracking number information
   * not found"), or "warning": HTTP 200 with a TW0001 shipment warning, as clients see in practice.
   */
  notFound?: "404" | "warning";
}

export interface UpsStandIn extends RunningServer {
  register(number: string, carrier?: string, at?: Date): void;
  advance(number: string, status: string, at?: Date): Promise<void>;
  /** invalidates every issued token before its expiry (a client must fetch a new one) */
  revokeTokens(): void;
  tokens: TokenIssuer;
  /** validates a response body against Tracking.yaml; the list of problems, empty when valid */
  checkTrackResponse(status: number, body: unknown): string[];
}

function loadSpec(file: string): Document {
  return parse(readFileSync(join(SPEC_DIR, file), "utf8")) as Document;
}

function upsErrors(status: number, code: string, message: string): StandInReply {
  return json(status, { response: { errors: [{ code, message }] } });
}

const ymd = (d: Date) => d.toISOString().slice(0, 10).replaceAll("-", "");
const hms = (d: Date) => d.toISOString().slice(11, 19).replaceAll(":", "");

function renderPackage(parcel: Parcel<UpsStatus>): Record<string, unknown> {
  const newestFirst = [...parcel.events].reverse();
  const current = newestFirst[0].vendor;
  const delivered = newestFirst.find((e) => e.vendor.type === "D");
  return {
    trackingNumber: parcel.number,
    currentStatus: { ...current, simplifiedTextDescription: current.description },
    // Activities are returned newest first (Tracking.yaml `Activity`). The stand-in's clock is
    // UTC, so local date/time equal gmtDate/gmtTime and the offset is +00:00; gmtTime drops its
    // leading zero as in the spec's example ("74700").
    activity: newestFirst.map((e) => ({
      date: ymd(e.at),
      time: hms(e.at),
      gmtDate: ymd(e.at),
      gmtTime: String(Number(hms(e.at))),
      gmtOffset: "+00:00",
      location: {
        address: { city: e.place.city, stateProvince: e.place.state, postalCode: e.place.zip, country: e.place.country, countryCode: e.place.country },
      },
      status: e.vendor,
    })),
    deliveryDate: delivered ? [{ type: "DEL", date: ymd(delivered.at) }] : [],
    ...(delivered ? { deliveryTime: { type: "DEL", endTime: hms(delivered.at) } } : {}),
    packageCount: 1,
    service: { code: "003", description: "UPS Ground" },
    weight: { unitOfMeasurement: "LBS", weight: "1.00" },
  };
}

export async function startUpsStandIn(options: UpsStandInOptions = {}): Promise<UpsStandIn> {
  const now = options.now ?? (() => new Date());
  const clients = options.clients ?? { "ups-client": "ups-secret" };
  const book = new ParcelBook<UpsStatus>(translate, now);
  const tokens = new TokenIssuer(options.tokenTtlSeconds ?? 14_399, now);

  const oauth = new OpenAPIBackend({ definition: loadSpec("OAuthClientCredentials.yaml"), quick: false, validate: true, strict: false });
  // Tracking.yaml's servers end in /api: its paths live under /api.
  const tracking = new OpenAPIBackend({ definition: loadSpec("Tracking.yaml"), apiRoot: "/api", quick: false, validate: true, strict: false });

  const validationFail = (c: Context) =>
    upsErrors(400, "VALIDATION", (c.validation.errors ?? []).map((e) => `${e.instancePath || "(request)"} ${e.message}`).join("; "));
  const unauthorized = () => upsErrors(401, "250002", "Invalid Authentication Information.");
  const notFound = (c: Context) => upsErrors(404, "NOT_FOUND", `no operation ${c.request.method.toUpperCase()} ${c.request.path}`);

  oauth.registerSecurityHandler("BasicAuth", (c) => {
    const credentials = basic(c.request.headers as StandInRequest["headers"]);
    return credentials !== null && clients[credentials[0]] === credentials[1];
  });
  oauth.register({ validationFail, unauthorizedHandler: unauthorized, notFound });
  oauth.register("CreateToken", (c: Context) => {
    const body = c.request.requestBody as Record<string, string>;
    if (body.grant_type !== "client_credentials") return upsErrors(400, "10400", "Invalid grant_type; valid values: client_credentials");
    const clientId = basic(c.request.headers as StandInRequest["headers"])?.[0] ?? "";
    const { accessToken, issuedAt } = tokens.issue(clientId);
    // Every field of tokenSuccessResponse is a string, expires_in included.
    return json(200, {
      token_type: "Bearer",
      issued_at: String(issuedAt),
      client_id: clientId,
      access_token: accessToken,
      scope: "",
      expires_in: String(tokens.ttlSeconds),
      refresh_count: "0",
      status: "approved",
    });
  });

  tracking.registerSecurityHandler("OAuth2", (c) => {
    return tokens.check(bearer(c.request.headers as StandInRequest["headers"])) !== null;
  });
  tracking.register({
    validationFail,
    unauthorizedHandler: unauthorized,
    notFound,
    notImplemented: (c) => upsErrors(501, "NOT_IMPLEMENTED", `${c.operation.operationId} is not simulated`),
    getSingleTrackResponseUsingGET: (c) => {
      const inquiryNumber = String(c.request.params.inquiryNumber);
      // "Each inquiry number must be between 7 and 34 characters in length." (Tracking.yaml)
      if (inquiryNumber.length < 7 || inquiryNumber.length > 34) {
        return upsErrors(400, "TV0002", "Invalid inquiry number: must be between 7 and 34 characters");
      }
      const parcel = book.get(inquiryNumber.toUpperCase());
      if (!parcel) {
        if (options.notFound === "warning") {
          return json(200, {
            trackResponse: { shipment: [{ inquiryNumber, warnings: [{ code: "TW0001", message: "Tracking Information Not Found" }] }] },
          });
        }
        return upsErrors(404, "TW0001", "Tracking Information Not Found");
      }
      return json(200, { trackResponse: { shipment: [{ inquiryNumber, package: [renderPackage(parcel)] }] } });
    },
  });
  await Promise.all([oauth.init(), tracking.init()]);

  function checkResponse(api: OpenAPIBackend, operationId: string, status: number, body: unknown): string[] {
    const operation = api.getOperation(operationId);
    if (!operation) return [`unknown operation ${operationId}`];
    const result = api.validateResponse(body, operation, status);
    return (result.errors ?? []).map((e) => `${e.instancePath || "(body)"} ${e.message}`);
  }

  async function handle(req: StandInRequest): Promise<StandInReply> {
    const api = req.path.startsWith("/api/") ? tracking : oauth;
    const operationId = api === tracking ? "getSingleTrackResponseUsingGET" : "CreateToken";
    const request: OpenApiRequest = {
      method: req.method,
      path: req.path,
      query: Object.fromEntries(req.query),
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")])),
      body:
        api === oauth && String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")
          ? Object.fromEntries(new URLSearchParams(req.rawBody.toString("utf8")))
          : req.rawBody.toString("utf8"),
    };
    const reply = (await api.handleRequest(request)) as StandInReply;
    // The stand-in holds itself to the spec too: a response UPS's schema rejects is our bug.
    const problems = api.getOperation(operationId) && reply.status < 500 ? checkResponse(api, operationId, reply.status, reply.body) : [];
    if (problems.length) return upsErrors(500, "STAND_IN_SPEC_VIOLATION", problems.join("; "));
    return reply;
  }

  const server = await startServer(handle, {
    register: (number, carrier, at) => {
      book.register(number, carrier ?? "UPS", at);
    },
    advance: async (number, status, at) => {
      book.advance(number, status, at);
    },
    extra: { "revoke-tokens": () => tokens.revokeAll() },
  });

  return {
    ...server,
    register: (number, carrier, at) => {
      book.register(number, carrier ?? "UPS", at);
    },
    advance: async (number, status, at) => {
      book.advance(number, status, at);
    },
    revokeTokens: () => tokens.revokeAll(),
    tokens,
    checkTrackResponse: (status, body) => checkResponse(tracking, "getSingleTrackResponseUsingGET", status, body),
  };
}
