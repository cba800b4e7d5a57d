// The three autoresponders a merchant can turn on, their placeholders, default templates and the
// sample values a preview renders with.
import type { TemplateValues } from "./template";

export const NOTIFICATION_KINDS = ["TRACKING_ASSIGNED", "ORDER_SHIPPED", "DELIVERED"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export function isNotificationKind(value: string): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

export const NOTIFICATION_LABELS: Record<NotificationKind, { title: string; when: string }> = {
  TRACKING_ASSIGNED: {
    title: "Tracking number assigned",
    when: "A fulfillment receives its tracking number (PENDING_SHIPMENT).",
  },
  ORDER_SHIPPED: { title: "All fulfillments shipped", when: "Every fulfillment of the order has shipped." },
  DELIVERED: { title: "Delivered", when: "The carrier delivered every package of a fulfillment." },
};

export const PLACEHOLDERS = [
  "shop.name",
  "order.name",
  "customer.name",
  "customer.firstName",
  "tracking.number",
  "tracking.numbers",
  "tracking.carrier",
  "tracking.url",
  "delivery.date",
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export interface TemplateText {
  subject: string;
  body: string;
}

const SIGN_OFF = "<p>Thank you for shopping with {{shop.name}}.</p>";

export const DEFAULT_TEMPLATES: Record<NotificationKind, TemplateText & { enabled: boolean }> = {
  // On by default: on Shopify this is the platform's own shipping confirmation (notifyCustomer).
  TRACKING_ASSIGNED: {
    enabled: true,
    subject: "Your order {{order.name}} has a tracking number",
    body:
      "<p>Hi {{customer.firstName}},</p>" +
      "<p>Items from your order {{order.name}} are packed and on their way to the carrier ({{tracking.carrier}}). " +
      "Tracking number: {{tracking.numbers}}.</p>" +
      '<p><a href="{{tracking.url}}">Track your package</a></p>' +
      SIGN_OFF,
  },
  ORDER_SHIPPED: {
    enabled: false,
    subject: "Everything in your order {{order.name}} has shipped",
    body:
      "<p>Hi {{customer.firstName}},</p>" +
      "<p>Every item of your order {{order.name}} is now with the carrier. Tracking: {{tracking.numbers}}.</p>" +
      SIGN_OFF,
  },
  DELIVERED: {
    enabled: false,
    subject: "Your order {{order.name}} was delivered",
    body:
      "<p>Hi {{customer.firstName}},</p>" +
      "<p>The carrier delivered your package from order {{order.name}} on {{delivery.date}} " +
      "(tracking {{tracking.numbers}}).</p>" +
      SIGN_OFF,
  },
};

/** What a preview shows: a made-up order with every placeholder filled. */
export const SAMPLE_VALUES: Record<Placeholder, string> = {
  "shop.name": "Example Store",
  "order.name": "#1001",
  "customer.name": "Ada Lovelace",
  "customer.firstName": "Ada",
  "tracking.number": "9400111899223197428497",
  "tracking.numbers": "9400111899223197428497",
  "tracking.carrier": "USPS",
  "tracking.url": "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223197428497",
  "delivery.date": "21 November 2026",
};

export function sampleValues(): TemplateValues {
  return SAMPLE_VALUES;
}
