// Shared setup of the pull-API tests: the real app over HTTP on a fresh database, shops set up
// through the real use cases (a pull connection with its key, assignments, orders ingested), a
// plain HTTP client for the house, and every answer checked against the served OpenAPI document.
import { randomBytes } from "node:crypto";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { expect } from "vitest";
import type { Platform, PlatformOrder, PlatformOrderLine } from "~/platforms/port";
import { registry } from "~/plugins/registry";
import { activatePullConnection } from "~/use-cases/activatePullConnection";
import { assignProducts } from "~/use-cases/assignProducts";
import type { AppContext } from "~/use-cases/context";
import { ingestOrder } from "~/use-cases/ingestOrder";
import { type AppServer, startAppServer } from "../../support/app-server";
import { createTestDb, type TestDb } from "../../support/db";
import { useProductionEnv as setProductionEnv } from "../shopify-app/support";

export interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field in assertions
  body: any;
}

/** The house's HTTP client: one key, plain fetch. */
export function houseClient(baseUrl: string, key: string | null) {
  return async (method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Answer> => {
    const headers: Record<string, string> = {};
    if (key !== null) headers.Authorization = `Bearer ${key}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    Object.assign(headers, extra);
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // left as text; the contract check fails on it
    }
    return { status: res.status, headers: res.headers, body: parsed };
  };
}

export type House = ReturnType<typeof houseClient>;

/** The served OpenAPI document, and a check of one answer against it. */
export async function loadContract(baseUrl: string) {
  const res = await fetch(`${baseUrl}/api/v1/openapi.json`);
  expect(res.status).toBe(200);
  const doc = (await res.json()) as Record<string, unknown>;
  // Strict, except strictRequired: `oneOf: [{ required: ["lineId"] }, { required: ["sku"] }]` beside the
  // properties is plain JSON Schema ("exactly one of"), which that check does not follow.
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  // The document's top level is not a schema; schemas are reached by pointer below it.
  for (const keyword of ["openapi", "jsonSchemaDialect", "info", "servers", "security", "tags", "paths", "components"]) {
    ajv.addKeyword(keyword);
  }
  ajv.addSchema(doc, "openapi.json");

  const at = (pointer: string): unknown =>
    pointer
      .replace(/^#\//, "")
      .split("/")
      .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
  const escapePointer = (part: string) => part.replace(/~/g, "~0").replace(/\//g, "~1");

  /** Asserts the answer is one the document describes for this operation: status, headers and body. */
  function check(template: string, method: string, answer: Answer): void {
    let pointer = `#/paths/${escapePointer(template)}/${method.toLowerCase()}/responses/${answer.status}`;
    let response = at(pointer) as Record<string, unknown> | undefined;
    expect(response, `${method} ${template} answered ${answer.status}, which the document does not list`).toBeDefined();
    if (response && typeof response.$ref === "string") {
      pointer = response.$ref;
      response = at(pointer) as Record<string, unknown>;
    }
    expect(answer.headers.get("content-type") ?? "").toMatch(/^application\/json/);
    const headers = (response?.headers ?? {}) as Record<string, unknown>;
    for (const name of Object.keys(headers)) {
      expect(answer.headers.get(name), `${method} ${template} ${answer.status}: header ${name}`).not.toBeNull();
      const value = answer.headers.get(name) ?? "";
      if (name.startsWith("RateLimit") || name === "Retry-After") expect(value).toMatch(/^\d+$/);
    }
    const validate = ajv.compile({ $ref: `openapi.json${pointer}/content/application~1json/schema` });
    const valid = validate(answer.body);
    expect(validate.errors ?? [], `${method} ${template} ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`).toEqual([]);
    expect(valid).toBe(true);
  }
  /** Compiles the schema at a pointer of the document (throws on a schema Ajv's strict mode refuses). */
  function compileAt(pointer: string) {
    return ajv.compile({ $ref: `openapi.json${pointer}` });
  }
  return { doc, check, compileAt };
}

export type Contract = Awaited<ReturnType<typeof loadContract>>;

export function line(platformLineId: string, productId: string, quantity: number, sku = `SKU-${platformLineId}`): PlatformOrderLine {
  return {
    platformLineId,
    productId,
    variantId: `${productId}-V1`,
    sku,
    title: `Item ${platformLineId}`,
    quantity,
    cancelledQuantity: 0,
    unitPrice: "12.00",
  };
}

export function order(platformOrderId: string, lines: PlatformOrderLine[], placedAt = "2026-11-20T10:00:00.000Z"): PlatformOrder {
  return {
    platformOrderId,
    name: `#${platformOrderId}`,
    placedAt,
    updatedAt: placedAt,
    cancelledAt: null,
    customerEmail: "buyer@example.com",
    customerName: "Ada Buyer",
    shipTo: { name: "Ada Buyer", address1: "1 Main St", city: "Springfield", provinceCode: "IL", zip: "62701", countryCode: "US" },
    lines,
  };
}

/** A context on the test database with the real registry; the buyer platform is the caller's. */
export function testContext(db: TestDb["db"], platform?: Platform): AppContext {
  return {
    db,
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    plugins: registry,
    platform: () => {
      if (!platform) throw new Error("this test talks to no buyer platform");
      return platform;
    },
    fetch: () => Promise.reject(new Error("no network in these tests")),
    pluginBaseUrls: {},
    appUrl: "http://127.0.0.1:1",
  };
}

export interface SeededShop {
  shopId: string;
  domain: string;
  connectionId: string;
  key: string;
  keyId: string;
}

/** A shop with an "API (pull)" house that ships products P-1 and P-2. */
export async function seedShop(ctx: AppContext, domain: string, opts: { holdDelayMinutes?: number } = {}): Promise<SeededShop> {
  const shop = await ctx.db.shop.create({
    data: { platform: "SHOPIFY", domain, holdDelayMinutes: opts.holdDelayMinutes ?? 0 },
  });
  const activated = await activatePullConnection(ctx, { shopId: shop.id, name: `House of ${domain}` });
  await assignProducts(ctx, {
    shopId: shop.id,
    connectionId: activated.connection.id,
    products: [{ productId: "P-1" }, { productId: "P-2" }],
  });
  return { shopId: shop.id, domain, connectionId: activated.connection.id, key: activated.secret, keyId: activated.apiKey.id };
}

/** Ingests an order and returns its fulfillment id on the shop's house. */
export async function placeOrder(ctx: AppContext, shop: SeededShop, platformOrder: PlatformOrder): Promise<string> {
  const result = await ingestOrder(ctx, { shopId: shop.shopId, order: platformOrder });
  const part = await ctx.db.fulfillment.findFirstOrThrow({
    where: { shopId: shop.shopId, orderId: result.orderId, connectionId: shop.connectionId },
  });
  return part.id;
}

export interface ApiWorld {
  t: TestDb;
  app: AppServer;
  ctx: AppContext;
  close(): Promise<void>;
}

/** The app on a fresh database, outside sandbox mode. `env` adds or overrides variables. */
export async function startApiWorld(env: Record<string, string> = {}): Promise<ApiWorld> {
  const t = await createTestDb();
  setProductionEnv(t.url, env);
  const app = await startAppServer();
  return {
    t,
    app,
    ctx: testContext(t.db),
    async close() {
      await app.close();
      await t.close();
    },
  };
}

/**
 * The app in sandbox mode (the admin is `demoShop`, without a Shopify login) on a fresh database,
 * where `seed` runs before the app starts.
 */
export async function startSandboxWorld(demoShop: string, seed: (ctx: AppContext) => Promise<void>): Promise<ApiWorld> {
  const t = await createTestDb();
  for (const name of ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL"]) delete process.env[name];
  Object.assign(process.env, {
    DATABASE_URL: t.url,
    CONSIGN_SANDBOX: "1",
    CONSIGN_SANDBOX_SHOP: demoShop,
    CONSIGN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  });
  const ctx = testContext(t.db);
  await seed(ctx);
  const app = await startAppServer();
  return {
    t,
    app,
    ctx,
    async close() {
      await app.close();
      await t.close();
    },
  };
}

/** Every row of the tables an API call may change, for "nothing changed" comparisons (the call log aside). */
export async function snapshot(db: TestDb["db"]) {
  const [orders, lines, fulfillments, shipments, shipmentLines, intents, timeline] = await Promise.all([
    db.order.findMany({ orderBy: { id: "asc" } }),
    db.orderLine.findMany({ orderBy: { id: "asc" } }),
    db.fulfillment.findMany({ orderBy: { id: "asc" } }),
    db.shipment.findMany({ orderBy: { id: "asc" } }),
    db.shipmentLine.findMany({ orderBy: { id: "asc" } }),
    db.pushIntent.findMany({ orderBy: { id: "asc" } }),
    db.timelineEvent.findMany({ orderBy: { id: "asc" } }),
  ]);
  return { orders, lines, fulfillments, shipments, shipmentLines, intents, timeline };
}
