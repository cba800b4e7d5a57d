// Sandbox mode (no credentials of either platform): the BigDesign admin opens at /bc on the demo
// BigCommerce store without a login, as /app does for the demo Shopify shop, and reads the demo
// store's catalog at the stand-in with the sandbox token (BIGCOMMERCE_SANDBOX_ACCESS_TOKEN).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BigCommerceStandIn, startBigCommerceStandIn } from "../../../sandbox/bigcommerce";
import { type AppServer, startAppServer } from "../../support/app-server";
import { createTestDb, type TestDb } from "../../support/db";

const DEMO = "consignsandboxtest";

let t: TestDb;
let bc: BigCommerceStandIn;
let app: AppServer;

beforeAll(async () => {
  t = await createTestDb();
  bc = await startBigCommerceStandIn({ storeHash: DEMO });
  bc.store.createProduct({ name: "Demo lamp", sku: "LAMP-1" });
  for (const name of [
    "SHOPIFY_API_KEY",
    "SHOPIFY_API_SECRET",
    "SHOPIFY_APP_URL",
    "CONSIGN_SANDBOX",
    "BIGCOMMERCE_CLIENT_ID",
    "BIGCOMMERCE_CLIENT_SECRET",
    "BIGCOMMERCE_APP_URL",
  ]) {
    delete process.env[name];
  }
  Object.assign(process.env, {
    DATABASE_URL: t.url,
    CONSIGN_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString("base64"),
    BIGCOMMERCE_API_URL: bc.apiBase,
    BIGCOMMERCE_LOGIN_URL: bc.loginBase,
    BIGCOMMERCE_SANDBOX_STORE: DEMO,
    BIGCOMMERCE_SANDBOX_ACCESS_TOKEN: bc.accessToken,
  });
  app = await startAppServer();
});

afterAll(async () => {
  await app?.close();
  await bc?.close();
  await t?.close();
});

describe("/bc in sandbox mode", () => {
  it("opens on the demo store without a BigCommerce login, creating its row once", async () => {
    const res = await fetch(`${app.url}/bc`);
    expect(res.status).toBe(200);
    const html = (await res.text()).replaceAll("<!-- -->", "");
    expect(html).toContain(`Sandbox · store ${DEMO}`);
    expect((await fetch(`${app.url}/bc/settings`)).status).toBe(200);
    const shops = await t.db.shop.findMany();
    expect(shops.map((s) => [s.platform, s.domain])).toEqual([["BIGCOMMERCE", DEMO]]);
  });

  it("lists the demo store's products from the stand-in with the sandbox token", async () => {
    const res = await fetch(`${app.url}/bc/products`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Demo lamp");
    expect(bc.requests.some((r) => r.api === "v3" && r.path.startsWith("/catalog/products") && r.status === 200)).toBe(true);
  });
});
