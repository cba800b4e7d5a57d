// ShipBob over HTTP (dated API 2026-01): bearer personal access token, the shipbob_channel_id
// header, the 150 requests/minute sliding window read from ShipBob's own headers, retries of
// 5xx/timeouts, and vendor errors turned into plugin errors.
// Sources: reference/notes/fulfillers-and-carriers.md §2 "Auth" and "Rate limit".
import type { z } from "zod";
import { type RetryOptions, type VendorPolicy, vendorRequest } from "../shared/vendorRequest";
import { ShipBobRejectedError } from "./errors";
import { fieldErrorsSchema } from "./schemas";

export interface ShipBobHttpOptions extends RetryOptions {
  baseUrl: string;
  apiVersion: string;
  token: string;
  channelId: string;
  fetch: typeof fetch;
  sleep(ms: number): Promise<void>;
  now(): Date;
  /** ShipBob: 150 per minute on a sliding window, per user and application */
  rateLimit: { limit: number; windowMs: number };
}

/**
 * One per token and host in this process, shared by every connection using the token (ShipBob
 * counts per user per application). It keeps our own sliding window under the documented limit
 * and defers to the server: `x-remaining-calls: 0` or a 429's `x-retry-after` pause every call.
 */
class SlidingWindowLimiter {
  private calls: number[] = [];
  private pausedUntil = 0;
  constructor(private readonly limit: number, private readonly windowMs: number) {}

  /** ms to wait before a call may go now; 0 means it is counted and may go */
  tryAcquire(nowMs: number): number {
    this.calls = this.calls.filter((t) => t > nowMs - this.windowMs);
    const full = this.calls.length >= this.limit ? this.calls[0] + this.windowMs - nowMs : 0;
    const wait = Math.max(this.pausedUntil - nowMs, full);
    if (wait <= 0) this.calls.push(nowMs);
    return Math.max(wait, 0);
  }

  /**
   * The server says the window is spent (x-remaining-calls: 0) but not when it frees: hold new
   * calls for a second; one that still meets a 429 then waits the x-retry-after ShipBob names.
   */
  spent(nowMs: number): void {
    this.pause(1000, nowMs);
  }

  pause(ms: number, nowMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, nowMs + ms);
  }
}

const limiters = new Map<string, SlidingWindowLimiter>();

function limiterFor(opts: ShipBobHttpOptions): SlidingWindowLimiter {
  const key = `${new URL(opts.baseUrl).host}|${opts.token}`;
  let limiter = limiters.get(key);
  if (!limiter) {
    limiter = new SlidingWindowLimiter(opts.rateLimit.limit, opts.rateLimit.windowMs);
    limiters.set(key, limiter);
  }
  return limiter;
}

/** ShipBob's words from an error body: a { field: [messages] } map, a string, or { message }. */
export function vendorFields(text: string): Record<string, string[]> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const plain = text.trim().replace(/\s+/g, " ").slice(0, 300);
    return plain ? { "": [plain] } : {};
  }
  if (typeof body === "string") return { "": [body] };
  const map = fieldErrorsSchema.safeParse(body);
  if (map.success) return map.data;
  if (body && typeof body === "object") {
    const record = body as Record<string, unknown>;
    if (typeof record.message === "string") return { "": [record.message] };
    const inner = fieldErrorsSchema.safeParse(record.value);
    if (inner.success) return inner.data;
  }
  return {};
}

export function describeFields(fields: Record<string, string[]>): string {
  return Object.entries(fields)
    .map(([field, messages]) => (field ? `${field}: ${messages.join(" ")}` : messages.join(" ")))
    .join("; ");
}

/** seconds to wait after a 429: x-retry-after, else "Try again in N seconds" in the body */
function retryAfterMs(res: Response, text: string): number {
  const header = Number.parseFloat(res.headers.get("x-retry-after") ?? "");
  if (Number.isFinite(header) && header >= 0) return Math.max(header * 1000, 100);
  const said = /try again in (\d+) seconds/i.exec(text);
  return said ? Number(said[1]) * 1000 : 1000;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export class ShipBobHttp {
  private readonly root: string;
  private readonly policy: VendorPolicy;

  constructor(opts: ShipBobHttpOptions) {
    const limiter = limiterFor(opts);
    const nowMs = () => opts.now().getTime();
    this.root = `${opts.baseUrl.replace(/\/+$/, "")}/${opts.apiVersion}/`;
    this.policy = {
      ...opts,
      vendor: "ShipBob",
      headers: () => ({ authorization: `Bearer ${opts.token}`, shipbob_channel_id: opts.channelId }),
      beforeAttempt: async () => {
        for (;;) {
          const wait = limiter.tryAcquire(nowMs());
          if (wait === 0) return;
          await opts.sleep(wait);
        }
      },
      observe: (res) => {
        if (Number.parseInt(res.headers.get("x-remaining-calls") ?? "", 10) === 0) limiter.spent(nowMs());
      },
      // Over the limit: every call waits what ShipBob says, then this one goes again.
      throttled: async (res, text) => limiter.pause(retryAfterMs(res, text), nowMs()),
      describeError: (text, status) => describeFields(vendorFields(text)) || `HTTP ${status}`,
      rejected: (status, text, what) => {
        const fields = vendorFields(text);
        return new ShipBobRejectedError(
          `ShipBob refused ${what} (HTTP ${status}): ${describeFields(fields) || "no reason given"}`,
          status,
          fields,
        );
      },
      authMessage: (status) =>
        status === 401
          ? "ShipBob refused the personal access token (HTTP 401)."
          : `ShipBob refused access with this token and channel ${opts.channelId} (HTTP 403).`,
    };
  }

  get<T>(path: string, query: Query, schema: z.ZodType<T>): Promise<T> {
    return vendorRequest(this.policy, "GET", this.url(path, query), undefined, schema);
  }

  post<T>(path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    return vendorRequest(this.policy, "POST", this.url(path, {}), body, schema);
  }

  async delete(path: string): Promise<void> {
    await vendorRequest(this.policy, "DELETE", this.url(path, {}), undefined, null);
  }

  private url(path: string, query: Query): URL {
    // Concatenated, not resolved: "shipment:batchUpdateTrackingUpload" would parse as a scheme.
    const url = new URL(this.root + path.replace(/^\/+/, ""));
    for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined) url.searchParams.set(k, String(v));
    return url;
  }
}
