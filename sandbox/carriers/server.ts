// What every carrier stand-in shares: a node:http server on 127.0.0.1 (ephemeral port), a
// request log, fault injection (5xx, 429, latency) and the control API that registers parcels,
// advances them and sets faults, both as methods and over HTTP under /__control/.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";

export interface StandInRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
}

export interface StandInReply {
  status: number;
  /** an object is sent as JSON; a string as is */
  body?: unknown;
  headers?: Record<string, string>;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): StandInReply {
  return { status, body, headers };
}

export interface Fault {
  /** answer with this HTTP status instead of handling the request (e.g. 500, 503, 429) */
  status?: number;
  /** wait this long before answering */
  latencyMs?: number;
  /** Retry-After header to send with a 429/503 */
  retryAfterSeconds?: number;
  /** how many requests it affects (default 1) */
  times?: number;
  /** only requests whose path starts with this */
  pathPrefix?: string;
}

export const faultSchema = z.object({
  status: z.number().int().min(400).max(599).optional(),
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  retryAfterSeconds: z.number().int().min(0).optional(),
  times: z.number().int().min(1).optional(),
  pathPrefix: z.string().optional(),
});

export class Faults {
  private queue: (Fault & { left: number })[] = [];
  inject(fault: Fault): void {
    this.queue.push({ ...fault, left: fault.times ?? 1 });
  }
  clear(): void {
    this.queue = [];
  }
  /** the fault that applies to this request, consuming one use */
  take(path: string): Fault | null {
    const fault = this.queue.find((f) => f.left > 0 && (!f.pathPrefix || path.startsWith(f.pathPrefix)));
    if (!fault) return null;
    fault.left -= 1;
    this.queue = this.queue.filter((f) => f.left > 0);
    return fault;
  }
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ControlHandlers {
  register(number: string, carrier: string | undefined, at: Date | undefined): void;
  advance(number: string, status: string, at: Date | undefined): Promise<unknown>;
  /** extra control commands of one stand-in, e.g. revoke-tokens */
  extra?: Record<string, (body: unknown) => Promise<unknown> | unknown>;
}

export interface RunningServer {
  url: string;
  faults: Faults;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const registerBody = z.object({ number: z.string().min(1), carrier: z.string().optional(), at: z.iso.datetime({ offset: true }).optional() });
const advanceBody = z.object({ number: z.string().min(1), status: z.string().min(1), at: z.iso.datetime({ offset: true }).optional() });

async function control(
  req: StandInRequest,
  faults: Faults,
  handlers: ControlHandlers,
): Promise<StandInReply> {
  const command = req.path.slice("/__control/".length);
  let body: unknown = {};
  try {
    body = req.rawBody.length ? JSON.parse(req.rawBody.toString("utf8")) : {};
  } catch {
    return json(400, { error: "body is not JSON" });
  }
  try {
    if (command === "register" && req.method === "POST") {
      const b = registerBody.parse(body);
      handlers.register(b.number, b.carrier, b.at ? new Date(b.at) : undefined);
      return json(200, { registered: b.number });
    }
    if (command === "advance" && req.method === "POST") {
      const b = advanceBody.parse(body);
      return json(200, { advanced: b.number, result: await handlers.advance(b.number, b.status, b.at ? new Date(b.at) : undefined) });
    }
    if (command === "faults" && req.method === "POST") {
      faults.inject(faultSchema.parse(body));
      return json(200, { ok: true });
    }
    if (command === "faults" && req.method === "DELETE") {
      faults.clear();
      return json(200, { ok: true });
    }
    const extra = handlers.extra?.[command];
    if (extra && req.method === "POST") return json(200, { result: (await extra(body)) ?? null });
    return json(404, { error: `no control command ${req.method} ${command}` });
  } catch (error) {
    const message = error instanceof z.ZodError ? error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") : String(error instanceof Error ? error.message : error);
    return json(400, { error: message });
  }
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a stand-in on 127.0.0.1 with an ephemeral port. */
export async function startServer(
  handle: (req: StandInRequest) => Promise<StandInReply> | StandInReply,
  handlers: ControlHandlers,
): Promise<RunningServer> {
  const faults = new Faults();
  const requests: RecordedRequest[] = [];
  const server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const url = new URL(incoming.url ?? "/", "http://127.0.0.1");
    const req: StandInRequest = {
      method: incoming.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      headers: incoming.headers,
      rawBody: Buffer.concat(chunks),
    };
    let reply: StandInReply;
    try {
      if (req.path.startsWith("/__control/")) {
        reply = await control(req, faults, handlers);
      } else {
        requests.push({ method: req.method, path: req.path, headers: req.headers, body: req.rawBody.toString("utf8") });
        const fault = faults.take(req.path);
        if (fault?.latencyMs) await wait(fault.latencyMs);
        reply = fault?.status
          ? json(
              fault.status,
              { error: { code: "STAND_IN_FAULT", message: `injected ${fault.status}` } },
              fault.retryAfterSeconds !== undefined ? { "Retry-After": String(fault.retryAfterSeconds) } : {},
            )
          : await handle(req);
      }
    } catch (error) {
      reply = json(500, { error: { code: "STAND_IN_BUG", message: String(error instanceof Error ? error.stack : error) } });
    }
    const isText = typeof reply.body === "string";
    const payload = reply.body === undefined ? "" : isText ? (reply.body as string) : JSON.stringify(reply.body);
    if (outgoing.destroyed) return;
    outgoing.writeHead(reply.status, {
      ...(reply.body === undefined ? {} : { "Content-Type": isText ? "text/plain; charset=utf-8" : "application/json" }),
      ...reply.headers,
    });
    outgoing.end(payload);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    faults,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Bearer token from an Authorization header, or null. */
export function bearer(headers: IncomingHttpHeaders): string | null {
  const match = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? "");
  return match ? match[1] : null;
}

/** [user, password] from a Basic Authorization header, or null. */
export function basic(headers: IncomingHttpHeaders): [string, string] | null {
  const match = /^Basic\s+(.+)$/i.exec(headers.authorization ?? "");
  if (!match) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? null : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

/** A form-urlencoded or JSON body as a flat string map (USPS accepts both for its token). */
export function formOrJson(req: StandInRequest): Record<string, string> | null {
  const type = String(req.headers["content-type"] ?? "");
  const text = req.rawBody.toString("utf8");
  if (type.startsWith("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
  if (type.startsWith("application/json")) {
    try {
      const parsed = z.record(z.string(), z.string()).safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }
  return null;
}
