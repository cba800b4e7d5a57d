// The outbox of outgoing webhooks: a WebhookDelivery per subscribed event, written in the
// transaction of the timeline entry that raises it, with its body fixed there (the bytes that
// are signed and sent, however often they are retried). Customer details stay out of the body:
// subscribers get ids, statuses and tracking, enough to look the rest up where they may.
import { randomUUID } from "node:crypto";
import type { Tx } from "../shared/timeline";
import { eventOfEntry, isWebhookEvent, type WebhookEvent } from "./events";

export interface OutboxEntry {
  shopId: string;
  orderId: string;
  fulfillmentId?: string | null;
  kind: string;
  from?: string | null;
  to?: string | null;
  reason?: string | null;
  at: Date;
}

export function subscribedEvents(events: string): WebhookEvent[] {
  const parsed: unknown = JSON.parse(events);
  return Array.isArray(parsed) ? parsed.filter((e): e is WebhookEvent => typeof e === "string" && isWebhookEvent(e)) : [];
}

export async function enqueueWebhookEvents(tx: Tx, entries: readonly OutboxEntry[]): Promise<number> {
  const raised = entries.flatMap((entry) => {
    const event = eventOfEntry(entry);
    return event ? [{ entry, event }] : [];
  });
  if (raised.length === 0) return 0;
  let written = 0;
  for (const shopId of new Set(raised.map((r) => r.entry.shopId))) {
    const subscriptions = await tx.webhookSubscription.findMany({
      where: { shopId, active: true },
      select: { id: true, events: true },
    });
    if (subscriptions.length === 0) continue;
    for (const { entry, event } of raised.filter((r) => r.entry.shopId === shopId)) {
      const to = subscriptions.filter((s) => subscribedEvents(s.events).includes(event));
      if (to.length === 0) continue;
      const body = JSON.stringify(await payloadOf(tx, entry, event));
      await tx.webhookDelivery.createMany({
        data: to.map((s) => ({ shopId, subscriptionId: s.id, event, body, nextAttemptAt: entry.at, createdAt: entry.at })),
      });
      written += to.length;
    }
  }
  return written;
}

async function payloadOf(tx: Tx, entry: OutboxEntry, event: WebhookEvent) {
  const order = await tx.order.findFirstOrThrow({
    where: { id: entry.orderId, shopId: entry.shopId },
    select: {
      id: true,
      platformOrderId: true,
      name: true,
      shipmentState: true,
      cancelledAt: true,
      shop: { select: { platform: true, domain: true } },
    },
  });
  const base = {
    // One id per event: the same event sent to several subscribers, or retried, keeps it.
    id: randomUUID(),
    event,
    occurredAt: entry.at.toISOString(),
    shop: { platform: order.shop.platform, domain: order.shop.domain },
    order: {
      id: order.id,
      platformOrderId: order.platformOrderId,
      name: order.name,
      shipmentState: order.shipmentState,
      cancelled: order.cancelledAt !== null,
    },
  };
  if (event === "ORDER_CREATED") {
    const parts = await tx.fulfillment.findMany({
      where: { orderId: order.id, shopId: entry.shopId },
      select: { id: true, status: true, connection: { select: { id: true, kind: true, title: true } } },
      orderBy: { createdAt: "asc" },
    });
    return { ...base, fulfillments: parts.map((p) => ({ id: p.id, status: p.status, fulfiller: p.connection })) };
  }
  if (!entry.fulfillmentId) return base;
  const part = await tx.fulfillment.findFirstOrThrow({
    where: { id: entry.fulfillmentId, shopId: entry.shopId },
    select: {
      id: true,
      clientFulfillmentId: true,
      shippedAt: true,
      deliveredAt: true,
      connection: { select: { id: true, kind: true, title: true } },
      shipments: {
        where: { state: "ACCEPTED" },
        select: {
          id: true,
          trackingNumbers: true,
          carrier: true,
          method: true,
          trackingUrl: true,
          carrierStatus: true,
          shippedAt: true,
          deliveredAt: true,
          lines: { select: { quantity: true, orderLine: { select: { platformLineId: true, sku: true } } } },
        },
        orderBy: { createdAt: "asc" },
      },
    },
  });
  return {
    ...base,
    fulfillment: {
      id: part.id,
      status: entry.to ?? null,
      previousStatus: entry.from ?? null,
      reason: entry.reason ?? null,
      fulfiller: part.connection,
      clientFulfillmentId: part.clientFulfillmentId,
      shippedAt: part.shippedAt?.toISOString() ?? null,
      deliveredAt: part.deliveredAt?.toISOString() ?? null,
    },
    shipments: part.shipments.map((s) => ({
      id: s.id,
      trackingNumbers: JSON.parse(s.trackingNumbers) as unknown,
      carrier: s.carrier,
      method: s.method,
      trackingUrl: s.trackingUrl,
      carrierStatus: s.carrierStatus,
      shippedAt: s.shippedAt?.toISOString() ?? null,
      deliveredAt: s.deliveredAt?.toISOString() ?? null,
      lines: s.lines.map((l) => ({ platformLineId: l.orderLine.platformLineId, sku: l.orderLine.sku, quantity: l.quantity })),
    })),
  };
}
