// The BigCommerce single-click app (notes/bigcommerce.md §1, §4): configuration from env, the
// platform adapter on each store's encrypted token, the OAuth code exchange of the auth callback,
// the per-store webhook secret, and the iframe session token. Routes (bc_.*.tsx, bc.*.tsx,
// webhooks.bigcommerce.tsx) and workers go through here; use cases only see the adapter in ctx.
import { createHmac } from "node:crypto";
import { z } from "zod";
import { db } from "~/db.server";
import { registerPlatform } from "~/lib/app-context.server";
import { type SignedPayload, signAppSession, verifySignedPayload } from "~/lib/bc-jwt.server";
import { createBigCommerceAdapter } from "~/lib/bc-platform.server";
import { type BigCommerceEnv, env } from "~/lib/env.server";
import type { BigCommercePlatform } from "~/platforms/bigcommerce";

export function bigCommerceEnv(): BigCommerceEnv {
  return env().bigcommerce;
}

// ---- the adapter --------------------------------------------------------------------------

let processAdapter: BigCommercePlatform | undefined;

/** The adapter of this process (one, so that its per-store rate-limit windows are shared). */
export function bigCommercePlatform(): BigCommercePlatform {
  if (!processAdapter) {
    const config = bigCommerceEnv();
    processAdapter = createBigCommerceAdapter({
      db: db(),
      apiBase: config.apiUrl,
      sandbox: config.mode === "sandbox" ? { storeHash: config.sandboxStore, accessToken: config.sandboxAccessToken } : null,
    });
  }
  return processAdapter;
}

// Every process that imports this module (the web app through its routes, a worker through its
// context) serves BigCommerce stores from then on.
if (bigCommerceEnv().mode !== "off") registerPlatform(bigCommercePlatform());

// ---- secrets ------------------------------------------------------------------------------

function derive(purpose: string): string {
  return createHmac("sha256", bigCommerceEnv().clientSecret).update(purpose).digest("base64url");
}

/** The key of the admin's session token: CONSIGN_SESSION_SECRET, or one derived from the client secret. */
export function sessionSecret(): string {
  return bigCommerceEnv().sessionSecret ?? derive("consign:bc-session-token");
}

/** The header BigCommerce sends with every callback of our hooks (webhooks.v3.yml webhook_Base.headers). */
export const WEBHOOK_SECRET_HEADER = "X-Consign-Webhook-Secret";

/**
 * The store's webhook secret: an HMAC of the store hash under the client secret, so each store
 * has its own, none is stored, and one store's secret says nothing about another's. Rotating the
 * client secret changes every store's; a reinstall registers the hooks again with the new one.
 */
export function webhookSecretFor(storeHash: string): string {
  return derive(`consign:bc-webhook:${storeHash}`);
}

export function webhookRegistration(storeHash: string): { destination: string; headers: Record<string, string> } {
  return {
    destination: `${bigCommerceEnv().appUrl}/webhooks/bigcommerce`,
    headers: { [WEBHOOK_SECRET_HEADER]: webhookSecretFor(storeHash) },
  };
}

// ---- the admin session --------------------------------------------------------------------

/** An hour; every page of the admin hands out a fresh one, so only an idle hour ends a session. */
export const SESSION_TTL_SECONDS = 3600;

export function issueSession(storeHash: string, userId: string): Promise<string> {
  return signAppSession({ storeHash, userId }, sessionSecret(), SESSION_TTL_SECONDS);
}

// ---- the auth callback's token exchange ---------------------------------------------------

/**
 * Scopes Consign cannot work without: writing shipments and order statuses (store_v2_orders) and
 * reading the catalog for product assignments (store_v2_products or its read-only form).
 * Webhooks need no scope (webhooks.v3.yml securitySchemes). Notes §1 "Scopes".
 */
export const REQUIRED_SCOPES: readonly (readonly string[])[] = [
  ["store_v2_orders"],
  ["store_v2_products", "store_v2_products_read_only"],
];

/** Required scopes the grant lacks (each named by its first acceptable form). */
export function missingScopes(granted: string): string[] {
  const have = new Set(granted.split(/[\s,]+/).filter(Boolean));
  return REQUIRED_SCOPES.filter((any) => !any.some((s) => have.has(s))).map((any) => any[0]);
}

/** What BigCommerce puts in the browser's GET /auth query (notes §1). */
export const authCallbackQuery = z.object({
  code: z.string().min(1, "is missing"),
  scope: z.string().min(1, "is missing"),
  context: z.string().regex(/^stores\/[a-z0-9]+$/, 'must be "stores/{store_hash}"'),
  account_uuid: z.string().optional(),
});
export type AuthCallbackQuery = z.output<typeof authCallbackQuery>;

const bcId = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String);

const tokenResponse = z.object({
  access_token: z.string().min(1),
  scope: z.string(),
  user: z.object({ id: bcId, email: z.string().nullish() }),
  owner: z.object({ id: bcId, email: z.string().nullish() }).nullish(),
  context: z.string().regex(/^stores\/[a-z0-9]+$/),
  account_uuid: z.string().nullish(),
});

export interface AuthGrant {
  storeHash: string;
  accessToken: string;
  scope: string;
  user: { id: string; email: string | null };
  owner: { id: string; email: string | null };
}

/** The token exchange failed: BigCommerce refused the code (400/401) or could not be reached. */
export class BigCommerceAuthError extends Error {
  override name = "BigCommerceAuthError";
  constructor(
    message: string,
    /** the HTTP status to answer the browser with */
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * POST {login}/oauth2/token with the code (notes §1 "Token exchange"): JSON body with the app's
 * credentials, the code, context and scope, grant_type authorization_code and the redirect_uri,
 * which must equal the auth callback URL registered in the app profile.
 */
export async function exchangeAuthCode(query: AuthCallbackQuery, fetchFn: typeof fetch = fetch): Promise<AuthGrant> {
  const config = bigCommerceEnv();
  let res: Response;
  try {
    res = await fetchFn(`${config.loginUrl}/oauth2/token`, {
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": "application/json" },
      body: JSON.stringify({
        client_id: config.clientId,
        client_secret: config.clientSecret,
        code: query.code,
        context: query.context,
        scope: query.scope,
        grant_type: "authorization_code",
        redirect_uri: `${config.appUrl}/bc/auth`,
      }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new BigCommerceAuthError(`BigCommerce could not be reached (${error instanceof Error ? error.message : String(error)})`, 502);
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const said = z.object({ error_description: z.string().optional(), error: z.string().optional() }).safeParse(body);
    const reason = said.success ? (said.data.error_description ?? said.data.error) : undefined;
    throw new BigCommerceAuthError(
      `BigCommerce refused the install (HTTP ${res.status}${reason ? `: ${reason}` : ""})`,
      res.status >= 500 ? 502 : 401,
    );
  }
  const parsed = tokenResponse.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BigCommerceAuthError(`Unexpected answer from BigCommerce's token endpoint (${issue.path.join(".")}: ${issue.message})`, 502);
  }
  const t = parsed.data;
  if (t.context !== query.context) throw new BigCommerceAuthError(`The token is for ${t.context}, not ${query.context}`, 401);
  const user = { id: t.user.id, email: t.user.email ?? null };
  return {
    storeHash: t.context.slice("stores/".length),
    accessToken: t.access_token,
    scope: t.scope,
    user,
    owner: t.owner ? { id: t.owner.id, email: t.owner.email ?? null } : user,
  };
}

// ---- load, uninstall and remove_user callbacks --------------------------------------------

/**
 * The callback's signed_payload_jwt (HS256 with the client secret; aud = client id, iss = bc,
 * sub = stores/{hash}; notes §1), or a thrown 401. Anything else is refused and changes nothing.
 */
export async function verifyCallback(request: Request): Promise<SignedPayload> {
  const config = bigCommerceEnv();
  if (config.mode === "off") throw plain(404, "BigCommerce is not configured on this server.");
  const token = new URL(request.url).searchParams.get("signed_payload_jwt");
  const check = await verifySignedPayload(token, { clientId: config.clientId, clientSecret: config.clientSecret });
  if (!check.ok) throw plain(401, `signed_payload_jwt refused: ${check.reason}`);
  return check.value;
}

export function plain(status: number, message: string): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

/**
 * Where a load's deep link (`url` claim, a path inside the app such as "/" or "/orders/12")
 * leads: the same path under /bc. Anything that is not a plain path goes to the dashboard, so the
 * claim can never send the browser elsewhere.
 */
export function deepLinkPath(url: string): string {
  const path = url.split(/[?#]/)[0].replace(/\/+$/, "");
  if (path !== "" && (!/^\/[A-Za-z0-9/_.-]*$/.test(path) || path.includes("//") || path.includes(".."))) return "/bc";
  if (path === "" || path === "/bc") return "/bc";
  return path.startsWith("/bc/") ? path : `/bc${path}`;
}

/** The app's URL for a user, with a fresh session token. */
export async function appUrlFor(path: string, storeHash: string, userId: string): Promise<string> {
  return `${path}?context=${encodeURIComponent(await issueSession(storeHash, userId))}`;
}
