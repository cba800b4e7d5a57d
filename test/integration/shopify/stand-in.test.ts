// The Shopify stand-in itself, over HTTP: Shopify's error shapes for invalid queries, tokens,
// cost and throttling, the fulfillment rules, search and pagination, and the test API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ShopifyStandIn, startShopifyStandIn } from "../../../sandbox/shopify";
import { graphql, makeOrder } from "./support";

let standIn: ShopifyStandIn;

beforeAll(async () => {
  standIn = await startShopifyStandIn({ shops: ["second-shop.myshopify.com"] });
});
afterAll(async () => {
  await standIn.close();
});

const FO_QUERY = `query FOs($id: ID!) {
  order(id: $id) {
    displayFulfillmentStatus
    lineItems(first: 10) { nodes { id currentQuantity unfulfilledQuantity } }
    fulfillmentOrders(first: 10) {
      nodes { id status assignedLocation { location { id } } supportedActions { action }
        lineItems(first: 10) { nodes { id totalQuantity remainingQuantity lineItem { id } } } }
    }
  }
}`;

const CREATE = `mutation Create($f: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $f) { fulfillment { id status trackingInfo { company number url } } userErrors { field message } }
}`;

describe("queries Shopify would reject", () => {
  it("answers an unknown field with Shopify's error shape and no data", async () => {
    const res = await graphql(standIn, "query Bad {\n  shop { name nonexistentField }\n}");
    expect(res.status).toBe(200);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toEqual([
      {
        message: "Field 'nonexistentField' doesn't exist on type 'Shop'",
        locations: [{ line: 2, column: 15 }],
        path: ["query Bad", "shop", "nonexistentField"],
        extensions: { code: "undefinedField", typeName: "Shop", fieldName: "nonexistentField" },
      },
    ]);
  });

  it("answers bad arguments and a missing required argument", async () => {
    const res = await graphql(standIn, `query BadArgs { order(orderId: "gid://shopify/Order/1") { id } }`);
    const errors = res.body.errors as { message: string; extensions: { code: string } }[];
    expect(errors.map((e) => [e.extensions.code, e.message])).toEqual([
      ["argumentNotAccepted", "Field 'order' doesn't accept argument 'orderId'"],
      ["missingRequiredArguments", "Field 'order' is missing required arguments: id"],
    ]);
  });

  it("answers a missing variable like graphql-ruby", async () => {
    const res = await graphql(standIn, FO_QUERY, {});
    const errors = res.body.errors as { message: string; extensions: Record<string, unknown> }[];
    expect(errors[0]!.message).toBe("Variable $id of type ID! was provided invalid value");
    expect(errors[0]!.extensions).toMatchObject({ code: "INVALID_VARIABLE", value: null });
    expect(res.body.data).toBeUndefined();
  });

  it("rejects a malformed URL in a variable (Shopify's URL scalar)", async () => {
    const res = await graphql(standIn, CREATE, {
      f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: "gid://shopify/FulfillmentOrder/1" }], trackingInfo: { urls: ["not a url"] } },
    });
    const errors = res.body.errors as { message: string; extensions: { code: string } }[];
    expect(errors[0]!.extensions.code).toBe("INVALID_VARIABLE");
  });

  it("refuses a query over the single-query cost limit", async () => {
    const res = await graphql(standIn, "query Huge { products(first: 250) { nodes { variants(first: 250) { nodes { id } } } } }");
    const errors = res.body.errors as { message: string; extensions: { code: string } }[];
    expect(errors[0]!.extensions.code).toBe("MAX_COST_EXCEEDED");
    expect(errors[0]!.message).toMatch(/^Query cost is \d+, which exceeds the single query max cost limit \(1000\)\.$/);
  });

  it("requires first or last on a connection", async () => {
    const res = await graphql(standIn, "query NoFirst { products { nodes { id } } }");
    const errors = res.body.errors as { message: string }[];
    expect(errors[0]!.message).toBe("you must provide one of first or last");
  });
});

describe("access tokens", () => {
  it("answers 401 without a token or with a wrong one", async () => {
    for (const token of [null, "shpat_wrong"]) {
      const res = await graphql(standIn, "query S { shop { name } }", {}, { token });
      expect(res.status).toBe(401);
      expect(res.body.errors).toBe("[API] Invalid API key or access token (unrecognized login or wrong password)");
    }
  });

  it("does not accept one shop's token for another shop", async () => {
    const res = await graphql(standIn, "query S { shop { name } }", {}, { shop: "second-shop.myshopify.com", token: standIn.accessToken });
    expect(res.status).toBe(401);
    const own = await graphql(standIn, "query S { shop { myshopifyDomain } }", {}, { shop: "second-shop.myshopify.com" });
    expect(own.body.data).toEqual({ shop: { myshopifyDomain: "second-shop.myshopify.com" } });
  });

  it("exchanges and refreshes expiring offline tokens; the old refresh token lives until the new one is used", async () => {
    const tokenUrl = `${standIn.url}/admin/oauth/access_token`;
    const post = (body: Record<string, unknown>) =>
      fetch(tokenUrl, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const client = { client_id: standIn.apiKey, client_secret: standIn.apiSecret };

    const code = standIn.authorizationCode();
    const first = await post({ ...client, code, expiring: "1" });
    expect(first.status).toBe(200);
    const t1 = (await first.json()) as Record<string, unknown>;
    expect(t1).toMatchObject({ expires_in: 3600, refresh_token_expires_in: expect.any(Number), scope: expect.any(String) });
    expect((await graphql(standIn, "query S { shop { name } }", {}, { token: String(t1.access_token) })).status).toBe(200);

    standIn.expireToken(String(t1.access_token));
    expect((await graphql(standIn, "query S { shop { name } }", {}, { token: String(t1.access_token) })).status).toBe(401);

    const second = await post({ ...client, grant_type: "refresh_token", refresh_token: t1.refresh_token });
    const t2 = (await second.json()) as Record<string, unknown>;
    expect(second.status).toBe(200);
    expect(t2.access_token).not.toBe(t1.access_token);
    expect((await graphql(standIn, "query S { shop { name } }", {}, { token: String(t2.access_token) })).status).toBe(200);

    // the previous refresh token still works until its replacement is used…
    const again = await post({ ...client, grant_type: "refresh_token", refresh_token: t1.refresh_token });
    expect(again.status).toBe(200);
    const t3 = (await again.json()) as Record<string, unknown>;
    await post({ ...client, grant_type: "refresh_token", refresh_token: t3.refresh_token });
    // …and not after
    const stale = await post({ ...client, grant_type: "refresh_token", refresh_token: t1.refresh_token });
    expect(stale.status).toBe(400);
    expect(await stale.json()).toMatchObject({ error: "invalid_grant" });

    const wrongSecret = await post({ client_id: standIn.apiKey, client_secret: "nope", grant_type: "refresh_token", refresh_token: t2.refresh_token });
    expect(wrongSecret.status).toBe(401);
  });
});

describe("cost and throttling", () => {
  it("reports requested and actual cost and the bucket", async () => {
    standIn.store.createProduct({ title: "Cost probe" });
    const before = standIn.bucketStatus().currentlyAvailable;
    const res = await graphql(standIn, "query P { products(first: 50) { nodes { id title } } }");
    const cost = res.body.extensions!.cost;
    expect(cost.requestedQueryCost).toBe(52);
    expect(cost.actualQueryCost).toBeLessThan(cost.requestedQueryCost);
    expect(cost.throttleStatus).toMatchObject({ maximumAvailable: 2000, restoreRate: 100 });
    expect(cost.throttleStatus.currentlyAvailable).toBeLessThanOrEqual(before);
    const mutation = await graphql(standIn, CREATE, { f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: "gid://shopify/FulfillmentOrder/999999" }] } });
    expect(mutation.body.extensions!.cost.requestedQueryCost).toBe(10);
  });

  it("answers THROTTLED in an HTTP 200 when the bucket is empty, and recovers", async () => {
    const shop = "second-shop.myshopify.com";
    standIn.setBucket({ size: 100, restoreRate: 200, available: 0 }, shop);
    const res = await graphql(standIn, "query P { products(first: 50) { nodes { id } } }", {}, { shop });
    expect(res.status).toBe(200);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toEqual([{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }]);
    expect(res.body.extensions!.cost).toMatchObject({ requestedQueryCost: 52, actualQueryCost: null, throttleStatus: { maximumAvailable: 100 } });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const later = await graphql(standIn, "query P { products(first: 50) { nodes { id } } }", {}, { shop });
    expect(later.body.errors).toBeUndefined();
    standIn.setBucket({ size: 2000, restoreRate: 100 }, shop);
  });
});

describe("fulfillment rules", () => {
  it("fulfils part of a line, then the rest, and refuses more than remains", async () => {
    const { order } = makeOrder(standIn, [{ sku: "R-1", quantity: 3 }]);
    const fo = order.fulfillmentOrders[0]!;
    const foLine = fo.lineItems[0]!;
    const push = (quantity: number) =>
      graphql(standIn, CREATE, {
        f: {
          lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id, fulfillmentOrderLineItems: [{ id: foLine.id, quantity }] }],
          trackingInfo: { company: "UPS", numbers: ["1Z999AA10123456784"] },
        },
      });

    const first = await push(2);
    const created = (first.body.data!.fulfillmentCreate as { fulfillment: { trackingInfo: { company: string; url: string }[] } }).fulfillment;
    expect(created.trackingInfo[0]).toMatchObject({ company: "UPS", url: expect.stringContaining("1Z999AA10123456784") });
    let state = await graphql(standIn, FO_QUERY, { id: order.id });
    expect(state.body.data).toMatchObject({
      order: { displayFulfillmentStatus: "PARTIALLY_FULFILLED", fulfillmentOrders: { nodes: [{ status: "IN_PROGRESS", lineItems: { nodes: [{ remainingQuantity: 1 }] } }] } },
    });

    const over = await push(2);
    expect(over.body.data!.fulfillmentCreate).toEqual({
      fulfillment: null,
      userErrors: [{ field: ["fulfillment"], message: "Invalid fulfillment order line item quantity requested." }],
    });
    expect(standIn.store.listFulfillments(order.id)).toHaveLength(1);

    await push(1);
    state = await graphql(standIn, FO_QUERY, { id: order.id });
    expect(state.body.data).toMatchObject({ order: { displayFulfillmentStatus: "FULFILLED", fulfillmentOrders: { nodes: [{ status: "CLOSED", supportedActions: [] }] } } });
  });

  it("refuses fulfillment orders of two locations in one fulfillmentCreate", async () => {
    const warehouse = standIn.store.addLocation({ name: "Warehouse" });
    const { order } = makeOrder(standIn, [
      { sku: "L-1", quantity: 1 },
      { sku: "L-2", quantity: 1, locationId: warehouse.id },
    ]);
    expect(order.fulfillmentOrders.map((fo) => fo.locationId)).toEqual([standIn.store.defaultLocationId, warehouse.id]);
    const res = await graphql(standIn, CREATE, {
      f: { lineItemsByFulfillmentOrder: order.fulfillmentOrders.map((fo) => ({ fulfillmentOrderId: fo.id })) },
    });
    expect(res.body.data!.fulfillmentCreate).toEqual({
      fulfillment: null,
      userErrors: [{ field: ["fulfillment"], message: "All fulfillment orders must be assigned to the same location." }],
    });
    expect(standIn.store.listFulfillments(order.id)).toHaveLength(0);
  });

  it("cancelling restores what was fulfilled: remaining on an open FO, a new FO for a closed one", async () => {
    const { order } = makeOrder(standIn, [{ sku: "C-1", quantity: 2 }]);
    const fo = order.fulfillmentOrders[0]!;
    const all = await graphql(standIn, CREATE, { f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id }] } });
    const id = (all.body.data!.fulfillmentCreate as { fulfillment: { id: string } }).fulfillment.id;
    const cancel = await graphql(standIn, "mutation C($id: ID!) { fulfillmentCancel(id: $id) { fulfillment { id status } userErrors { message } } }", { id });
    expect(cancel.body.data).toEqual({ fulfillmentCancel: { fulfillment: { id, status: "CANCELLED" }, userErrors: [] } });
    const snapshot = standIn.store.orderSnapshot(order.id);
    expect(snapshot.displayFulfillmentStatus).toBe("UNFULFILLED");
    expect(snapshot.fulfillmentOrders.map((f) => [f.status, f.lineItems[0]!.remainingQuantity])).toEqual([
      ["CLOSED", 0],
      ["OPEN", 2],
    ]);
    expect(snapshot.lineItems[0]!.unfulfilledQuantity).toBe(2);
  });
});

describe("search and pagination", () => {
  it("filters orders by updated_at and pages through them", async () => {
    const cutoff = new Date(Date.now() - 1000).toISOString();
    for (let i = 0; i < 3; i++) makeOrder(standIn, [{ sku: `P-${i}`, quantity: 1 }]);
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 20; guard++) {
      const res = await graphql(
        standIn,
        `query O($after: String, $q: String) { orders(first: 2, after: $after, query: $q, sortKey: UPDATED_AT) { nodes { id updatedAt } pageInfo { hasNextPage endCursor } } }`,
        { after, q: `updated_at:>='${cutoff}'` },
      );
      const page = res.body.data!.orders as { nodes: { id: string; updatedAt: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
      seen.push(...page.nodes.map((n) => n.id));
      for (const n of page.nodes) expect(Date.parse(n.updatedAt)).toBeGreaterThanOrEqual(Date.parse(cutoff) - 1000);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    const none = await graphql(standIn, `query O($q: String) { orders(first: 5, query: $q) { nodes { id } } }`, { q: "updated_at:>'2099-01-01T00:00:00Z'" });
    expect(none.body.data).toEqual({ orders: { nodes: [] } });
  });
});

describe("test API over HTTP", () => {
  it("creates an order and reads back its fulfillments; bad input names the field and changes nothing", async () => {
    const product = await fetch(`${standIn.url}/_sandbox/products`, {
      method: "POST",
      body: JSON.stringify({ title: "HTTP product", variants: [{ sku: "H-1" }] }),
    }).then((r) => r.json() as Promise<{ variants: { id: string }[] }>);
    const ordersBefore = standIn.store.orders.size;
    const bad = await fetch(`${standIn.url}/_sandbox/orders`, { method: "POST", body: JSON.stringify({ lines: [{ variantId: product.variants[0]!.id, quantity: 0 }] }) });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: string }).error).toMatch(/lines\.0\.quantity/);
    expect(standIn.store.orders.size).toBe(ordersBefore);

    const created = await fetch(`${standIn.url}/_sandbox/orders`, { method: "POST", body: JSON.stringify({ lines: [{ variantId: product.variants[0]!.id, quantity: 2 }] }) });
    expect(created.status).toBe(201);
    const order = (await created.json()) as { id: string; lineItems: { quantity: number }[] };
    expect(order.lineItems[0]!.quantity).toBe(2);
    const fulfillments = await fetch(`${standIn.url}/_sandbox/fulfillments?order=${encodeURIComponent(order.id)}`).then((r) => r.json());
    expect(fulfillments).toEqual([]);
  });
});
