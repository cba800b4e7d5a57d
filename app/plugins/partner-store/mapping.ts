// How a buyer's part and a partner order in the seller's store refer to each other, and how the
// seller's fulfillments map back to the buyer's lines: seller line → seller variant → the buyer
// line whose variant is matched to it (PartnerPart.lines[].sellerVariantId).
import type { PartnerOrderFulfillment, PartnerOrderState } from "~/platforms/port";
import type { FulfillerShipment, PartnerPart } from "../port";

/** Every partner order carries this tag (Shopify), so the seller can find them all. */
export const PARTNER_TAG = "consign-partner";

/** The tag of one partnership's orders (Shopify tags are short: "cp-" and the cuid, 28 characters). */
export function partnershipTag(partnershipId: string): string {
  return `cp-${partnershipId}`;
}

export function referencePrefix(partnershipId: string): string {
  return `consign-${partnershipId}-`;
}

/** The part's reference on the seller's order: the partnership (so the buyer shop) and our fulfillment. */
export function referenceFor(partnershipId: string, fulfillmentId: string): string {
  return `${referencePrefix(partnershipId)}${fulfillmentId}`;
}

function mapLines(
  fulfillment: PartnerOrderFulfillment,
  part: PartnerPart,
  allocated: Map<string, number>,
): FulfillerShipment["lines"] {
  const lines: FulfillerShipment["lines"] = [];
  for (const sellerLine of fulfillment.lines) {
    const candidates = sellerLine.variantId ? part.lines.filter((l) => l.sellerVariantId === sellerLine.variantId) : [];
    if (candidates.length === 0) {
      // Not a line of this part (the seller shipped something else): reported by the seller's SKU,
      // which the coverage rules refuse with a reason naming it.
      lines.push({ sku: sellerLine.sku ?? `seller variant ${sellerLine.variantId ?? "(none)"}`, quantity: sellerLine.quantity });
      continue;
    }
    // Several buyer lines may ship as one seller variant: units go to them in line order, each up
    // to its quantity; what is left goes to the last, where over-coverage is refused with a reason.
    let left = sellerLine.quantity;
    for (const [index, line] of candidates.entries()) {
      const free = line.quantity - (allocated.get(line.lineId) ?? 0);
      const take = index === candidates.length - 1 ? left : Math.min(left, Math.max(0, free));
      if (take <= 0) continue;
      lines.push({ lineId: line.lineId, quantity: take });
      allocated.set(line.lineId, (allocated.get(line.lineId) ?? 0) + take);
      left -= take;
      if (left <= 0) break;
    }
  }
  return lines;
}

/**
 * The seller's fulfillments of one partner order as shipments of the buyer's part. Cancellations
 * come first (a fulfillment the seller cancelled, or one Consign holds that the seller's store no
 * longer has), so that a fulfillment redone with corrected details finds its units free again.
 */
export function shipmentsOf(order: PartnerOrderState, part: PartnerPart, fulfillmentId: string): FulfillerShipment[] {
  const base = { fulfillmentId, clientFulfillmentId: order.platformOrderId };
  const present = new Set(order.fulfillments.map((f) => f.id));
  const cancelled: FulfillerShipment[] = [];
  for (const id of part.liveShipmentIds) {
    if (present.has(id)) continue;
    cancelled.push({ ...base, fulfillerShipmentId: id, trackingNumbers: [], carrier: null, method: null, trackingUrl: null, lines: [], cancelled: true, shippedAt: null });
  }
  const live: FulfillerShipment[] = [];
  const allocated = new Map<string, number>();
  for (const f of order.fulfillments) {
    const shipment: FulfillerShipment = {
      ...base,
      fulfillerShipmentId: f.id,
      trackingNumbers: f.trackingNumbers,
      carrier: f.carrier,
      method: f.method,
      trackingUrl: f.trackingUrl,
      lines: f.cancelled ? [] : mapLines(f, part, allocated),
      cancelled: f.cancelled,
      shippedAt: f.shippedAt,
    };
    (f.cancelled ? cancelled : live).push(shipment);
  }
  return [...cancelled, ...live];
}
