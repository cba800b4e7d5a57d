// Fuzzed requests over HTTP (fast-check, about three thousand in all): whatever a house sends,
// the API never answers 500, every answer is one the OpenAPI document describes, and a refused
// request (any 4xx) changes no data at all.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STATUSES } from "~/fulfillment/types";
import {
  type ApiWorld,
  type Contract,
  type House,
  houseClient,
  line,
  loadContract,
  order,
  placeOrder,
  type SeededShop,
  seedShop,
  startApiWorld,
} from "./support";

let w: ApiWorld;
let contract: Contract;
let a: SeededShop;
let house: House;
/** fulfillment ids the generators aim at: shop A's in several states, one of shop B's */
const targets: string[] = [];
/** shop A's order line ids and SKUs, so that some generated shipments are valid */
const lineIds: string[] = [];
const skus: string[] = [];

beforeAll(async () => {
  w = await startApiWorld({ CONSIGN_API_RATE_LIMIT: "100000" });
  a = await seedShop(w.ctx, "fuzz-a.myshopify.com");
  const b = await seedShop(w.ctx, "fuzz-b.myshopify.com");
  for (let n = 1; n <= 4; n++) {
    const id = await placeOrder(w.ctx, a, order(`F-${n}`, [line(`F-${n}-1`, "P-1", 3, `FZ-${n}A`), line(`F-${n}-2`, "P-2", 2, `FZ-${n}B`)]));
    targets.push(id);
    const lines = await w.t.db.fulfillmentLine.findMany({ where: { fulfillmentId: id }, include: { orderLine: true } });
    lineIds.push(...lines.map((l) => l.orderLineId));
    skus.push(...lines.map((l) => l.orderLine.sku ?? ""));
  }
  targets.push(await placeOrder(w.ctx, b, order("F-B", [line("F-B-1", "P-1", 1)])));
  house = houseClient(w.app.url, a.key);
  contract = await loadContract(w.app.url);
});

afterAll(async () => {
  await w?.close();
});

/** Every column an API call could change, in one query: equal before and after means nothing changed. */
async function fingerprint(): Promise<unknown> {
  return w.t.db.$queryRawUnsafe(`SELECT
    (SELECT group_concat(id || '|' || status || '|' || updatedAt || '|' || ifnull(clientFulfillmentId, '') || '|' ||
      ifnull(failureReason, '') || '|' || ifnull(rmaNumber, ''), ';') FROM "Fulfillment") AS f,
    (SELECT group_concat(id || '|' || state || '|' || updatedAt || '|' || trackingNumbers, ';') FROM "Shipment") AS s,
    (SELECT group_concat(id || '|' || quantity, ';') FROM "ShipmentLine") AS sl,
    (SELECT group_concat(id || '|' || state || '|' || ifnull(payload, ''), ';') FROM "PushIntent") AS p,
    (SELECT group_concat(id, ';') FROM "TimelineEvent") AS t,
    (SELECT group_concat(id || '|' || updatedAt || '|' || shipmentState, ';') FROM "Order") AS o`);
}

/** One of the values set up in beforeAll (read when a case is made, after setup). */
const oneOf = (values: readonly string[]) => fc.nat({ max: 99 }).map((i) => values[i % values.length]);

const target = fc.oneof(
  { weight: 8, arbitrary: oneOf(targets) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/) },
);

/** A JSON body: mostly near the real shape, sometimes anything at all, sometimes not JSON. */
function body(nearly: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: nearly },
    { weight: 2, arbitrary: fc.jsonValue() },
    { weight: 1, arbitrary: fc.string().map((text) => ({ __raw: text })) },
  );
}

const text = fc.oneof(fc.string({ maxLength: 30 }), fc.constant(""), fc.constant("  "), fc.string({ minLength: 95, maxLength: 130 }));
const junk = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.double(), fc.array(fc.integer(), { maxLength: 2 }));

const shipmentLine = fc.record(
  {
    lineId: fc.oneof(oneOf(lineIds), text, junk),
    sku: fc.oneof(oneOf(skus), text, junk),
    quantity: fc.oneof(fc.integer({ min: -2, max: 4 }), fc.double({ min: 0, max: 5 }), fc.string({ maxLength: 3 }), fc.constant(100_001)),
    extra: junk,
  },
  { requiredKeys: [] },
);

const nearShipment = fc.record(
  {
    reference: fc.oneof(text, junk),
    trackingNumbers: fc.oneof(fc.array(fc.oneof(text, fc.constantFrom("1Z999AA10123456784", "9400111899223197428490")), { maxLength: 3 }), junk),
    carrier: fc.oneof(text, junk),
    method: text,
    trackingUrl: fc.oneof(fc.webUrl(), text, fc.constant("ftp://example.com/x")),
    shippedAt: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), text),
    lines: fc.oneof(fc.array(shipmentLine, { maxLength: 3 }), junk),
    unknown: junk,
  },
  { requiredKeys: [] },
);

/** Some shipment lines point at real lines or SKUs, so that accepted, duplicate and over-covering shipments occur too. */
const realisticShipment = fc.record({
  trackingNumbers: fc.array(fc.constantFrom("1Z999AA10123456784", "9400111899223197428490", "T-1"), { maxLength: 2 }),
  lines: fc.array(
    fc.oneof(
      fc.record({ lineId: oneOf(lineIds), quantity: fc.integer({ min: 0, max: 4 }) }),
      fc.record({ sku: oneOf(skus), quantity: fc.integer({ min: 1, max: 4 }) }),
    ),
    { minLength: 1, maxLength: 3 },
  ),
});

const nearStatus = fc.record(
  {
    status: fc.oneof(fc.constantFrom(...STATUSES, "NEW", "cancelled"), junk),
    reason: fc.oneof(text, junk),
    rmaNumber: fc.oneof(text, junk),
    note: junk,
  },
  { requiredKeys: [] },
);

const nearAck = fc.record({ reference: fc.oneof(text, junk), other: junk }, { requiredKeys: [] });

async function send(method: string, path: string, payload: unknown) {
  if (payload && typeof payload === "object" && "__raw" in payload) {
    return house(method, path, String((payload as { __raw: string }).__raw));
  }
  return house(method, path, payload);
}

/** The property every request must keep. */
async function holds(template: string, method: string, path: string, payload?: unknown): Promise<void> {
  const before = await fingerprint();
  const answer = await send(method, path, payload);
  expect(answer.status, `${method} ${path} ${JSON.stringify(payload)?.slice(0, 300)}`).toBeLessThan(500);
  contract.check(template, method, answer);
  if (answer.status >= 400) expect(await fingerprint(), `${answer.status} ${JSON.stringify(answer.body)}`).toEqual(before);
}

const runs = (n: number) => ({ numRuns: n, endOnFailure: true });
/** a few milliseconds a case on an idle machine; generous for a loaded one */
const FUZZ_TIMEOUT_MS = 240_000;

describe("fuzzed requests never fail the server and, when refused, change nothing", () => {
  it("POST /fulfillments/{id}/shipments", async () => {
    await fc.assert(
      fc.asyncProperty(target, fc.oneof(body(nearShipment), realisticShipment), (id, payload) =>
        holds("/api/v1/fulfillments/{id}/shipments", "POST", `/api/v1/fulfillments/${id}/shipments`, payload),
      ),
      runs(800),
    );
    // the generators reached the interesting answers, not only 400s
    const shipped = await w.t.db.shipment.count({ where: { shopId: a.shopId } });
    expect(shipped).toBeGreaterThan(0);
  }, FUZZ_TIMEOUT_MS);

  it("POST /fulfillments/{id}/status", async () => {
    await fc.assert(
      fc.asyncProperty(target, body(nearStatus), (id, payload) =>
        holds("/api/v1/fulfillments/{id}/status", "POST", `/api/v1/fulfillments/${id}/status`, payload),
      ),
      runs(500),
    );
  }, FUZZ_TIMEOUT_MS);

  it("POST /fulfillments/{id}/acknowledge", async () => {
    await fc.assert(
      fc.asyncProperty(target, body(nearAck), (id, payload) =>
        holds("/api/v1/fulfillments/{id}/acknowledge", "POST", `/api/v1/fulfillments/${id}/acknowledge`, payload),
      ),
      runs(500),
    );
  }, FUZZ_TIMEOUT_MS);

  it("GET /orders with any query", async () => {
    const params = fc.array(
      fc.tuple(fc.constantFrom("status", "limit", "cursor", "updatedSince", "orderId", "page"), fc.oneof(text, fc.constantFrom("NEW", "ALL", "HOLD,PENDING", "200", "1"))),
      { maxLength: 4 },
    );
    await fc.assert(
      fc.asyncProperty(params, (pairs) => holds("/api/v1/orders", "GET", `/api/v1/orders?${new URLSearchParams(pairs)}`)),
      runs(400),
    );
  }, FUZZ_TIMEOUT_MS);

  it("any Authorization header but the key: 401, nothing changes", async () => {
    const header = fc.oneof(fc.string(), fc.string().map((s) => `Bearer ${s}`), fc.stringMatching(/^Bearer csk_[A-Za-z0-9_-]{43}$/));
    await fc.assert(
      fc.asyncProperty(header, async (value) => {
        fc.pre(!value.includes(a.key) && /^[\x20-\x7e]*$/.test(value));
        const before = await fingerprint();
        const answer = await house("GET", "/api/v1/orders", undefined, { Authorization: value });
        expect(answer.status).toBe(401);
        contract.check("/api/v1/orders", "GET", answer);
        expect(await fingerprint()).toEqual(before);
      }),
      runs(300),
    );
  }, FUZZ_TIMEOUT_MS);
});
