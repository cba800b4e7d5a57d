// Creating and cancelling ShipBob orders, idempotently on our fulfillment id (reference_id).
import type { FulfillmentPart } from "../port";
import { ShipBobCancelRefusedError, ShipBobRejectedError } from "./errors";
import type { ShipBobHttp } from "./http";
import { createOrderBody } from "./mapping";
import { cancelResultSchema, orderListSchema, orderSchema, type ShipBobOrder } from "./schemas";

export async function findOrderByReference(http: ShipBobHttp, referenceId: string): Promise<ShipBobOrder | null> {
  // ReferenceIds is comma separated (GET /{v}/order); ours are cuids, never containing a comma.
  const orders = await http.get("order", { ReferenceIds: referenceId, Limit: 10 }, orderListSchema);
  return orders.find((o) => o.reference_id === referenceId) ?? null;
}

/**
 * POST /{v}/order with reference_id = our fulfillment id. ShipBob refuses a second order with the
 * same reference_id (422 "Cannot insert order with existing ReferenceId", notes §2 "Create order"),
 * so a repeated submit — ours, or a retry after a lost answer — is reconciled by looking the order
 * up, and submit stays idempotent.
 */
export async function submitOrder(http: ShipBobHttp, part: FulfillmentPart): Promise<{ clientFulfillmentId: string }> {
  const body = createOrderBody(part);
  try {
    const order = await http.post("order", body, orderSchema);
    return { clientFulfillmentId: String(order.id) };
  } catch (error) {
    if (error instanceof ShipBobRejectedError && error.status === 422) {
      const existing = await findOrderByReference(http, part.fulfillmentId);
      if (existing) return { clientFulfillmentId: String(existing.id) };
    }
    throw error;
  }
}

/**
 * POST /{v}/order/{orderId}:cancel. ShipBob cancels only shipments not yet picked, packed or
 * shipped; anything it keeps is reported as ShipBobCancelRefusedError with ShipBob's reasons.
 * An order ShipBob never received, or one already cancelled, is cancelled as far as we care.
 */
export async function cancelOrder(
  http: ShipBobHttp,
  ref: { fulfillmentId: string; clientFulfillmentId: string | null },
): Promise<void> {
  const orderId = ref.clientFulfillmentId ?? (await findOrderByReference(http, ref.fulfillmentId))?.id;
  if (orderId === undefined) return;
  try {
    const result = await http.post(`order/${orderId}:cancel`, undefined, cancelResultSchema);
    const refused = (result.canceled_shipment_results ?? []).filter((r) => r.is_success === false);
    if (result.status === "Success" || (result.status == null && refused.length === 0)) return;
    throw new ShipBobCancelRefusedError(
      String(orderId),
      refused.map((r) => ({
        shipmentId: r.shipment_id == null ? null : String(r.shipment_id),
        reason: r.reason ?? "not cancellable",
      })),
      result.status === "PartialSuccess",
    );
  } catch (error) {
    if (error instanceof ShipBobRejectedError && error.status === 422) {
      const order = await http.get(`order/${orderId}`, {}, orderSchema);
      if (order.status === "Cancelled") return;
      throw new ShipBobCancelRefusedError(
        String(orderId),
        error.messages.map((reason) => ({ shipmentId: null, reason })),
        false,
        422,
      );
    }
    throw error;
  }
}
