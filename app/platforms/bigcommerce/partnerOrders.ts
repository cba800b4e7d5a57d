// The seller side of partner stores on BigCommerce (issue 8): the buyer's part is placed in the
// seller's store with POST /v2/orders and read back from the order's shipments.
//
// - The part's reference goes in `external_order_id` ("The order ID in another system … you can
//   update this field using a POST or PUT request"), which GET /orders filters on
//   (`external_order_id` query parameter), and a readable note in `staff_notes` (orders.v2.oas2.yml
//   order_Post, getOrders). `external_source` names Consign, as the App Marketplace requires of
//   apps that create orders (createOrder description).
// - "The V2 Orders API will not trigger the typical Order Email when creating orders"
//   (createOrder description); no customer email is passed either, so shipment emails of the
//   seller's store have nobody to go to.
// - A POST is never repeated here after an unknown outcome (the transport does not either): the
//   caller looks the order up by its reference before it tries again.
// - A shipment the seller deletes disappears (there is no cancelled state in Orders v2); the
//   caller compares with what it holds.
import { z } from "zod";
import type { ShipTo } from "~/fulfillment/types";
import { PlatformError, PlatformRejectedError } from "../errors";
import type { Page, PartnerOrderFulfillment, PartnerOrderInput, PartnerOrders, PartnerOrderState, ShopRef } from "../port";
import { type BigCommerceHttp, parseAnswer } from "./http";
import { v2Order, v2OrderProduct, v2Shipment, v3Pagination, v3Variant } from "./schemas";

/** Awaiting Fulfillment: checkout complete, payment confirmed (GET /order_statuses; notes §2) */
const AWAITING_FULFILLMENT = 11;
const CANCELLED = 5;
const PAGE = 50;

const partnerOrder = v2Order.extend({
  external_order_id: z.string().nullish(),
  staff_notes: z.string().nullish(),
});
type V2PartnerOrder = z.output<typeof partnerOrder>;

const shipment = v2Shipment.extend({
  date_created: z.string().nullish(),
  shipping_method: z.string().nullish(),
  generated_tracking_link: z.string().nullish(),
});

function isoFromBc(value: string, field: string): string {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new PlatformError(`Unexpected BigCommerce date in ${field}: "${value}"`);
  return new Date(t).toISOString();
}

function blank(value: string | null | undefined): string | null {
  return value?.trim() ? value.trim() : null;
}

/** An order address (billing_address / shipping_addresses items) from our ship-to, without email. */
function address(shipTo: ShipTo): Record<string, string> {
  const parts = shipTo.name.trim().split(/\s+/).filter(Boolean);
  return {
    first_name: parts.length > 1 ? parts.slice(0, -1).join(" ") : (parts[0] ?? ""),
    last_name: parts.length > 1 ? (parts.at(-1) ?? "") : "",
    company: shipTo.company ?? "",
    street_1: shipTo.address1,
    street_2: shipTo.address2 ?? "",
    city: shipTo.city,
    state: shipTo.province ?? shipTo.provinceCode ?? "",
    zip: shipTo.zip ?? "", // the one required field of billing_address (order_Post)
    country: shipTo.country ?? "",
    country_iso2: shipTo.countryCode,
    phone: shipTo.phone ?? "",
  };
}

function numericId(value: string, what: string): number {
  if (!/^\d+$/.test(value)) throw new PlatformRejectedError(`Not a BigCommerce ${what} id: "${value}"`, what, null);
  return Number(value);
}

export function bigCommercePartnerOrders(http: BigCommerceHttp): PartnerOrders {
  async function v2List<S extends z.ZodType>(shop: ShopRef, path: string, schema: S): Promise<z.output<S>[]> {
    const rows: z.output<S>[] = [];
    for (let page = 1; ; page++) {
      const res = await http.send(shop, { method: "GET", api: "v2", path, query: { page, limit: 250 } });
      // an empty list is a 204 with no body (notes §2)
      if (res.status === 204 || res.body === null) break;
      const batch = parseAnswer(z.array(schema), res.body, `GET /v2${path}`);
      rows.push(...batch);
      if (batch.length < 250) break;
    }
    return rows;
  }

  async function rawOrder(shop: ShopRef, oid: number): Promise<V2PartnerOrder | null> {
    const res = await http.send(shop, { method: "GET", api: "v2", path: `/orders/${oid}` }, { allow404: true });
    if (res.status === 404) return null;
    return parseAnswer(partnerOrder, res.body, `GET /v2/orders/${oid}`);
  }

  async function state(shop: ShopRef, order: V2PartnerOrder): Promise<PartnerOrderState> {
    const products = new Map((await v2List(shop, `/orders/${order.id}/products`, v2OrderProduct)).map((p) => [p.id, p]));
    const shipments = await v2List(shop, `/orders/${order.id}/shipments`, shipment);
    const fulfillments: PartnerOrderFulfillment[] = shipments.map((s) => ({
      id: String(s.id),
      cancelled: false,
      trackingNumbers: blank(s.tracking_number) ? [s.tracking_number!.trim()] : [],
      carrier: blank(s.tracking_carrier) ?? blank(s.shipping_provider),
      trackingUrl: blank(s.tracking_link) ?? blank(s.generated_tracking_link),
      method: blank(s.shipping_method),
      shippedAt: s.date_created ? isoFromBc(s.date_created, "date_created") : null,
      lines: s.items.map((item) => {
        const product = products.get(item.order_product_id);
        return {
          variantId: product?.variant_id ? String(product.variant_id) : null,
          sku: blank(product?.sku),
          quantity: item.quantity,
        };
      }),
    }));
    const updatedAt = isoFromBc(order.date_modified, "date_modified");
    return {
      platformOrderId: String(order.id),
      name: `#${order.id}`,
      reference: blank(order.external_order_id),
      updatedAt,
      cancelledAt: order.status_id === CANCELLED ? updatedAt : null,
      fulfillments,
    };
  }

  return {
    async variantsBySku(shop, sku) {
      // GET /catalog/variants?sku= filters on the variant SKU; /catalog/products?sku= only on the
      // product's main SKU (notes §3)
      const res = await http.send(shop, { method: "GET", api: "v3", path: "/catalog/variants", query: { sku, limit: 50 } });
      const variants = parseAnswer(v3Pagination.extend({ data: z.array(v3Variant) }), res.body, "GET /v3/catalog/variants").data;
      if (variants.length === 0) return [];
      const ids = [...new Set(variants.map((v) => v.product_id))];
      const products = await http.send(shop, { method: "GET", api: "v3", path: "/catalog/products", query: { "id:in": ids.join(","), limit: 250 } });
      const names = new Map(
        parseAnswer(v3Pagination.extend({ data: z.array(z.object({ id: z.number().int(), name: z.string() })) }), products.body, "GET /v3/catalog/products").data.map(
          (p) => [p.id, p.name],
        ),
      );
      return variants.map((v) => {
        const options = (v.option_values ?? []).map((o) => o.label).filter(Boolean);
        const name = names.get(v.product_id) ?? `Product ${v.product_id}`;
        return { variantId: String(v.id), productId: String(v.product_id), sku: blank(v.sku), title: options.length ? `${name} – ${options.join(" / ")}` : name };
      });
    },

    async findPartnerOrder(shop, reference) {
      const res = await http.send(shop, { method: "GET", api: "v2", path: "/orders", query: { external_order_id: reference, limit: 5 } });
      if (res.status === 204 || res.body === null) return null;
      const orders = parseAnswer(z.array(partnerOrder), res.body, "GET /v2/orders");
      const match = orders.find((o) => o.external_order_id === reference && !o.is_deleted);
      return match ? { platformOrderId: String(match.id), name: `#${match.id}`, reference } : null;
    },

    async createPartnerOrder(shop, input: PartnerOrderInput) {
      if (input.lines.length === 0) throw new PlatformRejectedError("A partner order needs at least one line.", "lines", null);
      if (!input.shipTo) throw new PlatformRejectedError("A partner order needs a shipping address.", "shipTo", null);
      const to = address(input.shipTo);
      const body = {
        status_id: AWAITING_FULFILLMENT,
        customer_id: 0, // a guest order: the seller's store gets no customer account or email
        billing_address: to,
        shipping_addresses: [{ ...to, shipping_method: "Partner order" }],
        products: input.lines.map((l, i) => {
          if (!l.productId) throw new PlatformRejectedError(`Line ${i + 1} has no BigCommerce product id for variant ${l.variantId}.`, `lines.${i}.productId`, null);
          return { product_id: numericId(l.productId, "product"), variant_id: numericId(l.variantId, "variant"), quantity: l.quantity };
        }),
        external_order_id: input.reference,
        external_source: "Consign (partner order)",
        staff_notes: input.note,
      };
      // POST /orders answers 200 with the order (createOrder responses)
      const res = await http.send(shop, { method: "POST", api: "v2", path: "/orders", body });
      const order = parseAnswer(partnerOrder, res.body, "POST /v2/orders");
      return { platformOrderId: String(order.id), name: `#${order.id}`, reference: blank(order.external_order_id) };
    },

    async getPartnerOrder(shop, platformOrderId) {
      if (!/^\d+$/.test(platformOrderId)) return null;
      const order = await rawOrder(shop, Number(platformOrderId));
      return order && !order.is_deleted ? state(shop, order) : null;
    },

    async partnerOrdersChangedSince(shop, match, since, cursor): Promise<Page<PartnerOrderState>> {
      // GET /orders has no prefix filter: changed orders are read by date_modified and ours kept
      const page = cursor ? Number(cursor) : 1;
      if (!Number.isInteger(page) || page < 1) throw new PlatformRejectedError(`Not a partner orders cursor: "${cursor}"`, "cursor", null);
      const res = await http.send(shop, {
        method: "GET",
        api: "v2",
        path: "/orders",
        query: { min_date_modified: since ? new Date(since).toISOString() : undefined, sort: "date_modified:asc", page, limit: PAGE },
      });
      if (res.status === 204 || res.body === null) return { items: [], nextCursor: null };
      const orders = parseAnswer(z.array(partnerOrder), res.body, "GET /v2/orders");
      const items: PartnerOrderState[] = [];
      for (const order of orders) {
        if (order.is_deleted || !order.external_order_id?.startsWith(match.referencePrefix)) continue;
        items.push(await state(shop, order));
      }
      return { items, nextCursor: orders.length < PAGE ? null : String(page + 1) };
    },

    async cancelPartnerOrder(shop, platformOrderId) {
      const oid = numericId(platformOrderId, "order");
      const order = await rawOrder(shop, oid);
      if (!order || order.is_deleted || order.status_id === CANCELLED) return;
      if ((order.items_shipped ?? 0) > 0) {
        throw new PlatformRejectedError(`The partner has already shipped part of order #${oid}; it cannot be cancelled from here.`, null, null);
      }
      // PUT /orders/{id} {status_id} changes the status (notes §2 "Other order behaviour")
      await http.send(shop, { method: "PUT", api: "v2", path: `/orders/${oid}`, body: { status_id: CANCELLED } });
    },
  };
}
