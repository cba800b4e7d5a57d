// The loaders and actions of the admin's pages, shared by its two views: Polaris under /app
// (Shopify) and BigDesign under /bc (BigCommerce). Each page's logic lives once, in this folder,
// as functions of an AdminPage: who is signed in, the use-case context, and how the view spells an
// in-app URL. The route files only authenticate (requireAdmin or requireBigCommerceAdmin) and
// render.
import type { Shop } from "@prisma/client";
import { admin } from "~/lib/admin-route.server";
import type { AppContext } from "~/use-cases/context";

export interface AdminPage {
  shop: Shop;
  ctx: AppContext;
  /** who acts, for the timeline */
  actor: string;
  /** the view's URL of an in-app path: "/connections/1" → "/app/connections/1", or /bc/… with the session */
  href(path: string): string;
}

/** The Shopify admin's page context (/app), authenticated by requireAdmin. */
export async function shopifyAdminPage(request: Request): Promise<AdminPage> {
  const { shop, ctx, actor } = await admin(request);
  return { shop, ctx, actor, href: (path) => `/app${path}` };
}
