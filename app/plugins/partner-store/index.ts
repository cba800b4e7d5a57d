// Partner store (issue 8): a dropship partner — the seller — fulfills the buyer's orders from its
// own Shopify or BigCommerce admin. The buyer's part becomes an order in the seller's store, and
// the fulfillments the seller makes there come back as shipments of the part.
//
// The plugin reaches the seller's store only through ctx.partner, which the use-case layer builds
// for this connection's partnership (the seller's Platform adapter and ShopRef, the variant
// matches); it never touches another shop or the database itself.
import { z } from "zod";
import { PlatformError, PlatformRejectedError, PlatformUnavailableError } from "~/platforms/errors";
import type { PartnerOrderRef, PartnerOrders, PartnerOrderState } from "~/platforms/port";
import { credentialFields } from "../catalog";
import { PluginAuthError, PluginError, PluginRejectedError, PluginUnavailableError } from "../errors";
import type {
  FulfillerShipment,
  FulfillmentPart,
  FulfillmentPlugin,
  PartnerInfo,
  PartnerLink,
  PluginConnection,
  PluginContext,
  ShipmentsPage,
} from "../port";
import { PARTNER_TAG, partnershipTag, referenceFor, referencePrefix, shipmentsOf } from "./mapping";

const credentials = z.object({
  invitationCode: z
    .string()
    .trim()
    .min(1, "Enter the invitation code")
    .describe("Invitation code")
    .meta({ secret: true, helpText: "The partner creates it on their Partners page in Consign; it works once." }),
});
export type PartnerStoreCredentials = z.infer<typeof credentials>;

export interface PartnerStoreOptions {
  /** after an unknown outcome of the order post, wait this long before looking for the order */
  settleMs: number;
  /** the sync reads again what changed this long before its mark (clock skew, search index lag) */
  overlapMs: number;
}

const defaults: PartnerStoreOptions = { settleMs: 2_000, overlapMs: 5 * 60_000 };

const cursorSchema = z.object({
  v: z.literal(1),
  /** orders changed at or after this are read */
  since: z.iso.datetime().nullable(),
  /** the platform's page cursor while a walk is under way */
  page: z.string().nullable(),
  /** the newest change seen in this walk: the next `since` */
  mark: z.iso.datetime().nullable(),
});
type Cursor = z.infer<typeof cursorSchema>;

function readCursor(raw: string | null): Cursor {
  if (raw) {
    try {
      const parsed = cursorSchema.safeParse(JSON.parse(raw));
      if (parsed.success) return parsed.data;
    } catch {
      // not ours: start again from the beginning; replays change nothing
    }
  }
  return { v: 1, since: null, page: null, mark: null };
}

function later(a: string | null, b: string): string {
  return a && Date.parse(a) >= Date.parse(b) ? a : new Date(b).toISOString();
}

/** Platform errors in the plugin port's words: refused, unreachable, or (401/403) locked out. */
function pluginError(error: unknown, what: string): unknown {
  if (error instanceof PluginError) return error;
  if (error instanceof PlatformRejectedError) return new PluginRejectedError(`${what}: ${error.message}`, error.status);
  if (error instanceof PlatformUnavailableError) return new PluginUnavailableError(`${what}: ${error.message}`, error.status);
  if (error instanceof PlatformError) {
    if (error.status === 401 || error.status === 403) return new PluginAuthError(`${what}: ${error.message}`, error.status);
    return new PluginUnavailableError(`${what}: ${error.message}`, error.status);
  }
  return error;
}

const logo =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="40" height="40"><path d="M3 10l9-6 9 6v10H3z" fill="none" stroke="currentColor" stroke-width="2"/><path d="M8 20v-6h8v6" fill="none" stroke="currentColor" stroke-width="2"/></svg>';

function sellerName(info: PartnerInfo): string {
  return info.seller.name ?? info.seller.shop.domain;
}

function ordersOf(info: PartnerInfo): PartnerOrders {
  const orders = info.seller.platform.partnerOrders;
  if (!orders) throw new PluginRejectedError(`${info.seller.shop.platform} stores cannot take partner orders.`);
  return orders;
}

function connect(opts: PartnerStoreOptions, ctx: PluginContext): PluginConnection {
  const link = (): PartnerLink => {
    if (!ctx.partner) throw new PluginRejectedError("This connection has no partner store behind it.");
    return ctx.partner;
  };
  const partner = async () => {
    const info = await link().partnership();
    return { info, orders: ordersOf(info), seller: info.seller.shop };
  };

  /** The shipments of one seller order, when it is one of this connection's parts. */
  const shipmentsOfOrder = async (info: PartnerInfo, order: PartnerOrderState): Promise<FulfillerShipment[]> => {
    const part = await link().partOf(order.platformOrderId);
    // the order must carry the reference Consign gave this part: a foreign order is never mapped
    if (!part || order.reference !== referenceFor(info.partnershipId, part.fulfillmentId)) return [];
    return shipmentsOf(order, part, part.fulfillmentId);
  };

  const unmatchedLines = (part: FulfillmentPart, matched: Map<string, unknown>) =>
    part.lines.filter((l) => !l.variantId || !matched.has(l.variantId));

  return {
    async verify() {
      await link().partnership();
    },

    async submit(part) {
      const { info, orders, seller } = await partner();
      const reference = referenceFor(info.partnershipId, part.fulfillmentId);
      const found = async (): Promise<PartnerOrderRef | null> => {
        const existing = await orders.findPartnerOrder(seller, reference);
        if (existing && existing.reference !== reference) return null;
        return existing;
      };
      const accepted = (ref: PartnerOrderRef) => ({ clientFulfillmentId: ref.platformOrderId });

      try {
        // A retry finds the order an earlier try made (its answer lost after the store wrote it).
        const existing = await found();
        if (existing) return accepted(existing);
      } catch (error) {
        throw pluginError(error, `Looking for the partner order at ${sellerName(info)} failed`);
      }
      if (info.status === "ENDED") {
        throw new PluginRejectedError(`The partnership with ${sellerName(info)} has ended; assign these products to another fulfiller.`);
      }
      if (!part.order.shipTo) throw new PluginRejectedError(`Order ${part.order.name} has no shipping address to send to ${sellerName(info)}.`);

      const matched = await link().sellerVariants(part.lines.map((l) => ({ variantId: l.variantId ?? null, sku: l.sku })));
      const unmatched = unmatchedLines(part, matched);
      if (unmatched.length > 0) {
        const named = unmatched.map((l) => `"${l.title}"${l.sku ? ` (SKU ${l.sku})` : " (no SKU)"}`).join(", ");
        throw new PluginRejectedError(
          `No product of ${sellerName(info)} is matched to ${named}; match ${unmatched.length === 1 ? "it" : "them"} on the Products page. Nothing was sent.`,
        );
      }
      const input = {
        reference,
        tags: [PARTNER_TAG, partnershipTag(info.partnershipId)],
        note: `Partner order for ${info.buyer.name ?? info.buyer.domain}, order ${part.order.name} (sent by Consign; reference ${reference}).`,
        // the seller's store gets the ship-to only: no customer email, so it never writes to the customer
        shipTo: { ...part.order.shipTo, email: null },
        lines: part.lines.map((l) => {
          const v = matched.get(l.variantId!)!;
          return { variantId: v.variantId, productId: v.productId, quantity: l.quantity, title: l.title, sku: v.sku };
        }),
      };
      try {
        return accepted(await orders.createPartnerOrder(seller, input));
      } catch (error) {
        if (error instanceof PlatformUnavailableError) {
          // The store may have made the order before the answer was lost: look before any retry.
          await ctx.sleep(opts.settleMs);
          const made = await found().catch(() => null);
          if (made) return accepted(made);
        }
        throw pluginError(error, `${sellerName(info)} did not take the order`);
      }
    },

    async shipmentsSince(raw): Promise<ShipmentsPage> {
      const { info, orders, seller } = await partner();
      const cursor = readCursor(raw);
      const since = cursor.since ? new Date(Date.parse(cursor.since) - opts.overlapMs).toISOString() : null;
      let page: Awaited<ReturnType<PartnerOrders["partnerOrdersChangedSince"]>>;
      try {
        page = await orders.partnerOrdersChangedSince(
          seller,
          { tag: partnershipTag(info.partnershipId), referencePrefix: referencePrefix(info.partnershipId) },
          since,
          cursor.page,
        );
      } catch (error) {
        throw pluginError(error, `Reading partner orders at ${sellerName(info)} failed`);
      }
      const shipments: FulfillerShipment[] = [];
      let mark = cursor.mark;
      for (const order of page.items) {
        shipments.push(...(await shipmentsOfOrder(info, order)));
        mark = later(mark, order.updatedAt);
      }
      if (page.nextCursor) {
        return { shipments, cursor: JSON.stringify({ v: 1, since: cursor.since, page: page.nextCursor, mark }), hasMore: true };
      }
      return { shipments, cursor: JSON.stringify({ v: 1, since: mark ?? cursor.since, page: null, mark: null }) };
    },

    async shipmentsOfOrder(sellerOrderId) {
      const { info, orders, seller } = await partner();
      let order: PartnerOrderState | null;
      try {
        order = await orders.getPartnerOrder(seller, sellerOrderId);
      } catch (error) {
        throw pluginError(error, `Reading order ${sellerOrderId} at ${sellerName(info)} failed`);
      }
      return order ? shipmentsOfOrder(info, order) : [];
    },

    async cancel(ref) {
      if (!ref.clientFulfillmentId) return; // the seller never got it
      const { info, orders, seller } = await partner();
      try {
        await orders.cancelPartnerOrder(seller, ref.clientFulfillmentId);
      } catch (error) {
        throw pluginError(error, `${sellerName(info)} did not cancel the order`);
      }
    },
  };
}

export function createPartnerStorePlugin(options: Partial<PartnerStoreOptions> = {}): FulfillmentPlugin<PartnerStoreCredentials> {
  const opts = { ...defaults, ...options };
  return {
    kind: "partner-store",
    title: "Partner store",
    description:
      "A dropship partner with their own Shopify or BigCommerce store ships these products. Orders go to the partner's store; the fulfillments they make there come back with their tracking.",
    logo,
    mode: "push",
    credentials,
    fields: credentialFields(credentials),
    connect: (_creds, ctx) => connect(opts, ctx),
  };
}

export const partnerStorePlugin = createPartnerStorePlugin();
