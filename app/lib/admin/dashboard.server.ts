// Dashboard: where the shop's fulfillments and orders stand, its jobs' last and next runs.
import { dashboardSummary } from "~/use-cases/queries/dashboardSummary";
import { scheduleFromEnv } from "../../../workers/scheduler";
import { load } from "../admin-route.server";
import type { AdminPage } from "./page.server";

export async function dashboardData({ shop, ctx }: AdminPage) {
  const schedule = scheduleFromEnv();
  const summary = await load(() =>
    dashboardSummary(ctx, {
      shopId: shop.id,
      schedule: { hold: schedule.hold, sync: schedule.sync, push: schedule.push, reconcile: schedule.reconcile },
      holdEveryTick: schedule.holdEveryTick,
    }),
  );
  return { summary };
}
