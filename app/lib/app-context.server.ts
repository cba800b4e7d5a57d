// The AppContext that routes hand to use cases in the running app: the process's database, the
// real clock, the plugin registry, the platform adapters and the stand-in overrides from env.
import { db } from "~/db.server";
import { env } from "~/lib/env.server";
import type { Platform, PlatformKind } from "~/platforms/port";
import { registry } from "~/plugins/registry";
import type { AppContext } from "~/use-cases/context";

const adapters = new Map<PlatformKind, Platform>();

/** Wires a platform adapter into every context (done once at start-up by the adapter's module). */
export function registerPlatform(platform: Platform): void {
  adapters.set(platform.kind, platform);
}

export function appContext(overrides: Partial<AppContext> = {}): AppContext {
  const config = env();
  return {
    db: db(),
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    plugins: registry,
    platform(kind) {
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
