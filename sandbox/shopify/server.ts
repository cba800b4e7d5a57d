// The Shopify stand-in: a node:http server on 127.0.0.1 that serves the Admin GraphQL API
// (2026-10) by executing every request against Shopify's official schema, with Shopify's error
// shapes, cost-based throttling, access tokens, the OAuth token endpoint, webhook deliveries,
// fault injection and a test API. See sandbox/shopify/README.md for the API.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type DocumentNode,
  execute,
  type FragmentDefinitionNode,
  type GraphQLError,
  getOperationAST,
  getVariableValues,
  Kind,
  parse,
  validate,
} from "graphql";
import { z } from "zod";
import { LeakyBucket, operationCost, type ThrottleStatus } from "./cost";
import { parseError, type ShopifyError, toShopifyValidationError, variableError } from "./errors";
import { OAuthError, type TokenResponse, TokenRegistry } from "./oauth";
import { createRoot, fieldResolver } from "./resolvers";
import { loadAdminSchema, SHOPIFY_API_VERSION } from "./schema";
import { locationInput, orderInput, parseInput, productInput, ShopStore, StandInInputError } from "./store";
import { fulfillmentPayload, orderPayload, type WebhookDelivery, WebhookSender, type WebhookSettings } from "./webhooks";

export type FaultKind = "latency" | "status" | "hang" | "drop" | "throttle" | "commitThenHang" | "commitThenStatus" | "commitThenDrop";

export interface FaultSpec {
  kind: FaultKind;
  /** which GraphQL requests it hits (all when omitted) */
  match?: { operationName?: string; field?: string; shop?: string };
  /** how many matching requests it hits (default 1; Infinity for all) */
  times?: number;
  /** latency: delay before the request is handled */
  ms?: number;
  /** status, commitThenStatus: HTTP status to answer (default 500) */
  status?: number;
  /** status 429: Retry-After header value in seconds */
  retryAfterSeconds?: number;
}

export interface ShopifyStandInOptions {
  /** the shop served at the root URL (default consign-dev.myshopify.com) */
  shop?: string;
  /** more shops, served under /shops/<domain> */
  shops?: string[];
  /** non-expiring offline token of the default shop (default shpat_standin) */
  accessToken?: string;
  apiKey?: string;
  apiSecret?: string;
  scopes?: string;
  /** the leaky bucket of every shop: size (maximumAvailable) and restore rate per second */
  bucket?: { size?: number; restoreRate?: number };
  /** single-query cost limit (default 1000) */
  maxQueryCost?: number;
  webhooks?: WebhookSettings;
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  /** clock of the shop data and tokens (default: the real clock) */
  now?: () => Date;
  port?: number;
}

export interface GraphQLRequestRecord {
  shop: string;
  at: string;
  operationName: string | null;
  operation: "query" | "mutation" | "subscription" | null;
  fields: string[];
  variables: Record<string, unknown>;
  status: number;
  outcome: "ok" | "unauthorized" | "invalid" | "throttled" | "max_cost" | "fault";
  fault?: FaultKind;
  requestedQueryCost?: number;
  actualQueryCost?: number;
}

interface ShopRuntime {
  domain: string;
  store: ShopStore;
  bucket: LeakyBucket;
  root: Record<string, unknown>;
  token: string;
}

export const INVALID_TOKEN_MESSAGE = "[API] Invalid API key or access token (unrecognized login or wrong password)";

export interface ShopifyStandIn {
  /** base URL of the default shop, e.g. http://127.0.0.1:PORT */
  url: string;
  port: number;
  apiVersion: string;
  shop: string;
  shops: string[];
  accessToken: string;
  apiKey: string;
  apiSecret: string;
  /** the default shop's data (test API: createProduct, createOrder, listFulfillments, orderSnapshot, ...) */
  store: ShopStore;
  storeFor(shop: string): ShopStore;
  baseUrlFor(shop: string): string;
  graphqlUrl(shop?: string): string;
  accessTokenFor(shop: string): string;
  /** every GraphQL request received, oldest first */
  requests: GraphQLRequestRecord[];
  injectFault(spec: FaultSpec): void;
  clearFaults(): void;
  setBucket(opts: { size?: number; restoreRate?: number; available?: number }, shop?: string): void;
  bucketStatus(shop?: string): ThrottleStatus;
  deliverWebhook(topic: string, payload: unknown, opts?: { shop?: string; url?: string }): Promise<WebhookDelivery>;
  deliverOrderWebhook(topic: string, orderId: string, opts?: { shop?: string; url?: string }): Promise<WebhookDelivery>;
  webhookDeliveries: WebhookDelivery[];
  webhooksSettled(): Promise<void>;
  issueToken(opts?: { shop?: string; expiring?: boolean }): TokenResponse;
  authorizationCode(shop?: string): string;
  expireToken(token: string): void;
  revokeToken(token: string): void;
  /** fetch that sends https://<known shop>/... to this stand-in (for clients that build shop URLs) */
  fetch: typeof fetch;
  close(): Promise<void>;
}

const graphqlBody = z.object({
  query: z.string().min(1),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().nullish(),
});

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage, limit = 5 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new StandInInputError("request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function toGid(type: string, id: string): string {
  const decoded = decodeURIComponent(id);
  return decoded.startsWith("gid://") ? decoded : `gid://shopify/${type}/${decoded}`;
}

export async function startShopifyStandIn(options: ShopifyStandInOptions = {}): Promise<ShopifyStandIn> {
  const schema = loadAdminSchema();
  const clock = options.now ?? (() => new Date());
  const apiKey = options.apiKey ?? "standin-api-key";
  const apiSecret = options.apiSecret ?? "standin-api-secret";
  const scopes = options.scopes ?? "read_products,read_orders,write_orders,write_merchant_managed_fulfillment_orders,write_third_party_fulfillment_orders";
  const maxQueryCost = options.maxQueryCost ?? 1000;
  const defaultShop = options.shop ?? "consign-dev.myshopify.com";
  const tokens = new TokenRegistry({
    apiKey,
    apiSecret,
    scopes,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 90 * 24 * 3600,
    now: () => clock().getTime(),
  });
  const webhooks = new WebhookSender(options.webhooks, { secret: apiSecret, apiVersion: SHOPIFY_API_VERSION });
  const shops = new Map<string, ShopRuntime>();
  const faults: (FaultSpec & { left: number })[] = [];
  const requests: GraphQLRequestRecord[] = [];
  const hanging = new Set<ServerResponse>();

  for (const [i, domain] of [defaultShop, ...(options.shops ?? []).filter((s) => s !== defaultShop)].entries()) {
    const store = new ShopStore(domain, clock);
    const token = i === 0 ? (options.accessToken ?? "shpat_standin") : `shpat_standin_${domain.split(".")[0]}`;
    tokens.addStaticToken(domain, token);
    const runtime: ShopRuntime = {
      domain,
      store,
      bucket: new LeakyBucket(options.bucket?.size ?? 2000, options.bucket?.restoreRate ?? 100),
      root: createRoot(store),
      token,
    };
    store.onChange((change) => {
      if (!webhooks.autoTopics.includes(change.topic) || !webhooks.urlFor(change.topic)) return;
      const payload = "fulfillmentId" in change ? fulfillmentPayload(store, change.fulfillmentId) : orderPayload(store, change.orderId);
      webhooks.deliver(domain, change.topic, payload).catch(() => undefined);
    });
    shops.set(domain, runtime);
  }

  const runtimeFor = (shop: string | undefined): ShopRuntime => {
    const runtime = shops.get(shop ?? defaultShop);
    if (!runtime) throw new StandInInputError(`shop: ${shop} is not served by this stand-in`);
    return runtime;
  };

  const takeFault = (shop: string, operationName: string | null, fields: string[]): FaultSpec | undefined => {
    const i = faults.findIndex(
      (f) =>
        f.left > 0 &&
        (!f.match?.shop || f.match.shop === shop) &&
        (!f.match?.operationName || f.match.operationName === operationName) &&
        (!f.match?.field || fields.includes(f.match.field)),
    );
    if (i < 0) return undefined;
    const fault = faults[i]!;
    fault.left -= 1;
    if (fault.left <= 0) faults.splice(i, 1);
    return fault;
  };

  const hang = (res: ServerResponse) => {
    hanging.add(res);
    res.on("close", () => hanging.delete(res));
  };

  const failWithStatus = (res: ServerResponse, status: number, retryAfter?: number) => {
    if (status === 429) {
      sendJson(res, 429, { errors: "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service." }, {
        "Retry-After": String(retryAfter ?? 1),
      });
    } else if (status >= 500) {
      res.writeHead(status, { "Content-Type": "text/html; charset=utf-8" });
      res.end(`<!DOCTYPE html><html><body><h1>${status}</h1><p>There was a problem on Shopify's end (stand-in fault).</p></body></html>`);
    } else {
      sendJson(res, status, { errors: `stand-in fault ${status}` });
    }
  };

  const costExtension = (runtime: ShopRuntime, requested: number, actual: number | null) => ({
    cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: runtime.bucket.status() },
  });

  const handleGraphQL = async (req: IncomingMessage, res: ServerResponse, runtime: ShopRuntime) => {
    const record: GraphQLRequestRecord = {
      shop: runtime.domain,
      at: new Date().toISOString(),
      operationName: null,
      operation: null,
      fields: [],
      variables: {},
      status: 200,
      outcome: "ok",
    };
    requests.push(record);
    const respond = (status: number, body: unknown, outcome: GraphQLRequestRecord["outcome"], headers: Record<string, string> = {}) => {
      record.status = status;
      record.outcome = outcome;
      sendJson(res, status, body, { "X-Shopify-API-Version": SHOPIFY_API_VERSION, ...headers });
    };
    const token = req.headers["x-shopify-access-token"];
    if (tokens.check(typeof token === "string" ? token : undefined, runtime.domain) !== "ok") {
      return respond(401, { errors: INVALID_TOKEN_MESSAGE }, "unauthorized");
    }
    const raw = await readBody(req);
    let input: z.output<typeof graphqlBody>;
    try {
      const contentType = req.headers["content-type"] ?? "";
      const candidate: unknown = contentType.includes("application/graphql") ? { query: raw } : JSON.parse(raw);
      input = graphqlBody.parse(candidate);
    } catch {
      return respond(400, { errors: { query: "Required parameter missing or invalid" } }, "invalid");
    }
    const variables = input.variables ?? {};
    record.variables = variables;
    record.operationName = input.operationName ?? null;

    let document: DocumentNode;
    try {
      document = parse(input.query);
    } catch (error) {
      return respond(200, { errors: [parseError(error as GraphQLError)] }, "invalid");
    }
    const operation = getOperationAST(document, input.operationName ?? undefined);
    if (operation) {
      record.operation = operation.operation;
      record.operationName = operation.name?.value ?? record.operationName;
      record.fields = operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
    }

    const fault = takeFault(runtime.domain, record.operationName, record.fields);
    if (fault) record.fault = fault.kind;
    if (fault?.kind === "latency") await sleep(fault.ms ?? 1000);
    /** answers (or not) as the fault says, instead of the real response; false when it is not `when`'s fault */
    const faulted = (when: "before" | "after"): boolean => {
      if (!fault) return false;
      const kind = when === "before" ? fault.kind : fault.kind.replace(/^commitThen(\w)/, (_, c: string) => c.toLowerCase());
      if (when === "after" && kind === fault.kind) return false;
      if (kind !== "status" && kind !== "hang" && kind !== "drop") return false;
      record.outcome = "fault";
      if (kind === "status") {
        record.status = fault.status ?? 500;
        failWithStatus(res, record.status, fault.retryAfterSeconds);
      } else if (kind === "hang") hang(res);
      else req.socket.destroy();
      return true;
    };
    if (faulted("before")) return;

    const validationErrors = validate(schema, document);
    if (validationErrors.length > 0) {
      return respond(200, { errors: validationErrors.map((e) => toShopifyValidationError(e, document)) }, "invalid");
    }
    if (!operation) {
      const message = input.operationName ? `No operation named "${input.operationName}"` : "An operation name is required";
      return respond(200, { errors: [{ message, extensions: { code: "OPERATION_NAME_REQUIRED" } }] }, "invalid");
    }
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
    if (coerced.errors) {
      return respond(200, { errors: coerced.errors.map((e) => variableError(e, operation, variables)) }, "invalid");
    }
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
    const requested = operationCost(schema, operation, fragments, coerced.coerced);
    record.requestedQueryCost = requested;
    if (requested > maxQueryCost) {
      return respond(
        200,
        {
          errors: [
            {
              message: `Query cost is ${requested}, which exceeds the single query max cost limit (${maxQueryCost}).`,
              extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: maxQueryCost },
            },
          ],
          extensions: costExtension(runtime, requested, null),
        },
        "max_cost",
      );
    }
    if (fault?.kind === "throttle" || !runtime.bucket.take(requested)) {
      // THROTTLED comes back in the body of an HTTP 200, with no data (notes §3).
      return respond(
        200,
        {
          errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
          extensions: costExtension(runtime, requested, null),
        },
        "throttled",
      );
    }

    const result = await execute({
      schema,
      document,
      operationName: input.operationName ?? undefined,
      variableValues: variables,
      rootValue: runtime.root,
      fieldResolver,
    });
    const actual = operationCost(schema, operation, fragments, coerced.coerced, result.data ?? null);
    record.actualQueryCost = actual;
    runtime.bucket.refund(requested - actual);
    const errors: ShopifyError[] | undefined = result.errors?.map((e) => ({
      message: e.message,
      ...(e.locations ? { locations: e.locations.map((l) => ({ line: l.line, column: l.column })) } : {}),
      ...(e.path ? { path: [...e.path] } : {}),
      extensions: { ...(e.extensions ?? {}), code: typeof e.extensions?.code === "string" ? e.extensions.code : "INTERNAL_SERVER_ERROR" },
    }));

    if (faulted("after")) return;
    respond(200, { data: result.data ?? null, ...(errors ? { errors } : {}), extensions: costExtension(runtime, requested, actual) }, "ok");
  };

  const handleToken = async (req: IncomingMessage, res: ServerResponse, runtime: ShopRuntime) => {
    const raw = await readBody(req);
    const contentType = req.headers["content-type"] ?? "";
    let body: unknown;
    try {
      body = contentType.includes("application/x-www-form-urlencoded") ? Object.fromEntries(new URLSearchParams(raw)) : JSON.parse(raw);
    } catch {
      return sendJson(res, 400, { error: "invalid_request", error_description: "The body must be JSON or form-encoded." });
    }
    try {
      sendJson(res, 200, await tokens.exchange(runtime.domain, body));
    } catch (error) {
      if (error instanceof OAuthError) return sendJson(res, error.status, error.body());
      throw error;
    }
  };

  const handleSandbox = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const raw = req.method === "GET" || req.method === "DELETE" ? "" : await readBody(req);
    const body: Record<string, unknown> = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const { shop: bodyShop, ...rest } = body;
    const shop = typeof bodyShop === "string" ? bodyShop : (url.searchParams.get("shop") ?? undefined);
    const runtime = runtimeFor(shop);
    const path = url.pathname.replace(/^\/_sandbox/, "");
    const route = `${req.method} ${path}`;
    const orderRoute = /^(GET|POST) \/orders\/([^/]+)(\/cancel)?$/.exec(route);
    if (route === "POST /locations") return sendJson(res, 201, runtime.store.addLocation(parseInput(locationInput, rest, "location")));
    if (route === "POST /products") return sendJson(res, 201, runtime.store.createProduct(parseInput(productInput, rest, "product")));
    if (route === "POST /orders") return sendJson(res, 201, runtime.store.createOrder(parseInput(orderInput, rest, "order")));
    if (orderRoute?.[1] === "GET" && !orderRoute[3]) return sendJson(res, 200, runtime.store.orderSnapshot(toGid("Order", orderRoute[2]!)));
    if (orderRoute?.[1] === "POST" && orderRoute[3]) return sendJson(res, 200, runtime.store.cancelOrder(toGid("Order", orderRoute[2]!)));
    if (route === "GET /fulfillments") {
      const order = url.searchParams.get("order");
      return sendJson(res, 200, runtime.store.listFulfillments(order ? toGid("Order", order) : undefined));
    }
    if (route === "POST /faults") {
      api.injectFault(faultSpec.parse(rest) as FaultSpec);
      return sendJson(res, 201, { faults: faults.length });
    }
    if (route === "DELETE /faults") {
      api.clearFaults();
      return sendJson(res, 200, { faults: 0 });
    }
    if (route === "PUT /bucket") {
      const b = z.object({ size: z.number().positive().optional(), restoreRate: z.number().positive().optional(), available: z.number().min(0).optional() }).strict().parse(rest);
      api.setBucket(b, runtime.domain);
      return sendJson(res, 200, runtime.bucket.status());
    }
    if (route === "POST /webhooks") {
      const w = z
        .object({ topic: z.string().min(1), payload: z.unknown().optional(), orderId: z.string().optional(), url: z.string().url().optional() })
        .strict()
        .parse(rest);
      const payload = w.orderId ? orderPayload(runtime.store, toGid("Order", w.orderId)) : (w.payload ?? {});
      return sendJson(res, 200, await webhooks.deliver(runtime.domain, w.topic, payload, w.url ? { url: w.url } : {}));
    }
    if (route === "POST /tokens") {
      const t = z.object({ expiring: z.boolean().default(true) }).strict().parse(rest);
      return sendJson(res, 201, tokens.issue(runtime.domain, { expiring: t.expiring }));
    }
    if (route === "GET /requests") return sendJson(res, 200, requests);
    sendJson(res, 404, { error: `no test API route ${route}` });
  };

  const faultSpec = z
    .object({
      kind: z.enum(["latency", "status", "hang", "drop", "throttle", "commitThenHang", "commitThenStatus", "commitThenDrop"]),
      match: z.object({ operationName: z.string().optional(), field: z.string().optional(), shop: z.string().optional() }).strict().optional(),
      times: z.number().int().positive().optional(),
      ms: z.number().int().min(0).optional(),
      status: z.number().int().min(400).max(599).optional(),
      retryAfterSeconds: z.number().min(0).optional(),
    })
    .strict();

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const route = async () => {
      if (url.pathname.startsWith("/_sandbox/")) return handleSandbox(req, res, url);
      const m = /^(?:\/shops\/([^/]+))?\/admin\/(?:api\/([^/]+)\/graphql\.json|oauth\/access_token)$/.exec(url.pathname);
      if (!m) return sendJson(res, 404, { errors: "Not Found" });
      const runtime = shops.get(m[1] ? decodeURIComponent(m[1]) : defaultShop);
      if (!runtime) return sendJson(res, 404, { errors: "Not Found" });
      if (req.method !== "POST") return sendJson(res, 405, { errors: "Method Not Allowed" }, { Allow: "POST" });
      if (url.pathname.endsWith("/access_token")) return handleToken(req, res, runtime);
      // Only the pinned version is served: a client on another version is a bug here.
      if (m[2] !== SHOPIFY_API_VERSION) return sendJson(res, 404, { errors: `API version ${m[2]} is not served by the stand-in (only ${SHOPIFY_API_VERSION})` });
      return handleGraphQL(req, res, runtime);
    };
    route().catch((error: unknown) => {
      if (res.headersSent) return;
      if (error instanceof StandInInputError) return sendJson(res, 422, { error: error.message });
      if (error instanceof z.ZodError) {
        const issue = error.issues[0];
        return sendJson(res, 422, { error: `${issue?.path.join(".") || "body"}: ${issue?.message}` });
      }
      if (error instanceof SyntaxError) return sendJson(res, 400, { error: `invalid JSON: ${error.message}` });
      sendJson(res, 500, { errors: "Internal Server Error", detail: error instanceof Error ? error.message : String(error) });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  const baseUrlFor = (shop: string) => (shop === defaultShop ? base : `${base}/shops/${encodeURIComponent(shop)}`);

  const api: ShopifyStandIn = {
    url: base,
    port,
    apiVersion: SHOPIFY_API_VERSION,
    shop: defaultShop,
    shops: [...shops.keys()],
    accessToken: runtimeFor(defaultShop).token,
    apiKey,
    apiSecret,
    store: runtimeFor(defaultShop).store,
    storeFor: (shop) => runtimeFor(shop).store,
    baseUrlFor,
    graphqlUrl: (shop = defaultShop) => `${baseUrlFor(shop)}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`,
    accessTokenFor: (shop) => runtimeFor(shop).token,
    requests,
    injectFault(spec) {
      faults.push({ ...spec, left: spec.times ?? 1 });
    },
    clearFaults() {
      faults.length = 0;
    },
    setBucket(opts, shop) {
      const b = runtimeFor(shop).bucket;
      b.configure({
        ...(opts.size !== undefined ? { maximumAvailable: opts.size } : {}),
        ...(opts.restoreRate !== undefined ? { restoreRate: opts.restoreRate } : {}),
        currentlyAvailable: opts.available ?? opts.size ?? b.status().currentlyAvailable,
      });
    },
    bucketStatus: (shop) => runtimeFor(shop).bucket.status(),
    deliverWebhook: (topic, payload, opts = {}) => webhooks.deliver(runtimeFor(opts.shop).domain, topic, payload, opts.url ? { url: opts.url } : {}),
    deliverOrderWebhook: (topic, orderId, opts = {}) => {
      const runtime = runtimeFor(opts.shop);
      return webhooks.deliver(runtime.domain, topic, orderPayload(runtime.store, orderId), opts.url ? { url: opts.url } : {});
    },
    webhookDeliveries: webhooks.deliveries,
    webhooksSettled: () => webhooks.settled(),
    issueToken: (opts = {}) => tokens.issue(runtimeFor(opts.shop).domain, { expiring: opts.expiring ?? true }),
    authorizationCode: (shop) => tokens.authorize(runtimeFor(shop).domain),
    expireToken: (token) => tokens.expire(token),
    revokeToken: (token) => tokens.revoke(token),
    fetch: (input, init) => {
      const target = new URL(input instanceof Request ? input.url : String(input));
      if (target.protocol === "https:" && shops.has(target.hostname)) {
        const rewritten = `${baseUrlFor(target.hostname)}${target.pathname}${target.search}`;
        return fetch(input instanceof Request ? new Request(rewritten, input) : rewritten, init);
      }
      return fetch(input, init);
    },
    async close() {
      webhooks.close();
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}
