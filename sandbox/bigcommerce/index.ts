// A local stand-in for BigCommerce: the OAuth token endpoint, Orders v2 (orders, order products,
// shipping addresses, shipments, statuses), Catalog v3 (products, variants) and Webhooks v3, in
// memory, on 127.0.0.1. Every request and every answer is checked against BigCommerce's OpenAPI
// files (spec.ts): a request that breaks the spec gets BigCommerce's error shape; an answer that
// breaks it is a bug of the stand-in, logged, recorded and raised again by close().
//
// Also: the X-Auth-Token check, the per-store rate limit with its headers and 429s, fault
// injection (latency, 5xx, timeouts), webhook delivery with the registered custom headers, and
// a control API (the returned object) for tests and the sandbox.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { text } from "node:stream/consumers";
import type { OpenAPIBackend, Operation } from "openapi-backend";
import { z } from "zod";
import { type LoadedSpecs, loadBigCommerceSpecs, type SpecName } from "./spec";
import {
  addressJson,
  hookJson,
  NOT_FOUND,
  ORDER_STATUS_NAMES,
  orderJson,
  orderProductJson,
  productJson,
  StandInStore,
  type StoreEvent,
  StoreRefusal,
  shipmentJson,
  variantJson,
} from "./store";

export type {
  AddressInput,
  CreateOrderInput,
  CreateProductInput,
  StandInHook,
  StandInOrder,
  StandInProduct,
  StandInShipment,
  StandInStore,
  StandInVariant,
} from "./store";
export { bigCommerceSpecDir, bigCommerceSpecsPresent, loadBigCommerceSpecs } from "./spec";

export interface RateLimit {
  /** requests per window per store (Standard/Plus: 150 per 30 s; notes §5) */
  quota: number;
  windowMs: number;
}

export interface BigCommerceStandInOptions {
  /** the first store's hash (default "standin1") */
  storeHash?: string;
  /** the first store's access token (default random) */
  accessToken?: string;
  /** the app's credentials, checked by POST /oauth2/token */
  clientId?: string;
  clientSecret?: string;
  /** when set, the token exchange must carry exactly this redirect_uri (notes §1) */
  redirectUri?: string;
  rateLimit?: RateLimit;
  /**
   * Hooks must have an https destination on port 443, as BigCommerce requires. This maps such a
   * destination to where the stand-in actually POSTs (a local test server), like DNS would.
   */
  resolveWebhookDestination?: (destination: string) => string;
  now?: () => Date;
  /** print each spec violation as it happens (default true) */
  logViolations?: boolean;
}

export type Fault =
  | { kind: "latency"; ms: number; method?: string; path?: string | RegExp; times?: number }
  | {
      kind: "status";
      /** 500, 502, 503, 504 … answered in BigCommerce's error shape */
      status: number;
      /** "before": nothing happens on the store; "after": the request is applied, the answer lost */
      phase?: "before" | "after";
      method?: string;
      path?: string | RegExp;
      times?: number;
    }
  | { kind: "timeout"; phase?: "before" | "after"; method?: string; path?: string | RegExp; times?: number };

export interface RequestRecord {
  method: string;
  /** path under /stores/{hash}/{api}, with the query string */
  path: string;
  api: "v2" | "v3" | "oauth" | "other";
  storeHash: string | null;
  status: number;
  at: number;
}

export interface Delivery {
  hookId: number;
  scope: string;
  destination: string;
  url: string;
  payload: Record<string, unknown>;
  headers: Record<string, string>;
  status: number | null;
  error: string | null;
}

export interface AuthGrant {
  /** what BigCommerce puts in the browser's GET /auth query (notes §1) */
  code: string;
  scope: string;
  context: string;
  account_uuid: string;
}

export interface BigCommerceStandIn {
  /** base of everything: API (`${url}/stores/{hash}/v2/...`) and login (`${url}/oauth2/token`) */
  url: string;
  apiBase: string;
  loginBase: string;
  /** the first store */
  store: StandInStore;
  storeHash: string;
  accessToken: string;
  clientId: string;
  clientSecret: string;
  addStore(opts?: { hash?: string; accessToken?: string }): StandInStore;
  getStore(hash: string): StandInStore | undefined;
  /** an install: a single-use code for POST /oauth2/token, for this store (default the first) */
  authorize(opts?: { storeHash?: string; scope?: string; user?: { id: number; email: string } }): AuthGrant;
  setRateLimit(limit: RateLimit): void;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  readonly requests: RequestRecord[];
  readonly deliveries: Delivery[];
  /** waits for every webhook delivery started so far */
  flushWebhooks(): Promise<void>;
  /** answers the stand-in produced that break the spec (a bug here, not in the client) */
  readonly specViolations: string[];
  /** stops the server; throws if any answer broke the spec */
  close(): Promise<void>;
}

const V3_ERROR_TYPE = "/api-docs/getting-started/api-status-codes";
const DEFAULT_SCOPE = "store_v2_orders store_v2_products store_v2_information_read_only";

interface Answer {
  status: number;
  body?: unknown;
}

class Hang {}

const tokenRequest = z.object({
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  code: z.string().min(1),
  context: z.string().regex(/^stores\/[a-z0-9]+$/),
  scope: z.string(),
  grant_type: z.literal("authorization_code"),
  redirect_uri: z.string().min(1),
});

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function matches(fault: Fault, method: string, path: string): boolean {
  if (fault.method && fault.method.toUpperCase() !== method) return false;
  if (fault.path === undefined) return true;
  return typeof fault.path === "string" ? path.includes(fault.path) : fault.path.test(path);
}

/** ajv error → BigCommerce-style field name and sentence. */
function describeValidation(errors: { instancePath: string; keyword: string; message?: string; params: Record<string, unknown> }[]) {
  const e = errors[0];
  const parts = e.instancePath.split("/").filter(Boolean);
  const where = parts[0] ?? "request";
  let field = parts.slice(1).join(".");
  if (e.keyword === "required" && typeof e.params.missingProperty === "string") {
    field = field ? `${field}.${e.params.missingProperty}` : e.params.missingProperty;
    const what = where === "header" ? "header" : where === "query" ? "query parameter" : "field";
    return { field, message: `The required ${what} '${field}' was not supplied.` };
  }
  const detail = e.keyword === "enum" && Array.isArray(e.params.allowedValues) ? `must be one of ${e.params.allowedValues.join(", ")}` : (e.message ?? "is invalid");
  return { field: field || where, message: `The field '${field || where}' is invalid: ${detail}.` };
}

export async function startBigCommerceStandIn(opts: BigCommerceStandInOptions = {}): Promise<BigCommerceStandIn> {
  const specs: LoadedSpecs = await loadBigCommerceSpecs();
  const now = opts.now ?? (() => new Date());
  const clientId = opts.clientId ?? "standin-client-id";
  const clientSecret = opts.clientSecret ?? "standin-client-secret";
  const logViolations = opts.logViolations ?? true;
  let rateLimit: RateLimit = opts.rateLimit ?? { quota: 150, windowMs: 30_000 };
  const windows = new Map<string, { start: number; used: number }>();
  const faults: (Fault & { left: number })[] = [];
  const requests: RequestRecord[] = [];
  const deliveries: Delivery[] = [];
  const pending = new Set<Promise<void>>();
  const specViolations: string[] = [];
  const stores = new Map<string, StandInStore>();
  const grants = new Map<string, { storeHash: string; scope: string; user: { id: number; email: string } }>();
  const hanging = new Set<ServerResponse>();
  let url = "";

  const violation = (text: string) => {
    specViolations.push(text);
    if (logViolations) console.error(`[bigcommerce stand-in] SPEC VIOLATION: ${text}`);
  };

  // ---- webhooks ---------------------------------------------------------------------------

  const scopeMatches = (hookScope: string, scope: string) =>
    hookScope === scope || (hookScope.endsWith("/*") && scope.startsWith(hookScope.slice(0, -1)));

  function emit(store: StandInStore, event: StoreEvent): void {
    for (const hook of store.hooks.values()) {
      if (!hook.is_active || !scopeMatches(hook.scope, event.scope)) continue;
      // callback body (webhooks.v3.yml webhook_callback_base + store_*): hash = SHA-1 of the data
      const payload = {
        scope: event.scope,
        store_id: store.storeId,
        data: event.data,
        hash: createHash("sha1").update(JSON.stringify(event.data)).digest("hex"),
        created_at: Math.floor(now().getTime() / 1000),
        producer: `stores/${store.hash}`,
      };
      const validate = specs.callback(event.scope);
      if (!validate) violation(`no callback schema for ${event.scope} in webhooks.v3.yml`);
      else if (!validate(payload)) violation(`callback ${event.scope}: ${JSON.stringify(validate.errors)}`);
      const target = opts.resolveWebhookDestination ? opts.resolveWebhookDestination(hook.destination) : hook.destination;
      const headers = { "content-type": "application/json", ...(hook.headers ?? {}) };
      const delivery: Delivery = { hookId: hook.id, scope: event.scope, destination: hook.destination, url: target, payload, headers, status: null, error: null };
      deliveries.push(delivery);
      const p = fetch(target, { method: "POST", headers, body: JSON.stringify(payload), signal: AbortSignal.timeout(10_000) })
        .then(async (r) => {
          delivery.status = r.status;
          await r.arrayBuffer();
        })
        .catch((error: unknown) => {
          delivery.error = error instanceof Error ? error.message : String(error);
        })
        .finally(() => pending.delete(p));
      pending.add(p);
    }
  }

  function addStore(o: { hash?: string; accessToken?: string } = {}): StandInStore {
    const hash = o.hash ?? `store${randomBytes(3).toString("hex")}`;
    if (!/^[a-z0-9]+$/.test(hash)) throw new Error(`stand-in: a store hash is lowercase letters and digits, not "${hash}"`);
    if (stores.has(hash)) throw new Error(`stand-in: store ${hash} exists`);
    const store = new StandInStore(hash, o.accessToken ?? randomBytes(16).toString("hex"), clientId, now, emit);
    stores.set(hash, store);
    return store;
  }
  const first = addStore({ hash: opts.storeHash ?? "standin1", accessToken: opts.accessToken });

  // ---- rate limit (notes §5) --------------------------------------------------------------

  function rateHeaders(hash: string, consume: boolean): { limited: boolean; headers: Record<string, string> } {
    const t = Date.now();
    let w = windows.get(hash);
    if (!w || t - w.start >= rateLimit.windowMs) {
      w = { start: t, used: 0 };
      windows.set(hash, w);
    }
    const limited = consume && w.used >= rateLimit.quota;
    if (consume && !limited) w.used++;
    const resetMs = Math.max(0, w.start + rateLimit.windowMs - t);
    const headers: Record<string, string> = {
      "X-Rate-Limit-Time-Window-Ms": String(rateLimit.windowMs),
      "X-Rate-Limit-Time-Reset-Ms": String(resetMs),
      "X-Rate-Limit-Requests-Quota": String(rateLimit.quota),
      "X-Rate-Limit-Requests-Left": String(Math.max(0, rateLimit.quota - w.used)),
    };
    if (limited) headers["X-Retry-After"] = String(Math.max(1, Math.ceil(resetMs / 1000))); // seconds
    return { limited, headers };
  }

  // ---- answers ----------------------------------------------------------------------------

  const errorBody = (api: "v2" | "v3", status: number, message: string, field: string | null = null) =>
    api === "v2"
      ? [{ status, message }] // v2: a JSON array (orders.v2.oas2.yml 404_Resp)
      : { status, title: message, type: V3_ERROR_TYPE, ...(field ? { errors: { [field]: message } } : {}) }; // v3: error_Full

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const payload = body === undefined || status === 204 ? "" : JSON.stringify(body);
    res.writeHead(status, { ...headers, ...(payload ? { "Content-Type": "application/json" } : {}) });
    res.end(payload);
  }

  /**
   * Checks an answer against the operation's declared responses, or the API's error shape. An
   * answer that breaks the spec is not sent: the client gets a 500 and close() throws.
   */
  function checkAnswer(api: OpenAPIBackend, apiName: "v2" | "v3", op: Operation, answer: Answer, what: string): Answer {
    const before = specViolations.length;
    inspect(api, apiName, op, answer, what);
    if (specViolations.length === before) return answer;
    return { status: 500, body: errorBody(apiName, 500, `The stand-in's answer broke BigCommerce's spec: ${specViolations[before]}`) };
  }

  function inspect(api: OpenAPIBackend, apiName: "v2" | "v3", op: Operation, answer: Answer, what: string): void {
    const declared = Object.keys(op.responses ?? {});
    const code = String(answer.status);
    const listed = declared.includes(code) || declared.includes(`${code[0]}XX`) || declared.includes("default");
    if (answer.status < 400 && !listed) {
      violation(`${what}: HTTP ${answer.status} is not a response of ${op.operationId}`);
      return;
    }
    if (answer.status === 204) {
      if (answer.body !== undefined && answer.body !== null) violation(`${what}: a 204 with a body`);
      return;
    }
    if (listed) {
      const result = api.validateResponse(answer.body, op, answer.status);
      if (result.errors) violation(`${what}: HTTP ${answer.status} body breaks ${op.operationId}: ${JSON.stringify(result.errors.slice(0, 3))}`);
    }
    if (answer.status >= 400) {
      const validate = apiName === "v2" ? specs.v2Error : specs.v3Error;
      if (!validate(answer.body)) violation(`${what}: error body is not BigCommerce's ${apiName} error shape: ${JSON.stringify(answer.body)}`);
    }
  }

  // ---- operations -------------------------------------------------------------------------

  function page<T>(rows: T[], q: URLSearchParams, defaultLimit = 50) {
    const limit = Math.min(250, Math.max(1, Math.trunc(Number(q.get("limit") ?? defaultLimit)) || defaultLimit));
    const pageNo = Math.max(1, Math.trunc(Number(q.get("page") ?? 1)) || 1);
    return { rows: rows.slice((pageNo - 1) * limit, pageNo * limit), limit, page: pageNo };
  }

  function v3Meta(total: number, limit: number, pageNo: number, count: number) {
    const totalPages = Math.ceil(total / limit);
    const link = (p: number) => `?page=${p}&limit=${limit}`;
    return {
      pagination: {
        total,
        count,
        per_page: limit,
        current_page: pageNo,
        total_pages: totalPages,
        links: { ...(pageNo > 1 ? { previous: link(pageNo - 1) } : {}), current: link(pageNo), ...(pageNo < totalPages ? { next: link(pageNo + 1) } : {}) },
      },
    };
  }

  function operate(store: StandInStore, op: Operation, params: Record<string, string>, q: URLSearchParams, body: unknown): Answer {
    const apiBase = url;
    const obj = (body ?? {}) as Record<string, unknown>;
    const n = (k: string) => Number(params[k]);
    switch (op.operationId) {
      // ---- Orders v2
      case "getOrders": {
        const { rows } = page(store.findOrders(q), q);
        // no matching orders: 204, no body (erratum 2 in spec.ts)
        return rows.length ? { status: 200, body: rows.map((o) => orderJson(o, store.hash, apiBase)) } : { status: 204 };
      }
      case "createOrder":
        // 200 with the order (createOrder responses: order_Resp)
        return { status: 200, body: orderJson(store.createOrderFromApi(obj), store.hash, apiBase) };
      case "getOrder":
        return { status: 200, body: orderJson(store.order(n("order_id")), store.hash, apiBase) };
      case "updateOrder": {
        const unsupported = Object.keys(obj).filter((k) => k !== "status_id");
        if (unsupported.length) return { status: 501, body: errorBody("v2", 501, `The stand-in only changes status_id, not ${unsupported.join(", ")}.`) };
        if (obj.status_id === undefined) return { status: 400, body: errorBody("v2", 400, "The required field 'status_id' was not supplied.") };
        return { status: 200, body: orderJson(store.updateOrderStatus(n("order_id"), obj.status_id as number), store.hash, apiBase) };
      }
      case "getOrderProducts": {
        const { rows } = page(store.order(n("order_id")).products, q);
        return { status: 200, body: rows.map(orderProductJson) };
      }
      case "getOrderShippingAddresses": {
        const order = store.order(n("order_id"));
        const { rows } = page(order.addresses, q);
        return { status: 200, body: rows.map((a) => addressJson(a, order, store.hash, apiBase)) };
      }
      case "getOrderStatuses":
        return {
          status: 200,
          body: Object.entries(ORDER_STATUS_NAMES).map(([id, name]) => ({ id: Number(id), name, system_label: name, custom_label: name, system_description: name, order: Number(id) })),
        };
      case "getOrderShipments": {
        const order = store.order(n("order_id"));
        const { rows } = page(order.shipments, q);
        // "No Content (No shipments exist)" (getOrderShipments 204)
        return rows.length ? { status: 200, body: rows.map((s) => shipmentJson(s, order)) } : { status: 204 };
      }
      case "getOrderShipmentsCount":
        return { status: 200, body: { count: store.order(n("order_id")).shipments.length } };
      case "createOrderShipments": {
        const shipment = store.createShipment(n("order_id"), obj);
        return { status: 201, body: shipmentJson(shipment, store.order(n("order_id"))) };
      }
      case "deleteOrderShipments":
        store.deleteAllShipments(n("order_id"));
        return { status: 204 };
      case "getOrderShipment":
        return { status: 200, body: shipmentJson(store.shipment(n("order_id"), n("shipment_id")), store.order(n("order_id"))) };
      case "updateOrderShipment": {
        const shipment = store.updateShipment(n("order_id"), n("shipment_id"), obj);
        return { status: 200, body: shipmentJson(shipment, store.order(n("order_id"))) };
      }
      case "deleteOrderShipment":
        store.deleteShipment(n("order_id"), n("shipment_id"));
        return { status: 204 };

      // ---- Catalog v3
      case "getProducts": {
        const include = new Set((q.get("include") ?? "").split(",").filter(Boolean));
        const all = store.findProducts(q);
        const { rows, limit, page: pageNo } = page(all, q);
        return { status: 200, body: { data: rows.map((p) => productJson(p, include)), meta: v3Meta(all.length, limit, pageNo, rows.length) } };
      }
      case "getProduct": {
        const product = store.products.get(n("product_id"));
        if (!product) return { status: 404, body: errorBody("v3", 404, "The requested product was not found.") };
        const include = new Set((q.get("include") ?? "").split(",").filter(Boolean));
        return { status: 200, body: { data: productJson(product, include), meta: {} } };
      }
      case "getProductVariants": {
        const product = store.products.get(n("product_id"));
        if (!product) return { status: 404, body: errorBody("v3", 404, "The requested product was not found.") };
        const { rows, limit, page: pageNo } = page(product.variants, q);
        return { status: 200, body: { data: rows.map(variantJson), meta: v3Meta(product.variants.length, limit, pageNo, rows.length) } };
      }
      case "getVariants": {
        let all = [...store.products.values()].flatMap((p) => p.variants);
        const sku = q.get("sku");
        if (sku) all = all.filter((v) => v.sku === sku);
        const { rows, limit, page: pageNo } = page(all, q);
        return { status: 200, body: { data: rows.map(variantJson), meta: v3Meta(all.length, limit, pageNo, rows.length) } };
      }

      // ---- Webhooks v3
      case "createWebhooks": {
        const hook = store.createHook(obj as Parameters<StandInStore["createHook"]>[0]);
        return { status: 200, body: { data: hookJson(hook), meta: {} } }; // 200, not 201 (notes §4)
      }
      case "getWebhooks": {
        let all = [...store.hooks.values()];
        const scope = q.get("scope");
        if (scope) all = all.filter((h) => h.scope === scope);
        const destination = q.get("destination");
        if (destination) all = all.filter((h) => h.destination === destination);
        const active = q.get("is_active");
        if (active !== null) all = all.filter((h) => h.is_active === (active === "true"));
        const { rows, limit, page: pageNo } = page(all, q);
        return { status: 200, body: { data: rows.map(hookJson), meta: v3Meta(all.length, limit, pageNo, rows.length) } };
      }
      case "getWebhook":
        return { status: 200, body: { data: hookJson(store.hook(n("webhook_id"))), meta: {} } };
      case "updateWebhook":
        return { status: 200, body: { data: hookJson(store.updateHook(n("webhook_id"), obj)), meta: {} } };
      case "deleteWebhook":
        return { status: 200, body: { data: hookJson(store.deleteHook(n("webhook_id"))), meta: {} } };
      default:
        return { status: 501, body: errorBody(op.path.startsWith("/hooks") || op.path.startsWith("/catalog") ? "v3" : "v2", 501, `${op.operationId} is not implemented by the stand-in.`) };
    }
  }

  // ---- OAuth (notes §1) -------------------------------------------------------------------

  function oauthToken(raw: string, contentType: string): Answer {
    let input: unknown;
    try {
      input = contentType.includes("application/x-www-form-urlencoded") ? Object.fromEntries(new URLSearchParams(raw)) : JSON.parse(raw || "{}");
    } catch {
      return { status: 400, body: { error: "invalid_request", error_description: "The body is not JSON." } };
    }
    const parsed = tokenRequest.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { status: 400, body: { error: "invalid_request", error_description: `${issue.path.join(".") || "body"}: ${issue.message}` } };
    }
    const r = parsed.data;
    if (r.client_id !== clientId || r.client_secret !== clientSecret) {
      return { status: 401, body: { error: "invalid_client", error_description: "Invalid client id or secret." } };
    }
    if (opts.redirectUri !== undefined && r.redirect_uri !== opts.redirectUri) {
      return { status: 400, body: { error: "invalid_grant", error_description: "redirect_uri does not match the app's auth callback URL." } };
    }
    const grant = grants.get(r.code);
    if (!grant || `stores/${grant.storeHash}` !== r.context) {
      return { status: 400, body: { error: "invalid_grant", error_description: "The code is invalid, used, or for another store." } };
    }
    grants.delete(r.code); // single use
    const store = stores.get(grant.storeHash)!;
    return {
      status: 200,
      body: {
        access_token: store.accessToken,
        scope: grant.scope,
        user: { id: grant.user.id, username: grant.user.email, email: grant.user.email },
        owner: { id: grant.user.id, username: grant.user.email, email: grant.user.email },
        context: `stores/${store.hash}`,
        account_uuid: randomUUID(),
      },
    };
  }

  // ---- the server -------------------------------------------------------------------------

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const full = new URL(req.url ?? "/", "http://127.0.0.1");
    const raw = await text(req);
    const record: RequestRecord = { method, path: full.pathname + full.search, api: "other", storeHash: null, status: 0, at: Date.now() };
    requests.push(record);
    const finish = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      send(res, status, body, headers);
    };

    if (full.pathname === "/oauth2/token") {
      record.api = "oauth";
      if (method !== "POST") return finish(405, { error: "invalid_request", error_description: "POST only." });
      const answer = oauthToken(raw, req.headers["content-type"] ?? "");
      return finish(answer.status, answer.body);
    }

    const m = /^\/stores\/([^/]+)\/(v2|v3)(\/.*)$/.exec(full.pathname);
    if (!m) return finish(404, { status: 404, title: "Not found", type: V3_ERROR_TYPE });
    const [, hash, apiName, path] = m as unknown as [string, string, "v2" | "v3", string];
    record.api = apiName;
    record.storeHash = hash;
    record.path = path + full.search;
    const store = stores.get(hash);
    if (!store) return finish(404, errorBody(apiName, 404, NOT_FOUND));
    // X-Auth-Token (security scheme of every spec; notes §1)
    if (req.headers["x-auth-token"] !== store.accessToken) {
      return finish(401, errorBody(apiName, 401, "Unauthorized - the v3 Auth client ID or token in the request are not a valid combination for this store."));
    }
    const rate = rateHeaders(hash, true);
    if (rate.limited) return finish(429, errorBody(apiName, 429, "You have exceeded the rate limit for this store; retry after the window resets."), rate.headers);

    let fault: (Fault & { left: number }) | undefined;
    for (const f of faults) {
      if (f.left > 0 && matches(f, method, path)) {
        f.left--;
        if (f.kind === "latency") await delay(f.ms);
        else {
          fault = f;
          break;
        }
      }
    }
    const phase = fault && fault.kind !== "latency" ? (fault.phase ?? "before") : null;
    const faultAnswer = (): Answer | Hang => {
      if (!fault || fault.kind === "latency") throw new Error("unreachable");
      return fault.kind === "timeout" ? new Hang() : { status: fault.status, body: errorBody(apiName, fault.status, `Injected HTTP ${fault.status}`) };
    };
    const deliver = (answer: Answer | Hang) => {
      if (answer instanceof Hang) {
        record.status = -1; // never answered
        hanging.add(res);
        res.on("close", () => hanging.delete(res));
        return;
      }
      finish(answer.status, answer.body, rate.headers);
    };
    if (phase === "before") return deliver(faultAnswer());

    // the operation, by spec
    const candidates: SpecName[] = apiName === "v2" ? ["orders"] : ["products", "variants", "webhooks"];
    let api: OpenAPIBackend | undefined;
    let op: Operation | undefined;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k.toLowerCase()] = v;
    let body: unknown;
    if (raw.trim()) {
      try {
        body = JSON.parse(raw);
      } catch {
        return finish(400, errorBody(apiName, 400, "The request body is not valid JSON."), rate.headers);
      }
    }
    const request = { method: method.toLowerCase(), path, query: full.search.slice(1), headers, body };
    for (const name of candidates) {
      const found = specs.backends[name].router.matchOperation(request);
      if (found) {
        api = specs.backends[name];
        op = found;
        break;
      }
    }
    if (!api || !op) return finish(404, errorBody(apiName, 404, NOT_FOUND), rate.headers);
    const what = `${method} /${apiName}${path}`;

    // the request, by spec: v2 answers 400 with [{status, message}]; v3 422 for a body, 400 otherwise
    const check = api.validateRequest(request, op);
    if (check.errors?.length) {
      const { field, message } = describeValidation(check.errors as Parameters<typeof describeValidation>[0]);
      const status = apiName === "v3" && check.errors[0].instancePath.startsWith("/requestBody") ? 422 : 400;
      const answer = checkAnswer(api, apiName, op, { status, body: errorBody(apiName, status, message, field) }, what);
      return finish(answer.status, answer.body, rate.headers);
    }

    let answer: Answer;
    try {
      const params = api.router.parseRequest(request, op).params as Record<string, string>;
      answer = operate(store, op, params, full.searchParams, body);
    } catch (error) {
      if (!(error instanceof StoreRefusal)) throw error;
      answer = { status: error.status, body: errorBody(apiName, error.status, error.message, error.field) };
    }
    // included variants are also checked against the variants spec (getProductVariants)
    if (op.operationId === "getProducts" && answer.status === 200) {
      const data = (answer.body as { data: { variants?: unknown[] }[] }).data;
      const variants = data.flatMap((p) => p.variants ?? []);
      const result = specs.backends.variants.validateResponse({ data: variants }, "getProductVariants", 200);
      if (result.errors) {
        violation(`${what}: included variants break getProductVariants: ${JSON.stringify(result.errors.slice(0, 3))}`);
        answer = { status: 500, body: errorBody(apiName, 500, "The stand-in's answer broke BigCommerce's spec (included variants).") };
      }
    }
    answer = checkAnswer(api, apiName, op, answer, what);
    if (phase === "after") return deliver(faultAnswer());
    deliver(answer);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      violation(`stand-in crashed on ${req.method} ${req.url}: ${detail}`);
      if (!res.headersSent) send(res, 500, [{ status: 500, message: "stand-in error" }]);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    apiBase: url,
    loginBase: url,
    store: first,
    storeHash: first.hash,
    accessToken: first.accessToken,
    clientId,
    clientSecret,
    addStore,
    getStore: (hash) => stores.get(hash),
    authorize(o = {}) {
      const storeHash = o.storeHash ?? first.hash;
      if (!stores.has(storeHash)) throw new Error(`stand-in: no store ${storeHash}`);
      const code = randomBytes(8).toString("hex");
      const scope = o.scope ?? DEFAULT_SCOPE;
      grants.set(code, { storeHash, scope, user: o.user ?? { id: 24654, email: "merchant@example.com" } });
      return { code, scope, context: `stores/${storeHash}`, account_uuid: randomUUID() };
    },
    setRateLimit(limit) {
      rateLimit = limit;
      windows.clear();
    },
    injectFault(fault) {
      faults.push({ ...fault, left: fault.times ?? 1 });
    },
    clearFaults() {
      faults.length = 0;
    },
    requests,
    deliveries,
    async flushWebhooks() {
      while (pending.size) await Promise.allSettled([...pending]);
    },
    specViolations,
    async close() {
      await Promise.allSettled([...pending]);
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (specViolations.length) {
        throw new Error(`BigCommerce stand-in broke the spec ${specViolations.length} time(s):\n${specViolations.join("\n")}`);
      }
    },
  };
}
