// What the direct carrier providers (UPS, FedEx, USPS) share: client-credentials schema, the
// token request, and the rule that each answers only for its own carrier.
import { z } from "zod";
import { type CarrierCode, normalizeCarrierName } from "./carriers";
import {
  CarrierConfigError,
  CarrierCredentialsRejectedError,
  CarrierRequestRejectedError,
  UnsupportedCarrierError,
} from "./errors";
import { describeError, type HttpDeps, readJson, send } from "./http";
import { createTokenCache, type IssuedToken, type TokenCache, withToken } from "./oauth";

export const clientCredentialsSchema = z.object({
  clientId: z.string().trim().min(1, "client id (API key) is required"),
  clientSecret: z.string().trim().min(1, "client secret is required"),
});
export type ClientCredentials = z.input<typeof clientCredentialsSchema>;

export function parseCredentials<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CarrierConfigError(`credentials.${issue.path.join(".")}`, issue.message);
  }
  return parsed.data;
}

/** Token endpoints answer `expires_in` as a number (FedEx, USPS) or a string (UPS's OpenAPI). */
export const tokenResponseSchema = z
  .object({
    access_token: z.string().min(1),
    expires_in: z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number),
  })
  .loose();

export async function requestToken(deps: HttpDeps, path: string, init: RequestInit): Promise<IssuedToken> {
  const response = await send(deps, path, { method: "POST", ...init });
  if (response.status === 400 || response.status === 401 || response.status === 403) {
    throw new CarrierCredentialsRejectedError(deps.provider, `token request refused (${await describeError(response)})`);
  }
  if (!response.ok) {
    throw new CarrierRequestRejectedError(deps.provider, `token request: ${await describeError(response)}`, response.status);
  }
  const token = await readJson(deps, response, tokenResponseSchema, "token response");
  return { accessToken: token.access_token, expiresInSeconds: token.expires_in };
}

/** A direct provider refuses another carrier's parcel; an unstated carrier is taken as its own. */
export function assertOwnCarrier(provider: string, own: CarrierCode, carrier: string | null | undefined): void {
  const code = normalizeCarrierName(carrier);
  if (code && code !== own) {
    throw new UnsupportedCarrierError(provider, `tracks ${own} parcels only, not ${code}`);
  }
}

export async function rejectTrackResponse(deps: HttpDeps, response: Response, trackingNumber: string): Promise<never> {
  const detail = await describeError(response);
  if (response.status === 401 || response.status === 403) {
    throw new CarrierCredentialsRejectedError(deps.provider, `tracking ${trackingNumber} refused (${detail})`);
  }
  throw new CarrierRequestRejectedError(deps.provider, `tracking ${trackingNumber}: ${detail}`, response.status);
}

/** Tokens from an endpoint that takes the client id and secret in the form body (FedEx, USPS). */
export function formCredentialsTokens(deps: HttpDeps, path: string, credentials: z.output<typeof clientCredentialsSchema>): TokenCache {
  return createTokenCache(
    () =>
      requestToken(deps, path, {
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: credentials.clientId,
          client_secret: credentials.clientSecret,
        }).toString(),
      }),
    deps.now,
  );
}

/** A request with the current bearer token, retried once with a new token after a 401. */
export function sendWithBearer(
  deps: HttpDeps,
  tokens: TokenCache,
  path: string,
  init: RequestInit & { headers: Record<string, string> },
): Promise<Response> {
  return withToken(tokens, (token) =>
    send(deps, path, { ...init, headers: { ...init.headers, Authorization: `Bearer ${token}`, Accept: "application/json" } }),
  );
}
