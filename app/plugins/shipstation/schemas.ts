// The parts of ShipStation V1 responses we rely on, checked with zod. Shapes from the V1 docs
// (models/order, models/order-item, shipments/list, fulfillments/list, webhooks) as summarised
// in reference/notes/fulfillers-and-carriers.md §1. Unknown fields pass through untouched.
import { z } from "zod";

export const SHIPSTATION_TIME_ZONE = "America/Los_Angeles"; // V1 dates are Pacific time, without offset

export const orderItemSchema = z.looseObject({
  orderItemId: z.number().nullish(),
  lineItemKey: z.string().nullish(),
  sku: z.string().nullish(),
  name: z.string().nullish(),
  quantity: z.number().int(),
  adjustment: z.boolean().nullish(),
});
export type SsOrderItem = z.infer<typeof orderItemSchema>;

export const orderSchema = z.looseObject({
  orderId: z.number().int(),
  orderNumber: z.string(),
  orderKey: z.string().nullish(),
  orderStatus: z.string(),
  items: z.array(orderItemSchema).nullish(),
});
export type SsOrder = z.infer<typeof orderSchema>;

export const shipmentSchema = z.looseObject({
  shipmentId: z.number().int(),
  orderId: z.number().int(),
  orderKey: z.string().nullish(),
  orderNumber: z.string().nullish(),
  createDate: z.string(),
  shipDate: z.string().nullish(),
  trackingNumber: z.string().nullish(),
  carrierCode: z.string().nullish(),
  serviceCode: z.string().nullish(),
  voided: z.boolean().nullish(),
  voidDate: z.string().nullish(),
  shipmentItems: z.array(orderItemSchema).nullish(),
});
export type SsShipment = z.infer<typeof shipmentSchema>;

export const fulfillmentSchema = z.looseObject({
  fulfillmentId: z.number().int(),
  orderId: z.number().int(),
  orderNumber: z.string().nullish(),
  trackingNumber: z.string().nullish(),
  createDate: z.string(),
  shipDate: z.string().nullish(),
  voided: z.boolean().nullish(),
  voidDate: z.string().nullish(),
  carrierCode: z.string().nullish(),
  fulfillmentServiceCode: z.string().nullish(),
});
export type SsFulfillment = z.infer<typeof fulfillmentSchema>;

const paged = { total: z.number().int(), page: z.number().int(), pages: z.number().int() };
export const shipmentListSchema = z.looseObject({ shipments: z.array(shipmentSchema), ...paged });
export const fulfillmentListSchema = z.looseObject({ fulfillments: z.array(fulfillmentSchema), ...paged });

export const webhookListSchema = z.looseObject({
  webhooks: z.array(z.looseObject({ WebHookID: z.number().int(), HookType: z.string(), Url: z.string() })),
});

/** SHIP_NOTIFY body: only a pointer to fetch (with our credentials), never the data itself. */
export const webhookBodySchema = z.object({
  resource_url: z.string().min(1),
  resource_type: z.string().min(1),
});

export const tagListSchema = z.array(z.looseObject({ tagId: z.number().int(), name: z.string() }));
