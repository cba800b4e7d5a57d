// Upload Returned Orders (seed: CheckoutChamp Fulfillment): orderId, status RETURNED or CANCELLED,
// rmaNumber optional. The exported file is accepted as it is, with the status of some rows changed:
// rows left at another status ask for nothing and are reported as skipped; an unknown status is an
// error. A CANCELLED row also cancels the order's continuity purchases (the use case's part).
import { z } from "zod";
import { STATUSES } from "../types";
import { optionalCell, requiredCell } from "./cells";
import type { CsvResult, CsvSkippedRow } from "./csv-result";
import { readCsvRows } from "./read-table";
import { conflictingRows } from "./row-conflicts";

export const RETURNS_UPLOAD_COLUMNS = {
  required: ["orderId", "status"],
  optional: ["rmaNumber", "fulfillmentId", "clientFulfillmentId"],
} as const;

export type ReturnsStatus = "RETURNED" | "CANCELLED";

export interface ReturnsRow {
  row: number;
  orderId: string;
  /** a row may already be in this status (re-uploaded export): the use case treats that as done */
  status: ReturnsStatus;
  rmaNumber: string | null;
  /** present when the file is an export of ours: the row is about that one fulfillment */
  fulfillmentId: string | null;
  clientFulfillmentId: string | null;
}

const statusNames: readonly string[] = STATUSES;

/** A fulfillment status in any case, with spaces for underscores ("Pending Shipment"). */
const statusCell = z.string().transform((cell, ctx) => {
  const status = cell.toUpperCase().replace(/[\s-]+/g, "_");
  if (statusNames.includes(status)) return status as (typeof STATUSES)[number];
  ctx.issues.push({
    code: "custom",
    message: cell === "" ? "status is empty." : `"${cell}" is not a fulfillment status; use RETURNED or CANCELLED.`,
    input: cell,
  });
  return z.NEVER;
});

const returnsRow = z.object({
  orderId: requiredCell("orderId"),
  status: statusCell,
  rmaNumber: optionalCell,
  fulfillmentId: optionalCell,
  clientFulfillmentId: optionalCell,
});

function isReturnsStatus(status: string): status is ReturnsStatus {
  return status === "RETURNED" || status === "CANCELLED";
}

export function parseReturnsUpload(text: string): CsvResult<ReturnsRow> {
  const read = readCsvRows(text, RETURNS_UPLOAD_COLUMNS, returnsRow);
  if (!read.ok) return read;
  const rows: ReturnsRow[] = [];
  const skipped: CsvSkippedRow[] = [];
  for (const { row, value } of read.rows) {
    const { status } = value;
    if (isReturnsStatus(status)) rows.push({ row, ...value, status });
    else skipped.push({ row, reason: `status ${status} asks for no return or cancellation.` });
  }
  const conflicts = conflictingRows(rows, "Give each fulfillment one row.");
  return conflicts.length ? { ok: false, errors: conflicts } : { ok: true, rows, skipped };
}
