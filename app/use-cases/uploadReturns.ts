// Upload Returned Orders (seed: CheckoutChamp Fulfillment): rows of orderId, status (RETURNED or
// CANCELLED) and an optional rmaNumber. RETURNED takes the way the status table allows (SHIPPED or
// DELIVERED → RMA_PENDING → RETURNED); CANCELLED cancels what the table lets be cancelled, and the
// fulfillers already holding a part are asked to drop it. All or nothing: any bad row → every
// problem is returned and nothing changes.
import { z } from "zod";
import { type CsvRowError, parseReturnsUpload, type ReturnsRow } from "~/fulfillment/csv";
import { canTransition } from "~/fulfillment/statuses";
import type { FulfillmentStatus } from "~/fulfillment/types";
import type { AppContext } from "./context";
import { parseInput } from "./errors";
import { cancelAtFulfillers, mayBeWithFulfiller, type SentPart } from "./shared/cancelAtFulfiller";
import { findOrdersByReference } from "./shared/orderReference";
import { transitionFulfillment } from "./shared/transition";

const inputSchema = z.object({
  shopId: z.string().min(1),
  csv: z.string(),
  actor: z.string().min(1),
});

export type UploadReturnsInput = z.input<typeof inputSchema>;

export interface ReturnedRow {
  row: number;
  orderId: string;
  /** each fulfillment changed, with the statuses it went through */
  changed: { fulfillmentId: string; from: FulfillmentStatus; to: FulfillmentStatus }[];
  /** fulfillments of the order left as they were, and why */
  unchanged: { fulfillmentId: string; reason: string }[];
}

export type UploadReturnsResult =
  | { ok: true; rows: ReturnedRow[]; skipped: { row: number; reason: string }[] }
  | { ok: false; errors: CsvRowError[] };

/** The steps from a status to the row's target, per the table; [] = already there; null = no way. */
export function stepsTo(from: FulfillmentStatus, target: "RETURNED" | "CANCELLED"): FulfillmentStatus[] | null {
  if (from === target) return [];
  if (canTransition(from, target)) return [target];
  if (target === "RETURNED" && canTransition(from, "RMA_PENDING")) return ["RMA_PENDING", "RETURNED"];
  return null;
}

type Part = {
  id: string;
  orderId: string;
  status: string;
  clientFulfillmentId: string | null;
  connection: SentPart["connection"];
};

interface Step {
  row: ReturnsRow;
  part: Part;
  steps: FulfillmentStatus[];
}

export async function uploadReturns(ctx: AppContext, raw: UploadReturnsInput): Promise<UploadReturnsResult> {
  const input = parseInput(inputSchema, raw);
  const parsed = parseReturnsUpload(input.csv);
  if (!parsed.ok) return parsed;

  const orders = await findOrdersByReference(
    ctx,
    input.shopId,
    parsed.rows.map((row) => row.orderId),
  );
  const parts: Part[] = await ctx.db.fulfillment.findMany({
    where: { shopId: input.shopId, orderId: { in: [...new Set([...orders.values()].map((o) => o.id))] } },
    select: { id: true, orderId: true, status: true, clientFulfillmentId: true, connection: true },
    orderBy: { createdAt: "asc" },
  });

  const errors: CsvRowError[] = [];
  const plan: Step[] = [];
  const report: ReturnedRow[] = [];
  for (const row of parsed.rows) {
    const order = orders.get(row.orderId.trim());
    if (!order) {
      errors.push({ row: row.row, column: "orderId", message: `No order ${row.orderId} in this shop.` });
      continue;
    }
    const reference = row.fulfillmentId ?? row.clientFulfillmentId;
    const ofOrder = parts.filter((part) => part.orderId === order.id);
    const targets = reference ? ofOrder.filter((p) => p.id === reference || p.clientFulfillmentId === reference) : ofOrder;
    if (targets.length === 0) {
      errors.push({
        row: row.row,
        column: reference ? (row.fulfillmentId ? "fulfillmentId" : "clientFulfillmentId") : "orderId",
        message: reference ? `Order ${row.orderId} has no fulfillment ${reference}.` : `Order ${row.orderId} has no fulfillment.`,
      });
      continue;
    }
    const entry: ReturnedRow = { row: row.row, orderId: row.orderId, changed: [], unchanged: [] };
    let reachable = 0;
    for (const part of targets) {
      const steps = stepsTo(part.status as FulfillmentStatus, row.status);
      if (steps === null) {
        entry.unchanged.push({ fulfillmentId: part.id, reason: `${part.status} cannot become ${row.status}` });
        continue;
      }
      reachable++;
      if (steps.length === 0) entry.unchanged.push({ fulfillmentId: part.id, reason: `already ${row.status}` });
      else plan.push({ row, part, steps });
    }
    if (reachable === 0) {
      errors.push({
        row: row.row,
        column: "status",
        message: `No fulfillment of order ${row.orderId} can become ${row.status} (${targets.map((p) => p.status).join(", ")}).`,
      });
      continue;
    }
    report.push(entry);
  }
  if (errors.length) return { ok: false, errors: errors.sort((a, b) => a.row - b.row) };

  const sent: SentPart[] = [];
  await ctx.db.$transaction(
    async (tx) => {
      const at = ctx.now();
      for (const { row, part, steps } of plan) {
        let from = part.status as FulfillmentStatus;
        for (const to of steps) {
          await transitionFulfillment(tx, {
            shopId: input.shopId,
            fulfillmentId: part.id,
            to,
            actor: input.actor,
            reason: row.rmaNumber ? `returns upload, RMA ${row.rmaNumber}` : "returns upload",
            at,
            data: row.rmaNumber ? { rmaNumber: row.rmaNumber } : undefined,
          });
          report.find((r) => r.row === row.row)?.changed.push({ fulfillmentId: part.id, from, to });
          from = to;
        }
        if (row.status === "CANCELLED" && mayBeWithFulfiller(part.status, part.clientFulfillmentId)) {
          sent.push({
            shopId: input.shopId,
            orderId: part.orderId,
            fulfillmentId: part.id,
            clientFulfillmentId: part.clientFulfillmentId,
            connection: part.connection,
          });
        }
      }
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  await cancelAtFulfillers(ctx, sent, input.actor);
  return { ok: true, rows: report, skipped: parsed.skipped ?? [] };
}
