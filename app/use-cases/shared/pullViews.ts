// What a pull-type fulfillment house sees through the API (/api/v1), as zod schemas. The use cases
// build these views; app/api/openapi.ts renders the same schemas into the OpenAPI document, so the
// document and the answers cannot drift apart.
import { z } from "zod";
import { STATUSES } from "~/fulfillment/types";

const instant = z.iso.datetime({ offset: true }).describe("ISO 8601 date-time");

export const shipToView = z
  .object({
    name: z.string(),
    company: z.string().nullable(),
    address1: z.string(),
    address2: z.string().nullable(),
    city: z.string(),
    province: z.string().nullable(),
    provinceCode: z.string().nullable(),
    zip: z.string().nullable(),
    country: z.string().nullable(),
    countryCode: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
  })
  .describe("Where to ship. Null when the order has no shipping address (or the customer's data was erased).");

export const fulfillmentLineView = z.object({
  lineId: z.string().describe("Consign's id of the order line; use it when reporting shipments"),
  sku: z.string().nullable(),
  title: z.string(),
  quantity: z.number().int().min(0).describe("Units ordered and not cancelled or refunded"),
  quantityShipped: z.number().int().min(0).describe("Units already covered by accepted shipments"),
  quantityDue: z.number().int().min(0).describe("Units still to ship"),
});

export const orderRefView = z.object({
  id: z.string().describe("The store's order id"),
  name: z.string().describe("The order's name as the store shows it, e.g. #1001"),
  placedAt: instant,
  customerEmail: z.string().nullable(),
});

export const fulfillmentStatusSchema = z.enum(STATUSES);

export const fulfillmentSummaryView = z.object({
  id: z.string().describe("The fulfillment's id: the part of the order this house ships"),
  status: fulfillmentStatusSchema,
  reference: z.string().nullable().describe("The house's own reference, set when it acknowledged the fulfillment"),
  createdAt: instant,
  updatedAt: instant,
  order: orderRefView,
  shipTo: shipToView.nullable(),
  lines: z.array(fulfillmentLineView),
});

export const pushView = z.object({
  action: z.enum(["CREATE", "UPDATE_TRACKING", "CANCEL", "EVENT"]),
  target: z.string().describe("The store's platform: SHOPIFY or BIGCOMMERCE"),
  state: z
    .enum(["PENDING", "IN_FLIGHT", "DONE", "FAILED", "WITHDRAWN"])
    .describe("PENDING/IN_FLIGHT: not written yet; DONE: written; FAILED: the store refused it; WITHDRAWN: dropped before it was sent"),
  platformIds: z.array(z.string()).describe("The store's ids of what was written (e.g. its fulfillment id), once DONE"),
  attempts: z.number().int().min(0),
  lastError: z.string().nullable(),
  updatedAt: instant,
});

export const shipmentView = z.object({
  id: z.string().describe("Consign's id of the shipment"),
  fulfillmentId: z.string(),
  reference: z.string().nullable().describe("The house's own id of the package, when it gave one"),
  state: z.enum(["ACCEPTED", "REJECTED", "CANCELLED"]),
  trackingNumbers: z.array(z.string()),
  carrier: z.string().nullable(),
  method: z.string().nullable(),
  trackingUrl: z.string().nullable(),
  shippedAt: instant.nullable(),
  createdAt: instant,
  lines: z.array(z.object({ lineId: z.string(), sku: z.string().nullable(), quantity: z.number().int().min(1) })),
  pushes: z.array(pushView).describe("Where this shipment was written in the store, in order"),
});

export const fulfillmentDetailView = fulfillmentSummaryView.extend({
  failureReason: z.string().nullable(),
  rmaNumber: z.string().nullable(),
  shipments: z.array(shipmentView),
});

export const ordersPageView = z.object({
  data: z.array(fulfillmentSummaryView),
  nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page"),
});

export type ShipToView = z.infer<typeof shipToView>;
export type FulfillmentSummaryView = z.infer<typeof fulfillmentSummaryView>;
export type FulfillmentDetailView = z.infer<typeof fulfillmentDetailView>;
export type ShipmentView = z.infer<typeof shipmentView>;
export type OrdersPageView = z.infer<typeof ordersPageView>;
