import { describe, expect, it } from "vitest";
import { PluginAuthError, PluginRejectedError, PluginUnavailableError } from "~/plugins/errors";
import { shipbobPlugin } from "~/plugins/shipbob";
import { ShipBobInputError, ShipBobRejectedError } from "~/plugins/shipbob/errors";
import { samplePart, shipBobPerTest } from "./support";

const start = shipBobPerTest();

describe("ShipBob submit", () => {
  it("sends the part as a ShipBob order: reference_id, SKUs, quantities, recipient, line tags", async () => {
    const env = await start();
    const part = samplePart();
    const { clientFulfillmentId } = await env.connection.submit(part);

    const order = env.sb.orderByReference(part.fulfillmentId) as Record<string, unknown>;
    expect(String(order.id)).toBe(clientFulfillmentId);
    expect(order.channel).toEqual({ id: env.sb.channelId, name: "Consign" });
    expect(order.order_number).toBe(part.order.name);
    expect(order.products).toEqual([
      expect.objectContaining({ reference_id: "SHIRT-M", quantity: 2, external_line_id: 1, unit_price: 25 }),
      expect.objectContaining({ reference_id: "MUG-1", quantity: 3, external_line_id: 2, unit_price: 9.5 }),
      expect.objectContaining({ reference_id: "CAP-9", quantity: 1, external_line_id: 3, unit_price: null }),
    ]);
    expect(order.tags).toEqual(part.lines.map((l, i) => ({ name: `consign_line_${i + 1}`, value: l.lineId })));
    expect(order.recipient).toEqual({
      name: "Ada Lovelace",
      email: "ada@example.com",
      phone_number: "+1 312 555 0100",
      address: {
        address1: "12 Analytical Way",
        address2: "Floor 2",
        city: "Chicago",
        state: "IL",
        zip_code: "60601",
        country: "US",
      },
    });
    const post = env.sb.requests.find((r) => r.operationId === "POST /2026-01/order");
    expect(post?.status).toBe(201);
  });

  it("submitted twice, ShipBob holds one order: the 422 duplicate is reconciled by reference id", async () => {
    const env = await start();
    const part = samplePart();
    const first = await env.connection.submit(part);
    const second = await env.connection.submit(part);

    expect(second).toEqual(first);
    expect(env.sb.orders()).toHaveLength(1);
    const trail = env.sb.requests.map((r) => `${r.operationId} ${r.status}`);
    expect(trail).toEqual(["POST /2026-01/order 201", "POST /2026-01/order 422", "GET /2026-01/order 200"]);
    expect(env.sb.requests[2].query).toMatchObject({ ReferenceIds: part.fulfillmentId });
  });

  it("an answer lost after ShipBob created the order: the retry meets the duplicate and finds the order", async () => {
    const env = await start();
    env.sb.injectTimeouts(1, { when: "after", operation: "POST /2026-01/order" });
    const part = samplePart();
    const { clientFulfillmentId } = await env.connection.submit(part);

    expect(env.sb.orders()).toHaveLength(1);
    expect(String(env.sb.orderByReference(part.fulfillmentId)?.id)).toBe(clientFulfillmentId);
  });

  it("a 5xx is retried and the order is created once", async () => {
    const env = await start();
    env.sb.injectErrors(503, 2, "POST /2026-01/order");
    await env.connection.submit(samplePart());
    expect(env.sb.orders()).toHaveLength(1);
    expect(env.sb.requests.map((r) => r.status)).toEqual([503, 503, 201]);
  });

  it("ShipBob's refusal comes back as a rejection carrying ShipBob's words; nothing is created", async () => {
    const env = await start();
    env.sb.failNextSubmit({ "Recipient.Address.ZipCode": ["The zip code 60601 does not match Chicago."] });
    const error = await env.connection.submit(samplePart()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ShipBobRejectedError);
    expect(error).toBeInstanceOf(PluginRejectedError);
    expect((error as ShipBobRejectedError).retryable).toBe(false);
    expect((error as Error).message).toContain("Recipient.Address.ZipCode: The zip code 60601 does not match Chicago.");
    expect(env.sb.orders()).toHaveLength(0);
  });

  it("a line without SKU is refused before anything is sent, naming the line", async () => {
    const env = await start();
    const part = samplePart();
    part.lines[1] = { ...part.lines[1], sku: null };
    const error = await env.connection.submit(part).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ShipBobInputError);
    expect((error as Error).message).toContain(`"Mug" (line ${part.lines[1].lineId})`);
    expect(env.sb.requests).toHaveLength(0);
  });

  it("a part without ship-to address is refused before anything is sent", async () => {
    const env = await start();
    const part = samplePart();
    part.order.shipTo = null;
    await expect(env.connection.submit(part)).rejects.toThrow(/no shipping address/);
    expect(env.sb.requests).toHaveLength(0);
  });

  it("gives up after its attempts when ShipBob keeps failing, as a retryable error", async () => {
    const env = await start();
    env.sb.injectErrors(500, 5, "POST /2026-01/order");
    const error = await env.connection.submit(samplePart()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginUnavailableError);
    expect((error as PluginUnavailableError).retryable).toBe(true);
    expect(env.sb.requests).toHaveLength(3);
  });
});

describe("ShipBob verify", () => {
  it("accepts a token whose channels include the configured one", async () => {
    const env = await start();
    await expect(env.connection.verify()).resolves.toBeUndefined();
    expect(env.sb.requests.map((r) => `${r.operationId} ${r.status}`)).toEqual(["GET /2026-01/channel 200"]);
  });

  it("retries a request that never gets an answer", async () => {
    const env = await start();
    env.sb.injectTimeouts(1, { operation: "GET /2026-01/channel" });
    await expect(env.connection.verify()).resolves.toBeUndefined();
    expect(env.sb.requests.map((r) => r.status)).toEqual([null, 200]);
  });

  it("reports a ShipBob slower than the timeout as unavailable, after its attempts", async () => {
    const env = await start({ plugin: { timeoutMs: 200, maxAttempts: 2 } });
    env.sb.injectLatency(400);
    const error = await env.connection.verify().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginUnavailableError);
    expect((error as Error).message).toMatch(/no answer within 200 ms/);
    expect(env.sb.requests).toHaveLength(2);
  });

  it("refuses a token ShipBob does not know", async () => {
    const env = await start();
    const bad = env.plugin.connect({ personalAccessToken: "not-a-token", channelId: String(env.sb.channelId) }, env.ctx);
    const error = await bad.verify().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginAuthError);
    expect((error as Error).message).toMatch(/refused the personal access token/);
  });

  it("refuses a channel the token does not have, listing the ones it has", async () => {
    const env = await start();
    const bad = env.plugin.connect({ personalAccessToken: env.sb.token, channelId: "999" }, env.ctx);
    await expect(bad.verify()).rejects.toThrow(/Channel 999 is not one of this token's ShipBob channels \(4101 \(Consign\)\)/);
  });

  it("the credentials schema names the field that is wrong", () => {
    const plugin = shipbobPlugin;
    const parsed = plugin.credentials.safeParse({ personalAccessToken: "x", channelId: "abc" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([
      "channelId: The channel ID is a number",
    ]);
    expect(plugin.fields.map((f) => [f.name, f.secret])).toEqual([
      ["personalAccessToken", true],
      ["channelId", false],
    ]);
  });
});
