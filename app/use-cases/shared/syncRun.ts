// Every run of a job is a SyncRun row: started, finished, what it saw, sent, pushed, rejected and
// failed, and its error (DESIGN.md §Jobs: "every run is recorded and shown in the admin").
import type { Db } from "~/db.server";

export type JobName = "hold" | "sync" | "webhook" | "push" | "reconcile" | "track" | "deliver" | "notify";

export interface RunCounts {
  /** items looked at: fulfillments, shipments, intents or orders, by job */
  seen: number;
  /** fulfillments submitted to a fulfiller */
  sent: number;
  /** intents written to the buyer platform */
  pushed: number;
  /** shipments refused by the coverage rules */
  rejected: number;
  /** submits or pushes that failed */
  failed: number;
}

export function emptyCounts(): RunCounts {
  return { seen: 0, sent: 0, pushed: 0, rejected: 0, failed: 0 };
}

export function addCounts(into: RunCounts, more: RunCounts): RunCounts {
  into.seen += more.seen;
  into.sent += more.sent;
  into.pushed += more.pushed;
  into.rejected += more.rejected;
  into.failed += more.failed;
  return into;
}

export async function startSyncRun(
  db: Db,
  input: { job: JobName; shopId: string | null; connectionId: string | null; at: Date },
): Promise<string> {
  const run = await db.syncRun.create({
    data: { job: input.job, shopId: input.shopId, connectionId: input.connectionId, startedAt: input.at },
    select: { id: true },
  });
  return run.id;
}

export async function finishSyncRun(
  db: Db,
  id: string,
  input: { counts: RunCounts; error: string | null; at: Date },
): Promise<void> {
  await db.syncRun.update({
    where: { id },
    data: { finishedAt: input.at, counts: JSON.stringify(input.counts), error: input.error },
  });
}
