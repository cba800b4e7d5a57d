// The Platform port: the buyer platform where the order was placed (Shopify, BigCommerce).
// Adapters live in platforms/shopify and platforms/bigcommerce; use cases see only this.
import type { ShipTo } from "../fulfillment/types";

export type PlatformKind = "SHOPIFY" | "BIGCOMMERCE";

/** The shop as an adapter needs it: who it is on the platform. Tokens are the adapter's business. */
export interface ShopRef {
  id: string;
  platform: PlatformKind;
  /** Shopify shop domain or BigCommerce store hash */
  domain: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PlatformVariant {
  id: string;
  title: string;
  sku: string | null;
}
export interface PlatformProduct {
  id: string;
  title: string;
  variants: PlatformVariant[];
}

export interface PlatformOrderLine {
  platformLineId: string;
  productId: string | null;
  variantId: string | null;
  sku: string | null;
  title: string;
  quantity: number;
  /** removed, cancelled or refunded units */
  cancelledQuantity: number;
  unitPrice?: string | null;
  /** units the platform already records as shipped, by any app or by hand (where it says) */
  shippedQuantity?: number;
}

export interface PlatformOrder {
  platformOrderId: string;
  name: string;
  placedAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  customerEmail: string | null;
  customerName: string | null;
  shipTo: ShipTo | null;
  lines: PlatformOrderLine[];
}

/** What to write to the platform for one shipment. Lines are by the platform's line id. */
export interface PlatformShipment {
  trackingNumbers: string[];
  carrier: string | null;
  trackingUrl: string | null;
  method: string | null;
  lines: { platformLineId: string; quantity: number }[];
}

export interface PushOptions {
  notifyCustomer: boolean;
  /** stable key of this push; adapters use it where the platform supports one */
  idempotencyKey: string;
}

/** The platform's ids of what a push created (Shopify may need one fulfillment per location). */
export interface PushedRef {
  ids: string[];
}

export type TrackingEventStatus =
  | "LABEL_PRINTED"
  | "CONFIRMED"
  | "IN_TRANSIT"
  | "OUT_FOR_DELIVERY"
  | "ATTEMPTED_DELIVERY"
  | "READY_FOR_PICKUP"
  | "DELIVERED"
  | "FAILURE";

export interface TrackingEvent {
  status: TrackingEventStatus;
  happenedAt: string;
  message?: string | null;
  city?: string | null;
  country?: string | null;
}

export interface Platform {
  readonly kind: PlatformKind;
  listProducts(shop: ShopRef, cursor: string | null, query?: string | null): Promise<Page<PlatformProduct>>;
  getOrder(shop: ShopRef, platformOrderId: string): Promise<PlatformOrder | null>;
  listOrdersChangedSince(shop: ShopRef, since: string | null, cursor: string | null): Promise<Page<PlatformOrder>>;
  /** Writes one shipment. Throws PlatformRejectedError when the platform refuses it. */
  pushShipment(shop: ShopRef, order: { platformOrderId: string }, shipment: PlatformShipment, opts: PushOptions): Promise<PushedRef>;
  /** Exactly-once support: a fulfillment already on the platform that carries this tracking and these items. */
  findPushed(shop: ShopRef, order: { platformOrderId: string }, shipment: PlatformShipment): Promise<PushedRef | null>;
  updateTracking(
    shop: ShopRef,
    order: { platformOrderId: string },
    ref: PushedRef,
    tracking: Pick<PlatformShipment, "trackingNumbers" | "carrier" | "trackingUrl">,
    opts: { notifyCustomer: boolean },
  ): Promise<void>;
  cancelShipment(shop: ShopRef, order: { platformOrderId: string }, ref: PushedRef): Promise<void>;
  recordTrackingEvent(shop: ShopRef, order: { platformOrderId: string }, ref: PushedRef, event: TrackingEvent): Promise<void>;
}
