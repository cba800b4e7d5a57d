// Every /app loader and action starts here. Outside sandbox mode the request must carry a valid
// Shopify session (App Bridge session token, via shopify-app-remix's authenticate.admin, which
// answers anything else the way the library does: a redirect to login, a bounce page, or 401).
// In sandbox mode the demo shop is used without a Shopify login.
import type { Shop } from "@prisma/client";
import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import { db } from "~/db.server";
import { env } from "~/lib/env.server";
import { ensureShopifyShop } from "~/lib/shops.server";
import { authenticate } from "~/shopify.server";

export interface AdminRequestContext {
  shop: Shop;
  /** who acts, for the timeline: user:<Shopify user id>, or shop:<domain> when no user is known */
  actor: string;
  /** the Admin API client of this request; absent in sandbox mode */
  admin?: AdminApiContext;
  sandbox: boolean;
}

export async function requireAdmin(request: Request): Promise<AdminRequestContext> {
  const config = env();
  if (config.sandbox) {
    const shop = await ensureShopifyShop(db(), config.sandboxShop);
    return { shop, actor: "user:sandbox", sandbox: true };
  }
  const { session, admin, sessionToken } = await authenticate.admin(request);
  // afterAuth creates the row at install; an existing offline session from before it still works.
  const shop = await ensureShopifyShop(db(), session.shop);
  const userId = sessionToken?.sub ?? session.onlineAccessInfo?.associated_user.id;
  return {
    shop,
    actor: userId !== undefined ? `user:${userId}` : `shop:${session.shop}`,
    admin,
    sandbox: false,
  };
}
