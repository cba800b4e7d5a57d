// An AppContext for plugin and connection tests: a fresh database, real fetch and sleep, the
// given plugins and stand-in URLs, and a keyring from an explicit environment.
import { randomBytes } from "node:crypto";
import type { Db } from "~/db.server";
import { createKeyring, type Keyring } from "~/lib/crypto.server";
import { createRegistry } from "~/plugins/catalog";
import type { FulfillmentPlugin } from "~/plugins/port";
import type { AppContext } from "~/use-cases/context";

export const newKey = () => randomBytes(32).toString("base64");

export function testKeyring(current = newKey(), old?: string): Keyring {
  return createKeyring({ CONSIGN_ENCRYPTION_KEY: current, CONSIGN_ENCRYPTION_KEYS: old });
}

export function testContext(
  db: Db,
  opts: {
    plugins: FulfillmentPlugin<unknown>[];
    pluginBaseUrls?: Record<string, string>;
    keyring?: Keyring;
    appUrl?: string;
  },
): AppContext {
  return {
    db,
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    plugins: createRegistry(opts.plugins),
    platform: () => {
      throw new Error("connection tests do not talk to a buyer platform");
    },
    fetch: (input, init) => fetch(input, init),
    pluginBaseUrls: opts.pluginBaseUrls ?? {},
    appUrl: opts.appUrl ?? "http://127.0.0.1:1",
    keyring: opts.keyring ?? testKeyring(),
  };
}

let shopSeq = 0;
export async function createShop(db: Db, email: string | null = "owner@example.com") {
  shopSeq++;
  return db.shop.create({ data: { platform: "SHOPIFY", domain: `shop-${shopSeq}-${Date.now()}.myshopify.com`, email } });
}
