// The Fulfillments page's filter as it travels in the URL (?status=FAILED&status=HOLD&connection=…
// &from=2026-11-01&to=2026-11-21&order=1001&tracking=1Z…), shared by the page, its CSV export and
// the browser: one schema, so the export is exactly the filter on screen. Dates are UTC days; "to"
// includes its day.
import { z } from "zod";
import { STATUSES } from "~/fulfillment/types";

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), "is not a real date");

const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((s) => String(s).split(",")).filter(Boolean)),
    z.array(item).optional(),
  );

export const fulfillmentSearchSchema = z
  .object({
    status: list(z.enum(STATUSES, { message: `must be one of ${STATUSES.join(", ")}` })),
    connection: z.string().trim().min(1).max(64).optional(),
    from: day.optional(),
    to: day.optional(),
    order: z.string().trim().min(1).max(100).optional(),
    tracking: z.string().trim().min(1).max(64).optional(),
    after: z.string().max(200).optional(),
    before: z.string().max(200).optional(),
  })
  .refine((s) => !s.from || !s.to || s.from <= s.to, { message: "must not be before the start date", path: ["to"] });

export type FulfillmentSearch = z.output<typeof fulfillmentSearchSchema>;

const DAY_MS = 86_400_000;

/** The search as the use cases' filter: instants, with "to" moved to the start of the next day. */
export function filterOf(search: FulfillmentSearch) {
  return {
    status: search.status,
    connectionId: search.connection,
    from: search.from ? new Date(`${search.from}T00:00:00Z`) : undefined,
    to: search.to ? new Date(Date.parse(`${search.to}T00:00:00Z`) + DAY_MS) : undefined,
    order: search.order,
    tracking: search.tracking,
  };
}

/** The filter part of a URL query (no page cursors), e.g. for the export link. */
export function filterQuery(params: URLSearchParams): string {
  const next = new URLSearchParams(params);
  next.delete("after");
  next.delete("before");
  return next.toString();
}
