// The FulfillmentPlugin port: a kind of fulfiller. Adapters live in one folder each under
// app/plugins/ and register in app/plugins/registry.ts, which the admin catalog, the jobs
// and the API all read.
import type { z } from "zod";
import type { ShipTo } from "../fulfillment/types";

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
  lines: { lineId: string; sku: string | null; title: string; quantity: number; unitPrice?: string | null }[];
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
