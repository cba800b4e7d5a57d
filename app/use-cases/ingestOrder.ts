// Intake (DESIGN.md §The flow, 1): an order from a webhook or the reconciliation poll is stored
// once per (shop, platform order id) and its units still due are split by assignment into one
// HOLD fulfillment per fulfiller. Idempotent: the same order again changes nothing; an update
// older than what we hold (webhooks arrive out of order, shopify-app-js#603) is ignored. An order
// the platform says is not ready (PlatformOrder.notReady: unpaid, held) is stored unrouted.
import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { routeOrder } from "~/fulfillment/routing";
import type { PlatformOrder } from "~/platforms/port";
import type { AppContext } from "./context";
import { cancelOrder } from "./cancelOrder";
import { NotFoundError, parseInput } from "./errors";
import { isUniqueViolation } from "./shared/dbErrors";
import { platformOrderSchema, type ValidPlatformOrder } from "./shared/platformOrderSchema";
import { addTimeline, type TimelineEntry, type Tx } from "./shared/timeline";
import { transitionFulfillment } from "./shared/transition";

const inputSchema = z.object({ shopId: z.string().min(1), order: platformOrderSchema, actor: z.string().optional() });

export interface IngestOrderInput {
  shopId: string;
  order: PlatformOrder;
  /** for the timeline; "system:intake" when not given */
  actor?: string;
}

export interface IngestOrderResult {
  orderId: string;
  /** the order was not known before */
  created: boolean;
  /** the update was older than what we hold: nothing changed */
  stale: boolean;
  /** fulfillments made by this ingest (each in HOLD) */
  createdFulfillmentIds: string[];
  /** our OrderLine ids with units due that no active connection fulfills */
  unassignedLineIds: string[];
  /** our OrderLine ids whose new units could not join their fulfiller's part (it was already sent) */
  unroutedLineIds: string[];
  /** the order is cancelled on the platform */
  cancelled: boolean;
}

type StoredLine = Prisma.OrderLineGetPayload<object>;

export async function ingestOrder(ctx: AppContext, raw: IngestOrderInput): Promise<IngestOrderResult> {
  const input = parseInput(inputSchema, raw);
  const shop = await ctx.db.shop.findFirst({
    where: { id: input.shopId },
    select: { id: true, holdDelayMinutes: true, defaultConnectionId: true },
  });
  if (!shop) throw new NotFoundError("Shop", input.shopId);

  const attempt = () => ctx.db.$transaction((tx) => ingestInTx(ctx, tx, shop, input.order, input.actor));
  let outcome: Awaited<ReturnType<typeof ingestInTx>>;
  try {
    outcome = await attempt();
  } catch (error) {
    // Another process created the same order between our lock and our insert: take its row.
    if (!isUniqueViolation(error)) throw error;
    outcome = await attempt();
  }

  if (outcome.newlyCancelled) {
    await cancelOrder(ctx, {
      shopId: shop.id,
      platformOrderId: input.order.platformOrderId,
      reason: "The order was cancelled on the platform.",
      actor: input.actor ?? "system:intake",
    });
  }
  return outcome.result;
}

type ShopSettings = { id: string; holdDelayMinutes: number; defaultConnectionId: string | null };
type ValidOrder = ValidPlatformOrder;

async function ingestInTx(
  ctx: AppContext,
  tx: Tx,
  shop: ShopSettings,
  order: ValidOrder,
  actorInput: string | undefined,
): Promise<{ result: IngestOrderResult; newlyCancelled: boolean }> {
  const now = ctx.now();
  const actor = actorInput ?? "system:intake";
  const where = { shopId: shop.id, platformOrderId: order.platformOrderId };
  const orderData = orderRowData(order);
  const timeline: TimelineEntry[] = [];

  // The first statement writes, so the transaction holds the order (row lock on PostgreSQL, the
  // writer lock on SQLite) before it reads anything: two deliveries of one order take turns.
  const locked = await tx.order.updateMany({ where, data: { updatedAt: now } });
  let orderId: string;
  let lines: StoredLine[];
  let created = false;
  let newlyCancelled = false;
  let linesChanged = false;

  if (locked.count === 0) {
    const stored = await tx.order.create({
      data: {
        ...where,
        ...orderData,
        lines: { create: order.lines.map((line) => ({ shopId: shop.id, ...lineData(line) })) },
      },
      include: { lines: true },
    });
    orderId = stored.id;
    lines = stored.lines;
    created = true;
    linesChanged = true;
    newlyCancelled = orderData.cancelledAt !== null;
    timeline.push({ shopId: shop.id, orderId, kind: "ORDER_RECEIVED", reason: order.name, actor, at: now });
    if (order.notReady && !orderData.cancelledAt) {
      timeline.push({ shopId: shop.id, orderId, kind: "NOTE", reason: `Not sent to a fulfiller yet: ${order.notReady}.`, actor, at: now });
    }
  } else {
    const existing = await tx.order.findFirstOrThrow({ where, include: { lines: true } });
    orderId = existing.id;
    if (existing.platformUpdatedAt && orderData.platformUpdatedAt < existing.platformUpdatedAt) {
      return { result: emptyResult(orderId, { stale: true, cancelled: existing.cancelledAt !== null }), newlyCancelled };
    }
    await tx.order.update({ where: { id: orderId }, data: orderData });
    newlyCancelled = existing.cancelledAt === null && orderData.cancelledAt !== null;
    const byPlatformId = new Map(existing.lines.map((line) => [line.platformLineId, line]));
    lines = [];
    for (const incoming of order.lines) {
      const data = lineData(incoming);
      const known = byPlatformId.get(incoming.platformLineId);
      if (!known) {
        lines.push(await tx.orderLine.create({ data: { ...data, shopId: shop.id, orderId } }));
        linesChanged = true;
      } else if (lineDiffers(known, data)) {
        lines.push(await tx.orderLine.update({ where: { id: known.id }, data }));
        linesChanged = true;
      } else lines.push(known);
      byPlatformId.delete(incoming.platformLineId);
    }
    // Lines the platform no longer lists are kept as they were (Shopify keeps removed lines with
    // a current quantity of 0; a missing line is a partial payload, not a removal).
    lines.push(...byPlatformId.values());
    if (linesChanged) {
      timeline.push({ shopId: shop.id, orderId, kind: "ORDER_UPDATED", reason: "lines changed", actor, at: now });
    }
  }

  // An order the platform does not call ready (unpaid, held) is kept, and routed by the update that makes it ready.
  const routing =
    orderData.cancelledAt || order.notReady
    ? { createdFulfillmentIds: [], unassignedLineIds: [], unroutedLineIds: [] }
    : await routeDueUnits(tx, shop, orderId, lines, orderData.placedAt, now, actor, timeline, linesChanged);
  await addTimeline(tx, ...timeline);
  return {
    result: {
      orderId,
      created,
      stale: false,
      cancelled: orderData.cancelledAt !== null,
      ...routing,
    },
    newlyCancelled,
  };
}

/** The Order row's columns from the platform's order (ingestOrders writes the same). */
export function orderRowData(order: ValidOrder) {
  return {
    name: order.name,
    placedAt: new Date(order.placedAt),
    platformUpdatedAt: new Date(order.updatedAt),
    cancelledAt: order.cancelledAt ? new Date(order.cancelledAt) : null,
    customerEmail: order.customerEmail,
    customerName: order.customerName,
    shipTo: order.shipTo ? JSON.stringify(order.shipTo) : null,
  };
}

/** An OrderLine row's columns from the platform's line. */
export function lineData(line: ValidOrder["lines"][number]) {
  return {
    platformLineId: line.platformLineId,
    productId: line.productId,
    variantId: line.variantId,
    sku: line.sku,
    title: line.title,
    quantity: line.quantity,
    cancelledQuantity: Math.min(line.cancelledQuantity, line.quantity),
    unitPrice: line.unitPrice ?? null,
  };
}

function lineDiffers(known: StoredLine, data: ReturnType<typeof lineData>): boolean {
  return (
    known.productId !== data.productId ||
    known.variantId !== data.variantId ||
    known.sku !== data.sku ||
    known.title !== data.title ||
    known.quantity !== data.quantity ||
    known.cancelledQuantity !== data.cancelledQuantity ||
    known.unitPrice !== data.unitPrice
  );
}

function emptyResult(orderId: string, flags: { stale: boolean; cancelled: boolean }): IngestOrderResult {
  return {
    orderId,
    created: false,
    createdFulfillmentIds: [],
    unassignedLineIds: [],
    unroutedLineIds: [],
    ...flags,
  };
}

/**
 * Gives back units that were cancelled or refunded from parts not yet sent, then routes the units
 * still due that no part holds yet. Units of a part already sent stay with it (its fulfiller has
 * them); new units for a fulfiller whose part was already sent are reported, not silently added.
 */
async function routeDueUnits(
  tx: Tx,
  shop: ShopSettings,
  orderId: string,
  lines: StoredLine[],
  placedAt: Date,
  now: Date,
  actor: string,
  timeline: TimelineEntry[],
  linesChanged: boolean,
): Promise<Pick<IngestOrderResult, "createdFulfillmentIds" | "unassignedLineIds" | "unroutedLineIds">> {
  // Cancelled parts hold no units, but still occupy their (order, connection) slot.
  const fulfillments = await tx.fulfillment.findMany({
    where: { shopId: shop.id, orderId },
    select: { id: true, status: true, connectionId: true, lines: { select: { id: true, orderLineId: true, quantity: true } } },
  });
  const routed = new Map<string, number>();
  for (const fulfillment of fulfillments) {
    if (fulfillment.status === "CANCELLED") continue;
    for (const line of fulfillment.lines) routed.set(line.orderLineId, (routed.get(line.orderLineId) ?? 0) + line.quantity);
  }

  if (linesChanged) await shrinkUnsentParts(tx, shop.id, orderId, lines, fulfillments, routed, now, actor, timeline);

  const routable = lines.map((line) => ({
    lineId: line.id,
    productId: line.productId,
    variantId: line.variantId,
    quantity: Math.max(0, line.quantity - line.cancelledQuantity - (routed.get(line.id) ?? 0)),
  }));
  if (routable.every((line) => line.quantity === 0)) {
    return { createdFulfillmentIds: [], unassignedLineIds: [], unroutedLineIds: [] };
  }

  const productIds = [...new Set(routable.filter((l) => l.quantity > 0 && l.productId).map((l) => l.productId!))];
  const [assignments, active] = await Promise.all([
    tx.assignment.findMany({
      where: { shopId: shop.id, productId: { in: productIds } },
      select: { productId: true, variantId: true, connectionId: true },
    }),
    tx.connection.findMany({ where: { shopId: shop.id, active: true }, select: { id: true } }),
  ]);
  const result = routeOrder({
    lines: routable,
    assignments,
    defaultConnectionId: shop.defaultConnectionId,
    activeConnectionIds: new Set(active.map((c) => c.id)),
  });

  const holdUntil = shop.holdDelayMinutes > 0 ? new Date(placedAt.getTime() + shop.holdDelayMinutes * 60_000) : null;
  const createdFulfillmentIds: string[] = [];
  const unroutedLineIds: string[] = [];
  for (const part of result.parts) {
    const existing = fulfillments.find((f) => f.connectionId === part.connectionId);
    if (!existing) {
      const made = await createPart(tx, shop.id, orderId, part, holdUntil);
      createdFulfillmentIds.push(made);
      timeline.push({
        shopId: shop.id,
        orderId,
        fulfillmentId: made,
        kind: "STATUS",
        from: null,
        to: "HOLD",
        reason: "routed by assignment",
        actor,
        at: now,
      });
    } else if (existing.status === "HOLD") {
      for (const line of part.lines) {
        const held = existing.lines.find((l) => l.orderLineId === line.lineId);
        if (held) await tx.fulfillmentLine.update({ where: { id: held.id }, data: { quantity: { increment: line.quantity } } });
        else {
          await tx.fulfillmentLine.create({
            data: { shopId: shop.id, fulfillmentId: existing.id, orderLineId: line.lineId, quantity: line.quantity },
          });
        }
      }
    } else {
      unroutedLineIds.push(...part.lines.map((l) => l.lineId));
      timeline.push({
        shopId: shop.id,
        orderId,
        fulfillmentId: existing.id,
        kind: "NOTE",
        reason: `New units arrived after this part was sent (${existing.status}); they are not part of it.`,
        actor,
        at: now,
      });
    }
  }
  if (result.unassigned.length > 0 && linesChanged) {
    timeline.push({
      shopId: shop.id,
      orderId,
      kind: "UNASSIGNED",
      reason: `${result.unassigned.length} line(s) have no fulfiller assigned`,
      actor,
      at: now,
    });
  }
  return { createdFulfillmentIds, unassignedLineIds: result.unassigned, unroutedLineIds };
}

async function createPart(
  tx: Tx,
  shopId: string,
  orderId: string,
  part: { connectionId: string; lines: { lineId: string; quantity: number }[] },
  holdUntil: Date | null,
): Promise<string> {
  const fulfillment = await tx.fulfillment.create({
    data: {
      shopId,
      orderId,
      connectionId: part.connectionId,
      status: "HOLD",
      holdUntil,
      lines: { create: part.lines.map((line) => ({ shopId, orderLineId: line.lineId, quantity: line.quantity })) },
    },
    select: { id: true },
  });
  return fulfillment.id;
}

type PartRow = {
  id: string;
  status: string;
  lines: { id: string; orderLineId: string; quantity: number }[];
};

/** Units cancelled or refunded after routing leave the parts still in HOLD; an emptied part is cancelled. */
async function shrinkUnsentParts(
  tx: Tx,
  shopId: string,
  orderId: string,
  lines: StoredLine[],
  fulfillments: PartRow[],
  routed: Map<string, number>,
  now: Date,
  actor: string,
  timeline: TimelineEntry[],
): Promise<void> {
  const touched = new Set<PartRow>();
  for (const line of lines) {
    let excess = (routed.get(line.id) ?? 0) - Math.max(0, line.quantity - line.cancelledQuantity);
    for (const part of fulfillments) {
      if (excess <= 0) break;
      if (part.status !== "HOLD") continue;
      const held = part.lines.find((l) => l.orderLineId === line.id);
      if (!held || held.quantity === 0) continue;
      const take = Math.min(excess, held.quantity);
      held.quantity -= take;
      excess -= take;
      routed.set(line.id, (routed.get(line.id) ?? 0) - take);
      touched.add(part);
      if (held.quantity === 0) await tx.fulfillmentLine.delete({ where: { id: held.id } });
      else await tx.fulfillmentLine.update({ where: { id: held.id }, data: { quantity: held.quantity } });
    }
    if (excess > 0) {
      timeline.push({
        shopId,
        orderId,
        kind: "NOTE",
        reason: `${excess} unit(s) of ${line.title} were cancelled or refunded after being sent to the fulfiller.`,
        actor,
        at: now,
      });
    }
  }
  for (const part of touched) {
    part.lines = part.lines.filter((l) => l.quantity > 0);
    if (part.lines.length === 0) {
      await transitionFulfillment(tx, {
        shopId,
        fulfillmentId: part.id,
        to: "CANCELLED",
        actor,
        reason: "Every unit of this part was cancelled or refunded.",
        at: now,
      });
      part.status = "CANCELLED";
    }
  }
}
