// The scheduler (DESIGN.md §Jobs, issue 5): node-cron runs the use cases on their schedules —
// hold per each shop's holdSchedule (hourly by default), sync every 15 minutes with a push right
// after it, a push retry loop every minute, reconciliation hourly. `npm run worker` runs it as
// its own process; the web app and the sandbox call startScheduler in-process (the sandbox with
// FAST_SCHEDULE). Several processes may run it at once: every job takes its lease in the database,
// so a job for one shop and connection never runs twice at the same time.
import { pathToFileURL } from "node:url";
import cron, { type ScheduledTask } from "node-cron";
import { z } from "zod";
import type { AppContext } from "~/use-cases/context";
import { pushShipments } from "~/use-cases/pushShipments";
import { reconcileOrders } from "~/use-cases/reconcileOrders";
import { sendNotifications } from "~/use-cases/notifications/sendNotifications";
import { sendHolds } from "~/use-cases/sendHolds";
import { trackShipments } from "~/use-cases/trackShipments";
import { deliverWebhooks } from "~/use-cases/webhooks/deliverWebhooks";
import { createWorkerContext } from "./context";
import { type CycleReport, emptyReport, syncAndPush, tallyOutcome } from "./cycle";

export interface Schedule {
  /** how often the hold task looks at the shops; each shop's holdSchedule says whether it runs */
  hold: string;
  /** run every shop's hold task on every hold tick, ignoring holdSchedule (the sandbox) */
  holdEveryTick: boolean;
  /** the fulfillers' shipments, each followed by a push of that shop's intents */
  sync: string;
  /** the retry loop: intents due again (backoff) or left behind by a crashed worker */
  push: string;
  /** the platform's orders changed since the last run (missed webhooks) */
  reconcile: string;
  /** carrier tracking (DESIGN.md §Jobs: hourly); default hourly */
  track?: string;
  /** outgoing webhook deliveries and their retries; default every minute */
  deliver?: string;
  /** customer notifications; default every minute */
  notify?: string;
}

export const DEFAULT_SCHEDULE: Schedule = {
  hold: "* * * * *",
  holdEveryTick: false,
  sync: "*/15 * * * *",
  push: "* * * * *",
  reconcile: "0 * * * *",
  track: "0 * * * *",
  deliver: "* * * * *",
  notify: "* * * * *",
};

/** The sandbox: a newcomer sees orders move within minutes (6-field expressions have seconds). */
export const FAST_SCHEDULE: Schedule = {
  hold: "*/10 * * * * *",
  holdEveryTick: true,
  sync: "*/10 * * * * *",
  push: "*/5 * * * * *",
  reconcile: "*/30 * * * * *",
  track: "*/15 * * * * *",
  deliver: "*/5 * * * * *",
  notify: "*/5 * * * * *",
};

const cronExpression = (variable: string) =>
  z
    .string()
    .trim()
    .refine((value) => cron.validate(value), `${variable} is not a cron expression (e.g. "*/15 * * * *")`)
    .optional();

const envSchema = z.object({
  CONSIGN_SCHEDULE: z.enum(["default", "fast"]).optional(),
  CONSIGN_CRON_HOLD: cronExpression("CONSIGN_CRON_HOLD"),
  CONSIGN_CRON_SYNC: cronExpression("CONSIGN_CRON_SYNC"),
  CONSIGN_CRON_PUSH: cronExpression("CONSIGN_CRON_PUSH"),
  CONSIGN_CRON_RECONCILE: cronExpression("CONSIGN_CRON_RECONCILE"),
  CONSIGN_CRON_TRACK: cronExpression("CONSIGN_CRON_TRACK"),
  CONSIGN_CRON_DELIVER: cronExpression("CONSIGN_CRON_DELIVER"),
  CONSIGN_CRON_NOTIFY: cronExpression("CONSIGN_CRON_NOTIFY"),
});

/**
 * CONSIGN_SCHEDULE=fast picks the sandbox's schedule; CONSIGN_CRON_HOLD, _SYNC, _PUSH and
 * _RECONCILE override one job each. A malformed value throws, naming the variable.
 */
export function scheduleFromEnv(source: Readonly<Record<string, string | undefined>> = process.env): Schedule {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new Error(
      `Invalid schedule: ${parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join("; ")}`,
    );
  }
  const env = parsed.data;
  const base = env.CONSIGN_SCHEDULE === "fast" ? FAST_SCHEDULE : DEFAULT_SCHEDULE;
  return {
    ...base,
    hold: env.CONSIGN_CRON_HOLD ?? base.hold,
    sync: env.CONSIGN_CRON_SYNC ?? base.sync,
    push: env.CONSIGN_CRON_PUSH ?? base.push,
    reconcile: env.CONSIGN_CRON_RECONCILE ?? base.reconcile,
    track: env.CONSIGN_CRON_TRACK ?? base.track,
    deliver: env.CONSIGN_CRON_DELIVER ?? base.deliver,
    notify: env.CONSIGN_CRON_NOTIFY ?? base.notify,
  };
}

export interface SchedulerLog {
  info(message: string): void;
  error(message: string): void;
}

export type JobKey = "hold" | "sync" | "push" | "reconcile" | "track" | "deliver" | "notify";

export interface SchedulerHandle {
  /** the tasks by job, for inspection */
  tasks: Readonly<Record<JobKey, ScheduledTask>>;
  /** runs one job's tick now (the "send now" button, tests) */
  runNow(job: JobKey): Promise<CycleReport>;
  stop(): Promise<void>;
}

/** Whether a shop's holdSchedule (a cron expression) falls on this minute. */
export function createHoldMatcher(): { matches(pattern: string, at: Date): boolean; close(): void } {
  const matchers = new Map<string, ScheduledTask | null>();
  return {
    matches(pattern, at) {
      if (!matchers.has(pattern)) matchers.set(pattern, cron.validate(pattern) ? cron.createTask(pattern, () => {}) : null);
      const matcher = matchers.get(pattern);
      // A tick may fire a little late: compare at the start of its minute.
      return matcher ? matcher.match(new Date(Math.floor(at.getTime() / 60_000) * 60_000)) : false;
    },
    close() {
      for (const task of matchers.values()) void task?.destroy();
      matchers.clear();
    },
  };
}

export function startScheduler(
  ctx: AppContext,
  schedule: Schedule = DEFAULT_SCHEDULE,
  log: SchedulerLog = { info: (m) => console.log(m), error: (m) => console.error(m) },
): SchedulerHandle {
  const holdMatcher = createHoldMatcher();

  const shops = () =>
    ctx.db.shop.findMany({
      where: { uninstalledAt: null },
      select: { id: true, domain: true, holdSchedule: true },
      orderBy: { createdAt: "asc" },
    });

  const perShop = async (
    job: string,
    work: (shop: { id: string; domain: string; holdSchedule: string }, report: CycleReport) => Promise<void>,
  ): Promise<CycleReport> => {
    const report = emptyReport();
    for (const shop of await shops()) {
      try {
        await work(shop, report);
      } catch (error) {
        report.errors.push(`${shop.domain}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const { seen, sent, pushed, rejected, failed } = report.counts;
    if (seen + sent + pushed + rejected + failed > 0 || report.errors.length > 0) {
      log.info(`[${job}] seen ${seen}, sent ${sent}, pushed ${pushed}, rejected ${rejected}, failed ${failed}`);
    }
    for (const error of report.errors) log.error(`[${job}] ${error}`);
    return report;
  };

  const jobs = {
    hold: () =>
      perShop("hold", async (shop, report) => {
        if (!schedule.holdEveryTick && !holdMatcher.matches(shop.holdSchedule, ctx.now())) return;
        const result = await sendHolds(ctx, { shopId: shop.id });
        for (const run of result.runs) tallyOutcome(report, `hold ${run.connectionId}`, run.outcome);
      }),
    sync: () => perShop("sync", (shop, report) => syncAndPush(ctx, shop.id, report)),
    push: async () => {
      const report = emptyReport();
      tallyOutcome(report, "push", await pushShipments(ctx, {}));
      if (report.counts.pushed + report.counts.failed > 0) {
        log.info(`[push] pushed ${report.counts.pushed}, failed ${report.counts.failed}`);
      }
      for (const error of report.errors) log.error(`[push] ${error}`);
      return report;
    },
    reconcile: () =>
      perShop("reconcile", async (shop, report) => {
        tallyOutcome(report, "reconcile", await reconcileOrders(ctx, { shopId: shop.id }));
      }),
    // Carrier tracking, then a push of the tracking events it recorded.
    track: () =>
      perShop("track", async (shop, report) => {
        const tracked = await trackShipments(ctx, { shopId: shop.id });
        for (const run of tracked.runs) tallyOutcome(report, "track", run.outcome);
        if (tracked.runs.some((run) => run.outcome.status === "done" && run.outcome.result.events > 0)) {
          tallyOutcome(report, "push", await pushShipments(ctx, { shopId: shop.id }));
        }
      }),
    // Outgoing webhooks and notifications: their own jobs, with their own timeouts, so a slow
    // subscriber or mail server never holds up the jobs above.
    deliver: async () => {
      const report = emptyReport();
      tallyOutcome(report, "deliver", await deliverWebhooks(ctx, {}));
      for (const error of report.errors) log.error(`[deliver] ${error}`);
      return report;
    },
    notify: async () => {
      const report = emptyReport();
      tallyOutcome(report, "notify", await sendNotifications(ctx, {}));
      for (const error of report.errors) log.error(`[notify] ${error}`);
      return report;
    },
  };

  const task = (name: keyof typeof jobs, expression: string) =>
    cron.schedule(
      expression,
      async () => {
        try {
          await jobs[name]();
        } catch (error) {
          log.error(`[${name}] ${error instanceof Error ? error.message : String(error)}`);
        }
      },
      { name: `consign-${name}`, noOverlap: true },
    );

  const tasks = {
    hold: task("hold", schedule.hold),
    sync: task("sync", schedule.sync),
    push: task("push", schedule.push),
    reconcile: task("reconcile", schedule.reconcile),
    track: task("track", schedule.track ?? DEFAULT_SCHEDULE.track!),
    deliver: task("deliver", schedule.deliver ?? DEFAULT_SCHEDULE.deliver!),
    notify: task("notify", schedule.notify ?? DEFAULT_SCHEDULE.notify!),
  };

  return {
    tasks,
    runNow: (job) => jobs[job](),
    async stop() {
      await Promise.all(Object.values(tasks).map((t) => t.destroy()));
      holdMatcher.close();
    },
  };
}

async function main(): Promise<void> {
  const schedule = scheduleFromEnv();
  const ctx = createWorkerContext();
  const handle = startScheduler(ctx, schedule);
  console.log(
    `[worker] hold ${schedule.hold}${schedule.holdEveryTick ? " (every shop)" : " (per shop holdSchedule)"}, sync ${schedule.sync}, push ${schedule.push}, reconcile ${schedule.reconcile}`,
  );
  const shutdown = async (signal: string) => {
    console.log(`[worker] ${signal}: stopping`);
    await handle.stop();
    await ctx.db.$disconnect();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
