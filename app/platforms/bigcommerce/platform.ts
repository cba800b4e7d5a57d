// The BigCommerce adapter of the Platform port: Catalog v3 for products, Orders v2 for orders,
// order products, shipping addresses and shipments. Facts are from notes/bigcommerce.md and the
// OpenAPI files it describes; each vendor rule below names its source.
import { z } from "zod";
import { PlatformError, PlatformRejectedError } from "../errors";
import type {
  Page,
  Platform,
  PlatformOrder,
  PlatformOrderLine,
  PlatformProduct,
  PlatformShipment,
  PushedRef,
  PushOptions,
  ShopRef,
  TrackingEvent,
} from "../port";
import { bigCommerceCarrier } from "./carriers";
import { BigCommerceHttp, type BigCommerceHttpOptions, parseAnswer } from "./http";
import { bigCommercePartnerOrders } from "./partnerOrders";
import {
  type V2Order,
  type V2OrderProduct,
  type V2Shipment,
  type V2ShippingAddress,
  type V3Hook,
  v2Order,
  v2OrderProduct,
  v2Shipment,
  v2ShippingAddress,
  v3Hook,
  v3ProductsPage,
} from "./schemas";
import { type BigCommerceWebhookScope, CONSIGN_WEBHOOK_SCOPES } from "./webhooks";

/** Order status ids (orders.v2.oas2.yml GET /order_statuses; notes §2 "Order status IDs"). */
export const BC_STATUS = {
  SHIPPED: 2,
  PARTIALLY_SHIPPED: 3,
  CANCELLED: 5,
  COMPLETED: 10,
  AWAITING_FULFILLMENT: 11,
} as const;

/**
 * Statuses of an order not to be fulfilled yet (notes/bigcommerce.md "Order status IDs"): checkout
 * not finished, payment not confirmed or declined, or held for the merchant's fraud check. The
 * order is routed when it moves on (Awaiting Fulfillment: "checkout complete, payment confirmed").
 */
const NOT_READY: Record<number, string> = {
  0: "Incomplete",
  1: "Pending",
  6: "Declined",
  7: "Awaiting Payment",
  12: "Manual Verification Required",
};

export interface BigCommercePlatformOptions extends BigCommerceHttpOptions {
  /** orders per page of listOrdersChangedSince (each order costs two more requests); default 50 */
  ordersPageSize?: number;
  /** products per page of listProducts; default 50 (Catalog v3 maximum 250) */
  productsPageSize?: number;
  /**
   * On a DELIVERED tracking event, move a Shipped (2) order to Completed (10). Off by default:
   * BigCommerce has no tracking events, and Completed is the merchant's call (see recordTrackingEvent).
   */
  completeOrderOnDelivery?: boolean;
}

export interface WebhookRegistration {
  /** HTTPS on port 443 only (webhooks.v3.yml createWebhooks; notes §4) */
  destination: string;
  /** custom headers BigCommerce sends with every callback: our per-store secret */
  headers: Record<string, string>;
  scopes?: readonly BigCommerceWebhookScope[];
}

export interface BigCommercePlatform extends Platform {
  readonly kind: "BIGCOMMERCE";
  /** Creates or re-activates one hook per scope for this destination, with these headers. */
  registerWebhooks(shop: ShopRef, registration: WebhookRegistration): Promise<V3Hook[]>;
  listWebhooks(shop: ShopRef): Promise<V3Hook[]>;
}

// v2 `limit` has no maximum in the spec; the docs give 250 as the bulk maximum (notes §2).
const V2_MAX_LIMIT = 250;
const TRACKING_NUMBER_MAX = 50; // orderShipment_Post.tracking_number maxLength

const ordersCursor = z.object({ m: z.string().nullable(), p: z.number().int().min(1), skip: z.array(z.number().int()) });
type OrdersCursor = z.output<typeof ordersCursor>;

function encodeCursor(c: OrdersCursor): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}
function decodeCursor(raw: string): OrdersCursor {
  try {
    return ordersCursor.parse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
  } catch {
    throw new PlatformRejectedError(`Not a BigCommerce orders cursor: "${raw}"`, "cursor", null);
  }
}

function orderIdOf(order: { platformOrderId: string }): number {
  if (!/^\d+$/.test(order.platformOrderId)) {
    throw new PlatformRejectedError(`Not a BigCommerce order id: "${order.platformOrderId}"`, "platformOrderId", null);
  }
  return Number(order.platformOrderId);
}

/** v2 dates are RFC-2822 ("Wed, 10 Jan 2018 21:05:30 +0000"); we keep ISO-8601. */
function isoFromBc(value: string, field: string): string {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new PlatformError(`Unexpected BigCommerce date in ${field}: "${value}"`);
  return new Date(t).toISOString();
}

function blankToNull(v: string | null | undefined): string | null {
  return v && v.trim() !== "" ? v : null;
}

/**
 * Lines that ship: physical products that are not picked up in store. Digital products and gift
 * certificates (order product `type`) and pickup items (`order_pickup_method_id` > 0) never
 * get a shipment, so they are not lines to fulfil (orders.v2.oas2.yml orderProducts).
 */
function ships(p: V2OrderProduct): boolean {
  return (p.type === undefined || p.type === "physical") && !(p.order_pickup_method_id && p.order_pickup_method_id > 0);
}

function toLine(p: V2OrderProduct): PlatformOrderLine {
  return {
    // shipments name order products by the order product `id` (GET /orders/{id}/products:
    // "The response id is required when you create order shipments"; notes §2)
    platformLineId: String(p.id),
    productId: p.product_id ? String(p.product_id) : null, // custom products have 0/0
    variantId: p.variant_id ? String(p.variant_id) : null,
    sku: blankToNull(p.sku),
    title: p.name,
    quantity: p.quantity,
    cancelledQuantity: Math.min(p.quantity, Math.max(0, Math.trunc(p.quantity_refunded ?? 0))),
    unitPrice: blankToNull(p.base_price),
    shippedQuantity: Math.trunc(p.quantity_shipped),
  };
}

function toShipTo(a: V2ShippingAddress | undefined): PlatformOrder["shipTo"] {
  if (!a) return null;
  return {
    name: [a.first_name, a.last_name].filter((s) => s?.trim()).join(" "),
    company: blankToNull(a.company),
    address1: a.street_1 ?? "",
    address2: blankToNull(a.street_2),
    city: a.city ?? "",
    province: blankToNull(a.state),
    provinceCode: null, // v2 addresses carry the state name only
    zip: blankToNull(a.zip),
    country: blankToNull(a.country),
    countryCode: a.country_iso2 ?? "",
    phone: blankToNull(a.phone),
    email: blankToNull(a.email),
  };
}

function toPlatformOrder(order: V2Order, products: V2OrderProduct[], addresses: V2ShippingAddress[]): PlatformOrder {
  const billing = order.billing_address;
  const name = [billing?.first_name, billing?.last_name].filter((s) => s?.trim()).join(" ");
  const updatedAt = isoFromBc(order.date_modified, "date_modified");
  return {
    platformOrderId: String(order.id),
    name: `#${order.id}`,
    placedAt: isoFromBc(order.date_created, "date_created"),
    updatedAt,
    cancelledAt: order.status_id === BC_STATUS.CANCELLED ? updatedAt : null,
    customerEmail: blankToNull(billing?.email),
    customerName: name || null,
    // The port has one ship-to per order. A BigCommerce order may ship to several addresses;
    // pushShipment sends one shipment per address, so only the display uses the first one.
    shipTo: toShipTo(addresses[0]),
    lines: products.filter(ships).map(toLine),
    notReady: order.status_id in NOT_READY ? `BigCommerce status ${NOT_READY[order.status_id]}` : null,
  };
}

/** One BigCommerce shipment's worth: the items of one shipping address. */
interface AddressGroup {
  orderAddressId: number;
  items: { order_product_id: number; quantity: number }[];
}

function sameItems(a: { order_product_id: number; quantity: number }[], b: { order_product_id: number; quantity: number }[]): boolean {
  const key = (xs: typeof a) => {
    const sums = new Map<number, number>();
    for (const x of xs) sums.set(x.order_product_id, (sums.get(x.order_product_id) ?? 0) + x.quantity);
    return [...sums.entries()]
      .sort(([x], [y]) => x - y)
      .map(([k, v]) => `${k}x${v}`)
      .join(",");
  };
  return key(a) === key(b);
}

/**
 * The shipment fields that carry tracking. A BigCommerce shipment has ONE `tracking_number`
 * (string, maxLength 50; orderShipment_Post) and no list. Our shipment may carry k > 1 numbers
 * (several parcels across several items, DESIGN "Coverage rules") without saying which item is in
 * which parcel, so splitting it into k BigCommerce shipments would invent that assignment. We send
 * the first number as `tracking_number` (BigCommerce links it and emails it) and every number in
 * `comments` (maxLength 65535), so the merchant sees them all in the control panel.
 */
function trackingFields(t: Pick<PlatformShipment, "trackingNumbers" | "carrier" | "trackingUrl">) {
  const numbers = t.trackingNumbers.map((n) => n.trim()).filter(Boolean);
  const tooLong = numbers.find((n) => n.length > TRACKING_NUMBER_MAX);
  if (tooLong) {
    throw new PlatformRejectedError(
      `Tracking number "${tooLong}" is longer than the ${TRACKING_NUMBER_MAX} characters BigCommerce accepts`,
      "trackingNumbers",
      null,
    );
  }
  const carrier = bigCommerceCarrier(t.carrier);
  return {
    tracking_number: numbers[0] ?? "",
    // always sent, "" when no native provider fits (notes §2: omitted means "custom", no link)
    shipping_provider: carrier.shipping_provider,
    tracking_carrier: carrier.tracking_carrier,
    tracking_link: t.trackingUrl ?? "",
    comments: numbers.length > 1 ? `Tracking numbers: ${numbers.join(", ")}` : "",
  };
}

export function createBigCommercePlatform(options: BigCommercePlatformOptions): BigCommercePlatform {
  const http = new BigCommerceHttp(options);
  const ordersPageSize = Math.min(V2_MAX_LIMIT, Math.max(1, options.ordersPageSize ?? 50));
  const productsPageSize = Math.min(250, Math.max(1, options.productsPageSize ?? 50));

  /** Every row of a v2 sub-resource list (page/limit; an empty page may be a 204). */
  async function v2All<S extends z.ZodType>(shop: ShopRef, path: string, schema: S): Promise<z.output<S>[]> {
    const rows: z.output<S>[] = [];
    for (let page = 1; ; page++) {
      const res = await http.send(shop, { method: "GET", api: "v2", path, query: { page, limit: V2_MAX_LIMIT } });
      if (res.status === 204 || res.body === null) break;
      const batch = parseAnswer(z.array(schema), res.body, `GET /v2${path}`);
      rows.push(...batch);
      if (batch.length < V2_MAX_LIMIT) break;
    }
    return rows;
  }

  const orderProducts = (shop: ShopRef, oid: number) => v2All(shop, `/orders/${oid}/products`, v2OrderProduct);
  const orderAddresses = (shop: ShopRef, oid: number) => v2All(shop, `/orders/${oid}/shipping_addresses`, v2ShippingAddress);
  const orderShipments = (shop: ShopRef, oid: number) => v2All(shop, `/orders/${oid}/shipments`, v2Shipment);

  async function rawOrder(shop: ShopRef, oid: number): Promise<V2Order | null> {
    const res = await http.send(shop, { method: "GET", api: "v2", path: `/orders/${oid}` }, { allow404: true });
    if (res.status === 404) return null;
    return parseAnswer(v2Order, res.body, `GET /v2/orders/${oid}`);
  }

  async function fullOrder(shop: ShopRef, order: V2Order): Promise<PlatformOrder> {
    const products = await orderProducts(shop, order.id);
    const addresses = await orderAddresses(shop, order.id);
    return toPlatformOrder(order, products, addresses);
  }

  /** Our shipment lines → one group per shipping address (each BigCommerce shipment names one). */
  async function addressGroups(shop: ShopRef, oid: number, shipment: PlatformShipment): Promise<AddressGroup[]> {
    if (shipment.lines.length === 0) throw new PlatformRejectedError("A shipment needs at least one line", "lines", null);
    const products = new Map((await orderProducts(shop, oid)).map((p) => [String(p.id), p]));
    const groups = new Map<number, Map<number, number>>();
    for (const [i, line] of shipment.lines.entries()) {
      const product = products.get(line.platformLineId);
      if (!product || !ships(product)) {
        throw new PlatformRejectedError(`Order ${oid} has no shippable order product ${line.platformLineId}`, `lines.${i}.platformLineId`, null);
      }
      if (!Number.isInteger(line.quantity) || line.quantity < 1) {
        throw new PlatformRejectedError(`Quantity must be a whole number of at least 1, got ${line.quantity}`, `lines.${i}.quantity`, null);
      }
      const items = groups.get(product.order_address_id) ?? new Map<number, number>();
      items.set(product.id, (items.get(product.id) ?? 0) + line.quantity);
      groups.set(product.order_address_id, items);
    }
    return [...groups.entries()]
      .sort(([a], [b]) => a - b)
      .map(([orderAddressId, items]) => ({
        orderAddressId,
        items: [...items.entries()].map(([order_product_id, quantity]) => ({ order_product_id, quantity })),
      }));
  }

  /**
   * A shipment already on the order with this tracking number and exactly these items. Without a
   * tracking number two shipments of the same items cannot be told apart, so nothing matches.
   */
  function findMatch(existing: V2Shipment[], group: AddressGroup, trackingNumber: string, taken: Set<number>): V2Shipment | undefined {
    if (!trackingNumber) return undefined;
    return existing.find(
      (s) =>
        !taken.has(s.id) &&
        (s.tracking_number ?? "") === trackingNumber &&
        s.order_address_id === group.orderAddressId &&
        sameItems(s.items, group.items),
    );
  }

  async function setStatus(shop: ShopRef, oid: number, statusId: number): Promise<void> {
    await http.send(shop, { method: "PUT", api: "v2", path: `/orders/${oid}`, body: { status_id: statusId } });
  }

  /**
   * BigCommerce: "Deleting a shipment does not move the order out of shipped status" (notes §2,
   * docs/store-operations/orders). After a cancel we set the status that the remaining shipments
   * support: nothing shipped → Awaiting Fulfillment (11), some → Partially Shipped (3). Only an
   * order that is Shipped or Partially Shipped is touched.
   */
  async function restoreStatusAfterCancel(shop: ShopRef, oid: number): Promise<void> {
    const order = await rawOrder(shop, oid);
    if (!order || (order.status_id !== BC_STATUS.SHIPPED && order.status_id !== BC_STATUS.PARTIALLY_SHIPPED)) return;
    let due = 0;
    let shipped = 0;
    for (const p of (await orderProducts(shop, oid)).filter(ships)) {
      const lineDue = Math.max(0, p.quantity - Math.trunc(p.quantity_refunded ?? 0));
      due += lineDue;
      shipped += Math.min(lineDue, p.quantity_shipped);
    }
    const target = shipped === 0 ? BC_STATUS.AWAITING_FULFILLMENT : shipped < due ? BC_STATUS.PARTIALLY_SHIPPED : BC_STATUS.SHIPPED;
    if (target !== order.status_id) await setStatus(shop, oid, target);
  }

  async function listWebhooks(shop: ShopRef, filter: { scope?: string; destination?: string } = {}): Promise<V3Hook[]> {
    const hooks: V3Hook[] = [];
    for (let page = 1; ; page++) {
      const res = await http.send(shop, { method: "GET", api: "v3", path: "/hooks", query: { page, limit: 250, ...filter } });
      if (res.status === 204 || res.body === null) break;
      const batch = parseAnswer(z.object({ data: z.array(v3Hook) }), res.body, "GET /v3/hooks").data;
      hooks.push(...batch);
      if (batch.length < 250) break;
    }
    return hooks;
  }

  return {
    kind: "BIGCOMMERCE",
    partnerOrders: bigCommercePartnerOrders(http),

    async listProducts(shop, cursor, query) {
      const page = cursor === null ? 1 : Number(cursor);
      if (!Number.isInteger(page) || page < 1) throw new PlatformRejectedError(`Not a products cursor: "${cursor}"`, "cursor", null);
      // GET /catalog/products with include=variants (products_catalog.v3.yml getProducts;
      // `keyword` searches name, description, sku and brand). Paged by meta.pagination (notes §3).
      const res = await http.send(shop, {
        method: "GET",
        api: "v3",
        path: "/catalog/products",
        query: { include: "variants", page, limit: productsPageSize, keyword: query?.trim() || undefined },
      });
      const body = parseAnswer(v3ProductsPage, res.body, "GET /v3/catalog/products");
      const items: PlatformProduct[] = body.data.map((p) => ({
        id: String(p.id),
        title: p.name,
        variants: (p.variants ?? []).map((v) => {
          const options = (v.option_values ?? []).map((o) => o.label).filter(Boolean);
          return { id: String(v.id), title: options.length ? options.join(" / ") : p.name, sku: blankToNull(v.sku) };
        }),
      }));
      const { current_page, total_pages } = body.meta.pagination;
      return { items, nextCursor: current_page < total_pages ? String(current_page + 1) : null };
    },

    async getOrder(shop, platformOrderId) {
      if (!/^\d+$/.test(platformOrderId)) return null;
      const order = await rawOrder(shop, Number(platformOrderId));
      return order ? fullOrder(shop, order) : null;
    },

    async listOrdersChangedSince(shop, since, cursor): Promise<Page<PlatformOrder>> {
      // Keyset paging on date_modified (GET /orders?min_date_modified=…&sort=date_modified:asc).
      // Page numbers alone would skip an order when an earlier one is modified mid-walk and moves
      // to the end. The next page starts at the last date seen (inclusive: BigCommerce dates are
      // whole seconds), leaving out the orders already returned at that second; a page that is
      // all one second steps by page number.
      let c: OrdersCursor = cursor ? decodeCursor(cursor) : { m: since ? new Date(since).toISOString() : null, p: 1, skip: [] };
      if (c.m !== null && Number.isNaN(Date.parse(c.m))) throw new PlatformRejectedError(`Not a date: "${c.m}"`, "since", null);
      // a page may hold only orders returned before; go on until one has news or the list ends
      for (let round = 0; round < 20; round++) {
        const res = await http.send(shop, {
          method: "GET",
          api: "v2",
          path: "/orders",
          query: { min_date_modified: c.m ?? undefined, sort: "date_modified:asc", page: c.p, limit: ordersPageSize },
        });
        // no matching orders: 204 with an empty body (notes §2, aligent/bigcommerce-v3-api-php-client#177)
        if (res.status === 204 || res.body === null) return { items: [], nextCursor: null };
        const orders = parseAnswer(z.array(v2Order), res.body, "GET /v2/orders");
        const skip = new Set(c.skip);
        const items: PlatformOrder[] = [];
        for (const order of orders) if (!skip.has(order.id)) items.push(await fullOrder(shop, order));
        if (orders.length < ordersPageSize) return { items, nextCursor: null };
        const modified = (o: V2Order) => Date.parse(isoFromBc(o.date_modified, "date_modified"));
        const lastAt = modified(orders[orders.length - 1]);
        const atLast = orders.filter((o) => modified(o) === lastAt).map((o) => o.id);
        c =
          c.m !== null && lastAt === Date.parse(c.m)
            ? { m: c.m, p: c.p + 1, skip: [...new Set([...c.skip, ...atLast])] }
            : { m: new Date(lastAt).toISOString(), p: 1, skip: atLast };
        if (items.length) return { items, nextCursor: encodeCursor(c) };
      }
      return { items: [], nextCursor: encodeCursor(c) };
    },

    async pushShipment(shop, order, shipment, _opts: PushOptions): Promise<PushedRef> {
      // `notifyCustomer`: BigCommerce has no per-request switch; shipment emails follow the
      // store's settings (notes §2). `idempotencyKey`: no such header; we match tracking + items.
      const oid = orderIdOf(order);
      const fields = trackingFields(shipment);
      const groups = await addressGroups(shop, oid, shipment);
      const existing = fields.tracking_number ? await orderShipments(shop, oid) : [];
      const taken = new Set<number>();
      const ids: string[] = [];
      for (const group of groups) {
        const found = findMatch(existing, group, fields.tracking_number, taken);
        if (found) {
          taken.add(found.id);
          ids.push(String(found.id));
          continue;
        }
        // POST /orders/{id}/shipments: order_address_id and items are required (orderShipment_Post)
        const res = await http.send(shop, {
          method: "POST",
          api: "v2",
          path: `/orders/${oid}/shipments`,
          body: {
            order_address_id: group.orderAddressId,
            ...fields,
            ...(shipment.method ? { shipping_method: shipment.method } : {}),
            items: group.items,
          },
        });
        const created = parseAnswer(v2Shipment, res.body, `POST /v2/orders/${oid}/shipments`);
        taken.add(created.id);
        ids.push(String(created.id));
      }
      return { ids };
    },

    async findPushed(shop, order, shipment) {
      const oid = orderIdOf(order);
      const trackingNumber = trackingFields(shipment).tracking_number;
      if (!trackingNumber) return null;
      const groups = await addressGroups(shop, oid, shipment);
      const existing = await orderShipments(shop, oid);
      const taken = new Set<number>();
      const ids: string[] = [];
      for (const group of groups) {
        const found = findMatch(existing, group, trackingNumber, taken);
        // a push cut short after some addresses is not "pushed": pushShipment completes it
        if (!found) return null;
        taken.add(found.id);
        ids.push(String(found.id));
      }
      return { ids };
    },

    async updateTracking(shop, order, ref, tracking) {
      // PUT /orders/{id}/shipments/{sid}: tracking fields are editable, items are not (notes §2)
      const oid = orderIdOf(order);
      const body = trackingFields(tracking);
      for (const sid of ref.ids) {
        await http.send(shop, { method: "PUT", api: "v2", path: `/orders/${oid}/shipments/${Number(sid)}`, body });
      }
    },

    async cancelShipment(shop, order, ref) {
      const oid = orderIdOf(order);
      for (const sid of ref.ids) {
        // already gone (a repeat of this call, or the merchant deleted it) is what we want
        await http.send(shop, { method: "DELETE", api: "v2", path: `/orders/${oid}/shipments/${Number(sid)}` }, { allow404: true });
      }
      await restoreStatusAfterCancel(shop, oid);
    },

    /**
     * BigCommerce keeps no carrier events on shipments (Orders v2 has no such resource), so most
     * events have nowhere to go and are a no-op. The one status that fits is Completed after
     * delivery ("Shipped: … receipt has not been confirmed", GET /order_statuses); it is applied
     * only with `completeOrderOnDelivery`, and only to an order that is Shipped (2) in full.
     */
    async recordTrackingEvent(shop, order, _ref, event: TrackingEvent) {
      if (event.status !== "DELIVERED" || !options.completeOrderOnDelivery) return;
      const oid = orderIdOf(order);
      const current = await rawOrder(shop, oid);
      if (current?.status_id === BC_STATUS.SHIPPED) await setStatus(shop, oid, BC_STATUS.COMPLETED);
    },

    async registerWebhooks(shop, registration) {
      const url = URL.canParse(registration.destination) ? new URL(registration.destination) : null;
      if (url?.protocol !== "https:" || (url.port !== "" && url.port !== "443")) {
        throw new PlatformRejectedError("BigCommerce delivers webhooks only to an HTTPS URL on port 443", "destination", null);
      }
      const hooks: V3Hook[] = [];
      for (const scope of registration.scopes ?? CONSIGN_WEBHOOK_SCOPES) {
        const body = { scope, destination: registration.destination, is_active: true, headers: registration.headers };
        try {
          // POST /hooks answers 200 with {data: webhook} (webhooks.v3.yml createWebhooks)
          const res = await http.send(shop, { method: "POST", api: "v3", path: "/hooks", body });
          hooks.push(parseAnswer(z.object({ data: v3Hook }), res.body, "POST /v3/hooks").data);
        } catch (error) {
          // One hook per store + app + scope + destination (notes §4): a repeat registration is
          // refused; then the existing hook is updated to these headers and re-activated.
          if (!(error instanceof PlatformRejectedError) || error.status === null || error.status >= 500) throw error;
          const same = (await listWebhooks(shop, { scope, destination: registration.destination })).find(
            (h) => h.scope === scope && h.destination === registration.destination,
          );
          if (!same) throw error;
          const res = await http.send(shop, {
            method: "PUT",
            api: "v3",
            path: `/hooks/${same.id}`,
            body: { is_active: true, headers: registration.headers },
          });
          hooks.push(parseAnswer(z.object({ data: v3Hook }), res.body, `PUT /v3/hooks/${same.id}`).data);
        }
      }
      return hooks;
    },

    listWebhooks: (shop) => listWebhooks(shop),
  };
}
