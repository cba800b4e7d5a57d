// The BigCommerce admin (BigDesign, /bc) in a real browser: Debian's Chromium driven by
// playwright-core, on the production build served by remix-serve (test/e2e/admin-world.ts) with
// BigCommerce pointed at the stand-in. The store is installed through the auth callback and
// seeded through the app's use cases and webhooks. Each page:
// - first paint is styled: with JavaScript off, BigDesign's CSS (rendered on the server into the
//   HTML by entry.server.tsx) already applies, checked on computed styles;
// - loads and hydrates without a console error or an uncaught exception;
// - is photographed to test/e2e/screenshots/bc-<page>.png.
// Then the session travels: the navigation tabs and a settings save work inside the iframe-style
// session (?context=…), with no cookie at all.
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BigCommerceStandIn, startBigCommerceStandIn } from "../../sandbox/bigcommerce";
import { createTestDb, type TestDb } from "../support/db";
import {
  APP_URL,
  type BcWorld,
  bcContext,
  CLIENT_ID,
  CLIENT_SECRET,
  type SeededStore,
  seedBcStore,
  setBigCommerceEnv,
} from "../integration/bigcommerce-app/support";
import { type BrowserSession, buildApp, open, openBrowser, removeBuild, type ServedApp, serveApp } from "./admin-world";

const SCREENSHOTS = resolve(import.meta.dirname, "screenshots");
const ENV_NAMES = [
  "DATABASE_URL",
  "CONSIGN_ENCRYPTION_KEY",
  "BIGCOMMERCE_CLIENT_ID",
  "BIGCOMMERCE_CLIENT_SECRET",
  "BIGCOMMERCE_LOGIN_URL",
  "BIGCOMMERCE_API_URL",
  "BIGCOMMERCE_APP_URL",
] as const;

let t: TestDb;
let bc: BigCommerceStandIn;
let buildDir: string;
let app: ServedApp;
let b: BrowserSession;
let s: SeededStore;

beforeAll(async () => {
  const building = buildApp();
  t = await createTestDb();
  let served = "";
  bc = await startBigCommerceStandIn({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUri: `${APP_URL}/bc/auth`,
    resolveWebhookDestination: (destination) => `${served}${new URL(destination).pathname}`,
  });
  setBigCommerceEnv(t.url, bc);
  buildDir = await building;
  app = await serveApp(buildDir, Object.fromEntries(ENV_NAMES.map((name) => [name, process.env[name] ?? ""])));
  served = app.url;
  const w: BcWorld = { t, bc, app: { url: app.url, close: () => app.close() }, close: async () => {} };
  s = await seedBcStore(w, bcContext(w));
  b = await openBrowser();
}, 300_000);

afterAll(async () => {
  await b?.close();
  await app?.close();
  await bc?.flushWebhooks();
  await bc?.close();
  await t?.close();
  if (buildDir) removeBuild(buildDir);
});

const at = (path: string) => `${app.url}${path}${path.includes("?") ? "&" : "?"}context=${encodeURIComponent(s.session)}`;

const PAGES = () =>
  [
    ["dashboard", "/bc", "Dashboard"],
    ["fulfillers", "/bc/fulfillers", "Add a fulfiller"],
    ["activate", "/bc/fulfillers/shipstation", "Activate ShipStation"],
    ["connection", `/bc/connections/${s.manualId}`, "Our warehouse"],
    ["products", "/bc/products", "Stoneware mug"],
    ["fulfillments", "/bc/fulfillments", "Import tracking numbers"],
    ["order", `/bc/orders/${s.orders.partial}`, "Record a shipment by hand"],
    ["settings", "/bc/settings", "Sending held orders"],
  ] as const;

/** What the first paint shows, from the server's HTML and CSS alone. */
async function firstPaintStyles(page: Page) {
  return page.evaluate(() => {
    const h1 = document.querySelector("h1");
    const main = document.querySelector("main");
    return {
      font: getComputedStyle(document.body).fontFamily,
      h1Weight: h1 ? getComputedStyle(h1).fontWeight : null,
      h1Color: h1 ? getComputedStyle(h1).color : null,
      shellBackground: main?.parentElement ? getComputedStyle(main.parentElement).backgroundColor : null,
      scripts: document.documentElement.dataset.hydrated ?? null,
    };
  });
}

describe("the BigDesign admin in Chromium", () => {
  it("paints every page styled before any JavaScript runs", async () => {
    const context = await b.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      for (const [name, path, text] of PAGES()) {
        const res = await page.goto(at(path), { waitUntil: "load" });
        expect(res?.status(), name).toBe(200);
        await page.getByText(text).first().waitFor();
        const styles = await firstPaintStyles(page);
        expect(styles.scripts, name).toBeNull(); // nothing ran: this is the server's paint
        expect(styles.font, name).toContain("Source Sans 3"); // GlobalStyles
        expect(styles.h1Weight, name).toBe("300"); // BigDesign's H1 (a browser's own is 700)
        expect(styles.h1Color, name).toBe("rgb(49, 52, 64)"); // theme secondary70
        expect(styles.shellBackground, name).toBe("rgb(246, 247, 252)"); // theme secondary10
      }
    } finally {
      await context.close();
    }
  });

  it("loads and hydrates every page without a console error, and photographs it", async () => {
    for (const [name, path, text] of PAGES()) {
      const before = b.errors.length;
      await open(b.page, at(path));
      await b.page.getByText(text).first().waitFor();
      await b.page.screenshot({ path: join(SCREENSHOTS, `bc-${name}.png`), fullPage: true });
      expect(b.errors.slice(before), name).toEqual([]);
    }
  });

  it("keeps the session in the URL through the navigation, with no cookie", async () => {
    const before = b.errors.length;
    await open(b.page, at("/bc"));
    await b.page.getByRole("tab", { name: "Fulfillments" }).click();
    await b.page.waitForURL(/\/bc\/fulfillments\?context=/);
    await b.page.getByText("Import tracking numbers").waitFor();
    await b.page.getByRole("tab", { name: "Settings" }).click();
    await b.page.waitForURL(/\/bc\/settings\?context=/);
    await b.page.getByRole("button", { name: "Every 15 minutes" }).click();
    await b.page.getByRole("button", { name: "Save" }).click();
    await b.page.getByText("Settings saved").waitFor({ timeout: 30_000 });
    expect((await t.db.shop.findUniqueOrThrow({ where: { id: s.shopId } })).holdSchedule).toBe("*/15 * * * *");
    expect(await b.context.cookies()).toEqual([]);
    expect(b.errors.slice(before)).toEqual([]);
  });

  it("shows an expired or missing session as a page that says what to do", async () => {
    const res = await b.page.goto(`${app.url}/bc/fulfillments`);
    expect(res?.status()).toBe(401);
    await b.page.getByText("Open Consign from your BigCommerce control panel").waitFor();
  });
});
