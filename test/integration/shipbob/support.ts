// Shared set-up for the ShipBob plugin tests: a stand-in, a connection to it over real HTTP, a
// sample fulfillment part, and a webhook receiver that hands requests to the plugin.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";
import { PluginWebhookRejectedError } from "~/plugins/errors";
import type { FulfillerShipment, FulfillmentPart, PluginContext } from "~/plugins/port";
import { createShipBobPlugin, type ShipBobPluginOptions } from "~/plugins/shipbob";
import { type ShipBobStandInOptions, startShipBobStandIn } from "../../../sandbox/shipbob";

/** Short timeouts and back-offs: the tests wait on real clocks. */
export const fastOptions: Partial<ShipBobPluginOptions> = { timeoutMs: 1_000, retryBaseMs: 20, maxAttempts: 3 };

export async function setup(
  opts: { standIn?: ShipBobStandInOptions; plugin?: Partial<ShipBobPluginOptions>; ctx?: Partial<PluginContext> } = {},
) {
  const sb = await startShipBobStandIn(opts.standIn);
  const plugin = createShipBobPlugin({ ...fastOptions, ...opts.plugin });
  const ctx: PluginContext = {
    connectionId: "conn_shipbob_1",
    shopId: "shop_1",
    fetch: globalThis.fetch,
    baseUrl: sb.url,
    appUrl: "http://127.0.0.1:9/consign",
    webhookSecret: "per-connection-secret-0123456789",
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => new Date(),
    ...opts.ctx,
  };
  const credentials = plugin.credentials.parse({ personalAccessToken: sb.token, channelId: String(sb.channelId) });
  const connection = plugin.connect(credentials, ctx);
  return { sb, plugin, ctx, credentials, connection };
}

export type ShipBobEnv = Awaited<ReturnType<typeof setup>>;

/** `setup` for a test file: whatever a test starts is closed after it (failing on spec violations). */
export function shipBobPerTest() {
  let current: ShipBobEnv | null = null;
  afterEach(async () => {
    const env = current;
    current = null;
    await env?.sb.close();
  });
  return async (opts: Parameters<typeof setup>[0] = {}) => {
    current = await setup(opts);
    return current;
  };
}

let counter = 0;

/** Our part of an order: a shirt ×2, a mug ×3 and a cap ×1, each line with its own id and SKU. */
export function samplePart(overrides: Partial<FulfillmentPart> = {}): FulfillmentPart {
  counter++;
  return {
    fulfillmentId: `ful_${Date.now().toString(36)}_${counter}`,
    order: {
      id: `ord_${counter}`,
      platformOrderId: `gid://shopify/Order/${1000 + counter}`,
      name: `#${1000 + counter}`,
      placedAt: "2026-01-15T10:00:00.000Z",
      customerEmail: "ada@example.com",
      shipTo: {
        name: "Ada Lovelace",
        company: null,
        address1: "12 Analytical Way",
        address2: "Floor 2",
        city: "Chicago",
        province: "Illinois",
        provinceCode: "IL",
        zip: "60601",
        country: "United States",
        countryCode: "US",
        phone: "+1 312 555 0100",
        email: null,
      },
    },
    lines: [
      { lineId: `line_shirt_${counter}`, sku: "SHIRT-M", title: "Shirt (M)", quantity: 2, unitPrice: "25.00" },
      { lineId: `line_mug_${counter}`, sku: "MUG-1", title: "Mug", quantity: 3, unitPrice: "9.50" },
      { lineId: `line_cap_${counter}`, sku: "CAP-9", title: "Cap", quantity: 1, unitPrice: null },
    ],
    ...overrides,
  };
}

/** Shipments in a stable order, for comparing two reports of the same packages. */
export function sorted(shipments: FulfillerShipment[]): FulfillerShipment[] {
  return [...shipments]
    .map((s) => ({ ...s, lines: [...s.lines].sort((a, b) => String(a.sku).localeCompare(String(b.sku))) }))
    .sort((a, b) => a.fulfillerShipmentId.localeCompare(b.fulfillerShipmentId));
}

export interface Received {
  status: number;
  shipments?: FulfillerShipment[];
  error?: unknown;
}

/** A node:http server that turns each request into a fetch Request and hands it to `handle`. */
export async function startWebhookReceiver() {
  let handle: (request: Request) => Promise<FulfillerShipment[]> = async () => [];
  const received: Received[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers,
      body: Buffer.concat(chunks),
    });
    try {
      const shipments = await handle(request);
      received.push({ status: 200, shipments });
      res.writeHead(200).end();
    } catch (error) {
      const status = error instanceof PluginWebhookRejectedError ? error.httpStatus : 500;
      received.push({ status, error });
      res.writeHead(status).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    onRequest(fn: (request: Request) => Promise<FulfillerShipment[]>) {
      handle = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
