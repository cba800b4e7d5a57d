// BigCommerce removed a user's access to the app (remove_user callback, notes/bigcommerce.md §1):
// their BcUser row goes, so their session tokens stop working at the next request
// (requireBigCommerceAdmin checks the row every time).
import { z } from "zod";
import type { AppContext } from "./context";
import { parseInput } from "./errors";

const inputSchema = z.object({
  storeHash: z.string().regex(/^[a-z0-9]+$/, "must be a store hash"),
  userId: z.string().regex(/^\d+$/, "must be a BigCommerce user id"),
});

export type RemoveBcUserInput = z.input<typeof inputSchema>;

export async function removeBcUser(ctx: AppContext, raw: RemoveBcUserInput): Promise<{ removed: number }> {
  const input = parseInput(inputSchema, raw);
  const { count } = await ctx.db.bcUser.deleteMany({
    where: { userId: input.userId, shop: { platform: "BIGCOMMERCE", domain: input.storeHash } },
  });
  return { removed: count };
}
