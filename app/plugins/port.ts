// The FulfillmentPlugin port: a kind of fulfiller. Adapters live in one folder each under
// app/plugins/ and register in app/plugins/registry.ts, which the admin catalog, the jobs
// and the API all read.
import type { z } from "zod";
import type { ShipTo } from "../fulfillment/types";
import type { Platform, ShopRef } from "../platforms/port";

export type PluginMode = "push" | "pull";

/** What a plugin needs from its surroundings; tests and the sandbox pass stand-in URLs here. */
export interface PluginContext {
  connectionId: string;
  shopId: string;
  /** fetch to use (real in production; the same over HTTP to stand-ins in tests) */
  fetch: typeof fetch;
  /** overrides of vendor base URLs, by plugin kind (sandbox and tests) */
  baseUrl?: string;
  /** our public URL, for webhook targets */
  appUrl: string;
  /** per-connection secret for unsigned webhooks */
  webhookSecret?: string | null;
  sleep(ms: number): Promise<void>;
  now(): Date;
  /** partner stores: the seller store behind this connection, injected by the use-case layer */
  partner?: PartnerLink;
}

/** A seller variant that a buyer variant ships as. */
export interface SellerVariantRef {
  variantId: string;
  productId: string | null;
  sku: string | null;
  title: string | null;
}

/** The partnership behind a partner-store connection, and the seller store's adapter. */
export interface PartnerInfo {
  partnershipId: string;
  status: "ACTIVE" | "ENDED";
  buyer: { shopId: string; domain: string; name: string | null };
  seller: { shop: ShopRef; name: string | null; platform: Platform };
}

/** The buyer's part behind a partner order, for mapping the seller's fulfillments back to it. */
export interface PartnerPart {
  fulfillmentId: string;
  lines: { lineId: string; quantity: number; sellerVariantId: string | null }[];
  /** the seller fulfillments Consign holds as live (accepted) shipments of this part */
  liveShipmentIds: string[];
}

/** What a partner-store connection may know of the other shop; every read is scoped to its partnership. */
export interface PartnerLink {
  /** throws when the connection has no partnership (or the seller shop is gone) */
  partnership(): Promise<PartnerInfo>;
  /** the seller variant of each buyer variant id: the buyer's choice, else one unique SKU match on the seller's catalog; unmatched ones are absent */
  sellerVariants(lines: readonly { variantId: string | null; sku: string | null }[]): Promise<Map<string, SellerVariantRef>>;
  /** this connection's part that was placed as seller order `sellerOrderId`; null when it is not one of ours */
  partOf(sellerOrderId: string): Promise<PartnerPart | null>;
}

/** The part of an order that one fulfiller ships. Lines carry our line ids. */
export interface FulfillmentPart {
  fulfillmentId: string;
  test?: boolean;
  order: {
    id: string;
    platformOrderId: string;
    name: string;
    placedAt: string;
    customerEmail: string | null;
    shipTo: ShipTo | null;
  };
  lines: {
    lineId: string;
    sku: string | null;
    title: string;
    quantity: number;
    unitPrice?: string | null;
    /** the buyer platform's variant and product of the line (partner stores match by variant) */
    variantId?: string | null;
    productId?: string | null;
  }[];
}

/** A package as a fulfiller reports it. */
export interface FulfillerShipment {
  fulfillerShipmentId: string;
  /** our fulfillment id, when the fulfiller echoes it (orderKey, reference_id, ...) */
  fulfillmentId: string | null;
  /** the fulfiller's order id */
  clientFulfillmentId: string | null;
  trackingNumbers: string[];
  carrier: string | null;
  method: string | null;
  trackingUrl: string | null;
  /** by our line id where the fulfiller echoes it, else by SKU */
  lines: { lineId?: string | null; sku?: string | null; quantity: number }[];
  /** voided, cancelled */
  cancelled: boolean;
  shippedAt: string | null;
}

export interface ShipmentsPage {
  shipments: FulfillerShipment[];
  /** the cursor to store once these shipments are committed */
  cursor: string | null;
  /** more are waiting: call again with the returned cursor */
  hasMore?: boolean;
}

/** A connection's live client, made by the plugin from decrypted credentials. */
export interface PluginConnection {
  verify(): Promise<void>;
  submit(part: FulfillmentPart): Promise<{ clientFulfillmentId: string }>;
  shipmentsSince(cursor: string | null): Promise<ShipmentsPage>;
  /** called after the shipments of a page are committed (ShipBob's tracking upload) */
  acknowledge?(shipments: FulfillerShipment[]): Promise<void>;
  cancel(ref: { fulfillmentId: string; clientFulfillmentId: string | null }): Promise<void>;
  /** fast path: the shipments a fulfiller's webhook announces, fetched and verified */
  webhook?(request: Request): Promise<FulfillerShipment[]>;
  /** the shipments of one order at the fulfiller, now (partner stores: the seller store's webhook names the order) */
  shipmentsOfOrder?(clientFulfillmentId: string): Promise<FulfillerShipment[]>;
  /** registers this connection's webhook target at the fulfiller (idempotent); where it has webhooks */
  subscribeWebhooks?(): Promise<void>;
  /** removes what subscribeWebhooks registered (idempotent) */
  unsubscribeWebhooks?(): Promise<void>;
}

export interface CredentialField {
  name: string;
  label: string;
  secret: boolean;
  helpText?: string;
}

export interface FulfillmentPlugin<C = unknown> {
  kind: string;
  title: string;
  description: string;
  /** an inline SVG or a path under /public */
  logo: string;
  mode: PluginMode;
  credentials: z.ZodType<C>;
  /** form fields, in order; derived from the credentials schema's keys */
  fields: CredentialField[];
  connect(credentials: C, ctx: PluginContext): PluginConnection;
}
