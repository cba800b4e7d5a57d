// What every CSV parser of the domain returns: all the rows, or every problem found. The caller
// changes nothing when ok is false (DESIGN.md §Security: bad input names the row, changes nothing).

export interface CsvRowError {
  /** 1-based data row (the row after the header is 1; blank rows count); 0 = the header or the file */
  row: number;
  /** the column at fault, as named in the header; null when the whole row or file is at fault */
  column: string | null;
  message: string;
}

/** A row read without error that asks for nothing (e.g. an exported row whose status was left as it was). */
export interface CsvSkippedRow {
  row: number;
  reason: string;
}

export type CsvResult<T> = { ok: true; rows: T[]; skipped?: CsvSkippedRow[] } | { ok: false; errors: CsvRowError[] };

/** "Row 3, trackingNumber: …" for a list shown to the merchant. */
export function formatCsvError(error: CsvRowError): string {
  const where = error.row === 0 ? "Header" : `Row ${error.row}`;
  return error.column ? `${where}, ${error.column}: ${error.message}` : `${where}: ${error.message}`;
}
