// One HTTP call to a fulfiller's API, the way every plugin client needs it: a timeout per
// attempt, retries of network errors, timeouts and 5xx with exponential back-off, 429s waited out
// (never dropped, never counted as attempts), refusals turned into plugin errors, and the body
// checked with zod. What differs per vendor (auth headers, rate-limit headers, error bodies) comes
// in through the policy.
import type { z } from "zod";
import { PluginAuthError, PluginError, PluginUnavailableError } from "../errors";

export interface RetryOptions {
  /** per attempt */
  timeoutMs: number;
  /** attempts for a 5xx, a timeout or a network error */
  maxAttempts: number;
  retryBaseMs: number;
  /** how many 429s in a row one call waits out before giving up */
  maxThrottleWaits: number;
}

export interface VendorPolicy extends RetryOptions {
  /** "ShipBob", "ShipStation": how errors name the vendor */
  vendor: string;
  fetch: typeof fetch;
  sleep(ms: number): Promise<void>;
  /** auth and vendor headers of every request */
  headers(): Record<string, string>;
  /** waits for the client-side rate limiter, before each attempt */
  beforeAttempt(): Promise<void>;
  /** reads the rate-limit headers of every answer */
  observe(res: Response): void;
  /** after a 429: how long every call should wait (the caller's limiter is told too) */
  throttled(res: Response, text: string): Promise<void>;
  /** the vendor's words from an error body */
  describeError(text: string, status: number): string;
  /** the error for a 4xx other than 401/403/429 */
  rejected(status: number, text: string, what: string): PluginError;
  /** the message for a 401/403 */
  authMessage(status: number, text: string): string;
}

function failureReason(error: unknown, timeoutMs: number): string {
  return error instanceof Error && error.name === "TimeoutError"
    ? `no answer within ${timeoutMs} ms`
    : `network error: ${error instanceof Error ? error.message : String(error)}`;
}

export async function vendorRequest<T>(
  policy: VendorPolicy,
  method: string,
  url: URL,
  body: unknown,
  schema: z.ZodType<T> | null,
): Promise<T> {
  const what = `${method} ${url.pathname}`;
  let attempts = 0;
  let throttles = 0;
  for (;;) {
    await policy.beforeAttempt();
    attempts++;
    let res: Response;
    try {
      res = await policy.fetch(url, {
        method,
        headers: {
          ...policy.headers(),
          accept: "application/json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
    } catch (error) {
      if (attempts < policy.maxAttempts) {
        await policy.sleep(policy.retryBaseMs * 2 ** (attempts - 1));
        continue;
      }
      throw new PluginUnavailableError(`${policy.vendor} ${what}: ${failureReason(error, policy.timeoutMs)}`);
    }
    const text = await res.text();
    policy.observe(res);
    if (res.status === 429) {
      attempts--;
      if (++throttles > policy.maxThrottleWaits) {
        throw new PluginUnavailableError(`${policy.vendor} ${what}: still rate limited after ${throttles - 1} waits`, 429);
      }
      await policy.throttled(res, text);
      continue;
    }
    if (res.status >= 500) {
      if (attempts < policy.maxAttempts) {
        await policy.sleep(policy.retryBaseMs * 2 ** (attempts - 1));
        continue;
      }
      throw new PluginUnavailableError(
        `${policy.vendor} ${what} failed: ${policy.describeError(text, res.status)}`,
        res.status,
      );
    }
    if (res.status === 401 || res.status === 403) throw new PluginAuthError(policy.authMessage(res.status, text), res.status);
    if (res.status >= 400) throw policy.rejected(res.status, text, what);
    return parseBody(policy.vendor, what, res.status, text, schema);
  }
}

function parseBody<T>(vendor: string, what: string, status: number, text: string, schema: z.ZodType<T> | null): T {
  if (schema === null) return undefined as T;
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    throw new PluginError(`${vendor} ${what} answered with a body that is not JSON`, false, status);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PluginError(
      `${vendor} ${what} answered with an unexpected body (${issue?.path.join(".") || "body"}: ${issue?.message})`,
      false,
      status,
    );
  }
  return parsed.data;
}
