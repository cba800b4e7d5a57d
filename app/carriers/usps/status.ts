// USPS Tracking 3.2 `statusCategory` -> normalized (notes §4c USPS Tracking, and the USPS
// column of the §4 table). Compared case-insensitively: the notes quote them in title case.
import type { CarrierStatus } from "../port";
import { mapStatus, type StatusMap } from "../status-map";

export const USPS_STATUS_CATEGORIES = [
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
export type UspsStatusCategory = (typeof USPS_STATUS_CATEGORIES)[number];

export const USPS_STATUS_MAP: StatusMap<UspsStatusCategory> = {
  provider: "usps",
  statuses: USPS_STATUS_CATEGORIES,
  map: {
    "Pre-Shipment": "LABEL_CREATED",
    Accepted: "IN_TRANSIT",
    "In Transit": "IN_TRANSIT",
    "Out for Delivery": "OUT_FOR_DELIVERY",
    "Available for Pickup": "AVAILABLE_FOR_PICKUP",
    "Notice Left": "DELIVERY_ATTEMPTED",
    Delivered: "DELIVERED",
    Alert: "EXCEPTION",
    "Return to Sender": "RETURNED_TO_SENDER",
  },
};

export function mapUspsCategory(category: string | null | undefined): CarrierStatus {
  const canonical = USPS_STATUS_CATEGORIES.find((c) => c.toLowerCase() === category?.trim().toLowerCase());
  return mapStatus(USPS_STATUS_MAP, canonical);
}

/** Pub 97 event code for "delivered" (notes §4c: "Event codes follow the Pub 97 list, e.g. 01 = delivered"). */
export const USPS_DELIVERED_EVENT_CODE = "01";

/**
 * The status of one tracking event. Only the delivered code is in our notes, so other events
 * are read from the category words their description starts with; anything else is movement.
 */
export function uspsEventStatus(eventCode: string | null | undefined, eventType: string | null | undefined): CarrierStatus {
  if (eventCode === USPS_DELIVERED_EVENT_CODE) return "DELIVERED";
  const text = (eventType ?? "").toLowerCase();
  if (text.startsWith("delivered")) return "DELIVERED";
  if (text.includes("out for delivery")) return "OUT_FOR_DELIVERY";
  if (text.includes("label created") || text.includes("pre-shipment")) return "LABEL_CREATED";
  if (text.includes("available for pickup")) return "AVAILABLE_FOR_PICKUP";
  if (text.includes("notice left")) return "DELIVERY_ATTEMPTED";
  if (text.includes("return to sender")) return "RETURNED_TO_SENDER";
  if (text.includes("alert")) return "EXCEPTION";
  return text === "" ? "UNKNOWN" : "IN_TRANSIT";
}
