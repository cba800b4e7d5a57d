// The Shop row of a Shopify shop: created at install (afterAuth) and for the sandbox's demo shop.
import type { Shop } from "@prisma/client";
import type { Db } from "~/db.server";

/** Creates the shop, or marks it installed again (a reinstall clears uninstalledAt). */
export async function upsertShopifyShop(db: Db, domain: string): Promise<Shop> {
  return db.shop.upsert({
    where: { platform_domain: { platform: "SHOPIFY", domain } },
    create: { platform: "SHOPIFY", domain },
    update: { uninstalledAt: null },
  });
}

/** The installed shop's row, read without a write when it is already there. */
export async function ensureShopifyShop(db: Db, domain: string): Promise<Shop> {
  const shop = await db.shop.findUnique({ where: { platform_domain: { platform: "SHOPIFY", domain } } });
  if (shop && !shop.uninstalledAt) return shop;
  return upsertShopifyShop(db, domain);
}
