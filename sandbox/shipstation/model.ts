// ShipStation V1's records as the stand-in keeps them, in the documented JSON shapes
// (models/order, models/order-item, shipments/list, fulfillments/list, webhooks; see
// reference/notes/fulfillers-and-carriers.md §1). Dates are Pacific wall time, as V1 sends them.
import { z } from "zod";
import { fromZonedWallTime, toZonedWallTime } from "../../app/lib/zonedTime";

export const TIME_ZONE = "America/Los_Angeles";

/** "2015-06-29T08:46:27.0000000" */
export function ssTime(date: Date): string {
  return `${toZonedWallTime(date, TIME_ZONE)}0000`;
}

/** "2015-06-30" */
export function ssDate(date: Date): string {
  return toZonedWallTime(date, TIME_ZONE).slice(0, 10);
}

export function parseSsTime(text: string): Date | null {
  return fromZonedWallTime(text, TIME_ZONE);
}

export const ORDER_STATUSES = [
  "awaiting_payment",
  "awaiting_shipment",
  "pending_fulfillment",
  "shipped",
  "on_hold",
  "cancelled",
] as const;
/** Only these can be updated through /orders/createorder (notes §1, "Only open orders can be updated"). */
export const OPEN_STATUSES: readonly string[] = ["awaiting_payment", "awaiting_shipment", "pending_fulfillment", "on_hold"];

const nullableString = z.string().nullish();

export const addressInput = z.object({
  name: nullableString,
  company: nullableString,
  street1: nullableString,
  street2: nullableString,
  street3: nullableString,
  city: nullableString,
  state: nullableString,
  postalCode: nullableString,
  country: z.string().length(2, "Please use a 2 character country code").nullish(),
  phone: nullableString,
  residential: z.boolean().nullish(),
});

export const itemInput = z.object({
  orderItemId: z.number().int().nullish(),
  lineItemKey: nullableString,
  sku: nullableString,
  name: nullableString,
  imageUrl: nullableString,
  weight: z.unknown().optional(),
  quantity: z.number().int().min(0),
  unitPrice: z.number().nullish(),
  taxAmount: z.number().nullish(),
  shippingAmount: z.number().nullish(),
  warehouseLocation: nullableString,
  options: z.array(z.unknown()).nullish(),
  productId: z.number().int().nullish(),
  fulfillmentSku: nullableString,
  adjustment: z.boolean().nullish(),
  upc: nullableString,
});

/** The body of POST /orders/createorder. Required: orderNumber, orderDate, orderStatus, billTo, shipTo. */
export const orderInput = z.looseObject({
  orderNumber: z.string({ error: "The orderNumber field is required." }).min(1, "The orderNumber field is required."),
  orderKey: nullableString,
  orderDate: z.string({ error: "The orderDate field is required." }),
  paymentDate: nullableString,
  shipByDate: nullableString,
  orderStatus: z.enum(ORDER_STATUSES, { error: "The orderStatus field is required and must be a known status." }),
  customerUsername: nullableString,
  customerEmail: nullableString,
  billTo: addressInput.refine((a) => Boolean(a.name), "'Bill Name' must not be empty."),
  shipTo: addressInput.refine((a) => Boolean(a.name), "'Ship Name' must not be empty."),
  items: z.array(itemInput).nullish(),
  internalNotes: nullableString,
  customerNotes: nullableString,
  advancedOptions: z.looseObject({ storeId: z.number().int().nullish() }).nullish(),
});
export type OrderInput = z.infer<typeof orderInput>;

export interface SsItem extends z.infer<typeof itemInput> {
  orderItemId: number;
  createDate: string;
  modifyDate: string;
}

export interface SsOrder {
  orderId: number;
  orderNumber: string;
  orderKey: string;
  orderDate: string;
  createDate: string;
  modifyDate: string;
  paymentDate: string | null;
  shipByDate: string | null;
  orderStatus: string;
  customerUsername: string | null;
  customerEmail: string | null;
  billTo: z.infer<typeof addressInput>;
  shipTo: z.infer<typeof addressInput> & { addressVerified: string };
  items: SsItem[];
  internalNotes: string | null;
  customerNotes: string | null;
  shipDate: string | null;
  advancedOptions: Record<string, unknown> & { storeId: number };
  [field: string]: unknown;
}

export interface SsShipment {
  shipmentId: number;
  orderId: number;
  orderKey: string;
  userId: string | null;
  customerEmail: string | null;
  orderNumber: string;
  createDate: string;
  shipDate: string;
  shipmentCost: number;
  insuranceCost: number;
  trackingNumber: string;
  isReturnLabel: boolean;
  batchNumber: string;
  carrierCode: string;
  serviceCode: string;
  packageCode: string;
  confirmation: string | null;
  warehouseId: number;
  voided: boolean;
  voidDate: string | null;
  marketplaceNotified: boolean;
  notifyErrorMessage: string | null;
  shipTo: SsOrder["shipTo"];
  weight: { value: number; units: string };
  dimensions: null;
  insuranceOptions: { provider: null; insureShipment: boolean; insuredValue: number };
  advancedOptions: { storeId: number };
  shipmentItems: SsItem[];
  labelData: null;
  formData: null;
}

export interface SsFulfillment {
  fulfillmentId: number;
  orderId: number;
  orderNumber: string;
  userId: string | null;
  customerEmail: string | null;
  trackingNumber: string;
  createDate: string;
  shipDate: string;
  voidDate: string | null;
  deliveryDate: string | null;
  carrierCode: string;
  fulfillmentProviderCode: string | null;
  fulfillmentServiceCode: string | null;
  fulfillmentFee: number;
  voidRequested: boolean;
  voided: boolean;
  marketplaceNotified: boolean;
  notifyErrorMessage: string | null;
  shipTo: SsOrder["shipTo"];
}

export interface SsWebhook {
  IsLabelAPIHook: boolean;
  WebHookID: number;
  SellerID: number;
  StoreID: number | null;
  HookType: string;
  MessageFormat: string;
  Url: string;
  Name: string | null;
  BulkCopyBatchID: number | null;
  BulkCopyRecordID: number | null;
  Active: boolean;
  WebhookLogs: unknown[];
  Seller: null;
  Store: null;
}

export const WEBHOOK_EVENTS = [
  "ORDER_NOTIFY",
  "ITEM_ORDER_NOTIFY",
  "SHIP_NOTIFY",
  "ITEM_SHIP_NOTIFY",
  "FULFILLMENT_SHIPPED",
  "FULFILLMENT_REJECTED",
] as const;

/** A UPS-style 1Z number with a valid check digit, so tracking-number validators accept it. */
export function upsTrackingNumber(seq: number): string {
  const body = `1W2Y3H03${String(seq).padStart(7, "0")}`.slice(0, 15); // shipper + service + package
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    const value = /\d/.test(c) ? Number(c) : (c.charCodeAt(0) - 63) % 10;
    sum += i % 2 === 1 ? value * 2 : value;
  }
  return `1Z${body}${(10 - (sum % 10)) % 10}`;
}
