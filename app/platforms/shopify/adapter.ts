// The Platform port over Shopify's Admin GraphQL API (2026-10), with the shop's offline token.
//
// Shipments are written with fulfillmentCreate against fulfillment orders (FOs): a FO holds the
// lines Shopify assigned to one location, and one fulfillmentCreate may only take FOs of one order
// and one location (Mutation.fulfillmentCreate description; notes/shopify.md §1). So a shipment
// whose lines sit at two locations becomes two fulfillments, and its PushedRef has both ids.
// Our lines are Shopify LineItem ids; the adapter finds the FO line items of those line items that
// still have remainingQuantity. fulfillmentCreate takes no idempotency key (@idempotent is only for
// mutations that document it; 2026-10 schema), so PushOptions.idempotencyKey is unused: exactly-once
// rests on findPushed and on looking before repeating a call whose outcome is unknown (client.ts).
import type { z } from "zod";
import { PlatformError, PlatformRejectedError } from "../errors";
import type {
  Page,
  Platform,
  PlatformOrder,
  PlatformProduct,
  PlatformShipment,
  PushedRef,
  PushOptions,
  ShopRef,
  TrackingEvent,
} from "../port";
import { shopifyTrackingCompany } from "./carriers";
import { type AccessTokenProvider, ShopifyGraphQL } from "./client";
import * as doc from "./documents";
import { shopifyPartnerOrders } from "./partnerOrders";
import * as r from "./responses";
import type { ShopifyThrottle } from "./throttle";
import { SHOPIFY_API_VERSION, shopifyGraphqlEndpoint } from "./version";

export interface ShopifyPlatformOptions {
  /** must be 2026-10, the version Consign is pinned to */
  apiVersion?: string;
  /** the shop's Admin GraphQL URL (default https://{shop}/admin/api/2026-10/graphql.json) */
  endpoint?: (shopDomain: string) => string;
  /** the shop's offline token (the app refreshes expiring tokens here) */
  accessToken: AccessTokenProvider;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
  retry?: { retries?: number; minDelayMs?: number; maxDelayMs?: number };
  maxThrottledRetries?: number;
  throttle?: ShopifyThrottle;
  /** orders per page of listOrdersChangedSince (default 8: keeps the query under 1,000 points) */
  ordersPageSize?: number;
}

export interface ShopifyPlatform extends Platform {
  readonly kind: "SHOPIFY";
  readonly throttle: ShopifyThrottle;
}

interface FoLine {
  id: string;
  lineItemId: string;
  remaining: number;
  fulfillmentOrderId: string;
  locationId: string;
  fulfillable: boolean;
  status: string;
}

/** Lines of one fulfillmentCreate: FOs of one location, each with its FO line items and quantities. */
interface LocationGroup {
  locationId: string;
  byFulfillmentOrder: Map<string, { id: string; quantity: number }[]>;
  /** LineItem id → quantity, for matching it on Shopify later */
  lines: Map<string, number>;
}

interface ExistingFulfillment {
  id: string;
  locationId: string | null;
  numbers: string[];
  lines: Map<string, number>;
}

const normalizeNumber = (n: string) => n.trim().toUpperCase();

function sameNumbers(a: string[], b: string[]): boolean {
  const x = new Set(a.map(normalizeNumber));
  const y = new Set(b.map(normalizeNumber));
  return x.size === y.size && [...x].every((n) => y.has(n));
}

function sameLines(a: Map<string, number>, b: Map<string, number>): boolean {
  return a.size === b.size && [...a].every(([id, q]) => b.get(id) === q);
}

function linesOf(shipment: PlatformShipment): Map<string, number> {
  const lines = new Map<string, number>();
  for (const l of shipment.lines) lines.set(l.platformLineId, (lines.get(l.platformLineId) ?? 0) + l.quantity);
  return lines;
}

interface Connection<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** The nodes of a connection and of all its later pages. */
async function allNodes<T>(first: Connection<T>, next: (after: string | null) => Promise<Connection<T> | null>): Promise<T[]> {
  const nodes = [...first.nodes];
  let page = first.pageInfo;
  while (page.hasNextPage) {
    const more = await next(page.endCursor);
    if (!more) break;
    nodes.push(...more.nodes);
    page = more.pageInfo;
  }
  return nodes;
}

function numericId(gid: string): string {
  return gid.slice(gid.lastIndexOf("/") + 1);
}

function blankToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function rejectUserErrors(errors: { field: string[] | null; message: string }[]): void {
  if (errors.length === 0) return;
  throw new PlatformRejectedError(errors.map((e) => e.message).join("; "), errors[0]!.field?.join(".") ?? null, 200);
}

export function createShopifyPlatform(options: ShopifyPlatformOptions): ShopifyPlatform {
  const apiVersion = options.apiVersion ?? SHOPIFY_API_VERSION;
  if (apiVersion !== SHOPIFY_API_VERSION) {
    throw new PlatformError(`Consign is pinned to Shopify Admin API ${SHOPIFY_API_VERSION}, not ${apiVersion}`);
  }
  const gql = new ShopifyGraphQL({
    apiVersion,
    endpoint: options.endpoint ?? ((shop) => shopifyGraphqlEndpoint(shop, apiVersion)),
    accessToken: options.accessToken,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.maxThrottledRetries ? { maxThrottledRetries: options.maxThrottledRetries } : {}),
    ...(options.throttle ? { throttle: options.throttle } : {}),
  });
  const ordersPageSize = options.ordersPageSize ?? 8;

  // ------------------------------------------------------------------ orders

  const toPlatformOrder = (o: r.Order, lines: r.LineItem[]): PlatformOrder => {
    const a = o.shippingAddress;
    const customerName = blankToNull([o.customer?.firstName, o.customer?.lastName].filter(Boolean).join(" "));
    return {
      platformOrderId: o.id,
      name: o.name,
      placedAt: new Date(o.processedAt ?? o.createdAt).toISOString(),
      updatedAt: new Date(o.updatedAt).toISOString(),
      cancelledAt: o.cancelledAt ? new Date(o.cancelledAt).toISOString() : null,
      customerEmail: blankToNull(o.email) ?? blankToNull(o.customer?.email),
      customerName,
      shipTo: a
        ? {
            name: blankToNull(a.name) ?? blankToNull([a.firstName, a.lastName].filter(Boolean).join(" ")) ?? "",
            company: blankToNull(a.company),
            address1: a.address1 ?? "",
            address2: blankToNull(a.address2),
            city: a.city ?? "",
            province: blankToNull(a.province),
            provinceCode: blankToNull(a.provinceCode),
            zip: blankToNull(a.zip),
            country: blankToNull(a.country),
            countryCode: a.countryCodeV2 ?? "",
            phone: blankToNull(a.phone),
            email: blankToNull(o.email),
          }
        : null,
      lines: lines.map((li) => ({
        platformLineId: li.id,
        productId: li.product?.id ?? null,
        variantId: li.variant?.id ?? null,
        sku: blankToNull(li.sku),
        title: blankToNull(li.name) ?? blankToNull(li.title) ?? "(untitled item)",
        quantity: li.quantity,
        // currentQuantity excludes removed and refunded units
        cancelledQuantity: Math.min(li.quantity, Math.max(0, li.quantity - li.currentQuantity)),
        unitPrice: li.originalUnitPriceSet.shopMoney.amount,
      })),
    };
  };

  /** All the order's line items: the first page came with the order. */
  const restOfLines = (shop: ShopRef, o: r.Order): Promise<r.LineItem[]> =>
    allNodes(o.lineItems, async (after) => (await gql.request(shop, doc.ORDER_LINE_ITEMS, { id: o.id, after }, r.orderLineItems)).order?.lineItems ?? null);

  // ------------------------------------------------------------------ fulfillment orders

  const loadFoLines = async (shop: ShopRef, orderId: string): Promise<FoLine[] | null> => {
    const result: FoLine[] = [];
    let after: string | null = null;
    for (;;) {
      const data: z.output<typeof r.orderFulfillmentOrders> = await gql.request(
        shop,
        doc.ORDER_FULFILLMENT_ORDERS,
        { id: orderId, after },
        r.orderFulfillmentOrders,
      );
      if (!data.order) return null;
      for (const fo of data.order.fulfillmentOrders.nodes) {
        const fulfillable = fo.supportedActions.some((a) => a.action === "CREATE_FULFILLMENT");
        const locationId = fo.assignedLocation.location?.id ?? `unknown:${fo.id}`;
        const lines = await allNodes(
          fo.lineItems,
          async (after) =>
            (await gql.request(shop, doc.FULFILLMENT_ORDER_LINE_ITEMS, { id: fo.id, after }, r.fulfillmentOrderLineItems)).fulfillmentOrder?.lineItems ?? null,
        );
        for (const l of lines) {
          result.push({
            id: l.id,
            lineItemId: l.lineItem.id,
            remaining: l.remainingQuantity,
            fulfillmentOrderId: fo.id,
            locationId,
            fulfillable,
            status: fo.status,
          });
        }
      }
      const page = data.order.fulfillmentOrders.pageInfo;
      if (!page.hasNextPage) return result;
      after = page.endCursor;
    }
  };

  /**
   * Allocates the wanted quantities to FO line items with remaining quantity, grouped by location.
   * Throws PlatformRejectedError (before anything is written) when a line is not on the order or
   * more is asked than remains — with Shopify's own words for the latter (notes §1).
   */
  const plan = (foLines: FoLine[], wanted: Map<string, number>, shipment: PlatformShipment): LocationGroup[] => {
    const groups = new Map<string, LocationGroup>();
    for (const [lineItemId, quantity] of wanted) {
      const index = shipment.lines.findIndex((l) => l.platformLineId === lineItemId);
      const candidates = foLines.filter((l) => l.lineItemId === lineItemId);
      if (candidates.length === 0) {
        throw new PlatformRejectedError(`Line item ${lineItemId} is not on this order.`, `lines.${index}.platformLineId`, null);
      }
      let left = quantity;
      for (const c of candidates.filter((l) => l.fulfillable && l.remaining > 0).sort((a, b) => b.remaining - a.remaining)) {
        if (left === 0) break;
        const take = Math.min(left, c.remaining);
        left -= take;
        const group = groups.get(c.locationId) ?? { locationId: c.locationId, byFulfillmentOrder: new Map(), lines: new Map() };
        const foLinesOfGroup = group.byFulfillmentOrder.get(c.fulfillmentOrderId) ?? [];
        foLinesOfGroup.push({ id: c.id, quantity: take });
        group.byFulfillmentOrder.set(c.fulfillmentOrderId, foLinesOfGroup);
        group.lines.set(lineItemId, (group.lines.get(lineItemId) ?? 0) + take);
        groups.set(c.locationId, group);
      }
      if (left > 0) {
        const held = candidates.find((l) => !l.fulfillable && l.remaining > 0);
        if (held) {
          throw new PlatformRejectedError(
            `Line item ${lineItemId} cannot be fulfilled now: its fulfillment order is ${held.status}.`,
            `lines.${index}.platformLineId`,
            null,
          );
        }
        throw new PlatformRejectedError("Invalid fulfillment order line item quantity requested.", `lines.${index}.quantity`, null);
      }
    }
    return [...groups.values()];
  };

  // ------------------------------------------------------------------ existing fulfillments

  const fulfillmentDetail = async (shop: ShopRef, id: string): Promise<(ExistingFulfillment & { status: string }) | null> => {
    const page = async (after: string | null) => (await gql.request(shop, doc.FULFILLMENT_DETAIL, { id, after }, r.fulfillmentDetail)).fulfillment;
    const f = await page(null);
    if (!f) return null;
    const lines = new Map<string, number>();
    for (const n of await allNodes(f.fulfillmentLineItems, async (after) => (await page(after))?.fulfillmentLineItems ?? null)) {
      lines.set(n.lineItem.id, (lines.get(n.lineItem.id) ?? 0) + (n.quantity ?? 0));
    }
    return { id, status: f.status, locationId: f.location?.id ?? null, numbers: f.trackingInfo.flatMap((t) => (t.number ? [t.number] : [])), lines };
  };

  /** Live (not cancelled) fulfillments of the order that carry exactly these tracking numbers. */
  const sameTrackingFulfillments = async (shop: ShopRef, orderId: string, numbers: string[]): Promise<ExistingFulfillment[] | null> => {
    const data = await gql.request(shop, doc.ORDER_FULFILLMENTS, { id: orderId }, r.orderFulfillments);
    if (!data.order) return null;
    const wanted = new Set(numbers.map(normalizeNumber));
    // The list shows the first 3 numbers of each; the detail query confirms all of them.
    const candidates = data.order.fulfillments.filter((f) => {
      if (f.status === "CANCELLED") return false;
      const shown = f.trackingInfo.flatMap((t) => (t.number ? [normalizeNumber(t.number)] : []));
      return shown.length === Math.min(3, wanted.size) && shown.every((n) => wanted.has(n));
    });
    const result: ExistingFulfillment[] = [];
    for (const c of candidates) {
      const detail = await fulfillmentDetail(shop, c.id);
      if (detail && detail.status !== "CANCELLED" && sameNumbers(detail.numbers, numbers)) result.push(detail);
    }
    return result;
  };

  /** Smallest set of fulfillments whose lines add up exactly to `wanted` (one per location at most). */
  const exactCover = (candidates: ExistingFulfillment[], wanted: Map<string, number>): ExistingFulfillment[] | null => {
    const fitting = candidates.filter((c) => [...c.lines].every(([id, q]) => q <= (wanted.get(id) ?? 0)));
    const n = Math.min(fitting.length, 12);
    let best: ExistingFulfillment[] | null = null;
    for (let mask = 1; mask < 1 << n; mask++) {
      const set = fitting.filter((_, i) => mask & (1 << i));
      if (best && set.length >= best.length) continue;
      const sum = new Map<string, number>();
      for (const f of set) for (const [id, q] of f.lines) sum.set(id, (sum.get(id) ?? 0) + q);
      if (sameLines(sum, wanted)) best = set;
    }
    return best;
  };

  const trackingInput = (t: Pick<PlatformShipment, "trackingNumbers" | "carrier" | "trackingUrl">) => {
    const company = shopifyTrackingCompany(t.carrier);
    const numbers = t.trackingNumbers.map((n) => n.trim()).filter(Boolean);
    const input: { company?: string; numbers?: string[]; urls?: string[] } = {};
    if (company) input.company = company;
    if (numbers.length > 0) input.numbers = numbers;
    if (t.trackingUrl) input.urls = [t.trackingUrl];
    return input;
  };

  /** One fulfillmentCreate for one location; after an unknown outcome, looks for it before retrying. */
  const createAtLocation = async (shop: ShopRef, orderId: string, group: LocationGroup, shipment: PlatformShipment, notifyCustomer: boolean) => {
    const tracking = trackingInput(shipment);
    const variables = {
      fulfillment: {
        lineItemsByFulfillmentOrder: [...group.byFulfillmentOrder].map(([fulfillmentOrderId, lines]) => ({
          fulfillmentOrderId,
          fulfillmentOrderLineItems: lines,
        })),
        notifyCustomer,
        ...(Object.keys(tracking).length > 0 ? { trackingInfo: tracking } : {}),
      },
    };
    const data = await gql.request(shop, doc.FULFILLMENT_CREATE, variables, r.fulfillmentCreate, {
      reconcile: async () => {
        const existing = await sameTrackingFulfillments(shop, orderId, shipment.trackingNumbers);
        const match = existing?.find((f) => f.locationId === group.locationId && sameLines(f.lines, group.lines));
        return match ? { fulfillmentCreate: { fulfillment: { id: match.id, status: "SUCCESS" }, userErrors: [] } } : null;
      },
    });
    const payload = data.fulfillmentCreate;
    if (!payload) throw new PlatformError("fulfillmentCreate returned no payload");
    rejectUserErrors(payload.userErrors);
    if (!payload.fulfillment) throw new PlatformError("fulfillmentCreate returned neither a fulfillment nor userErrors");
    return payload.fulfillment.id;
  };

  const cancelOne = async (shop: ShopRef, id: string): Promise<void> => {
    const statusOf = async () => (await gql.request(shop, doc.FULFILLMENT_EVENTS, { id }, r.fulfillmentEvents)).fulfillment?.status ?? null;
    const data = await gql.request(shop, doc.FULFILLMENT_CANCEL, { id }, r.fulfillmentCancel, {
      reconcile: async () => ((await statusOf()) === "CANCELLED" ? { fulfillmentCancel: { fulfillment: { id, status: "CANCELLED" }, userErrors: [] } } : null),
    });
    const payload = data.fulfillmentCancel;
    if (!payload) throw new PlatformError("fulfillmentCancel returned no payload");
    // Cancelling twice is the same as cancelling once.
    if (payload.userErrors.length > 0 && (await statusOf()) === "CANCELLED") return;
    rejectUserErrors(payload.userErrors);
  };

  const platform: ShopifyPlatform = {
    kind: "SHOPIFY",
    throttle: gql.throttle,
    partnerOrders: shopifyPartnerOrders(gql),

    async listProducts(shop, cursor, query): Promise<Page<PlatformProduct>> {
      const page = await gql.request(shop, doc.PRODUCTS_PAGE, { first: 250, after: cursor, query: query ?? null }, r.productsPage);
      const products = page.products.nodes;
      const variants = new Map<string, PlatformProduct["variants"]>();
      if (products.length > 0) {
        const query = `product_ids:${products.map((p) => numericId(p.id)).join(",")}`;
        const page = async (after: string | null) => (await gql.request(shop, doc.VARIANTS_OF_PRODUCTS, { query, after }, r.variantsPage)).productVariants;
        for (const v of await allNodes(await page(null), page)) {
          const list = variants.get(v.product.id) ?? [];
          list.push({ id: v.id, title: v.title, sku: blankToNull(v.sku) });
          variants.set(v.product.id, list);
        }
      }
      return {
        items: products.map((p) => ({ id: p.id, title: p.title, variants: variants.get(p.id) ?? [] })),
        nextCursor: page.products.pageInfo.hasNextPage ? page.products.pageInfo.endCursor : null,
      };
    },

    async getOrder(shop, platformOrderId) {
      const data = await gql.request(shop, doc.GET_ORDER, { id: platformOrderId }, r.getOrder);
      if (!data.order) return null;
      return toPlatformOrder(data.order, await restOfLines(shop, data.order));
    },

    async listOrdersChangedSince(shop, since, cursor) {
      // >= rather than >: an order updated in the same second as the cursor is seen again, never missed.
      const query = since ? `updated_at:>='${new Date(since).toISOString()}'` : null;
      const data = await gql.request(shop, doc.ORDERS_CHANGED_SINCE, { first: ordersPageSize, after: cursor, query }, r.ordersPage);
      const items: PlatformOrder[] = [];
      for (const o of data.orders.nodes) items.push(toPlatformOrder(o, await restOfLines(shop, o)));
      return { items, nextCursor: data.orders.pageInfo.hasNextPage ? data.orders.pageInfo.endCursor : null };
    },

    async pushShipment(shop, order, shipment, opts: PushOptions): Promise<PushedRef> {
      shipment.lines.forEach((l, i) => {
        if (!Number.isInteger(l.quantity) || l.quantity < 1) {
          throw new PlatformRejectedError(`quantity must be a whole number of at least 1, got ${l.quantity}`, `lines.${i}.quantity`, null);
        }
      });
      if (shipment.lines.length === 0) throw new PlatformRejectedError("A shipment needs at least one line.", "lines", null);
      const wanted = linesOf(shipment);
      const foLines = await loadFoLines(shop, order.platformOrderId);
      if (!foLines) throw new PlatformRejectedError(`Order ${order.platformOrderId} does not exist on Shopify.`, "order", 404);

      let groups: LocationGroup[];
      const reused: string[] = [];
      try {
        groups = plan(foLines, wanted, shipment);
      } catch (error) {
        // Not enough left: perhaps this very shipment is (partly) on Shopify already — a push that
        // crashed between its per-location calls. Reuse what matches; refuse the rest.
        if (!(error instanceof PlatformRejectedError) || !error.field?.endsWith(".quantity")) throw error;
        const existing = (await sameTrackingFulfillments(shop, order.platformOrderId, shipment.trackingNumbers)) ?? [];
        const whole = exactCover(existing, wanted);
        if (whole) return { ids: whole.map((f) => f.id) };
        const locations = new Set(foLines.filter((l) => wanted.has(l.lineItemId)).map((l) => l.locationId));
        if (locations.size < 2) throw error;
        const left = new Map(wanted);
        for (const f of existing) {
          if (!f.locationId || ![...f.lines].every(([id, q]) => q <= (left.get(id) ?? 0))) continue;
          for (const [id, q] of f.lines) left.set(id, left.get(id)! - q);
          reused.push(f.id);
        }
        for (const [id, q] of left) if (q === 0) left.delete(id);
        if (reused.length === 0) throw error;
        groups = plan(foLines, left, shipment);
      }
      if (reused.length === 0 && groups.length > 1 && shipment.trackingNumbers.length > 0) {
        // Enough units left to plan again does not mean nothing landed: a crashed push of a
        // partial shipment may have written some of its locations. Reuse those, write the rest.
        const existing = (await sameTrackingFulfillments(shop, order.platformOrderId, shipment.trackingNumbers)) ?? [];
        groups = groups.filter((group) => {
          const landed = existing.find((f) => !reused.includes(f.id) && f.locationId === group.locationId && sameLines(f.lines, group.lines));
          if (landed) reused.push(landed.id);
          return !landed;
        });
      }

      const created: string[] = [];
      try {
        for (const group of groups) {
          created.push(await createAtLocation(shop, order.platformOrderId, group, shipment, opts.notifyCustomer));
        }
      } catch (error) {
        // All or nothing: a refused later location undoes the earlier ones of this call.
        if (error instanceof PlatformRejectedError) {
          for (const id of created) await cancelOne(shop, id).catch(() => undefined);
        }
        throw error;
      }
      return { ids: [...reused, ...created] };
    },

    async findPushed(shop, order, shipment) {
      const existing = await sameTrackingFulfillments(shop, order.platformOrderId, shipment.trackingNumbers);
      if (!existing) return null;
      const cover = exactCover(existing, linesOf(shipment));
      return cover ? { ids: cover.map((f) => f.id) } : null;
    },

    async updateTracking(shop, _order, ref, tracking, opts) {
      for (const id of ref.ids) {
        const data = await gql.request(
          shop,
          doc.FULFILLMENT_TRACKING_INFO_UPDATE,
          // notifyCustomer left out means no notification (schema); we always say what we mean.
          { fulfillmentId: id, trackingInfoInput: trackingInput(tracking), notifyCustomer: opts.notifyCustomer },
          r.fulfillmentTrackingInfoUpdate,
          { idempotent: true },
        );
        if (!data.fulfillmentTrackingInfoUpdate) throw new PlatformError("fulfillmentTrackingInfoUpdate returned no payload");
        rejectUserErrors(data.fulfillmentTrackingInfoUpdate.userErrors);
      }
    },

    async cancelShipment(shop, _order, ref) {
      for (const id of ref.ids) await cancelOne(shop, id);
    },

    async recordTrackingEvent(shop, _order, ref, event: TrackingEvent) {
      const happenedAt = new Date(event.happenedAt).toISOString();
      for (const id of ref.ids) {
        const data = await gql.request(
          shop,
          doc.FULFILLMENT_EVENT_CREATE,
          {
            fulfillmentEvent: {
              fulfillmentId: id,
              status: event.status,
              happenedAt,
              ...(event.message ? { message: event.message } : {}),
              ...(event.city ? { city: event.city } : {}),
              ...(event.country ? { country: event.country } : {}),
            },
          },
          r.fulfillmentEventCreate,
          {
            reconcile: async () => {
              const seen = await gql.request(shop, doc.FULFILLMENT_EVENTS, { id }, r.fulfillmentEvents);
              // Shopify keeps DateTime to the second.
              const second = (iso: string) => Math.floor(Date.parse(iso) / 1000);
              const match = seen.fulfillment?.events.nodes.find((e) => e.status === event.status && second(e.happenedAt) === second(happenedAt));
              return match ? { fulfillmentEventCreate: { fulfillmentEvent: { id: "", status: match.status, happenedAt: match.happenedAt }, userErrors: [] } } : null;
            },
          },
        );
        if (!data.fulfillmentEventCreate) throw new PlatformError("fulfillmentEventCreate returned no payload");
        rejectUserErrors(data.fulfillmentEventCreate.userErrors);
      }
    },
  };
  return platform;
}
