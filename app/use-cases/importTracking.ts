// Import Tracking (seed: CheckoutChamp Fulfillment): a CSV of orderId, clientFulfillmentId,
// trackingNumber, carrier, method. Each row ships what is still due on one fulfillment, which must
// be in HOLD. The file is all or nothing: any bad row → every row's problem is returned and
// nothing changes; otherwise every row goes through the shared shipment path in one transaction.
import { z } from "zod";
import { type CsvRowError, parseTrackingImport, type TrackingImportRow } from "~/fulfillment/csv";
import { canImportTracking } from "~/fulfillment/statuses";
import type { FulfillmentStatus } from "~/fulfillment/types";
import type { AppContext } from "./context";
import { parseInput } from "./errors";
import { findOrdersByReference } from "./shared/orderReference";
import { partCoverage } from "./shared/partCoverage";
import { ShipmentRefused, type StoreShipmentResult, storeShipmentInTx } from "./shared/storeShipment";

const inputSchema = z.object({
  shopId: z.string().min(1),
  csv: z.string(),
  actor: z.string().min(1),
});

export type ImportTrackingInput = z.input<typeof inputSchema>;

export interface ImportedRow {
  row: number;
  orderId: string;
  fulfillmentId: string;
  outcome: StoreShipmentResult["kind"];
  shipmentId: string | null;
  trackingNumbers: string[];
  units: number;
}

export type ImportTrackingResult = { ok: true; rows: ImportedRow[] } | { ok: false; errors: CsvRowError[] };

interface Planned {
  row: TrackingImportRow;
  fulfillment: { id: string; orderId: string; connectionId: string; connectionKind: string };
  lines: { lineId: string; quantity: number }[];
}

class ImportRolledBack extends Error {
  constructor(readonly errors: CsvRowError[]) {
    super("tracking import rolled back");
  }
}

export async function importTracking(ctx: AppContext, raw: ImportTrackingInput): Promise<ImportTrackingResult> {
  const input = parseInput(inputSchema, raw);
  const parsed = parseTrackingImport(input.csv);
  if (!parsed.ok) return parsed;

  const planned = await plan(ctx, input.shopId, parsed.rows);
  if (!planned.ok) return planned;

  try {
    const rows = await ctx.db.$transaction(
      async (tx) => {
        const errors: CsvRowError[] = [];
        const current = await tx.fulfillment.findMany({
          where: { shopId: input.shopId, id: { in: planned.rows.map((p) => p.fulfillment.id) } },
          select: { id: true, status: true },
        });
        const statusOf = new Map(current.map((f) => [f.id, f.status as FulfillmentStatus]));
        const report: ImportedRow[] = [];
        for (const { row, fulfillment, lines } of planned.rows) {
          const status = statusOf.get(fulfillment.id);
          if (!status || !canImportTracking(status)) {
            errors.push(notHold(row, status ?? "gone"));
            continue;
          }
          try {
            const result = await storeShipmentInTx(ctx, tx, {
              shopId: input.shopId,
              connection: { id: fulfillment.connectionId, kind: fulfillment.connectionKind },
              fulfillmentId: fulfillment.id,
              shipment: {
                fulfillerShipmentId: "",
                fulfillmentId: fulfillment.id,
                clientFulfillmentId: row.clientFulfillmentId,
                trackingNumbers: row.trackingNumbers,
                carrier: row.carrier,
                method: row.method,
                trackingUrl: row.trackingUrl,
                lines,
                cancelled: false,
                shippedAt: null,
              },
              actor: input.actor,
              onReject: "refuse",
            });
            report.push({
              row: row.row,
              orderId: row.orderId,
              fulfillmentId: fulfillment.id,
              outcome: result.kind,
              shipmentId: "shipmentId" in result ? result.shipmentId : null,
              trackingNumbers: row.trackingNumbers,
              units: lines.reduce((sum, line) => sum + line.quantity, 0),
            });
          } catch (error) {
            if (!(error instanceof ShipmentRefused)) throw error;
            errors.push(...error.result.reasons.map((message) => ({ row: row.row, column: "trackingNumber", message })));
          }
        }
        if (errors.length) throw new ImportRolledBack(errors);
        return report;
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
    return { ok: true, rows };
  } catch (error) {
    if (error instanceof ImportRolledBack) return { ok: false, errors: error.errors };
    throw error;
  }
}

function notHold(row: TrackingImportRow, status: string): CsvRowError {
  return {
    row: row.row,
    column: row.clientFulfillmentId ? "clientFulfillmentId" : "orderId",
    message: `The fulfillment is ${status}; tracking can be imported only for fulfillments in HOLD.`,
  };
}

/** Finds each row's fulfillment and what it still has to ship; every problem, per row. */
async function plan(
  ctx: AppContext,
  shopId: string,
  rows: TrackingImportRow[],
): Promise<{ ok: true; rows: Planned[] } | { ok: false; errors: CsvRowError[] }> {
  const orders = await findOrdersByReference(
    ctx,
    shopId,
    rows.map((row) => row.orderId),
  );
  const parts = await ctx.db.fulfillment.findMany({
    where: { shopId, orderId: { in: [...new Set([...orders.values()].map((o) => o.id))] } },
    select: {
      id: true,
      orderId: true,
      status: true,
      clientFulfillmentId: true,
      connectionId: true,
      connection: { select: { kind: true } },
    },
    orderBy: { createdAt: "asc" },
  });
  const errors: CsvRowError[] = [];
  const picked: { row: TrackingImportRow; part: (typeof parts)[number] }[] = [];
  const claimed = new Map<string, number>();
  for (const row of rows) {
    const order = orders.get(row.orderId.trim());
    if (!order) {
      errors.push({ row: row.row, column: "orderId", message: `No order ${row.orderId} in this shop.` });
      continue;
    }
    const ofOrder = parts.filter((part) => part.orderId === order.id);
    const reference = row.fulfillmentId ?? row.clientFulfillmentId;
    const part = reference
      ? ofOrder.find((p) => p.id === reference || p.clientFulfillmentId === reference)
      : ofOrder.length === 1
        ? ofOrder[0]
        : undefined;
    if (!part) {
      errors.push({
        row: row.row,
        column: reference ? (row.fulfillmentId ? "fulfillmentId" : "clientFulfillmentId") : "orderId",
        message: reference
          ? `Order ${row.orderId} has no fulfillment ${reference}.`
          : ofOrder.length === 0
            ? `Order ${row.orderId} has no fulfillment (no line is assigned to a fulfiller).`
            : `Order ${row.orderId} has ${ofOrder.length} fulfillments; give the clientFulfillmentId of the one shipped.`,
      });
      continue;
    }
    if (!canImportTracking(part.status as FulfillmentStatus)) {
      errors.push(notHold(row, part.status));
      continue;
    }
    const earlier = claimed.get(part.id);
    if (earlier !== undefined) {
      errors.push({
        row: row.row,
        column: "orderId",
        message: `Rows ${earlier} and ${row.row} are for the same fulfillment; give each fulfillment one row.`,
      });
      continue;
    }
    claimed.set(part.id, row.row);
    picked.push({ row, part });
  }

  const coverage = await partCoverage(
    ctx.db,
    shopId,
    picked.map(({ part }) => part),
  );
  const planned: Planned[] = [];
  for (const { row, part } of picked) {
    const lines = (coverage.get(part.id) ?? [])
      .filter((line) => line.remaining > 0)
      .map((line) => ({ lineId: line.lineId, quantity: line.remaining }));
    if (lines.length === 0) {
      errors.push({ row: row.row, column: "orderId", message: `Nothing is left to ship on order ${row.orderId}.` });
      continue;
    }
    planned.push({
      row,
      fulfillment: {
        id: part.id,
        orderId: part.orderId,
        connectionId: part.connectionId,
        connectionKind: part.connection.kind,
      },
      lines,
    });
  }
  return errors.length ? { ok: false, errors: errors.sort((a, b) => a.row - b.row) } : { ok: true, rows: planned };
}
