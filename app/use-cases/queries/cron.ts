// Cron expressions as the scheduler reads them (node-cron 4, the process's local time): checking one
// a merchant typed, and when it next fires, for the dashboard's "next run".
import cron from "node-cron";

/** Why a hold schedule is not usable, or null. Five fields only: the hold task ticks each minute. */
export function cronProblem(pattern: string): string | null {
  const fields = pattern.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== 5) {
    return `must have 5 fields (minute hour day-of-month month day-of-week), e.g. "0 * * * *"; it has ${fields.length}`;
  }
  const { valid, errors } = cron.validateDetailed(fields.join(" "));
  if (valid) return null;
  return errors.map((e) => (e.field === "expression" ? e.message : `${e.field}: ${e.message}`)).join("; ") || "is not valid";
}

const MAX_DAYS_AHEAD = 400;

/** The first instant strictly after `after` that the expression matches; null if invalid or over a year away. */
export function nextCronRun(pattern: string, after: Date): Date | null {
  if (!cron.validate(pattern)) return null;
  const fields = cron.parse(pattern);
  const seconds = fields.second;
  const minutes = fields.minute;
  const hours = fields.hour;
  const task = cron.createTask(pattern, () => {});
  try {
    const start = new Date(after.getFullYear(), after.getMonth(), after.getDate());
    for (let day = 0; day < MAX_DAYS_AHEAD; day++) {
      const y = start.getFullYear();
      const m = start.getMonth();
      const d = start.getDate() + day;
      // Only the day fields can fail at the day's first allowed time: skip days that do not match.
      if (!task.match(new Date(y, m, d, hours[0], minutes[0], seconds[0]))) continue;
      for (const h of hours) {
        if (new Date(y, m, d, h, 59, 59).getTime() <= after.getTime()) continue;
        for (const mi of minutes) {
          if (new Date(y, m, d, h, mi, 59).getTime() <= after.getTime()) continue;
          for (const s of seconds) {
            const at = new Date(y, m, d, h, mi, s);
            if (at.getTime() > after.getTime() && task.match(at)) return at;
          }
        }
      }
    }
    return null;
  } finally {
    void task.destroy();
  }
}
