// Every pull-API request starts here: the bearer key is looked up by its hash; a key that is
// unknown, revoked or of an uninstalled shop is refused without a reason (the caller learns
// nothing). A deactivated connection's keys keep working: no new orders go to the house, but it
// still ships and reports what it has (like a push fulfiller's, its parts keep syncing). A valid
// key's request is counted against its limit.
//
// Rate limit: a fixed one-minute window per key, counted in the database (ApiKey.rateWindow,
// rateCount) in one transaction, so every app process shares it — a per-process counter would let
// N processes grant N times the limit. The cost is one write per request.
import { z } from "zod";
import type { AppContext } from "./context";
import { parseInput } from "./errors";
import { API_KEY_SCOPES, type ApiKeyScope, hashApiKey, looksLikeApiKey, scopesOf } from "./shared/apiKeys";

const inputSchema = z.object({
  /** the bearer token as sent */
  token: z.string(),
  /** what the request needs */
  scope: z.enum(API_KEY_SCOPES),
  /** requests per minute per key */
  limitPerMinute: z.number().int().positive(),
});

export type AuthenticateApiKeyInput = z.input<typeof inputSchema>;

export interface ApiPrincipal {
  apiKeyId: string;
  shopId: string;
  connectionId: string;
  prefix: string;
  /** for the timeline */
  actor: string;
}

export interface RateState {
  limit: number;
  remaining: number;
  /** seconds until the window ends and the count starts again */
  resetSeconds: number;
}

export type AuthenticateApiKeyResult =
  | { kind: "ok"; principal: ApiPrincipal; rate: RateState }
  | { kind: "unauthorized" }
  | { kind: "forbidden"; principal: ApiPrincipal; rate: RateState; missingScope: ApiKeyScope }
  | { kind: "rate_limited"; principal: ApiPrincipal; rate: RateState };

const WINDOW_MS = 60_000;

export async function authenticateApiKey(ctx: AppContext, raw: AuthenticateApiKeyInput): Promise<AuthenticateApiKeyResult> {
  const input = parseInput(inputSchema, raw);
  if (!looksLikeApiKey(input.token)) return { kind: "unauthorized" };
  const key = await ctx.db.apiKey.findUnique({ where: { hash: hashApiKey(input.token) } });
  if (!key || key.revokedAt) return { kind: "unauthorized" };
  const connection = await ctx.db.connection.findFirst({
    where: { id: key.connectionId, shopId: key.shopId, mode: "pull", shop: { uninstalledAt: null } },
    select: { id: true },
  });
  if (!connection) return { kind: "unauthorized" };

  const now = ctx.now();
  const count = await countRequest(ctx, key.id, now);
  if (count === null) return { kind: "unauthorized" }; // revoked meanwhile
  const principal: ApiPrincipal = {
    apiKeyId: key.id,
    shopId: key.shopId,
    connectionId: key.connectionId,
    prefix: key.prefix,
    actor: `api:${key.prefix}`,
  };
  const windowEnd = (Math.floor(now.getTime() / WINDOW_MS) + 1) * WINDOW_MS;
  const rate: RateState = {
    limit: input.limitPerMinute,
    remaining: Math.max(0, input.limitPerMinute - count),
    resetSeconds: Math.max(1, Math.ceil((windowEnd - now.getTime()) / 1000)),
  };
  if (count > input.limitPerMinute) return { kind: "rate_limited", principal, rate };
  if (!scopesOf(key.scopes).includes(input.scope)) return { kind: "forbidden", principal, rate, missingScope: input.scope };
  return { kind: "ok", principal, rate };
}

/**
 * Adds this request to the key's current window and returns the window's count, or null if the key
 * was revoked meanwhile. The increment and the read share a transaction, which holds the row (the
 * SQLite writer lock; a PostgreSQL row lock) so concurrent requests are counted one after another.
 */
async function countRequest(ctx: AppContext, apiKeyId: string, now: Date): Promise<number | null> {
  const window = Math.floor(now.getTime() / WINDOW_MS);
  return ctx.db.$transaction(async (tx) => {
    const live = { id: apiKeyId, revokedAt: null };
    // Twice at most: when another request opened this window between our two updates, the second
    // pass counts into it.
    for (let pass = 0; pass < 2; pass++) {
      const same = await tx.apiKey.updateMany({
        where: { ...live, rateWindow: window },
        data: { rateCount: { increment: 1 }, lastUsedAt: now },
      });
      if (same.count === 1) break;
      const fresh = await tx.apiKey.updateMany({
        where: { ...live, rateWindow: { not: window } },
        data: { rateWindow: window, rateCount: 1, lastUsedAt: now },
      });
      if (fresh.count === 1) break;
      if (pass === 1) return null;
    }
    const row = await tx.apiKey.findUnique({ where: { id: apiKeyId }, select: { rateCount: true } });
    return row?.rateCount ?? null;
  });
}
