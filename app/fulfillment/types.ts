// Shared vocabulary of the fulfillment domain. Pure types: nothing here imports the
// framework, the database or the network.

export const STATUSES = [
  "HOLD",
  "PENDING",
  "PENDING_SHIPMENT",
  "SHIPPED",
  "DELIVERED",
  "CANCELLED",
  "RMA_PENDING",
  "RETURNED",
  "FAILED",
  "RECYCLED",
] as const;
export type FulfillmentStatus = (typeof STATUSES)[number];

export type OrderShipmentState = "UNSHIPPED" | "PARTIALLY_SHIPPED" | "SHIPPED";

/** A line of an order as the domain sees it (our line id, not the platform's). */
export interface DomainLine {
  lineId: string;
  quantity: number;
  /** cancelled or refunded units: no longer due */
  cancelledQuantity: number;
}

/** (line, quantity) pair of a shipment. */
export interface ShipmentItem {
  lineId: string;
  quantity: number;
}

/** A shipment as the coverage rules see it. */
export interface DomainShipment {
  /** the fulfiller's id for this package, when it has one */
  fulfillerShipmentId?: string | null;
  connectionId: string;
  trackingNumbers: string[];
  items: ShipmentItem[];
}

/** Ship-to data a fulfiller needs, and nothing more. */
export interface ShipTo {
  name: string;
  company?: string | null;
  address1: string;
  address2?: string | null;
  city: string;
  province?: string | null;
  provinceCode?: string | null;
  zip?: string | null;
  country?: string | null;
  countryCode: string;
  phone?: string | null;
  email?: string | null;
}
