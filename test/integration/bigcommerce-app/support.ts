// The BigCommerce single-click app over real HTTP: the real Remix app (test/support/app-server.ts)
// configured like a deployment with both platforms, BigCommerce's endpoints pointed at the
// stand-in (sandbox/bigcommerce), and helpers for BigCommerce's signed_payload_jwt (HS256 with the
// client secret; notes/bigcommerce.md §1) and the install a merchant's browser goes through.
import { randomBytes } from "node:crypto";
import { SignJWT } from "jose";
import { createBigCommerceAdapter } from "~/lib/bc-platform.server";
import { createKeyring, type Keyring } from "~/lib/crypto.server";
import { registry } from "~/plugins/registry";
import { activateConnection } from "~/use-cases/activateConnection";
import type { AppContext } from "~/use-cases/context";
import { pushShipments } from "~/use-cases/pushShipments";
import { recordManualShipment } from "~/use-cases/recordManualShipment";
import { sendHolds } from "~/use-cases/sendHolds";
import { setDefaultConnection } from "~/use-cases/setDefaultConnection";
import { type BigCommerceStandIn, type BigCommerceStandInOptions, startBigCommerceStandIn } from "../../../sandbox/bigcommerce";
import { type AppServer, startAppServer } from "../../support/app-server";
import { createTestDb, type TestDb } from "../../support/db";

export const CLIENT_ID = "consign-bc-test-client";
export const CLIENT_SECRET = "consign-bc-test-secret";
export const APP_URL = "https://consign.example.com";
export const OWNER = { id: 24654, email: "owner@example.com" };
export const STAFF = { id: 31337, email: "staff@example.com" };
export const SECRET_HEADER = "x-consign-webhook-secret";

/** The environment of a deployment with Shopify and BigCommerce, on a test database. */
export function setBigCommerceEnv(databaseUrl: string, bc: BigCommerceStandIn, extra: Record<string, string> = {}): void {
  delete process.env.CONSIGN_SANDBOX;
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    SHOPIFY_API_KEY: "consign-test-api-key",
    SHOPIFY_API_SECRET: "consign-test-api-secret",
    SHOPIFY_APP_URL: APP_URL,
    CONSIGN_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
    BIGCOMMERCE_CLIENT_ID: CLIENT_ID,
    BIGCOMMERCE_CLIENT_SECRET: CLIENT_SECRET,
    BIGCOMMERCE_LOGIN_URL: bc.loginBase,
    BIGCOMMERCE_API_URL: bc.apiBase,
    BIGCOMMERCE_APP_URL: APP_URL,
    ...extra,
  });
}

export interface BcWorld {
  t: TestDb;
  bc: BigCommerceStandIn;
  app: AppServer;
  close(): Promise<void>;
}

/**
 * A test database, the BigCommerce stand-in (its hooks' https destinations resolve to the app, as
 * DNS would) and the app. The stand-in checks the token exchange's redirect_uri.
 */
export async function startBcWorld(opts: BigCommerceStandInOptions = {}, extraEnv: Record<string, string> = {}): Promise<BcWorld> {
  const t = await createTestDb();
  let appUrl = "";
  const bc = await startBigCommerceStandIn({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUri: `${APP_URL}/bc/auth`,
    resolveWebhookDestination: (destination) => {
      const url = new URL(destination);
      return `${appUrl}${url.pathname}${url.search}`;
    },
    ...opts,
  });
  setBigCommerceEnv(t.url, bc, extraEnv);
  const app = await startAppServer();
  appUrl = app.url;
  return {
    t,
    bc,
    app,
    async close() {
      await app.close();
      await bc.close();
      await t.close();
    },
  };
}

export const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers, redirect: "manual" });

/** The install as the merchant's browser does it: BigCommerce's GET /auth with a fresh code. */
export async function install(w: BcWorld, opts: { storeHash?: string; scope?: string; user?: { id: number; email: string } } = {}) {
  const grant = w.bc.authorize({ storeHash: opts.storeHash, scope: opts.scope, user: opts.user ?? OWNER });
  const query = new URLSearchParams({ code: grant.code, scope: grant.scope, context: grant.context, account_uuid: grant.account_uuid });
  const res = await get(`${w.app.url}/bc/auth?${query}`);
  return { res, grant, query };
}

/** The session token in a redirect to the app (?context=…). */
export function sessionIn(location: string | null): string {
  const token = location ? new URL(location, "http://x").searchParams.get("context") : null;
  if (!token) throw new Error(`no session token in ${location}`);
  return token;
}

export interface PayloadOptions {
  storeHash?: string;
  user?: { id: number; email: string };
  owner?: { id: number; email: string };
  url?: string;
  secret?: string;
  aud?: string;
  iss?: string;
  /** seconds from now; negative = already expired */
  expiresIn?: number;
  alg?: "HS256" | "HS512";
}

/** A signed_payload_jwt as BigCommerce signs it (claims per notes §1). */
export async function signedPayload(o: PayloadOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    user: { id: (o.user ?? OWNER).id, email: (o.user ?? OWNER).email, locale: "en-US" },
    owner: o.owner ?? OWNER,
    url: o.url ?? "/",
    channel_id: null,
  })
    .setProtectedHeader({ alg: o.alg ?? "HS256", typ: "JWT" })
    .setAudience(o.aud ?? CLIENT_ID)
    .setIssuer(o.iss ?? "bc")
    .setSubject(`stores/${o.storeHash ?? "standin1"}`)
    .setIssuedAt(now - 5)
    .setNotBefore(now - 5)
    .setExpirationTime(now + (o.expiresIn ?? 86_400))
    .setJti(randomBytes(8).toString("hex"))
    .sign(new TextEncoder().encode(o.secret ?? CLIENT_SECRET));
}

/** The tokens a callback must refuse with 401: forged, expired, for another app, another issuer, unsigned. */
export async function badPayloads(storeHash = "standin1"): Promise<[string, string][]> {
  const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
  const claims = Buffer.from(
    JSON.stringify({ aud: CLIENT_ID, iss: "bc", sub: `stores/${storeHash}`, exp: Math.floor(Date.now() / 1000) + 600, user: OWNER, owner: OWNER }),
  ).toString("base64url");
  return [
    ["forged", await signedPayload({ storeHash, secret: "not-the-client-secret" })],
    ["expired", await signedPayload({ storeHash, expiresIn: -3600 })],
    ["for another app", await signedPayload({ storeHash, aud: "another-client-id" })],
    ["from another issuer", await signedPayload({ storeHash, iss: "evil" })],
    ["unsigned", `${header}.${claims}.`],
    ["garbage", "not-a-jwt"],
  ];
}

/** The process keyring of the app, built from the same environment. */
export function appKeyring(): Keyring {
  return createKeyring(process.env);
}

/**
 * An AppContext built the way app/lib/app-context.server.ts builds production's: the database,
 * the real clock, the plugin registry, the BigCommerce adapter on the stores' sealed tokens
 * (lib/bc-platform.server.ts), stand-in URLs for the fulfillers.
 */
export function bcContext(w: BcWorld, opts: { pluginBaseUrls?: Record<string, string>; sleep?: (ms: number) => Promise<void> } = {}): AppContext {
  const keyring = appKeyring();
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const bigcommerce = createBigCommerceAdapter({ db: w.t.db, apiBase: w.bc.apiBase, keyring, sleep, retryBaseMs: 5 });
  return {
    db: w.t.db,
    now: () => new Date(),
    sleep,
    plugins: registry,
    platform(kind) {
      if (kind !== "BIGCOMMERCE") throw new Error(`No ${kind} platform adapter in these tests`);
      return bigcommerce;
    },
    fetch: globalThis.fetch,
    pluginBaseUrls: opts.pluginBaseUrls ?? {},
    appUrl: APP_URL,
    keyring,
    actor: "test",
  };
}

/** Waits until `check` holds (webhook work may finish after the answer). */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, what: string, ms = 5_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface SeededStore {
  shopId: string;
  /** the session token of the owner, for /bc URLs */
  session: string;
  manualId: string;
  /** our order ids by role */
  orders: { shipped: string; partial: string; held: string };
  productIds: number[];
}

/**
 * A store installed through the auth callback, with a manual fulfiller as the default for all
 * products, three products on BigCommerce and three orders that arrived by webhook: one shipped
 * and pushed to BigCommerce, one partly shipped, one held. Everything goes through the use cases
 * the app runs.
 */
export async function seedBcStore(w: BcWorld, ctx: AppContext): Promise<SeededStore> {
  const installed = await install(w);
  if (installed.res.status !== 302) throw new Error(`install answered ${installed.res.status}: ${await installed.res.text()}`);
  const session = sessionIn(installed.res.headers.get("location"));
  const shop = await w.t.db.shop.findFirstOrThrow({ where: { platform: "BIGCOMMERCE", domain: w.bc.storeHash } });
  const manualId = (await activateConnection(ctx, { shopId: shop.id, kind: "manual", title: "Our warehouse", credentials: {} })).connection.id;
  await setDefaultConnection(ctx, { shopId: shop.id, connectionId: manualId });

  const tray = w.bc.store.createProduct({ name: "Walnut tray", sku: "TRAY-W" });
  const mug = w.bc.store.createProduct({
    name: "Stoneware mug",
    variants: [
      { sku: "MUG-W", options: { Colour: "White" } },
      { sku: "MUG-B", options: { Colour: "Black" } },
    ],
  });
  const cap = w.bc.store.createProduct({ name: "Canvas cap", sku: "CAP-1" });
  const placed = [
    w.bc.store.createOrder({ products: [{ productId: tray.id, quantity: 1 }], billingAddress: { first_name: "Ada", last_name: "Buyer" } }),
    w.bc.store.createOrder({ products: [{ productId: mug.id, variantId: mug.variants[0].id, quantity: 3 }] }),
    w.bc.store.createOrder({ products: [{ productId: cap.id, quantity: 2 }] }),
  ];
  await w.bc.flushWebhooks();
  const ours = [];
  for (const order of placed) {
    ours.push(
      await eventually(
        () => w.t.db.order.findFirst({ where: { shopId: shop.id, platformOrderId: String(order.id), fulfillments: { some: {} } }, include: { lines: true } }),
        `order ${order.id}`,
      ),
    );
  }
  await sendHolds(ctx, { shopId: shop.id, connectionId: manualId });
  await recordManualShipment(ctx, {
    shopId: shop.id,
    orderId: ours[0].id,
    carrier: "UPS",
    trackingNumbers: ["1Z999AA10123456784"],
    lines: [{ orderLineId: ours[0].lines[0].id, quantity: 1 }],
    actor: "test",
  });
  await recordManualShipment(ctx, {
    shopId: shop.id,
    orderId: ours[1].id,
    carrier: "USPS",
    trackingNumbers: ["9400111899223197428490"],
    lines: [{ orderLineId: ours[1].lines[0].id, quantity: 1 }],
    actor: "test",
  });
  await pushShipments(ctx, { shopId: shop.id });
  await w.bc.flushWebhooks();
  return {
    shopId: shop.id,
    session,
    manualId,
    orders: { shipped: ours[0].id, partial: ours[1].id, held: ours[2].id },
    productIds: [tray.id, mug.id, cap.id],
  };
}
