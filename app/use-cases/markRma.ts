// A person expects a return: SHIPPED or DELIVERED → RMA_PENDING with the RMA number (the table
// refuses it from any other status). RMA_PENDING → RETURNED or CANCELLED follows by hand or by a
// returns upload.
import type { AppContext } from "./context";
import { changeFulfillmentStatus, type ChangeFulfillmentStatusResult } from "./changeFulfillmentStatus";

export interface MarkRmaInput {
  shopId: string;
  fulfillmentId: string;
  actor: string;
  rmaNumber?: string | null;
  reason?: string | null;
}

export function markRma(ctx: AppContext, input: MarkRmaInput): Promise<ChangeFulfillmentStatusResult> {
  return changeFulfillmentStatus(ctx, {
    shopId: input.shopId,
    fulfillmentId: input.fulfillmentId,
    to: "RMA_PENDING",
    actor: input.actor,
    rmaNumber: input.rmaNumber ?? null,
    reason: input.reason ?? (input.rmaNumber ? `return expected, RMA ${input.rmaNumber}` : "return expected"),
  });
}
