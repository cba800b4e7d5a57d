// A person resends a FAILED part: it goes back to HOLD and the next hold run (or "send now")
// submits it again. The automatic resend is not granted a second time.
import { z } from "zod";
import { IllegalTransitionError } from "~/fulfillment/errors";
import type { AppContext } from "./context";
import { ConflictError, NotFoundError, parseInput } from "./errors";
import { transitionFulfillment } from "./shared/transition";

const inputSchema = z.object({
  shopId: z.string().min(1),
  fulfillmentId: z.string().min(1),
  actor: z.string().min(1),
});

export type ResendFulfillmentInput = z.input<typeof inputSchema>;

export async function resendFulfillment(ctx: AppContext, raw: ResendFulfillmentInput): Promise<{ fulfillmentId: string }> {
  const input = parseInput(inputSchema, raw);
  await ctx.db.$transaction(async (tx) => {
    const part = await tx.fulfillment.findFirst({
      where: { id: input.fulfillmentId, shopId: input.shopId },
      select: { status: true },
    });
    if (!part) throw new NotFoundError("Fulfillment", input.fulfillmentId);
    if (part.status !== "FAILED") throw new ConflictError(`Only a FAILED fulfillment can be resent; this one is ${part.status}.`);
    try {
      await transitionFulfillment(tx, {
        shopId: input.shopId,
        fulfillmentId: input.fulfillmentId,
        to: "HOLD",
        actor: input.actor,
        reason: "resent by a person",
        at: ctx.now(),
        data: { holdUntil: null, failureReason: null },
      });
    } catch (error) {
      if (error instanceof IllegalTransitionError) throw new ConflictError(error.message);
      throw error;
    }
  });
  return { fulfillmentId: input.fulfillmentId };
}
