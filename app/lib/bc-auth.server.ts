// Every /bc loader and action starts here. BigCommerce opens the app in a control-panel iframe,
// where third-party cookies may be blocked, so the session is a short-lived signed token (HS256,
// bc-jwt.server.ts) carried in the URL (?context=…) and by the app's own links, forms and fetches,
// as BigCommerce's sample app does (notes/bigcommerce.md §7). Each request checks the token, that
// the user still has access (BcUser: remove_user deletes it) and that the store is installed.
// In sandbox mode the demo store is used without a BigCommerce login (as requireAdmin does for
// Shopify).
import type { Shop } from "@prisma/client";
import { bigCommerceEnv, issueSession, plain, sessionSecret } from "~/bigcommerce.server";
import { withSession } from "~/components/bc/session";
import { db } from "~/db.server";
import type { AdminPage } from "~/lib/admin/page.server";
import { appContext } from "~/lib/app-context.server";
import { verifyAppSession } from "~/lib/bc-jwt.server";
import type { AppContext } from "~/use-cases/context";

/** The query parameter (and the Authorization bearer) that carries the session token. */
export const SESSION_PARAM = "context";

export interface BcAdminRequestContext {
  shop: Shop;
  /** who acts, for the timeline: user:bc-<BigCommerce user id>, or user:sandbox */
  actor: string;
  /** the BigCommerce user; null in sandbox mode */
  userId: string | null;
  /** a fresh session token for the page's links and forms; null in sandbox mode */
  sessionToken: string | null;
  sandbox: boolean;
}

export interface BcAdmin extends BcAdminRequestContext {
  ctx: AppContext;
}

function tokenOf(request: Request): string | null {
  const fromUrl = new URL(request.url).searchParams.get(SESSION_PARAM);
  if (fromUrl) return fromUrl;
  const auth = request.headers.get("authorization");
  return auth?.startsWith("Bearer ") ? auth.slice("Bearer ".length).trim() : null;
}

/** The demo store of sandbox mode, created on first use. */
async function sandboxStore(storeHash: string): Promise<Shop> {
  const where = { platform_domain: { platform: "BIGCOMMERCE", domain: storeHash } };
  const shop = await db().shop.findUnique({ where });
  if (shop && !shop.uninstalledAt) return shop;
  return db().shop.upsert({ where, create: { platform: "BIGCOMMERCE", domain: storeHash }, update: { uninstalledAt: null } });
}

/** The store and user of the request; throws a 401 Response (404 when BigCommerce is off). */
export async function requireBigCommerceAdmin(request: Request): Promise<BcAdminRequestContext> {
  const config = bigCommerceEnv();
  if (config.mode === "off") throw plain(404, "BigCommerce is not configured on this server.");
  if (config.mode === "sandbox") {
    const shop = await sandboxStore(config.sandboxStore);
    return { shop, actor: "user:sandbox", userId: null, sessionToken: null, sandbox: true };
  }
  const check = await verifyAppSession(tokenOf(request), sessionSecret());
  if (!check.ok) throw plain(401, `Open Consign from your BigCommerce control panel (${check.reason}).`);
  const { storeHash, userId } = check.value;
  const access = await db().bcUser.findFirst({
    where: { userId, shop: { platform: "BIGCOMMERCE", domain: storeHash, uninstalledAt: null } },
    include: { shop: true },
  });
  if (!access) throw plain(401, "This user no longer has access to Consign on this store, or the store has uninstalled it.");
  return {
    shop: access.shop,
    actor: `user:bc-${userId}`,
    userId,
    sessionToken: await issueSession(storeHash, userId),
    sandbox: false,
  };
}

/** requireBigCommerceAdmin plus a use-case context acting as that user. */
export async function bcAdmin(request: Request): Promise<BcAdmin> {
  const auth = await requireBigCommerceAdmin(request);
  return { ...auth, ctx: appContext({ actor: auth.actor }) };
}

/** The BigCommerce admin's page context for the shared page logic (app/lib/admin/): URLs under /bc with the session. */
export async function bigCommerceAdminPage(request: Request): Promise<AdminPage> {
  const { shop, ctx, actor, sessionToken } = await bcAdmin(request);
  return { shop, ctx, actor, href: (path) => withSession(`/bc${path}`, sessionToken) };
}
