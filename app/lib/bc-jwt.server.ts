// BigCommerce single-click app JWTs.
// - signed_payload_jwt on /load, /uninstall, /remove-user: HS256 keyed with the app's client
//   secret; we check aud = client id, iss = "bc", sub = stores/{hash} and expiry
//   (notes/bigcommerce.md §1; BigCommerce's own Node client skips the audience check by a bug).
// - our own app session token for the control-panel iframe: BigCommerce's sample app carries a
//   signed token in the URL instead of cookies, which third-party-cookie blocking would drop.
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { z } from "zod";

const CLOCK_TOLERANCE_S = 30;

const signedPayloadClaims = z.object({
  aud: z.string(),
  iss: z.literal("bc"),
  sub: z.string().regex(/^stores\/[a-z0-9]+$/, "sub must be stores/{hash}"),
  user: z.object({ id: z.union([z.number(), z.string()]).transform(String), email: z.string().optional(), locale: z.string().optional() }),
  owner: z.object({ id: z.union([z.number(), z.string()]).transform(String), email: z.string().optional() }),
  url: z.string().optional(),
  channel_id: z.number().nullable().optional(),
});

export interface SignedPayload {
  storeHash: string;
  user: { id: string; email: string | null };
  owner: { id: string; email: string | null };
  url: string;
  channelId: number | null;
}

export type JwtCheck<T> = { ok: true; value: T } | { ok: false; reason: string };

function reasonOf(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return "the token has expired";
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `claim ${error.claim} is invalid: ${error.reason}`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return "the signature does not match";
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return "the algorithm is not allowed";
  if (error instanceof Error) return error.message;
  return "the token is invalid";
}

export async function verifySignedPayload(
  token: string | null | undefined,
  opts: { clientId: string; clientSecret: string; now?: Date },
): Promise<JwtCheck<SignedPayload>> {
  if (!token) return { ok: false, reason: "signed_payload_jwt is missing" };
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(opts.clientSecret), {
      algorithms: ["HS256"],
      audience: opts.clientId,
      issuer: "bc",
      clockTolerance: CLOCK_TOLERANCE_S,
      currentDate: opts.now,
      requiredClaims: ["exp", "sub"],
    });
    const parsed = signedPayloadClaims.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ok: false, reason: `claim ${issue.path.join(".")}: ${issue.message}` };
    }
    const c = parsed.data;
    return {
      ok: true,
      value: {
        storeHash: c.sub.slice("stores/".length),
        user: { id: c.user.id, email: c.user.email ?? null },
        owner: { id: c.owner.id, email: c.owner.email ?? null },
        url: c.url ?? "/",
        channelId: c.channel_id ?? null,
      },
    };
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  }
}

export interface AppSession {
  storeHash: string;
  userId: string;
}

const APP_SESSION_AUDIENCE = "consign:bc-session";

export async function signAppSession(session: AppSession, secret: string, ttlSeconds = 3600, now = new Date()): Promise<string> {
  return new SignJWT({ uid: session.userId })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(`stores/${session.storeHash}`)
    .setAudience(APP_SESSION_AUDIENCE)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(now.getTime() / 1000) + ttlSeconds)
    .sign(new TextEncoder().encode(secret));
}

export async function verifyAppSession(token: string | null | undefined, secret: string, now?: Date): Promise<JwtCheck<AppSession>> {
  if (!token) return { ok: false, reason: "the session token is missing" };
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ["HS256"],
      audience: APP_SESSION_AUDIENCE,
      currentDate: now,
      requiredClaims: ["exp", "sub"],
    });
    const parsed = z.object({ sub: z.string().regex(/^stores\/[a-z0-9]+$/), uid: z.string() }).safeParse(payload);
    if (!parsed.success) return { ok: false, reason: "the session token's claims are invalid" };
    return { ok: true, value: { storeHash: parsed.data.sub.slice("stores/".length), userId: parsed.data.uid } };
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  }
}
