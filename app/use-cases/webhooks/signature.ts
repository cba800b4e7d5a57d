// The signature of an outgoing webhook: HMAC-SHA256 of the raw body with the subscription's
// secret, hex, as `X-Consign-Signature: sha256=<hex>`. A subscriber recomputes it over the bytes
// it received (before parsing them) and compares in constant time, as verifySignature does.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export function signBody(body: string | Uint8Array, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

export function verifySignature(body: string | Uint8Array, header: string | null | undefined, secret: string): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(body, secret), "utf8");
  const given = Buffer.from(header.trim(), "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A new signing secret: 32 random bytes, prefixed so a leaked one is recognisable. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}
