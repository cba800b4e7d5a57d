// The outgoing webhook job: POSTs due WebhookDelivery rows to their subscribers, signed, each
// with its own timeout, several at once, so a slow or dead subscriber never holds up the others
// nor the worker's other jobs (this is its own job on its own schedule). A failure is retried with
// exponential backoff; after maxAttempts the delivery is FAILED and its subscription flagged
// failing until a later delivery succeeds.
//
// Headers: X-Consign-Event, X-Consign-Delivery-Id (the row id: the same on every retry, for the
// subscriber to deduplicate), X-Consign-Timestamp (seconds, the attempt's time) and
// X-Consign-Signature: sha256=<hex HMAC-SHA256 of the raw body with the subscription secret>.
import { z } from "zod";
import type { AppContext } from "../context";
import { parseInput } from "../errors";
import { type JobOutcome, type JobRun, runJob } from "../shared/runJob";
import { dueNow } from "./due";
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "./events";
import { openSecret } from "./secrets";
import { signBody } from "./signature";

const inputSchema = z.object({
  /** at most this many deliveries in this run */
  limit: z.number().int().positive().default(500),
  /** deliveries in flight at once */
  concurrency: z.number().int().min(1).max(64).default(8),
  /** per attempt */
  timeoutMs: z.number().int().positive().default(10_000),
  /** attempts before a delivery is FAILED and its subscription flagged failing */
  maxAttempts: z.number().int().min(1).default(6),
  /** the delay after the first failure; doubled after each further one */
  baseDelayMs: z.number().int().positive().default(60_000),
  maxDelayMs: z.number().int().positive().default(6 * 60 * 60_000),
});
export type DeliverWebhooksInput = z.input<typeof inputSchema>;
type Input = z.output<typeof inputSchema>;

export interface DeliverWebhooksResult {
  delivered: number;
  /** failed this attempt, to be tried again */
  retried: number;
  /** out of attempts */
  failed: number;
}

export async function deliverWebhooks(
  ctx: AppContext,
  raw: DeliverWebhooksInput = {},
): Promise<JobOutcome<DeliverWebhooksResult>> {
  const input = parseInput(inputSchema, raw);
  // A claimed delivery is ours for a few of its timeouts; a crashed worker's claims expire.
  const leaseMs = input.timeoutMs * 3 + 30_000;
  return runJob(ctx, { job: "deliver", shopId: null, leaseMs: Math.max(leaseMs, 60_000) }, (run) =>
    deliverDue(ctx, input, run, leaseMs),
  );
}

async function deliverDue(ctx: AppContext, input: Input, run: JobRun, leaseMs: number): Promise<DeliverWebhooksResult> {
  const result: DeliverWebhooksResult = { delivered: 0, retried: 0, failed: 0 };
  const now = ctx.now();
  const due = await ctx.db.webhookDelivery.findMany({
    where: dueNow(now),
    select: { id: true },
    orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
    take: input.limit,
  });
  const queue = due.map((d) => d.id);
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined && !run.signal.aborted; id = queue.shift()) {
      const outcome = await deliverOne(ctx, id, run.owner, input, leaseMs);
      if (outcome === null) continue;
      run.counts.seen++;
      result[outcome]++;
      if (outcome === "delivered") run.counts.pushed++;
      else run.counts.failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(input.concurrency, queue.length) }, worker));
  return result;
}

async function deliverOne(
  ctx: AppContext,
  id: string,
  owner: string,
  input: Input,
  leaseMs: number,
): Promise<keyof DeliverWebhooksResult | null> {
  const now = ctx.now();
  const claimed = await ctx.db.webhookDelivery.updateMany({
    where: { id, ...dueNow(now) },
    data: { state: "IN_FLIGHT", leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs), attempts: { increment: 1 } },
  });
  if (claimed.count !== 1) return null;
  const delivery = await ctx.db.webhookDelivery.findUniqueOrThrow({
    where: { id },
    include: { subscription: { select: { url: true, secretEnc: true, active: true } } },
  });

  let status: number | null = null;
  let problem: string | null = null;
  if (!delivery.subscription.active) problem = "the subscription is turned off";
  else {
    try {
      const secret = openSecret(ctx, delivery.shopId, delivery.subscription.secretEnc);
      const response = await ctx.fetch(delivery.subscription.url, {
        method: "POST",
        redirect: "manual",
        signal: AbortSignal.timeout(input.timeoutMs),
        headers: {
          "Content-Type": "application/json",
          "User-Agent": "Consign-Webhooks/1",
          [EVENT_HEADER]: delivery.event,
          [DELIVERY_HEADER]: delivery.id,
          [TIMESTAMP_HEADER]: String(Math.floor(now.getTime() / 1000)),
          [SIGNATURE_HEADER]: signBody(delivery.body, secret),
        },
        body: delivery.body,
      });
      status = response.status;
      const text = await response.text().catch(() => "");
      if (status < 200 || status >= 300) problem = `HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ""}`;
    } catch (error) {
      problem =
        error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")
          ? `no answer within ${input.timeoutMs} ms`
          : `could not reach the subscriber: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`;
    }
  }

  const at = ctx.now();
  const mine = { id, leaseOwner: owner, state: "IN_FLIGHT" };
  const common = { lastStatus: status, lastAttemptAt: at, leaseOwner: null, leaseUntil: null };
  if (problem === null) {
    await ctx.db.$transaction([
      ctx.db.webhookDelivery.updateMany({ where: mine, data: { ...common, state: "DELIVERED", deliveredAt: at, lastError: null } }),
      ctx.db.webhookSubscription.updateMany({
        where: { id: delivery.subscriptionId, failing: true },
        data: { failing: false, failingSince: null },
      }),
    ]);
    return "delivered";
  }
  if (delivery.attempts >= input.maxAttempts || !delivery.subscription.active) {
    await ctx.db.$transaction([
      ctx.db.webhookDelivery.updateMany({ where: mine, data: { ...common, state: "FAILED", lastError: problem } }),
      ctx.db.webhookSubscription.updateMany({
        where: { id: delivery.subscriptionId, failing: false, active: true },
        data: { failing: true, failingSince: at },
      }),
    ]);
    return "failed";
  }
  const delay = Math.min(input.baseDelayMs * 2 ** (delivery.attempts - 1), input.maxDelayMs);
  await ctx.db.webhookDelivery.updateMany({
    where: mine,
    data: { ...common, state: "PENDING", lastError: problem, nextAttemptAt: new Date(at.getTime() + delay) },
  });
  return "retried";
}
