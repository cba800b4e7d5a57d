// ShipStation V1 over HTTP: Basic auth (API key : API secret), the 40 requests/minute limit
// read from the X-Rate-Limit-* headers, retries of 5xx/timeouts, and vendor errors turned into
// plugin errors. Source: reference/notes/fulfillers-and-carriers.md §1 "Auth", "Rate limits".
import type { z } from "zod";
import { PluginAuthError, PluginError, PluginRejectedError, PluginUnavailableError } from "../errors";

export interface ShipStationHttpOptions {
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  fetch: typeof fetch;
  sleep(ms: number): Promise<void>;
  now(): Date;
  /** per request */
  timeoutMs: number;
  /** attempts for a 5xx, a timeout or a network error (429s are waited out, not counted) */
  maxAttempts: number;
  retryBaseMs: number;
  /** how many 429s in a row we wait out before giving up on one call */
  maxThrottleWaits: number;
}

/**
 * One per API key in this process, shared by every connection that uses the key: ShipStation
 * counts requests per key/secret pair. Requests through one limiter run one at a time so the
 * remaining count the server last reported is always current.
 */
class RateLimiter {
  private chain: Promise<unknown> = Promise.resolve();
  private remaining: number | null = null;
  private resetAt = 0;

  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.chain.then(task, task);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** ms to wait before the next request may go */
  delayBeforeRequest(nowMs: number): number {
    if (this.remaining === null || this.remaining > 0) return 0;
    return Math.max(0, this.resetAt - nowMs);
  }

  observe(headers: Headers, nowMs: number): void {
    const remaining = Number.parseInt(headers.get("x-rate-limit-remaining") ?? "", 10);
    const reset = Number.parseInt(headers.get("x-rate-limit-reset") ?? "", 10);
    if (Number.isFinite(remaining)) this.remaining = remaining;
    if (Number.isFinite(reset)) this.resetAt = nowMs + Math.max(reset, 0) * 1000;
  }

  /** after waiting out a window, the count is unknown until the next response */
  windowPassed(): void {
    this.remaining = null;
  }
}

const limiters = new Map<string, RateLimiter>();

function limiterFor(baseUrl: string, apiKey: string): RateLimiter {
  const key = `${new URL(baseUrl).host}|${apiKey}`;
  let limiter = limiters.get(key);
  if (!limiter) {
    limiter = new RateLimiter();
    limiters.set(key, limiter);
  }
  return limiter;
}

/** The human part of a ShipStation error body (ASP.NET style Message/ExceptionMessage/ModelState, or message). */
export function vendorMessage(text: string, status: number): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const plain = text.trim().replace(/\s+/g, " ").slice(0, 300);
    return plain || `HTTP ${status}`;
  }
  if (!body || typeof body !== "object") return `HTTP ${status}`;
  const record = body as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of ["ExceptionMessage", "Message", "message"]) {
    const value = record[key];
    if (typeof value === "string" && value && !parts.includes(value)) parts.push(value);
  }
  const modelState = record.ModelState;
  if (modelState && typeof modelState === "object") {
    for (const [field, errors] of Object.entries(modelState as Record<string, unknown>)) {
      const list = Array.isArray(errors) ? errors.filter((e) => typeof e === "string") : [];
      if (list.length) parts.push(`${field}: ${list.join(" ")}`);
    }
  }
  return parts.length ? parts.join(" — ") : `HTTP ${status}`;
}

export class ShipStationHttp {
  private readonly limiter: RateLimiter;
  private readonly authorization: string;
  readonly base: URL;

  constructor(private readonly opts: ShipStationHttpOptions) {
    this.base = new URL(opts.baseUrl.endsWith("/") ? opts.baseUrl : `${opts.baseUrl}/`);
    this.limiter = limiterFor(opts.baseUrl, opts.apiKey);
    this.authorization = `Basic ${Buffer.from(`${opts.apiKey}:${opts.apiSecret}`).toString("base64")}`;
  }

  url(path: string, query: Record<string, string | number | boolean | null | undefined> = {}): URL {
    const url = new URL(path.replace(/^\//, ""), this.base);
    for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined) url.searchParams.set(k, String(v));
    return url;
  }

  get<T>(url: URL, schema: z.ZodType<T>): Promise<T> {
    return this.request("GET", url, schema);
  }

  post<T>(url: URL, body: unknown, schema: z.ZodType<T>): Promise<T> {
    return this.request("POST", url, schema, body);
  }

  delete(url: URL): Promise<unknown> {
    return this.request("DELETE", url, null);
  }

  private request<T>(method: string, url: URL, schema: z.ZodType<T> | null, body?: unknown): Promise<T> {
    return this.limiter.run(() => this.attempt(method, url, schema, body));
  }

  private async attempt<T>(method: string, url: URL, schema: z.ZodType<T> | null, body?: unknown): Promise<T> {
    const { opts } = this;
    let attempts = 0;
    let throttles = 0;
    const what = `${method} ${url.pathname}`;
    for (;;) {
      const delay = this.limiter.delayBeforeRequest(opts.now().getTime());
      if (delay > 0) {
        await opts.sleep(delay);
        this.limiter.windowPassed();
      }
      attempts++;
      let res: Response;
      try {
        res = await opts.fetch(url, {
          method,
          headers: {
            authorization: this.authorization,
            accept: "application/json",
            ...(body === undefined ? {} : { "content-type": "application/json" }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(opts.timeoutMs),
        });
      } catch (error) {
        const reason =
          error instanceof Error && error.name === "TimeoutError"
            ? `no answer within ${opts.timeoutMs} ms`
            : `network error: ${error instanceof Error ? error.message : String(error)}`;
        if (attempts < opts.maxAttempts) {
          await opts.sleep(opts.retryBaseMs * 2 ** (attempts - 1));
          continue;
        }
        throw new PluginUnavailableError(`ShipStation ${what}: ${reason}`);
      }
      this.limiter.observe(res.headers, opts.now().getTime());
      const text = await res.text();
      if (res.status === 429) {
        // Over the limit: wait the seconds the server names, then send the same request again.
        attempts--;
        if (++throttles > opts.maxThrottleWaits) {
          throw new PluginUnavailableError(`ShipStation ${what}: still rate limited after ${throttles - 1} waits`, 429);
        }
        const reset = Number.parseInt(res.headers.get("x-rate-limit-reset") ?? "", 10);
        await opts.sleep(Number.isFinite(reset) && reset > 0 ? reset * 1000 : 1000);
        this.limiter.windowPassed();
        continue;
      }
      if (res.status >= 500) {
        if (attempts < opts.maxAttempts) {
          await opts.sleep(opts.retryBaseMs * 2 ** (attempts - 1));
          continue;
        }
        throw new PluginUnavailableError(`ShipStation ${what} failed: ${vendorMessage(text, res.status)}`, res.status);
      }
      if (res.status === 401 || res.status === 403) {
        throw new PluginAuthError(`ShipStation refused the API key and secret (${vendorMessage(text, res.status)})`, res.status);
      }
      if (res.status >= 400) throw new PluginRejectedError(vendorMessage(text, res.status), res.status);
      if (schema === null) return undefined as T;
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        throw new PluginError(`ShipStation ${what} answered with a body that is not JSON`, false, res.status);
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new PluginError(
          `ShipStation ${what} answered with an unexpected body (${issue?.path.join(".") || "body"}: ${issue?.message})`,
          false,
          res.status,
        );
      }
      return parsed.data;
    }
  }
}
