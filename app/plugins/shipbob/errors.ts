// ShipBob's refusals, kept with ShipBob's own words so a merchant sees what ShipBob said.
import { PluginRejectedError } from "../errors";

/** ShipBob answered 400/422 (or 404): its field messages are kept in `fields`. */
export class ShipBobRejectedError extends PluginRejectedError {
  override name = "ShipBobRejectedError";
  constructor(
    message: string,
    status: number,
    readonly fields: Record<string, string[]>,
  ) {
    super(message, status);
  }

  /** every message ShipBob gave, in order */
  get messages(): string[] {
    return Object.values(this.fields).flat();
  }
}

/**
 * ShipBob would not cancel: a shipment is already picked, packed or shipped ("The shipment must
 * not be picked, packed, or shipped", POST /{v}/order/{orderId}:cancel). `partial`: ShipBob
 * cancelled the shipments it still could and refused the others.
 */
export class ShipBobCancelRefusedError extends PluginRejectedError {
  override name = "ShipBobCancelRefusedError";
  constructor(
    readonly orderId: string,
    /** ShipBob's reasons, per shipment where it gave one */
    readonly reasons: { shipmentId: string | null; reason: string }[],
    readonly partial: boolean,
    status = 200,
  ) {
    const said = reasons.map((r) => (r.shipmentId ? `shipment ${r.shipmentId}: ${r.reason}` : r.reason)).join("; ");
    super(
      `ShipBob ${partial ? "cancelled only part of" : "refused to cancel"} order ${orderId}: ${said || "no reason given"}`,
      status,
    );
  }
}

/** Our part cannot be sent to ShipBob as it is (a line without SKU, no ship-to address). */
export class ShipBobInputError extends PluginRejectedError {
  override name = "ShipBobInputError";
  constructor(message: string) {
    super(message, null);
  }
}
