// The API-access page in headless Chromium (Debian's chromium, playwright-core), on the dev server
// in sandbox mode: a merchant creates a key and sees it once with a copy button, the key works at
// the API at once; revoking it through the confirmation stops it at once. Photographed to
// test/e2e/screenshots/pull-api-access.png.
import { join, resolve } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { AppServer } from "../../support/app-server";
import { type ApiWorld, houseClient, type SeededShop, seedShop, startSandboxWorld } from "./support";

const DEMO = "consign-pull-browser.myshopify.com";
const SCREENSHOTS = resolve(import.meta.dirname, "..", "..", "e2e", "screenshots");

let w: ApiWorld;
let app: AppServer;
let browser: Browser;
let mine: SeededShop;

beforeAll(async () => {
  w = await startSandboxWorld(DEMO, async (ctx) => {
    mine = await seedShop(ctx, DEMO);
  });
  app = w.app;
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
});

afterAll(async () => {
  await browser?.close();
  await w?.close();
});

it("creates a key shown once with a copy button, and revokes it after confirmation", async () => {
  const house = houseClient(app.url, mine.key);
  await house("GET", "/api/v1/orders");
  await house("GET", "/api/v1/orders?limit=0");

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.url });
  const page = await context.newPage();
  const problems: string[] = [];
  // The dev server runs without HMR (test/support/app-server.ts), so Vite's client cannot open its
  // websocket; that is the harness, not the page.
  const harness = /WebSocket|\[vite\]/;
  page.on("pageerror", (error) => {
    if (!harness.test(String(error))) problems.push(String(error));
  });
  page.on("console", (message) => {
    if (message.type() === "error" && !harness.test(message.text())) problems.push(message.text());
  });
  // Warm-up: on a cold Vite cache the dev server discovers this page's client dependencies on
  // the first visit and re-optimizes them, so the first page's modules go stale (no HMR here to
  // reload it). The second visit gets the settled bundle; the production build has no such step.
  const url = `${app.url}/app/connections/${mine.connectionId}/api`;
  await page.goto(url, { waitUntil: "networkidle", timeout: 120_000 });
  await page.waitForTimeout(1_000);
  problems.length = 0;
  await page.goto(url, { waitUntil: "networkidle", timeout: 120_000 });
  await page.getByText("GET /api/v1/orders").first().waitFor();

  await page.getByLabel("New key name").fill("Warehouse system");
  await page.getByRole("button", { name: "Create key" }).click();
  await page.getByText("Copy this key now").waitFor({ timeout: 30_000 });
  await page.getByText("Warehouse system").waitFor({ timeout: 30_000 });
  const secret = await page.getByLabel("API key").inputValue();
  expect(secret).toMatch(/^csk_[A-Za-z0-9_-]{43}$/);
  await page.getByRole("button", { name: "Copy", exact: true }).click();
  await page.getByRole("button", { name: "Copied" }).waitFor();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  expect((await houseClient(app.url, secret)("GET", "/api/v1/orders")).status).toBe(200);
  await page.screenshot({ path: join(SCREENSHOTS, "pull-api-access.png"), fullPage: true });

  // The newest key is listed first; revoke it.
  await page.getByRole("button", { name: "Revoke" }).first().click();
  await page.getByText("This cannot be undone").waitFor();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke" }).click();
  await page.getByText("Revoked").first().waitFor({ timeout: 30_000 });
  expect((await houseClient(app.url, secret)("GET", "/api/v1/orders")).status).toBe(401);
  expect((await house("GET", "/api/v1/orders")).status).toBe(200);

  // Reloaded, the page no longer holds the key.
  await page.reload({ waitUntil: "networkidle" });
  expect(await page.content()).not.toContain(secret);
  expect(problems).toEqual([]);
  await context.close();
}, 240_000);
