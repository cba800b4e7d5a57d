// Access tokens and POST /admin/oauth/access_token (notes/shopify.md §5 and the request bodies of
// @shopify/shopify-api 15 lib/auth/oauth/{oauth,token-exchange,refresh-token,migrate-to-expiring-token}):
//   { client_id, client_secret, code, expiring }                                   authorization code
//   { client_id, client_secret, grant_type: "refresh_token", refresh_token }      refresh an expiring token
//   { client_id, client_secret, grant_type: urn:ietf:params:oauth:grant-type:token-exchange,
//     subject_token, subject_token_type (id_token | offline-access-token), requested_token_type, expiring }
// Expiring offline tokens live 60 minutes and come with a refresh token; a refresh keeps the previous
// refresh token valid until its replacement is used (changelog 2026-08-28).
import { randomBytes } from "node:crypto";
import { jwtVerify } from "jose";
import { z } from "zod";

export const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
export const OFFLINE_TOKEN = "urn:shopify:params:oauth:token-type:offline-access-token";
export const ONLINE_TOKEN = "urn:shopify:params:oauth:token-type:online-access-token";

export interface AccessTokenRecord {
  token: string;
  shop: string;
  scope: string;
  /** ms since epoch; null for a non-expiring token */
  expiresAt: number | null;
  revoked: boolean;
  online: boolean;
}

interface RefreshTokenRecord {
  token: string;
  shop: string;
  expiresAt: number;
  /** the refresh token this one replaced: it stays valid until this one is used */
  predecessor: string | null;
  revoked: boolean;
}

export interface TokenResponse {
  access_token: string;
  scope: string;
  expires_in?: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
  associated_user_scope?: string;
  associated_user?: Record<string, unknown>;
}

export interface OAuthSettings {
  apiKey: string;
  apiSecret: string;
  scopes: string;
  /** lifetime of an expiring access token (default 3600 s) */
  accessTokenTtlSeconds: number;
  /** lifetime of a refresh token (not in our notes; default 90 days) */
  refreshTokenTtlSeconds: number;
  now: () => number;
}

export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    description: string,
  ) {
    super(description);
  }
  body(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.message };
  }
}

const tokenRequest = z.object({
  client_id: z.string().min(1, "client_id is required"),
  client_secret: z.string().min(1, "client_secret is required"),
  grant_type: z.string().optional(),
  code: z.string().optional(),
  refresh_token: z.string().optional(),
  subject_token: z.string().optional(),
  subject_token_type: z.string().optional(),
  requested_token_type: z.string().optional(),
  expiring: z.union([z.literal("0"), z.literal("1"), z.literal(0), z.literal(1)]).optional(),
});

export class TokenRegistry {
  private readonly access = new Map<string, AccessTokenRecord>();
  private readonly refresh = new Map<string, RefreshTokenRecord>();
  private readonly codes = new Map<string, string>();

  constructor(private readonly settings: OAuthSettings) {}

  /** Registers a fixed non-expiring token (the stand-in's default token for a shop). */
  addStaticToken(shop: string, token: string): void {
    this.access.set(token, { token, shop, scope: this.settings.scopes, expiresAt: null, revoked: false, online: false });
  }

  issue(shop: string, opts: { expiring: boolean; online?: boolean }): TokenResponse {
    const now = this.settings.now();
    const token = `shpat_${randomBytes(16).toString("hex")}`;
    const online = opts.online ?? false;
    const ttl = online ? 86_400 : this.settings.accessTokenTtlSeconds;
    const expiring = online || opts.expiring;
    this.access.set(token, { token, shop, scope: this.settings.scopes, expiresAt: expiring ? now + ttl * 1000 : null, revoked: false, online });
    const response: TokenResponse = { access_token: token, scope: this.settings.scopes };
    if (!expiring) return response;
    response.expires_in = ttl;
    if (online) return response;
    const refresh = this.newRefreshToken(shop, null);
    response.refresh_token = refresh.token;
    response.refresh_token_expires_in = this.settings.refreshTokenTtlSeconds;
    return response;
  }

  private newRefreshToken(shop: string, predecessor: string | null): RefreshTokenRecord {
    const record: RefreshTokenRecord = {
      token: `shprt_${randomBytes(16).toString("hex")}`,
      shop,
      expiresAt: this.settings.now() + this.settings.refreshTokenTtlSeconds * 1000,
      predecessor,
      revoked: false,
    };
    this.refresh.set(record.token, record);
    return record;
  }

  /** An authorization code as the OAuth grant screen would hand it to the app. */
  authorize(shop: string): string {
    const code = randomBytes(12).toString("hex");
    this.codes.set(code, shop);
    return code;
  }

  /** "ok", or why the token is refused. */
  check(token: string | undefined, shop: string): "ok" | "invalid" | "expired" {
    if (!token) return "invalid";
    const record = this.access.get(token);
    if (!record || record.revoked || record.shop !== shop) return "invalid";
    if (record.expiresAt !== null && record.expiresAt <= this.settings.now()) return "expired";
    return "ok";
  }

  expire(token: string): void {
    const record = this.access.get(token);
    if (record) record.expiresAt = this.settings.now() - 1;
  }

  revoke(token: string): void {
    const record = this.access.get(token);
    if (record) record.revoked = true;
  }

  /** Handles a token request body for `shop`. Throws OAuthError. */
  async exchange(shop: string, raw: unknown): Promise<TokenResponse> {
    const parsed = tokenRequest.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new OAuthError(400, "invalid_request", `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`);
    }
    const body = parsed.data;
    if (body.client_id !== this.settings.apiKey || body.client_secret !== this.settings.apiSecret) {
      throw new OAuthError(401, "invalid_client", "Client authentication failed: unknown client_id or wrong client_secret.");
    }
    const expiring = body.expiring === "1" || body.expiring === 1;
    if (body.grant_type === "refresh_token") return this.refreshGrant(shop, body.refresh_token);
    if (body.grant_type === TOKEN_EXCHANGE) return this.tokenExchange(shop, body, expiring);
    if (body.grant_type === undefined || body.grant_type === "authorization_code") {
      if (!body.code) throw new OAuthError(400, "invalid_request", "code is required");
      const codeShop = this.codes.get(body.code);
      this.codes.delete(body.code);
      if (codeShop !== shop) throw new OAuthError(400, "invalid_grant", "The authorization code is invalid, expired or was issued for another shop.");
      return this.issue(shop, { expiring });
    }
    throw new OAuthError(400, "unsupported_grant_type", `grant_type ${body.grant_type} is not supported`);
  }

  private refreshGrant(shop: string, token: string | undefined): TokenResponse {
    if (!token) throw new OAuthError(400, "invalid_request", "refresh_token is required");
    const record = this.refresh.get(token);
    if (!record || record.revoked || record.shop !== shop || record.expiresAt <= this.settings.now()) {
      throw new OAuthError(400, "invalid_grant", "The refresh token is invalid, expired or revoked.");
    }
    // Using a refresh token retires the one it replaced.
    if (record.predecessor) {
      const previous = this.refresh.get(record.predecessor);
      if (previous) previous.revoked = true;
    }
    const response = this.issue(shop, { expiring: true });
    const replacement = this.refresh.get(response.refresh_token!)!;
    replacement.predecessor = record.token;
    return response;
  }

  private async tokenExchange(shop: string, body: z.output<typeof tokenRequest>, expiring: boolean): Promise<TokenResponse> {
    if (!body.subject_token) throw new OAuthError(400, "invalid_request", "subject_token is required");
    const wantsOnline = body.requested_token_type === ONLINE_TOKEN;
    if (!wantsOnline && body.requested_token_type !== OFFLINE_TOKEN) {
      throw new OAuthError(400, "invalid_request", "requested_token_type must be an online or offline access token type");
    }
    if (body.subject_token_type === OFFLINE_TOKEN) {
      // Migration of a non-expiring offline token to an expiring one; the old token stops working.
      const old = this.access.get(body.subject_token);
      if (!old || old.revoked || old.shop !== shop || old.expiresAt !== null) {
        throw new OAuthError(400, "invalid_subject_token", "The subject token is not a valid non-expiring offline access token.");
      }
      old.revoked = true;
      return this.issue(shop, { expiring: true });
    }
    if (body.subject_token_type !== ID_TOKEN) throw new OAuthError(400, "invalid_request", "subject_token_type is not supported");
    let sub: string | undefined;
    try {
      const { payload } = await jwtVerify(body.subject_token, new TextEncoder().encode(this.settings.apiSecret), {
        algorithms: ["HS256"],
        audience: this.settings.apiKey,
      });
      const dest = typeof payload.dest === "string" ? new URL(payload.dest).hostname : "";
      if (dest !== shop) throw new Error("dest does not match the shop");
      sub = payload.sub;
    } catch (error) {
      throw new OAuthError(400, "invalid_subject_token", `The session token is invalid: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (wantsOnline) {
      const response = this.issue(shop, { expiring: true, online: true });
      response.associated_user_scope = this.settings.scopes;
      response.associated_user = { id: Number(sub ?? 1), first_name: "Stand", last_name: "In", email: "staff@example.com", account_owner: true, locale: "en", collaborator: false, email_verified: true };
      return response;
    }
    return this.issue(shop, { expiring });
  }
}
