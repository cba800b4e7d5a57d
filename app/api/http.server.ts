// What every /api/v1 route shares: the bearer key, the rate limit and its headers, the JSON body,
// use-case errors as HTTP answers, and the call log. Routes stay thin: they name the scope they
// need and call one use case.
//
// Refusals tell the caller nothing it does not know: a missing, malformed, unknown or revoked key
// and a key of a deactivated connection all get the same 401; a fulfillment of another shop or
// another house gets the same 404 as an id that does not exist.
import type { z } from "zod";
import { appContext } from "~/lib/app-context.server";
import { type ApiPrincipal, authenticateApiKey, type RateState } from "~/use-cases/authenticateApiKey";
import type { AppContext } from "~/use-cases/context";
import { ConflictError, NotFoundError, ValidationError } from "~/use-cases/errors";
import { recordApiCall } from "~/use-cases/recordApiCall";
import type { ApiKeyScope } from "~/use-cases/shared/apiKeys";
import { RuleRefusedError } from "~/use-cases/shared/ruleRefused";
import { apiRateLimitPerMinute } from "./config.server";
import { type ErrorBody, type ErrorCode, errorBody } from "./errors";

export interface ApiAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface ApiCall {
  ctx: AppContext;
  principal: ApiPrincipal;
  request: Request;
  params: Readonly<Record<string, string | undefined>>;
}

export interface ApiEndpoint {
  scope: ApiKeyScope;
  handle(call: ApiCall): Promise<ApiAnswer>;
}

const MAX_BODY_BYTES = 1_000_000;
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

export function fail(status: number, code: ErrorCode, message: string, fields?: ErrorBody["error"]["fields"]): ApiAnswer {
  return { status, body: errorBody(code, message, fields) };
}

const UNAUTHORIZED = () =>
  json(401, errorBody("unauthorized", "Missing, unknown or revoked API key. Send Authorization: Bearer <key>."), {
    "WWW-Authenticate": 'Bearer realm="consign"',
  });

export const NOT_FOUND = (): ApiAnswer => fail(404, "not_found", "Not found.");

/** For a route's unsupported method: 405 with the methods it has. */
export function methodNotAllowed(allow: string): Response {
  return json(405, errorBody("method_not_allowed", `Use ${allow}.`), { Allow: allow });
}

function bearerOf(request: Request): string | null {
  const header = request.headers.get("authorization");
  const match = header?.match(/^Bearer[ ]+(\S+)\s*$/i);
  return match ? match[1] : null;
}

function rateHeaders(rate: RateState): Record<string, string> {
  return {
    "RateLimit-Limit": String(rate.limit),
    "RateLimit-Remaining": String(rate.remaining),
    "RateLimit-Reset": String(rate.resetSeconds),
  };
}

/** A path id that cannot be one of ours is "not found" without a lookup. */
export function pathId(call: ApiCall, name = "id"): string | null {
  const id = call.params[name];
  return id && ID_PATTERN.test(id) ? id : null;
}

/** The request's JSON body, or an answer saying why there is none. */
export async function readJson(request: Request): Promise<{ ok: true; body: unknown } | { ok: false; answer: ApiAnswer }> {
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_BODY_BYTES) return { ok: false, answer: fail(400, "invalid_request", "The body is larger than 1 MB.") };
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) return { ok: false, answer: fail(400, "invalid_request", "The body is larger than 1 MB.") };
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch {
    return {
      ok: false,
      answer: fail(400, "invalid_request", "The body must be JSON.", [{ field: "", message: "not valid JSON" }]),
    };
  }
}

/** Zod-checks a request part (the body, the query); a failure is a 400 naming each field. */
export function parseRequest<S extends z.ZodType>(
  schema: S,
  value: unknown,
): { ok: true; data: z.output<S> } | { ok: false; answer: ApiAnswer } {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fields = parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join("."), message: issue.message }));
  const message = fields.map((f) => (f.field ? `${f.field}: ${f.message}` : f.message)).join("; ");
  return { ok: false, answer: fail(400, "invalid_request", message || "Invalid request", fields) };
}

/** Query parameters as a plain object; a repeated one becomes an array. */
export function queryOf(request: Request): Record<string, string | string[]> {
  const params = new URL(request.url).searchParams;
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    out[key] = values.length > 1 ? values : values[0];
  }
  return out;
}

/** The house asking, as the use cases take it. */
export function scopeOf(principal: ApiPrincipal) {
  return { shopId: principal.shopId, connectionId: principal.connectionId, actor: principal.actor };
}

/** Use-case errors as answers; anything else is a 500 that says nothing of its cause. */
function answerFor(error: unknown): ApiAnswer {
  if (error instanceof ValidationError) {
    return fail(
      400,
      "invalid_request",
      error.message,
      error.issues.map((issue) => ({ field: issue.field, message: issue.message })),
    );
  }
  if (error instanceof RuleRefusedError) return fail(422, "unprocessable", error.message, [...error.issues]);
  if (error instanceof NotFoundError) return NOT_FOUND();
  if (error instanceof ConflictError) return fail(409, "conflict", error.message);
  console.error("[api] request failed:", error);
  return fail(500, "internal", "Something went wrong on our side; nothing was changed. Try again.");
}

function messageOf(answer: ApiAnswer): string | null {
  if (answer.status < 400) return null;
  const body = answer.body as Partial<ErrorBody> | null;
  return body?.error?.message ?? `HTTP ${answer.status}`;
}

/**
 * The action of a POST /api/v1/fulfillments/{id}/... route: the fulfillments:write scope, the id,
 * the JSON body checked with `schema`, then `run`. Any other method gets 405.
 */
export function fulfillmentCommand<S extends z.ZodType>(
  schema: S,
  run: (call: ApiCall, fulfillmentId: string, body: z.output<S>) => Promise<ApiAnswer>,
) {
  return ({ request, params }: { request: Request; params: Readonly<Record<string, string | undefined>> }) =>
    request.method !== "POST"
      ? methodNotAllowed("POST")
      : serveApi(request, params, {
          scope: "fulfillments:write",
          async handle(call) {
            const fulfillmentId = pathId(call);
            if (!fulfillmentId) return NOT_FOUND();
            const read = await readJson(request);
            if (!read.ok) return read.answer;
            const body = parseRequest(schema, read.body);
            if (!body.ok) return body.answer;
            return run(call, fulfillmentId, body.data);
          },
        });
}

/** Serves one /api/v1 request: authenticate, count, run, answer, log. */
export async function serveApi(
  request: Request,
  params: Readonly<Record<string, string | undefined>>,
  endpoint: ApiEndpoint,
): Promise<Response> {
  try {
    return await serve(request, params, endpoint);
  } catch (error) {
    const answer = answerFor(error);
    return json(answer.status, answer.body);
  }
}

async function serve(
  request: Request,
  params: Readonly<Record<string, string | undefined>>,
  endpoint: ApiEndpoint,
): Promise<Response> {
  const started = performance.now();
  const token = bearerOf(request);
  if (!token) return UNAUTHORIZED();
  const ctx = appContext();
  const auth = await authenticateApiKey(ctx, { token, scope: endpoint.scope, limitPerMinute: apiRateLimitPerMinute() });
  if (auth.kind === "unauthorized") return UNAUTHORIZED();

  const { principal, rate } = auth;
  let answer: ApiAnswer;
  if (auth.kind === "rate_limited") {
    answer = fail(429, "rate_limited", `More than ${rate.limit} requests in a minute; retry in ${rate.resetSeconds} s.`);
    answer.headers = { "Retry-After": String(rate.resetSeconds) };
  } else if (auth.kind === "forbidden") {
    answer = fail(403, "forbidden", `This key lacks the ${auth.missingScope} scope.`);
  } else {
    try {
      answer = await endpoint.handle({ ctx: appContext({ actor: principal.actor }), principal, request, params });
    } catch (error) {
      answer = answerFor(error);
    }
  }

  try {
    await recordApiCall(ctx, {
      shopId: principal.shopId,
      connectionId: principal.connectionId,
      apiKeyId: principal.apiKeyId,
      keyPrefix: principal.prefix,
      method: request.method,
      path: new URL(request.url).pathname,
      status: answer.status,
      error: messageOf(answer),
      durationMs: Math.round(performance.now() - started),
    });
  } catch (error) {
    // The log is for the admin; a failure to write it never fails the call.
    console.error("[api] could not log the call:", error);
  }
  return json(answer.status, answer.body, { ...rateHeaders(rate), ...answer.headers });
}
