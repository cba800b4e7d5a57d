// BigCommerce webhooks: registration at install through the adapter, delivery by the stand-in
// with the registered custom header, and the zod parser checked against BigCommerce's own
// callback schemas and payload examples.
import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { Ajv } from "ajv";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PlatformRejectedError } from "~/platforms/errors";
import { CONSIGN_WEBHOOK_SCOPES, hasWebhookHeaders, parseBigCommerceWebhook } from "~/platforms/bigcommerce";
import { bigCommerceSpecDir } from "../../../sandbox/bigcommerce";
import { adapterFor, shopOf, specsPresent, standIn } from "./support";

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

const receivers: Server[] = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) await new Promise<void>((resolve) => r.close(() => resolve()));
});

/** Our side: a local HTTP endpoint that records each callback. */
async function receiver(): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => {
      raw += c.toString("utf8");
    });
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body: JSON.parse(raw) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receivers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

const PUBLIC = "https://consign.example.test";
const destination = `${PUBLIC}/webhooks/bigcommerce`;

describe.runIf(specsPresent)("BigCommerce webhooks", () => {
  it("registers the five hooks with the per-store secret header; registering again updates them", async () => {
    const r = await receiver();
    const s = await standIn({ resolveWebhookDestination: (d) => d.replace(PUBLIC, r.url) });
    const bc = adapterFor(s);
    const shop = shopOf(s);

    const hooks = await bc.registerWebhooks(shop, { destination, headers: { "X-Consign-Secret": "first-secret" } });
    expect(hooks.map((h) => h.scope)).toEqual([...CONSIGN_WEBHOOK_SCOPES]);
    expect([...s.store.hooks.values()].map((h) => [h.scope, h.destination, h.is_active, h.headers])).toEqual(
      CONSIGN_WEBHOOK_SCOPES.map((scope) => [scope, destination, true, { "X-Consign-Secret": "first-secret" }]),
    );

    // a reinstall or a rotated secret: BigCommerce refuses a second hook for the same scope and
    // destination, so the adapter updates the one that exists (and re-activates it)
    s.store.hook(hooks[0].id).is_active = false;
    const again = await bc.registerWebhooks(shop, { destination, headers: { "X-Consign-Secret": "second-secret" } });
    expect(again.map((h) => h.id)).toEqual(hooks.map((h) => h.id));
    expect(s.store.hooks.size).toBe(5);
    expect([...s.store.hooks.values()].every((h) => h.is_active && h.headers?.["X-Consign-Secret"] === "second-secret")).toBe(true);
    expect(s.requests.filter((q) => q.method === "POST" && q.path === "/hooks").map((q) => q.status)).toEqual([200, 200, 200, 200, 200, 422, 422, 422, 422, 422]);
    expect((await bc.listWebhooks(shop)).map((h) => h.id).sort()).toEqual(hooks.map((h) => h.id).sort());
  });

  it("delivers order and shipment events with the registered header, in the documented payload shape", async () => {
    const r = await receiver();
    const s = await standIn({ resolveWebhookDestination: (d) => d.replace(PUBLIC, r.url) });
    const bc = adapterFor(s);
    const secret = { "X-Consign-Secret": "s3cr3t-for-this-store" };
    await bc.registerWebhooks(shopOf(s), { destination, headers: secret });

    const order = s.store.createOrder({ products: [{ name: "Mug", quantity: 1 }] });
    await bc.pushShipment(
      shopOf(s),
      { platformOrderId: String(order.id) },
      { trackingNumbers: ["1Z999AA10123456784"], carrier: "UPS", trackingUrl: null, method: null, lines: [{ platformLineId: String(order.products[0].id), quantity: 1 }] },
      { notifyCustomer: true, idempotencyKey: "k" },
    );
    await s.flushWebhooks();

    expect(s.deliveries.every((d) => d.status === 200)).toBe(true);
    expect(r.received.every((x) => x.path === "/webhooks/bigcommerce")).toBe(true);
    const parsed = r.received.map((x) => {
      const headers = new Headers(Object.entries(x.headers).map(([k, v]): [string, string] => [k, String(v)]));
      expect(hasWebhookHeaders(headers, secret)).toBe(true);
      expect(hasWebhookHeaders(headers, { "X-Consign-Secret": "another-store" })).toBe(false);
      const result = parseBigCommerceWebhook(x.body);
      if (!result.ok) throw new Error(result.reason);
      return result.value;
    });
    const shipmentId = s.store.order(order.id).shipments[0].id;
    // deliveries run concurrently and BigCommerce promises no order: compare sorted by scope
    const byScope = (a: [string, unknown], b: [string, unknown]) => a[0].localeCompare(b[0]);
    const expected: [string, unknown][] = [
      ["store/order/created", { type: "order", id: order.id }],
      ["store/shipment/created", { type: "shipment", id: shipmentId, orderId: order.id }],
      ["store/order/statusUpdated", { type: "order", id: order.id, status: { previous_status_id: 11, new_status_id: 2 } }],
      ["store/order/updated", { type: "order", id: order.id }],
    ];
    expect(parsed.map((p): [string, unknown] => [p.scope, p.data]).sort(byScope)).toEqual(expected.sort(byScope));
    for (const p of parsed) {
      expect(p.storeHash).toBe(s.storeHash);
      expect(p.store_id).toBe(s.store.storeId);
      expect(p.hash).toMatch(/^[0-9a-f]{40}$/);
    }
  });

  it("only an HTTPS destination on port 443 is accepted, by the adapter and by the stand-in", async () => {
    const s = await standIn();
    const bc = adapterFor(s);
    for (const bad of ["http://consign.example.test/webhooks", "https://consign.example.test:8443/webhooks"]) {
      const error = await bc.registerWebhooks(shopOf(s), { destination: bad, headers: { "X-Consign-Secret": "x" } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PlatformRejectedError);
      expect((error as PlatformRejectedError).field).toBe("destination");
    }
    const raw = await fetch(`${s.apiBase}/stores/${s.storeHash}/v3/hooks`, {
      method: "POST",
      headers: { "X-Auth-Token": s.accessToken, Accept: "application/json", "Content-Type": "application/json" },
      body: JSON.stringify({ scope: "store/order/created", destination: "http://consign.example.test/webhooks" }),
    });
    expect(raw.status).toBe(422);
    expect(await raw.json()).toMatchObject({ status: 422, errors: { destination: expect.any(String) } });
    expect(s.store.hooks.size).toBe(0);
  });
});

describe.runIf(specsPresent)("parseBigCommerceWebhook against BigCommerce's callback schemas and examples", () => {
  const dir = bigCommerceSpecDir();
  const ajv = new Ajv({ strict: false });
  const examples = ["store_order_created", "store_order_updated", "store_order_statusUpdated", "store_shipment_created"];

  it.each(examples)("%s: the published example fits the published schema and parses", (name) => {
    const example: unknown = JSON.parse(readFileSync(join(dir, "webhook-payload-examples", `${name}.json`), "utf8"));
    const schema = parse(readFileSync(join(dir, "webhook-callback-schemas", `${name}.yml`), "utf8"));
    const scope = (example as { scope: string }).scope;
    expect(ajv.validate(schema, { [scope]: example }), JSON.stringify(ajv.errors)).toBe(true);
    const parsed = parseBigCommerceWebhook(example);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value.storeHash).toBe("{store_hash}");
  });

  it("store/app/uninstalled: the example in webhooks.v3.yml fits the schema file and parses", () => {
    // webhook-payload-examples/store_app_uninstalled.json is empty upstream; the spec's own
    // description carries the example (components.schemas.store_app_uninstalled)
    const spec = parse(readFileSync(join(dir, "webhooks.v3.yml"), "utf8"));
    const description: string = spec.components.schemas.store_app_uninstalled.description;
    const example: unknown = JSON.parse(/```json[^\n]*\n([\s\S]*?)```/.exec(description)?.[1] ?? "null");
    const schema = parse(readFileSync(join(dir, "webhook-callback-schemas", "store_app_uninstalled.yml"), "utf8"));
    expect(ajv.validate(schema, { "store/app/uninstalled": example }), JSON.stringify(ajv.errors)).toBe(true);
    const parsed = parseBigCommerceWebhook(example);
    expect(parsed).toMatchObject({ ok: true, value: { scope: "store/app/uninstalled", data: { type: "store" } } });
  });

  it("names the field when a payload is not one we handle", () => {
    const good = { scope: "store/order/created", store_id: "1025646", data: { type: "order", id: 250 }, hash: "dd70", created_at: 1561479335, producer: "stores/abc123" };
    expect(parseBigCommerceWebhook({ ...good, data: { type: "order" } })).toEqual({ ok: false, reason: expect.stringMatching(/^data\.id: /) });
    expect(parseBigCommerceWebhook({ ...good, producer: "abc123" })).toEqual({ ok: false, reason: expect.stringMatching(/^producer: /) });
    expect(parseBigCommerceWebhook({ ...good, scope: "store/cart/created" })).toEqual({ ok: false, reason: expect.stringMatching(/^scope: /) });
    expect(parseBigCommerceWebhook("not json")).toMatchObject({ ok: false });
  });
});
