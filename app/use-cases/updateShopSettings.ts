// Settings: when held orders go out (a cron expression the worker's hold task follows, hourly by
// default, and a delay after the order is placed), carrier tracking, shipping at label-created,
// and customer notifications. A bad value names its field and nothing is saved.
import { z } from "zod";
import type { AppContext } from "./context";
import { NotFoundError, parseInput } from "./errors";
import { cronProblem } from "./queries/cron";

/** A week: a longer hold is a mistake, not a schedule. */
export const MAX_HOLD_DELAY_MINUTES = 7 * 24 * 60;

const inputSchema = z.object({
  shopId: z.string().min(1),
  holdSchedule: z
    .string()
    .trim()
    .min(1, "Enter a schedule")
    .superRefine((value, issue) => {
      const problem = cronProblem(value);
      if (problem) issue.addIssue({ code: "custom", message: `Not a valid schedule: ${problem}` });
    })
    .transform((value) => value.split(/\s+/).join(" ")),
  holdDelayMinutes: z
    .number({ message: "Enter a number of minutes" })
    .int("Enter whole minutes")
    .min(0, "Cannot be negative")
    .max(MAX_HOLD_DELAY_MINUTES, `At most ${MAX_HOLD_DELAY_MINUTES} minutes (7 days)`),
  carrierTracking: z.boolean(),
  shipOnLabelCreated: z.boolean(),
  notifyCustomers: z.boolean(),
});

export type UpdateShopSettingsInput = z.input<typeof inputSchema>;

export interface ShopSettings {
  holdSchedule: string;
  holdDelayMinutes: number;
  carrierTracking: boolean;
  shipOnLabelCreated: boolean;
  notifyCustomers: boolean;
}

export async function updateShopSettings(ctx: AppContext, raw: UpdateShopSettingsInput): Promise<ShopSettings> {
  const { shopId, ...settings } = parseInput(inputSchema, raw);
  const updated = await ctx.db.shop.updateMany({ where: { id: shopId }, data: settings });
  if (updated.count !== 1) throw new NotFoundError("Shop", shopId);
  return settings;
}
