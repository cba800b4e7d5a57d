// What the BigCommerce use cases share: the store's OAuth access token, sealed at rest in
// Shop.accessTokenEnc (AES-256-GCM, crypto.server.ts; the shop id is bound in as associated data,
// so a token copied to another shop's row does not open), and the adapter's BigCommerce-only calls.
import type { Keyring } from "~/lib/crypto.server";
import type { BigCommercePlatform } from "~/platforms/bigcommerce";
import type { Platform } from "~/platforms/port";

/** The BigCommerce adapter, with the calls beyond the Platform port (webhook registration). */
export function isBigCommercePlatform(platform: Platform): platform is BigCommercePlatform {
  return platform.kind === "BIGCOMMERCE" && "registerWebhooks" in platform && typeof platform.registerWebhooks === "function";
}

function aad(shopId: string): string {
  return `consign:bigcommerce-access-token:${shopId}`;
}

export function sealBigCommerceToken(keyring: Keyring, shopId: string, accessToken: string): string {
  return keyring.encrypt(accessToken, aad(shopId));
}

export function openBigCommerceToken(keyring: Keyring, shopId: string, accessTokenEnc: string): string {
  return keyring.decrypt(accessTokenEnc, aad(shopId));
}
