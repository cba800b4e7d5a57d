// The README's run command from this checkout, as a newcomer runs it: `npm start` with no
// credentials builds the app and starts the sandbox; within two minutes of the admin being up,
// the dashboard shows shipped orders and the Shopify stand-in's orders carry fulfillments —
// checked over HTTP. (The build before it takes 15-60 s depending on the machine's load; the
// total is printed.)
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, expect, test } from "vitest";

const ROOT = resolve(import.meta.dirname, "..", "..");
const TWO_MINUTES = 120_000;
const BUILD_AND_START_LIMIT = 240_000;

let child: ChildProcess | undefined;
const dir = mkdtempSync(join(tmpdir(), "consign-sandbox-"));

afterAll(() => {
  if (child?.pid) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

test("npm start with no credentials shows shipped orders within two minutes", { timeout: 420_000 }, async () => {
  const port = await freePort();
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || /^(SHOPIFY_|BIGCOMMERCE_|CONSIGN_|DATABASE_URL|VITEST|NODE_ENV)/.test(key)) continue;
    env[key] = value;
  }
  Object.assign(env, { PORT: String(port), CONSIGN_SANDBOX_DIR: dir });

  const started = Date.now();
  const npmStart = spawn("npm", ["start"], { cwd: ROOT, env: env as NodeJS.ProcessEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child = npmStart;
  let output = "";
  npmStart.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  npmStart.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });

  const ready = await new Promise<{ appUrl: string; shopify: string; shop: string; token: string }>((done, fail) => {
    const timer = setInterval(() => {
      const line = output.split("\n").find((l) => l.startsWith("CONSIGN_SANDBOX_READY "));
      if (line) {
        clearInterval(timer);
        done(JSON.parse(line.slice("CONSIGN_SANDBOX_READY ".length)));
      } else if (child?.exitCode !== null || Date.now() - started > BUILD_AND_START_LIMIT) {
        clearInterval(timer);
        fail(new Error(`the sandbox did not start:\n${output.slice(-3000)}`));
      }
    }, 250);
  });

  const up = Date.now();
  let shippedOrders = 0;
  let fulfilledAtShopify = 0;
  while (Date.now() - up < TWO_MINUTES && (shippedOrders === 0 || fulfilledAtShopify === 0)) {
    await new Promise((r) => setTimeout(r, 2_000));
    const page = await fetch(`http://127.0.0.1:${port}/app`);
    expect(page.status).toBe(200);
    const html = await page.text();
    shippedOrders = Number(/(\d+) orders? fully shipped/.exec(html)?.[1] ?? 0);

    const res = await fetch(`${ready.shopify}/shops/${ready.shop}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": ready.token },
      body: JSON.stringify({ query: "{ orders(first: 50) { nodes { name displayFulfillmentStatus fulfillments { id } } } }" }),
    });
    const body = (await res.json()) as { data: { orders: { nodes: { displayFulfillmentStatus: string; fulfillments: unknown[] }[] } } };
    fulfilledAtShopify = body.data.orders.nodes.filter((o) => o.displayFulfillmentStatus === "FULFILLED" && o.fulfillments.length > 0).length;
  }
  const elapsed = Date.now() - up;
  console.log(
    `sandbox: ${shippedOrders} shipped orders on the dashboard, ${fulfilledAtShopify} fulfilled at the stand-in, ` +
      `${Math.round(elapsed / 1000)} s after the admin was up (${Math.round((up - started) / 1000)} s of build and start)`,
  );
  expect(shippedOrders).toBeGreaterThan(0);
  expect(fulfilledAtShopify).toBeGreaterThan(0);
  expect(elapsed).toBeLessThanOrEqual(TWO_MINUTES);
});
