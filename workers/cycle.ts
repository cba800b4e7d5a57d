// One cycle of a shop's work, in the order the flow needs it: send what is due, take in what the
// fulfillers shipped, then push it to the platform at once (DESIGN.md §The flow; issue 5: "push
// right after sync"). The scheduler runs its parts on their own schedules; `npm run sync -- --once`
// runs all of it for one shop.
import type { AppContext } from "~/use-cases/context";
import { pushShipments } from "~/use-cases/pushShipments";
import { sendHolds } from "~/use-cases/sendHolds";
import type { JobOutcome } from "~/use-cases/shared/runJob";
import { addCounts, emptyCounts, type RunCounts } from "~/use-cases/shared/syncRun";
import { syncShipments } from "~/use-cases/syncShipments";

export interface CycleReport {
  counts: RunCounts;
  /** runs that failed, with their error; runs skipped because another process held the lease */
  errors: string[];
  skipped: string[];
}

function tally<T>(report: CycleReport, name: string, outcome: JobOutcome<T>): void {
  if (outcome.status === "skipped") {
    report.skipped.push(name);
    return;
  }
  addCounts(report.counts, outcome.counts);
  if (outcome.status === "failed") report.errors.push(`${name}: ${outcome.error}`);
}

/** Syncs every active connection of the shop, then pushes the shop's intents. */
export async function syncAndPush(ctx: AppContext, shopId: string, report: CycleReport): Promise<void> {
  const connections = await ctx.db.connection.findMany({
    where: { shopId, active: true },
    select: { id: true, kind: true },
    orderBy: { createdAt: "asc" },
  });
  for (const connection of connections) {
    tally(report, `sync ${connection.kind} ${connection.id}`, await syncShipments(ctx, { shopId, connectionId: connection.id }));
  }
  tally(report, "push", await pushShipments(ctx, { shopId }));
}

export async function runShopCycle(ctx: AppContext, shopId: string): Promise<CycleReport> {
  const report: CycleReport = { counts: emptyCounts(), errors: [], skipped: [] };
  const holds = await sendHolds(ctx, { shopId });
  for (const run of holds.runs) tally(report, `hold ${run.connectionId}`, run.outcome);
  await syncAndPush(ctx, shopId, report);
  return report;
}

export function emptyReport(): CycleReport {
  return { counts: emptyCounts(), errors: [], skipped: [] };
}

export { tally as tallyOutcome };
