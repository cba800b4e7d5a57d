// Asking a fulfiller to drop a part it already received. Runs after the cancellation is committed;
// a failure is written to the timeline and never undoes or blocks the cancellation.
import type { AppContext } from "../context";
import { connectionClient } from "./connectionClient";
import { addTimeline } from "./timeline";

export interface SentPart {
  shopId: string;
  orderId: string;
  fulfillmentId: string;
  clientFulfillmentId: string | null;
  connection: { id: string; shopId: string; kind: string; credentialsEnc: string; webhookSecret: string | null };
}

/** Whether a part not yet shipped, in this status, may already be with its fulfiller. */
export function mayBeWithFulfiller(status: string, clientFulfillmentId: string | null): boolean {
  if (status === "PENDING" || status === "PENDING_SHIPMENT" || status === "RECYCLED") return true;
  return (status === "HOLD" || status === "FAILED") && clientFulfillmentId !== null;
}

/** Returns the ids whose fulfiller confirmed, and the failures with their reasons. */
export async function cancelAtFulfillers(
  ctx: AppContext,
  parts: readonly SentPart[],
  actor: string,
): Promise<{ notified: string[]; failed: { fulfillmentId: string; error: string }[] }> {
  const notified: string[] = [];
  const failed: { fulfillmentId: string; error: string }[] = [];
  for (const part of parts) {
    try {
      const client = connectionClient(ctx, part.connection);
      await client.cancel({ fulfillmentId: part.fulfillmentId, clientFulfillmentId: part.clientFulfillmentId });
      notified.push(part.fulfillmentId);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failed.push({ fulfillmentId: part.fulfillmentId, error: message });
      await addTimeline(ctx.db, {
        shopId: part.shopId,
        orderId: part.orderId,
        fulfillmentId: part.fulfillmentId,
        kind: "FULFILLER_CANCEL_FAILED",
        reason: `The fulfiller could not cancel this part: ${message}`,
        actor,
        at: ctx.now(),
      });
    }
  }
  return { notified, failed };
}
