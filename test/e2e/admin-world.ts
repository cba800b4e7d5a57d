// The browser tests' world: the app built for production (once per run, into a temporary
// directory), served by remix-serve in a child process in sandbox mode on a seeded database, with
// the Shopify and ShipStation stand-ins, and Debian's Chromium driven by playwright-core.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

const root = resolve(import.meta.dirname, "..", "..");

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Builds the app (remix vite:build) into a fresh directory under .cache (inside the project, so the
 * server bundle resolves node_modules); returns the directory.
 */
export async function buildApp(): Promise<string> {
  const parent = join(root, ".cache", "e2e");
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, "build-"));
  await promisify(execFile)("npx", ["remix", "vite:build", "--config", "test/e2e/vite.config.ts"], {
    cwd: root,
    env: { ...process.env, E2E_BUILD_DIR: dir, NODE_ENV: "production" },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 240_000,
  });
  return dir;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface ServedApp {
  url: string;
  /** what the server printed, for a failing test's message */
  output(): string;
  close(): Promise<void>;
}

/** Serves a build with remix-serve (as `npm run serve` does) on 127.0.0.1 with the given environment. */
export async function serveApp(buildDir: string, env: Record<string, string>): Promise<ServedApp> {
  const port = await freePort();
  const cleanEnv = { ...process.env };
  for (const name of ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL", "BIGCOMMERCE_CLIENT_ID", "BIGCOMMERCE_CLIENT_SECRET"]) {
    delete cleanEnv[name];
  }
  const cli = join(root, "node_modules", "@remix-run", "serve", "dist", "cli.js");
  const child: ChildProcess = spawn(process.execPath, [cli, join(buildDir, "server", "index.js")], {
    cwd: root,
    env: { ...cleanEnv, ...env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`remix-serve exited (${child.exitCode}):\n${output}`);
    const up = await fetch(`${url}/favicon.svg`).then(
      (res) => res.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error(`remix-serve did not start within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    output: () => output,
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once("exit", () => r()));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}

export function removeBuild(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** console errors and uncaught exceptions, with the page they came from */
  errors: string[];
  close(): Promise<void>;
}

export async function openBrowser(): Promise<BrowserSession> {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
  return {
    browser,
    context,
    page,
    errors,
    async close() {
      await context.close();
      await browser.close();
    },
  };
}

/** Opens a path and waits until React has hydrated it (the admin marks <html data-hydrated>). */
export async function open(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: "load" });
  await page.waitForSelector("html[data-hydrated='true']", { timeout: 30_000 });
}
