// Zod schemas for single CSV cells. Cells arrive trimmed; a column absent from the header
// arrives as undefined.
import { z } from "zod";
import { normalizeTrackingNumber } from "../shipment-fingerprint";

/** Several tracking numbers share a cell, separated by ";" (a "," is read the same way). */
export const TRACKING_SEPARATOR = "; ";
const TRACKING_SPLIT = /[;,]/;
const TRACKING_NUMBER = /^[A-Za-z0-9-]{1,64}$/;
// Excel shows a long number as 9.40011E+21 and saves it that way: the digits are lost.
const SCIENTIFIC_NOTATION = /^\d+(\.\d+)?E\+\d+$/i;

export function requiredCell(column: string) {
  return z.string({ error: `${column} is missing.` }).min(1, `${column} is empty.`);
}

/** Empty or absent: null. */
export const optionalCell = z
  .string()
  .optional()
  .transform((value) => (value ? value : null));

export function optionalUrlCell(column: string) {
  return optionalCell.refine(
    (value) => value === null || (URL.canParse(value) && /^https?:$/.test(new URL(value).protocol)),
    { message: `${column} must be a web address starting with http:// or https://.` },
  );
}

/**
 * The tracking numbers of one cell: split on ";" (or ","), spaces removed (carriers print them in
 * groups, e.g. USPS "9400 1000 …"), repeats dropped.
 */
export const trackingNumbersCell = z.string().transform((cell, ctx) => {
  const numbers: string[] = [];
  const seen = new Set<string>();
  for (const part of cell.split(TRACKING_SPLIT)) {
    const trackingNumber = part.replace(/\s+/g, "");
    if (trackingNumber === "") continue;
    const problem = SCIENTIFIC_NOTATION.test(trackingNumber)
      ? `"${trackingNumber}" is a number a spreadsheet shortened; format the column as text and enter it again.`
      : TRACKING_NUMBER.test(trackingNumber)
        ? null
        : `"${trackingNumber}" is not a tracking number: use letters, digits and "-", and separate several with ";".`;
    if (problem) {
      ctx.issues.push({ code: "custom", message: problem, input: cell });
      return z.NEVER;
    }
    const key = normalizeTrackingNumber(trackingNumber);
    if (!seen.has(key)) {
      seen.add(key);
      numbers.push(trackingNumber);
    }
  }
  if (numbers.length === 0) {
    ctx.issues.push({ code: "custom", message: "trackingNumber is empty.", input: cell });
    return z.NEVER;
  }
  return numbers;
});
