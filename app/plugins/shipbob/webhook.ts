// ShipBob webhooks (order.shipped and the order.shipment.* topics). ShipBob signs subscriptions
// made through the dated API Standard-Webhooks style (developer.shipbob.com/webhooks "Verifying
// webhooks"; notes §2 "Webhooks"): headers webhook-id, webhook-timestamp and webhook-signature
// (space-separated "v1,<base64>"), HMAC-SHA256 over "{id}.{timestamp}.{raw body}" keyed with the
// base64-decoded bytes after "whsec_". The secret is ours: we pass it when subscribing.
// The body only tells us what to fetch; shipments are read back from the API.
import { createHmac, timingSafeEqual } from "node:crypto";
import { PluginWebhookRejectedError } from "../errors";
import type { FulfillerShipment } from "../port";
import type { ShipBobHttp } from "./http";
import { isReportable, toFulfillerShipment } from "./mapping";
import { orderPayloadSchema, orderSchema, type ShipBobOrder, shipmentPayloadSchema, shipmentSchema } from "./schemas";

export const WEBHOOK_TOPICS = [
  "order.shipped",
  "order.shipment.delivered",
  "order.shipment.exception",
  "order.shipment.on_hold",
  "order.shipment.cancelled",
] as const;

/** How far a webhook-timestamp may be from our clock (Standard Webhooks' recommended 5 minutes). */
const TOLERANCE_SECONDS = 300;

/**
 * The signing secret we give ShipBob for this connection, in the format its create-subscription
 * call requires (^whsec_[a-zA-Z0-9+/]{32}$: 24 bytes, base64), derived from a per-connection secret
 * so nothing more has to be stored.
 */
export function signingSecret(material: string): string {
  const bytes = createHmac("sha256", material).update("consign:shipbob:webhook-signing").digest().subarray(0, 24);
  return `whsec_${bytes.toString("base64")}`;
}

export function webhookTargetUrl(appUrl: string, connectionId: string): string {
  return `${appUrl.replace(/\/+$/, "")}/webhooks/fulfillers/shipbob/${encodeURIComponent(connectionId)}`;
}

export function verifySignature(secret: string, headers: Headers, rawBody: string, now: Date): void {
  const id = headers.get("webhook-id");
  const timestamp = headers.get("webhook-timestamp");
  const signatures = headers.get("webhook-signature");
  if (!id || !timestamp || !signatures) {
    throw new PluginWebhookRejectedError("The webhook lacks webhook-id, webhook-timestamp or webhook-signature.", 401);
  }
  const seconds = Number(timestamp);
  if (!Number.isInteger(seconds) || Math.abs(now.getTime() / 1000 - seconds) > TOLERANCE_SECONDS) {
    throw new PluginWebhookRejectedError("The webhook timestamp is missing or more than 5 minutes off.", 401);
  }
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${rawBody}`).digest();
  const matches = signatures.split(" ").some((entry) => {
    const [version, value] = entry.split(",", 2);
    if (version !== "v1" || !value) return false;
    const given = Buffer.from(value, "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) throw new PluginWebhookRejectedError("The webhook signature does not match this connection.", 401);
}

function reportable(order: ShipBobOrder, channelId: string): FulfillerShipment[] {
  if (order.channel?.id != null && String(order.channel.id) !== channelId) return [];
  return (order.shipments ?? []).filter(isReportable).map((s) => toFulfillerShipment(order, s));
}

export async function handleWebhook(
  http: ShipBobHttp,
  secret: string,
  channelId: string,
  request: Request,
  now: Date,
): Promise<FulfillerShipment[]> {
  const raw = await request.text();
  verifySignature(secret, request.headers, raw, now);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new PluginWebhookRejectedError("The webhook body is not JSON.", 400);
  }
  const topic = request.headers.get("x-webhook-topic") ?? "";
  if (topic === "order.shipped") {
    // the payload is an OrderViewModel; only its id is used
    const payload = orderPayloadSchema.safeParse(json);
    if (!payload.success) throw new PluginWebhookRejectedError("An order.shipped body must carry the order id.", 400);
    return reportable(await http.get(`order/${payload.data.id}`, {}, orderSchema), channelId);
  }
  if (topic.startsWith("order.shipment.")) {
    // the payload is a ShipmentViewModel
    const payload = shipmentPayloadSchema.safeParse(json);
    if (!payload.success) {
      throw new PluginWebhookRejectedError(`A ${topic} body must carry the shipment id and order_id.`, 400);
    }
    const order = await http.get(`order/${payload.data.order_id}`, {}, orderSchema);
    const shipment =
      (order.shipments ?? []).find((s) => s.id === payload.data.id) ??
      (await http.get(`shipment/${payload.data.id}`, {}, shipmentSchema));
    if (shipment.order_id != null && shipment.order_id !== order.id) {
      throw new PluginWebhookRejectedError(`Shipment ${shipment.id} does not belong to order ${order.id}.`, 400);
    }
    return reportable({ ...order, shipments: [shipment] }, channelId);
  }
  return []; // returns and billing topics carry nothing to sync
}
