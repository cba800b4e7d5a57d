// The one way a fulfillment changes status: checked against the domain's table and written to
// the order's timeline in the same transaction.
import type { Prisma } from "@prisma/client";
import { assertTransition } from "~/fulfillment/statuses";
import type { FulfillmentStatus } from "~/fulfillment/types";
import { writeOutbox } from "../webhooks/outbox";

type Tx = Prisma.TransactionClient;

export interface TransitionInput {
  shopId: string;
  fulfillmentId: string;
  to: FulfillmentStatus;
  actor: string;
  reason?: string | null;
  at: Date;
  /** extra columns to set with the status (clientFulfillmentId, failureReason, ...) */
  data?: Prisma.FulfillmentUpdateManyMutationInput;
}

/**
 * Moves a fulfillment to `to`. Throws IllegalTransitionError if the table forbids it.
 * Optimistic: the update is conditional on the status read, so two writers cannot both move it.
 * Returns the previous status.
 */
export async function transitionFulfillment(tx: Tx, input: TransitionInput): Promise<FulfillmentStatus> {
  const current = await tx.fulfillment.findFirst({
    where: { id: input.fulfillmentId, shopId: input.shopId },
    select: { status: true, orderId: true },
  });
  if (!current) throw new Error(`Fulfillment ${input.fulfillmentId} not found for this shop`);
  const from = current.status as FulfillmentStatus;
  assertTransition(from, input.to);
  const updated = await tx.fulfillment.updateMany({
    where: { id: input.fulfillmentId, shopId: input.shopId, status: from },
    data: { ...input.data, status: input.to, updatedAt: input.at },
  });
  if (updated.count !== 1) throw new Error(`Fulfillment ${input.fulfillmentId} changed concurrently; retry`);
  await tx.timelineEvent.create({
    data: {
      shopId: input.shopId,
      orderId: current.orderId,
      fulfillmentId: input.fulfillmentId,
      kind: "STATUS",
      from,
      to: input.to,
      reason: input.reason ?? null,
      actor: input.actor,
      at: input.at,
    },
  });
  // Outgoing webhooks and customer notifications raised by this change, in this transaction.
  await writeOutbox(tx, [
    { shopId: input.shopId, orderId: current.orderId, fulfillmentId: input.fulfillmentId, kind: "STATUS", from, to: input.to, reason: input.reason ?? null, at: input.at },
  ]);
  return from;
}
