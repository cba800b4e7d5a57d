// Pull-API keys (DESIGN.md §Security: shown once, stored as hashes, scoped to one shop and one
// connection). A key is "csk_" + 32 random bytes (base64url); Consign keeps its SHA-256 and its
// first characters (the prefix the admin shows), never the key itself.
import { createHash, randomBytes } from "node:crypto";
import type { ApiKey } from "@prisma/client";
import { z } from "zod";
import type { Tx } from "./timeline";

export const API_KEY_SCOPES = ["orders:read", "fulfillments:write"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

const MARK = "csk_";
/** "csk_" and 8 characters of the random part: enough to tell a shop's keys apart, useless to guess with. */
const PREFIX_LENGTH = MARK.length + 8;
const KEY_PATTERN = /^csk_[A-Za-z0-9_-]{43}$/;

/**
 * SHA-256, not bcrypt/scrypt/argon2. Slow, salted hashes protect low-entropy secrets (passwords)
 * against guessing; a key here carries 256 random bits, so no amount of guessing finds one, however
 * fast the hash. A fast, unsalted hash is what lets each request find its key with one indexed
 * lookup (ApiKey.hash is unique) instead of trying every stored key, at microseconds per request.
 * A leaked table gives neither the keys nor a way to use them.
 */
export function hashApiKey(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function newApiKeySecret(): { secret: string; prefix: string; hash: string } {
  const secret = MARK + randomBytes(32).toString("base64url");
  return { secret, prefix: secret.slice(0, PREFIX_LENGTH), hash: hashApiKey(secret) };
}

/** Shape only: a token that cannot be a key is refused without a database lookup. */
export function looksLikeApiKey(token: string): boolean {
  return KEY_PATTERN.test(token);
}

export const apiKeyViewSchema = z.object({
  id: z.string(),
  connectionId: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.enum(API_KEY_SCOPES)),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKeyView = z.infer<typeof apiKeyViewSchema>;

export function scopesOf(stored: string): ApiKeyScope[] {
  const known = new Set<string>(API_KEY_SCOPES);
  return stored.split(/\s+/).filter((scope): scope is ApiKeyScope => known.has(scope));
}

export function apiKeyView(row: ApiKey): ApiKeyView {
  return {
    id: row.id,
    connectionId: row.connectionId,
    name: row.name,
    prefix: row.prefix,
    scopes: scopesOf(row.scopes),
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export interface NewApiKey {
  shopId: string;
  connectionId: string;
  name: string;
  scopes: readonly ApiKeyScope[];
  at: Date;
}

/** Stores a new key and returns it with its secret, which exists from here on only in the caller's answer. */
export async function insertApiKey(tx: Tx, key: NewApiKey): Promise<{ apiKey: ApiKeyView; secret: string }> {
  const { secret, prefix, hash } = newApiKeySecret();
  const row = await tx.apiKey.create({
    data: {
      shopId: key.shopId,
      connectionId: key.connectionId,
      name: key.name,
      prefix,
      hash,
      scopes: [...new Set(key.scopes)].join(" "),
      createdAt: key.at,
    },
  });
  return { apiKey: apiKeyView(row), secret };
}

/** The connection keys may be made for: this shop's, pull-type, active. */
export async function pullConnectionFor(tx: Tx, shopId: string, connectionId: string) {
  return tx.connection.findFirst({
    where: { id: connectionId, shopId },
    select: { id: true, title: true, mode: true, active: true },
  });
}
