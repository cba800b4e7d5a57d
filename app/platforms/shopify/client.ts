// One Admin GraphQL call to a shop, the way Shopify wants to be called: graphql-request with the
// shop's offline token in X-Shopify-Access-Token, the per-shop cost bucket respected (throttle.ts),
// THROTTLED waited out and retried, HTTP 429/5xx, timeouts and network failures retried with
// exponential backoff and jitter (p-retry). Nothing is dropped: a call that finally fails throws
// PlatformUnavailableError, and the caller leaves its work for the next run.
//
// A mutation whose outcome is unknown (timeout, 5xx, broken connection: Shopify may have written
// it) is never blindly repeated: the caller passes `reconcile`, which looks on Shopify for the
// result first, or declares the mutation `idempotent`.
import { ClientError, GraphQLClient } from "graphql-request";
import pRetry from "p-retry";
import type { z } from "zod";
import { PlatformError, PlatformRejectedError, PlatformUnavailableError } from "../errors";
import type { ShopRef } from "../port";
import { type QueryCost, ShopifyThrottle } from "./throttle";

/** The shop's offline token. `refused` is set when Shopify just answered 401 to that token. */
export type AccessTokenProvider = (shop: ShopRef, hint?: { refused: string }) => Promise<string>;

export interface ShopifyClientOptions {
  apiVersion: string;
  /** the shop's Admin GraphQL URL, e.g. https://{shop}/admin/api/2026-10/graphql.json */
  endpoint(shopDomain: string): string;
  accessToken: AccessTokenProvider;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** per HTTP attempt (default 30 s) */
  timeoutMs?: number;
  /** retries after 429/5xx/timeouts/network errors (default 5), backoff from minDelayMs doubling up to maxDelayMs */
  retry?: { retries?: number; minDelayMs?: number; maxDelayMs?: number };
  /** THROTTLED answers waited out per call before giving up (default 50) */
  maxThrottledRetries?: number;
  throttle?: ShopifyThrottle;
}

export interface CallOptions<T> {
  /** looks on Shopify for the result of a mutation whose outcome is unknown; null = not there */
  reconcile?: () => Promise<T | null>;
  /** repeating this mutation is harmless */
  idempotent?: boolean;
}

/** A failure that the same call may not repeat. `ambiguous`: Shopify may have executed it. */
class RetryableFailure extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly ambiguous: boolean,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

interface RawResponse {
  status: number;
  data: unknown;
  errors: { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions: unknown;
  headers: Headers | null;
  body: string;
}

function operationOf(document: string): { name: string; mutation: boolean } {
  const m = /\b(query|mutation)\s+(\w+)/.exec(document);
  if (!m) throw new Error("Shopify documents must be named operations");
  return { name: m[2]!, mutation: m[1] === "mutation" };
}

function costOf(extensions: unknown): QueryCost | null {
  if (!extensions || typeof extensions !== "object" || !("cost" in extensions)) return null;
  const cost = extensions.cost as QueryCost | null;
  return cost && typeof cost === "object" ? cost : null;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return `${error.name === "TimeoutError" ? "timed out" : error.message}${cause}`;
  }
  return String(error);
}

function errorText(res: RawResponse): string {
  try {
    const body: unknown = JSON.parse(res.body);
    if (body && typeof body === "object" && "errors" in body) {
      return typeof body.errors === "string" ? body.errors : JSON.stringify(body.errors);
    }
  } catch {
    // not JSON (Shopify's 5xx pages are HTML)
  }
  return res.body.slice(0, 200);
}

export class ShopifyGraphQL {
  readonly throttle: ShopifyThrottle;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: ShopifyClientOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.throttle = options.throttle ?? new ShopifyThrottle({ sleep: this.sleep });
  }

  /** Runs a document and returns its data, checked against `schema`. */
  async request<S extends z.ZodType>(
    shop: ShopRef,
    document: string,
    variables: Record<string, unknown>,
    schema: S,
    opts: CallOptions<z.output<S>> = {},
  ): Promise<z.output<S>> {
    const op = operationOf(document);
    let outcomeUnknown = false;
    const retry = this.options.retry ?? {};
    try {
      return await pRetry(
        async () => {
          if (outcomeUnknown && opts.reconcile) {
            const found = await opts.reconcile();
            if (found !== null) return found;
          }
          try {
            const data = await this.attempt(shop, document, op, variables);
            const parsed = schema.safeParse(data);
            if (!parsed.success) {
              const issue = parsed.error.issues[0];
              throw new PlatformError(`Unexpected Shopify response to ${op.name}: ${issue?.path.join(".")}: ${issue?.message}`);
            }
            return parsed.data;
          } catch (error) {
            if (error instanceof RetryableFailure && error.ambiguous && op.mutation) {
              if (!opts.reconcile && !opts.idempotent) {
                throw new PlatformUnavailableError(`${op.name} on ${shop.domain}: outcome unknown (${error.message})`, error.status);
              }
              outcomeUnknown = true;
            }
            throw error;
          }
        },
        {
          retries: retry.retries ?? 5,
          minTimeout: retry.minDelayMs ?? 500,
          maxTimeout: retry.maxDelayMs ?? 30_000,
          factor: 2,
          randomize: true,
          shouldRetry: ({ error }) => error instanceof RetryableFailure,
          onFailedAttempt: async ({ error }) => {
            if (error instanceof RetryableFailure && error.retryAfterMs) await this.sleep(error.retryAfterMs);
          },
        },
      );
    } catch (error) {
      if (error instanceof RetryableFailure) {
        throw new PlatformUnavailableError(`${op.name} on ${shop.domain} failed: ${error.message}`, error.status, error.retryAfterMs);
      }
      throw error;
    }
  }

  /** One call, waiting for the bucket and through THROTTLED answers. */
  private async attempt(shop: ShopRef, document: string, op: { name: string; mutation: boolean }, variables: Record<string, unknown>): Promise<unknown> {
    let throttled = 0;
    let refusedToken: string | null = null;
    for (;;) {
      const reserved = this.throttle.estimate(op.name);
      await this.throttle.acquire(shop.domain, reserved);
      let res: RawResponse;
      let token: string;
      try {
        token = await this.options.accessToken(shop, refusedToken ? { refused: refusedToken } : undefined);
        res = await this.send(shop, document, op.name, variables, token);
        this.throttle.settle(shop.domain, reserved, op.name, costOf(res.extensions));
      } catch (error) {
        this.throttle.settle(shop.domain, reserved, op.name, null);
        throw error;
      }

      if (res.status === 401) {
        if (refusedToken === null) {
          refusedToken = token;
          continue;
        }
        throw new PlatformUnavailableError(`Shopify refused the access token of ${shop.domain}: ${errorText(res)}`, 401);
      }
      if (res.status === 429) {
        const retryAfter = Number(res.headers?.get("retry-after"));
        throw new RetryableFailure(`HTTP 429: ${errorText(res)}`, 429, false, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null);
      }
      if (res.status >= 500) throw new RetryableFailure(`HTTP ${res.status}`, res.status, true);
      if (res.status < 200 || res.status >= 300) {
        throw new PlatformRejectedError(`Shopify answered HTTP ${res.status} to ${op.name}: ${errorText(res)}`, null, res.status);
      }

      const codes = res.errors.map((e) => (typeof e.extensions?.code === "string" ? e.extensions.code : null));
      if (codes.includes("THROTTLED")) {
        throttled += 1;
        if (throttled > (this.options.maxThrottledRetries ?? 50)) {
          throw new PlatformUnavailableError(`${op.name} on ${shop.domain}: still throttled after ${throttled - 1} waits`, 200);
        }
        const requested = costOf(res.extensions)?.requestedQueryCost ?? reserved;
        await this.throttle.wait(this.throttle.throttledDelay(shop.domain, requested));
        continue;
      }
      if (codes.includes("INTERNAL_SERVER_ERROR")) throw new RetryableFailure(res.errors[0]!.message, 200, true);
      if (res.errors.length > 0) {
        const first = res.errors[0]!;
        throw new PlatformRejectedError(
          res.errors.map((e) => e.message).join("; "),
          first.path ? first.path.join(".") : null,
          res.status,
        );
      }
      return res.data;
    }
  }

  private async send(shop: ShopRef, document: string, operationName: string, variables: Record<string, unknown>, token: string): Promise<RawResponse> {
    const url = this.options.endpoint(shop.domain);
    // The version is pinned: an endpoint for another version is a configuration error.
    if (!url.includes(`/admin/api/${this.options.apiVersion}/`)) {
      throw new PlatformError(`Shopify endpoint ${url} is not for API version ${this.options.apiVersion}`);
    }
    const client = new GraphQLClient(url, {
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      errorPolicy: "all",
      headers: { "X-Shopify-Access-Token": token },
    });
    try {
      const res = await client.rawRequest<unknown>({
        query: document,
        variables,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
      return { status: res.status, data: res.data, errors: res.errors ?? [], extensions: res.extensions, headers: res.headers, body: res.body };
    } catch (error) {
      if (error instanceof ClientError) {
        const r = error.response;
        return { status: r.status, data: r.data ?? null, errors: r.errors ?? [], extensions: r.extensions, headers: r.headers ?? null, body: r.body ?? "" };
      }
      throw new RetryableFailure(`${operationName}: no answer from ${shop.domain} (${describe(error)})`, null, true);
    }
  }
}
