// The hold schedule as the merchant types it (five cron fields, node-cron's grammar) and the next
// run the dashboard shows for it.
import { describe, expect, it } from "vitest";
import { cronProblem, nextCronRun } from "~/use-cases/queries/cron";

// The scheduler and nextCronRun read the process's local time; these cases are written in it.
const local = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => new Date(y, mo - 1, d, h, mi, s);

describe("cronProblem", () => {
  it("accepts five valid fields", () => {
    for (const ok of ["0 * * * *", "*/15 * * * *", "0 9,15 * * *", "0 9 * * 1-5", "30 2 1 * *"]) expect(cronProblem(ok), ok).toBeNull();
  });

  it("names what is wrong", () => {
    expect(cronProblem("61 * * * *")).toContain("minute");
    expect(cronProblem("every hour")).toContain("must have 5 fields");
    expect(cronProblem("*/10 * * * * *")).toContain("it has 6");
    expect(cronProblem("0 25 * * *")).toContain("hour");
  });
});

describe("nextCronRun", () => {
  it("finds the next instant strictly after the given one", () => {
    expect(nextCronRun("0 * * * *", local(2026, 11, 21, 14, 35))).toEqual(local(2026, 11, 21, 15, 0));
    expect(nextCronRun("0 * * * *", local(2026, 11, 21, 15, 0))).toEqual(local(2026, 11, 21, 16, 0));
    expect(nextCronRun("*/15 * * * *", local(2026, 11, 21, 14, 44, 59))).toEqual(local(2026, 11, 21, 14, 45));
    expect(nextCronRun("*/10 * * * * *", local(2026, 11, 21, 14, 44, 51))).toEqual(local(2026, 11, 21, 14, 45, 0));
  });

  it("crosses days, weekends, month ends and years", () => {
    // 2026-11-21 is a Saturday: weekdays at 9:00 next fire on Monday the 23rd.
    expect(nextCronRun("0 9 * * 1-5", local(2026, 11, 21, 10))).toEqual(local(2026, 11, 23, 9));
    expect(nextCronRun("0 0 1 * *", local(2026, 11, 21))).toEqual(local(2026, 12, 1));
    expect(nextCronRun("0 12 1 1 *", local(2026, 11, 21))).toEqual(local(2027, 1, 1, 12));
  });

  it("gives null for an invalid expression", () => {
    expect(nextCronRun("61 * * * *", local(2026, 11, 21))).toBeNull();
  });
});
