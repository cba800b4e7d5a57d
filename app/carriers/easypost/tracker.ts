// EasyPost Trackers, the default aggregator (notes §4b): POST /v2/trackers creates a tracker
// (or returns the existing one for the same code and carrier), GET /v2/trackers/{id} reads it.
// Basic auth with the API key as user name and an empty password.
import { z } from "zod";
import { type CarrierCode, normalizeCarrierName } from "../carriers";
import { normalizeTrackingNumber } from "../detection";
import {
  CarrierConfigError,
  CarrierCredentialsRejectedError,
  CarrierRequestRejectedError,
  CarrierResponseInvalidError,
} from "../errors";
import { basicAuth, describeError, type HttpDeps, httpDeps, type ProviderOptions, readJson, send } from "../http";
import type { CarrierTracker, TrackingResult } from "../port";
import { trackerToResult } from "./map";
import { type EasyPostTracker, easyPostTrackerSchema } from "./schema";
import { verifyEasyPostWebhook } from "./webhook";

export const EASYPOST_BASE_URL = "https://api.easypost.com";

export const easyPostCredentialsSchema = z.object({
  apiKey: z.string().trim().min(1, "EasyPost API key is required"),
  webhookSecret: z.string().min(1).optional(),
});
export type EasyPostCredentials = z.input<typeof easyPostCredentialsSchema>;

/**
 * EasyPost's carrier names for the carriers we pass explicitly; for the others we leave
 * `carrier` out and EasyPost detects it (notes §4b: "carrier is optional and auto-detected").
 */
const EASYPOST_CARRIER_NAMES: Partial<Record<CarrierCode, string>> = {
  USPS: "USPS",
  UPS: "UPS",
  FEDEX: "FedEx",
  DHL_EXPRESS: "DHLExpress",
  CANADA_POST: "CanadaPost",
};

export type EasyPostWebhookResult =
  | { valid: true; description: string; tracker: EasyPostTracker | null; result: TrackingResult | null }
  | { valid: false; reason: string };

export interface EasyPostTrackerClient extends CarrierTracker {
  /** Creates (or finds) the tracker and returns EasyPost's object as is. */
  createTracker(trackingNumber: string, carrier: string | null): Promise<EasyPostTracker>;
  getTracker(id: string): Promise<EasyPostTracker>;
  /** Verifies a webhook delivery (raw body + X-Hmac-Signature) with the configured secret. */
  verifyWebhook(rawBody: string | Uint8Array, signature: string | null | undefined): EasyPostWebhookResult;
  /** The same, reading the body and header from a Request. */
  webhook(request: Request): Promise<EasyPostWebhookResult>;
}

async function failure(deps: HttpDeps, response: Response, what: string): Promise<never> {
  const detail = await describeError(response);
  if (response.status === 401 || response.status === 403) {
    throw new CarrierCredentialsRejectedError(deps.provider, `API key refused while ${what} (${detail})`);
  }
  throw new CarrierRequestRejectedError(deps.provider, `${what}: ${detail}`, response.status);
}

export function createEasyPostTracker(options: ProviderOptions<EasyPostCredentials>): EasyPostTrackerClient {
  const credentials = easyPostCredentialsSchema.safeParse(options.credentials);
  if (!credentials.success) {
    const issue = credentials.error.issues[0];
    throw new CarrierConfigError(`credentials.${issue.path.join(".")}`, issue.message);
  }
  const { apiKey, webhookSecret } = credentials.data;
  const deps = httpDeps("easypost", options);
  const headers = { Authorization: basicAuth(apiKey, ""), Accept: "application/json" };
  /** tracker ids we created, so later reads are a GET instead of another create */
  const trackerIds = new Map<string, string>();

  async function createTracker(trackingNumber: string, carrier: string | null): Promise<EasyPostTracker> {
    const code = normalizeCarrierName(carrier);
    const easyPostCarrier = code ? EASYPOST_CARRIER_NAMES[code] : undefined;
    const response = await send(deps, "/v2/trackers", {
      method: "POST",
      headers: { ...headers, "Content-Type": "application/json" },
      body: JSON.stringify({ tracker: { tracking_code: trackingNumber, ...(easyPostCarrier ? { carrier: easyPostCarrier } : {}) } }),
    });
    if (!response.ok) return failure(deps, response, `creating a tracker for ${trackingNumber}`);
    return readJson(deps, response, easyPostTrackerSchema, "Tracker");
  }

  async function getTracker(id: string): Promise<EasyPostTracker> {
    const response = await send(deps, `/v2/trackers/${encodeURIComponent(id)}`, { method: "GET", headers });
    if (!response.ok) return failure(deps, response, `reading tracker ${id}`);
    return readJson(deps, response, easyPostTrackerSchema, "Tracker");
  }

  function verifyWebhook(rawBody: string | Uint8Array, signature: string | null | undefined): EasyPostWebhookResult {
    const verified = verifyEasyPostWebhook(rawBody, signature, webhookSecret ?? "");
    if (!verified.valid) return verified;
    const tracker = verified.tracker;
    return {
      valid: true,
      description: verified.event.description,
      tracker,
      result: tracker ? trackerToResult(tracker, null) : null,
    };
  }

  return {
    name: "easypost",
    async track(rawNumber, carrier) {
      const trackingNumber = normalizeTrackingNumber(rawNumber);
      const key = `${normalizeCarrierName(carrier) ?? ""}|${trackingNumber}`;
      const known = trackerIds.get(key);
      let tracker: EasyPostTracker | null = null;
      if (known) {
        try {
          tracker = await getTracker(known);
        } catch (error) {
          // A tracker deleted at EasyPost: forget it and create a new one.
          if (!(error instanceof CarrierRequestRejectedError && error.status === 404)) throw error;
          trackerIds.delete(key);
        }
      }
      tracker ??= await createTracker(trackingNumber, carrier);
      if (normalizeTrackingNumber(tracker.tracking_code) !== trackingNumber) {
        throw new CarrierResponseInvalidError("easypost", "Tracker", [
          { field: "tracking_code", message: `asked for ${trackingNumber}, got ${tracker.tracking_code}` },
        ]);
      }
      trackerIds.set(key, tracker.id);
      return trackerToResult(tracker, carrier);
    },
    createTracker,
    getTracker,
    verifyWebhook,
    async webhook(request) {
      const raw = new Uint8Array(await request.arrayBuffer());
      return verifyWebhook(raw, request.headers.get("x-hmac-signature"));
    },
  };
}
