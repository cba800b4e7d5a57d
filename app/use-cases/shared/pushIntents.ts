// Push intents (DESIGN.md §Exactly once): what to write to the buyer platform, recorded in the
// same transaction that stores the shipment, with a key derived from the shipment so the same
// change can never be recorded twice. The push worker (pushShipments) sends them.
import { z } from "zod";
import type { Tx } from "./timeline";

export type IntentAction = "CREATE" | "UPDATE_TRACKING" | "CANCEL" | "EVENT";
/** WITHDRAWN: a CREATE that was never tried, dropped because its shipment was cancelled first. */
export type IntentState = "PENDING" | "IN_FLIGHT" | "DONE" | "FAILED" | "WITHDRAWN";

/** What a CREATE writes, fixed when the shipment is stored (lines by our OrderLine id). */
export const createPayloadSchema = z.object({
  trackingNumbers: z.array(z.string()),
  carrier: z.string().nullable(),
  trackingUrl: z.string().nullable(),
  method: z.string().nullable(),
  lines: z.array(z.object({ orderLineId: z.string(), quantity: z.number().int().positive() })),
});
export type CreatePayload = z.infer<typeof createPayloadSchema>;

export const trackingPayloadSchema = z.object({
  trackingNumbers: z.array(z.string()),
  carrier: z.string().nullable(),
  trackingUrl: z.string().nullable(),
});
export type TrackingPayload = z.infer<typeof trackingPayloadSchema>;

export const eventPayloadSchema = z.object({
  status: z.enum([
    "LABEL_PRINTED",
    "CONFIRMED",
    "IN_TRANSIT",
    "OUT_FOR_DELIVERY",
    "ATTEMPTED_DELIVERY",
    "READY_FOR_PICKUP",
    "DELIVERED",
    "FAILURE",
  ]),
  happenedAt: z.string(),
  message: z.string().nullish(),
  city: z.string().nullish(),
  country: z.string().nullish(),
});

export type EventPayload = z.infer<typeof eventPayloadSchema>;

/** The platform's ids of a pushed shipment, as stored in PushIntent.platformRef. */
export const platformRefSchema = z.object({ ids: z.array(z.string()) });

export interface IntentTarget {
  shopId: string;
  /** SHOPIFY | BIGCOMMERCE (the shop's platform) */
  target: string;
  /** when the intent is recorded (the context's clock): it is due from then */
  at: Date;
}

export async function recordCreate(tx: Tx, to: IntentTarget, shipmentId: string, payload: CreatePayload): Promise<void> {
  await tx.pushIntent.create({
    data: {
      shopId: to.shopId,
      shipmentId,
      action: "CREATE",
      target: to.target,
      nextAttemptAt: to.at,
      idempotencyKey: `${shipmentId}:create`,
      payload: JSON.stringify(payload),
    },
  });
}

/**
 * New tracking for a stored shipment. If its CREATE has not been tried yet, the CREATE itself is
 * rewritten (nothing reached the platform, so nothing needs updating there); otherwise an
 * UPDATE_TRACKING intent follows it, keyed by the shipment and its number of intents.
 */
export async function recordTrackingChange(
  tx: Tx,
  to: IntentTarget,
  shipmentId: string,
  create: CreatePayload,
): Promise<"rewritten" | "queued"> {
  const rewritten = await tx.pushIntent.updateMany({
    where: { shipmentId, shopId: to.shopId, action: "CREATE", state: "PENDING", attempts: 0 },
    data: { payload: JSON.stringify(create) },
  });
  if (rewritten.count === 1) return "rewritten";
  const sequence = await tx.pushIntent.count({ where: { shipmentId, shopId: to.shopId } });
  const tracking: TrackingPayload = {
    trackingNumbers: create.trackingNumbers,
    carrier: create.carrier,
    trackingUrl: create.trackingUrl,
  };
  await tx.pushIntent.create({
    data: {
      shopId: to.shopId,
      shipmentId,
      action: "UPDATE_TRACKING",
      target: to.target,
      nextAttemptAt: to.at,
      idempotencyKey: `${shipmentId}:tracking:${sequence}`,
      payload: JSON.stringify(tracking),
    },
  });
  return "queued";
}

/**
 * A stored shipment was cancelled. A CREATE never tried is withdrawn (the platform never saw it);
 * otherwise a CANCEL intent follows the CREATE.
 */
export async function recordCancel(tx: Tx, to: IntentTarget, shipmentId: string): Promise<"withdrawn" | "queued"> {
  const withdrawn = await tx.pushIntent.updateMany({
    where: { shipmentId, shopId: to.shopId, action: "CREATE", state: "PENDING", attempts: 0 },
    data: { state: "WITHDRAWN", lastError: "The shipment was cancelled before it was pushed." },
  });
  if (withdrawn.count === 1) {
    await tx.pushIntent.updateMany({
      where: { shipmentId, shopId: to.shopId, state: "PENDING", attempts: 0 },
      data: { state: "WITHDRAWN", lastError: "The shipment was cancelled before it was pushed." },
    });
    return "withdrawn";
  }
  await tx.pushIntent.create({
    data: {
      shopId: to.shopId,
      shipmentId,
      action: "CANCEL",
      target: to.target,
      nextAttemptAt: to.at,
      idempotencyKey: `${shipmentId}:cancel`,
    },
  });
  return "queued";
}

/**
 * A carrier checkpoint to mirror on the platform (Shopify fulfillmentEventCreate). Keyed by the
 * shipment, status and time, so the same checkpoint reported twice is recorded once.
 */
export async function recordEvent(tx: Tx, to: IntentTarget, shipmentId: string, event: EventPayload): Promise<boolean> {
  const idempotencyKey = `${shipmentId}:event:${event.status}:${event.happenedAt}`;
  const known = await tx.pushIntent.findUnique({ where: { idempotencyKey }, select: { id: true } });
  if (known) return false;
  await tx.pushIntent.create({
    data: {
      shopId: to.shopId,
      shipmentId,
      action: "EVENT",
      target: to.target,
      nextAttemptAt: to.at,
      idempotencyKey,
      payload: JSON.stringify(event),
    },
  });
  return true;
}
