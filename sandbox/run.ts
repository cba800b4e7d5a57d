// `npm start`. With no platform credentials set, the sandbox: a fresh SQLite database, the
// Shopify, BigCommerce, ShipStation and ShipBob stand-ins on local ports, a demo Shopify shop and
// a demo BigCommerce store with products assigned to two fulfillers, a new demo order every few
// seconds, demo fulfillers that ship after a short delay, the worker on a fast schedule, and the
// admin at http://localhost:3000/app with no login. With credentials set, the app and its
// in-process worker run against the real platforms and no stand-in starts.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";

const root = resolve(import.meta.dirname, "..");
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
const hasCredentials = Boolean(process.env.SHOPIFY_API_KEY || process.env.SHOPIFY_API_SECRET || process.env.BIGCOMMERCE_CLIENT_ID);
const sandbox = process.env.CONSIGN_SANDBOX === "1" || !hasCredentials;

function migrate(databaseUrl: string) {
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function serveApp(): Promise<Server> {
  const buildFile = join(root, "build", "server", "index.js");
  if (!existsSync(buildFile)) throw new Error("No build found: run `npm run build` first (npm start does it).");
  const build = (await import(pathToFileURL(buildFile).href)) as ServerBuild;
  const app = express();
  app.disable("x-powered-by");
  app.use("/assets", express.static(join(root, "build", "client", "assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(join(root, "build", "client"), { maxAge: "1h" }));
  app.all("*", createRequestHandler({ build, mode: "production" }));
  return new Promise((done) => {
    const server = app.listen(port, host, () => done(server));
  });
}

async function runProduction() {
  migrate(process.env.DATABASE_URL ?? "file:./dev.sqlite");
  const server = await serveApp();
  const { createWorkerContext } = await import("../workers/context");
  const { scheduleFromEnv, startScheduler } = await import("../workers/scheduler");
  const scheduler = process.env.CONSIGN_WORKER === "0" ? null : startScheduler(createWorkerContext(), scheduleFromEnv());
  console.log(`Consign is listening on http://${host}:${port}${scheduler ? " with its worker in-process" : ""}.`);
  const stop = async () => {
    await scheduler?.stop();
    server.close(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

async function runSandbox() {
  const dir = resolve(root, process.env.CONSIGN_SANDBOX_DIR ?? ".sandbox");
  mkdirSync(dir, { recursive: true });
  // The stand-ins keep their stores in memory, so the sandbox starts from a fresh database.
  const dbFile = join(dir, "sandbox.sqlite");
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(dbFile + suffix, { force: true });
  const databaseUrl = `file:${dbFile}`;
  migrate(databaseUrl);
  const keyFile = join(dir, "encryption.key");
  if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32).toString("base64"), { mode: 0o600 });
  const appUrl = `http://localhost:${port}`;

  const { SANDBOX_API_KEY, SANDBOX_API_SECRET, SANDBOX_SHOP, SANDBOX_BC_STORE } = await import("../app/lib/env.server");
  const { startShopifyStandIn } = await import("./shopify");
  const { startShipStationStandIn } = await import("./shipstation");
  const { startShipBobStandIn } = await import("./shipbob");
  const { startBigCommerceStandIn } = await import("./bigcommerce");
  const { startEasyPostStandIn } = await import("./carriers/easypost");
  const { startSmtpCatcher } = await import("./smtp");

  const shopify = await startShopifyStandIn({
    shop: SANDBOX_SHOP,
    apiKey: SANDBOX_API_KEY,
    apiSecret: SANDBOX_API_SECRET,
    webhooks: { url: (topic: string) => `${appUrl}/webhooks/${topic}`, autoTopics: ["orders/create", "orders/updated"], retryDelayMs: 500 },
  });
  // The demo fulfillers answer as fast as the demo needs: no per-minute vendor quota here.
  const shipstation = await startShipStationStandIn({ rateLimit: { limit: 10_000, windowMs: 60_000 } });
  const shipbob = await startShipBobStandIn({ rateLimit: { limit: 10_000, windowMs: 60_000 } });
  const bigcommerce = await startBigCommerceStandIn({ storeHash: SANDBOX_BC_STORE, logViolations: true });
  // The carrier (EasyPost, the default aggregator) and a mail catcher for customer notifications.
  const easypost = await startEasyPostStandIn({ apiKeys: ["EZTK_sandbox"] });
  const easypostSecret = randomBytes(16).toString("hex");
  easypost.addWebhook(`${appUrl}/webhooks/carriers/easypost`, easypostSecret);
  const smtp = await startSmtpCatcher();

  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    CONSIGN_SANDBOX: "1",
    CONSIGN_SANDBOX_SHOP: SANDBOX_SHOP,
    SHOPIFY_APP_URL: appUrl,
    CONSIGN_ENCRYPTION_KEY: readFileSync(keyFile, "utf8").trim(),
    SHOPIFY_ADMIN_BASE_URL: `${shopify.url}/shops/{shop}`,
    CONSIGN_PLUGIN_BASE_URLS: `shipstation=${shipstation.url},shipbob=${shipbob.url}`,
    BIGCOMMERCE_API_URL: bigcommerce.apiBase,
    BIGCOMMERCE_LOGIN_URL: bigcommerce.loginBase,
    BIGCOMMERCE_SANDBOX_STORE: SANDBOX_BC_STORE,
    BIGCOMMERCE_SANDBOX_ACCESS_TOKEN: bigcommerce.accessToken,
    EASYPOST_API_KEY: "EZTK_sandbox",
    EASYPOST_WEBHOOK_SECRET: easypostSecret,
    CONSIGN_CARRIER_BASE_URLS: `easypost=${easypost.url}`,
    SMTP_URL: smtp.url,
    MAIL_FROM: "Consign Demo <orders@consign-demo.invalid>",
  });

  const { seedSandbox } = await import("./demo/seed");
  const seeded = await seedSandbox({ shopify, shipstation, shipbob, bigcommerce });
  const server = await serveApp();

  const { createWorkerContext } = await import("../workers/context");
  const { FAST_SCHEDULE, startScheduler } = await import("../workers/scheduler");
  const scheduler = startScheduler(createWorkerContext(), FAST_SCHEDULE, {
    info: (m) => console.log(m),
    error: (m) => console.error(m),
  });

  const { startDemoActivity } = await import("./demo/activity");
  const activity = startDemoActivity({
    shopify,
    shipstation,
    shipbob,
    products: seeded.shopifyProducts,
    orderEveryMs: Number(process.env.CONSIGN_DEMO_ORDER_EVERY_MS ?? 8_000),
    shipAfterMs: Number(process.env.CONSIGN_DEMO_SHIP_AFTER_MS ?? 10_000),
    refuseOneIn: 8,
    log: (m) => console.log(m),
  });
  const { startDemoCarrier } = await import("./demo/carrier");
  const carrier = startDemoCarrier({ easypost, trackingNumbers: seeded.trackingNumbers, log: (m) => console.log(m) });
  const bcOrders = setInterval(seeded.placeBigCommerceOrder, Number(process.env.CONSIGN_DEMO_BC_ORDER_EVERY_MS ?? 20_000));
  seeded.placeBigCommerceOrder();

  console.log(
    [
      "",
      "Consign sandbox is running — no credentials needed.",
      `  Shopify admin (Polaris):      ${appUrl}/app`,
      `  BigCommerce admin (BigDesign): ${appUrl}/bc`,
      `  Shopify stand-in (GraphQL):   ${shopify.url}/shops/${SANDBOX_SHOP}/admin/api/2026-10/graphql.json`,
      `  ShipStation stand-in:         ${shipstation.url}`,
      `  ShipBob stand-in:             ${shipbob.url}`,
      `  BigCommerce stand-in:         ${bigcommerce.apiBase}`,
      `  EasyPost stand-in (carrier):  ${easypost.url}`,
      `  Mail catcher (SMTP):          ${smtp.url} — sent messages show on ${appUrl}/app/notifications`,
      "A demo order arrives every few seconds; the demo fulfillers ship it ~10 s later, the worker",
      "(fast schedule) brings the tracking back and the demo carrier moves each parcel along:",
      "watch the dashboard go from HOLD to PENDING SHIPMENT, SHIPPED and DELIVERED.",
      "",
    ].join("\n"),
  );
  // One machine-readable line for tests and scripts.
  console.log(
    `CONSIGN_SANDBOX_READY ${JSON.stringify({ appUrl, shopify: shopify.url, shop: SANDBOX_SHOP, token: shopify.accessTokenFor(SANDBOX_SHOP) })}`,
  );

  const stop = async () => {
    activity.stop();
    carrier.stop();
    clearInterval(bcOrders);
    await scheduler.stop();
    server.close();
    await Promise.allSettled([shopify.close(), shipstation.close(), shipbob.close(), bigcommerce.close(), easypost.close(), smtp.close()]);
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

await (sandbox ? runSandbox() : runProduction());
