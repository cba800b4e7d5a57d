// Between our fulfillment parts and ShipBob's orders: the CreateOrderModel we send, and ShipBob
// shipments turned back into FulfillerShipments with our line ids.
//
// Line ids: ShipBob products are matched by reference_id (the merchant's SKU, so ShipBob finds its
// catalog product and inventory), and ShipBob shipments name products, not order lines. Each line
// is therefore sent with external_line_id = its position and an order tag
// "consign_line_<position>" = our line id; a shipped product maps back to our line when exactly
// one order line has that reference_id, else it is reported by SKU.
import { z } from "zod";
import type { FulfillerShipment, FulfillmentPart } from "../port";
import { ShipBobInputError } from "./errors";
import type { ShipBobOrder, ShipBobShipment } from "./schemas";

export const LINE_TAG_PREFIX = "consign_line_";

/** Free text ShipBob maps to a Ship Option; unknown values default to Standard (notes §2 "Create order"). */
export const SHIPPING_METHOD = "Standard";

const email = z.email();

export function createOrderBody(part: FulfillmentPart): Record<string, unknown> {
  const shipTo = part.order.shipTo;
  if (!shipTo) {
    throw new ShipBobInputError(`Order ${part.order.name} has no shipping address; ShipBob needs a recipient address.`);
  }
  const missing = part.lines.filter((l) => !l.sku?.trim());
  if (missing.length > 0) {
    throw new ShipBobInputError(
      `ShipBob matches products by SKU; these lines have none: ${missing.map((l) => `"${l.title}" (line ${l.lineId})`).join(", ")}.`,
    );
  }
  const notPositive = part.lines.find((l) => !Number.isInteger(l.quantity) || l.quantity < 1);
  if (notPositive) throw new ShipBobInputError(`Line ${notPositive.lineId} has quantity ${notPositive.quantity}.`);
  if (part.lines.length === 0) throw new ShipBobInputError(`Fulfillment ${part.fulfillmentId} has no lines.`);

  const recipientEmail = [shipTo.email, part.order.customerEmail].find((e) => e && email.safeParse(e).success);
  const address: Record<string, string> = {
    address1: shipTo.address1,
    city: shipTo.city,
    country: shipTo.countryCode,
  };
  if (shipTo.address2) address.address2 = shipTo.address2;
  if (shipTo.company) address.company_name = shipTo.company;
  if (shipTo.provinceCode ?? shipTo.province) address.state = String(shipTo.provinceCode ?? shipTo.province);
  if (shipTo.zip) address.zip_code = shipTo.zip;

  const recipient: Record<string, unknown> = { name: shipTo.name, address };
  if (recipientEmail) recipient.email = recipientEmail;
  if (shipTo.phone) recipient.phone_number = shipTo.phone.slice(0, 50);

  const purchaseDate = new Date(part.order.placedAt);
  const body: Record<string, unknown> = {
    reference_id: part.fulfillmentId,
    order_number: part.order.name.slice(0, 400),
    type: "DTC",
    shipping_method: SHIPPING_METHOD,
    recipient,
    products: part.lines.map((l, i) => {
      const product: Record<string, unknown> = {
        reference_id: l.sku?.trim(),
        sku: l.sku?.trim(),
        name: l.title,
        quantity: l.quantity,
        external_line_id: i + 1,
      };
      const price = Number(l.unitPrice);
      if (l.unitPrice && Number.isFinite(price)) product.unit_price = price;
      return product;
    }),
    tags: part.lines.map((l, i) => ({ name: `${LINE_TAG_PREFIX}${i + 1}`, value: l.lineId })),
  };
  if (!Number.isNaN(purchaseDate.getTime())) body.purchase_date = purchaseDate.toISOString();
  return body;
}

/** Units of a shipped product: ShipBob counts them on its inventory items. */
function unitsOf(product: NonNullable<ShipBobShipment["products"]>[number]): number {
  const items = product.inventory_items ?? [];
  if (items.length === 0) return 0;
  // A bundle lists each component with its own count; the smallest is the number of bundles
  // when components come one per bundle (the common case), and never more than were shipped.
  return Math.min(...items.map((i) => i.quantity));
}

function lineIdsByReference(order: ShipBobOrder): Map<string, string | null> {
  const tags = new Map((order.tags ?? []).map((t) => [t.name, t.value]));
  const byRef = new Map<string, string | null>();
  for (const p of order.products ?? []) {
    const ref = p.reference_id ?? p.sku;
    if (!ref) continue;
    const lineId = p.external_line_id == null ? undefined : tags.get(`${LINE_TAG_PREFIX}${p.external_line_id}`);
    // a second order line with the same reference makes the mapping ambiguous: report by SKU
    byRef.set(ref, byRef.has(ref) ? null : (lineId ?? null));
  }
  return byRef;
}

export function toFulfillerShipment(order: ShipBobOrder, shipment: ShipBobShipment): FulfillerShipment {
  const lineIds = lineIdsByReference(order);
  const tracking = shipment.tracking;
  const lines = (shipment.products ?? [])
    .map((p) => {
      const ref = p.reference_id ?? p.sku ?? null;
      const lineId = ref ? (lineIds.get(ref) ?? null) : null;
      return { lineId, sku: p.sku ?? p.reference_id ?? null, quantity: unitsOf(p) };
    })
    .filter((l) => l.quantity > 0);
  return {
    fulfillerShipmentId: String(shipment.id),
    fulfillmentId: order.reference_id ?? shipment.reference_id ?? null,
    clientFulfillmentId: String(order.id),
    trackingNumbers: tracking?.tracking_number ? [tracking.tracking_number] : [],
    carrier: tracking?.carrier ?? null,
    method: tracking?.carrier_service ?? shipment.ship_option ?? null,
    trackingUrl: tracking?.tracking_url ?? null,
    lines,
    cancelled: shipment.status === "Cancelled",
    shippedAt: tracking?.shipping_date ?? shipment.actual_fulfillment_date ?? null,
  };
}

/** A shipment worth reporting: it carries tracking, or it was cancelled. */
export function isReportable(shipment: ShipBobShipment): boolean {
  return shipment.status === "Cancelled" || !!shipment.tracking?.tracking_number;
}
