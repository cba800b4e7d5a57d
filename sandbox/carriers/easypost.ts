// EasyPost Trackers stand-in (notes §4b): POST /v2/trackers, GET /v2/trackers/{id},
// POST /v2/webhooks, Basic auth with the API key, the Tracker object, the documented test
// codes EZ1000000001 … EZ7000000007, and signed `tracker.created` / `tracker.updated` webhooks
// (X-Hmac-Signature: hmac-sha256-hex=<hex HMAC-SHA256(body, NFKD(secret))>).
import { createHmac, randomBytes } from "node:crypto";
import { z } from "zod";
import { type Parcel, ParcelBook, type ParcelEvent, STEPS, unknownStatus } from "./parcels";
import { basic, json, type RunningServer, type StandInReply, type StandInRequest, startServer } from "./server";

export const EASYPOST_STATUSES = [
  "unknown",
  "pre_transit",
  "in_transit",
  "out_for_delivery",
  "delivered",
  "available_for_pickup",
  "return_to_sender",
  "failure",
  "cancelled",
  "error",
] as const;

interface EasyPostEventData {
  status: string;
  status_detail: string;
  message: string;
}

const STEP_TO_EASYPOST: Record<string, EasyPostEventData> = {
  LABEL_CREATED: { status: "pre_transit", status_detail: "label_created", message: "Pre-Shipment information received" },
  IN_TRANSIT: { status: "in_transit", status_detail: "arrived_at_facility", message: "Arrived at USPS Facility" },
  OUT_FOR_DELIVERY: { status: "out_for_delivery", status_detail: "out_for_delivery", message: "Out for Delivery" },
  AVAILABLE_FOR_PICKUP: { status: "available_for_pickup", status_detail: "arrived_at_pickup_location", message: "Available for Pickup" },
  DELIVERED: { status: "delivered", status_detail: "arrived_at_destination", message: "Delivered" },
  EXCEPTION: { status: "failure", status_detail: "delivery_exception", message: "Delivery Exception" },
  RETURNED_TO_SENDER: { status: "return_to_sender", status_detail: "return", message: "Return to Sender" },
  CANCELLED: { status: "cancelled", status_detail: "cancelled", message: "Label cancelled" },
  // EXPIRED is only a status_detail at EasyPost (notes §4 table); the status beside it is not
  // documented there (verify), "unknown" is our reading.
  EXPIRED: { status: "unknown", status_detail: "expired", message: "Tracking expired: no carrier updates" },
};

function translate(status: string): EasyPostEventData {
  const step = STEP_TO_EASYPOST[status];
  if (step) return step;
  if ((EASYPOST_STATUSES as readonly string[]).includes(status)) return { status, status_detail: status, message: status.replaceAll("_", " ") };
  throw unknownStatus("EasyPost", status, [...STEPS.filter((s) => s in STEP_TO_EASYPOST), ...EASYPOST_STATUSES]);
}

/** The test codes and the status each ends in (notes §4b "Test codes", test mode, USPS). */
export const EASYPOST_TEST_CODES: Record<string, string> = {
  EZ1000000001: "pre_transit",
  EZ2000000002: "in_transit",
  EZ3000000003: "out_for_delivery",
  EZ4000000004: "delivered",
  EZ5000000005: "return_to_sender",
  EZ6000000006: "failure",
  EZ7000000007: "unknown",
};

/** The journey a test code walks to reach its status. */
const TEST_CODE_STEPS: Record<string, string[]> = {
  pre_transit: ["LABEL_CREATED"],
  in_transit: ["LABEL_CREATED", "IN_TRANSIT"],
  out_for_delivery: ["LABEL_CREATED", "IN_TRANSIT", "OUT_FOR_DELIVERY"],
  delivered: ["LABEL_CREATED", "IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED"],
  return_to_sender: ["LABEL_CREATED", "IN_TRANSIT", "RETURNED_TO_SENDER"],
  failure: ["LABEL_CREATED", "IN_TRANSIT", "EXCEPTION"],
  unknown: [],
};

/** EasyPost's carrier names this stand-in accepts in `tracker.carrier`. */
const EASYPOST_CARRIERS = ["USPS", "UPS", "FedEx", "DHLExpress", "CanadaPost", "RoyalMail", "AustraliaPost", "OnTrac", "Purolator"];

const createTrackerBody = z.object({
  tracker: z.object({ tracking_code: z.string().min(1), carrier: z.string().optional() }),
});
const createWebhookBody = z.object({
  webhook: z.object({ url: z.url(), webhook_secret: z.string().optional() }),
});

export interface EasyPostStandInOptions {
  /** API keys accepted (Basic user name); EZTK… keys are test mode. Default ["EZTK_sandbox"]. */
  apiKeys?: string[];
  now?: () => Date;
}

export interface WebhookDelivery {
  url: string;
  status: number | null;
  error?: string;
}

export interface EasyPostStandIn extends RunningServer {
  register(number: string, carrier?: string, at?: Date): void;
  /** moves the parcel on and sends `tracker.updated` to every webhook for each of its trackers */
  advance(number: string, status: string, at?: Date): Promise<WebhookDelivery[]>;
  addWebhook(url: string, secret: string): void;
  /** the raw Tracker object the API would return now */
  tracker(id: string): Record<string, unknown> | null;
}

interface TrackerRecord {
  id: string;
  code: string;
  carrier: string;
  mode: "test" | "production";
  createdAt: Date;
  updatedAt: Date;
}

function errorReply(status: number, code: string, message: string): StandInReply {
  return json(status, { error: { code, message, errors: [] } });
}

/** EasyPost's JSON spells weights with a decimal point (16.0); JSON.stringify would not. */
function serializeLikeEasyPost(value: unknown): string {
  return JSON.stringify(value).replace(/"weight":(\d+)(?=[,}])/g, '"weight":$1.0');
}

function easyPostJson(status: number, value: unknown): StandInReply {
  return { status, body: serializeLikeEasyPost(value), headers: { "Content-Type": "application/json" } };
}

export function signEasyPostWebhook(body: string, secret: string): string {
  return `hmac-sha256-hex=${createHmac("sha256", Buffer.from(secret.normalize("NFKD"), "utf8")).update(body, "utf8").digest("hex")}`;
}

export async function startEasyPostStandIn(options: EasyPostStandInOptions = {}): Promise<EasyPostStandIn> {
  const now = options.now ?? (() => new Date());
  const apiKeys = new Set(options.apiKeys ?? ["EZTK_sandbox"]);
  const book = new ParcelBook<EasyPostEventData>(translate, now);
  const trackers = new Map<string, TrackerRecord>();
  const webhooks: { url: string; secret: string }[] = [];

  const id = (prefix: string) => `${prefix}_${randomBytes(16).toString("hex")}`;

  function testCodeEvents(code: string, createdAt: Date): ParcelEvent<EasyPostEventData>[] {
    const steps = TEST_CODE_STEPS[EASYPOST_TEST_CODES[code]] ?? [];
    const day = 86_400_000;
    return steps.map((step, i) => ({
      at: new Date(createdAt.getTime() - (steps.length - i) * day),
      place: { city: "HOUNSLOW", state: "MIDDLESEX", zip: "TW4 6JU", country: "GB" },
      vendor: translate(step),
    }));
  }

  function render(record: TrackerRecord): Record<string, unknown> {
    const testStatus = EASYPOST_TEST_CODES[record.code];
    const parcel: Parcel<EasyPostEventData> | undefined = book.get(record.code);
    const events = testStatus ? testCodeEvents(record.code, record.createdAt) : (parcel?.events ?? []);
    const last = events.at(-1)?.vendor;
    const status = testStatus ?? last?.status ?? "unknown";
    const delivered = status === "delivered";
    const estimate = new Date((events.at(-1)?.at ?? record.createdAt).getTime() + 2 * 86_400_000);
    return {
      id: record.id,
      object: "Tracker",
      mode: record.mode,
      tracking_code: record.code,
      status,
      status_detail: testStatus ? testStatus : (last?.status_detail ?? "unknown"),
      created_at: record.createdAt.toISOString(),
      updated_at: record.updatedAt.toISOString(),
      signed_by: delivered ? "John Tester" : null,
      weight: 16,
      est_delivery_date: delivered || status === "unknown" ? null : estimate.toISOString(),
      shipment_id: null,
      carrier: record.carrier,
      tracking_details: events.map((e) => ({
        object: "TrackingDetail",
        message: e.vendor.message,
        description: e.vendor.message,
        status: e.vendor.status,
        status_detail: e.vendor.status_detail,
        datetime: e.at.toISOString(),
        source: record.carrier,
        carrier_code: null,
        tracking_location: { object: "TrackingLocation", city: e.place.city, state: e.place.state, country: e.place.country, zip: e.place.zip },
      })),
      carrier_detail: null,
      public_url: `https://track.easypost.com/${Buffer.from(`v1:${record.id}`).toString("base64url")}`,
      fees: [],
      finalized: delivered,
      is_return: false,
    };
  }

  async function notify(record: TrackerRecord, description: string, previous: Record<string, unknown> | null): Promise<WebhookDelivery[]> {
    const event = {
      object: "Event",
      id: id("evt"),
      mode: record.mode,
      description,
      previous_attributes: previous,
      result: render(record),
      status: "pending",
      pending_urls: webhooks.map((w) => w.url),
      completed_urls: [],
      created_at: now().toISOString(),
      updated_at: now().toISOString(),
    };
    const body = serializeLikeEasyPost(event);
    return Promise.all(
      webhooks.map(async (w): Promise<WebhookDelivery> => {
        try {
          const response = await fetch(w.url, {
            method: "POST",
            headers: { "Content-Type": "application/json", "X-Hmac-Signature": signEasyPostWebhook(body, w.secret) },
            body,
          });
          await response.body?.cancel();
          return { url: w.url, status: response.status };
        } catch (error) {
          return { url: w.url, status: null, error: String(error) };
        }
      }),
    );
  }

  function authorized(req: StandInRequest): "test" | "production" | null {
    const credentials = basic(req.headers);
    if (!credentials || !apiKeys.has(credentials[0])) return null;
    return credentials[0].startsWith("EZTK") ? "test" : "production";
  }

  function parseBody(req: StandInRequest): unknown {
    try {
      return JSON.parse(req.rawBody.toString("utf8"));
    } catch {
      return undefined;
    }
  }

  async function handle(req: StandInRequest): Promise<StandInReply> {
    const mode = authorized(req);
    if (!mode) return errorReply(401, "APIKEY.REQUIRED", "Valid API key required (Basic auth, API key as user name).");

    if (req.method === "POST" && req.path === "/v2/trackers") {
      const body = createTrackerBody.safeParse(parseBody(req));
      if (!body.success) {
        return errorReply(422, "PARAMETER.REQUIRED", body.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
      }
      const { tracking_code: code, carrier: requested } = body.data.tracker;
      if (requested && !EASYPOST_CARRIERS.includes(requested)) {
        return errorReply(422, "TRACKER.CARRIER.INVALID", `carrier ${JSON.stringify(requested)} is not an EasyPost carrier`);
      }
      const carrier = requested ?? book.get(code)?.carrier ?? "USPS";
      // Creating a tracker for a code and carrier that already has one returns that tracker (verify).
      const existing = [...trackers.values()].find((t) => t.code === code && t.carrier === carrier && t.mode === mode);
      if (existing) return easyPostJson(200, render(existing));
      const record: TrackerRecord = { id: id("trk"), code, carrier, mode, createdAt: now(), updatedAt: now() };
      trackers.set(record.id, record);
      // EasyPost sends events asynchronously; the create call does not wait for them.
      void notify(record, "tracker.created", null);
      return easyPostJson(201, render(record));
    }
    const get = /^\/v2\/trackers\/([^/]+)$/.exec(req.path);
    if (req.method === "GET" && get) {
      const record = trackers.get(decodeURIComponent(get[1]));
      if (!record || record.mode !== mode) return errorReply(404, "NOT_FOUND", "The requested resource could not be found.");
      return easyPostJson(200, render(record));
    }
    if (req.method === "POST" && req.path === "/v2/webhooks") {
      const body = createWebhookBody.safeParse(parseBody(req));
      if (!body.success) return errorReply(422, "PARAMETER.REQUIRED", body.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
      webhooks.push({ url: body.data.webhook.url, secret: body.data.webhook.webhook_secret ?? "" });
      return json(201, { id: id("hook"), object: "Webhook", mode, url: body.data.webhook.url, disabled_at: null });
    }
    return errorReply(404, "NOT_FOUND", `no route ${req.method} ${req.path}`);
  }

  async function advance(number: string, status: string, at?: Date): Promise<WebhookDelivery[]> {
    const before = new Map([...trackers.values()].filter((t) => t.code === number).map((t) => [t.id, render(t).status]));
    book.advance(number, status, at);
    const deliveries: WebhookDelivery[] = [];
    for (const record of trackers.values()) {
      if (record.code !== number) continue;
      record.updatedAt = now();
      deliveries.push(...(await notify(record, "tracker.updated", { status: before.get(record.id) })));
    }
    return deliveries;
  }

  const server = await startServer(handle, {
    register: (number, carrier, at) => {
      book.register(number, carrier ?? null, at);
    },
    advance,
    extra: {
      webhook: (body) => {
        const b = z.object({ url: z.url(), secret: z.string() }).parse(body);
        webhooks.push(b);
      },
    },
  });

  return {
    ...server,
    register: (number, carrier, at) => {
      book.register(number, carrier ?? null, at);
    },
    advance,
    addWebhook: (url, secret) => {
      webhooks.push({ url, secret });
    },
    tracker: (trackerId) => {
      const record = trackers.get(trackerId);
      return record ? render(record) : null;
    },
  };
}
