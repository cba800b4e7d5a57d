// Batch storing: a page of a fulfiller's shipments in one transaction and a handful of statements
// (the sync's pages; issue 5 "Throughput"). storeShipment spends ~20 queries and a transaction on
// each shipment; with Prisma on SQLite that caps a sync near 50 shipments a second.
//
// The common case — a new shipment (nothing stored from the same source) that the coverage rules
// accept against the order's recorded shipments, for a part waiting for it (HOLD or PENDING) — is
// judged by the same domain functions and written here with the same rows, intents, status moves
// and timeline as storeShipment. Anything else (a void, a replay or correction, a re-shipment, a
// shipment the rules refuse, one we cannot place, a second report of one order in the page) goes
// through storeShipment itself afterwards, in the page's order, so both paths agree by construction.
import { assertTransition, partSteps } from "~/fulfillment/statuses";
import { isFullyCovered, orderShipmentState } from "~/fulfillment/coverage";
import type { FulfillmentStatus } from "~/fulfillment/types";
import type { FulfillerShipment } from "~/plugins/port";
import type { AppContext } from "../context";
import { bulkInsert, newId, type SqlValue } from "./bulkInsert";
import {
  type JudgeScene,
  candidateOf,
  createPayload,
  describe,
  domainLines,
  judge,
  recordedOf,
  type ShipmentRow,
  sameSource,
  shipmentInclude,
  type StoreShipmentInput,
  type StoreShipmentResult,
  storableLines,
  storeShipment,
  trackingOf,
} from "./storeShipment";
import { addTimelineInBulk, type TimelineEntry, type Tx } from "./timeline";

export interface StoreShipmentsInput {
  shopId: string;
  connection: StoreShipmentInput["connection"];
  shipments: readonly FulfillerShipment[];
  actor: string;
}

export interface StoreShipmentsResult {
  /** one per input shipment, in the input's order */
  results: StoreShipmentResult[];
  /** how many were stored by the batch path (the rest went through storeShipment) */
  batched: number;
}

const CHUNK = 500;
const WAITING: ReadonlySet<string> = new Set(["HOLD", "PENDING"]);

export async function storeShipments(ctx: AppContext, input: StoreShipmentsInput): Promise<StoreShipmentsResult> {
  const results: StoreShipmentResult[] = new Array(input.shipments.length);
  const batch =
    input.shipments.length < 2
      ? { stored: new Map<number, StoreShipmentResult>(), deferred: input.shipments.map((_, i) => i) }
      : await ctx.db.$transaction((tx) => batchInTx(ctx, tx, input), { timeout: 120_000, maxWait: 30_000 });
  for (const [index, result] of batch.stored) results[index] = result;
  for (const index of batch.deferred) {
    results[index] = await storeShipment(ctx, {
      shopId: input.shopId,
      connection: input.connection,
      shipment: input.shipments[index]!,
      actor: input.actor,
    });
  }
  return { results, batched: batch.stored.size };
}

interface Part {
  id: string;
  orderId: string;
  status: string;
  clientFulfillmentId: string | null;
}

async function batchInTx(
  ctx: AppContext,
  tx: Tx,
  input: StoreShipmentsInput,
): Promise<{ stored: Map<number, StoreShipmentResult>; deferred: number[] }> {
  const now = ctx.now();
  const { shopId, connection } = input;
  // A write first, so the transaction holds the writer lock (SQLite) or the shop's row
  // (PostgreSQL) before it reads: a webhook and the poll reporting the same shipment take turns.
  await tx.shop.updateMany({ where: { id: shopId }, data: { updatedAt: now } });
  const shop = await tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: { platform: true, carrierTracking: true } });

  // Which part each report names (by our id, else by the fulfiller's id), as storeShipment finds it.
  const ids = unique(input.shipments.flatMap((s) => (s.fulfillmentId ? [s.fulfillmentId] : [])));
  const clientIds = unique(input.shipments.flatMap((s) => (s.clientFulfillmentId ? [s.clientFulfillmentId] : [])));
  const parts: Part[] = [];
  const select = { id: true, orderId: true, status: true, clientFulfillmentId: true } as const;
  for (const slice of chunks(ids)) {
    parts.push(...(await tx.fulfillment.findMany({ where: { shopId, connectionId: connection.id, id: { in: slice } }, select })));
  }
  for (const slice of chunks(clientIds)) {
    parts.push(...(await tx.fulfillment.findMany({ where: { shopId, connectionId: connection.id, clientFulfillmentId: { in: slice } }, select })));
  }
  const byId = new Map(parts.map((p) => [p.id, p]));
  const byClientId = new Map<string, Part>();
  for (const p of parts) if (p.clientFulfillmentId && !byClientId.has(p.clientFulfillmentId)) byClientId.set(p.clientFulfillmentId, p);
  const partOf = (s: FulfillerShipment): Part | undefined =>
    (s.fulfillmentId ? byId.get(s.fulfillmentId) : undefined) ?? (s.clientFulfillmentId ? byClientId.get(s.clientFulfillmentId) : undefined);

  // storeShipment's first write: the orders, before their shipments are read (on PostgreSQL the
  // row locks that make a webhook's storeShipment of the same order wait for this batch).
  const orderIds = unique(parts.map((p) => p.orderId));
  for (const slice of chunks(orderIds)) await tx.order.updateMany({ where: { shopId, id: { in: slice } }, data: { updatedAt: now } });

  // The orders' recorded shipments, lines and the parts' lines: what the rules judge against.
  const recordedRows = new Map<string, ShipmentRow[]>();
  const orderLines = new Map<string, JudgeScene["orderLines"]>();
  const partLineIds = new Map<string, Set<string>>();
  for (const slice of chunks(orderIds)) {
    const [shipped, lines] = await Promise.all([
      tx.shipment.findMany({ where: { shopId, orderId: { in: slice } }, include: shipmentInclude, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
      tx.orderLine.findMany({
        where: { shopId, orderId: { in: slice } },
        select: { id: true, orderId: true, quantity: true, cancelledQuantity: true, sku: true },
        orderBy: { id: "asc" },
      }),
    ]);
    for (const row of shipped) recordedRows.set(row.orderId, [...(recordedRows.get(row.orderId) ?? []), row]);
    for (const { orderId, ...line } of lines) orderLines.set(orderId, [...(orderLines.get(orderId) ?? []), line]);
  }
  for (const slice of chunks(parts.map((p) => p.id))) {
    for (const line of await tx.fulfillmentLine.findMany({ where: { shopId, fulfillmentId: { in: slice } }, select: { fulfillmentId: true, orderLineId: true } })) {
      partLineIds.set(line.fulfillmentId, (partLineIds.get(line.fulfillmentId) ?? new Set()).add(line.orderLineId));
    }
  }

  const stored = new Map<number, StoreShipmentResult>();
  const deferred: number[] = [];
  // Orders a report of this page already concerns: a later report of the same order waits for
  // storeShipment too, so that each order's reports are judged in the page's order.
  const touched = new Set<string>();
  const shipmentRows: Record<string, SqlValue>[] = [];
  const lineRows: Record<string, SqlValue>[] = [];
  const intentRows: Record<string, SqlValue>[] = [];
  const timeline: TimelineEntry[] = [];
  const moves = new Map<string, { from: FulfillmentStatus; to: FulfillmentStatus; ids: string[] }>();
  const orderStates = new Map<string, string[]>();

  input.shipments.forEach((shipment, index) => {
    const part = partOf(shipment);
    const defer = () => {
      deferred.push(index);
      if (part) touched.add(part.orderId);
    };
    if (!part || shipment.cancelled || !WAITING.has(part.status) || touched.has(part.orderId)) {
      defer();
      return;
    }
    const lines = orderLines.get(part.orderId) ?? [];
    const rows = recordedRows.get(part.orderId) ?? [];
    const scene: JudgeScene = {
      orderLines: lines,
      partLineIds: partLineIds.get(part.id) ?? new Set(),
      shipments: rows,
      input: { shopId, connection, shipment },
    };
    const { resolved, candidate, trackingKey } = candidateOf(scene);
    if (
      resolved.problems.length > 0 ||
      rows.some((row) => sameSource(row, candidate, part.id)) ||
      judge(scene, candidate, resolved.problems).kind !== "accepted"
    ) {
      defer(); // refused, a replay, a correction or a re-shipment: storeShipment's cases
      return;
    }
    touched.add(part.orderId);

    const shipmentId = newId();
    shipmentRows.push({
      id: shipmentId,
      shopId,
      orderId: part.orderId,
      fulfillmentId: part.id,
      connectionId: connection.id,
      fulfillerShipmentId: candidate.fulfillerShipmentId ?? null,
      trackingNumbers: JSON.stringify(candidate.trackingNumbers),
      trackingKey,
      carrier: shipment.carrier?.trim() || null,
      method: shipment.method?.trim() || null,
      trackingUrl: shipment.trackingUrl?.trim() || null,
      state: "ACCEPTED",
      rejectReason: null,
      supersedesId: null,
      shippedAt: shipment.shippedAt ? new Date(shipment.shippedAt) : now,
      createdAt: now,
      updatedAt: now,
    });
    for (const line of storableLines(scene, candidate.items)) {
      lineRows.push({ id: newId(), shopId, shipmentId, orderLineId: line.orderLineId, quantity: line.quantity });
    }
    intentRows.push({
      id: newId(),
      shopId,
      shipmentId,
      action: "CREATE",
      target: shop.platform,
      idempotencyKey: `${shipmentId}:create`,
      payload: JSON.stringify(createPayload(candidate, shipment)),
      state: "PENDING",
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
      updatedAt: now,
    });
    const located = { orderId: part.orderId, fulfillmentId: part.id };
    timeline.push({ shopId, ...located, kind: "SHIPMENT_ACCEPTED", reason: describe(candidate), actor: input.actor, at: now });

    const recorded = [
      ...recordedOf(rows),
      { id: shipmentId, connectionId: connection.id, fulfillerShipmentId: candidate.fulfillerShipmentId, trackingNumbers: candidate.trackingNumbers, items: candidate.items, cancelled: false },
    ];
    const state = orderShipmentState(domainLines(lines), recorded);
    orderStates.set(state, [...(orderStates.get(state) ?? []), part.orderId]);

    const fullyCovered = isFullyCovered(domainLines(lines.filter((line) => scene.partLineIds.has(line.id))), recorded);
    const ownTracking = rows.some((row) => row.fulfillmentId === part.id && row.state === "ACCEPTED" && trackingOf(row).length > 0);
    let from = part.status as FulfillmentStatus;
    const steps = partSteps(from, { hasTracking: ownTracking || candidate.trackingNumbers.length > 0, fullyCovered, carrierTracking: shop.carrierTracking });
    for (const step of steps) {
      assertTransition(from, step.to);
      timeline.push({ shopId, ...located, kind: "STATUS", from, to: step.to, reason: step.reason, actor: input.actor, at: now });
      from = step.to;
    }
    if (steps.length > 0) {
      const key = `${part.status}>${from}`;
      const move = moves.get(key) ?? { from: part.status as FulfillmentStatus, to: from, ids: [] };
      move.ids.push(part.id);
      moves.set(key, move);
    }
    stored.set(index, { kind: "accepted", shipmentId, ...located });
  });
  if (stored.size === 0) return { stored, deferred };

  await bulkInsert(tx, "Shipment", shipmentRows);
  await bulkInsert(tx, "ShipmentLine", lineRows);
  await bulkInsert(tx, "PushIntent", intentRows);
  for (const move of moves.values()) {
    for (const slice of chunks(move.ids)) {
      // Conditional on the status read, as transitionFulfillment: a part that moved meanwhile fails the batch.
      const updated = await tx.fulfillment.updateMany({
        where: { shopId, id: { in: slice }, status: move.from },
        data: { status: move.to, updatedAt: now, ...(move.to === "SHIPPED" ? { shippedAt: now } : {}) },
      });
      if (updated.count !== slice.length) throw new Error("A fulfillment changed while its shipments were stored; retry");
    }
  }
  for (const [state, ids] of orderStates) {
    for (const slice of chunks(ids)) {
      await tx.order.updateMany({ where: { shopId, id: { in: slice }, NOT: { shipmentState: state } }, data: { shipmentState: state } });
    }
  }
  await addTimelineInBulk(tx, timeline);
  return { stored, deferred };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function chunks<T>(values: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(values.slice(i, i + CHUNK));
  return out;
}
