// The ShipBob stand-in holds every request and every answer to ShipBob's OpenAPI file.
import { afterEach, describe, expect, it } from "vitest";
import { type ShipBobStandIn, startShipBobStandIn } from "../../../sandbox/shipbob";

let sb: ShipBobStandIn | null = null;
afterEach(async () => {
  await sb?.close().catch(() => undefined);
  sb = null;
});

const validOrder = {
  reference_id: "ful_spec_1",
  shipping_method: "Standard",
  type: "DTC",
  recipient: { name: "Ada", address: { address1: "1 Main St", city: "Chicago", country: "US" } },
  products: [{ reference_id: "SHIRT-M", name: "Shirt", quantity: 1 }],
};

async function call(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  if (!sb) throw new Error("no stand-in");
  const res = await fetch(`${sb.url}${path}`, {
    method: init.method ?? "GET",
    headers: {
      authorization: `Bearer ${sb.token}`,
      shipbob_channel_id: String(sb.channelId),
      "content-type": "application/json",
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
}

describe("ShipBob stand-in spec check", () => {
  it("accepts a request the spec allows", async () => {
    sb = await startShipBobStandIn();
    expect((await call("/2026-01/order", { method: "POST", body: validOrder })).status).toBe(201);
  });

  it("rejects an order that breaks the spec with ShipBob's 400 field map, and stores nothing", async () => {
    sb = await startShipBobStandIn();
    const { recipient: _recipient, ...noRecipient } = validOrder;
    const res = await call("/2026-01/order", {
      method: "POST",
      body: { ...noRecipient, products: [{ reference_id: "SHIRT-M", name: "Shirt", quantity: 0 }] },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ recipient: ["The recipient field is required."] });
    expect(sb.orders()).toHaveLength(0);
  });

  it("rejects fields the spec does not define, a Limit over 250 and an unknown query parameter", async () => {
    sb = await startShipBobStandIn();
    const extra = await call("/2026-01/order", { method: "POST", body: { ...validOrder, priority: "high" } });
    expect(extra).toEqual({ status: 400, body: { priority: ["The field priority must NOT have additional properties."] } });
    expect((await call("/2026-01/order?Limit=251")).status).toBe(400);
    expect((await call("/2026-01/order?HasTrackingNumber=true")).status).toBe(400);
    expect(sb.orders()).toHaveLength(0);
  });

  it("rejects an order without the required shipbob_channel_id header", async () => {
    sb = await startShipBobStandIn();
    const res = await fetch(`${sb.url}/2026-01/order`, {
      method: "POST",
      headers: { authorization: `Bearer ${sb.token}`, "content-type": "application/json" },
      body: JSON.stringify(validOrder),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ shipbob_channel_id: ["The shipbob_channel_id field is required."] });
  });

  it("answers 401 with no body to a missing or wrong bearer token", async () => {
    sb = await startShipBobStandIn();
    const res = await call("/2026-01/channel", { headers: { authorization: "Bearer wrong" } });
    expect(res).toEqual({ status: 401, body: null });
  });

  it("fails loudly when an answer of its own would break the spec", async () => {
    sb = await startShipBobStandIn();
    const created = await call("/2026-01/order", { method: "POST", body: validOrder });
    const id = (created.body as { id: number }).id;
    sb.inject({ kind: "respond", operation: "GET /2026-01/order/{orderId}", status: 200, body: { id: "not-a-number" } });

    const res = await call(`/2026-01/order/${id}`);
    expect(res.status).toBe(500);
    expect(sb.specViolations).toHaveLength(1);
    await expect(sb.close()).rejects.toThrow(/violate the spec/);
    sb = null;
  });
});
