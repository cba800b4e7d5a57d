// Reads a CSV file into rows keyed by column name, with every problem named by row and column.
// Accepts what spreadsheets write: a UTF-8 BOM, CRLF or LF, quoted commas and line breaks, blank
// rows, spaces around values, headers in any case or spacing ("Tracking Number" = trackingNumber).
import { CsvError, parse } from "csv-parse/sync";
import type { z } from "zod";
import type { CsvRowError } from "./csv-result";
import { unguardFormula } from "./formula-guard";

export interface CsvColumns {
  required: readonly string[];
  optional: readonly string[];
}

export type CsvReadResult<T> = { ok: true; rows: { row: number; value: T }[] } | { ok: false; errors: CsvRowError[] };

/** "Tracking Number", "tracking_number" and "TRACKINGNUMBER" all name trackingNumber. */
function headerKey(name: string): string {
  return name.replace(/[\s_-]+/g, "").toLowerCase();
}

/** Parses every data row with `schema` (an object keyed by column name, values are trimmed strings). */
export function readCsvRows<S extends z.ZodType>(
  text: string,
  columns: CsvColumns,
  schema: S,
): CsvReadResult<z.output<S>> {
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      trim: true,
    });
  } catch (error) {
    if (error instanceof CsvError) return { ok: false, errors: [describeSyntaxError(error)] };
    throw error;
  }

  const header = readHeader(records[0], columns);
  if (!header.ok) return header;

  const errors: CsvRowError[] = [];
  const rows: { row: number; value: z.output<S> }[] = [];
  for (let row = 1; row < records.length; row++) {
    const cells = records[row];
    if (cells.every((cell) => cell.trim() === "")) continue;
    if (cells.slice(header.width).some((cell) => cell.trim() !== "")) {
      errors.push({
        row,
        column: null,
        message:
          `The row has ${cells.length} values but the header has ${header.width} columns; ` +
          "a value that contains a comma must be in double quotes.",
      });
      continue;
    }
    const values: Record<string, string> = {};
    for (const [name, index] of header.indexes) values[name] = unguardFormula((cells[index] ?? "").trim());
    const parsed = schema.safeParse(values);
    if (parsed.success) rows.push({ row, value: parsed.data });
    else {
      for (const issue of parsed.error.issues) {
        errors.push({ row, column: issue.path.length ? String(issue.path[0]) : null, message: issue.message });
      }
    }
  }
  if (errors.length) return { ok: false, errors };
  if (rows.length === 0) {
    return { ok: false, errors: [{ row: 0, column: null, message: "The file has a header but no data rows." }] };
  }
  return { ok: true, rows };
}

type HeaderResult = { ok: true; indexes: Map<string, number>; width: number } | { ok: false; errors: CsvRowError[] };

function readHeader(cells: string[] | undefined, columns: CsvColumns): HeaderResult {
  const expected = columns.required.join(", ");
  if (!cells || cells.every((cell) => cell.trim() === "")) {
    return {
      ok: false,
      errors: [{ row: 0, column: null, message: `The first row must be the header, with the columns ${expected}.` }],
    };
  }
  const known = new Map([...columns.required, ...columns.optional].map((name) => [headerKey(name), name]));
  const indexes = new Map<string, number>();
  const errors: CsvRowError[] = [];
  cells.forEach((cell, index) => {
    const name = known.get(headerKey(cell));
    if (!name) return;
    if (indexes.has(name)) errors.push({ row: 0, column: name, message: `The column ${name} appears twice.` });
    else indexes.set(name, index);
  });
  const found = cells.map((cell) => cell.trim()).filter(Boolean);
  // A spreadsheet saved with another separator gives one wide column (e.g. Excel in many locales: ';').
  const hint =
    found.length === 1 && /[;\t|]/.test(found[0])
      ? " The columns seem separated by ';', tabs or '|': save the file as comma-separated CSV."
      : ` Found: ${found.join(", ")}. Remove any rows above the header.`;
  for (const name of columns.required) {
    if (!indexes.has(name)) {
      errors.push({ row: 0, column: name, message: `The header has no column ${name} (required: ${expected}).${hint}` });
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, indexes, width: cells.length };
}

function describeSyntaxError(error: CsvError): CsvRowError {
  // csv-parse counts the records it completed, the header included: the failing one is the next.
  const row = typeof error.records === "number" ? error.records : 0;
  const message =
    error.code === "CSV_QUOTE_NOT_CLOSED"
      ? "A value opens a double quote that is never closed."
      : error.code === "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE" || error.code === "CSV_INVALID_CLOSING_QUOTE"
        ? "A quoted value is followed by more text before the next comma."
        : `The file is not valid CSV (${error.message}).`;
  return { row, column: null, message };
}
