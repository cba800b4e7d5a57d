// The admin's view of the outgoing webhooks: each subscription (never its secret) with its
// recent deliveries, newest first.
import type { AppContext } from "../context";
import { subscribedEvents } from "./enqueue";
import type { WebhookEvent } from "./events";

export interface DeliveryView {
  id: string;
  event: string;
  state: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}

export interface SubscriptionView {
  id: string;
  url: string;
  events: WebhookEvent[];
  failing: boolean;
  failingSince: string | null;
  createdAt: string;
  deliveries: DeliveryView[];
  counts: { delivered: number; pending: number; failed: number };
}

export async function listWebhookSubscriptions(ctx: AppContext, input: { shopId: string; deliveries?: number }): Promise<SubscriptionView[]> {
  const subscriptions = await ctx.db.webhookSubscription.findMany({
    where: { shopId: input.shopId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      url: true,
      events: true,
      failing: true,
      failingSince: true,
      createdAt: true,
      deliveries: { orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: input.deliveries ?? 20 },
    },
  });
  const counts = await ctx.db.webhookDelivery.groupBy({
    by: ["subscriptionId", "state"],
    where: { shopId: input.shopId },
    _count: { _all: true },
  });
  const countOf = (id: string, states: string[]) =>
    counts.filter((c) => c.subscriptionId === id && states.includes(c.state)).reduce((sum, c) => sum + c._count._all, 0);
  return subscriptions.map((s) => ({
    id: s.id,
    url: s.url,
    events: subscribedEvents(s.events),
    failing: s.failing,
    failingSince: s.failingSince?.toISOString() ?? null,
    createdAt: s.createdAt.toISOString(),
    counts: {
      delivered: countOf(s.id, ["DELIVERED"]),
      pending: countOf(s.id, ["PENDING", "IN_FLIGHT"]),
      failed: countOf(s.id, ["FAILED"]),
    },
    deliveries: s.deliveries.map((d) => ({
      id: d.id,
      event: d.event,
      state: d.state,
      attempts: d.attempts,
      lastStatus: d.lastStatus,
      lastError: d.lastError,
      createdAt: d.createdAt.toISOString(),
      lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
      nextAttemptAt: d.state === "PENDING" ? d.nextAttemptAt.toISOString() : null,
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
    })),
  }));
}
