// Loading a pull-type house's fulfillments and building what the API shows of them. Every query
// is scoped by shop AND connection: a house sees only the parts routed to it, and anything else
// is "not found", exactly like an id that does not exist.
import type { Prisma } from "@prisma/client";
import type { Db } from "~/db.server";
import { partCoverage } from "./partCoverage";
import { shipToSchema } from "./platformOrderSchema";
import type {
  FulfillmentDetailView,
  FulfillmentSummaryView,
  ShipmentView,
  ShipToView,
} from "./pullViews";
import { platformRefSchema } from "./pushIntents";
import type { Tx } from "./timeline";

/** The house asking: its shop and its connection. */
export interface PullScope {
  shopId: string;
  connectionId: string;
}

export const summaryInclude = {
  order: { select: { platformOrderId: true, name: true, placedAt: true, customerEmail: true, shipTo: true } },
  lines: { include: { orderLine: { select: { sku: true, title: true } } }, orderBy: { id: "asc" } },
} satisfies Prisma.FulfillmentInclude;

export type SummaryRow = Prisma.FulfillmentGetPayload<{ include: typeof summaryInclude }>;

/** The fulfillment if it is this house's; null otherwise (absent, another connection's, another shop's). */
export function findOwnFulfillment(db: Db | Tx, scope: PullScope, fulfillmentId: string) {
  return db.fulfillment.findFirst({
    where: { id: fulfillmentId, shopId: scope.shopId, connectionId: scope.connectionId },
    select: { id: true, orderId: true, status: true, clientFulfillmentId: true, holdUntil: true, rmaNumber: true },
  });
}

function shipToOf(json: string | null): ShipToView | null {
  if (!json) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return null;
  }
  const parsed = shipToSchema.safeParse(raw);
  if (!parsed.success) return null;
  const a = parsed.data;
  return {
    name: a.name,
    company: a.company ?? null,
    address1: a.address1,
    address2: a.address2 ?? null,
    city: a.city,
    province: a.province ?? null,
    provinceCode: a.provinceCode ?? null,
    zip: a.zip ?? null,
    country: a.country ?? null,
    countryCode: a.countryCode,
    phone: a.phone ?? null,
    email: a.email ?? null,
  };
}

export async function summariesOf(db: Db | Tx, scope: PullScope, rows: readonly SummaryRow[]): Promise<FulfillmentSummaryView[]> {
  const coverage = await partCoverage(db, scope.shopId, rows);
  return rows.map((row) => {
    const byLine = new Map((coverage.get(row.id) ?? []).map((line) => [line.lineId, line]));
    return {
      id: row.id,
      status: row.status as FulfillmentSummaryView["status"],
      reference: row.clientFulfillmentId,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      order: {
        id: row.order.platformOrderId,
        name: row.order.name,
        placedAt: row.order.placedAt.toISOString(),
        customerEmail: row.order.customerEmail,
      },
      shipTo: shipToOf(row.order.shipTo),
      lines: row.lines.map((line) => {
        const covered = byLine.get(line.orderLineId);
        return {
          lineId: line.orderLineId,
          sku: line.orderLine.sku,
          title: line.orderLine.title,
          quantity: covered?.due ?? 0,
          quantityShipped: covered?.covered ?? 0,
          quantityDue: covered?.remaining ?? 0,
        };
      }),
    };
  });
}

const shipmentInclude = {
  lines: { include: { orderLine: { select: { sku: true } } }, orderBy: { id: "asc" } },
  intents: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
} satisfies Prisma.ShipmentInclude;

type ShipmentRow = Prisma.ShipmentGetPayload<{ include: typeof shipmentInclude }>;

function stringArray(json: string | null): string[] {
  if (!json) return [];
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === "string") : [];
  } catch {
    return [];
  }
}

function platformIds(json: string | null): string[] {
  if (!json) return [];
  try {
    const parsed = platformRefSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data.ids : [];
  } catch {
    return [];
  }
}

function shipmentViewOf(row: ShipmentRow): ShipmentView {
  return {
    id: row.id,
    fulfillmentId: row.fulfillmentId,
    reference: row.fulfillerShipmentId,
    state: row.state as ShipmentView["state"],
    trackingNumbers: stringArray(row.trackingNumbers),
    carrier: row.carrier,
    method: row.method,
    trackingUrl: row.trackingUrl,
    shippedAt: row.shippedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    lines: row.lines.map((line) => ({ lineId: line.orderLineId, sku: line.orderLine.sku, quantity: line.quantity })),
    pushes: row.intents.map((intent) => ({
      action: intent.action as ShipmentView["pushes"][number]["action"],
      target: intent.target,
      state: intent.state as ShipmentView["pushes"][number]["state"],
      platformIds: platformIds(intent.platformRef),
      attempts: intent.attempts,
      lastError: intent.lastError,
      updatedAt: intent.updatedAt.toISOString(),
    })),
  };
}

/** One shipment of this house's fulfillment, with where it was pushed. */
export async function loadShipmentView(db: Db | Tx, scope: PullScope, shipmentId: string): Promise<ShipmentView | null> {
  const row = await db.shipment.findFirst({
    where: { id: shipmentId, shopId: scope.shopId, connectionId: scope.connectionId },
    include: shipmentInclude,
  });
  return row ? shipmentViewOf(row) : null;
}

/** The fulfillment with its shipments and their pushes; null when it is not this house's. */
export async function loadFulfillmentDetail(
  db: Db | Tx,
  scope: PullScope,
  fulfillmentId: string,
): Promise<FulfillmentDetailView | null> {
  const row = await db.fulfillment.findFirst({
    where: { id: fulfillmentId, shopId: scope.shopId, connectionId: scope.connectionId },
    include: summaryInclude,
  });
  if (!row) return null;
  const [[summary], shipments] = await Promise.all([
    summariesOf(db, scope, [row]),
    db.shipment.findMany({
      where: { shopId: scope.shopId, fulfillmentId: row.id },
      include: shipmentInclude,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
  ]);
  return {
    ...summary,
    failureReason: row.failureReason,
    rmaNumber: row.rmaNumber,
    shipments: shipments.map(shipmentViewOf),
  };
}
