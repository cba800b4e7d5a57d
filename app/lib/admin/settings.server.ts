// Settings: when held orders are sent (schedule and delay), carrier tracking, shipping at
// label-created, customer notifications.
import { z } from "zod";
import { nextCronRun } from "~/use-cases/queries/cron";
import { updateShopSettings } from "~/use-cases/updateShopSettings";
import { attempt, checkbox, invalidInput, ok, readBody } from "../admin-route.server";
import type { AdminPage } from "./page.server";

export function settingsData({ shop, ctx }: AdminPage) {
  return {
    settings: {
      holdSchedule: shop.holdSchedule,
      holdDelayMinutes: shop.holdDelayMinutes,
      carrierTracking: shop.carrierTracking,
      shipOnLabelCreated: shop.shipOnLabelCreated,
      notifyCustomers: shop.notifyCustomers,
    },
    nextHoldRun: nextCronRun(shop.holdSchedule, ctx.now())?.toISOString() ?? null,
  };
}

const formSchema = z.object({
  holdSchedule: z.string({ message: "Enter a schedule" }),
  holdDelayMinutes: z
    .string({ message: "Enter a number of minutes" })
    .trim()
    .regex(/^-?\d+$/, "Enter whole minutes")
    .transform(Number),
  carrierTracking: checkbox,
  shipOnLabelCreated: checkbox,
  notifyCustomers: checkbox,
});

export async function settingsAction({ shop, ctx }: AdminPage, request: Request) {
  const parsed = formSchema.safeParse(await readBody(request));
  if (!parsed.success) return invalidInput(parsed.error);
  return attempt(async () => {
    await updateShopSettings(ctx, { shopId: shop.id, ...parsed.data });
    return ok("Settings saved");
  });
}
