// The Shopify app: embedded auth (token exchange), Prisma session storage, expiring offline
// access tokens, webhook verification and the offline token for background work.
// Admin API version 2026-10 everywhere (notes/shopify.md §1; ApiVersion.October26 in shopify-api 15).
import "@shopify/shopify-app-remix/adapters/node";
import {
  HttpResponseError,
  type Session,
  type Shopify,
  shopifyApi,
  WebhookValidationErrorReason,
} from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { ApiVersion, AppDistribution, boundary, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { db } from "~/db.server";
import { env } from "~/lib/env.server";
import { upsertShopifyShop } from "~/lib/shops.server";

export const apiVersion = ApiVersion.October26;

const config = env();

export const sessionStorage = new PrismaSessionStorage(db());

const shopify = shopifyApp({
  apiKey: config.shopify.apiKey,
  apiSecretKey: config.shopify.apiSecret,
  appUrl: config.shopify.appUrl,
  scopes: config.shopify.scopes,
  apiVersion,
  authPathPrefix: "/auth",
  distribution: AppDistribution.AppStore,
  sessionStorage,
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  hooks: {
    // Webhook subscriptions are app-specific, declared in shopify.app.toml, so Shopify applies
    // them to every shop; nothing to register per shop (notes/shopify.md §4).
    afterAuth: async ({ session }) => {
      await upsertShopifyShop(db(), session.shop);
    },
  },
});

export default shopify;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export { boundary };

// shopifyApp keeps its shopify-api instance private (notes/stack.md §4). A second instance on the
// same configuration gives us the library's webhook validator and token refresh directly.
const api: Shopify = shopifyApi({
  apiKey: config.shopify.apiKey,
  apiSecretKey: config.shopify.apiSecret,
  apiVersion,
  scopes: config.shopify.scopes,
  hostName: new URL(config.shopify.appUrl).host,
  hostScheme: new URL(config.shopify.appUrl).protocol === "http:" ? "http" : "https",
  isEmbeddedApp: true,
  future: { expiringOfflineAccessTokens: true, unstable_managedPricingSupport: true },
});

/** The origin that serves a shop's Admin API and OAuth endpoints: Shopify, or the stand-in. */
export function adminOrigin(shop: string): string {
  const base = config.shopify.adminBaseUrl;
  return base ? base.replaceAll("{shop}", shop) : `https://${shop}`;
}

// With SHOPIFY_ADMIN_BASE_URL set (sandbox, tests), the library's calls to https://{shop}/admin/...
// (token exchange, token refresh, admin.graphql) go to the stand-in instead.
if (config.shopify.adminBaseUrl) {
  setAbstractFetchFunc((input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.protocol === "https:" && url.hostname.endsWith(".myshopify.com") && url.pathname.startsWith("/admin/")) {
      const target = `${adminOrigin(url.hostname)}${url.pathname}${url.search}`;
      return fetch(input instanceof Request ? new Request(target, input) : target, init);
    }
    return fetch(input, init);
  });
}

export type WebhookCheck =
  | {
      ok: true;
      shop: string;
      topic: string;
      webhookId: string;
      apiVersion: string;
      triggeredAt: string | null;
      rawBody: string;
    }
  | { ok: false; response: Response };

/**
 * Verifies a webhook delivery with the library's validator (HMAC-SHA256 of the raw body with the
 * app secret, and Shopify's headers): 405 for non-POST, 401 for a bad HMAC, 400 for missing
 * headers, the same answers as authenticate.webhook. Unlike authenticate.webhook it does not load
 * or refresh the shop's offline session: our handlers never call Shopify, and after an uninstall
 * the stored token can no longer be refreshed, which would make app/uninstalled fail forever.
 */
export async function verifyWebhook(request: Request): Promise<WebhookCheck> {
  if (request.method !== "POST") {
    return { ok: false, response: new Response(undefined, { status: 405, statusText: "Method not allowed" }) };
  }
  const rawBody = await request.text();
  const check = await api.webhooks.validate({ rawBody, rawRequest: request });
  if (!check.valid) {
    const status = check.reason === WebhookValidationErrorReason.InvalidHmac ? 401 : 400;
    return { ok: false, response: new Response(undefined, { status, statusText: status === 401 ? "Unauthorized" : "Bad Request" }) };
  }
  return {
    ok: true,
    shop: check.domain,
    // check.topic is the library's storage form (ORDERS_CREATE); keep Shopify's (orders/create)
    topic: request.headers.get("X-Shopify-Topic") ?? check.topic,
    webhookId: check.webhookId,
    apiVersion: check.apiVersion,
    triggeredAt: "triggeredAt" in check && typeof check.triggeredAt === "string" ? check.triggeredAt : null,
    rawBody,
  };
}

/** No usable offline session for a shop: it must open the app (or reinstall) first. */
export class OfflineSessionError extends Error {
  override name = "OfflineSessionError";
  constructor(
    readonly shop: string,
    message: string,
  ) {
    super(`${shop}: ${message}`);
  }
}

/** Refresh this long before expiry, as shopify-app-remix does (WITHIN_MILLISECONDS_OF_EXPIRY). */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;
const refreshing = new Map<string, Promise<Session>>();

/** `refused`: a token Shopify just answered 401 to; if it is still the stored one, refresh now. */
export interface TokenHint {
  refused?: string;
}

/**
 * The shop's offline session for background work (jobs, pushes), its access token refreshed
 * first when it has expired or expires within 5 minutes, or when Shopify refused it. Expiring
 * offline tokens live 60 minutes and come with a refresh token (notes/shopify.md §5); the new
 * session is stored before use. Concurrent callers in this process share one refresh.
 */
export async function offlineSession(shop: string, hint: TokenHint = {}): Promise<Session> {
  const session = await sessionStorage.loadSession(api.session.getOfflineId(shop));
  if (!session?.accessToken) throw new OfflineSessionError(shop, "no offline session; the app must be opened or installed");
  const refused = hint.refused !== undefined && hint.refused === session.accessToken;
  if (!refused && !session.isExpired(REFRESH_MARGIN_MS)) return session;
  if (!session.refreshToken) throw new OfflineSessionError(shop, "the offline token is no longer valid and there is no refresh token");
  if (session.refreshTokenExpires && session.refreshTokenExpires.getTime() <= Date.now()) {
    throw new OfflineSessionError(shop, "the refresh token expired; the app must be opened again");
  }
  const refreshToken = session.refreshToken;
  let pending = refreshing.get(shop);
  if (!pending) {
    pending = (async () => {
      try {
        const { session: fresh } = await api.auth.refreshToken({ shop, refreshToken });
        await sessionStorage.storeSession(fresh);
        return fresh;
      } catch (error) {
        if (error instanceof HttpResponseError) {
          throw new OfflineSessionError(shop, `token refresh refused (${error.response.code}): ${error.message}`);
        }
        throw error;
      } finally {
        refreshing.delete(shop);
      }
    })();
    refreshing.set(shop, pending);
  }
  return pending;
}

/**
 * The shop's offline access token, valid for at least the next few minutes: what background
 * Admin API clients send (e.g. the adapter's accessToken provider: (shop, hint) =>
 * offlineAccessToken(shop.domain, hint)).
 */
export async function offlineAccessToken(shop: string, hint: TokenHint = {}): Promise<string> {
  const { accessToken } = await offlineSession(shop, hint);
  if (!accessToken) throw new OfflineSessionError(shop, "the offline session carries no access token");
  return accessToken;
}
