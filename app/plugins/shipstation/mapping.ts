// Between our shapes and ShipStation V1's: the order we upsert, and the shipments it reports.
import type { ShipTo } from "~/fulfillment/types";
import { fromZonedWallTime, toZonedWallTime } from "~/lib/zonedTime";
import { PluginRejectedError } from "../errors";
import type { FulfillerShipment, FulfillmentPart } from "../port";
import { SHIPSTATION_TIME_ZONE, type SsFulfillment, type SsOrderItem, type SsShipment } from "./schemas";

/** ShipStation carrier codes → the carrier names buyer platforms recognise. Unknown codes pass through. */
const CARRIERS: Readonly<Record<string, string>> = {
  stamps_com: "USPS",
  usps: "USPS",
  endicia: "USPS",
  express_1: "USPS",
  ups: "UPS",
  ups_walleted: "UPS",
  fedex: "FedEx",
  fedex_walleted: "FedEx",
  dhl_express: "DHL Express",
  dhl_express_worldwide: "DHL Express",
  dhl_ecommerce: "DHL eCommerce",
  dhl_global_mail: "DHL eCommerce",
  canada_post: "Canada Post",
  royal_mail: "Royal Mail",
  ontrac: "OnTrac",
  apc: "APC",
  asendia: "Asendia",
  amazon_shipping_us: "Amazon Logistics",
};

export function carrierName(code: string | null | undefined): string | null {
  if (!code) return null;
  return CARRIERS[code] ?? code;
}

/** ShipStation reads and writes Pacific wall time ("2015-06-29T08:46:27.0000000"). */
export function toShipStationTime(date: Date): string {
  return `${toZonedWallTime(date, SHIPSTATION_TIME_ZONE)}0000`;
}

export function fromShipStationTime(text: string | null | undefined): Date | null {
  return text ? fromZonedWallTime(text, SHIPSTATION_TIME_ZONE) : null;
}

function address(shipTo: ShipTo) {
  return {
    name: shipTo.name,
    company: shipTo.company ?? null,
    street1: shipTo.address1,
    street2: shipTo.address2 ?? null,
    street3: null,
    city: shipTo.city,
    state: shipTo.provinceCode ?? shipTo.province ?? null,
    postalCode: shipTo.zip ?? null,
    country: shipTo.countryCode,
    phone: shipTo.phone ?? null,
    residential: null,
  };
}

/**
 * The whole order for POST /orders/createorder (no partial updates: models/order). orderKey is
 * our fulfillment id, so sending it again updates the same order instead of adding one.
 */
export function orderBody(part: FulfillmentPart, orderStatus: string) {
  const shipTo = part.order.shipTo;
  if (!shipTo) {
    throw new PluginRejectedError(`Order ${part.order.name} has no shipping address; ShipStation requires one (shipTo).`);
  }
  const placed = new Date(part.order.placedAt);
  const when = Number.isNaN(placed.getTime()) ? null : toShipStationTime(placed);
  return {
    orderNumber: part.order.name,
    orderKey: part.fulfillmentId,
    orderDate: when,
    paymentDate: when,
    orderStatus,
    customerUsername: part.order.customerEmail,
    customerEmail: part.order.customerEmail,
    // We do not keep billing addresses (data minimisation); the docs' own example sends a name only.
    billTo: { ...Object.fromEntries(Object.keys(address(shipTo)).map((k) => [k, null])), name: shipTo.name },
    shipTo: address(shipTo),
    items: part.lines.map((line) => ({
      lineItemKey: line.lineId,
      sku: line.sku,
      name: line.title,
      quantity: line.quantity,
      unitPrice: line.unitPrice ? Number(line.unitPrice) : null,
      adjustment: false,
    })),
    internalNotes: part.test ? "Consign test order: please do not ship." : null,
  };
}

function lines(items: readonly SsOrderItem[]): FulfillerShipment["lines"] {
  return items
    .filter((item) => !item.adjustment && item.quantity > 0)
    .map((item) => ({ lineId: item.lineItemKey ?? null, sku: item.sku ?? null, quantity: item.quantity }));
}

function iso(text: string | null | undefined): string | null {
  return fromShipStationTime(text)?.toISOString() ?? null;
}

/** A label bought in ShipStation (GET /shipments). `orderItems`: the order's items, when the label lists none. */
export function fromLabel(shipment: SsShipment, orderItems: readonly SsOrderItem[] = []): FulfillerShipment {
  const items = shipment.shipmentItems?.length ? shipment.shipmentItems : orderItems;
  return {
    fulfillerShipmentId: `shipment:${shipment.shipmentId}`,
    fulfillmentId: shipment.orderKey ?? null,
    clientFulfillmentId: String(shipment.orderId),
    trackingNumbers: shipment.trackingNumber ? [shipment.trackingNumber] : [],
    carrier: carrierName(shipment.carrierCode),
    method: shipment.serviceCode ?? null,
    trackingUrl: null,
    lines: lines(items),
    cancelled: Boolean(shipment.voided || shipment.voidDate),
    shippedAt: iso(shipment.createDate),
  };
}

/**
 * An order marked shipped outside ShipStation's labels (GET /fulfillments). A fulfillment lists
 * no items: marking shipped ships the whole order, so its lines are the order's items.
 */
export function fromMarkedShipped(
  fulfillment: SsFulfillment,
  order: { orderKey?: string | null; items?: readonly SsOrderItem[] | null },
): FulfillerShipment {
  return {
    fulfillerShipmentId: `fulfillment:${fulfillment.fulfillmentId}`,
    fulfillmentId: order.orderKey ?? null,
    clientFulfillmentId: String(fulfillment.orderId),
    trackingNumbers: fulfillment.trackingNumber ? [fulfillment.trackingNumber] : [],
    carrier: carrierName(fulfillment.carrierCode),
    method: fulfillment.fulfillmentServiceCode ?? null,
    trackingUrl: null,
    lines: lines(order.items ?? []),
    cancelled: Boolean(fulfillment.voided || fulfillment.voidDate),
    shippedAt: iso(fulfillment.createDate),
  };
}
