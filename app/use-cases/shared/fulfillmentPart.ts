// The part of an order one fulfiller ships, as the plugin port describes it (FulfillmentPart),
// built from our rows. Only the ship-to data a fulfiller needs leaves Consign.
import type { Prisma } from "@prisma/client";
import type { ShipTo } from "~/fulfillment/types";
import type { FulfillmentPart } from "~/plugins/port";
import { shipToSchema } from "./platformOrderSchema";

export const partInclude = {
  order: true,
  lines: { include: { orderLine: true }, orderBy: { id: "asc" } },
} satisfies Prisma.FulfillmentInclude;

export type FulfillmentWithPart = Prisma.FulfillmentGetPayload<{ include: typeof partInclude }>;

function shipToOf(json: string | null): ShipTo | null {
  if (!json) return null;
  const parsed = shipToSchema.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : null;
}

export function buildPart(fulfillment: FulfillmentWithPart): FulfillmentPart {
  const { order } = fulfillment;
  return {
    fulfillmentId: fulfillment.id,
    order: {
      id: order.id,
      platformOrderId: order.platformOrderId,
      name: order.name,
      placedAt: order.placedAt.toISOString(),
      customerEmail: order.customerEmail,
      shipTo: shipToOf(order.shipTo),
    },
    lines: fulfillment.lines
      .filter((line) => line.quantity > 0)
      .map((line) => ({
        lineId: line.orderLineId,
        sku: line.orderLine.sku,
        title: line.orderLine.title,
        quantity: line.quantity,
        unitPrice: line.orderLine.unitPrice,
        variantId: line.orderLine.variantId,
        productId: line.orderLine.productId,
      })),
  };
}
