// An exported file comes back (seed: CheckoutChamp Fulfillment): with tracking numbers typed into
// column Z it is a tracking import; with some statuses changed it is a returns upload.
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type FulfillmentExportRow,
  parseReturnsUpload,
  parseTrackingImport,
  STATUSES,
  writeFulfillmentExport,
} from "~/fulfillment";

/** What a spreadsheet does: open the file, let the merchant edit cells, save it again (no BOM, LF). */
function editInSpreadsheet(text: string, edit: (row: string[], index: number) => void): string {
  const [header, ...rows] = parse(text, { bom: true }) as string[][];
  rows.forEach(edit);
  return stringify([header, ...rows]);
}

const Z = 25;
const held: FulfillmentExportRow[] = [
  { orderId: "1001", fulfillmentId: "ful_1", clientFulfillmentId: "SB-1", status: "HOLD", carrier: "USPS" },
  { orderId: "1001", fulfillmentId: "ful_2", clientFulfillmentId: null, status: "HOLD" },
  { orderId: "1002", fulfillmentId: "ful_3", status: "HOLD", shipTo: { name: "=Mallory, Inc", address1: "1 Rd", city: "X", countryCode: "US" } },
];

describe("export → import", () => {
  it("imports an exported file with tracking numbers typed into column Z", () => {
    const edited = editInSpreadsheet(writeFulfillmentExport(held), (row, i) => {
      row[Z] = ["9400 1000 0000 0000 0000 00", "1Z001; 1Z002", "TBA123"][i];
    });
    const result = parseTrackingImport(edited);
    expect(result.ok && result.rows.map((r) => [r.row, r.orderId, r.fulfillmentId, r.clientFulfillmentId, r.trackingNumbers, r.carrier])).toEqual([
      [1, "1001", "ful_1", "SB-1", ["9400100000000000000000"], "USPS"],
      [2, "1001", "ful_2", null, ["1Z001", "1Z002"], null],
      [3, "1002", "ful_3", null, ["TBA123"], null],
    ]);
  });

  it("imports an exported file with statuses changed as a returns upload", () => {
    const status = 5;
    const edited = editInSpreadsheet(writeFulfillmentExport(held), (row, i) => {
      if (i === 0) row[status] = "RETURNED";
      if (i === 2) row[status] = "CANCELLED";
    });
    const result = parseReturnsUpload(edited);
    expect(result).toEqual({
      ok: true,
      rows: [
        { row: 1, orderId: "1001", status: "RETURNED", rmaNumber: null, fulfillmentId: "ful_1", clientFulfillmentId: "SB-1" },
        { row: 3, orderId: "1002", status: "CANCELLED", rmaNumber: null, fulfillmentId: "ful_3", clientFulfillmentId: null },
      ],
      skipped: [{ row: 2, reason: "status HOLD asks for no return or cancellation." }],
    });
  });
});

// Text with everything CSV and spreadsheets find hard: commas, quotes, line breaks, formula starts.
const tricky = fc.string({
  unit: fc.constantFrom("a", "Z", "0", " ", ",", '"', "\n", "\r", ";", "=", "+", "-", "@", "'", "é", "\t", "|"),
  maxLength: 12,
});
const textOrNull = fc.option(tricky, { nil: null });
const id = tricky.filter((s) => s.trim() !== "");
const trackingNumbers = fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/), {
  minLength: 1,
  maxLength: 3,
  selector: (t) => t.toUpperCase(),
});

const exportRow = fc.record({
  orderId: id,
  fulfillmentId: id,
  clientFulfillmentId: textOrNull,
  status: fc.constantFrom(...STATUSES),
  carrier: textOrNull,
  method: textOrNull,
  rmaNumber: textOrNull,
  trackingNumbers,
  shipTo: fc.record({ name: tricky, address1: tricky, city: tricky, countryCode: fc.constant("US"), phone: textOrNull }),
});
const exportRows = fc.uniqueArray(exportRow, { minLength: 1, maxLength: 20, selector: (r) => r.orderId.trim() });

const cleaned = (value: string | null | undefined) => value?.trim() || null;

describe("round-trip properties", () => {
  it("every exported fulfillment reads back from the tracking import unchanged", () => {
    fc.assert(
      fc.property(exportRows, (rows) => {
        const result = parseTrackingImport(writeFulfillmentExport(rows));
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.rows).toEqual(
          rows.map((r, i) => ({
            row: i + 1,
            orderId: r.orderId.trim(),
            fulfillmentId: r.fulfillmentId.trim(),
            clientFulfillmentId: cleaned(r.clientFulfillmentId),
            trackingNumber: r.trackingNumbers.join("; "),
            trackingNumbers: r.trackingNumbers,
            carrier: cleaned(r.carrier),
            method: cleaned(r.method),
            trackingUrl: null,
          })),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("every exported RETURNED or CANCELLED fulfillment reads back from the returns upload, the others are skipped", () => {
    fc.assert(
      fc.property(exportRows, (rows) => {
        const result = parseReturnsUpload(writeFulfillmentExport(rows));
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const asked = rows.flatMap((r, i) =>
          r.status === "RETURNED" || r.status === "CANCELLED"
            ? [{ row: i + 1, orderId: r.orderId.trim(), status: r.status, rmaNumber: cleaned(r.rmaNumber), fulfillmentId: r.fulfillmentId.trim(), clientFulfillmentId: cleaned(r.clientFulfillmentId) }]
            : [],
        );
        expect(result.rows).toEqual(asked);
        expect(result.skipped?.length).toBe(rows.length - asked.length);
      }),
      { numRuns: 200 },
    );
  });
});
