// A BigCommerce store removed Consign (uninstall callback or store/app/uninstalled webhook;
// notes/bigcommerce.md §1, §4). As for Shopify (uninstallShop): the store is marked uninstalled,
// which stops its jobs, and its orders stay. BigCommerce revokes the access token and deletes the
// app's webhooks itself; we drop our copy of the token and every user's access, so no session
// token opens the store until it is installed again. Repeating it changes nothing.
import { z } from "zod";
import type { AppContext } from "./context";
import { parseInput } from "./errors";
import { uninstallShop } from "./uninstallShop";

const inputSchema = z.object({ storeHash: z.string().regex(/^[a-z0-9]+$/, "must be a store hash") });

export interface UninstallBigCommerceStoreResult {
  /** null when we never stored this store */
  shopId: string | null;
  usersRemoved: number;
  leasesReleased: number;
}

export async function uninstallBigCommerceStore(
  ctx: AppContext,
  raw: z.input<typeof inputSchema>,
): Promise<UninstallBigCommerceStoreResult> {
  const { storeHash } = parseInput(inputSchema, raw);
  const { shopId, leasesReleased } = await uninstallShop(ctx, { platform: "BIGCOMMERCE", shopDomain: storeHash });
  if (!shopId) return { shopId: null, usersRemoved: 0, leasesReleased };
  const usersRemoved = await ctx.db.$transaction(async (tx) => {
    await tx.shop.update({ where: { id: shopId }, data: { accessTokenEnc: null } });
    return (await tx.bcUser.deleteMany({ where: { shopId } })).count;
  });
  return { shopId, usersRemoved, leasesReleased };
}
