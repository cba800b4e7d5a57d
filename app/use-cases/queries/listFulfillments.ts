// The Fulfillments list: filtered by status, fulfiller, creation date, order and tracking number,
// newest first, in keyset pages over the (shopId, createdAt) index. An order or tracking number is
// resolved to ids first (unique/indexed lookups), so the page query stays one index range.
import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { normalizeTrackingNumber } from "~/fulfillment/coverage";
import { STATUSES, type FulfillmentStatus } from "~/fulfillment/types";
import type { AppContext } from "../context";
import { parseInput } from "../errors";
import { decodeCursor, encodeCursor, newerThan, olderThan, type PageInfo } from "./keyset";

export const fulfillmentFilterSchema = z.object({
  status: z.array(z.enum(STATUSES)).optional(),
  connectionId: z.string().min(1).optional(),
  /** created at or after */
  from: z.date().optional(),
  /** created before */
  to: z.date().optional(),
  /** order name (with or without "#"), the platform's order id, or our order id */
  order: z.string().trim().min(1).max(100).optional(),
  tracking: z.string().trim().min(1).max(64).optional(),
});

export type FulfillmentFilter = z.output<typeof fulfillmentFilterSchema>;

const inputSchema = z.object({
  shopId: z.string().min(1),
  filter: fulfillmentFilterSchema.default({}),
  after: z.string().min(1).optional(),
  before: z.string().min(1).optional(),
  pageSize: z.number().int().min(1).max(100).default(50),
});

export type ListFulfillmentsInput = z.input<typeof inputSchema>;

export interface FulfillmentRow {
  id: string;
  status: FulfillmentStatus;
  orderId: string;
  orderName: string;
  platformOrderId: string;
  connectionId: string;
  connectionTitle: string;
  clientFulfillmentId: string | null;
  units: number;
  trackingNumbers: string[];
  failureReason: string | null;
  createdAt: string;
  sentAt: string | null;
  shippedAt: string | null;
  deliveredAt: string | null;
}

export interface FulfillmentPage {
  items: FulfillmentRow[];
  pageInfo: PageInfo;
}

const MAX_MATCHES = 500;

const trackingSchema = z.array(z.string());

export function parseTrackingNumbers(json: string): string[] {
  try {
    const parsed = trackingSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** The filter as a where clause; null when an order or tracking filter matches nothing. */
export async function fulfillmentWhere(
  ctx: AppContext,
  shopId: string,
  filter: FulfillmentFilter,
): Promise<Prisma.FulfillmentWhereInput | null> {
  const where: Prisma.FulfillmentWhereInput = { shopId };
  if (filter.status?.length) where.status = { in: filter.status };
  if (filter.connectionId) where.connectionId = filter.connectionId;
  if (filter.from || filter.to) {
    where.createdAt = { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) };
  }
  const ids: Prisma.FulfillmentWhereInput[] = [];
  if (filter.order) {
    const ref = filter.order;
    const names = ref.startsWith("#") ? [ref] : [ref, `#${ref}`];
    const orders = await ctx.db.order.findMany({
      where: { shopId, OR: [{ platformOrderId: ref }, { name: { in: names } }, { id: ref }] },
      select: { id: true },
      take: MAX_MATCHES,
    });
    if (orders.length === 0) return null;
    ids.push({ orderId: { in: orders.map((o) => o.id) } });
  }
  if (filter.tracking) {
    // trackingKey holds the normalized tracking numbers as JSON strings (shipmentFingerprint).
    const number = normalizeTrackingNumber(filter.tracking);
    const shipments = await ctx.db.shipment.findMany({
      where: { shopId, trackingKey: { contains: JSON.stringify(number) } },
      select: { fulfillmentId: true },
      take: MAX_MATCHES,
    });
    if (shipments.length === 0) return null;
    ids.push({ id: { in: [...new Set(shipments.map((s) => s.fulfillmentId))] } });
  }
  if (ids.length) where.AND = ids;
  return where;
}

const rowInclude = {
  order: { select: { name: true, platformOrderId: true } },
  connection: { select: { title: true } },
  lines: { select: { quantity: true } },
  shipments: { where: { state: "ACCEPTED" }, select: { trackingNumbers: true }, orderBy: { createdAt: "asc" } },
} satisfies Prisma.FulfillmentInclude;

type Loaded = Prisma.FulfillmentGetPayload<{ include: typeof rowInclude }>;

function toRow(f: Loaded): FulfillmentRow {
  return {
    id: f.id,
    status: f.status as FulfillmentStatus,
    orderId: f.orderId,
    orderName: f.order.name,
    platformOrderId: f.order.platformOrderId,
    connectionId: f.connectionId,
    connectionTitle: f.connection.title,
    clientFulfillmentId: f.clientFulfillmentId,
    units: f.lines.reduce((sum, line) => sum + line.quantity, 0),
    trackingNumbers: f.shipments.flatMap((s) => parseTrackingNumbers(s.trackingNumbers)),
    failureReason: f.failureReason,
    createdAt: f.createdAt.toISOString(),
    sentAt: f.sentAt?.toISOString() ?? null,
    shippedAt: f.shippedAt?.toISOString() ?? null,
    deliveredAt: f.deliveredAt?.toISOString() ?? null,
  };
}

export async function listFulfillments(ctx: AppContext, raw: ListFulfillmentsInput): Promise<FulfillmentPage> {
  const input = parseInput(inputSchema, raw);
  const empty: FulfillmentPage = {
    items: [],
    pageInfo: { hasNext: false, hasPrevious: false, startCursor: null, endCursor: null },
  };
  const where = await fulfillmentWhere(ctx, input.shopId, input.filter);
  if (!where) return empty;

  const backwards = !input.after && Boolean(input.before);
  const key = input.after
    ? decodeCursor(input.after, "after")
    : input.before
      ? decodeCursor(input.before, "before")
      : null;
  const rows = await ctx.db.fulfillment.findMany({
    where: key ? { AND: [where, backwards ? newerThan(key) : olderThan(key)] } : where,
    include: rowInclude,
    orderBy: backwards ? [{ createdAt: "asc" }, { id: "asc" }] : [{ createdAt: "desc" }, { id: "desc" }],
    take: input.pageSize + 1,
  });
  const more = rows.length > input.pageSize;
  const page = rows.slice(0, input.pageSize);
  if (backwards) page.reverse();
  if (page.length === 0) return empty;

  const first = { at: page[0].createdAt, id: page[0].id };
  const last = { at: page[page.length - 1].createdAt, id: page[page.length - 1].id };
  const hasNext = backwards
    ? (await ctx.db.fulfillment.findFirst({ where: { AND: [where, olderThan(last)] }, select: { id: true } })) !== null
    : more;
  const hasPrevious = backwards
    ? more
    : key !== null &&
      (await ctx.db.fulfillment.findFirst({ where: { AND: [where, newerThan(first)] }, select: { id: true } })) !== null;
  return {
    items: page.map(toRow),
    pageInfo: { hasNext, hasPrevious, startCursor: encodeCursor(first), endCursor: encodeCursor(last) },
  };
}
