// One order as the admin shows it: each line with its coverage (the domain's coverageByLine over
// the shipments that count), its fulfillments and their statuses, each shipment with carrier,
// tracking links and where each push to the store stands, and the timeline.
import { z } from "zod";
import { chooseTrackingUrl } from "~/carriers/urls";
import { coverageByLine, type LineCoverage } from "~/fulfillment/coverage";
import { canTransition, isFulfillmentStatus } from "~/fulfillment/statuses";
import type { FulfillmentStatus, OrderShipmentState } from "~/fulfillment/types";
import type { AppContext } from "../context";
import { NotFoundError, parseInput } from "../errors";
import { parseTrackingNumbers } from "./listFulfillments";

const inputSchema = z.object({
  shopId: z.string().min(1),
  orderId: z.string().min(1),
  timelineLimit: z.number().int().min(1).max(1000).default(200),
});

export type GetOrderDetailInput = z.input<typeof inputSchema>;

export interface OrderLineView extends LineCoverage {
  title: string;
  sku: string | null;
  platformLineId: string;
  /** the fulfillment holding this line, if any (a line no fulfiller takes is unassigned) */
  fulfillmentId: string | null;
  fulfillerTitle: string | null;
}

export interface FulfillmentView {
  id: string;
  status: FulfillmentStatus;
  connectionId: string;
  connectionTitle: string;
  connectionKind: string;
  clientFulfillmentId: string | null;
  failureReason: string | null;
  rmaNumber: string | null;
  attempts: number;
  createdAt: string;
  sentAt: string | null;
  shippedAt: string | null;
  deliveredAt: string | null;
  /** the status table lets a person resend it (FAILED → HOLD) */
  canResend: boolean;
  /** the status table lets it be cancelled */
  canCancel: boolean;
  /** its lines with what is still to ship on each (for the manual form) */
  lines: { orderLineId: string; title: string; sku: string | null; quantity: number; remaining: number }[];
}

export interface PushView {
  id: string;
  action: string;
  target: string;
  state: string;
  attempts: number;
  lastError: string | null;
  platformIds: string[];
  updatedAt: string;
}

export interface ShipmentView {
  id: string;
  fulfillmentId: string;
  state: string;
  rejectReason: string | null;
  carrier: string | null;
  method: string | null;
  carrierStatus: string | null;
  tracking: { number: string; url: string | null }[];
  lines: { orderLineId: string; title: string; quantity: number }[];
  shippedAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
  pushes: PushView[];
}

export interface TimelineView {
  id: string;
  kind: string;
  from: string | null;
  to: string | null;
  reason: string | null;
  actor: string;
  fulfillmentId: string | null;
  at: string;
}

export interface OrderDetail {
  id: string;
  name: string;
  platformOrderId: string;
  placedAt: string;
  cancelledAt: string | null;
  customerName: string | null;
  shipmentState: OrderShipmentState;
  lines: OrderLineView[];
  fulfillments: FulfillmentView[];
  shipments: ShipmentView[];
  timeline: TimelineView[];
  /** events older than the ones shown */
  timelineTruncated: boolean;
}

const platformRefSchema = z.object({ ids: z.array(z.string()) });

function platformIds(json: string | null): string[] {
  if (!json) return [];
  try {
    const parsed = platformRefSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data.ids : [];
  } catch {
    return [];
  }
}

export async function getOrderDetail(ctx: AppContext, raw: GetOrderDetailInput): Promise<OrderDetail> {
  const input = parseInput(inputSchema, raw);
  const order = await ctx.db.order.findFirst({
    where: { id: input.orderId, shopId: input.shopId },
    include: {
      lines: { orderBy: { platformLineId: "asc" } },
      fulfillments: {
        orderBy: { createdAt: "asc" },
        include: { connection: { select: { title: true, kind: true } }, lines: true },
      },
      shipments: {
        orderBy: { createdAt: "asc" },
        include: { lines: true, intents: { orderBy: { createdAt: "asc" } } },
      },
    },
  });
  if (!order) throw new NotFoundError("Order", input.orderId);
  const events = await ctx.db.timelineEvent.findMany({
    where: { shopId: input.shopId, orderId: order.id },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: input.timelineLimit + 1,
  });

  const recorded = order.shipments
    .filter((s) => s.state !== "REJECTED")
    .map((s) => ({
      id: s.id,
      cancelled: s.state === "CANCELLED",
      connectionId: s.connectionId,
      trackingNumbers: parseTrackingNumbers(s.trackingNumbers),
      items: s.lines.map((l) => ({ lineId: l.orderLineId, quantity: l.quantity })),
    }));
  const coverage = new Map(
    coverageByLine(
      order.lines.map((l) => ({ lineId: l.id, quantity: l.quantity, cancelledQuantity: l.cancelledQuantity })),
      recorded,
    ).map((c) => [c.lineId, c]),
  );
  const lineById = new Map(order.lines.map((l) => [l.id, l]));
  const holder = new Map<string, (typeof order.fulfillments)[number]>();
  for (const f of order.fulfillments) {
    for (const fl of f.lines) if (f.status !== "CANCELLED" || !holder.has(fl.orderLineId)) holder.set(fl.orderLineId, f);
  }

  return {
    id: order.id,
    name: order.name,
    platformOrderId: order.platformOrderId,
    placedAt: order.placedAt.toISOString(),
    cancelledAt: order.cancelledAt?.toISOString() ?? null,
    customerName: order.customerName,
    shipmentState: order.shipmentState as OrderShipmentState,
    lines: order.lines.map((l) => {
      const f = holder.get(l.id);
      return {
        ...coverage.get(l.id)!,
        title: l.title,
        sku: l.sku,
        platformLineId: l.platformLineId,
        fulfillmentId: f?.id ?? null,
        fulfillerTitle: f?.connection.title ?? null,
      };
    }),
    fulfillments: order.fulfillments.map((f) => ({
      id: f.id,
      status: f.status as FulfillmentStatus,
      connectionId: f.connectionId,
      connectionTitle: f.connection.title,
      connectionKind: f.connection.kind,
      clientFulfillmentId: f.clientFulfillmentId,
      failureReason: f.failureReason,
      rmaNumber: f.rmaNumber,
      attempts: f.attempts,
      createdAt: f.createdAt.toISOString(),
      sentAt: f.sentAt?.toISOString() ?? null,
      shippedAt: f.shippedAt?.toISOString() ?? null,
      deliveredAt: f.deliveredAt?.toISOString() ?? null,
      canResend: f.status === "FAILED",
      canCancel: isFulfillmentStatus(f.status) && canTransition(f.status, "CANCELLED"),
      lines: f.lines.map((fl) => ({
        orderLineId: fl.orderLineId,
        title: lineById.get(fl.orderLineId)?.title ?? fl.orderLineId,
        sku: lineById.get(fl.orderLineId)?.sku ?? null,
        quantity: fl.quantity,
        remaining: Math.min(fl.quantity, coverage.get(fl.orderLineId)?.remaining ?? 0),
      })),
    })),
    shipments: order.shipments.map((s) => ({
      id: s.id,
      fulfillmentId: s.fulfillmentId,
      state: s.state,
      rejectReason: s.rejectReason,
      carrier: s.carrier,
      method: s.method,
      carrierStatus: s.carrierStatus,
      tracking: parseTrackingNumbers(s.trackingNumbers).map((number) => ({
        number,
        url: chooseTrackingUrl(s.trackingUrl, s.carrier, number),
      })),
      lines: s.lines.map((l) => ({
        orderLineId: l.orderLineId,
        title: lineById.get(l.orderLineId)?.title ?? l.orderLineId,
        quantity: l.quantity,
      })),
      shippedAt: s.shippedAt?.toISOString() ?? null,
      deliveredAt: s.deliveredAt?.toISOString() ?? null,
      createdAt: s.createdAt.toISOString(),
      pushes: s.intents.map((i) => ({
        id: i.id,
        action: i.action,
        target: i.target,
        state: i.state,
        attempts: i.attempts,
        lastError: i.lastError,
        platformIds: platformIds(i.platformRef),
        updatedAt: i.updatedAt.toISOString(),
      })),
    })),
    timeline: events.slice(0, input.timelineLimit).map((e) => ({
      id: e.id,
      kind: e.kind,
      from: e.from,
      to: e.to,
      reason: e.reason,
      actor: e.actor,
      fulfillmentId: e.fulfillmentId,
      at: e.at.toISOString(),
    })),
    timelineTruncated: events.length > input.timelineLimit,
  };
}
