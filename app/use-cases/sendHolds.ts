// The hold task (DESIGN.md §The flow, 2): HOLD parts whose hold has passed go to their push-type
// fulfiller → PENDING with the fulfiller's id, or FAILED with its reason. A FAILED part is
// resent once automatically as RECYCLED → PENDING, or FAILED for good until a person resends it
// (seed: Konnektive "Recycled"). Submits are idempotent on our fulfillment id, so a run that
// crashed between submit and save submits again safely.
import { z } from "zod";
import type { FulfillmentStatus } from "~/fulfillment/types";
import { PluginAuthError, PluginRejectedError } from "~/plugins/errors";
import type { PluginConnection } from "~/plugins/port";
import type { AppContext } from "./context";
import { parseInput } from "./errors";
import { cancelAtFulfillers, type SentPart } from "./shared/cancelAtFulfiller";
import { connectionClient } from "./shared/connectionClient";
import { buildPart, type FulfillmentWithPart, partInclude } from "./shared/fulfillmentPart";
import { type JobOutcome, type JobRun, runJob } from "./shared/runJob";
import { addCounts, emptyCounts, type RunCounts } from "./shared/syncRun";
import { addTimeline } from "./shared/timeline";
import { transitionFulfillment } from "./shared/transition";

const inputSchema = z.object({
  shopId: z.string().min(1),
  connectionId: z.string().min(1).optional(),
  /** the moment holds are measured against; the context's clock when not given */
  now: z.date().optional(),
});

export type SendHoldsInput = z.input<typeof inputSchema>;

export interface SendHoldsResult {
  counts: RunCounts;
  /** one run per push-type connection */
  runs: { connectionId: string; outcome: JobOutcome<void> }[];
}

const ACTOR = "system:hold";
const PAGE = 100;

export async function sendHolds(ctx: AppContext, raw: SendHoldsInput): Promise<SendHoldsResult> {
  const input = parseInput(inputSchema, raw);
  const connections = await ctx.db.connection.findMany({
    where: { shopId: input.shopId, active: true, mode: "push", ...(input.connectionId ? { id: input.connectionId } : {}) },
    orderBy: { createdAt: "asc" },
  });
  const counts = emptyCounts();
  const runs: SendHoldsResult["runs"] = [];
  for (const connection of connections) {
    const outcome = await runJob(ctx, { job: "hold", shopId: input.shopId, connectionId: connection.id }, (run) =>
      sendForConnection(ctx, connection, input.now ?? ctx.now(), run),
    );
    if (outcome.status !== "skipped") addCounts(counts, outcome.counts);
    runs.push({ connectionId: connection.id, outcome });
  }
  return { counts, runs };
}

type ConnectionRow = Awaited<ReturnType<AppContext["db"]["connection"]["findFirstOrThrow"]>>;

async function sendForConnection(ctx: AppContext, connection: ConnectionRow, now: Date, run: JobRun): Promise<void> {
  const client = connectionClient(ctx, connection);
  const base = { shopId: connection.shopId, connectionId: connection.id };

  // 1. Parts due: HOLD past their hold, and RECYCLED ones a crashed or interrupted run left behind.
  await eachPage(
    ctx,
    { ...base, OR: [{ status: "HOLD", OR: [{ holdUntil: null }, { holdUntil: { lte: now } }] }, { status: "RECYCLED" }] },
    run,
    (part) => submitPart(ctx, client, connection, part, run),
  );
  // 2. The one automatic resend of each FAILED part, right after its failure.
  await eachPage(ctx, { ...base, status: "FAILED", recycled: false }, run, async (part) => {
    await ctx.db.$transaction((tx) =>
      transitionFulfillment(tx, {
        shopId: part.shopId,
        fulfillmentId: part.id,
        to: "RECYCLED",
        actor: ACTOR,
        reason: "automatic resend of a failed part",
        at: ctx.now(),
        data: { recycled: true },
      }),
    );
    await submitPart(ctx, client, connection, { ...part, status: "RECYCLED", recycled: true }, run);
  });
}

async function eachPage(
  ctx: AppContext,
  where: NonNullable<Parameters<AppContext["db"]["fulfillment"]["findMany"]>[0]>["where"],
  run: JobRun,
  handle: (part: FulfillmentWithPart) => Promise<void>,
): Promise<void> {
  let after: string | null = null;
  for (;;) {
    if (run.signal.aborted) return;
    const page: FulfillmentWithPart[] = await ctx.db.fulfillment.findMany({
      where: { ...where, ...(after ? { id: { gt: after } } : {}) },
      include: partInclude,
      orderBy: { id: "asc" },
      take: PAGE,
    });
    for (const part of page) {
      if (run.signal.aborted) return;
      run.counts.seen++;
      try {
        await handle(part);
      } catch (error) {
        // One part changed under us (a person cancelled it meanwhile): the others still go.
        if (error instanceof PluginAuthError) throw error;
        run.counts.failed++;
      }
    }
    if (page.length < PAGE) return;
    after = page[page.length - 1].id;
  }
}

async function submitPart(
  ctx: AppContext,
  client: PluginConnection,
  connection: ConnectionRow,
  part: FulfillmentWithPart,
  run: JobRun,
): Promise<void> {
  const from = part.status as FulfillmentStatus;
  let clientFulfillmentId: string;
  try {
    ({ clientFulfillmentId } = await client.submit(buildPart(part)));
  } catch (error) {
    run.counts.failed++;
    // Wrong credentials concern every part: stop the run (its error is recorded), leave the parts as they are.
    if (error instanceof PluginAuthError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof PluginRejectedError) {
      await ctx.db.$transaction((tx) =>
        transitionFulfillment(tx, {
          shopId: part.shopId,
          fulfillmentId: part.id,
          to: "FAILED",
          actor: ACTOR,
          reason: message,
          at: ctx.now(),
          data: { failureReason: message, attempts: { increment: 1 } },
        }),
      );
      return;
    }
    // Unreachable or failing fulfiller: not its answer about this part. The part stays as it is and
    // the next run tries again.
    await addTimeline(ctx.db, {
      shopId: part.shopId,
      orderId: part.orderId,
      fulfillmentId: part.id,
      kind: "SUBMIT_FAILED",
      reason: `Sending failed, will retry: ${message}`,
      actor: ACTOR,
      at: ctx.now(),
    });
    return;
  }
  const at = ctx.now();
  try {
    await ctx.db.$transaction((tx) =>
      transitionFulfillment(tx, {
        shopId: part.shopId,
        fulfillmentId: part.id,
        to: "PENDING",
        actor: ACTOR,
        reason: from === "RECYCLED" ? "accepted on the automatic resend" : "accepted by the fulfiller",
        at,
        data: { clientFulfillmentId, sentAt: at, failureReason: null, attempts: { increment: 1 } },
      }),
    );
  } catch (error) {
    // Cancelled while it was being sent: the fulfiller now has a part that no longer exists.
    const now = await ctx.db.fulfillment.findFirst({ where: { id: part.id, shopId: part.shopId }, select: { status: true } });
    if (now?.status === "CANCELLED") {
      await ctx.db.fulfillment.updateMany({ where: { id: part.id, shopId: part.shopId }, data: { clientFulfillmentId } });
      await cancelAtFulfillers(ctx, [{ ...sentPart(part, connection), clientFulfillmentId }], ACTOR);
    }
    throw error;
  }
  run.counts.sent++;
}

function sentPart(part: FulfillmentWithPart, connection: ConnectionRow): SentPart {
  return {
    shopId: part.shopId,
    orderId: part.orderId,
    fulfillmentId: part.id,
    clientFulfillmentId: part.clientFulfillmentId,
    connection,
  };
}
