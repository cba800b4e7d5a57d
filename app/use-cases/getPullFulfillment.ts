// GET /api/v1/fulfillments/{id}: one of the house's fulfillments, its shipments and where each was
// pushed in the store (the push intent's state and the store's ids). Another house's or another
// shop's fulfillment is "not found", the same as one that does not exist.
import { z } from "zod";
import type { AppContext } from "./context";
import { NotFoundError, parseInput } from "./errors";
import { loadFulfillmentDetail } from "./shared/pullFulfillments";
import type { FulfillmentDetailView } from "./shared/pullViews";

const inputSchema = z.object({
  shopId: z.string().min(1),
  connectionId: z.string().min(1),
  fulfillmentId: z.string().min(1),
});

export type GetPullFulfillmentInput = z.input<typeof inputSchema>;

export async function getPullFulfillment(ctx: AppContext, raw: GetPullFulfillmentInput): Promise<FulfillmentDetailView> {
  const input = parseInput(inputSchema, raw);
  const found = await loadFulfillmentDetail(ctx.db, input, input.fulfillmentId);
  if (!found) throw new NotFoundError("Fulfillment", input.fulfillmentId);
  return found;
}
