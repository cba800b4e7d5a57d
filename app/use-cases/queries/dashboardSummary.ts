// The dashboard of one shop: fulfillments by status, orders by shipment state, each job's last and
// next run, what needs a person (failed sends, rejected shipments, failed pushes, failed runs) with
// what to do, and shipments and deliveries per day. Every query is one indexed count, group or
// short range; nothing grows with the shop's history except the chart's window.
import { z } from "zod";
import { STATUSES, type FulfillmentStatus, type OrderShipmentState } from "~/fulfillment/types";
import type { AppContext } from "../context";
import { NotFoundError, parseInput } from "../errors";
import { nextCronRun } from "./cron";

export const JOBS = ["hold", "sync", "push", "reconcile", "track"] as const;
export type DashboardJob = (typeof JOBS)[number];

const inputSchema = z.object({
  shopId: z.string().min(1),
  /** the worker's cron expressions by job (workers/scheduler.ts); a job without one is not scheduled */
  schedule: z.partialRecord(z.enum(JOBS), z.string()).default({}),
  /** the worker runs every shop's hold task on each hold tick (sandbox), ignoring holdSchedule */
  holdEveryTick: z.boolean().default(false),
  days: z.number().int().min(1).max(90).default(14),
  attentionLimit: z.number().int().min(1).max(50).default(5),
});

export type DashboardSummaryInput = z.input<typeof inputSchema>;

export interface JobStatus {
  job: DashboardJob;
  lastRun: {
    startedAt: string;
    finishedAt: string | null;
    error: string | null;
    counts: Record<string, number>;
  } | null;
  nextRunAt: string | null;
  /** the cron expression the next run comes from */
  schedule: string | null;
}

export interface AttentionItem {
  /** the record's id, unique across kinds with the kind */
  id: string;
  kind: "FAILED_FULFILLMENT" | "REJECTED_SHIPMENT" | "FAILED_PUSH" | "FAILED_RUN";
  at: string;
  orderId: string | null;
  orderName: string | null;
  fulfillmentId: string | null;
  title: string;
  detail: string;
  /** what a person should do about it */
  action: string;
}

export interface DayPoint {
  /** UTC day, YYYY-MM-DD */
  day: string;
  shipments: number;
  deliveries: number;
}

export interface DashboardSummary {
  fulfillmentsByStatus: Record<FulfillmentStatus, number>;
  ordersByState: Record<OrderShipmentState, number>;
  totalFulfillments: number;
  totalOrders: number;
  connections: { active: number; hasDefault: boolean };
  jobs: JobStatus[];
  attention: AttentionItem[];
  perDay: DayPoint[];
}

const DAY_MS = 86_400_000;

const countsSchema = z.record(z.string(), z.number());

function parseCounts(json: string): Record<string, number> {
  try {
    const parsed = countsSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export async function dashboardSummary(ctx: AppContext, raw: DashboardSummaryInput): Promise<DashboardSummary> {
  const input = parseInput(inputSchema, raw);
  const { shopId } = input;
  const now = ctx.now();
  const shop = await ctx.db.shop.findFirst({
    where: { id: shopId },
    select: { holdSchedule: true, defaultConnectionId: true },
  });
  if (!shop) throw new NotFoundError("Shop", shopId);

  const firstDay = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - (input.days - 1) * DAY_MS);
  const [byStatus, byState, activeConnections, jobs, attention, shipped, delivered] = await Promise.all([
    ctx.db.fulfillment.groupBy({ by: ["status"], where: { shopId }, _count: { _all: true } }),
    ctx.db.order.groupBy({ by: ["shipmentState"], where: { shopId }, _count: { _all: true } }),
    ctx.db.connection.count({ where: { shopId, active: true } }),
    jobStatuses(ctx, input, shop.holdSchedule, now),
    attentionItems(ctx, shopId, input.attentionLimit),
    // (shopId, state, createdAt) index: the window's accepted shipments only.
    ctx.db.shipment.findMany({
      where: { shopId, state: "ACCEPTED", createdAt: { gte: firstDay } },
      select: { createdAt: true, shippedAt: true },
    }),
    // A delivery updates its fulfillment, so deliveredAt >= firstDay implies updatedAt >= firstDay:
    // the (shopId, status, updatedAt) index bounds the rows read.
    ctx.db.fulfillment.findMany({
      where: {
        shopId,
        status: { in: ["DELIVERED", "RMA_PENDING", "RETURNED"] },
        updatedAt: { gte: firstDay },
        deliveredAt: { gte: firstDay },
      },
      select: { deliveredAt: true },
    }),
  ]);

  const fulfillmentsByStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<FulfillmentStatus, number>;
  for (const row of byStatus) {
    if (row.status in fulfillmentsByStatus) fulfillmentsByStatus[row.status as FulfillmentStatus] = row._count._all;
  }
  const ordersByState: Record<OrderShipmentState, number> = { UNSHIPPED: 0, PARTIALLY_SHIPPED: 0, SHIPPED: 0 };
  for (const row of byState) {
    if (row.shipmentState in ordersByState) ordersByState[row.shipmentState as OrderShipmentState] = row._count._all;
  }

  const perDay: DayPoint[] = Array.from({ length: input.days }, (_, i) => ({
    day: new Date(firstDay.getTime() + i * DAY_MS).toISOString().slice(0, 10),
    shipments: 0,
    deliveries: 0,
  }));
  const bucket = (at: Date | null) => (at ? Math.floor((at.getTime() - firstDay.getTime()) / DAY_MS) : -1);
  for (const s of shipped) {
    const point = perDay[bucket(s.shippedAt && s.shippedAt >= firstDay ? s.shippedAt : s.createdAt)];
    if (point) point.shipments++;
  }
  for (const f of delivered) {
    const point = perDay[bucket(f.deliveredAt)];
    if (point) point.deliveries++;
  }

  return {
    fulfillmentsByStatus,
    ordersByState,
    totalFulfillments: byStatus.reduce((sum, row) => sum + row._count._all, 0),
    totalOrders: byState.reduce((sum, row) => sum + row._count._all, 0),
    connections: { active: activeConnections, hasDefault: shop.defaultConnectionId !== null },
    jobs,
    attention,
    perDay,
  };
}

async function jobStatuses(
  ctx: AppContext,
  input: z.output<typeof inputSchema>,
  holdSchedule: string,
  now: Date,
): Promise<JobStatus[]> {
  return Promise.all(
    JOBS.map(async (job) => {
      // (shopId, job, startedAt) index; a webhook-driven sync counts as a sync run.
      const last = await ctx.db.syncRun.findFirst({
        where: { shopId: input.shopId, job: job === "sync" ? { in: ["sync", "webhook"] } : job },
        orderBy: { startedAt: "desc" },
      });
      const schedule = job === "hold" && !input.holdEveryTick ? holdSchedule : (input.schedule[job] ?? null);
      const next = schedule ? nextCronRun(schedule, now) : null;
      return {
        job,
        lastRun: last
          ? {
              startedAt: last.startedAt.toISOString(),
              finishedAt: last.finishedAt?.toISOString() ?? null,
              error: last.error,
              counts: parseCounts(last.counts),
            }
          : null,
        nextRunAt: next?.toISOString() ?? null,
        schedule,
      };
    }),
  );
}

async function attentionItems(ctx: AppContext, shopId: string, limit: number): Promise<AttentionItem[]> {
  const [failed, rejected, pushes, runs] = await Promise.all([
    ctx.db.fulfillment.findMany({
      where: { shopId, status: "FAILED" },
      orderBy: { updatedAt: "desc" },
      take: limit,
      select: {
        id: true,
        updatedAt: true,
        failureReason: true,
        order: { select: { id: true, name: true } },
        connection: { select: { title: true } },
      },
    }),
    ctx.db.shipment.findMany({
      where: { shopId, state: "REJECTED" },
      orderBy: { createdAt: "desc" },
      take: limit,
      select: {
        id: true,
        createdAt: true,
        rejectReason: true,
        fulfillmentId: true,
        trackingNumbers: true,
        order: { select: { id: true, name: true } },
      },
    }),
    ctx.db.pushIntent.findMany({
      where: { shopId, state: "FAILED" },
      orderBy: { updatedAt: "desc" },
      take: limit,
      select: {
        id: true,
        updatedAt: true,
        action: true,
        lastError: true,
        shipment: { select: { fulfillmentId: true, order: { select: { id: true, name: true } } } },
      },
    }),
    ctx.db.syncRun.findMany({
      where: { shopId, error: { not: null } },
      orderBy: { startedAt: "desc" },
      take: limit,
      select: { id: true, job: true, startedAt: true, error: true },
    }),
  ]);
  const items: AttentionItem[] = [
    ...failed.map((f) => ({
      id: `FAILED_FULFILLMENT:${f.id}`,
      kind: "FAILED_FULFILLMENT" as const,
      at: f.updatedAt.toISOString(),
      orderId: f.order.id,
      orderName: f.order.name,
      fulfillmentId: f.id,
      title: `${f.connection.title} rejected ${f.order.name}`,
      detail: f.failureReason ?? "No reason was given.",
      action: "Fix what the fulfiller names (address, SKU, stock), then resend it from Fulfillments.",
    })),
    ...rejected.map((s) => ({
      id: `REJECTED_SHIPMENT:${s.id}`,
      kind: "REJECTED_SHIPMENT" as const,
      at: s.createdAt.toISOString(),
      orderId: s.order.id,
      orderName: s.order.name,
      fulfillmentId: s.fulfillmentId,
      title: `A shipment for ${s.order.name} was rejected`,
      detail: s.rejectReason ?? "It broke a coverage rule.",
      action: "Nothing of it was pushed. Ask the fulfiller to correct it, or record the right shipment on the order.",
    })),
    ...pushes.map((p) => ({
      id: `FAILED_PUSH:${p.id}`,
      kind: "FAILED_PUSH" as const,
      at: p.updatedAt.toISOString(),
      orderId: p.shipment.order.id,
      orderName: p.shipment.order.name,
      fulfillmentId: p.shipment.fulfillmentId,
      title: `The store refused a ${p.action.toLowerCase().replace(/_/g, " ")} for ${p.shipment.order.name}`,
      detail: p.lastError ?? "No reason was given.",
      action: "Check the order in the store (cancelled, already fulfilled, or a missing location), then fix it there.",
    })),
    ...runs.map((r) => ({
      id: `FAILED_RUN:${r.id}`,
      kind: "FAILED_RUN" as const,
      at: r.startedAt.toISOString(),
      orderId: null,
      orderName: null,
      fulfillmentId: null,
      title: `The ${r.job} run failed`,
      detail: r.error ?? "",
      action: "It runs again on its schedule. If it keeps failing, check the fulfiller's credentials on Fulfillers.",
    })),
  ];
  return items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, limit * 2);
}
