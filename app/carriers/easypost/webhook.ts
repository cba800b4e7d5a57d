// EasyPost webhook verification (notes §4b "Webhooks"): header
// `X-Hmac-Signature: hmac-sha256-hex=<hex HMAC-SHA256(body, NFKD(secret))>`.
// We hash the raw bytes as received. Parsing and re-serializing first would change numbers such
// as `"weight": 16.0` into `16` and break the signature (the official client has to patch
// weights back for that reason; notes §4b).
import { createHmac, timingSafeEqual } from "node:crypto";
import { easyPostEventSchema, type EasyPostEvent, type EasyPostTracker, easyPostTrackerSchema } from "./schema";

export const EASYPOST_SIGNATURE_HEADER = "x-hmac-signature";
const PREFIX = "hmac-sha256-hex=";

export type EasyPostWebhookVerification =
  | { valid: true; event: EasyPostEvent; tracker: EasyPostTracker | null }
  | { valid: false; reason: string };

export function signEasyPostBody(rawBody: string | Uint8Array, secret: string): string {
  const key = Buffer.from(secret.normalize("NFKD"), "utf8");
  return PREFIX + createHmac("sha256", key).update(rawBody).digest("hex");
}

/**
 * Checks the signature over the raw body, then parses the Event. `tracker` is the Tracker of a
 * `tracker.created` / `tracker.updated` event, null for other events.
 */
export function verifyEasyPostWebhook(
  rawBody: string | Uint8Array,
  signature: string | null | undefined,
  secret: string,
): EasyPostWebhookVerification {
  if (!secret) return { valid: false, reason: "no webhook secret is configured" };
  if (!signature) return { valid: false, reason: "missing X-Hmac-Signature header" };
  const expected = Buffer.from(signEasyPostBody(rawBody, secret), "utf8");
  const given = Buffer.from(signature.trim().toLowerCase(), "utf8");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { valid: false, reason: "X-Hmac-Signature does not match the body" };
  }
  let json: unknown;
  try {
    json = JSON.parse(typeof rawBody === "string" ? rawBody : Buffer.from(rawBody).toString("utf8"));
  } catch {
    return { valid: false, reason: "body is not JSON" };
  }
  const event = easyPostEventSchema.safeParse(json);
  if (!event.success) {
    return { valid: false, reason: `not an EasyPost Event: ${event.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; ")}` };
  }
  if (!event.data.description.startsWith("tracker.")) return { valid: true, event: event.data, tracker: null };
  const tracker = easyPostTrackerSchema.safeParse(event.data.result);
  if (!tracker.success) {
    return { valid: false, reason: `result is not a Tracker: ${tracker.error.issues.map((i) => `result.${i.path.join(".")}: ${i.message}`).join("; ")}` };
  }
  return { valid: true, event: event.data, tracker: tracker.data };
}
