// Sealing and opening a connection's credentials. The shop id is bound into the envelope as
// associated data, so an envelope copied to another shop's row does not open.
import { defaultKeyring, type Keyring } from "~/lib/crypto.server";
import type { AppContext } from "../context";

export function keyringOf(ctx: AppContext): Keyring {
  return ctx.keyring ?? defaultKeyring();
}

function aad(shopId: string): string {
  return `consign:connection-credentials:${shopId}`;
}

export function sealCredentials(ctx: AppContext, shopId: string, credentials: unknown): string {
  return keyringOf(ctx).encrypt(JSON.stringify(credentials), aad(shopId));
}

export function openCredentials(ctx: AppContext, connection: { shopId: string; credentialsEnc: string }): unknown {
  return JSON.parse(keyringOf(ctx).decrypt(connection.credentialsEnc, aad(connection.shopId)));
}
