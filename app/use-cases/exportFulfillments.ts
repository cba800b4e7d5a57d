// Export CSV (seed: CheckoutChamp Fulfillment): the fulfillments matching the admin's filters, one
// row each, in the domain's format (which Import Tracking and Upload Returns read back). Read in
// pages and produced in chunks, so a route can stream a shop's 100,000 fulfillments without
// holding them all.
import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { type FulfillmentExportRow, writeFulfillmentExport } from "~/fulfillment/csv";
import { isFulfillmentStatus } from "~/fulfillment/statuses";
import { type FulfillmentStatus, STATUSES } from "~/fulfillment/types";
import type { AppContext } from "./context";
import { parseInput } from "./errors";
import { shipToSchema } from "./shared/platformOrderSchema";

const filterSchema = z
  .object({
    status: z.array(z.enum(STATUSES)).optional(),
    connectionId: z.string().min(1).optional(),
    /** created at or after */
    from: z.coerce.date().optional(),
    /** created before */
    to: z.coerce.date().optional(),
    /** order name or platform order id, as typed */
    order: z.string().trim().min(1).optional(),
  })
  .default({});

const inputSchema = z.object({
  shopId: z.string().min(1),
  filter: filterSchema,
  pageSize: z.number().int().min(1).max(5_000).default(500),
});

export type ExportFulfillmentsInput = z.input<typeof inputSchema>;

/** The whole file as one string. */
export async function exportFulfillments(ctx: AppContext, raw: ExportFulfillmentsInput): Promise<string> {
  let csv = "";
  for await (const chunk of exportFulfillmentChunks(ctx, raw)) csv += chunk;
  return csv;
}

/** The file in chunks: the first carries the header, each one page of rows. */
export async function* exportFulfillmentChunks(ctx: AppContext, raw: ExportFulfillmentsInput): AsyncGenerator<string> {
  const input = parseInput(inputSchema, raw);
  const header = writeFulfillmentExport([]);
  yield header;
  let after: string | null = null;
  for (;;) {
    const page: ExportedPart[] = await ctx.db.fulfillment.findMany({
      where: { ...whereOf(input.shopId, input.filter), ...(after ? { id: { gt: after } } : {}) },
      include: exportInclude,
      orderBy: { id: "asc" },
      take: input.pageSize,
    });
    if (page.length === 0) return;
    const text = writeFulfillmentExport(page.map(toRow));
    yield text.slice(header.length);
    if (page.length < input.pageSize) return;
    after = page[page.length - 1].id;
  }
}

function whereOf(shopId: string, filter: z.output<typeof filterSchema>): Prisma.FulfillmentWhereInput {
  const order = filter.order;
  return {
    shopId,
    ...(filter.status?.length ? { status: { in: filter.status } } : {}),
    ...(filter.connectionId ? { connectionId: filter.connectionId } : {}),
    ...(filter.from || filter.to
      ? { createdAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } }
      : {}),
    ...(order
      ? { order: { OR: [{ platformOrderId: order }, { name: order }, { name: order.startsWith("#") ? order : `#${order}` }] } }
      : {}),
  };
}

const exportInclude = {
  order: { select: { platformOrderId: true, name: true, shipTo: true } },
  connection: { select: { title: true } },
  lines: { include: { orderLine: { select: { sku: true, title: true } } } },
  shipments: {
    where: { state: "ACCEPTED" },
    select: { trackingNumbers: true, carrier: true, method: true, trackingUrl: true },
    orderBy: { createdAt: "asc" },
  },
} satisfies Prisma.FulfillmentInclude;

type ExportedPart = Prisma.FulfillmentGetPayload<{ include: typeof exportInclude }>;

function statusOf(part: ExportedPart): FulfillmentStatus {
  if (!isFulfillmentStatus(part.status)) throw new Error(`Fulfillment ${part.id} has an unknown status ${part.status}`);
  return part.status;
}

function toRow(part: ExportedPart): FulfillmentExportRow {
  const trackingNumbers = part.shipments.flatMap((shipment) => {
    const parsed = z.array(z.string()).safeParse(JSON.parse(shipment.trackingNumbers));
    return parsed.success ? parsed.data : [];
  });
  const latest = part.shipments.at(-1);
  const shipTo = part.order.shipTo ? shipToSchema.safeParse(JSON.parse(part.order.shipTo)) : null;
  return {
    orderId: part.order.platformOrderId,
    orderName: part.order.name,
    fulfillmentId: part.id,
    clientFulfillmentId: part.clientFulfillmentId,
    fulfiller: part.connection.title,
    status: statusOf(part),
    createdAt: part.createdAt,
    sentAt: part.sentAt,
    shippedAt: part.shippedAt,
    deliveredAt: part.deliveredAt,
    shipTo: shipTo?.success ? shipTo.data : null,
    items: part.lines.map((line) => ({ sku: line.orderLine.sku, title: line.orderLine.title, quantity: line.quantity })),
    rmaNumber: part.rmaNumber,
    carrier: latest?.carrier ?? null,
    method: latest?.method ?? null,
    trackingNumbers,
    trackingUrl: latest?.trackingUrl ?? null,
    failureReason: part.failureReason,
  };
}
