// A person cancels one fulfillment: through the status table, then its fulfiller (if it already
// has the part) is asked to drop it; a refusal is noted on the timeline and does not undo it.
import type { FulfillmentStatus } from "~/fulfillment/types";
import { changeFulfillmentStatus } from "./changeFulfillmentStatus";
import type { AppContext } from "./context";
import { NotFoundError } from "./errors";
import { cancelAtFulfillers, mayBeWithFulfiller } from "./shared/cancelAtFulfiller";

export interface CancelFulfillmentInput {
  shopId: string;
  fulfillmentId: string;
  actor: string;
  reason?: string | null;
}

export interface CancelFulfillmentResult {
  fulfillmentId: string;
  from: FulfillmentStatus;
  /** the fulfiller confirmed; null when it never had the part */
  fulfillerNotified: boolean | null;
}

export async function cancelFulfillment(ctx: AppContext, input: CancelFulfillmentInput): Promise<CancelFulfillmentResult> {
  const changed = await changeFulfillmentStatus(ctx, {
    shopId: input.shopId,
    fulfillmentId: input.fulfillmentId,
    to: "CANCELLED",
    actor: input.actor,
    reason: input.reason ?? "cancelled by hand",
  });
  const from = changed.from as FulfillmentStatus;
  if (!mayBeWithFulfiller(from, changed.clientFulfillmentId)) return { fulfillmentId: input.fulfillmentId, from, fulfillerNotified: null };
  const part = await ctx.db.fulfillment.findFirst({
    where: { id: input.fulfillmentId, shopId: input.shopId },
    select: { connection: true },
  });
  if (!part) throw new NotFoundError("Fulfillment", input.fulfillmentId);
  const { notified } = await cancelAtFulfillers(
    ctx,
    [
      {
        shopId: input.shopId,
        orderId: changed.orderId,
        fulfillmentId: input.fulfillmentId,
        clientFulfillmentId: changed.clientFulfillmentId,
        connection: part.connection,
      },
    ],
    input.actor,
  );
  return { fulfillmentId: input.fulfillmentId, from, fulfillerNotified: notified.length === 1 };
}
