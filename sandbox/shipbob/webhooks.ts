// How the ShipBob stand-in delivers webhooks: Standard-Webhooks style signing as ShipBob documents
// it for dated-version subscriptions (developer.shipbob.com/webhooks, "Verifying webhooks";
// reference/notes/fulfillers-and-carriers.md §2 Webhooks): headers webhook-id, webhook-timestamp,
// webhook-signature ("v1,<base64 HMAC-SHA256>") and x-webhook-topic; the signed content is
// "{id}.{timestamp}.{rawBody}", keyed with the base64-decoded bytes after "whsec_".
import { createHmac, randomBytes } from "node:crypto";

export const ORDER_TOPICS = ["order.shipped"] as const;
export const SHIPMENT_TOPICS = [
  "order.shipment.delivered",
  "order.shipment.exception",
  "order.shipment.on_hold",
  "order.shipment.cancelled",
] as const;
export type StandInTopic = (typeof ORDER_TOPICS)[number] | (typeof SHIPMENT_TOPICS)[number];

export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const mac = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  return `v1,${mac}`;
}

/** A fresh secret in the format POST /webhook accepts (^whsec_[a-zA-Z0-9+/]{32}$). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

export interface Delivery {
  url: string;
  topic: string;
  status: number | null;
  error?: string;
}

export async function deliver(opts: {
  url: string;
  topic: string;
  secret: string;
  payload: unknown;
  now: Date;
  tamper?: boolean;
}): Promise<Delivery> {
  const body = JSON.stringify(opts.payload);
  const id = `msg_${randomBytes(12).toString("hex")}`;
  const timestamp = Math.floor(opts.now.getTime() / 1000);
  const signature = signWebhook(opts.secret, id, timestamp, body);
  try {
    const res = await fetch(opts.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": id,
        "webhook-timestamp": String(timestamp),
        "webhook-signature": signature,
        "x-webhook-topic": opts.topic,
      },
      // tamper: a body that no longer matches its signature (tests of the receiver)
      body: opts.tamper ? body.replace(/}$/, ',"tampered":true}') : body,
      // ShipBob gives receivers 15 s to answer
      signal: AbortSignal.timeout(15_000),
    });
    await res.arrayBuffer();
    return { url: opts.url, topic: opts.topic, status: res.status };
  } catch (err) {
    return { url: opts.url, topic: opts.topic, status: null, error: String(err) };
  }
}
