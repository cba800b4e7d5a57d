// Shared setup of the Shopify suites: a stand-in per test file, raw GraphQL calls over HTTP, the
// adapter pointed at the stand-in, and a small order fixture.
import { createShopifyPlatform, type ShopifyPlatformOptions } from "~/platforms/shopify/adapter";
import type { ShopRef } from "~/platforms/port";
import type { ShopifyStandIn } from "../../../sandbox/shopify";

export interface GraphQLHttpResult {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; locations?: { line: number; column: number }[]; path?: unknown[]; extensions: Record<string, unknown> }[] | string;
    extensions?: {
      cost: {
        requestedQueryCost: number;
        actualQueryCost: number | null;
        throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
      };
    };
  };
}

/** POSTs one GraphQL request to the stand-in as a plain HTTP client would. */
export async function graphql(
  standIn: ShopifyStandIn,
  query: string,
  variables?: Record<string, unknown>,
  opts: { token?: string | null; shop?: string } = {},
): Promise<GraphQLHttpResult> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  const token = opts.token === undefined ? standIn.accessTokenFor(opts.shop ?? standIn.shop) : opts.token;
  if (token !== null) headers["X-Shopify-Access-Token"] = token;
  const res = await fetch(standIn.graphqlUrl(opts.shop), { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as GraphQLHttpResult["body"] };
}

export function shopRef(standIn: ShopifyStandIn, domain = standIn.shop): ShopRef {
  return { id: `shop:${domain}`, platform: "SHOPIFY", domain };
}

/** The adapter on the stand-in, with fast retries for tests. */
export function adapterFor(standIn: ShopifyStandIn, overrides: Partial<ShopifyPlatformOptions> = {}) {
  return createShopifyPlatform({
    endpoint: (shop) => standIn.graphqlUrl(shop),
    accessToken: async (shop) => standIn.accessTokenFor(shop.domain),
    timeoutMs: 2_000,
    retry: { retries: 4, minDelayMs: 20, maxDelayMs: 200 },
    ...overrides,
  });
}

/** Two products; an order with `lines` (product index, quantity, optional location). */
export function makeOrder(standIn: ShopifyStandIn, lines: { sku: string; quantity: number; locationId?: string }[]) {
  const variants = lines.map((l) => standIn.store.createProduct({ title: `Product ${l.sku}`, variants: [{ sku: l.sku, price: "12.50" }] }).variants[0]!);
  const order = standIn.store.createOrder({
    email: "buyer@example.com",
    customer: { firstName: "Ada", lastName: "Buyer", email: "buyer@example.com" },
    shippingAddress: { name: "Ada Buyer", address1: "1 Dock Road", city: "Portland", provinceCode: "OR", zip: "97201", countryCode: "US" },
    lines: lines.map((l, i) => ({ variantId: variants[i]!.id, quantity: l.quantity, ...(l.locationId ? { locationId: l.locationId } : {}) })),
  });
  return { order, lineIds: order.lineItems.map((l) => l.id) };
}
