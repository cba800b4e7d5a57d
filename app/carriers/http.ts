// The one way tracking providers talk HTTP: a timeout per attempt, and retries with backoff on
// network errors, timeouts, 429 and 5xx (honouring Retry-After), through the injected
// fetch/sleep so tests and the sandbox drive it.
import type { z } from "zod";
import { CarrierConfigError, CarrierResponseInvalidError, CarrierUnavailableError } from "./errors";

export interface ProviderOptions<Credentials> {
  /** e.g. https://api.easypost.com, or a stand-in's http://127.0.0.1:port */
  baseUrl: string;
  credentials: Credentials;
  fetch?: typeof fetch;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** per attempt; default 15 s */
  timeoutMs?: number;
  /** attempts per request on transient failures; default 3 */
  attempts?: number;
}

export interface HttpDeps {
  provider: string;
  baseUrl: string;
  fetch: typeof fetch;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  timeoutMs: number;
  attempts: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function httpDeps(provider: string, options: ProviderOptions<unknown>): HttpDeps {
  let baseUrl: URL;
  try {
    baseUrl = new URL(options.baseUrl);
  } catch {
    throw new CarrierConfigError("baseUrl", `${provider}: not a URL: ${JSON.stringify(options.baseUrl)}`);
  }
  return {
    provider,
    baseUrl: baseUrl.toString().replace(/\/+$/, ""),
    fetch: options.fetch ?? globalThis.fetch,
    now: options.now ?? (() => new Date()),
    sleep: options.sleep ?? realSleep,
    timeoutMs: options.timeoutMs ?? 15_000,
    attempts: Math.max(1, options.attempts ?? 3),
  };
}

function retryDelayMs(response: Response | null, attempt: number, now: Date): number {
  const header = response?.headers.get("retry-after");
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const at = Date.parse(header);
    if (Number.isFinite(at)) return Math.max(0, at - now.getTime());
  }
  return 250 * 2 ** (attempt - 1);
}

function isTransient(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * Sends `init` to `path` and returns the first response that is not transient. Throws
 * CarrierUnavailableError when every attempt failed transiently.
 */
export async function send(deps: HttpDeps, path: string, init: RequestInit): Promise<Response> {
  const url = `${deps.baseUrl}${path}`;
  let lastProblem = "no attempt made";
  let lastStatus: number | null = null;
  for (let attempt = 1; attempt <= deps.attempts; attempt++) {
    let response: Response | null = null;
    try {
      response = await deps.fetch(url, { ...init, signal: AbortSignal.timeout(deps.timeoutMs) });
    } catch (error) {
      lastProblem = error instanceof Error && error.name === "TimeoutError" ? `timed out after ${deps.timeoutMs} ms` : String(error);
      lastStatus = null;
    }
    if (response && !isTransient(response.status)) return response;
    if (response) {
      lastStatus = response.status;
      lastProblem = `HTTP ${response.status} ${(await response.text().catch(() => "")).slice(0, 200)}`.trim();
    }
    if (attempt < deps.attempts) await deps.sleep(retryDelayMs(response, attempt, deps.now()));
  }
  throw new CarrierUnavailableError(
    deps.provider,
    `${init.method ?? "GET"} ${new URL(url).pathname} failed ${deps.attempts} time(s): ${lastProblem}`,
    lastStatus,
  );
}

/** Parses a JSON body with `schema`; a mismatch names the field (CarrierResponseInvalidError). */
export async function readJson<S extends z.ZodType>(
  deps: HttpDeps,
  response: Response,
  schema: S,
  what: string,
): Promise<z.output<S>> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new CarrierResponseInvalidError(deps.provider, what, [{ field: "", message: `not JSON: ${text.slice(0, 120)}` }]);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw CarrierResponseInvalidError.fromZod(deps.provider, what, parsed.error);
  return parsed.data;
}

/** A short description of an error body, for messages. */
export async function describeError(response: Response): Promise<string> {
  const text = await response.text().catch(() => "");
  return `HTTP ${response.status}${text ? `: ${text.slice(0, 300)}` : ""}`;
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;
}
