// Writing to an order's timeline: who or what did it, what changed, why, when.
import type { Prisma } from "@prisma/client";
import { writeOutbox } from "../webhooks/outbox";
import { bulkInsert, newId, type SqlValue } from "./bulkInsert";

export type Tx = Prisma.TransactionClient;

export type TimelineKind =
  | "STATUS"
  | "ORDER_RECEIVED"
  | "ORDER_UPDATED"
  | "UNASSIGNED"
  | "SUBMIT_FAILED"
  | "FULFILLER_CANCEL_FAILED"
  | "SHIPMENT_ACCEPTED"
  | "SHIPMENT_CHANGED"
  | "SHIPMENT_CANCELLED"
  | "SHIPMENT_REJECTED"
  | "PUSHED"
  | "PUSH_FAILED"
  | "NOTE";

export interface TimelineEntry {
  shopId: string;
  orderId: string;
  fulfillmentId?: string | null;
  kind: TimelineKind;
  from?: string | null;
  to?: string | null;
  reason?: string | null;
  actor: string;
  at: Date;
}

function row(entry: TimelineEntry): Prisma.TimelineEventCreateManyInput {
  return {
    shopId: entry.shopId,
    orderId: entry.orderId,
    fulfillmentId: entry.fulfillmentId ?? null,
    kind: entry.kind,
    from: entry.from ?? null,
    to: entry.to ?? null,
    reason: entry.reason ?? null,
    actor: entry.actor,
    at: entry.at,
  };
}

/**
 * addTimeline for batch paths (ingestOrders, storeShipments): the rows in a few multi-row INSERTs
 * with ids made here (shared/bulkInsert.ts), then the same outbox.
 */
export async function addTimelineInBulk(tx: Tx, entries: readonly TimelineEntry[]): Promise<void> {
  await bulkInsert(
    tx,
    "TimelineEvent",
    entries.map((entry) => ({ id: newId(), ...row(entry) }) as Record<string, SqlValue>),
  );
  await writeOutbox(tx, entries);
}

export async function addTimeline(tx: Tx, ...entries: TimelineEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.timelineEvent.createMany({ data: entries.map(row) });
  // Outgoing webhooks and customer notifications raised by these entries, in this transaction.
  await writeOutbox(tx, entries);
}
