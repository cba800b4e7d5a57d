// The pull API over HTTP through the real app: every endpoint, every answer checked against the
// OpenAPI document the app serves; scoping between shops and houses; keys refused at once when
// revoked; errors named by field with nothing changed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "~/use-cases/createApiKey";
import { deactivateConnection } from "~/use-cases/deactivateConnection";
import { listApiCalls } from "~/use-cases/listApiCalls";
import { revokeApiKey } from "~/use-cases/revokeApiKey";
import { rotateApiKey } from "~/use-cases/rotateApiKey";
import {
  type Answer,
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
  snapshot,
  startApiWorld,
} from "./support";

let w: ApiWorld;
let contract: Contract;
let a: SeededShop;
let b: SeededShop;
let houseA: House;
let houseB: House;
let seq = 1000;

const ORDERS = "/api/v1/orders";
const DETAIL = "/api/v1/fulfillments/{id}";
const ACK = "/api/v1/fulfillments/{id}/acknowledge";
const SHIP = "/api/v1/fulfillments/{id}/shipments";
const STATUS = "/api/v1/fulfillments/{id}/status";

beforeAll(async () => {
  w = await startApiWorld();
  a = await seedShop(w.ctx, "shop-a.myshopify.com");
  b = await seedShop(w.ctx, "shop-b.myshopify.com");
  houseA = houseClient(w.app.url, a.key);
  houseB = houseClient(w.app.url, b.key);
  contract = await loadContract(w.app.url);
});

afterAll(async () => {
  await w?.close();
});

/** A new order of the shop (P-1 × 2 as SKU-<n>A, P-2 × 1 as SKU-<n>B); its fulfillment on the shop's house. */
async function newPart(shop: SeededShop, placedAt?: string) {
  const n = ++seq;
  const id = await placeOrder(
    w.ctx,
    shop,
    order(`${n}`, [line(`${n}-1`, "P-1", 2, `SKU-${n}A`), line(`${n}-2`, "P-2", 1, `SKU-${n}B`)], placedAt),
  );
  const lines = await w.t.db.fulfillmentLine.findMany({ where: { fulfillmentId: id }, include: { orderLine: true } });
  const lineOf = (suffix: string) => lines.find((l) => l.orderLine.platformLineId === `${n}-${suffix}`)!.orderLineId;
  return { id, n, orderId: `${n}`, line1: lineOf("1"), line2: lineOf("2"), sku1: `SKU-${n}A`, sku2: `SKU-${n}B` };
}

/** Calls and checks the answer against the document. */
async function call(house: House, template: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const answer = await house(method, path, body);
  contract.check(template, method, answer);
  return answer;
}

const ids = (answer: Answer): string[] => answer.body.data.map((f: { id: string }) => f.id);
const fieldsOf = (answer: Answer): string[] => (answer.body.error.fields ?? []).map((f: { field: string }) => f.field);

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 with every endpoint, and each schema compiles under strict JSON Schema 2020-12", () => {
    expect(contract.doc.openapi).toBe("3.1.0");
    expect(Object.keys(contract.doc.paths as object).sort()).toEqual([ACK, DETAIL, SHIP, STATUS, "/api/v1/openapi.json", ORDERS].sort());
    const schemas = Object.keys((contract.doc.components as { schemas: object }).schemas);
    expect(schemas.sort()).toEqual(
      ["AcknowledgeRequest", "DuplicateShipmentError", "Error", "FulfillmentDetail", "OrdersPage", "Shipment", "ShipmentRequest", "StatusRequest"].sort(),
    );
    for (const name of schemas) expect(() => contract.compileAt(`#/components/schemas/${name}`)).not.toThrow();
  });

  it("describes request bodies that refuse what the routes refuse", () => {
    const shipment = contract.compileAt("#/components/schemas/ShipmentRequest");
    expect(shipment({ trackingNumbers: [], lines: [{ lineId: "x", quantity: 1 }] })).toBe(true);
    expect(shipment({ trackingNumbers: [], lines: [{ lineId: "x", sku: "y", quantity: 1 }] })).toBe(false);
    expect(shipment({ trackingNumbers: [], lines: [{ lineId: "x", quantity: 1 }], extra: 1 })).toBe(false);
    const status = contract.compileAt("#/components/schemas/StatusRequest");
    expect(status({ status: "FAILED" })).toBe(false);
    expect(status({ status: "FAILED", reason: "bad address" })).toBe(true);
  });
});

describe("GET /api/v1/orders", () => {
  it("lists the house's new fulfillments by default, and the other statuses when asked; fetching changes nothing", async () => {
    const waiting = await newPart(a);
    const taken = await newPart(a);
    const dropped = await newPart(a);
    await call(houseA, ACK, "POST", `/api/v1/fulfillments/${taken.id}/acknowledge`, { reference: `R-${taken.n}` });
    await call(houseA, STATUS, "POST", `/api/v1/fulfillments/${dropped.id}/status`, { status: "CANCELLED" });

    const before = await snapshot(w.t.db);
    const fresh = await call(houseA, ORDERS, "GET", ORDERS);
    expect(fresh.status).toBe(200);
    expect(ids(fresh)).toContain(waiting.id);
    expect(ids(fresh)).not.toContain(taken.id);
    expect(ids(fresh)).not.toContain(dropped.id);
    expect(fresh.body.data.every((f: { status: string }) => f.status === "HOLD" || f.status === "RECYCLED")).toBe(true);
    expect(await snapshot(w.t.db)).toEqual(before);

    const pending = await call(houseA, ORDERS, "GET", `${ORDERS}?status=PENDING`);
    expect(ids(pending)).toEqual([taken.id]);
    const both = await call(houseA, ORDERS, "GET", `${ORDERS}?status=PENDING,CANCELLED`);
    expect(ids(both).sort()).toEqual([taken.id, dropped.id].sort());
    const repeated = await call(houseA, ORDERS, "GET", `${ORDERS}?status=PENDING&status=CANCELLED`);
    expect(ids(repeated).sort()).toEqual(ids(both).sort());
    const all = await call(houseA, ORDERS, "GET", `${ORDERS}?status=ALL&limit=200`);
    for (const part of [waiting, taken, dropped]) expect(ids(all)).toContain(part.id);
  });

  it("gives each line's SKU, title and quantity due, the order and where to ship", async () => {
    const part = await newPart(a);
    const answer = await call(houseA, ORDERS, "GET", `${ORDERS}?orderId=${part.orderId}`);
    expect(answer.body.data).toEqual([
      expect.objectContaining({
        id: part.id,
        status: "HOLD",
        reference: null,
        order: { id: part.orderId, name: `#${part.orderId}`, placedAt: "2026-11-20T10:00:00.000Z", customerEmail: "buyer@example.com" },
        shipTo: expect.objectContaining({ name: "Ada Buyer", address1: "1 Main St", city: "Springfield", zip: "62701", countryCode: "US" }),
        lines: [
          { lineId: part.line1, sku: part.sku1, title: `Item ${part.n}-1`, quantity: 2, quantityShipped: 0, quantityDue: 2 },
          { lineId: part.line2, sku: part.sku2, title: `Item ${part.n}-2`, quantity: 1, quantityShipped: 0, quantityDue: 1 },
        ].sort((x, y) => (x.lineId < y.lineId ? -1 : 1)),
      }),
    ]);
    // by the order's name too, with or without "#"
    expect(ids(await call(houseA, ORDERS, "GET", `${ORDERS}?orderId=%23${part.orderId}`))).toEqual([part.id]);
  });

  it("keeps a fulfillment out of NEW while the shop's hold delay runs", async () => {
    const c = await seedShop(w.ctx, "shop-hold.myshopify.com", { holdDelayMinutes: 60 });
    const house = houseClient(w.app.url, c.key);
    const old = await newPart(c, new Date(Date.now() - 2 * 3_600_000).toISOString());
    const recent = await newPart(c, new Date().toISOString());
    const fresh = await call(house, ORDERS, "GET", ORDERS);
    expect(ids(fresh)).toEqual([old.id]);
    expect(ids(await call(house, ORDERS, "GET", `${ORDERS}?status=HOLD`)).sort()).toEqual([old.id, recent.id].sort());
    const early = await call(house, ACK, "POST", `/api/v1/fulfillments/${recent.id}/acknowledge`, { reference: "too-early" });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/on hold until/);
  });

  it("filters by updatedSince", async () => {
    const part = await newPart(a);
    const row = await w.t.db.fulfillment.findUniqueOrThrow({ where: { id: part.id } });
    const since = await call(houseA, ORDERS, "GET", `${ORDERS}?updatedSince=${encodeURIComponent(row.updatedAt.toISOString())}`);
    expect(ids(since)).toContain(part.id);
    const later = new Date(row.updatedAt.getTime() + 1).toISOString();
    const after = await call(houseA, ORDERS, "GET", `${ORDERS}?updatedSince=${encodeURIComponent(later)}`);
    expect(ids(after)).not.toContain(part.id);
  });

  it("pages with a cursor on (updatedAt, id): every fulfillment once, oldest change first", async () => {
    const d = await seedShop(w.ctx, "shop-pages.myshopify.com");
    const house = houseClient(w.app.url, d.key);
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await newPart(d)).id);
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Answer = await call(house, ORDERS, "GET", `${ORDERS}?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.status).toBe(200);
      sizes.push(page.body.data.length);
      seen.push(...ids(page));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual(made);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=201", "limit"],
    ["limit=ten", "limit"],
    ["status=BOGUS", "status.0"],
    ["status=", "status.0"],
    ["updatedSince=yesterday", "updatedSince"],
    ["cursor=not-a-cursor", "cursor"],
    ["page=2", ""],
  ])("refuses %s with 400 naming the parameter", async (query, field) => {
    const answer = await call(houseA, ORDERS, "GET", `${ORDERS}?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe("invalid_request");
    expect(fieldsOf(answer)).toContain(field);
  });
});

describe("POST /api/v1/fulfillments/{id}/acknowledge", () => {
  it("moves HOLD to PENDING with the house's reference, once; a retry changes nothing", async () => {
    const part = await newPart(a);
    const answer = await call(houseA, ACK, "POST", `/api/v1/fulfillments/${part.id}/acknowledge`, { reference: " WH-77 " });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: part.id, status: "PENDING", reference: "WH-77" });
    const events = await w.t.db.timelineEvent.findMany({ where: { fulfillmentId: part.id, kind: "STATUS", from: { not: null } } });
    expect(events.map((e) => [e.from, e.to, e.actor])).toEqual([["HOLD", "PENDING", `api:${a.key.slice(0, 12)}`]]);

    const reused = await newPart(a);
    const before = await snapshot(w.t.db);
    const again = await call(houseA, ACK, "POST", `/api/v1/fulfillments/${part.id}/acknowledge`, { reference: "WH-77" });
    expect(again.status).toBe(200);
    expect(await snapshot(w.t.db)).toEqual(before);

    const other = await call(houseA, ACK, "POST", `/api/v1/fulfillments/${part.id}/acknowledge`, { reference: "WH-78" });
    expect(other.status).toBe(409);
    const clash = await call(houseA, ACK, "POST", `/api/v1/fulfillments/${reused.id}/acknowledge`, { reference: "WH-77" });
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toMatch(/already used/);
    expect(await snapshot(w.t.db)).toEqual(before);
  });

  it("refuses a fulfillment that is not waiting (422) and a malformed body (400), changing nothing", async () => {
    const part = await newPart(a);
    await call(houseA, STATUS, "POST", `/api/v1/fulfillments/${part.id}/status`, { status: "CANCELLED", reason: "out of stock" });
    const before = await snapshot(w.t.db);
    const closed = await call(houseA, ACK, "POST", `/api/v1/fulfillments/${part.id}/acknowledge`, { reference: "X-1" });
    expect(closed.status).toBe(422);
    expect(closed.body.error.fields[0].code).toBe("TRANSITION_NOT_ALLOWED");
    for (const [body, field] of [
      [{}, "reference"],
      [{ reference: "" }, "reference"],
      [{ reference: "X", note: "hi" }, ""],
      ["not json", ""],
      [[1, 2], ""],
    ] as const) {
      const answer = await call(houseA, ACK, "POST", `/api/v1/fulfillments/${part.id}/acknowledge`, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(answer)).toContain(field);
    }
    expect(await snapshot(w.t.db)).toEqual(before);
  });
});

describe("POST /api/v1/fulfillments/{id}/shipments", () => {
  it("stores a package by line id or SKU (201), and a correction by the same reference (200)", async () => {
    const part = await newPart(a);
    const byLine = await call(houseA, SHIP, "POST", `/api/v1/fulfillments/${part.id}/shipments`, {
      reference: "PKG-1",
      trackingNumbers: ["1Z999AA10123456784"],
      carrier: "UPS",
      lines: [{ lineId: part.line1, quantity: 1 }],
    });
    expect(byLine.status).toBe(201);
    expect(byLine.body).toMatchObject({
      fulfillmentId: part.id,
      reference: "PKG-1",
      state: "ACCEPTED",
      trackingNumbers: ["1Z999AA10123456784"],
      lines: [{ lineId: part.line1, sku: part.sku1, quantity: 1 }],
      pushes: [{ action: "CREATE", state: "PENDING", platformIds: [] }],
    });
    const status = await w.t.db.fulfillment.findUniqueOrThrow({ where: { id: part.id } });
    expect(status.status).toBe("PENDING_SHIPMENT");

    const corrected = await call(houseA, SHIP, "POST", `/api/v1/fulfillments/${part.id}/shipments`, {
      reference: "PKG-1",
      trackingNumbers: ["1Z999AA10123456785"],
      carrier: "UPS",
      lines: [{ lineId: part.line1, quantity: 1 }],
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ id: byLine.body.id, trackingNumbers: ["1Z999AA10123456785"] });

    const bySku = await call(houseA, SHIP, "POST", `/api/v1/fulfillments/${part.id}/shipments`, {
      trackingNumbers: ["9400111899223197428490"],
      lines: [
        { sku: part.sku1.toLowerCase(), quantity: 1 },
        { sku: part.sku2, quantity: 1 },
      ],
    });
    expect(bySku.status).toBe(201);
    const detail = await call(houseA, DETAIL, "GET", `/api/v1/fulfillments/${part.id}`);
    expect(detail.body.status).toBe("SHIPPED");
    expect(detail.body.shipments.map((s: { id: string }) => s.id)).toEqual([byLine.body.id, bySku.body.id]);
    expect(detail.body.lines.map((l: { quantityDue: number }) => l.quantityDue)).toEqual([0, 0]);
  });

  it("names each broken rule by field (422) and stores nothing", async () => {
    const part = await newPart(a);
    const before = await snapshot(w.t.db);
    const post = (body: unknown) => call(houseA, SHIP, "POST", `/api/v1/fulfillments/${part.id}/shipments`, body);

    const over = await post({ trackingNumbers: ["T-1"], lines: [{ lineId: part.line2, quantity: 1 }, { lineId: part.line1, quantity: 3 }] });
    expect(over.status).toBe(422);
    expect(over.body.error.fields).toEqual([expect.objectContaining({ field: "lines.1.quantity", code: "OVER_COVERAGE" })]);

    const unknown = await post({ trackingNumbers: [], lines: [{ lineId: "no-such-line", quantity: 1 }, { sku: "NOPE", quantity: 1 }] });
    expect(unknown.status).toBe(422);
    expect(fieldsOf(unknown).sort()).toEqual(["lines.0.lineId", "lines.1.sku"]);

    const tooManyNumbers = await post({ trackingNumbers: ["T-1", "T-2"], lines: [{ lineId: part.line1, quantity: 2 }] });
    expect(tooManyNumbers.status).toBe(422);
    expect(tooManyNumbers.body.error.fields).toEqual([
      expect.objectContaining({ field: "trackingNumbers", code: "MULTI_TRACKING_SINGLE_LINE" }),
    ]);

    for (const [body, field] of [
      [{ trackingNumbers: [], lines: [{ lineId: part.line1, sku: part.sku1, quantity: 1 }] }, "lines.0.lineId"],
      [{ trackingNumbers: [], lines: [{ quantity: 1 }] }, "lines.0.lineId"],
      [{ trackingNumbers: [], lines: [{ lineId: part.line1, quantity: 0 }] }, "lines.0.quantity"],
      [{ trackingNumbers: [], lines: [{ lineId: part.line1, quantity: 1.5 }] }, "lines.0.quantity"],
      [{ trackingNumbers: [], lines: [] }, "lines"],
      [{ lines: [{ lineId: part.line1, quantity: 1 }] }, "trackingNumbers"],
      [{ trackingNumbers: [], trackingUrl: "ftp://x", lines: [{ lineId: part.line1, quantity: 1 }] }, "trackingUrl"],
      [{ trackingNumbers: [], shippedAt: "Tuesday", lines: [{ lineId: part.line1, quantity: 1 }] }, "shippedAt"],
      [{ trackingNumbers: [], lines: [{ lineId: part.line1, quantity: 1, note: "x" }] }, "lines.0"],
    ] as const) {
      const answer = await post(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(answer), JSON.stringify(body)).toContain(field);
    }
    expect(await snapshot(w.t.db)).toEqual(before);
  });

  it("refuses shipments for a fulfillment that takes none (409), changing nothing", async () => {
    const part = await newPart(a);
    await call(houseA, STATUS, "POST", `/api/v1/fulfillments/${part.id}/status`, { status: "FAILED", reason: "address rejected" });
    const before = await snapshot(w.t.db);
    const answer = await call(houseA, SHIP, "POST", `/api/v1/fulfillments/${part.id}/shipments`, {
      trackingNumbers: ["T-9"],
      lines: [{ lineId: part.line1, quantity: 1 }],
    });
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe("conflict");
    expect(await snapshot(w.t.db)).toEqual(before);
  });
});

describe("retries at the same moment", () => {
  it("one acknowledgement and one shipment win; the others change nothing", async () => {
    const part = await newPart(a);
    const acks = await Promise.all(
      Array.from({ length: 6 }, () => call(houseA, ACK, "POST", `/api/v1/fulfillments/${part.id}/acknowledge`, { reference: "SAME" })),
    );
    expect(acks.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(await w.t.db.timelineEvent.count({ where: { fulfillmentId: part.id, kind: "STATUS", to: "PENDING" } })).toBe(1);

    const body = { trackingNumbers: ["1Z999AA10123456784"], lines: [{ lineId: part.line1, quantity: 1 }] };
    const reports = await Promise.all(
      Array.from({ length: 6 }, () => call(houseA, SHIP, "POST", `/api/v1/fulfillments/${part.id}/shipments`, body)),
    );
    expect(reports.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(await w.t.db.shipment.count({ where: { fulfillmentId: part.id } })).toBe(1);
    expect(await w.t.db.pushIntent.count({ where: { shipment: { fulfillmentId: part.id } } })).toBe(1);
  });
});

describe("POST /api/v1/fulfillments/{id}/status", () => {
  it("records a failure with its reason", async () => {
    const part = await newPart(a);
    const missing = await call(houseA, STATUS, "POST", `/api/v1/fulfillments/${part.id}/status`, { status: "FAILED" });
    expect(missing.status).toBe(400);
    expect(fieldsOf(missing)).toContain("reason");
    const failed = await call(houseA, STATUS, "POST", `/api/v1/fulfillments/${part.id}/status`, {
      status: "FAILED",
      reason: "Address could not be validated",
    });
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ status: "FAILED", failureReason: "Address could not be validated" });
  });

  it("allows only the table's moves (422 otherwise); a return follows its RMA; the same status again changes nothing", async () => {
    const part = await newPart(a);
    await call(houseA, SHIP, "POST", `/api/v1/fulfillments/${part.id}/shipments`, {
      trackingNumbers: ["1Z999AA10123456784"],
      lines: [
        { lineId: part.line1, quantity: 2 },
        { lineId: part.line2, quantity: 1 },
      ],
    });
    const before = await snapshot(w.t.db);
    const cancel = await call(houseA, STATUS, "POST", `/api/v1/fulfillments/${part.id}/status`, { status: "CANCELLED" });
    expect(cancel.status).toBe(422);
    expect(cancel.body.error.fields).toEqual([
      { field: "status", code: "TRANSITION_NOT_ALLOWED", message: "A fulfillment cannot move from SHIPPED to CANCELLED." },
    ]);
    const early = await call(houseA, STATUS, "POST", `/api/v1/fulfillments/${part.id}/status`, { status: "RETURNED", rmaNumber: "RMA-1" });
    expect(early.status).toBe(422);
    const unknown = await call(houseA, STATUS, "POST", `/api/v1/fulfillments/${part.id}/status`, { status: "SHIPPED" });
    expect(unknown.status).toBe(400);
    expect(await snapshot(w.t.db)).toEqual(before);

    const rma = await call(houseA, STATUS, "POST", `/api/v1/fulfillments/${part.id}/status`, { status: "RMA_PENDING", rmaNumber: "RMA-1" });
    expect(rma.body).toMatchObject({ status: "RMA_PENDING", rmaNumber: "RMA-1" });
    const wrong = await call(houseA, STATUS, "POST", `/api/v1/fulfillments/${part.id}/status`, { status: "RETURNED", rmaNumber: "RMA-2" });
    expect(wrong.status).toBe(422);
    expect(fieldsOf(wrong)).toEqual(["rmaNumber"]);
    const returned = await call(houseA, STATUS, "POST", `/api/v1/fulfillments/${part.id}/status`, { status: "RETURNED", rmaNumber: "RMA-1" });
    expect(returned.body.status).toBe("RETURNED");
    const settled = await snapshot(w.t.db);
    const again = await call(houseA, STATUS, "POST", `/api/v1/fulfillments/${part.id}/status`, { status: "RETURNED", rmaNumber: "RMA-1" });
    expect(again.status).toBe(200);
    expect(await snapshot(w.t.db)).toEqual(settled);
  });
});

describe("scoping: a key reaches its own shop and house only", () => {
  async function probeAll(house: House, target: string) {
    return [
      await call(house, DETAIL, "GET", `/api/v1/fulfillments/${target}`),
      await call(house, ACK, "POST", `/api/v1/fulfillments/${target}/acknowledge`, { reference: "steal" }),
      await call(house, SHIP, "POST", `/api/v1/fulfillments/${target}/shipments`, { trackingNumbers: ["T-1"], lines: [{ sku: "SKU-X", quantity: 1 }] }),
      await call(house, STATUS, "POST", `/api/v1/fulfillments/${target}/status`, { status: "CANCELLED" }),
    ];
  }

  it("a key of shop A cannot read or write anything of shop B: the same 404 as an id that does not exist", async () => {
    const theirs = await newPart(b);
    const before = await snapshot(w.t.db);
    const foreign = await probeAll(houseA, theirs.id);
    const nowhere = await probeAll(houseA, "cm0000000000000000000000");
    expect(foreign.map((r) => r.status)).toEqual([404, 404, 404, 404]);
    expect(foreign.map((r) => r.body)).toEqual(nowhere.map((r) => r.body));
    expect(foreign.map((r) => r.body)).toEqual(foreign.map(() => ({ error: { code: "not_found", message: "Not found." } })));
    const listed = await call(houseA, ORDERS, "GET", `${ORDERS}?status=ALL&limit=200&orderId=${theirs.orderId}`);
    expect(listed.body.data).toEqual([]);
    const everything = await call(houseA, ORDERS, "GET", `${ORDERS}?status=ALL&limit=200`);
    const bIds = (await w.t.db.fulfillment.findMany({ where: { shopId: b.shopId } })).map((f) => f.id);
    expect(ids(everything).filter((id) => bIds.includes(id))).toEqual([]);
    expect(await snapshot(w.t.db)).toEqual(before);
    // and B's own key still works on it
    expect((await call(houseB, DETAIL, "GET", `/api/v1/fulfillments/${theirs.id}`)).status).toBe(200);
  });

  it("a second house of the same shop sees nothing of the first", async () => {
    const second = await createApiKey(w.ctx, {
      shopId: a.shopId,
      connectionId: (await seedShopHouse(a.shopId)).id,
      name: "second house",
    });
    const other = houseClient(w.app.url, second.secret);
    const mine = await newPart(a);
    const before = await snapshot(w.t.db);
    expect((await probeAll(other, mine.id)).map((r) => r.status)).toEqual([404, 404, 404, 404]);
    expect(ids(await call(other, ORDERS, "GET", `${ORDERS}?status=ALL`))).toEqual([]);
    expect(await snapshot(w.t.db)).toEqual(before);
  });

  it("an id that cannot be ours is the same 404", async () => {
    const answer = await call(houseA, DETAIL, "GET", `/api/v1/fulfillments/${encodeURIComponent("../../orders")}`);
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ error: { code: "not_found", message: "Not found." } });
  });
});

/** A second "API (pull)" connection of a shop, made like the first. */
async function seedShopHouse(shopId: string) {
  const { activateConnection } = await import("~/use-cases/activateConnection");
  const { connection } = await activateConnection(w.ctx, { shopId, kind: "pull-api", credentials: { name: "Second house" } });
  return connection;
}

describe("keys", () => {
  it("refuses a missing, malformed, unknown or revoked key with the same 401, at once", async () => {
    const part = await newPart(a);
    const created = await createApiKey(w.ctx, { shopId: a.shopId, connectionId: a.connectionId, name: "to revoke" });
    const doomed = houseClient(w.app.url, created.secret);
    expect((await call(doomed, DETAIL, "GET", `/api/v1/fulfillments/${part.id}`)).status).toBe(200);
    await revokeApiKey(w.ctx, { shopId: a.shopId, apiKeyId: created.apiKey.id });

    const before = await snapshot(w.t.db);
    const unknownKey = `csk_${"A".repeat(43)}`;
    const answers: Answer[] = [];
    for (const house of [doomed, houseClient(w.app.url, null), houseClient(w.app.url, "garbage"), houseClient(w.app.url, unknownKey)]) {
      answers.push(await call(house, ORDERS, "GET", ORDERS));
      answers.push(await call(house, DETAIL, "GET", `/api/v1/fulfillments/${part.id}`));
      answers.push(await call(house, ACK, "POST", `/api/v1/fulfillments/${part.id}/acknowledge`, { reference: "R" }));
      answers.push(
        await call(house, SHIP, "POST", `/api/v1/fulfillments/${part.id}/shipments`, { trackingNumbers: [], lines: [{ lineId: part.line1, quantity: 1 }] }),
      );
      answers.push(await call(house, STATUS, "POST", `/api/v1/fulfillments/${part.id}/status`, { status: "CANCELLED" }));
    }
    expect(new Set(answers.map((r) => r.status))).toEqual(new Set([401]));
    expect(new Set(answers.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(answers.every((r) => r.headers.get("www-authenticate") === 'Bearer realm="consign"')).toBe(true);
    expect(answers.every((r) => r.headers.get("ratelimit-limit") === null)).toBe(true);
    const basic = await houseA("GET", ORDERS, undefined, { Authorization: `Basic ${Buffer.from(`x:${a.key}`).toString("base64")}` });
    expect(basic.status).toBe(401);
    expect(await snapshot(w.t.db)).toEqual(before);
  });

  it("rotates: the old key stops at once, the new one works and keeps the name", async () => {
    const created = await createApiKey(w.ctx, { shopId: a.shopId, connectionId: a.connectionId, name: "rotating" });
    const rotated = await rotateApiKey(w.ctx, { shopId: a.shopId, apiKeyId: created.apiKey.id });
    expect(rotated.apiKey.name).toBe("rotating");
    expect(rotated.secret).not.toBe(created.secret);
    expect((await call(houseClient(w.app.url, created.secret), ORDERS, "GET", ORDERS)).status).toBe(401);
    expect((await call(houseClient(w.app.url, rotated.secret), ORDERS, "GET", ORDERS)).status).toBe(200);
    const stored = await w.t.db.apiKey.findUniqueOrThrow({ where: { id: rotated.apiKey.id } });
    expect(stored.lastUsedAt).not.toBeNull();
    // only the hash and prefix are stored
    expect(JSON.stringify(await w.t.db.apiKey.findMany())).not.toContain(rotated.secret);
    expect(stored.prefix).toBe(rotated.secret.slice(0, 12));
  });

  it("keeps a deactivated house's keys working for the orders it has", async () => {
    const e = await seedShop(w.ctx, "shop-deactivated.myshopify.com");
    const part = await newPart(e);
    await deactivateConnection(w.ctx, { shopId: e.shopId, connectionId: e.connectionId });
    const house = houseClient(w.app.url, e.key);
    expect((await call(house, DETAIL, "GET", `/api/v1/fulfillments/${part.id}`)).status).toBe(200);
  });

  it("refuses writes to a read-only key (403) and serves its reads", async () => {
    const reader = await createApiKey(w.ctx, { shopId: a.shopId, connectionId: a.connectionId, name: "reader", scopes: ["orders:read"] });
    const house = houseClient(w.app.url, reader.secret);
    const part = await newPart(a);
    expect((await call(house, ORDERS, "GET", ORDERS)).status).toBe(200);
    const before = await snapshot(w.t.db);
    const write = await call(house, ACK, "POST", `/api/v1/fulfillments/${part.id}/acknowledge`, { reference: "R-RO" });
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe("forbidden");
    expect(await snapshot(w.t.db)).toEqual(before);
  });

  it("logs each call with its status and error for the admin", async () => {
    const c = await seedShop(w.ctx, "shop-log.myshopify.com");
    const house = houseClient(w.app.url, c.key);
    await call(house, ORDERS, "GET", ORDERS);
    await call(house, ORDERS, "GET", `${ORDERS}?limit=0`);
    await call(house, DETAIL, "GET", "/api/v1/fulfillments/cm0000000000000000000000");
    const log = await listApiCalls(w.ctx, { shopId: c.shopId, connectionId: c.connectionId });
    expect(log.calls.map((x) => [x.method, x.path, x.status])).toEqual([
      ["GET", "/api/v1/fulfillments/cm0000000000000000000000", 404],
      ["GET", ORDERS, 400],
      ["GET", ORDERS, 200],
    ]);
    expect(log.errors.map((x) => x.status)).toEqual([404, 400]);
    expect(log.errors[1].error).toMatch(/limit/);
    expect(log.calls.every((x) => x.keyPrefix === c.key.slice(0, 12))).toBe(true);
  });
});

describe("transport", () => {
  it("answers a wrong method with 405 and an unknown path with a JSON 404", async () => {
    const wrong = await houseA("POST", ORDERS, {});
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET");
    const get = await houseA("GET", "/api/v1/fulfillments/x/acknowledge");
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    const nowhere = await houseA("GET", "/api/v1/invoices");
    expect(nowhere.status).toBe(404);
    expect(nowhere.body.error.code).toBe("not_found");
  });

  it("serves the OpenAPI document without a key", async () => {
    const answer = await houseClient(w.app.url, null)("GET", "/api/v1/openapi.json");
    contract.check("/api/v1/openapi.json", "GET", answer);
    expect(answer.body.info.title).toBe("Consign pull API");
  });
});
