// Dates and labels rendered the same on the server and in the browser (hydration must match), so
// dates are shown in UTC with a fixed locale.
const dateTime = new Intl.DateTimeFormat("en-US", {
  timeZone: "UTC",
  month: "short",
  day: "numeric",
  year: "numeric",
  hour: "numeric",
  minute: "2-digit",
});
const dateOnly = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", month: "short", day: "numeric", year: "numeric" });
const dayShort = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", month: "short", day: "numeric" });

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? `${dateTime.format(new Date(iso))} UTC` : "—";
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? dateOnly.format(new Date(iso)) : "—";
}

/** "Nov 21" for a YYYY-MM-DD day. */
export function formatDay(day: string): string {
  return dayShort.format(new Date(`${day}T00:00:00Z`));
}

/** "PENDING_SHIPMENT" → "Pending shipment" */
export function humanize(code: string): string {
  const words = code.toLowerCase().replace(/_/g, " ").replace(/\brma\b/, "RMA");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}
