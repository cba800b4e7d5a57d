// Sandbox mode (no Shopify credentials): the admin opens at /app without a Shopify login, on the
// demo shop, which is created on first use; the login paths lead straight to it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, startAppServer } from "../../support/app-server";
import { createTestDb, type TestDb } from "../../support/db";

const DEMO_SHOP = "consign-sandbox-test.myshopify.com";

let t: TestDb;
let app: AppServer;

beforeAll(async () => {
  t = await createTestDb();
  for (const name of ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL", "CONSIGN_SANDBOX", "CONSIGN_ENCRYPTION_KEY"]) {
    delete process.env[name];
  }
  Object.assign(process.env, { DATABASE_URL: t.url, CONSIGN_SANDBOX_SHOP: DEMO_SHOP });
  app = await startAppServer();
});

afterAll(async () => {
  await app?.close();
  await t?.close();
});

describe("sandbox mode", () => {
  it("serves the admin on the demo shop without a Shopify login, without App Bridge", async () => {
    const res = await fetch(`${app.url}/app`);
    expect(res.status).toBe(200);
    const html = (await res.text()).replaceAll("<!-- -->", "");
    expect(html).toContain(`Consign · sandbox (${DEMO_SHOP})`);
    for (const page of ["Dashboard", "Fulfillers", "Products", "Fulfillments", "Settings"]) expect(html).toContain(page);
    expect(html).not.toContain("app-bridge.js");

    const shops = await t.db.shop.findMany();
    expect(shops.map((s) => [s.platform, s.domain])).toEqual([["SHOPIFY", DEMO_SHOP]]);
    // a second visit uses the same row
    expect((await fetch(`${app.url}/app`)).status).toBe(200);
    expect(await t.db.shop.count()).toBe(1);
  });

  it("sends the login paths to the admin", async () => {
    for (const path of ["/auth/login", "/auth/callback"]) {
      const res = await fetch(`${app.url}${path}`, { redirect: "manual" });
      expect(res.status, path).toBe(302);
      expect(res.headers.get("location"), path).toBe("/app");
    }
  });
});
