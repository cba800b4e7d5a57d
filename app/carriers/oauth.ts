// OAuth2 client-credentials tokens for the direct carrier APIs (UPS, FedEx, USPS; notes §4c):
// one token per provider instance, reused until shortly before it expires, fetched once even
// when several requests need it at the same time, and dropped when the API answers 401.
export interface IssuedToken {
  accessToken: string;
  /** lifetime in seconds, as the token endpoint reports it */
  expiresInSeconds: number;
}

export interface TokenCache {
  /** a valid token: the cached one, or a fresh one */
  get(): Promise<string>;
  /** forget `token` (the API refused it); the next get() fetches a new one */
  invalidate(token: string): void;
}

/** Refresh this long before the reported expiry, so a token never expires in flight. */
const EXPIRY_MARGIN_MS = 60_000;

export function createTokenCache(issue: () => Promise<IssuedToken>, now: () => Date): TokenCache {
  let cached: { token: string; refreshAt: number } | null = null;
  let pending: Promise<string> | null = null;

  async function fetchToken(): Promise<string> {
    const issuedAt = now().getTime();
    const { accessToken, expiresInSeconds } = await issue();
    const lifetimeMs = expiresInSeconds * 1000;
    // A very short-lived token is used for half its life rather than not at all.
    const margin = Math.min(EXPIRY_MARGIN_MS, lifetimeMs / 2);
    cached = { token: accessToken, refreshAt: issuedAt + lifetimeMs - margin };
    return accessToken;
  }

  return {
    async get() {
      if (cached && now().getTime() < cached.refreshAt) return cached.token;
      pending ??= fetchToken().finally(() => {
        pending = null;
      });
      return pending;
    },
    invalidate(token) {
      if (cached?.token === token) cached = null;
    },
  };
}

/**
 * Sends a request that carries a bearer token. A 401 means the token died early (revoked,
 * clock skew): drop it, fetch a new one and try once more.
 */
export async function withToken(
  tokens: TokenCache,
  attempt: (token: string) => Promise<Response>,
): Promise<Response> {
  const token = await tokens.get();
  const first = await attempt(token);
  if (first.status !== 401) return first;
  await first.body?.cancel();
  tokens.invalidate(token);
  return attempt(await tokens.get());
}
