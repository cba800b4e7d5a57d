// Wall-clock time in a named time zone, for vendors whose API speaks local time without an
// offset (ShipStation V1 dates are Pacific time). Uses the runtime's ICU data through Intl.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function wallParts(date: Date, timeZone: string): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(date)) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return parts;
}

/** milliseconds to add to UTC to get the zone's wall time at `date` */
function offsetMs(date: Date, timeZone: string): number {
  const p = wallParts(date, timeZone);
  const wallAsUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wallAsUtc - (date.getTime() - date.getUTCMilliseconds());
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** "YYYY-MM-DDTHH:mm:ss.SSS" as a clock in `timeZone` shows `date` (no offset). */
export function toZonedWallTime(date: Date, timeZone: string): string {
  const p = wallParts(date, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}.${pad(date.getUTCMilliseconds(), 3)}`;
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?$/;

/**
 * The instant a wall-clock time in `timeZone` denotes. A value that carries its own offset
 * ("Z", "+02:00") is taken as is. Returns null for text that is not a date.
 */
export function fromZonedWallTime(text: string, timeZone: string): Date | null {
  const value = text.trim();
  const m = WALL.exec(value);
  if (!m) {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? null : new Date(parsed);
  }
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "0"] = m;
  const ms = Number(frac.slice(0, 3).padEnd(3, "0"));
  const naive = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const guess = naive - offsetMs(new Date(naive), timeZone);
  return new Date(naive - offsetMs(new Date(guess), timeZone));
}
