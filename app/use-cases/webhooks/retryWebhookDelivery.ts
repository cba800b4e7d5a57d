// The merchant sends a FAILED delivery again: it goes back in the queue, due now, with a fresh
// set of attempts; the delivery job sends the same body with the same delivery id.
import { z } from "zod";
import type { AppContext } from "../context";
import { ConflictError, NotFoundError, parseInput } from "../errors";

const inputSchema = z.object({ shopId: z.string().min(1), deliveryId: z.string().min(1) });

export async function retryWebhookDelivery(ctx: AppContext, raw: z.input<typeof inputSchema>): Promise<void> {
  const input = parseInput(inputSchema, raw);
  const retried = await ctx.db.webhookDelivery.updateMany({
    where: { id: input.deliveryId, shopId: input.shopId, state: "FAILED" },
    data: { state: "PENDING", attempts: 0, nextAttemptAt: ctx.now() },
  });
  if (retried.count === 1) return;
  const exists = await ctx.db.webhookDelivery.findFirst({ where: { id: input.deliveryId, shopId: input.shopId }, select: { state: true } });
  if (!exists) throw new NotFoundError("Webhook delivery", input.deliveryId);
  throw new ConflictError(`Only a failed delivery can be sent again; this one is ${exists.state.toLowerCase()}.`);
}
