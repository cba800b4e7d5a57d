// GET /api/v1/orders: the fulfillments waiting for a pull-type house (DESIGN.md §The flow, 2:
// pull-type fulfillers fetch their orders themselves). Fetching changes nothing.
//
// What "waiting" means: the hold task (sendHolds) submits only to push-type connections, so a pull
// house's parts stay in HOLD until the house acknowledges them (HOLD → PENDING with its reference).
// The default filter NEW is therefore HOLD parts whose hold delay has passed (the merchant's window
// to edit or cancel, Shop.holdDelayMinutes) plus RECYCLED ones. Any status, several, or ALL may be
// asked for instead, e.g. CANCELLED with updatedSince to learn of cancellations.
//
// Pages are keyset pages on (updatedAt, id), oldest change first: a fulfillment that changes while
// a house pages moves to the end and is seen again there, never skipped.
import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { STATUSES } from "~/fulfillment/types";
import type { AppContext } from "./context";
import { parseInput } from "./errors";
import { type PullScope, summariesOf, summaryInclude } from "./shared/pullFulfillments";
import type { OrdersPageView } from "./shared/pullViews";

export const ORDER_STATUS_FILTERS = ["NEW", "ALL", ...STATUSES] as const;
type StatusFilter = (typeof ORDER_STATUS_FILTERS)[number];

const MAX_LIMIT = 200;

const cursorSchema = z
  .string()
  .max(200)
  .transform((value, ctx) => {
    try {
      const decoded: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
      const parsed = z.tuple([z.number().int().nonnegative(), z.string().min(1).max(64)]).safeParse(decoded);
      if (parsed.success) return { updatedAt: new Date(parsed.data[0]), id: parsed.data[1] };
    } catch {
      // reported below
    }
    ctx.addIssue({ code: "custom", message: "is not a cursor this API gave out" });
    return z.NEVER;
  });

function encodeCursor(row: { updatedAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([row.updatedAt.getTime(), row.id]), "utf8").toString("base64url");
}

/** Query parameters as they arrive (strings; a repeated parameter as an array). Unknown ones are refused. */
export const pullOrdersQuerySchema = z
  .object({
    status: z
      .union([z.string(), z.array(z.string())])
      .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(",")).map((v) => v.trim()))
      .pipe(z.array(z.enum(ORDER_STATUS_FILTERS)).min(1))
      .optional()
      .describe(
        "NEW (default): HOLD fulfillments past the shop's hold delay and RECYCLED ones, i.e. waiting to be acknowledged. " +
          "ALL, or one or more statuses separated by commas.",
      ),
    updatedSince: z.iso
      .datetime({ offset: true })
      .optional()
      .describe("Only fulfillments changed at or after this instant (ISO 8601)"),
    orderId: z.string().min(1).max(100).optional().describe("The store's order id, or the order's name (#1001 or 1001)"),
    cursor: cursorSchema.optional().describe("nextCursor of the previous page"),
    limit: z
      .string()
      .regex(/^\d{1,3}$/, "must be a whole number from 1 to 200")
      .transform(Number)
      .pipe(z.number().int().min(1).max(MAX_LIMIT))
      .optional()
      .describe("Page size, 1-200 (default 50)"),
  })
  .strict();

const inputSchema = z.object({
  shopId: z.string().min(1),
  connectionId: z.string().min(1),
  query: pullOrdersQuerySchema,
});

export type ListPullOrdersInput = z.input<typeof inputSchema>;

function statusWhere(filters: readonly StatusFilter[], now: Date): Prisma.FulfillmentWhereInput {
  if (filters.includes("ALL")) return {};
  const statuses = filters.filter((f): f is (typeof STATUSES)[number] => f !== "NEW" && f !== "ALL");
  const either: Prisma.FulfillmentWhereInput[] = [];
  if (filters.includes("NEW")) {
    either.push({ status: "HOLD", OR: [{ holdUntil: null }, { holdUntil: { lte: now } }] }, { status: "RECYCLED" });
  }
  if (statuses.length > 0) either.push({ status: { in: statuses } });
  return { OR: either };
}

function orderWhere(orderId: string): Prisma.FulfillmentWhereInput {
  const name = orderId.startsWith("#") ? orderId : `#${orderId}`;
  return { order: { OR: [{ platformOrderId: orderId }, { name: orderId }, { name }] } };
}

export async function listPullOrders(ctx: AppContext, raw: ListPullOrdersInput): Promise<OrdersPageView> {
  const input = parseInput(inputSchema, raw);
  const query = input.query;
  const scope: PullScope = { shopId: input.shopId, connectionId: input.connectionId };
  const cursor = query.cursor ?? null;
  const limit = query.limit ?? 50;
  const and: Prisma.FulfillmentWhereInput[] = [
    { shopId: scope.shopId, connectionId: scope.connectionId },
    statusWhere(query.status ?? ["NEW"], ctx.now()),
  ];
  if (query.updatedSince) and.push({ updatedAt: { gte: new Date(query.updatedSince) } });
  if (query.orderId) and.push(orderWhere(query.orderId));
  if (cursor) {
    and.push({ OR: [{ updatedAt: { gt: cursor.updatedAt } }, { updatedAt: cursor.updatedAt, id: { gt: cursor.id } }] });
  }
  const rows = await ctx.db.fulfillment.findMany({
    where: { AND: and },
    include: summaryInclude,
    orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    data: await summariesOf(ctx.db, scope, page),
    nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]) : null,
  };
}
