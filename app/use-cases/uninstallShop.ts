// app/uninstalled: the shop removed Consign. Its sessions are deleted (the tokens are revoked
// anyway) and the shop is marked uninstalled, which the scheduler and the worker read to skip it:
// no job of this shop runs again until it installs again (afterAuth clears uninstalledAt).
// Its data stays until shop/redact, which Shopify sends 48 hours later (notes/shopify.md §4).
// A BigCommerce store (platform BIGCOMMERCE, domain = store hash) goes the same way; it has no
// Shopify sessions.
import { z } from "zod";
import type { AppContext } from "./context";
import { parseInput } from "./errors";

const inputSchema = z.object({
  shopDomain: z.string().min(1),
  platform: z.enum(["SHOPIFY", "BIGCOMMERCE"]).default("SHOPIFY"),
});

export interface UninstallShopResult {
  /** null when we never stored this shop */
  shopId: string | null;
  sessionsDeleted: number;
  /** job leases released so that no run of this shop is considered in progress */
  leasesReleased: number;
}

export async function uninstallShop(ctx: AppContext, raw: z.input<typeof inputSchema>): Promise<UninstallShopResult> {
  const { shopDomain, platform } = parseInput(inputSchema, raw);
  return ctx.db.$transaction(async (tx) => {
    const sessions =
      platform === "SHOPIFY" ? await tx.session.deleteMany({ where: { shop: shopDomain } }) : { count: 0 };
    const shop = await tx.shop.findUnique({ where: { platform_domain: { platform, domain: shopDomain } } });
    if (!shop) return { shopId: null, sessionsDeleted: sessions.count, leasesReleased: 0 };
    if (!shop.uninstalledAt) await tx.shop.update({ where: { id: shop.id }, data: { uninstalledAt: ctx.now() } });
    // lease keys are job:shopId[:connectionId] (shared/jobLease.ts)
    const leases = await tx.jobLease.deleteMany({
      where: { OR: [{ key: { contains: `:${shop.id}:` } }, { key: { endsWith: `:${shop.id}` } }] },
    });
    return { shopId: shop.id, sessionsDeleted: sessions.count, leasesReleased: leases.count };
  });
}
