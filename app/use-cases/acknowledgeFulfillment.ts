// POST /api/v1/fulfillments/{id}/acknowledge: a pull-type house takes a fulfillment it fetched.
// HOLD (past the shop's hold delay) or RECYCLED → PENDING through the status table, with the
// house's own reference as clientFulfillmentId (seed: Konnektive's clientFulfillmentId, notes/peers.md §3).
// Acknowledging again with the same reference changes nothing, so a house may retry safely.
import { z } from "zod";
import { canTransition } from "~/fulfillment/statuses";
import type { FulfillmentStatus } from "~/fulfillment/types";
import type { AppContext } from "./context";
import { ConflictError, NotFoundError, parseInput } from "./errors";
import { findOwnFulfillment, loadFulfillmentDetail } from "./shared/pullFulfillments";
import type { FulfillmentDetailView } from "./shared/pullViews";
import { RuleRefusedError, transitionOrRefuse } from "./shared/ruleRefused";

export const acknowledgeBodySchema = z
  .object({
    reference: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .describe("The house's own id for this fulfillment (its order number); unique among this house's fulfillments"),
  })
  .strict();

const inputSchema = z.object({
  shopId: z.string().min(1),
  connectionId: z.string().min(1),
  actor: z.string().min(1),
  fulfillmentId: z.string().min(1),
  body: acknowledgeBodySchema,
});

export type AcknowledgeFulfillmentInput = z.input<typeof inputSchema>;

export async function acknowledgeFulfillment(
  ctx: AppContext,
  raw: AcknowledgeFulfillmentInput,
): Promise<{ changed: boolean; fulfillment: FulfillmentDetailView }> {
  const input = parseInput(inputSchema, raw);
  const scope = { shopId: input.shopId, connectionId: input.connectionId };
  const { reference } = input.body;
  const changed = await ctx.db.$transaction(async (tx) => {
    const part = await findOwnFulfillment(tx, scope, input.fulfillmentId);
    if (!part) throw new NotFoundError("Fulfillment", input.fulfillmentId);
    const from = part.status as FulfillmentStatus;
    if (from === "PENDING" && part.clientFulfillmentId === reference) return false;
    if (from === "PENDING") {
      throw new ConflictError(`This fulfillment was already acknowledged with reference ${part.clientFulfillmentId ?? "(none)"}.`);
    }
    if (!canTransition(from, "PENDING")) {
      throw new RuleRefusedError([
        {
          field: "",
          code: "TRANSITION_NOT_ALLOWED",
          message: `A ${from} fulfillment cannot be acknowledged; only HOLD and RECYCLED ones wait for it.`,
        },
      ]);
    }
    const at = ctx.now();
    if (part.holdUntil && part.holdUntil > at) {
      throw new ConflictError(`This fulfillment is on hold until ${part.holdUntil.toISOString()}; it is not ready yet.`);
    }
    const taken = await tx.fulfillment.findFirst({
      where: { ...scope, clientFulfillmentId: reference, NOT: { id: part.id } },
      select: { id: true },
    });
    if (taken) throw new ConflictError(`Reference ${reference} is already used for fulfillment ${taken.id}.`);
    await transitionOrRefuse(tx, {
      shopId: scope.shopId,
      fulfillmentId: part.id,
      to: "PENDING",
      actor: input.actor,
      reason: `acknowledged by the fulfiller (reference ${reference})`,
      at,
      data: { clientFulfillmentId: reference, sentAt: at, failureReason: null, attempts: { increment: 1 } },
    });
    return true;
  });
  const fulfillment = await loadFulfillmentDetail(ctx.db, scope, input.fulfillmentId);
  if (!fulfillment) throw new NotFoundError("Fulfillment", input.fulfillmentId);
  return { changed, fulfillment };
}
