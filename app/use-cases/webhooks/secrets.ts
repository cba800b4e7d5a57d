// A subscription's signing secret is kept sealed (AES-256-GCM, the credentials keyring) with the
// shop bound in, and opened only to sign a delivery.
import type { AppContext } from "../context";
import { keyringOf } from "../shared/credentials";

const aad = (shopId: string) => `consign:webhook-secret:${shopId}`;

export function sealSecret(ctx: AppContext, shopId: string, secret: string): string {
  return keyringOf(ctx).encrypt(secret, aad(shopId));
}

export function openSecret(ctx: AppContext, shopId: string, sealed: string): string {
  return keyringOf(ctx).decrypt(sealed, aad(shopId));
}
