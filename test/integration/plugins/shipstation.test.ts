// The ShipStation V1 plugin against the local stand-in, over real HTTP.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  PluginAuthError,
  PluginRejectedError,
  PluginUnavailableError,
  PluginWebhookRejectedError,
} from "~/plugins/errors";
import type { FulfillerShipment, FulfillmentPart, PluginConnection, PluginContext } from "~/plugins/port";
import { createShipStationPlugin } from "~/plugins/shipstation";
import { type ShipStationStandIn, startShipStationStandIn } from "../../../sandbox/shipstation";

const plugin = createShipStationPlugin({ timeoutMs: 400, retryBaseMs: 20, pageSize: 2 });

let standIn: ShipStationStandIn;
const servers: Server[] = [];

beforeEach(async () => {
  standIn = await startShipStationStandIn({ apiKey: "key-123", apiSecret: "secret-456" });
});
afterEach(async () => {
  await standIn.close();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

function context(overrides: Partial<PluginContext> = {}): PluginContext {
  return {
    connectionId: "conn_1",
    shopId: "shop_1",
    fetch: (input, init) => fetch(input, init),
    baseUrl: standIn.url,
    appUrl: "http://127.0.0.1:1",
    webhookSecret: "hook-secret-abc",
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    now: () => new Date(),
    ...overrides,
  };
}

function client(overrides: Partial<PluginContext> = {}, creds = { apiKey: "key-123", apiSecret: "secret-456" }) {
  return plugin.connect(creds, context(overrides));
}

function part(fulfillmentId = "ful_1", name = "#1001"): FulfillmentPart {
  return {
    fulfillmentId,
    order: {
      id: "ord_1",
      platformOrderId: "5001",
      name,
      placedAt: "2026-01-15T18:00:00.000Z",
      customerEmail: "buyer@example.com",
      shipTo: {
        name: "Ada Buyer",
        address1: "1 Main St",
        address2: "Apt 2",
        city: "Austin",
        provinceCode: "TX",
        zip: "78701",
        countryCode: "US",
        phone: "5125550100",
      },
    },
    lines: [
      { lineId: "line_a", sku: "MUG", title: "Mug", quantity: 2, unitPrice: "12.50" },
      { lineId: "line_b", sku: "TEE", title: "Tee", quantity: 1, unitPrice: "20.00" },
    ],
  };
}

const byId = (list: FulfillerShipment[]) => [...list].sort((a, b) => a.fulfillerShipmentId.localeCompare(b.fulfillerShipmentId));

async function drain(c: PluginConnection, cursor: string | null = null) {
  const all: FulfillerShipment[] = [];
  for (;;) {
    const page = await c.shipmentsSince(cursor);
    all.push(...page.shipments);
    cursor = page.cursor;
    if (!page.hasMore) return { shipments: all, cursor };
  }
}

describe("ShipStation submit", () => {
  it("upserts by orderKey: submitting twice leaves one order there, with our ids", async () => {
    const c = client();
    const first = await c.submit(part());
    const second = await c.submit(part());
    expect(second.clientFulfillmentId).toBe(first.clientFulfillmentId);
    expect(standIn.orders()).toHaveLength(1);
    const order = standIn.orders()[0];
    expect(String(order.orderId)).toBe(first.clientFulfillmentId);
    expect(order).toMatchObject({
      orderKey: "ful_1",
      orderNumber: "#1001",
      orderStatus: "awaiting_shipment",
      orderDate: "2026-01-15T10:00:00.0000000", // Pacific time, as V1 expects
      shipTo: { name: "Ada Buyer", street1: "1 Main St", city: "Austin", state: "TX", postalCode: "78701", country: "US" },
      billTo: { name: "Ada Buyer" },
    });
    expect(order.items.map((i) => [i.lineItemKey, i.sku, i.quantity, i.name])).toEqual([
      ["line_a", "MUG", 2, "Mug"],
      ["line_b", "TEE", 1, "Tee"],
    ]);
    const calls = standIn.requests.filter((r) => r.path === "/orders/createorder");
    expect(calls.every((r) => r.status === 200)).toBe(true);
  });

  it("retries a 5xx and a lost response without creating a second order", async () => {
    const c = client();
    standIn.injectFault({ type: "status", status: 503, path: "/orders/createorder" });
    await c.submit(part("ful_a"));
    standIn.injectFault({ type: "timeout", afterHandling: true, path: "/orders/createorder" });
    await c.submit(part("ful_b", "#1002"));
    expect(standIn.orders().map((o) => o.orderKey).sort()).toEqual(["ful_a", "ful_b"]);
    expect(standIn.requests.filter((r) => r.path === "/orders/createorder")).toHaveLength(4);
  });

  it("gives up on a slow or silent answer after its timeout, tries again, and then reports it", async () => {
    const c = client();
    standIn.injectFault({ type: "latency", ms: 600, path: "/accounts/listtags" });
    await c.verify(); // the first try times out (400 ms), the second answers
    expect(standIn.requests.filter((r) => r.path === "/accounts/listtags")).toHaveLength(2);

    standIn.injectFault({ type: "timeout", times: 3, path: "/orders/createorder" });
    const error = await c.submit(part()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginUnavailableError);
    expect((error as Error).message).toMatch(/no answer within 400 ms/);
    expect(standIn.orders()).toHaveLength(0);
  });

  it("reports the vendor's refusal with its message", async () => {
    standIn.failNextSubmit("Please use a 2 character country code");
    const error = await client().submit(part()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginRejectedError);
    expect((error as Error).message).toContain("Please use a 2 character country code");
    expect(standIn.orders()).toHaveLength(0);
  });

  it("cancels by re-posting the whole order as cancelled, and refuses once it shipped", async () => {
    const c = client();
    const { clientFulfillmentId } = await c.submit(part());
    await c.cancel({ fulfillmentId: "ful_1", clientFulfillmentId });
    await c.cancel({ fulfillmentId: "ful_1", clientFulfillmentId }); // again: nothing more to do
    expect(standIn.orders()).toHaveLength(1);
    expect(standIn.order("ful_1")).toMatchObject({ orderStatus: "cancelled", orderNumber: "#1001" });
    expect(standIn.order("ful_1")?.items).toHaveLength(2);

    const other = await c.submit(part("ful_2", "#1002"));
    await standIn.shipOrder("ful_2");
    await expect(c.cancel({ fulfillmentId: "ful_2", clientFulfillmentId: other.clientFulfillmentId })).rejects.toThrow(
      /already shipped/,
    );
  });
});

describe("ShipStation verify", () => {
  it("accepts the right key pair and names the refusal of a wrong one", async () => {
    await client().verify();
    const error = await client({}, { apiKey: "key-123", apiSecret: "wrong" }).verify().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginAuthError);
    expect((error as Error).message).toMatch(/refused the API key and secret .*Authorization has been denied/);
    expect(standIn.requests.at(-1)).toMatchObject({ path: "/accounts/listtags", status: 401 });
  });
});

describe("ShipStation shipmentsSince", () => {
  it("maps a split shipment: two labels, their items by our line ids, one tracking number each", async () => {
    const c = client();
    const { clientFulfillmentId } = await c.submit(part());
    await standIn.shipOrder("ful_1", [
      { items: [{ lineItemKey: "line_a", quantity: 1 }, { lineItemKey: "line_b", quantity: 1 }], trackingNumber: "9400111899223197428490", carrierCode: "stamps_com" },
      { items: [{ lineItemKey: "line_a", quantity: 1 }] },
    ]);
    const { shipments, cursor } = await drain(c);
    expect(shipments).toHaveLength(2);
    const [usps, ups] = [...shipments].sort((a, b) => (a.carrier ?? "").localeCompare(b.carrier ?? "")).reverse();
    expect(usps).toMatchObject({
      fulfillmentId: "ful_1",
      clientFulfillmentId,
      trackingNumbers: ["9400111899223197428490"],
      carrier: "USPS",
      method: "usps_priority_mail",
      cancelled: false,
      lines: [
        { lineId: "line_a", sku: "MUG", quantity: 1 },
        { lineId: "line_b", sku: "TEE", quantity: 1 },
      ],
    });
    expect(ups).toMatchObject({ carrier: "UPS", lines: [{ lineId: "line_a", quantity: 1 }], cancelled: false });
    expect(ups.trackingNumbers[0]).toMatch(/^1Z/);
    expect(standIn.order("ful_1")?.orderStatus).toBe("shipped");
    expect(new Date(usps.shippedAt ?? "").getTime()).toBeGreaterThan(Date.now() - 60_000);

    // The labels were read with their items, paged (pageSize 2), from a Pacific-time start.
    const listCall = standIn.requests.find((r) => r.path === "/shipments" && r.query.includes("createDateStart"));
    expect(listCall?.query).toContain("includeShipmentItems=true");

    // A later shipment shows up after the cursor; the overlap may replay, never lose.
    const later = await c.submit(part("ful_2", "#1002"));
    await standIn.shipOrder("ful_2");
    const next = await drain(c, cursor);
    expect(next.shipments.filter((s) => s.fulfillmentId === "ful_2")).toHaveLength(1);
    expect(next.shipments.find((s) => s.fulfillmentId === "ful_2")?.clientFulfillmentId).toBe(later.clientFulfillmentId);
  });

  it("reports a shipment voided after an earlier poll as cancelled", async () => {
    const c = client();
    await c.submit(part());
    const { shipments: labels } = await standIn.shipOrder("ful_1");
    const first = await drain(c);
    expect(first.shipments.map((s) => s.cancelled)).toEqual([false]);

    standIn.voidShipment(labels[0].shipmentId);
    const second = await drain(c, first.cursor);
    const voided = second.shipments.find((s) => s.fulfillerShipmentId === first.shipments[0].fulfillerShipmentId);
    expect(voided).toMatchObject({ cancelled: true, trackingNumbers: first.shipments[0].trackingNumbers });
    expect(standIn.order("ful_1")?.orderStatus).toBe("awaiting_shipment");
  });

  it("finds orders marked shipped outside ShipStation's labels through /fulfillments", async () => {
    const c = client();
    await c.submit(part());
    standIn.markShipped("ful_1", { trackingNumber: "1Z1W2Y3H0300000019", carrierCode: "ups" });
    const { shipments } = await drain(c);
    expect(shipments).toEqual([
      expect.objectContaining({
        fulfillmentId: "ful_1",
        trackingNumbers: ["1Z1W2Y3H0300000019"],
        carrier: "UPS",
        cancelled: false,
        lines: [
          { lineId: "line_a", sku: "MUG", quantity: 2 },
          { lineId: "line_b", sku: "TEE", quantity: 1 },
        ],
      }),
    ]);
    expect(shipments[0].fulfillerShipmentId).toMatch(/^fulfillment:/);
  });
});

describe("ShipStation SHIP_NOTIFY", () => {
  async function receiver(c: PluginConnection) {
    const received: { status: number; shipments: FulfillerShipment[]; error?: unknown }[] = [];
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const request = new Request(`http://127.0.0.1${req.url}`, {
        method: "POST",
        headers: { "content-type": String(req.headers["content-type"] ?? "") },
        body: Buffer.concat(chunks),
      });
      try {
        received.push({ status: 200, shipments: await c.webhook!(request) });
        res.writeHead(200).end();
      } catch (error) {
        const status = error instanceof PluginWebhookRejectedError ? error.httpStatus : 500;
        received.push({ status, shipments: [], error });
        res.writeHead(status).end();
      }
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
  }

  it("registers its target with the secret, and a notification yields the shipments the poll finds", async () => {
    let c = client();
    const hook = await receiver({ webhook: (r) => c.webhook!(r) } as PluginConnection);
    c = client({ appUrl: hook.url });
    await c.subscribeWebhooks!();
    await c.subscribeWebhooks!(); // idempotent
    expect(standIn.webhooks()).toEqual([
      expect.objectContaining({
        HookType: "SHIP_NOTIFY",
        Url: `${hook.url}/webhooks/fulfillers/shipstation/conn_1?secret=hook-secret-abc`,
      }),
    ]);

    await c.submit(part());
    const shipped = await standIn.shipOrder("ful_1", [
      { items: [{ lineItemKey: "line_a", quantity: 2 }] },
      { items: [{ lineItemKey: "line_b", quantity: 1 }] },
    ]);
    expect(shipped.deliveries.map((d) => d.status)).toEqual([200]);
    expect(hook.received).toHaveLength(1);
    const { shipments: polled } = await drain(c);
    expect(byId(hook.received[0].shipments)).toEqual(byId(polled));
    expect(polled).toHaveLength(2);

    await c.unsubscribeWebhooks!();
    expect(standIn.webhooks()).toEqual([]);
  });

  it("refuses a wrong secret, and never sends credentials to a host other than ShipStation's", async () => {
    const c = client();
    const hook = await receiver(c);
    await c.submit(part());
    const { batchId, resourceUrl } = await standIn.shipOrder("ful_1", undefined, { notify: false });

    const wrong = await standIn.sendShipNotify(`${hook.url}/webhooks/fulfillers/shipstation/conn_1?secret=nope`, { batchId });
    expect(wrong.status).toBe(401);

    const seen: (string | undefined)[] = [];
    const foreign = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, { "content-type": "application/json" }).end('{"shipments":[],"total":0,"page":1,"pages":0}');
    });
    servers.push(foreign);
    await new Promise<void>((r) => foreign.listen(0, "127.0.0.1", r));
    const foreignUrl = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}/shipments?batchId=${batchId}`;
    const forged = await standIn.sendShipNotify(`${hook.url}/x?secret=hook-secret-abc`, { resourceUrl: foreignUrl });
    expect(forged.status).toBe(403);
    expect(seen).toEqual([]);

    const good = await standIn.sendShipNotify(`${hook.url}/x?secret=hook-secret-abc`, { resourceUrl });
    expect(good.status).toBe(200);
    expect(hook.received.at(-1)?.shipments).toHaveLength(1);
  });
});

describe("ShipStation rate limit", () => {
  it("waits out a storm of requests instead of failing or dropping any", async () => {
    standIn.setRateLimit({ limit: 5, windowMs: 1000 });
    const c = client();
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => c.submit(part(`ful_${i}`, `#${2000 + i}`))));
    expect(new Set(results.map((r) => r.clientFulfillmentId)).size).toBe(12);
    expect(standIn.orders()).toHaveLength(12);
    // 12 requests at 5 per window need at least two more windows.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(standIn.requests.filter((r) => r.status === 429)).toHaveLength(0);
  });

  it("on a 429 waits the seconds the server names, then sends the same request again", async () => {
    standIn.setRateLimit({ limit: 2, windowMs: 1000 });
    const auth = `Basic ${Buffer.from("key-123:secret-456").toString("base64")}`;
    // Another process with the same key uses up the window.
    for (let i = 0; i < 2; i++) await fetch(`${standIn.url}/accounts/listtags`, { headers: { authorization: auth } });
    await client().submit(part());
    const statuses = standIn.requests.filter((r) => r.path === "/orders/createorder").map((r) => r.status);
    expect(statuses).toEqual([429, 200]);
    expect(standIn.orders()).toHaveLength(1);
  });
});
