// Serves the real Remix app (every route, entry.server) over real HTTP on 127.0.0.1 for tests,
// through Vite in middleware mode: no build step, the same request handler as production.
import type { AddressInfo } from "node:net";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { createServer as createViteServer } from "vite";

export interface AppServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the app. Set process.env before calling (DATABASE_URL, SHOPIFY_*, CONSIGN_*). */
export async function startAppServer(): Promise<AppServer> {
  const vite = await createViteServer({
    server: { middlewareMode: true, hmr: false, watch: null },
    appType: "custom",
    logLevel: "error",
  });
  const app = express();
  app.disable("x-powered-by");
  app.use(vite.middlewares);
  app.all(
    "*",
    createRequestHandler({
      build: () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
    }),
  );
  const server = await new Promise<import("node:http").Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await vite.close();
    },
  };
}
