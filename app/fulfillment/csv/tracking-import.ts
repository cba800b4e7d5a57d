// Import Tracking (seed: CheckoutChamp Fulfillment): columns orderId, clientFulfillmentId (the
// header is required, the value may be empty), trackingNumber, carrier, method. The exported file
// is accepted as it is, with tracking numbers typed into its trackingNumber column (column Z).
// Whether each fulfillment may take tracking (HOLD only) is the use case's check: canImportTracking.
import { z } from "zod";
import { optionalCell, optionalUrlCell, requiredCell, trackingNumbersCell } from "./cells";
import type { CsvResult } from "./csv-result";
import { readCsvRows } from "./read-table";
import { conflictingRows } from "./row-conflicts";

export const TRACKING_IMPORT_COLUMNS = {
  required: ["orderId", "clientFulfillmentId", "trackingNumber"],
  optional: ["carrier", "method", "fulfillmentId", "trackingUrl"],
} as const;

export interface TrackingImportRow {
  /** data row in the file, for messages */
  row: number;
  orderId: string;
  /** our fulfillment id, when the file is an export of ours */
  fulfillmentId: string | null;
  clientFulfillmentId: string | null;
  /** the cell's tracking numbers joined by "; ", for display; use trackingNumbers */
  trackingNumber: string;
  /** one or more, as typed (spaces removed, repeats dropped) */
  trackingNumbers: string[];
  carrier: string | null;
  method: string | null;
  trackingUrl: string | null;
}

const trackingRow = z.object({
  orderId: requiredCell("orderId"),
  fulfillmentId: optionalCell,
  clientFulfillmentId: optionalCell,
  trackingNumber: trackingNumbersCell,
  carrier: optionalCell,
  method: optionalCell,
  trackingUrl: optionalUrlCell("trackingUrl"),
});

export function parseTrackingImport(text: string): CsvResult<TrackingImportRow> {
  const read = readCsvRows(text, TRACKING_IMPORT_COLUMNS, trackingRow);
  if (!read.ok) return read;
  const rows = read.rows.map(({ row, value }) => ({
    row,
    ...value,
    trackingNumber: value.trackingNumber.join("; "),
    trackingNumbers: value.trackingNumber,
  }));
  const conflicts = conflictingRows(
    rows,
    'Give each fulfillment one row; several tracking numbers go in one cell, separated by ";".',
  );
  return conflicts.length ? { ok: false, errors: conflicts } : { ok: true, rows };
}
