// An order cancelled (on the platform or by the merchant): every part not yet shipped is
// cancelled through the status table, then the fulfillers that already have a part are asked to
// drop it. A fulfiller that cannot is noted on the timeline; the cancellation stands.
import { z } from "zod";
import { CANCELLABLE } from "~/fulfillment/statuses";
import type { FulfillmentStatus } from "~/fulfillment/types";
import type { AppContext } from "./context";
import { NotFoundError, parseInput } from "./errors";
import { cancelAtFulfillers, mayBeWithFulfiller, type SentPart } from "./shared/cancelAtFulfiller";
import { transitionFulfillment } from "./shared/transition";

const inputSchema = z.object({
  shopId: z.string().min(1),
  platformOrderId: z.string().min(1),
  reason: z.string().min(1),
  actor: z.string().optional(),
});

export type CancelOrderInput = z.input<typeof inputSchema>;

export interface CancelOrderResult {
  orderId: string;
  /** parts moved to CANCELLED by this call */
  cancelled: string[];
  /** parts their fulfiller confirmed dropping */
  notified: string[];
  /** parts their fulfiller could not drop (noted on the timeline) */
  notifyFailed: { fulfillmentId: string; error: string }[];
}

export async function cancelOrder(ctx: AppContext, raw: CancelOrderInput): Promise<CancelOrderResult> {
  const input = parseInput(inputSchema, raw);
  const actor = input.actor ?? ctx.actor ?? "system";
  const { orderId, sent, cancelled } = await ctx.db.$transaction(async (tx) => {
    const now = ctx.now();
    const order = await tx.order.findFirst({
      where: { shopId: input.shopId, platformOrderId: input.platformOrderId },
      select: { id: true, cancelledAt: true },
    });
    if (!order) throw new NotFoundError("Order", input.platformOrderId);
    if (!order.cancelledAt) await tx.order.update({ where: { id: order.id }, data: { cancelledAt: now } });
    const parts = await tx.fulfillment.findMany({
      where: { shopId: input.shopId, orderId: order.id, status: { in: [...CANCELLABLE] } },
      include: { connection: true },
      orderBy: { createdAt: "asc" },
    });
    const sentParts: SentPart[] = [];
    for (const part of parts) {
      await transitionFulfillment(tx, {
        shopId: input.shopId,
        fulfillmentId: part.id,
        to: "CANCELLED",
        actor,
        reason: input.reason,
        at: now,
      });
      if (mayBeWithFulfiller(part.status as FulfillmentStatus, part.clientFulfillmentId)) {
        sentParts.push({
          shopId: input.shopId,
          orderId: order.id,
          fulfillmentId: part.id,
          clientFulfillmentId: part.clientFulfillmentId,
          connection: part.connection,
        });
      }
    }
    return { orderId: order.id, sent: sentParts, cancelled: parts.map((p) => p.id) };
  });
  const { notified, failed } = await cancelAtFulfillers(ctx, sent, actor);
  return { orderId, cancelled, notified, notifyFailed: failed };
}
