// Wraps one job run: take the lease for (job, shop, connection), record a SyncRun, keep the
// lease alive while the work runs, and give it back at the end. A run that finds the lease held
// elsewhere does nothing and says so.
import type { AppContext } from "../context";
import { acquireLease, leaseKey, newLeaseOwner, releaseLease, renewLease } from "./jobLease";
import { emptyCounts, finishSyncRun, type JobName, type RunCounts, startSyncRun } from "./syncRun";

export interface JobScope {
  job: JobName;
  shopId: string | null;
  connectionId?: string | null;
  /** how long the lease lasts without renewal; renewed every third of it */
  leaseMs?: number;
}

export interface JobRun {
  runId: string;
  owner: string;
  /** counts the work updates as it goes; saved with the run */
  counts: RunCounts;
  /** aborted when the lease was lost: stop at the next safe point */
  signal: AbortSignal;
}

export type JobOutcome<T> =
  | { status: "done"; runId: string; counts: RunCounts; result: T }
  | { status: "failed"; runId: string; counts: RunCounts; error: string }
  | { status: "skipped"; reason: "lease-held" };

export const DEFAULT_JOB_LEASE_MS = 10 * 60_000;

export async function runJob<T>(
  ctx: AppContext,
  scope: JobScope,
  work: (run: JobRun) => Promise<T>,
): Promise<JobOutcome<T>> {
  const key = leaseKey(scope.job, scope.shopId, scope.connectionId);
  const owner = newLeaseOwner();
  const ttl = scope.leaseMs ?? DEFAULT_JOB_LEASE_MS;
  if (!(await acquireLease(ctx.db, ctx, key, owner, ttl))) return { status: "skipped", reason: "lease-held" };

  const controller = new AbortController();
  const renewal = setInterval(() => {
    renewLease(ctx.db, ctx, key, owner, ttl)
      .then((ours) => {
        if (!ours) controller.abort(new Error(`lease ${key} was lost`));
      })
      .catch(() => undefined); // a busy database: the next renewal tries again
  }, Math.max(1_000, Math.floor(ttl / 3)));
  renewal.unref();

  const counts = emptyCounts();
  let runId: string | null = null;
  try {
    runId = await startSyncRun(ctx.db, {
      job: scope.job,
      shopId: scope.shopId,
      connectionId: scope.connectionId ?? null,
      at: ctx.now(),
    });
    const result = await work({ runId, owner, counts, signal: controller.signal });
    await finishSyncRun(ctx.db, runId, { counts, error: null, at: ctx.now() });
    return { status: "done", runId, counts, result };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (runId === null) throw error;
    await finishSyncRun(ctx.db, runId, { counts, error: message, at: ctx.now() });
    return { status: "failed", runId, counts, error: message };
  } finally {
    clearInterval(renewal);
    await releaseLease(ctx.db, key, owner).catch(() => undefined);
  }
}
