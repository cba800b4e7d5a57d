// A merchant installs Consign from the BigCommerce control panel (single-click app, auth
// callback; notes/bigcommerce.md §1). After the token exchange the store is stored (Shop platform
// BIGCOMMERCE, domain = store hash) with its access token encrypted, the installing user and the
// owner get access (BcUser), and our webhooks are registered with the store's secret header
// (notes §4). A reinstall updates the same rows and clears uninstalledAt; registering the hooks
// again re-activates them with the current headers (the adapter's registerWebhooks).
import { z } from "zod";
import type { AppContext } from "./context";
import { parseInput } from "./errors";
import { isBigCommercePlatform, sealBigCommerceToken } from "./shared/bigCommerce";
import { keyringOf } from "./shared/credentials";
import { shopRefOf } from "./shared/shopRef";

const bcUser = z.object({ id: z.string().regex(/^\d+$/, "must be a BigCommerce user id"), email: z.string().nullable() });

const inputSchema = z.object({
  storeHash: z.string().regex(/^[a-z0-9]+$/, "must be a store hash"),
  accessToken: z.string().min(1),
  /** the scopes BigCommerce granted (space-separated), kept for the record */
  scope: z.string(),
  /** who installed it, and the store owner (the same person, or not) */
  user: bcUser,
  owner: bcUser,
  webhooks: z.object({
    destination: z.url(),
    headers: z.record(z.string(), z.string()),
  }),
});

export type InstallBigCommerceStoreInput = z.input<typeof inputSchema>;

export interface InstallBigCommerceStoreResult {
  shopId: string;
  /** the store was not known before */
  created: boolean;
  /** it was known and uninstalled */
  reinstalled: boolean;
  /** hooks registered (one per scope) */
  webhooks: number;
}

export async function installBigCommerceStore(
  ctx: AppContext,
  raw: InstallBigCommerceStoreInput,
): Promise<InstallBigCommerceStoreResult> {
  const input = parseInput(inputSchema, raw);
  const keyring = keyringOf(ctx);
  const { shop, created, reinstalled } = await ctx.db.$transaction(async (tx) => {
    const where = { platform_domain: { platform: "BIGCOMMERCE", domain: input.storeHash } };
    const before = await tx.shop.findUnique({ where, select: { id: true, uninstalledAt: true } });
    const row = await tx.shop.upsert({
      where,
      create: { platform: "BIGCOMMERCE", domain: input.storeHash, email: input.owner.email },
      update: { uninstalledAt: null, ...(input.owner.email ? { email: input.owner.email } : {}) },
    });
    const saved = await tx.shop.update({
      where: { id: row.id },
      data: { accessTokenEnc: sealBigCommerceToken(keyring, row.id, input.accessToken) },
    });
    // Ownership can move to another user; only the current owner is marked as such.
    await tx.bcUser.updateMany({ where: { shopId: row.id, userId: { not: input.owner.id } }, data: { isOwner: false } });
    const people = input.user.id === input.owner.id ? [input.owner] : [input.owner, input.user];
    for (const person of people) {
      const isOwner = person.id === input.owner.id;
      await tx.bcUser.upsert({
        where: { shopId_userId: { shopId: row.id, userId: person.id } },
        create: { shopId: row.id, userId: person.id, email: person.email, isOwner },
        update: { email: person.email, isOwner },
      });
    }
    return { shop: saved, created: before === null, reinstalled: before?.uninstalledAt != null };
  });

  const platform = ctx.platform("BIGCOMMERCE");
  if (!isBigCommercePlatform(platform)) throw new Error("The BIGCOMMERCE platform adapter cannot register webhooks");
  const hooks = await platform.registerWebhooks(shopRefOf(shop), input.webhooks);
  return { shopId: shop.id, created, reinstalled, webhooks: hooks.length };
}
