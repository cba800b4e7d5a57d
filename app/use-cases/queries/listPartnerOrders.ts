// Partner orders as both sides of a partnership see them (issue 8): each buyer order part that went
// to the seller's store, its status, what the seller has fulfilled, and what the buyer's store now
// shows of each fulfillment (synced, waiting, failed, rejected with the reason, removed).
//
// Scope: only the partnerships this shop is part of (as seller or buyer), and of those only the
// parts sent through the partnership's own connection. Another pair's orders are never read.
import type { Prisma } from "@prisma/client";
import { z } from "zod";
import type { AppContext } from "../context";
import { NotFoundError, parseInput } from "../errors";
import { type PartnerRole, type PartnershipView, partnershipView } from "../shared/partners";
import { decodeCursor, encodeCursor, olderThan } from "./keyset";
import { parseTrackingNumbers } from "./listFulfillments";

const inputSchema = z.object({
  shopId: z.string().min(1),
  /** one partnership (this shop's), or all of this shop's */
  partnershipId: z.string().min(1).optional(),
  /** only this side's partnerships */
  role: z.enum(["BUYER", "SELLER"]).optional(),
  /** the parts of one buyer order (the buyer's order page) */
  orderId: z.string().min(1).optional(),
  after: z.string().min(1).max(500).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});

export type ListPartnerOrdersInput = z.input<typeof inputSchema>;

/** What the buyer's store shows of one seller fulfillment. */
export type BuyerStoreState = "SYNCED" | "WAITING" | "FAILED" | "REJECTED" | "REMOVED" | "CANCELLED";

export interface PartnerShipmentRow {
  id: string;
  /** the seller's fulfillment (Shopify) or shipment (BigCommerce) id */
  sellerFulfillmentId: string | null;
  state: "ACCEPTED" | "REJECTED" | "CANCELLED";
  rejectReason: string | null;
  trackingNumbers: string[];
  carrier: string | null;
  trackingUrl: string | null;
  lines: { title: string; quantity: number }[];
  buyerStore: BuyerStoreState;
  /** the buyer platform's refusal, when the push failed */
  pushError: string | null;
  createdAt: string;
}

export interface PartnerOrderRow {
  fulfillmentId: string;
  partnership: PartnershipView;
  status: string;
  failureReason: string | null;
  buyerOrder: { name: string; placedAt: string; shipmentState: string; cancelled: boolean };
  /** the order in the seller's store, once it was placed */
  sellerOrder: { platformOrderId: string; name: string | null } | null;
  lines: { title: string; sku: string | null; quantity: number; shipped: number }[];
  shipments: PartnerShipmentRow[];
  sentAt: string | null;
  createdAt: string;
}

export interface PartnerOrdersPage {
  items: PartnerOrderRow[];
  nextCursor: string | null;
}

const include = {
  order: { select: { name: true, placedAt: true, shipmentState: true, cancelledAt: true } },
  lines: { include: { orderLine: { select: { title: true, sku: true } } }, orderBy: { id: "asc" } },
  shipments: {
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    include: {
      lines: { include: { orderLine: { select: { title: true } } } },
      intents: { orderBy: { createdAt: "asc" }, select: { action: true, state: true, lastError: true } },
    },
  },
} satisfies Prisma.FulfillmentInclude;
type Row = Prisma.FulfillmentGetPayload<{ include: typeof include }>;

function buyerStoreState(shipment: Row["shipments"][number]): { state: BuyerStoreState; error: string | null } {
  if (shipment.state === "REJECTED") return { state: "REJECTED", error: null };
  const failed = shipment.intents.find((i) => i.state === "FAILED");
  if (failed) return { state: "FAILED", error: failed.lastError };
  const open = shipment.intents.some((i) => i.state === "PENDING" || i.state === "IN_FLIGHT");
  if (shipment.state === "CANCELLED") {
    const created = shipment.intents.some((i) => i.action === "CREATE");
    if (!created) return { state: "CANCELLED", error: null };
    return { state: open ? "WAITING" : "REMOVED", error: null };
  }
  return { state: open ? "WAITING" : "SYNCED", error: null };
}

export async function listPartnerOrders(ctx: AppContext, raw: ListPartnerOrdersInput): Promise<PartnerOrdersPage> {
  const input = parseInput(inputSchema, raw);
  const sides: Prisma.PartnershipWhereInput[] = [];
  if (input.role !== "SELLER") sides.push({ shopId: input.shopId });
  if (input.role !== "BUYER") sides.push({ sellerShopId: input.shopId });
  const partnerships = await ctx.db.partnership.findMany({
    where: { OR: sides, ...(input.partnershipId ? { id: input.partnershipId } : {}) },
  });
  if (input.partnershipId && partnerships.length === 0) throw new NotFoundError("Partnership", input.partnershipId);
  if (partnerships.length === 0) return { items: [], nextCursor: null };

  const otherIds = partnerships.map((p) => (p.shopId === input.shopId ? p.sellerShopId : p.shopId));
  const shops = new Map((await ctx.db.shop.findMany({ where: { id: { in: otherIds } } })).map((s) => [s.id, s]));
  const views = new Map(
    partnerships.map((p) => {
      const role: PartnerRole = p.shopId === input.shopId ? "BUYER" : "SELLER";
      return [p.connectionId, partnershipView(p, role, shops.get(role === "BUYER" ? p.sellerShopId : p.shopId) ?? null)];
    }),
  );

  const key = input.after ? decodeCursor(input.after, "after") : null;
  const rows: Row[] = await ctx.db.fulfillment.findMany({
    where: {
      // each partnership's parts: the buyer's fulfillments through the partnership's connection
      OR: partnerships.map((p) => ({ shopId: p.shopId, connectionId: p.connectionId })),
      ...(input.orderId ? { orderId: input.orderId } : {}),
      ...(key ? olderThan(key) : {}),
    },
    include,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);

  // the seller's own copy of each partner order (its name), where its Consign took it in
  const sellerOrderIds = page.flatMap((r) => (r.clientFulfillmentId ? [r.clientFulfillmentId] : []));
  const sellerShopOf = new Map(partnerships.map((p) => [p.connectionId, p.sellerShopId]));
  const sellerOrders = sellerOrderIds.length
    ? await ctx.db.order.findMany({
        where: { platformOrderId: { in: sellerOrderIds }, shopId: { in: [...new Set(partnerships.map((p) => p.sellerShopId))] } },
        select: { shopId: true, platformOrderId: true, name: true },
      })
    : [];
  const sellerName = new Map(sellerOrders.map((o) => [`${o.shopId}\u0000${o.platformOrderId}`, o.name]));

  const items = page.map((r): PartnerOrderRow => {
    const shipped = new Map<string, number>();
    for (const s of r.shipments) {
      if (s.state !== "ACCEPTED") continue;
      for (const l of s.lines) shipped.set(l.orderLineId, (shipped.get(l.orderLineId) ?? 0) + l.quantity);
    }
    return {
      fulfillmentId: r.id,
      partnership: views.get(r.connectionId)!,
      status: r.status,
      failureReason: r.failureReason,
      buyerOrder: {
        name: r.order.name,
        placedAt: r.order.placedAt.toISOString(),
        shipmentState: r.order.shipmentState,
        cancelled: r.order.cancelledAt !== null,
      },
      sellerOrder: r.clientFulfillmentId
        ? {
            platformOrderId: r.clientFulfillmentId,
            name: sellerName.get(`${sellerShopOf.get(r.connectionId)}\u0000${r.clientFulfillmentId}`) ?? null,
          }
        : null,
      lines: r.lines.map((l) => ({ title: l.orderLine.title, sku: l.orderLine.sku, quantity: l.quantity, shipped: shipped.get(l.orderLineId) ?? 0 })),
      shipments: r.shipments.map((s) => {
        const store = buyerStoreState(s);
        return {
          id: s.id,
          sellerFulfillmentId: s.fulfillerShipmentId,
          state: s.state === "REJECTED" ? "REJECTED" : s.state === "CANCELLED" ? "CANCELLED" : "ACCEPTED",
          rejectReason: s.rejectReason,
          trackingNumbers: parseTrackingNumbers(s.trackingNumbers),
          carrier: s.carrier,
          trackingUrl: s.trackingUrl,
          lines: s.lines.map((l) => ({ title: l.orderLine.title, quantity: l.quantity })),
          buyerStore: store.state,
          pushError: store.error,
          createdAt: s.createdAt.toISOString(),
        };
      }),
      sentAt: r.sentAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
    };
  });
  const last = page.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null };
}
