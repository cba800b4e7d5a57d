// The parts of ShipBob's 2026-01 responses and webhook bodies that Consign relies on
// (reference/shipbob/openapi-2026-01.json: Orders.OrderViewModel, Orders.ShipmentViewModel,
// Orders.CanceledOrderViewModel, Orders.BulkUpdateResponseModel, Channels.ChannelsV2ViewModel,
// Webhooks.GetWebhookResponse). Loose objects: ShipBob may add fields; we check only ours.
import { z } from "zod";

const text = z.string().nullish();
const int = z.number().int();

export const trackingSchema = z.looseObject({
  carrier: text,
  carrier_service: text,
  tracking_number: text,
  tracking_url: text,
  shipping_date: text,
});

export const shipmentSchema = z.looseObject({
  id: int,
  order_id: int.nullish(),
  reference_id: text,
  status: text,
  last_update_at: text,
  actual_fulfillment_date: text,
  is_tracking_uploaded: z.boolean().nullish(),
  ship_option: text,
  products: z
    .array(
      z.looseObject({
        id: int.nullish(),
        reference_id: text,
        sku: text,
        inventory_items: z.array(z.looseObject({ quantity: int })).nullish(),
      }),
    )
    .nullish(),
  tracking: trackingSchema.nullish(),
});
export type ShipBobShipment = z.infer<typeof shipmentSchema>;

export const orderSchema = z.looseObject({
  id: int,
  reference_id: text,
  status: text,
  channel: z.looseObject({ id: int.nullish() }).nullish(),
  products: z
    .array(z.looseObject({ reference_id: text, sku: text, quantity: int.nullish(), external_line_id: int.nullish() }))
    .nullish(),
  tags: z.array(z.looseObject({ name: z.string(), value: z.string() })).nullish(),
  shipments: z.array(shipmentSchema).nullish(),
});
export type ShipBobOrder = z.infer<typeof orderSchema>;

export const orderListSchema = z.array(orderSchema);

export const cancelResultSchema = z.looseObject({
  order_id: int.nullish(),
  status: z.enum(["Success", "Failure", "PartialSuccess"]).nullish(),
  canceled_shipment_results: z
    .array(z.looseObject({ shipment_id: int.nullish(), is_success: z.boolean().nullish(), reason: text }))
    .nullish(),
});

export const bulkUpdateSchema = z.looseObject({
  results: z
    .array(
      z.looseObject({
        shipmentId: int.nullish(),
        isSuccess: z.boolean().nullish(),
        error: z.looseObject({ code: text, message: text }).nullish(),
      }),
    )
    .nullish(),
});

export const channelListSchema = z.looseObject({
  items: z.array(z.looseObject({ id: int, name: text, scopes: z.array(z.string()).nullish() })).nullish(),
});

export const webhookListSchema = z.looseObject({
  items: z
    .array(z.looseObject({ id: z.union([z.string(), int]).transform(String), url: z.string(), topics: z.array(z.string()).nullish() }))
    .nullish(),
  next: text,
});

export const webhookCreatedSchema = z.looseObject({ id: z.union([z.string(), int]).transform(String) });

/** 400/422 bodies: a ModelState-style map { field: [messages] } (Orders.*.Bad.Request.Object). */
export const fieldErrorsSchema = z.record(z.string(), z.array(z.string()));

/** What a webhook body names; the rest is fetched again, never trusted. */
export const orderPayloadSchema = z.looseObject({ id: int });
export const shipmentPayloadSchema = z.looseObject({ id: int, order_id: int });
