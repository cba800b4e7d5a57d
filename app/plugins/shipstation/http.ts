// ShipStation V1 over HTTP: Basic auth (API key : API secret), the 40 requests/minute limit
// read from the X-Rate-Limit-* headers, retries of 5xx/timeouts, and vendor errors turned into
// plugin errors. Source: reference/notes/fulfillers-and-carriers.md §1 "Auth", "Rate limits".
import type { z } from "zod";
import { PluginRejectedError } from "../errors";
import { type RetryOptions, type VendorPolicy, vendorRequest } from "../shared/vendorRequest";

export interface ShipStationHttpOptions extends RetryOptions {
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  fetch: typeof fetch;
  sleep(ms: number): Promise<void>;
  now(): Date;
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
  private readonly policy: VendorPolicy;
  readonly base: URL;

  constructor(opts: ShipStationHttpOptions) {
    this.base = new URL(opts.baseUrl.endsWith("/") ? opts.baseUrl : `${opts.baseUrl}/`);
    const limiter = limiterFor(opts.baseUrl, opts.apiKey);
    this.limiter = limiter;
    const authorization = `Basic ${Buffer.from(`${opts.apiKey}:${opts.apiSecret}`).toString("base64")}`;
    const nowMs = () => opts.now().getTime();
    this.policy = {
      ...opts,
      vendor: "ShipStation",
      // The X-Rate-Limit-* headers are read as soon as the answer arrives, before its body.
      fetch: async (input, init) => {
        const res = await opts.fetch(input, init);
        limiter.observe(res.headers, nowMs());
        return res;
      },
      observe: () => {},
      headers: () => ({ authorization }),
      beforeAttempt: async () => {
        const delay = limiter.delayBeforeRequest(nowMs());
        if (delay > 0) {
          await opts.sleep(delay);
          limiter.windowPassed();
        }
      },
      // Over the limit: wait the seconds the server names, then send the same request again.
      throttled: async (res) => {
        const reset = Number.parseInt(res.headers.get("x-rate-limit-reset") ?? "", 10);
        await opts.sleep(Number.isFinite(reset) && reset > 0 ? reset * 1000 : 1000);
        limiter.windowPassed();
      },
      describeError: vendorMessage,
      rejected: (status, text) => new PluginRejectedError(vendorMessage(text, status), status),
      authMessage: (status, text) => `ShipStation refused the API key and secret (${vendorMessage(text, status)})`,
    };
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
    return this.limiter.run(() => vendorRequest(this.policy, method, url, body, schema));
  }
}
