// The BigCommerce REST transport: X-Auth-Token, store hash in the path, the store's rate limit,
// retries, and vendor error bodies turned into typed errors. Knows nothing of orders or products.
//
// Vendor behaviour this follows (notes/bigcommerce.md):
// - §1: `X-Auth-Token: <access_token>`; `X-Auth-Client` is no longer required.
// - §2: v2 errors are a JSON array `[{status, message}]`; v3 errors are `{status, title, type, errors?}`.
// - §2: v2 list endpoints answer an empty page with 204 and no body.
// - §5: per-store quota per window. `X-Rate-Limit-Requests-Left` / `X-Rate-Limit-Time-Reset-Ms` on
//   every answer; 429 with `X-Retry-After` (seconds). "If both present, honor the longer."
//   A 429 without rate headers is platform load: back off and retry. An occasional 500 is
//   rate-limit-like: retry with exponential backoff and jitter.
import { z } from "zod";
import { PlatformError, PlatformRejectedError, PlatformUnavailableError } from "../errors";
import type { ShopRef } from "../port";

export const DEFAULT_API_BASE = "https://api.bigcommerce.com";

export interface BigCommerceHttpOptions {
  /** default https://api.bigcommerce.com (the stand-in's URL in tests and the sandbox) */
  apiBase?: string;
  /** the store's OAuth access token (the adapter never stores tokens) */
  accessToken(shop: ShopRef): Promise<string>;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** per request; a request that takes longer is abandoned (default 30 s) */
  timeoutMs?: number;
  /** attempts for a 5xx or network failure of an idempotent request (default 4) */
  maxAttempts?: number;
  /** first backoff after a 5xx or network failure; doubles with jitter (default 500 ms) */
  retryBaseMs?: number;
  /** how many 429s one call waits out before giving up with a retryable error (default 20) */
  maxThrottleWaits?: number;
}

export type Api = "v2" | "v3";
export type Query = Record<string, string | number | undefined | null>;

export interface BcRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  api: Api;
  /** path under /stores/{hash}/{api}, starting with "/" */
  path: string;
  query?: Query;
  body?: unknown;
}

export interface BcResponse {
  status: number;
  /** parsed JSON, or null for an empty body (204) */
  body: unknown;
}

const v2ErrorBody = z.array(z.object({ status: z.number().optional(), message: z.string(), details: z.unknown().optional() })).min(1);
const v3ErrorBody = z.object({
  status: z.number().optional(),
  title: z.string(),
  type: z.string().optional(),
  detail: z.string().optional(),
  errors: z.record(z.string(), z.unknown()).nullable().optional(),
});

/** The platform's own words for a failed answer, and the field it named if any. */
export function describeErrorBody(body: unknown, status: number): { message: string; field: string | null } {
  const v2 = v2ErrorBody.safeParse(body);
  if (v2.success) {
    const message = v2.data.map((e) => e.message).join("; ");
    // v2 names fields in prose: "The field 'item_total' cannot be written to." (notes §2)
    const named = /field '([^']+)'/i.exec(message);
    return { message, field: named ? named[1] : null };
  }
  const v3 = v3ErrorBody.safeParse(body);
  if (v3.success) {
    const entries = Object.entries(v3.data.errors ?? {});
    const details = entries.map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`).join("; ");
    const base = v3.data.detail ? `${v3.data.title} (${v3.data.detail})` : v3.data.title;
    return { message: details ? `${base} — ${details}` : base, field: entries[0]?.[0] ?? null };
  }
  if (typeof body === "string" && body.trim()) return { message: body.trim().slice(0, 500), field: null };
  return { message: `BigCommerce answered HTTP ${status}`, field: null };
}

function headerNumber(headers: Headers, name: string): number | null {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === "") return null;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class BigCommerceHttp {
  private readonly apiBase: string;
  private readonly fetchFn: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly maxThrottleWaits: number;
  /** per store hash: do not send before this time (the window's quota is used up) */
  private readonly notBefore = new Map<string, number>();

  constructor(private readonly options: BigCommerceHttpOptions) {
    this.apiBase = (options.apiBase ?? DEFAULT_API_BASE).replace(/\/+$/, "");
    this.fetchFn = options.fetch ?? fetch;
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    this.retryBaseMs = options.retryBaseMs ?? 500;
    this.maxThrottleWaits = options.maxThrottleWaits ?? 20;
  }

  url(shop: ShopRef, req: Pick<BcRequest, "api" | "path" | "query">): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined && v !== null) params.set(k, String(v));
    const qs = params.toString();
    return `${this.apiBase}/stores/${encodeURIComponent(shop.domain)}/${req.api}${req.path}${qs ? `?${qs}` : ""}`;
  }

  /**
   * Sends one request and returns a 2xx answer, or a 404 when `allow404` is set.
   * Throws PlatformRejectedError (4xx with the platform's message), PlatformError (401/403 and
   * unreadable answers) or PlatformUnavailableError (5xx, network, timeout, throttled too long).
   */
  async send(shop: ShopRef, req: BcRequest, opts: { allow404?: boolean } = {}): Promise<BcResponse> {
    if (!/^[a-z0-9]+$/i.test(shop.domain)) throw new PlatformError(`Not a BigCommerce store hash: "${shop.domain}"`);
    const url = this.url(shop, req);
    const what = `${req.method} /${req.api}${req.path}`;
    // A POST is not repeated after a failure whose outcome is unknown (5xx, timeout): the caller
    // looks for what it created first (findPushed). A 429 was not processed, so it is repeated.
    const idempotent = req.method !== "POST";
    let failures = 0;
    let throttled = 0;
    for (;;) {
      await this.waitForWindow(shop.domain);
      const token = await this.options.accessToken(shop);
      // Content-Type on every request: orders.v2.oas2.yml declares it a required header even on
      // some GETs (getOrderProducts), as BigCommerce's own Node client always sends it.
      const headers: Record<string, string> = { "X-Auth-Token": token, Accept: "application/json", "Content-Type": "application/json" };
      let res: Response;
      let text: string;
      try {
        res = await this.fetchFn(url, {
          method: req.method,
          headers,
          body: req.body === undefined ? undefined : JSON.stringify(req.body),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        text = await res.text();
      } catch (error) {
        failures++;
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        if (idempotent && failures < this.maxAttempts) {
          await this.sleep(this.backoff(failures));
          continue;
        }
        throw new PlatformUnavailableError(`BigCommerce did not answer ${what}: ${reason}`);
      }
      const resetMs = headerNumber(res.headers, "x-rate-limit-time-reset-ms");
      const left = headerNumber(res.headers, "x-rate-limit-requests-left");
      if (left === 0 && resetMs !== null) this.notBefore.set(shop.domain, this.now() + resetMs);

      if (res.status === 429) {
        throttled++;
        const retryAfterS = headerNumber(res.headers, "x-retry-after");
        const hinted = Math.max(retryAfterS === null ? 0 : retryAfterS * 1000, resetMs ?? 0);
        const wait = hinted > 0 ? hinted : this.backoff(throttled);
        if (throttled > this.maxThrottleWaits) {
          throw new PlatformUnavailableError(`BigCommerce kept throttling ${what} (429 ${throttled} times)`, 429, wait);
        }
        this.notBefore.set(shop.domain, Math.max(this.notBefore.get(shop.domain) ?? 0, this.now() + wait));
        continue;
      }

      const body = parseBody(text);
      if (res.status >= 500) {
        failures++;
        if (idempotent && failures < this.maxAttempts) {
          await this.sleep(this.backoff(failures));
          continue;
        }
        const { message } = describeErrorBody(body, res.status);
        throw new PlatformUnavailableError(`BigCommerce failed ${what}: ${message}`, res.status);
      }
      if (res.status >= 200 && res.status < 300) return { status: res.status, body };
      if (res.status === 404 && opts.allow404) return { status: 404, body };
      const { message, field } = describeErrorBody(body, res.status);
      if (res.status === 401 || res.status === 403) {
        throw new PlatformError(`BigCommerce refused the store's credentials for ${what} (HTTP ${res.status}): ${message}`, false, res.status);
      }
      throw new PlatformRejectedError(message, field, res.status);
    }
  }

  private async waitForWindow(storeHash: string): Promise<void> {
    const until = this.notBefore.get(storeHash);
    if (until === undefined) return;
    const wait = until - this.now();
    if (wait > 0) await this.sleep(wait);
    if ((this.notBefore.get(storeHash) ?? 0) <= this.now()) this.notBefore.delete(storeHash);
  }

  private backoff(attempt: number): number {
    const base = this.retryBaseMs * 2 ** (attempt - 1);
    return Math.round(base / 2 + Math.random() * (base / 2));
  }
}

function parseBody(text: string): unknown {
  if (text.trim() === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Parses a vendor answer we rely on; a shape we do not recognise is an error, not a guess. */
export function parseAnswer<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue ? issue.path.map(String).join(".") : "";
    throw new PlatformError(`Unexpected BigCommerce answer to ${what}: ${path ? `${path}: ` : ""}${issue?.message ?? "invalid"}`);
  }
  return result.data;
}
