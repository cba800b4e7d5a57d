// A local stand-in for ShipBob's API (2026-01) over node:http on 127.0.0.1. Every request is
// matched and validated against ShipBob's OpenAPI file (./spec.ts); a request the spec forbids
// gets ShipBob's error shape for that operation (400 field map). Every response and webhook body
// it produces is validated too: a violation is a stand-in bug, answered with a 500, printed, and
// thrown again by close().
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { text } from "node:stream/consumers";
import type { Operation } from "openapi-backend";
import { type Fault, FaultQueue, type RateLimit, SlidingWindow } from "./faults";
import { handlers, type OpRequest, type OpResult } from "./handlers";
import { API_VERSION, errorsAsFieldMap, type ShipBobSpec, shipBobSpec } from "./spec";
import { ShipBobStore, type ShipmentRecord } from "./store";
import { type Delivery, deliver, ORDER_TOPICS, SHIPMENT_TOPICS, type StandInTopic } from "./webhooks";

export interface ShipBobStandInOptions {
  /** the personal access token it accepts */
  token?: string;
  /** channels of the account; the first is the one to write with */
  channels?: { id: number; name: string }[];
  /** per token; ShipBob: 150 per minute, sliding window */
  rateLimit?: RateLimit;
  now?: () => Date;
  /** a fixed port (sandbox mode); default: any free one */
  port?: number;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  operationId: string | null;
  query: Record<string, string | string[]>;
  body: unknown;
  status: number | null;
}

export interface ShipPackage {
  /** by product reference_id (our SKU); default: everything still unshipped */
  items?: { referenceId: string; quantity: number }[];
  trackingNumber?: string;
  carrier?: string;
  carrierService?: string;
  trackingUrl?: string;
}

export interface SendWebhookOptions {
  topic: StandInTopic;
  orderId?: number;
  shipmentId?: number;
  /** deliver here, signed with `secret`; default: every subscription to the topic */
  url?: string;
  secret?: string;
  /** change the body after signing (to test receivers) */
  tamper?: boolean;
}

export type ShipBobStandIn = Awaited<ReturnType<typeof startShipBobStandIn>>;

const JSON_TYPE = "application/json; charset=utf-8";

function queryOf(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

export async function startShipBobStandIn(opts: ShipBobStandInOptions = {}) {
  const spec: ShipBobSpec = await shipBobSpec();
  const token = opts.token ?? "sbpat_standin_token";
  const channels = opts.channels ?? [{ id: 4101, name: "Consign" }];
  const now = opts.now ?? (() => new Date());
  const store = new ShipBobStore(now);
  const faults = new FaultQueue();
  const limiter = new SlidingWindow(opts.rateLimit ?? { limit: 150, windowMs: 60_000 });
  const requests: RequestLogEntry[] = [];
  const specViolations: string[] = [];
  const deliveries: Delivery[] = [];
  const hanging = new Set<ServerResponse>();

  /** A response body must match the operation's documented schema for its status. */
  function checkResponse(op: Operation, status: number, body: unknown): string | null {
    if (!spec.statuses(op).includes(status)) return null; // undocumented (429 from /rate-limit, injected 5xx)
    if (!spec.hasResponseSchema(op, status)) {
      return body === undefined ? null : `${op.operationId} ${status}: the spec documents no body, one was sent`;
    }
    const result = spec.api.validateResponse(body, op, status);
    return result.valid ? null : `${op.operationId} ${status}: ${JSON.stringify(result.errors)}`;
  }

  /** ShipBob's error body for this operation and status, in whichever documented shape it uses. */
  function errorBody(op: Operation, status: number, fields: Record<string, string[]>): unknown {
    if (!spec.hasResponseSchema(op, status)) return undefined;
    const text = Object.values(fields).flat().join(" ");
    const candidates = [fields, text, { status_code: status, value: fields }];
    return candidates.find((c) => checkResponse(op, status, c) === null) ?? fields;
  }

  function send(
    res: ServerResponse,
    entry: RequestLogEntry,
    op: Operation | null,
    status: number,
    body?: unknown,
    headers: Record<string, string> = {},
  ): void {
    const violation = op ? checkResponse(op, status, body) : null;
    if (violation) {
      specViolations.push(violation);
      console.error(`[shipbob stand-in] response violates the spec: ${violation}`);
      status = 500;
      body = { "stand-in bug": [violation] };
    }
    entry.status = status;
    res.writeHead(status, body === undefined ? headers : { ...headers, "content-type": JSON_TYPE });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const raw = await text(req);
    const entry: RequestLogEntry = {
      method: req.method ?? "GET",
      path: url.pathname,
      operationId: null,
      query: queryOf(url),
      body: undefined,
      status: null,
    };
    requests.push(entry);
    let body: unknown;
    let badJson = false;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        badJson = true;
      }
    }
    entry.body = body ?? (raw || undefined);
    const request = {
      method: (req.method ?? "GET").toLowerCase(),
      path: url.pathname,
      headers: req.headers as Record<string, string | string[]>,
      query: entry.query,
      body,
    };
    const op = spec.api.matchOperation(request) ?? null;
    if (!op) return send(res, entry, null, 404);
    entry.operationId = op.operationId ?? null;
    const opId = String(op.operationId);

    // PAT or OAuth bearer token (securitySchemes PAT/OAuth2); ShipBob answers 401 with no body.
    const auth = req.headers.authorization ?? "";
    if (auth !== `Bearer ${token}`) return send(res, entry, op, 401, undefined, { "www-authenticate": "Bearer" });

    const limit = limiter.hit(token, now().getTime());
    if (!limit.ok) {
      const seconds = Math.max(1, Math.ceil(limit.retryAfterMs / 1000));
      return send(
        res,
        entry,
        op,
        429,
        { statusCode: 429, message: `Rate limit is exceeded. Try again in ${seconds} seconds.` },
        { "x-retry-after": String(seconds), "x-remaining-calls": "0" },
      );
    }
    const rateHeaders = { "x-remaining-calls": String(limit.remaining) };

    if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
    if (faults.take("timeout", opId)?.when === "before") {
      hanging.add(res);
      return;
    }
    const injected = faults.take("error", opId);
    if (injected) {
      const failure = spec.hasResponseSchema(op, injected.status)
        ? errorBody(op, injected.status, { "": ["An unexpected error occurred."] })
        : { statusCode: injected.status, message: "Injected failure" };
      return send(res, entry, op, injected.status, failure, rateHeaders);
    }

    const badRequest = spec.statuses(op).includes(400) || !spec.statuses(op).includes(422) ? 400 : 422;
    if (badJson) return send(res, entry, op, badRequest, errorBody(op, badRequest, { "": ["The input was not valid JSON."] }));
    const validation = spec.api.validateRequest(request, op);
    if (!validation.valid) {
      return send(res, entry, op, badRequest, errorBody(op, badRequest, errorsAsFieldMap(validation.errors)), rateHeaders);
    }
    // Operations that declare the shipbob_channel_id header act for that channel, which must be
    // one of the account's; the others (GET /channel, webhooks) ignore it.
    const takesChannel = (op.parameters ?? []).some((p) => "name" in p && p.name === "shipbob_channel_id");
    const channelHeader = takesChannel ? req.headers.shipbob_channel_id : undefined;
    const channel = channelHeader === undefined ? null : (channels.find((c) => String(c.id) === channelHeader) ?? null);
    if (channelHeader !== undefined && !channel) return send(res, entry, op, 403, undefined, rateHeaders);

    const planned = faults.take("respond", opId);
    if (planned) return send(res, entry, op, planned.status, planned.body, rateHeaders);

    const handler = handlers[opId];
    if (!handler) {
      return send(res, entry, null, 501, { statusCode: 501, message: `The stand-in does not implement ${opId}` });
    }
    const params = (spec.api.router.parseRequest(request, op).params ?? {}) as Record<string, string>;
    const opRequest: OpRequest = { params, query: entry.query, body, channel, channels };
    const result: OpResult = handler(store, opRequest);
    if (faults.take("timeout", opId)) {
      hanging.add(res); // the work is done; the answer is lost
      return;
    }
    send(res, entry, op, result.status, result.body, rateHeaders);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      specViolations.push(`stand-in crashed: ${String(err)}`);
      console.error("[shipbob stand-in]", err);
      if (!res.headersSent) res.writeHead(500, { "content-type": JSON_TYPE });
      res.end(JSON.stringify({ "stand-in bug": [String(err)] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  // ---- control API -------------------------------------------------------------------------

  function orderOrThrow(orderId: number) {
    const order = store.orders.get(orderId);
    if (!order) throw new Error(`stand-in: no order ${orderId}`);
    return order;
  }

  function viewChecked(schemaName: string, view: Record<string, unknown>): Record<string, unknown> {
    const validate = spec.schema(schemaName);
    if (!validate(view)) {
      const violation = `${schemaName}: ${JSON.stringify(validate.errors)}`;
      specViolations.push(violation);
      throw new Error(`[shipbob stand-in] a body it would send violates the spec: ${violation}`);
    }
    return view;
  }

  /**
   * Ships what is still open on an order as one or several packages (one ShipBob shipment each,
   * one tracking number each). Unshipped units stay in an open (Processing) shipment.
   */
  function shipOrder(orderId: number, opts: { packages?: ShipPackage[] } = {}): Record<string, unknown>[] {
    const order = orderOrThrow(orderId);
    const open = store.shipmentsOf(order).filter((s) => s.status !== "Cancelled" && s.status !== "Completed");
    const remaining = new Map<string, ShipmentRecord["items"][number]>();
    for (const s of open) {
      for (const item of s.items) {
        const r = remaining.get(item.product.reference_id);
        remaining.set(item.product.reference_id, { product: item.product, quantity: (r?.quantity ?? 0) + item.quantity });
      }
    }
    const packages = opts.packages ?? [{}];
    const planned = packages.map((p, i) => {
      if (!p.items && packages.length > 1) throw new Error(`stand-in: package ${i + 1} needs items when shipping several`);
      const items = p.items
        ? p.items.map((it) => {
            const r = remaining.get(it.referenceId);
            if (!r || r.quantity < it.quantity || it.quantity < 1) {
              throw new Error(`stand-in: order ${orderId} has ${r?.quantity ?? 0} of ${it.referenceId} open, not ${it.quantity}`);
            }
            r.quantity -= it.quantity;
            return { product: r.product, quantity: it.quantity };
          })
        : [...remaining.values()].filter((r) => r.quantity > 0).map((r) => ({ ...r }));
      if (!p.items) for (const r of remaining.values()) r.quantity = 0;
      if (items.length === 0) throw new Error(`stand-in: order ${orderId} has nothing left to ship`);
      return { p, items };
    });
    const pool = [...open];
    const at = store.iso();
    const shipped = planned.map(({ p, items }) => {
      const s = pool.shift() ?? store.addShipment(order, []);
      const trackingNumber = p.trackingNumber ?? store.newTrackingNumber();
      s.items = items;
      s.status = "Completed";
      s.fulfilledAt = at;
      s.tracking = {
        carrier: p.carrier ?? "USPS",
        carrier_service: p.carrierService ?? "Priority",
        tracking_number: trackingNumber,
        tracking_url: p.trackingUrl ?? `https://tools.usps.com/go/TrackConfirmAction?tLabels=${trackingNumber}`,
        shipping_date: at,
      };
      store.touch(s);
      return s;
    });
    const leftover = [...remaining.values()].filter((r) => r.quantity > 0);
    if (leftover.length > 0) {
      const s = pool.shift() ?? store.addShipment(order, []);
      s.items = leftover.map((r) => ({ ...r }));
      store.touch(s);
    }
    for (const unused of pool) {
      store.shipments.delete(unused.id);
      order.shipmentIds = order.shipmentIds.filter((id) => id !== unused.id);
    }
    return shipped.map((s) => viewChecked("Orders.ShipmentViewModel", store.shipmentView(s)));
  }

  async function sendWebhook(o: SendWebhookOptions): Promise<Delivery[]> {
    let payload: Record<string, unknown>;
    if ((ORDER_TOPICS as readonly string[]).includes(o.topic)) {
      const order = orderOrThrow(Number(o.orderId));
      // order.shipped carries the order with its shipments (notes §2 Webhooks, "Payloads")
      payload = viewChecked("Orders.OrderViewModel", store.orderView(order));
    } else if ((SHIPMENT_TOPICS as readonly string[]).includes(o.topic)) {
      const shipment = store.shipments.get(Number(o.shipmentId));
      if (!shipment) throw new Error(`stand-in: no shipment ${o.shipmentId}`);
      payload = viewChecked("Orders.ShipmentViewModel", store.shipmentView(shipment));
    } else {
      throw new Error(`stand-in: unknown topic ${o.topic}`);
    }
    const targets = o.url
      ? [{ url: o.url, secret: o.secret ?? "" }]
      : [...store.webhooks.values()].filter((w) => w.topics.includes(o.topic));
    if (o.url && !o.secret) throw new Error("stand-in: a webhook to an explicit url needs the secret to sign with");
    const results = await Promise.all(
      targets.map((t) =>
        deliver({ url: t.url, topic: o.topic, secret: t.secret, payload, now: now(), tamper: o.tamper }),
      ),
    );
    deliveries.push(...results);
    return results;
  }

  return {
    url: `http://127.0.0.1:${port}`,
    apiVersion: API_VERSION,
    token,
    channelId: channels[0].id,
    /** every request received, in order, with the status it got */
    requests,
    /** response bodies of ours that broke the spec (each one is also a 500 and fails close()) */
    specViolations,
    deliveries,

    orders: () => [...store.orders.values()].map((o) => store.orderView(o)),
    order: (orderId: number) => store.orderView(orderOrThrow(orderId)),
    orderByReference(referenceId: string) {
      const order = [...store.orders.values()].find((o) => o.reference_id === referenceId);
      return order ? store.orderView(order) : null;
    },
    shipment(shipmentId: number) {
      const s = store.shipments.get(shipmentId);
      if (!s) throw new Error(`stand-in: no shipment ${shipmentId}`);
      return store.shipmentView(s);
    },
    webhookSubscriptions: () => [...store.webhooks.values()].map((w) => ({ ...w })),

    shipOrder,
    /** ShipBob cancels a shipment on its side (e.g. a voided label); shipped or not */
    cancelShipment(shipmentId: number) {
      const s = store.shipments.get(shipmentId);
      if (!s) throw new Error(`stand-in: no shipment ${shipmentId}`);
      s.status = "Cancelled";
      store.touch(s);
      return viewChecked("Orders.ShipmentViewModel", store.shipmentView(s));
    },
    /** picking starts on every open shipment of the order: cancelling is refused from now on */
    startPicking(orderId: number) {
      for (const s of store.shipmentsOf(orderOrThrow(orderId))) {
        if (s.status === "Processing") {
          s.picked = true;
          store.touch(s);
        }
      }
    },
    /** the next POST /order gets ShipBob's error instead (default: a 422 like an unknown address) */
    failNextSubmit(
      body: Record<string, string[]> = { "Recipient.Address": ["The address could not be validated."] },
      status: 400 | 422 = 422,
    ) {
      faults.push({ kind: "respond", operation: `POST /${API_VERSION}/order`, status, body });
    },
    /** any planned answer or fault, for one operation or all ("POST /2026-01/order") */
    inject(fault: Fault, times = 1) {
      faults.push(fault, times);
    },
    injectErrors(status = 503, times = 1, operation?: string) {
      faults.push({ kind: "error", status, operation }, times);
    },
    injectTimeouts(times = 1, opts: { when?: "before" | "after"; operation?: string } = {}) {
      faults.push({ kind: "timeout", when: opts.when ?? "before", operation: opts.operation }, times);
    },
    injectLatency(ms: number) {
      faults.latencyMs = ms;
    },
    clearFaults: () => faults.clear(),
    setRateLimit(config: RateLimit) {
      limiter.config = config;
    },
    sendWebhook,

    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (specViolations.length > 0) {
        throw new Error(`ShipBob stand-in produced bodies that violate the spec:\n${specViolations.join("\n")}`);
      }
    },
  };
}
