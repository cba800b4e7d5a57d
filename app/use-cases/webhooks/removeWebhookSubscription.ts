// Removing a subscription drops its undelivered deliveries and its log with it.
import { z } from "zod";
import type { AppContext } from "../context";
import { NotFoundError, parseInput } from "../errors";

const inputSchema = z.object({ shopId: z.string().min(1), subscriptionId: z.string().min(1) });

export async function removeWebhookSubscription(ctx: AppContext, raw: z.input<typeof inputSchema>): Promise<void> {
  const input = parseInput(inputSchema, raw);
  const removed = await ctx.db.webhookSubscription.deleteMany({ where: { id: input.subscriptionId, shopId: input.shopId } });
  if (removed.count === 0) throw new NotFoundError("Webhook subscription", input.subscriptionId);
}
