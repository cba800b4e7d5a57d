// Consign's outgoing webhook events, and which timeline entry raises which. Partners and
// fulfillers subscribe to them (WebhookSubscription) and receive signed JSON (deliverWebhooks).

export const WEBHOOK_EVENTS = [
  "ORDER_CREATED",
  "FULFILLMENT_SENT",
  "TRACKING_ASSIGNED",
  "SHIPPED",
  "DELIVERED",
  "CANCELLED",
  "RETURNED",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const WEBHOOK_EVENT_LABELS: Record<WebhookEvent, string> = {
  ORDER_CREATED: "An order arrived and was routed",
  FULFILLMENT_SENT: "A fulfillment was accepted by its fulfiller",
  TRACKING_ASSIGNED: "A fulfillment received its tracking number",
  SHIPPED: "A fulfillment shipped",
  DELIVERED: "A fulfillment was delivered",
  CANCELLED: "A fulfillment was cancelled",
  RETURNED: "A fulfillment's return was received",
};

/** Fulfillment statuses whose arrival is an event. */
const ON_STATUS: Readonly<Record<string, WebhookEvent>> = {
  PENDING: "FULFILLMENT_SENT",
  PENDING_SHIPMENT: "TRACKING_ASSIGNED",
  SHIPPED: "SHIPPED",
  DELIVERED: "DELIVERED",
  CANCELLED: "CANCELLED",
  RETURNED: "RETURNED",
};

/** The event a timeline entry raises, if any. */
export function eventOfEntry(entry: { kind: string; to?: string | null }): WebhookEvent | null {
  if (entry.kind === "ORDER_RECEIVED") return "ORDER_CREATED";
  if (entry.kind === "STATUS" && entry.to) return ON_STATUS[entry.to] ?? null;
  return null;
}

export function isWebhookEvent(value: string): value is WebhookEvent {
  return (WEBHOOK_EVENTS as readonly string[]).includes(value);
}

export const SIGNATURE_HEADER = "X-Consign-Signature";
export const EVENT_HEADER = "X-Consign-Event";
export const DELIVERY_HEADER = "X-Consign-Delivery-Id";
export const TIMESTAMP_HEADER = "X-Consign-Timestamp";
