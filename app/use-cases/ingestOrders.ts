// Batch intake: many orders of one shop in one transaction and a handful of statements, for the
// reconciliation poll (a page of orders) and back-fills. Per-order intake (ingestOrder) spends
// about ten round-trips and a transaction on each order; with Prisma on SQLite that caps intake
// far below the 2,000 orders/s of issue 5, whatever the machine (test/bench, "Throughput").
//
// New, open orders — nearly all of a poll — are stored and routed here, with the same rows, the
// same domain routing (routeOrder) and the same timeline as ingestOrder. Anything else (an order we
// already hold: updates, refunds, shrinking parts; one cancelled or not ready on arrival; the same order twice
// in the batch) goes through ingestOrder itself afterwards, so both paths agree by construction.
import { z } from "zod";
import { routeOrder } from "~/fulfillment/routing";
import type { PlatformOrder } from "~/platforms/port";
import type { AppContext } from "./context";
import { NotFoundError, parseInput } from "./errors";
import { type IngestOrderResult, ingestOrder, lineData, orderRowData } from "./ingestOrder";
import { isUniqueViolation } from "./shared/dbErrors";
import { platformOrderSchema, type ValidPlatformOrder } from "./shared/platformOrderSchema";
import { bulkInsert, newId, type SqlValue } from "./shared/bulkInsert";
import { addTimelineInBulk, type TimelineEntry, type Tx } from "./shared/timeline";

const MAX_BATCH = 5_000;
/** ids per lookup of known orders */
const CHUNK = 500;

const inputSchema = z.object({
  shopId: z.string().min(1),
  orders: z.array(platformOrderSchema).max(MAX_BATCH, `At most ${MAX_BATCH} orders at once`),
  actor: z.string().optional(),
});

export interface IngestOrdersInput {
  shopId: string;
  orders: PlatformOrder[];
  /** for the timeline; "system:intake" when not given */
  actor?: string;
}

export interface IngestOrdersResult {
  /** one per input order, in the input's order */
  results: IngestOrderResult[];
  /** how many were stored by the batch path (the rest went through ingestOrder) */
  batched: number;
}

type Shop = { id: string; holdDelayMinutes: number; defaultConnectionId: string | null };

export async function ingestOrders(ctx: AppContext, raw: IngestOrdersInput): Promise<IngestOrdersResult> {
  const input = parseInput(inputSchema, raw);
  const shop = await ctx.db.shop.findFirst({
    where: { id: input.shopId },
    select: { id: true, holdDelayMinutes: true, defaultConnectionId: true },
  });
  if (!shop) throw new NotFoundError("Shop", input.shopId);
  const actor = input.actor ?? "system:intake";

  const attempt = () =>
    ctx.db.$transaction((tx) => batchInTx(ctx, tx, shop, input.orders, actor), { timeout: 120_000, maxWait: 30_000 });
  let batch: Awaited<ReturnType<typeof batchInTx>>;
  try {
    batch = await attempt();
  } catch (error) {
    // Another process stored one of these orders meanwhile: it now goes the one-by-one way.
    if (!isUniqueViolation(error)) throw error;
    batch = await attempt();
  }

  const results: IngestOrderResult[] = new Array(input.orders.length);
  for (const [index, result] of batch.stored) results[index] = result;
  for (const index of batch.deferred) {
    results[index] = await ingestOrder(ctx, { shopId: shop.id, order: input.orders[index]!, actor });
  }
  return { results, batched: batch.stored.size };
}

async function batchInTx(
  ctx: AppContext,
  tx: Tx,
  shop: Shop,
  orders: ValidPlatformOrder[],
  actor: string,
): Promise<{ stored: Map<number, IngestOrderResult>; deferred: number[] }> {
  const now = ctx.now();
  // A write first, so the transaction holds the writer lock (SQLite) or the shop's row
  // (PostgreSQL) before it reads which orders exist: concurrent intakes of a shop take turns.
  await tx.shop.updateMany({ where: { id: shop.id }, data: { updatedAt: now } });
  const known = await findKnown(tx, shop.id, orders);
  const fresh: number[] = [];
  const deferred: number[] = [];
  const seen = new Set<string>();
  orders.forEach((order, index) => {
    const batchable =
      !known.has(order.platformOrderId) && !seen.has(order.platformOrderId) && order.cancelledAt === null && !order.notReady;
    seen.add(order.platformOrderId);
    (batchable ? fresh : deferred).push(index);
  });
  const stored = new Map<number, IngestOrderResult>();
  if (fresh.length === 0) return { stored, deferred };

  // Ids made here, rows written by bulkInsert: a handful of statements for the whole batch.
  const orderIdOf = new Map<string, string>();
  const orderRows = fresh.map((i) => {
    const order = orders[i]!;
    const id = newId();
    orderIdOf.set(order.platformOrderId, id);
    const data = orderRowData(order);
    return {
      id,
      shopId: shop.id,
      platformOrderId: order.platformOrderId,
      name: data.name,
      placedAt: data.placedAt,
      platformUpdatedAt: data.platformUpdatedAt,
      cancelledAt: data.cancelledAt,
      customerEmail: data.customerEmail,
      customerName: data.customerName,
      shipTo: data.shipTo,
      shipmentState: "UNSHIPPED",
      createdAt: now,
      updatedAt: now,
    };
  });
  const lineRows = fresh.flatMap((i) =>
    orders[i]!.lines.map((line) => {
      const data = lineData(line);
      return {
        id: newId(),
        shopId: shop.id,
        orderId: orderIdOf.get(orders[i]!.platformOrderId)!,
        platformLineId: data.platformLineId,
        productId: data.productId,
        variantId: data.variantId,
        sku: data.sku,
        title: data.title,
        quantity: data.quantity,
        cancelledQuantity: data.cancelledQuantity,
        unitPrice: data.unitPrice,
      };
    }),
  );
  const linesOf = new Map<string, typeof lineRows>();
  for (const line of lineRows) linesOf.set(line.orderId, [...(linesOf.get(line.orderId) ?? []), line]);

  const productIds = [...new Set(lineRows.flatMap((line) => (line.productId ? [line.productId] : [])))];
  const [assignments, active] = await Promise.all([
    productIds.length === 0
      ? []
      : tx.assignment.findMany({
          where: { shopId: shop.id, productId: { in: productIds } },
          select: { productId: true, variantId: true, connectionId: true },
        }),
    tx.connection.findMany({ where: { shopId: shop.id, active: true }, select: { id: true } }),
  ]);
  const byProduct = new Map<string, typeof assignments>();
  for (const a of assignments) byProduct.set(a.productId, [...(byProduct.get(a.productId) ?? []), a]);
  const activeConnectionIds = new Set(active.map((c) => c.id));

  const fulfillmentRows: Record<string, SqlValue>[] = [];
  const fulfillmentLineRows: Record<string, SqlValue>[] = [];
  // Per order, as ingestOrder writes them: received, the parts made, then the unassigned lines.
  const timeline: TimelineEntry[] = [];
  for (const index of fresh) {
    const order = orders[index]!;
    const orderId = orderIdOf.get(order.platformOrderId)!;
    const lines = (linesOf.get(orderId) ?? []).map((line) => ({
      lineId: line.id,
      productId: line.productId,
      variantId: line.variantId,
      quantity: Math.max(0, line.quantity - line.cancelledQuantity),
    }));
    const routing = routeOrder({
      lines,
      assignments: [...new Set(lines.map((line) => line.productId))].flatMap((p) => (p ? (byProduct.get(p) ?? []) : [])),
      defaultConnectionId: shop.defaultConnectionId,
      activeConnectionIds,
    });
    const placedAt = new Date(order.placedAt);
    const holdUntil = shop.holdDelayMinutes > 0 ? new Date(placedAt.getTime() + shop.holdDelayMinutes * 60_000) : null;
    timeline.push({ shopId: shop.id, orderId, kind: "ORDER_RECEIVED", reason: order.name, actor, at: now });
    const createdFulfillmentIds: string[] = [];
    for (const part of routing.parts) {
      const fulfillmentId = newId();
      createdFulfillmentIds.push(fulfillmentId);
      fulfillmentRows.push({
        id: fulfillmentId,
        shopId: shop.id,
        orderId,
        connectionId: part.connectionId,
        status: "HOLD",
        holdUntil,
        createdAt: now,
        updatedAt: now,
      });
      for (const line of part.lines) {
        fulfillmentLineRows.push({ id: newId(), shopId: shop.id, fulfillmentId, orderLineId: line.lineId, quantity: line.quantity });
      }
      timeline.push({
        shopId: shop.id,
        orderId,
        fulfillmentId,
        kind: "STATUS",
        from: null,
        to: "HOLD",
        reason: "routed by assignment",
        actor,
        at: now,
      });
    }
    if (routing.unassigned.length > 0) {
      timeline.push({
        shopId: shop.id,
        orderId,
        kind: "UNASSIGNED",
        reason: `${routing.unassigned.length} line(s) have no fulfiller assigned`,
        actor,
        at: now,
      });
    }
    stored.set(index, {
      orderId,
      created: true,
      stale: false,
      cancelled: false,
      createdFulfillmentIds,
      unassignedLineIds: routing.unassigned,
      unroutedLineIds: [],
    });
  }

  await bulkInsert(tx, "Order", orderRows);
  await bulkInsert(tx, "OrderLine", lineRows);
  await bulkInsert(tx, "Fulfillment", fulfillmentRows);
  await bulkInsert(tx, "FulfillmentLine", fulfillmentLineRows);
  await addTimelineInBulk(tx, timeline);
  return { stored, deferred };
}

async function findKnown(tx: Tx, shopId: string, orders: ValidPlatformOrder[]): Promise<Set<string>> {
  const ids = [...new Set(orders.map((order) => order.platformOrderId))];
  const known = new Set<string>();
  for (let start = 0; start < ids.length; start += CHUNK) {
    const rows = await tx.order.findMany({
      where: { shopId, platformOrderId: { in: ids.slice(start, start + CHUNK) } },
      select: { platformOrderId: true },
    });
    for (const row of rows) known.add(row.platformOrderId);
  }
  return known;
}

