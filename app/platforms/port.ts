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
  /**
   * Why the platform's order is not to be fulfilled yet (not paid, not placed, held for a fraud
   * check), in the platform's words; absent or null when it is. Such an order is stored but not
   * sent to any fulfiller until an update says it is ready.
   */
  notReady?: string | null;
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
  /** the seller side of partner stores, where the platform supports it */
  readonly partnerOrders?: PartnerOrders;
}

// ---------------------------------------------------------------- partner stores (issue 8)
// The seller side of a partnership: Consign places the buyer's part as an order in the partner's
// (seller's) store and reads back the fulfillments the partner makes there. Optional: a platform
// without it cannot be a partner store.

/** The order to place in the seller's store. Lines name the seller's own variants. */
export interface PartnerOrderInput {
  /** unique and stable per buyer part; stored on the order (Shopify sourceIdentifier, BigCommerce external_order_id) so a retry finds it */
  reference: string;
  /** Shopify order tags (the partnership's tag, used to list partner orders); ignored where a platform has none */
  tags: string[];
  /** for the seller's staff: who the order is for (Shopify note, BigCommerce staff_notes) */
  note: string;
  shipTo: ShipTo | null;
  lines: { variantId: string; productId: string | null; quantity: number; title: string; sku: string | null }[];
}

export interface PartnerOrderRef {
  platformOrderId: string;
  /** the seller's order name, e.g. "#1005" */
  name: string;
  reference: string | null;
}

/** A fulfillment (Shopify) or shipment (BigCommerce) the seller made on a partner order. */
export interface PartnerOrderFulfillment {
  id: string;
  cancelled: boolean;
  trackingNumbers: string[];
  carrier: string | null;
  trackingUrl: string | null;
  method: string | null;
  shippedAt: string | null;
  /** by the seller's variant (and SKU) of each seller line, with the quantity in this fulfillment */
  lines: { variantId: string | null; sku: string | null; quantity: number }[];
}

export interface PartnerOrderState extends PartnerOrderRef {
  updatedAt: string;
  cancelledAt: string | null;
  fulfillments: PartnerOrderFulfillment[];
}

export interface PartnerOrders {
  /** the seller's catalog variants whose SKU is this one (the platform's exact SKU filter; case as the platform matches) */
  variantsBySku(shop: ShopRef, sku: string): Promise<{ variantId: string; productId: string; sku: string | null; title: string }[]>;
  /** the order made for this reference, if there is one */
  findPartnerOrder(shop: ShopRef, reference: string): Promise<PartnerOrderRef | null>;
  /**
   * Places the order, without any customer notification. Not repeated blindly after an unknown
   * outcome: the caller looks it up by reference first (PlatformUnavailableError = unknown).
   */
  createPartnerOrder(shop: ShopRef, input: PartnerOrderInput): Promise<PartnerOrderRef>;
  getPartnerOrder(shop: ShopRef, platformOrderId: string): Promise<PartnerOrderState | null>;
  /** partner orders (Shopify: with `tag`; BigCommerce: reference starting with `referencePrefix`) changed since `since` */
  partnerOrdersChangedSince(
    shop: ShopRef,
    match: { tag: string; referencePrefix: string },
    since: string | null,
    cursor: string | null,
  ): Promise<Page<PartnerOrderState>>;
  /** cancels an order nothing of which has shipped (no customer notification); refuses otherwise */
  cancelPartnerOrder(shop: ShopRef, platformOrderId: string): Promise<void>;
}
