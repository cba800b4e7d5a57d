// A person changes a fulfillment's status in the admin. Always through the status table (DESIGN.md
// §Statuses): a move the table does not allow is refused with its reason. Sending (PENDING) and
// the automatic resend (RECYCLED) belong to the hold task; changing a status by hand never sends
// or pushes anything faster (seed: Konnektive fulfillment statuses).
import { z } from "zod";
import { IllegalTransitionError } from "~/fulfillment/errors";
import { STATUSES } from "~/fulfillment/types";
import type { AppContext } from "./context";
import { ConflictError, NotFoundError, parseInput, ValidationError } from "./errors";
import { transitionFulfillment } from "./shared/transition";

const BY_TASKS_ONLY = new Set(["PENDING", "RECYCLED"]);

const inputSchema = z.object({
  shopId: z.string().min(1),
  fulfillmentId: z.string().min(1),
  to: z.enum(STATUSES),
  actor: z.string().min(1),
  reason: z.string().trim().max(500).nullish(),
  rmaNumber: z.string().trim().min(1).max(100).nullish(),
});

export type ChangeFulfillmentStatusInput = z.input<typeof inputSchema>;

export interface ChangeFulfillmentStatusResult {
  fulfillmentId: string;
  orderId: string;
  from: string;
  to: string;
  clientFulfillmentId: string | null;
}

export async function changeFulfillmentStatus(
  ctx: AppContext,
  raw: ChangeFulfillmentStatusInput,
): Promise<ChangeFulfillmentStatusResult> {
  const input = parseInput(inputSchema, raw);
  if (BY_TASKS_ONLY.has(input.to)) {
    throw new ValidationError([{ field: "to", message: `${input.to} is set by the hold task, not by hand` }]);
  }
  return ctx.db.$transaction(async (tx) => {
    const part = await tx.fulfillment.findFirst({
      where: { id: input.fulfillmentId, shopId: input.shopId },
      select: { orderId: true, clientFulfillmentId: true },
    });
    if (!part) throw new NotFoundError("Fulfillment", input.fulfillmentId);
    const at = ctx.now();
    const data = {
      ...(input.rmaNumber ? { rmaNumber: input.rmaNumber } : {}),
      ...(input.to === "SHIPPED" ? { shippedAt: at } : {}),
      ...(input.to === "DELIVERED" ? { deliveredAt: at } : {}),
    };
    try {
      const from = await transitionFulfillment(tx, {
        shopId: input.shopId,
        fulfillmentId: input.fulfillmentId,
        to: input.to,
        actor: input.actor,
        reason: input.reason ?? "changed by hand",
        at,
        data,
      });
      return { fulfillmentId: input.fulfillmentId, orderId: part.orderId, from, to: input.to, clientFulfillmentId: part.clientFulfillmentId };
    } catch (error) {
      if (error instanceof IllegalTransitionError) throw new ConflictError(error.message);
      throw error;
    }
  });
}
