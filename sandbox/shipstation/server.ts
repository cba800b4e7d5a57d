// A local ShipStation V1 ("ssapi") for tests and `npm start`: node:http on 127.0.0.1, the
// vendor's paths, HTTP Basic auth, its error bodies, X-Rate-Limit-* headers with 429s, and a
// control API to ship, mark shipped, void, fail, notify and inject faults.
// Shapes and rules: reference/notes/fulfillers-and-carriers.md §1. Where a body is not in the
// notes, it follows ShipStation V1's ASP.NET Web API conventions ({"Message": ...}) (verify).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { type SsFulfillment, type SsShipment, WEBHOOK_EVENTS, orderInput, parseSsTime } from "./model";
import { type PackageSpec, ShipStationStore, StandInRefusal } from "./store";

export interface ShipStationStandInOptions {
  apiKey?: string;
  apiSecret?: string;
  /** requests per window per key pair; ShipStation V1 allows 40 per minute */
  rateLimit?: { limit: number; windowMs: number };
  now?: () => Date;
  /** for webhook deliveries */
  fetch?: typeof fetch;
  storeId?: number;
  port?: number;
}

export type Fault =
  | { type: "latency"; ms: number; times?: number; path?: string }
  | { type: "status"; status: number; times?: number; path?: string }
  /** never answer; with afterHandling the request takes effect first (a lost response) */
  | { type: "timeout"; times?: number; path?: string; afterHandling?: boolean };

export interface RequestRecord {
  method: string;
  path: string;
  query: string;
  status: number;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { ...headers, ...(text ? { "content-type": "application/json; charset=utf-8" } : {}) });
  res.end(text);
};

const invalid = (modelState: Record<string, string[]>) => ({ Message: "The request is invalid.", ModelState: modelState });

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function page<T>(items: T[], query: URLSearchParams) {
  const pageSize = Math.min(Math.max(Number(query.get("pageSize") ?? 100) || 100, 1), 500);
  const pageNo = Math.max(Number(query.get("page") ?? 1) || 1, 1);
  return {
    items: items.slice((pageNo - 1) * pageSize, pageNo * pageSize),
    total: items.length,
    page: pageNo,
    pages: Math.ceil(items.length / pageSize),
  };
}

/** createDateStart/End, voidDateStart/End: instants (Pacific wall time unless an offset is given). */
function inRange(value: string | null, start: string | null, end: string | null): boolean {
  if (!start && !end) return true;
  if (!value) return false;
  const at = parseSsTime(value)?.getTime() ?? Number.NaN;
  const from = start ? (parseSsTime(start)?.getTime() ?? Number.NaN) : -Infinity;
  const to = end ? (parseSsTime(end)?.getTime() ?? Number.NaN) : Infinity;
  return at >= from && at <= to;
}

/** shipDateStart/End compare calendar dates. */
function inDateRange(value: string | null, start: string | null, end: string | null): boolean {
  const day = value?.slice(0, 10) ?? "";
  return (!start || day >= start.slice(0, 10)) && (!end || day <= end.slice(0, 10));
}

function sorted<T extends { createDate: string; shipDate: string }>(items: T[], query: URLSearchParams): T[] {
  const by = (query.get("sortBy") ?? "").toLowerCase() === "shipdate" ? "shipDate" : "createDate";
  const dir = (query.get("sortDir") ?? "ASC").toUpperCase() === "DESC" ? -1 : 1;
  const key = (x: T) => parseSsTime(x[by])?.getTime() ?? 0;
  return [...items].sort((a, b) => (key(a) - key(b)) * dir);
}

const flag = (q: URLSearchParams, name: string) => (q.get(name) ?? "").toLowerCase() === "true";
const eq = (q: URLSearchParams, name: string, value: unknown) => !q.has(name) || q.get(name) === String(value);

export async function startShipStationStandIn(options: ShipStationStandInOptions = {}) {
  const apiKey = options.apiKey ?? "sandbox-key";
  const apiSecret = options.apiSecret ?? "sandbox-secret";
  const now = options.now ?? (() => new Date());
  const deliver = options.fetch ?? fetch;
  let rateLimit = options.rateLimit ?? { limit: 40, windowMs: 60_000 };
  let window = { start: 0, count: 0 };
  const store = new ShipStationStore(now, options.storeId ?? 42);
  const faults: (Fault & { left: number })[] = [];
  let failNext: { status: number; message: string } | null = null;
  const requests: RequestRecord[] = [];
  const expectedAuth = `Basic ${Buffer.from(`${apiKey}:${apiSecret}`).toString("base64")}`;
  let baseUrl = "";

  function takeFault(path: string): Fault | null {
    const index = faults.findIndex((f) => !f.path || path.startsWith(f.path));
    if (index < 0) return null;
    const fault = faults[index];
    if (--fault.left <= 0) faults.splice(index, 1);
    return fault;
  }

  function rateHeaders(): { headers: Record<string, string>; limited: boolean } {
    const t = Date.now();
    if (t - window.start >= rateLimit.windowMs) window = { start: t, count: 0 };
    window.count++;
    const reset = Math.max(1, Math.ceil((window.start + rateLimit.windowMs - t) / 1000));
    return {
      headers: {
        "X-Rate-Limit-Limit": String(rateLimit.limit),
        "X-Rate-Limit-Remaining": String(Math.max(0, rateLimit.limit - window.count)),
        "X-Rate-Limit-Reset": String(reset),
      },
      limited: window.count > rateLimit.limit,
    };
  }

  function listShipments(q: URLSearchParams) {
    const items = q.has("includeShipmentItems") && flag(q, "includeShipmentItems");
    const store_ = q.get("storeID") ?? q.get("storeId");
    const matches = store.shipments.filter(
      (s) =>
        eq(q, "orderId", s.orderId) &&
        eq(q, "orderNumber", s.orderNumber) &&
        eq(q, "trackingNumber", s.trackingNumber) &&
        eq(q, "carrierCode", s.carrierCode) &&
        eq(q, "batchId", s.batchNumber) &&
        (!store_ || String(s.advancedOptions.storeId) === store_) &&
        inRange(s.createDate, q.get("createDateStart"), q.get("createDateEnd")) &&
        inDateRange(s.shipDate, q.get("shipDateStart"), q.get("shipDateEnd")) &&
        inRange(s.voidDate, q.get("voidDateStart"), q.get("voidDateEnd")),
    );
    const p = page(sorted(matches, q), q);
    // shipmentItems only with includeShipmentItems=true (shipments/list).
    const shipments = p.items.map((s): SsShipment | Omit<SsShipment, "shipmentItems"> & { shipmentItems: null } =>
      items ? s : { ...s, shipmentItems: null },
    );
    return { shipments, total: p.total, page: p.page, pages: p.pages };
  }

  function listFulfillments(q: URLSearchParams) {
    const matches = store.fulfillments.filter(
      (f: SsFulfillment) =>
        eq(q, "fulfillmentId", f.fulfillmentId) &&
        eq(q, "orderId", f.orderId) &&
        eq(q, "orderNumber", f.orderNumber) &&
        eq(q, "trackingNumber", f.trackingNumber) &&
        (!q.has("recipientName") || f.shipTo.name === q.get("recipientName")) &&
        inRange(f.createDate, q.get("createDateStart"), q.get("createDateEnd")) &&
        inDateRange(f.shipDate, q.get("shipDateStart"), q.get("shipDateEnd")),
    );
    const p = page(sorted(matches, q), q);
    return { fulfillments: p.items, total: p.total, page: p.page, pages: p.pages };
  }

  async function route(method: string, path: string, q: URLSearchParams, raw: string): Promise<[number, unknown]> {
    const body = (): unknown => {
      try {
        return raw ? JSON.parse(raw) : null;
      } catch {
        throw new StandInRefusal(400, "The request body is not valid JSON.");
      }
    };
    if (method === "POST" && path === "/orders/createorder") {
      if (failNext) {
        const { status, message } = failNext;
        failNext = null;
        return [status, status >= 500 ? { Message: "An error has occurred.", ExceptionMessage: message, ExceptionType: "System.Exception", StackTrace: null } : invalid({ "apiOrder": [message] })];
      }
      const parsed = orderInput.safeParse(body());
      if (!parsed.success) {
        const state: Record<string, string[]> = {};
        for (const issue of parsed.error.issues) {
          const field = `apiOrder.${issue.path.join(".")}`;
          state[field] = [...(state[field] ?? []), issue.message];
        }
        return [400, invalid(state)];
      }
      return [200, store.upsertOrder(parsed.data)];
    }
    const orderMatch = /^\/orders\/(\d+)$/.exec(path);
    if (method === "GET" && orderMatch) {
      const order = store.orders.get(Number(orderMatch[1]));
      return order ? [200, order] : [404, { Message: `Order ${orderMatch[1]} was not found.` }];
    }
    if (method === "GET" && path === "/orders") {
      const matches = [...store.orders.values()].filter(
        (o) => eq(q, "orderNumber", o.orderNumber) && eq(q, "orderStatus", o.orderStatus),
      );
      const p = page(matches, q);
      return [200, { orders: p.items, total: p.total, page: p.page, pages: p.pages }];
    }
    if (method === "POST" && path === "/orders/markasshipped") {
      const input = z
        .object({ orderId: z.number().int(), carrierCode: z.string(), shipDate: z.string().nullish(), trackingNumber: z.string().nullish() })
        .safeParse(body());
      if (!input.success) return [400, invalid({ request: input.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) })];
      const order = store.orders.get(input.data.orderId);
      if (!order) return [404, { Message: `Order ${input.data.orderId} was not found.` }];
      store.markShipped(order.orderId, {
        carrierCode: input.data.carrierCode,
        trackingNumber: input.data.trackingNumber ?? undefined,
        shipDate: input.data.shipDate ?? undefined,
      });
      return [200, { orderId: order.orderId, orderNumber: order.orderNumber }];
    }
    if (method === "GET" && path === "/shipments") return [200, listShipments(q)];
    if (method === "POST" && path === "/shipments/voidlabel") {
      const input = z.object({ shipmentId: z.number().int() }).safeParse(body());
      if (!input.success) return [400, invalid({ shipmentId: ["The shipmentId field is required."] })];
      store.voidLabel(input.data.shipmentId);
      return [200, { approved: true, message: "Label voided successfully" }];
    }
    if (method === "GET" && path === "/fulfillments") return [200, listFulfillments(q)];
    if (method === "GET" && path === "/accounts/listtags") return [200, [{ tagId: 1, name: "Consign", color: "#84C225" }]];
    if (method === "GET" && path === "/warehouses") {
      return [200, [{ warehouseId: 1, warehouseName: "Main warehouse", createDate: "2020-01-01T00:00:00.0000000", isDefault: true }]];
    }
    if (method === "POST" && path === "/webhooks/subscribe") {
      const input = z
        .object({ target_url: z.url(), event: z.enum(WEBHOOK_EVENTS), store_id: z.number().int().nullish(), friendly_name: z.string().nullish() })
        .safeParse(body());
      if (!input.success) return [400, invalid({ request: input.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) })];
      return [201, { id: store.subscribe(input.data).WebHookID }];
    }
    if (method === "GET" && path === "/webhooks") return [200, { webhooks: store.webhooks }];
    const hookMatch = /^\/webhooks\/(\d+)$/.exec(path);
    if (method === "DELETE" && hookMatch) {
      return store.unsubscribe(Number(hookMatch[1])) ? [200, undefined] : [404, { Message: `Webhook ${hookMatch[1]} was not found.` }];
    }
    return [404, { Message: `No HTTP resource was found that matches the request URI '${baseUrl}${path}'.` }];
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = req.method ?? "GET";
    const record: RequestRecord = { method, path: url.pathname, query: url.search, status: 0 };
    requests.push(record);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      json(res, status, body, headers);
    };
    const raw = await readBody(req);
    if (req.headers.authorization !== expectedAuth) {
      send(401, { Message: "Authorization has been denied for this request." });
      return;
    }
    const rate = rateHeaders();
    if (rate.limited) {
      // Body as mirrored in the notes (§1 "Rate limits", verify).
      send(429, { statusCode: 429, message: "ThrottlerException: Too Many Requests" }, rate.headers);
      return;
    }
    const fault = takeFault(url.pathname);
    if (fault?.type === "latency") await new Promise((r) => setTimeout(r, fault.ms));
    if (fault?.type === "status") {
      send(fault.status, { Message: "An error has occurred." }, rate.headers);
      return;
    }
    if (fault?.type === "timeout" && !fault.afterHandling) return; // hold the socket; the client gives up
    let result: [number, unknown];
    try {
      result = await route(method, url.pathname, url.searchParams, raw);
    } catch (error) {
      if (!(error instanceof StandInRefusal)) throw error;
      result = [error.status, error.status === 404 ? { Message: error.message } : invalid({ request: [error.message] })];
    }
    if (fault?.type === "timeout") return;
    send(result[0], result[1], rate.headers);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { Message: "An error has occurred.", ExceptionMessage: String(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function post(targetUrl: string, resourceUrl: string) {
    const res = await deliver(targetUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "ShipStation-Webhook (stand-in)" },
      body: JSON.stringify({ resource_url: resourceUrl, resource_type: "SHIP_NOTIFY" }),
    });
    return { url: targetUrl, status: res.status, body: await res.text() };
  }

  const resourceUrlFor = (batchId: number) => `${baseUrl}/shipments?storeID=${store.storeId}&batchId=${batchId}`;

  return {
    url: baseUrl,
    apiKey,
    apiSecret,
    /** every request received, in order */
    requests: requests as readonly RequestRecord[],
    orders: () => [...store.orders.values()],
    order: (ref: string | number) => store.find(ref),
    shipments: () => store.shipments as readonly SsShipment[],
    fulfillments: () => store.fulfillments as readonly SsFulfillment[],
    webhooks: () => [...store.webhooks],

    /**
     * Buys labels for an order (by orderKey or orderId): one shipment per package, each with its
     * own tracking number. Subscribed SHIP_NOTIFY webhooks are called unless notify is false.
     */
    async shipOrder(ref: string | number, packages?: PackageSpec[], opts: { notify?: boolean; allowOverShip?: boolean } = {}) {
      const result = store.ship(ref, packages, opts);
      const deliveries =
        opts.notify === false
          ? []
          : await Promise.all(
              store.webhooks
                .filter((w) => w.HookType === "SHIP_NOTIFY" && w.Active)
                .map((w) => post(w.Url, resourceUrlFor(result.batchId))),
            );
      return { ...result, resourceUrl: resourceUrlFor(result.batchId), deliveries };
    },
    /** The order is marked shipped outside ShipStation's labels: only GET /fulfillments shows it. */
    markShipped: (ref: string | number, input?: { trackingNumber?: string; carrierCode?: string }) =>
      store.markShipped(ref, input),
    voidShipment: (shipmentId: number) => store.voidLabel(shipmentId),
    /** The next POST /orders/createorder fails with ShipStation's error body (400 by default). */
    failNextSubmit(message = "The order could not be created.", status = 400) {
      failNext = { status, message };
    },
    /** POSTs a SHIP_NOTIFY body to any URL (a batch's resource_url unless one is given). */
    sendShipNotify: (targetUrl: string, source: { batchId: number } | { resourceUrl: string }) =>
      post(targetUrl, "resourceUrl" in source ? source.resourceUrl : resourceUrlFor(source.batchId)),
    injectFault(fault: Fault) {
      faults.push({ ...fault, left: fault.times ?? 1 });
    },
    setRateLimit(limit: { limit: number; windowMs: number }) {
      rateLimit = limit;
      window = { start: 0, count: 0 };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}

export type ShipStationStandIn = Awaited<ReturnType<typeof startShipStationStandIn>>;
