// Webhook deliveries of the Shopify stand-in to a receiving app over HTTP: Shopify's headers, the
// HMAC of the raw body, automatic orders/create and orders/updated, retries with the same id.
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ShopifyStandIn, startShopifyStandIn } from "../../../sandbox/shopify";
import { graphql, makeOrder } from "./support";

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let receiver: Server;
let receiverUrl: string;
let received: Received[] = [];
/** answers for the next requests (default 200) */
let answers: number[] = [];
let standIn: ShopifyStandIn;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(answers.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  standIn = await startShopifyStandIn({
    apiSecret: "webhook-test-secret",
    webhooks: { url: (topic) => `${receiverUrl}/webhooks/${topic}`, retryDelayMs: 10, retries: 3 },
  });
});
afterAll(async () => {
  await standIn.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});
beforeEach(async () => {
  await standIn.webhooksSettled();
  received = [];
  answers = [];
});

const hmac = (body: string) => createHmac("sha256", "webhook-test-secret").update(body, "utf8").digest("base64");

describe("webhooks", () => {
  it("sends orders/create with Shopify's headers and a valid HMAC of the raw body", async () => {
    const { order, lineIds } = makeOrder(standIn, [{ sku: "W-1", quantity: 2 }]);
    await standIn.webhooksSettled();
    const create = received.find((r) => r.headers["x-shopify-topic"] === "orders/create");
    expect(create).toBeDefined();
    expect(create!.path).toBe("/webhooks/orders/create");
    expect(create!.headers).toMatchObject({
      "content-type": "application/json",
      "x-shopify-shop-domain": standIn.shop,
      "x-shopify-api-version": "2026-10",
      "x-shopify-webhook-id": expect.stringMatching(/^[0-9a-f-]{36}$/),
      "x-shopify-event-id": expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(Number.isNaN(Date.parse(String(create!.headers["x-shopify-triggered-at"])))).toBe(false);
    expect(create!.headers["x-shopify-hmac-sha256"]).toBe(hmac(create!.body));
    const payload = JSON.parse(create!.body) as {
      admin_graphql_api_id: string;
      name: string;
      email: string;
      line_items: { admin_graphql_api_id: string; quantity: number; current_quantity: number; sku: string; variant_id: number }[];
    };
    expect(payload).toMatchObject({ admin_graphql_api_id: order.id, name: order.name, email: "buyer@example.com" });
    expect(payload.line_items).toEqual([expect.objectContaining({ admin_graphql_api_id: lineIds[0], quantity: 2, current_quantity: 2, sku: "W-1" })]);
  });

  it("sends orders/updated when the order is fulfilled through the API", async () => {
    const { order } = makeOrder(standIn, [{ sku: "W-2", quantity: 1 }]);
    await graphql(standIn, `mutation F($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { userErrors { message } } }`, {
      f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: order.fulfillmentOrders[0]!.id }], trackingInfo: { company: "USPS", numbers: ["9400111899223197428490"] } },
    });
    await standIn.webhooksSettled();
    const updated = received.filter((r) => r.headers["x-shopify-topic"] === "orders/updated").map((r) => JSON.parse(r.body));
    expect(updated.at(-1)).toMatchObject({
      admin_graphql_api_id: order.id,
      fulfillment_status: "fulfilled",
      fulfillments: [{ status: "success", tracking_company: "USPS", tracking_numbers: ["9400111899223197428490"] }],
    });
  });

  it("retries a failed delivery with the same webhook id until the app answers 2xx", async () => {
    answers = [500, 503];
    const delivery = await standIn.deliverWebhook("app/uninstalled", { id: 1, domain: standIn.shop });
    expect(delivery.delivered).toBe(true);
    expect(delivery.attempts.map((a) => a.status)).toEqual([500, 503, 200]);
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.headers["x-shopify-webhook-id"])).size).toBe(1);
    for (const r of received) expect(r.headers["x-shopify-hmac-sha256"]).toBe(hmac(r.body));
  });

  it("gives up after the configured retries and says so", async () => {
    answers = [500, 500, 500, 500, 500];
    const delivery = await standIn.deliverWebhook("shop/redact", { shop_domain: standIn.shop }, { url: `${receiverUrl}/other` });
    expect(delivery.delivered).toBe(false);
    expect(delivery.attempts).toHaveLength(4);
    expect(received.every((r) => r.path === "/other")).toBe(true);
  });
});
