import { afterEach, describe, expect, it } from "vitest";
import { PluginWebhookRejectedError } from "~/plugins/errors";
import { samplePart, sorted, startWebhookReceiver, shipBobPerTest } from "./support";

const start = shipBobPerTest();
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>> | null = null;
afterEach(async () => {
  await receiver?.close();
  receiver = null;
});

async function subscribed(ctxNow?: () => Date) {
  receiver = await startWebhookReceiver();
  const env = await start({ ctx: { appUrl: `${receiver.url}/app`, ...(ctxNow ? { now: ctxNow } : {}) } });
  const { connection } = env;
  receiver.onRequest((request) => connection.webhook(request));
  await connection.subscribeWebhooks();
  return { env, receiver };
}

describe("ShipBob webhooks", () => {
  it("subscribes once to order.shipped and the shipment topics, signed with this connection's secret", async () => {
    const { env } = await subscribed();
    await env.connection.subscribeWebhooks(); // again: still one subscription
    const subs = env.sb.webhookSubscriptions();
    expect(subs).toHaveLength(1);
    expect(subs[0]).toMatchObject({
      url: `${receiver?.url}/app/webhooks/fulfillers/shipbob/conn_shipbob_1`,
      topics: [
        "order.shipped",
        "order.shipment.delivered",
        "order.shipment.exception",
        "order.shipment.on_hold",
        "order.shipment.cancelled",
      ],
      secret: env.connection.webhookSigningSecret(),
    });
    expect(subs[0].secret).toMatch(/^whsec_[a-zA-Z0-9+/]{32}$/);

    await env.connection.unsubscribeWebhooks();
    expect(env.sb.webhookSubscriptions()).toHaveLength(0);
  });

  it("order.shipped yields the same shipments as the poll, read back from the API", async () => {
    const { env, receiver } = await subscribed();
    const part = samplePart();
    const { clientFulfillmentId } = await env.connection.submit(part);
    env.sb.shipOrder(Number(clientFulfillmentId), {
      packages: [
        { items: [{ referenceId: "SHIRT-M", quantity: 2 }] },
        {
          items: [
            { referenceId: "MUG-1", quantity: 3 },
            { referenceId: "CAP-9", quantity: 1 },
          ],
        },
      ],
    });

    const deliveries = await env.sb.sendWebhook({ topic: "order.shipped", orderId: Number(clientFulfillmentId) });
    expect(deliveries.map((d) => d.status)).toEqual([200]);
    const fromWebhook = receiver.received[0].shipments ?? [];
    expect(fromWebhook).toHaveLength(2);
    expect(env.sb.requests.at(-1)).toMatchObject({ operationId: "GET /2026-01/order/{orderId}", status: 200 });

    const fromPoll = await env.connection.shipmentsSince(null);
    expect(sorted(fromWebhook)).toEqual(sorted(fromPoll.shipments));
  });

  it("order.shipment.cancelled yields that shipment, cancelled", async () => {
    const { env, receiver } = await subscribed();
    const { clientFulfillmentId } = await env.connection.submit(samplePart());
    const [shipped] = env.sb.shipOrder(Number(clientFulfillmentId));
    env.sb.cancelShipment(Number(shipped.id));

    await env.sb.sendWebhook({ topic: "order.shipment.cancelled", shipmentId: Number(shipped.id) });
    expect(receiver.received).toEqual([
      {
        status: 200,
        shipments: [expect.objectContaining({ fulfillerShipmentId: String(shipped.id), cancelled: true })],
      },
    ]);
  });

  it("rejects a body changed after signing, without asking ShipBob anything", async () => {
    const { env, receiver } = await subscribed();
    const { clientFulfillmentId } = await env.connection.submit(samplePart());
    env.sb.shipOrder(Number(clientFulfillmentId));
    const before = env.sb.requests.length;

    const deliveries = await env.sb.sendWebhook({ topic: "order.shipped", orderId: Number(clientFulfillmentId), tamper: true });
    expect(deliveries.map((d) => d.status)).toEqual([401]);
    expect(receiver.received[0].error).toBeInstanceOf(PluginWebhookRejectedError);
    expect(env.sb.requests).toHaveLength(before);
  });

  it("rejects a webhook signed with another secret", async () => {
    const { env, receiver } = await subscribed();
    const { clientFulfillmentId } = await env.connection.submit(samplePart());
    env.sb.shipOrder(Number(clientFulfillmentId));
    const deliveries = await env.sb.sendWebhook({
      topic: "order.shipped",
      orderId: Number(clientFulfillmentId),
      url: `${receiver.url}/app/webhooks/fulfillers/shipbob/conn_shipbob_1`,
      secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    });
    expect(deliveries.map((d) => d.status)).toEqual([401]);
    expect(String(receiver.received[0].error)).toMatch(/signature does not match/);
  });

  it("rejects a webhook whose timestamp is more than five minutes off", async () => {
    const { env, receiver } = await subscribed(() => new Date(Date.now() + 6 * 60_000));
    const { clientFulfillmentId } = await env.connection.submit(samplePart());
    env.sb.shipOrder(Number(clientFulfillmentId));
    const deliveries = await env.sb.sendWebhook({ topic: "order.shipped", orderId: Number(clientFulfillmentId) });
    expect(deliveries.map((d) => d.status)).toEqual([401]);
    expect(String(receiver.received[0].error)).toMatch(/timestamp/);
  });
});
