// A BigCommerce user opens Consign (load callback, notes/bigcommerce.md §1 "Users"): with
// multi-user support a user other than the owner can load the app, and gets access to the store
// here. The store must be installed; a load for a store we do not hold is refused.
import { z } from "zod";
import type { AppContext } from "./context";
import { NotFoundError, parseInput } from "./errors";

const bcUser = z.object({ id: z.string().regex(/^\d+$/, "must be a BigCommerce user id"), email: z.string().nullable() });

const inputSchema = z.object({
  storeHash: z.string().regex(/^[a-z0-9]+$/, "must be a store hash"),
  user: bcUser,
  owner: bcUser,
});

export type AddBcUserInput = z.input<typeof inputSchema>;

export interface AddBcUserResult {
  shopId: string;
  userId: string;
  isOwner: boolean;
  /** the user had no access before this load */
  added: boolean;
}

export async function addBcUser(ctx: AppContext, raw: AddBcUserInput): Promise<AddBcUserResult> {
  const input = parseInput(inputSchema, raw);
  return ctx.db.$transaction(async (tx) => {
    const shop = await tx.shop.findUnique({
      where: { platform_domain: { platform: "BIGCOMMERCE", domain: input.storeHash } },
      select: { id: true, uninstalledAt: true },
    });
    if (!shop || shop.uninstalledAt) throw new NotFoundError("BigCommerce store", input.storeHash);
    const isOwner = input.user.id === input.owner.id;
    const key = { shopId_userId: { shopId: shop.id, userId: input.user.id } };
    const before = await tx.bcUser.findUnique({ where: key, select: { id: true } });
    await tx.bcUser.upsert({
      where: key,
      create: { shopId: shop.id, userId: input.user.id, email: input.user.email, isOwner },
      update: { email: input.user.email, isOwner },
    });
    return { shopId: shop.id, userId: input.user.id, isOwner, added: before === null };
  });
}
