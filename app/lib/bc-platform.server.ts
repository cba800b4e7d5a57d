// The BigCommerce adapter on the tokens Consign stores, with no process state: the web app and the
// workers build it from env (app/bigcommerce.server.ts), tests from stand-in URLs.
import type { Db } from "~/db.server";
import { defaultKeyring, type Keyring } from "~/lib/crypto.server";
import { type BigCommercePlatform, createBigCommercePlatform } from "~/platforms/bigcommerce";
import { PlatformError } from "~/platforms/errors";
import { openBigCommerceToken } from "~/use-cases/shared/bigCommerce";

export interface BigCommerceAdapterOptions {
  db: Db;
  /** the API base: https://api.bigcommerce.com, or a stand-in */
  apiBase: string;
  /** defaults to the process keyring (CONSIGN_ENCRYPTION_KEY) */
  keyring?: Keyring;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** sandbox mode: the demo store's token at the stand-in, used when the row holds none */
  sandbox?: { storeHash: string; accessToken: string | null } | null;
  retryBaseMs?: number;
}

/**
 * The BigCommerce adapter on the tokens Consign stores: each call reads the store's row and
 * opens its sealed access token (the adapter itself never keeps tokens).
 */
export function createBigCommerceAdapter(options: BigCommerceAdapterOptions): BigCommercePlatform {
  return createBigCommercePlatform({
    apiBase: options.apiBase,
    fetch: options.fetch,
    sleep: options.sleep,
    retryBaseMs: options.retryBaseMs,
    async accessToken(shop) {
      const row = await options.db.shop.findUnique({
        where: { id: shop.id },
        select: { platform: true, domain: true, accessTokenEnc: true },
      });
      if (row?.platform === "BIGCOMMERCE" && row.domain === shop.domain && row.accessTokenEnc) {
        return openBigCommerceToken(options.keyring ?? defaultKeyring(), shop.id, row.accessTokenEnc);
      }
      const sandbox = options.sandbox;
      if (sandbox?.accessToken && sandbox.storeHash === shop.domain) return sandbox.accessToken;
      throw new PlatformError(`BigCommerce store ${shop.domain} has no access token: install Consign on it again`, false, 401);
    },
  });
}
