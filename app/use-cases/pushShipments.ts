// The push worker (DESIGN.md §Exactly once): sends recorded intents to the buyer platform and
// records the platform's ids.
//
// - An intent is claimed with a lease by one conditional update, so two workers never hold the
//   same intent; an IN_FLIGHT intent whose lease expired (its worker died) may be claimed again.
// - Intents of one order go one at a time in the order they were recorded, so a CANCEL of a voided
//   shipment reaches the platform before the CREATE of its re-shipment, and an UPDATE_TRACKING or
//   CANCEL always finds the platform id its CREATE recorded.
// - A CREATE tried before (a crash, a timeout: the platform may have written it) is first looked up
//   on the platform (findPushed: that tracking and those items) and only pushed if not found
//   (Convictional's "broken order sync" after a timeout: notes/peers.md §3).
// - The platform refusing → FAILED with its message on the timeline; the platform unreachable,
//   failing or throttling → back to PENDING with a growing delay (never dropped, DESIGN.md §Rate limits).
import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { PlatformRejectedError, PlatformUnavailableError } from "~/platforms/errors";
import type { Platform, PlatformShipment, PushedRef, ShopRef } from "~/platforms/port";
import type { AppContext } from "./context";
import { parseInput } from "./errors";
import {
  type CreatePayload,
  createPayloadSchema,
  eventPayloadSchema,
  platformRefSchema,
  trackingPayloadSchema,
} from "./shared/pushIntents";
import { type JobOutcome, type JobRun, runJob } from "./shared/runJob";
import { platformOf, shopRefOf } from "./shared/shopRef";
import { addTimeline } from "./shared/timeline";

const inputSchema = z.object({
  /** one shop, or every shop when not given */
  shopId: z.string().min(1).optional(),
  /** at most this many intents in this run */
  limit: z.number().int().positive().default(500),
  /** how long a claimed intent stays ours; must outlast one platform call with its retries */
  leaseMs: z.number().int().positive().default(5 * 60_000),
  /**
   * the run's job lease (renewed every third of it while the run lives); it is also how long a
   * crashed worker keeps the shop's push loop from others. Default DEFAULT_JOB_LEASE_MS.
   */
  jobLeaseMs: z.number().int().min(3_000).optional(),
});

export type PushShipmentsInput = z.input<typeof inputSchema>;

export interface PushShipmentsResult {
  /** intents written to the platform (DONE) */
  pushed: number;
  /** of those, CREATEs found already on the platform after an unknown outcome */
  found: number;
  /** refused by the platform (FAILED) */
  failed: number;
  /** back to PENDING for a later try */
  retried: number;
}

const BATCH = 50;

/** The intent cannot be sent as recorded (a line gone, an unknown action): retrying will not help. */
class UnsendableIntentError extends Error {
  override name = "UnsendableIntentError";
}
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;

export async function pushShipments(
  ctx: AppContext,
  raw: PushShipmentsInput = {},
): Promise<JobOutcome<PushShipmentsResult>> {
  const input = parseInput(inputSchema, raw);
  return runJob(ctx, { job: "push", shopId: input.shopId ?? null, leaseMs: input.jobLeaseMs }, (run) => pushBatch(ctx, input, run));
}

type Input = z.output<typeof inputSchema>;

async function pushBatch(ctx: AppContext, input: Input, run: JobRun): Promise<PushShipmentsResult> {
  const result: PushShipmentsResult = { pushed: 0, found: 0, failed: 0, retried: 0 };
  const tried = new Set<string>();
  let handled = 0;
  while (handled < input.limit && !run.signal.aborted) {
    const ids = await pickIntents(ctx, input.shopId, Math.min(BATCH, input.limit - handled), tried);
    if (ids.length === 0) break;
    for (const id of ids) {
      if (run.signal.aborted) break;
      tried.add(id);
      const claimed = await claim(ctx, id, run.owner, input.leaseMs);
      if (!claimed) continue;
      handled++;
      run.counts.seen++;
      await pushOne(ctx, claimed, run, result);
    }
  }
  return result;
}

/** Intents due now, at most one per order: the oldest unfinished intent of that order. */
async function pickIntents(
  ctx: AppContext,
  shopId: string | undefined,
  take: number,
  tried: ReadonlySet<string>,
): Promise<string[]> {
  const now = ctx.now();
  const scope: Prisma.PushIntentWhereInput = shopId ? { shopId } : {};
  const due = await ctx.db.pushIntent.findMany({
    where: {
      ...scope,
      id: { notIn: [...tried] },
      OR: [
        { state: "PENDING", nextAttemptAt: { lte: now } },
        { state: "IN_FLIGHT", leaseUntil: { lt: now } },
      ],
      // A shop that uninstalled has revoked our token: its intents wait, and go on a reinstall.
      shipment: { order: { shop: { uninstalledAt: null } } },
    },
    select: { id: true, shipment: { select: { orderId: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: take * 4,
  });
  if (due.length === 0) return [];
  const orderIds = [...new Set(due.map((intent) => intent.shipment.orderId))];
  const unfinished = await ctx.db.pushIntent.findMany({
    where: { ...scope, state: { in: ["PENDING", "IN_FLIGHT"] }, shipment: { orderId: { in: orderIds } } },
    select: { id: true, shipment: { select: { orderId: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const head = new Map<string, string>();
  for (const intent of unfinished) if (!head.has(intent.shipment.orderId)) head.set(intent.shipment.orderId, intent.id);
  return due
    .filter((intent) => head.get(intent.shipment.orderId) === intent.id)
    .slice(0, take)
    .map((intent) => intent.id);
}

const claimedInclude = {
  shipment: { include: { order: { select: { id: true, platformOrderId: true } } } },
} satisfies Prisma.PushIntentInclude;
type ClaimedIntent = Prisma.PushIntentGetPayload<{ include: typeof claimedInclude }>;

async function claim(ctx: AppContext, id: string, owner: string, leaseMs: number): Promise<ClaimedIntent | null> {
  const now = ctx.now();
  const taken = await ctx.db.pushIntent.updateMany({
    where: {
      id,
      OR: [
        { state: "PENDING", nextAttemptAt: { lte: now } },
        { state: "IN_FLIGHT", leaseUntil: { lt: now } },
      ],
    },
    data: {
      state: "IN_FLIGHT",
      leaseOwner: owner,
      leaseUntil: new Date(now.getTime() + leaseMs),
      attempts: { increment: 1 },
    },
  });
  if (taken.count !== 1) return null;
  return ctx.db.pushIntent.findUniqueOrThrow({ where: { id }, include: claimedInclude });
}

interface Pushing {
  ctx: AppContext;
  intent: ClaimedIntent;
  owner: string;
  platform: Platform;
  shop: ShopRef;
  order: { platformOrderId: string };
  notifyCustomer: boolean;
}

async function pushOne(ctx: AppContext, intent: ClaimedIntent, run: JobRun, result: PushShipmentsResult) {
  const shopRow = await ctx.db.shop.findUniqueOrThrow({ where: { id: intent.shopId } });
  const p: Pushing = {
    ctx,
    intent,
    owner: run.owner,
    platform: platformOf(ctx, shopRow),
    shop: shopRefOf(shopRow),
    order: { platformOrderId: intent.shipment.order.platformOrderId },
    notifyCustomer: shopRow.notifyCustomers,
  };
  try {
    const outcome = await perform(p);
    if (await complete(p, { state: "DONE", platformRef: outcome.ref ? JSON.stringify(outcome.ref) : null }, outcome.note)) {
      result.pushed++;
      run.counts.pushed++;
      if (outcome.found) result.found++;
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    run.counts.failed++;
    if (error instanceof PlatformRejectedError || error instanceof UnsendableIntentError) {
      result.failed++;
      await complete(p, { state: "FAILED", lastError: message }, null, `The platform refused ${describe(intent)}: ${message}`);
      return;
    }
    result.retried++;
    const delay = Math.max(
      Math.min(BASE_DELAY_MS * 2 ** Math.max(0, intent.attempts - 1), MAX_DELAY_MS),
      error instanceof PlatformUnavailableError ? (error.retryAfterMs ?? 0) : 0,
    );
    await ctx.db.pushIntent.updateMany({
      where: { id: intent.id, leaseOwner: p.owner, state: "IN_FLIGHT" },
      data: {
        state: "PENDING",
        lastError: message,
        nextAttemptAt: new Date(ctx.now().getTime() + delay),
        leaseOwner: null,
        leaseUntil: null,
      },
    });
  }
}

function describe(intent: ClaimedIntent): string {
  switch (intent.action) {
    case "CREATE":
      return "this shipment";
    case "UPDATE_TRACKING":
      return "the tracking update of this shipment";
    case "CANCEL":
      return "the cancellation of this shipment";
    default:
      return "a tracking event of this shipment";
  }
}

interface Performed {
  ref: PushedRef | null;
  found?: boolean;
  /** for the timeline */
  note: string;
}

async function perform(p: Pushing): Promise<Performed> {
  const { intent } = p;
  if (intent.action === "CREATE") return performCreate(p);

  // Every later action is about the platform's fulfillment that the CREATE made.
  const ref = await createdRef(p);
  if (!ref) return { ref: null, note: `${intent.action}: nothing to do, the shipment never reached the platform` };
  switch (intent.action) {
    case "UPDATE_TRACKING": {
      const tracking = trackingPayloadSchema.parse(JSON.parse(intent.payload ?? "null"));
      await p.platform.updateTracking(p.shop, p.order, ref, tracking, { notifyCustomer: p.notifyCustomer });
      return { ref, note: `tracking updated to ${tracking.trackingNumbers.join(", ") || "none"}` };
    }
    case "CANCEL":
      await p.platform.cancelShipment(p.shop, p.order, ref);
      return { ref, note: "fulfillment cancelled on the platform" };
    case "EVENT": {
      const event = eventPayloadSchema.parse(JSON.parse(intent.payload ?? "null"));
      await p.platform.recordTrackingEvent(p.shop, p.order, ref, event);
      return { ref, note: `tracking event ${event.status}` };
    }
    default:
      throw new UnsendableIntentError(`Unknown push action ${intent.action}`);
  }
}

async function performCreate(p: Pushing): Promise<Performed> {
  const { intent } = p;
  const payload = createPayloadSchema.parse(JSON.parse(intent.payload ?? "null"));
  const shipment = await toPlatformShipment(p, payload);
  // attempts counts this claim too: more than one means an earlier try may have reached the platform.
  if (intent.attempts > 1) {
    const existing = await p.platform.findPushed(p.shop, p.order, shipment);
    if (existing) return { ref: existing, found: true, note: "found already on the platform after an unknown outcome" };
  }
  const ref = await p.platform.pushShipment(p.shop, p.order, shipment, {
    notifyCustomer: p.notifyCustomer,
    idempotencyKey: intent.idempotencyKey,
  });
  return { ref, note: `pushed as ${ref.ids.join(", ")}` };
}

async function toPlatformShipment(p: Pushing, payload: CreatePayload): Promise<PlatformShipment> {
  const lines = await p.ctx.db.orderLine.findMany({
    where: { shopId: p.intent.shopId, id: { in: payload.lines.map((line) => line.orderLineId) } },
    select: { id: true, platformLineId: true },
  });
  const platformId = new Map(lines.map((line) => [line.id, line.platformLineId]));
  return {
    trackingNumbers: payload.trackingNumbers,
    carrier: payload.carrier,
    trackingUrl: payload.trackingUrl,
    method: payload.method,
    lines: payload.lines.map((line) => {
      const id = platformId.get(line.orderLineId);
      if (!id) throw new UnsendableIntentError(`Order line ${line.orderLineId} no longer exists`);
      return { platformLineId: id, quantity: line.quantity };
    }),
  };
}

/** The platform ids the shipment's CREATE recorded; null when it never reached the platform. */
async function createdRef(p: Pushing): Promise<PushedRef | null> {
  const create = await p.ctx.db.pushIntent.findFirst({
    where: { shopId: p.intent.shopId, shipmentId: p.intent.shipmentId, action: "CREATE", state: "DONE" },
    select: { platformRef: true },
  });
  if (!create?.platformRef) return null;
  return platformRefSchema.parse(JSON.parse(create.platformRef));
}

/** Records the outcome if the intent is still ours; false when its lease was lost meanwhile. */
async function complete(
  p: Pushing,
  data: Prisma.PushIntentUpdateManyMutationInput,
  note: string | null,
  failure?: string,
): Promise<boolean> {
  const { ctx, intent } = p;
  return ctx.db.$transaction(async (tx) => {
    const done = await tx.pushIntent.updateMany({
      where: { id: intent.id, leaseOwner: p.owner, state: "IN_FLIGHT" },
      data: { ...data, leaseOwner: null, leaseUntil: null },
    });
    if (done.count !== 1) return false;
    await addTimeline(tx, {
      shopId: intent.shopId,
      orderId: intent.shipment.order.id,
      fulfillmentId: intent.shipment.fulfillmentId,
      kind: failure ? "PUSH_FAILED" : "PUSHED",
      reason: failure ?? `${intent.action}: ${note}`,
      actor: "system:push",
      at: ctx.now(),
    });
    return true;
  });
}
