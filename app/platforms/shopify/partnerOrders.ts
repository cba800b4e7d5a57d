// The seller side of partner stores on Shopify (issue 8): the buyer's part is placed in the
// seller's shop with orderCreate and read back from its fulfillments.
//
// - The order carries the part's reference as `sourceIdentifier` ("The ID of the order placed on
//   the originating platform", OrderCreateOrderInput) and the partnership's tag; both are order
//   search filters (`source_identifier:`, `tag:`; QueryRoot.orders `query` description, 2026-10).
// - No customer notification: options sendReceipt and sendFulfillmentReceipt false
//   (OrderCreateOptionsInput), and no customer email is passed, so the seller's store has nobody
//   to write to when the seller later fulfills.
// - orderCreate has no idempotency key (only the mutations that document it accept @idempotent),
//   so it is never repeated after an unknown outcome here: the client throws, and the caller looks
//   the order up by its reference before it tries again.
import { z } from "zod";
import type { ShipTo } from "~/fulfillment/types";
import { PlatformError, PlatformRejectedError } from "../errors";
import type { Page, PartnerOrderFulfillment, PartnerOrderInput, PartnerOrderRef, PartnerOrders, PartnerOrderState, ShopRef } from "../port";
import type { ShopifyGraphQL } from "./client";
import * as doc from "./documents";

const pageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });
const orderRef = z.object({ id: z.string(), name: z.string(), sourceIdentifier: z.string().nullable() });
const userErrors = z.array(z.object({ field: z.array(z.string()).nullable(), message: z.string() }));

const byReference = z.object({ orders: z.object({ nodes: z.array(orderRef) }) });
const variantsBySku = z.object({
  productVariants: z.object({
    nodes: z.array(z.object({ id: z.string(), title: z.string(), sku: z.string().nullable(), product: z.object({ id: z.string(), title: z.string() }) })),
  }),
});
const created = z.object({ orderCreate: z.object({ order: orderRef.nullable(), userErrors }).nullable() });
const partnerOrder = z.object({
  order: orderRef
    .extend({ updatedAt: z.string(), cancelledAt: z.string().nullable(), fulfillments: z.array(z.object({ id: z.string() })) })
    .nullable(),
});
const fulfillment = z.object({
  fulfillment: z
    .object({
      id: z.string(),
      status: z.string(),
      createdAt: z.string(),
      trackingInfo: z.array(z.object({ company: z.string().nullable(), number: z.string().nullable(), url: z.string().nullable() })),
      fulfillmentLineItems: z.object({
        nodes: z.array(
          z.object({
            quantity: z.number().int().nullable(),
            lineItem: z.object({ sku: z.string().nullable(), variant: z.object({ id: z.string() }).nullable() }),
          }),
        ),
        pageInfo,
      }),
    })
    .nullable(),
});
const changed = z.object({
  orders: z.object({ nodes: z.array(z.object({ id: z.string(), updatedAt: z.string() })), pageInfo }),
});
const cancelled = z.object({
  orderCancel: z.object({ job: z.object({ id: z.string(), done: z.boolean() }).nullable(), orderCancelUserErrors: userErrors }).nullable(),
});

/** Search values are quoted so that "-" and ":" inside them stay part of the value (search syntax). */
function quoted(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

function rejectUserErrors(what: string, errors: z.output<typeof userErrors>): void {
  if (errors.length === 0) return;
  throw new PlatformRejectedError(`${what}: ${errors.map((e) => e.message).join("; ")}`, errors[0]?.field?.join(".") ?? null, 200);
}

function splitName(name: string): { firstName?: string; lastName?: string } {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return {};
  if (parts.length === 1) return { lastName: parts[0] };
  return { firstName: parts.slice(0, -1).join(" "), lastName: parts.at(-1) };
}

/** MailingAddressInput from our ship-to; no email (the seller's store must not write to the customer). */
export function mailingAddress(shipTo: ShipTo): Record<string, string> {
  const address: Record<string, string> = {};
  const { firstName, lastName } = splitName(shipTo.name);
  if (firstName) address.firstName = firstName;
  if (lastName) address.lastName = lastName;
  const put = (key: string, value: string | null | undefined) => {
    if (value?.trim()) address[key] = value.trim();
  };
  put("company", shipTo.company);
  put("address1", shipTo.address1);
  put("address2", shipTo.address2);
  put("city", shipTo.city);
  put("province", shipTo.province);
  put("provinceCode", shipTo.provinceCode);
  put("zip", shipTo.zip);
  put("country", shipTo.country);
  // CountryCode is an enum of ISO 3166-1 alpha-2 codes: anything else is left out, not guessed
  if (/^[A-Z]{2}$/.test(shipTo.countryCode.trim().toUpperCase())) address.countryCode = shipTo.countryCode.trim().toUpperCase();
  put("phone", shipTo.phone);
  return address;
}

export function shopifyPartnerOrders(gql: ShopifyGraphQL): PartnerOrders {
  const fulfillmentOf = async (shop: ShopRef, id: string): Promise<PartnerOrderFulfillment | null> => {
    const lines: PartnerOrderFulfillment["lines"] = [];
    let after: string | null = null;
    let head: NonNullable<z.output<typeof fulfillment>["fulfillment"]> | null = null;
    for (;;) {
      const data: z.output<typeof fulfillment> = await gql.request(shop, doc.PARTNER_FULFILLMENT, { id, after }, fulfillment);
      const f = data.fulfillment;
      if (!f) return null;
      head ??= f;
      for (const n of f.fulfillmentLineItems.nodes) {
        lines.push({ variantId: n.lineItem.variant?.id ?? null, sku: n.lineItem.sku, quantity: n.quantity ?? 0 });
      }
      if (!f.fulfillmentLineItems.pageInfo.hasNextPage) break;
      after = f.fulfillmentLineItems.pageInfo.endCursor;
    }
    const numbers = head.trackingInfo.flatMap((t) => (t.number?.trim() ? [t.number.trim()] : []));
    return {
      id: head.id,
      cancelled: head.status === "CANCELLED",
      trackingNumbers: numbers,
      carrier: head.trackingInfo.find((t) => t.company)?.company ?? null,
      trackingUrl: head.trackingInfo.find((t) => t.url)?.url ?? null,
      method: null, // a Shopify fulfillment names no shipping method
      shippedAt: new Date(head.createdAt).toISOString(),
      lines: lines.filter((l) => l.quantity > 0),
    };
  };

  const getPartnerOrder = async (shop: ShopRef, platformOrderId: string): Promise<PartnerOrderState | null> => {
    const data = await gql.request(shop, doc.PARTNER_ORDER, { id: platformOrderId }, partnerOrder);
    const o = data.order;
    if (!o) return null;
    const fulfillments: PartnerOrderFulfillment[] = [];
    for (const { id } of o.fulfillments) {
      const f = await fulfillmentOf(shop, id);
      if (f) fulfillments.push(f);
    }
    return {
      platformOrderId: o.id,
      name: o.name,
      reference: o.sourceIdentifier,
      updatedAt: new Date(o.updatedAt).toISOString(),
      cancelledAt: o.cancelledAt ? new Date(o.cancelledAt).toISOString() : null,
      fulfillments,
    };
  };

  const toRef = (o: z.output<typeof orderRef>): PartnerOrderRef => ({ platformOrderId: o.id, name: o.name, reference: o.sourceIdentifier });

  return {
    async variantsBySku(shop, sku) {
      // `sku:` filters product variants by their SKU (QueryRoot.productVariants `query` description)
      const data = await gql.request(shop, doc.PARTNER_VARIANTS_BY_SKU, { query: `sku:${quoted(sku)}` }, variantsBySku);
      return data.productVariants.nodes.map((v) => ({
        variantId: v.id,
        productId: v.product.id,
        sku: v.sku,
        title: v.title === "Default Title" ? v.product.title : `${v.product.title} – ${v.title}`,
      }));
    },

    async findPartnerOrder(shop, reference) {
      const data = await gql.request(shop, doc.PARTNER_ORDER_BY_REFERENCE, { query: `source_identifier:${quoted(reference)}` }, byReference);
      // the search is only a filter: the order must carry exactly this reference
      const match = data.orders.nodes.find((o) => o.sourceIdentifier === reference);
      return match ? toRef(match) : null;
    },

    async createPartnerOrder(shop, input: PartnerOrderInput) {
      if (input.lines.length === 0) throw new PlatformRejectedError("A partner order needs at least one line.", "lines", null);
      const order = {
        lineItems: input.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity, requiresShipping: true })),
        ...(input.shipTo ? { shippingAddress: mailingAddress(input.shipTo) } : {}),
        sourceIdentifier: input.reference,
        tags: input.tags,
        note: input.note,
      };
      const options = { sendReceipt: false, sendFulfillmentReceipt: false, inventoryBehaviour: "DECREMENT_IGNORING_POLICY" };
      const data = await gql.request(shop, doc.PARTNER_ORDER_CREATE, { order, options }, created);
      const payload = data.orderCreate;
      if (!payload) throw new PlatformError("orderCreate returned no payload");
      rejectUserErrors("Shopify refused the partner order", payload.userErrors);
      if (!payload.order) throw new PlatformError("orderCreate returned neither an order nor userErrors");
      return toRef(payload.order);
    },

    getPartnerOrder,

    async partnerOrdersChangedSince(shop, match, since, cursor): Promise<Page<PartnerOrderState>> {
      // >= rather than >: an order updated in the same second as the mark is seen again, never missed
      const query = `tag:${quoted(match.tag)}${since ? ` updated_at:>=${quoted(new Date(since).toISOString())}` : ""}`;
      const data = await gql.request(shop, doc.PARTNER_ORDERS_CHANGED, { query, after: cursor }, changed);
      const items: PartnerOrderState[] = [];
      for (const node of data.orders.nodes) {
        const order = await getPartnerOrder(shop, node.id);
        if (order) items.push(order);
      }
      return { items, nextCursor: data.orders.pageInfo.hasNextPage ? data.orders.pageInfo.endCursor : null };
    },

    async cancelPartnerOrder(shop, platformOrderId) {
      const order = await getPartnerOrder(shop, platformOrderId);
      if (!order) return; // gone: nothing to cancel
      if (order.cancelledAt) return;
      if (order.fulfillments.some((f) => !f.cancelled)) {
        throw new PlatformRejectedError(`The partner has already fulfilled part of order ${order.name}; it cannot be cancelled from here.`, null, null);
      }
      const data = await gql.request(
        shop,
        doc.PARTNER_ORDER_CANCEL,
        { orderId: platformOrderId, staffNote: "Cancelled by the partner store through Consign." },
        cancelled,
        {
          // a cancel that may have gone through is looked up, not repeated blindly
          reconcile: async () =>
            (await getPartnerOrder(shop, platformOrderId))?.cancelledAt ? { orderCancel: { job: null, orderCancelUserErrors: [] } } : null,
        },
      );
      if (!data.orderCancel) throw new PlatformError("orderCancel returned no payload");
      rejectUserErrors(`Shopify refused to cancel order ${order.name}`, data.orderCancel.orderCancelUserErrors);
    },
  };
}
