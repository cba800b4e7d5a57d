// The AppContext that routes hand to use cases in the running app: the process's database, the
// real clock, the plugin registry, the platform adapters and the stand-in overrides from env.
import { db } from "~/db.server";
import { env } from "~/lib/env.server";
import type { Platform, PlatformKind } from "~/platforms/port";
import { createShopifyPlatform } from "~/platforms/shopify/adapter";
import { registry } from "~/plugins/registry";
import { adminOrigin, apiVersion, offlineAccessToken } from "~/shopify.server";
import type { AppContext } from "~/use-cases/context";

const adapters = new Map<PlatformKind, Platform>();

/** Wires a platform adapter into every context (e.g. BigCommerce's, from its own module). */
export function registerPlatform(platform: Platform): void {
  adapters.set(platform.kind, platform);
}

/**
 * The Shopify adapter of this process (one, so that its per-shop cost buckets are shared), on the
 * shop's offline token, refreshed before use when it expires (shopify.server.ts), and at the
 * stand-in when SHOPIFY_ADMIN_BASE_URL says so.
 */
function shopifyPlatform(): Platform {
  let platform = adapters.get("SHOPIFY");
  if (!platform) {
    platform = createShopifyPlatform({
      apiVersion,
      endpoint: (shop) => `${adminOrigin(shop)}/admin/api/${apiVersion}/graphql.json`,
      accessToken: (shop, hint) => offlineAccessToken(shop.domain, hint),
    });
    adapters.set("SHOPIFY", platform);
  }
  return platform;
}

export function appContext(overrides: Partial<AppContext> = {}): AppContext {
  const config = env();
  return {
    db: db(),
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    plugins: registry,
    platform(kind) {
      if (kind === "SHOPIFY") return shopifyPlatform();
      const adapter = adapters.get(kind);
      if (!adapter) throw new Error(`No ${kind} platform adapter is registered in this process`);
      return adapter;
    },
    fetch: globalThis.fetch,
    pluginBaseUrls: config.pluginBaseUrls,
    appUrl: config.shopify.appUrl,
    ...overrides,
  };
}
