// Import Tracking (seed: CheckoutChamp Fulfillment). Several tracking numbers for one fulfillment
// go in one cell separated by ";" (or ","); spaces inside a number are dropped. Two rows for the
// same fulfillment (or one without clientFulfillmentId and another of the same order) are refused,
// naming both rows.
import { describe, expect, it } from "vitest";
import { formatCsvError, parseTrackingImport } from "~/fulfillment";

const HEADER = "orderId,clientFulfillmentId,trackingNumber,carrier,method";
const file = (...lines: string[]) => lines.join("\n");

function errorsOf(text: string) {
  const result = parseTrackingImport(text);
  if (result.ok) throw new Error("expected errors");
  return result.errors;
}

describe("parseTrackingImport: the merchant's own file", () => {
  it("reads each row, with clientFulfillmentId, carrier and method optional", () => {
    const result = parseTrackingImport(
      file(HEADER, "1001,CF-1,1Z999AA10123456784,UPS,Ground", "1002,,9400 1000 0000 0000 0000 00,,"),
    );
    expect(result).toEqual({
      ok: true,
      rows: [
        {
          row: 1,
          orderId: "1001",
          fulfillmentId: null,
          clientFulfillmentId: "CF-1",
          trackingNumber: "1Z999AA10123456784",
          trackingNumbers: ["1Z999AA10123456784"],
          carrier: "UPS",
          method: "Ground",
          trackingUrl: null,
        },
        {
          row: 2,
          orderId: "1002",
          fulfillmentId: null,
          clientFulfillmentId: null,
          trackingNumber: "9400100000000000000000",
          trackingNumbers: ["9400100000000000000000"],
          carrier: null,
          method: null,
          trackingUrl: null,
        },
      ],
    });
  });

  it("accepts a file without carrier and method columns", () => {
    const result = parseTrackingImport(file("orderId,clientFulfillmentId,trackingNumber", "1001,,TN1"));
    expect(result.ok && result.rows[0]).toMatchObject({ orderId: "1001", trackingNumbers: ["TN1"], carrier: null });
  });

  it("splits several tracking numbers on ';' or ',' and drops repeats", () => {
    const result = parseTrackingImport(file(HEADER, '1001,,"TN1; TN2,tn1 ;",UPS,'));
    expect(result.ok && result.rows[0].trackingNumbers).toEqual(["TN1", "TN2"]);
    expect(result.ok && result.rows[0].trackingNumber).toBe("TN1; TN2");
  });

  it("copes with a BOM, CRLF, quoted commas, blank rows, spaces and header spelling", () => {
    const text = '\uFEFFOrder ID , client_fulfillment_id,Tracking Number,CARRIER,method\r\n\r\n  1001 ," CF-1 ", TN1 ,"Royal Mail, Tracked", "48, signed"\r\n,,,,\r\n1002,,TN2,,\r\n';
    const result = parseTrackingImport(text);
    expect(result).toMatchObject({
      ok: true,
      rows: [
        { row: 2, orderId: "1001", clientFulfillmentId: "CF-1", trackingNumbers: ["TN1"], carrier: "Royal Mail, Tracked", method: "48, signed" },
        { row: 4, orderId: "1002", trackingNumbers: ["TN2"] },
      ],
    });
  });

  it("reads 50,000 rows, numbering each", () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => `${i},CF-${i},1Z${i}X,UPS,"Ground, 2 day"`);
    const result = parseTrackingImport([HEADER, ...rows].join("\r\n"));
    expect(result.ok && result.rows.length).toBe(50_000);
    expect(result.ok && result.rows[49_999]).toMatchObject({ row: 50_000, orderId: "49999", method: "Ground, 2 day" });
  });
});

describe("parseTrackingImport: bad files", () => {
  it("names each missing header, as the seed requires the clientFulfillmentId header", () => {
    expect(errorsOf(file("orderId,trackingNumber", "1001,TN1"))).toEqual([
      {
        row: 0,
        column: "clientFulfillmentId",
        message:
          "The header has no column clientFulfillmentId (required: orderId, clientFulfillmentId, trackingNumber). Found: orderId, trackingNumber. Remove any rows above the header.",
      },
    ]);
    const wrong = errorsOf(file("order,tracking", "1001,TN1"));
    expect(wrong.map((e) => e.column)).toEqual(["orderId", "clientFulfillmentId", "trackingNumber"]);
  });

  it("asks for the header in the first row", () => {
    expect(errorsOf(file("Fulfillment export 2025-03-04", HEADER, "1001,,TN1,,")).map((e) => e.row)).toEqual([0, 0, 0]);
    expect(errorsOf(file("", HEADER, "1001,,TN1,,"))).toEqual([
      { row: 0, column: null, message: "The first row must be the header, with the columns orderId, clientFulfillmentId, trackingNumber." },
    ]);
    expect(errorsOf("")[0].row).toBe(0);
  });

  it("recognises a file saved with ';' between columns", () => {
    const [first] = errorsOf(file("orderId;clientFulfillmentId;trackingNumber", "1001;;TN1"));
    expect(first.message).toContain("save the file as comma-separated CSV");
  });

  it("refuses a header that names a column twice", () => {
    expect(errorsOf(file("orderId,clientFulfillmentId,trackingNumber,Tracking Number", "1,,TN1,TN2"))).toEqual([
      { row: 0, column: "trackingNumber", message: "The column trackingNumber appears twice." },
    ]);
  });

  it("refuses a file with a header and no rows", () => {
    expect(errorsOf(file(HEADER, "", ""))).toEqual([{ row: 0, column: null, message: "The file has a header but no data rows." }]);
  });

  it("names the row and column of every bad value, and returns no rows", () => {
    const errors = errorsOf(
      file(HEADER, "1001,,TN1,,", ",,TN2,,", "1003,,,UPS,", "1004,,9.40011E+21,,", "1005,,TN/5,,", "1006,,TN6,,"),
    );
    expect(errors).toEqual([
      { row: 2, column: "orderId", message: "orderId is empty." },
      { row: 3, column: "trackingNumber", message: "trackingNumber is empty." },
      {
        row: 4,
        column: "trackingNumber",
        message: '"9.40011E+21" is a number a spreadsheet shortened; format the column as text and enter it again.',
      },
      {
        row: 5,
        column: "trackingNumber",
        message: '"TN/5" is not a tracking number: use letters, digits and "-", and separate several with ";".',
      },
    ]);
    expect(formatCsvError(errors[0])).toBe("Row 2, orderId: orderId is empty.");
    expect(formatCsvError({ row: 0, column: null, message: "Bad." })).toBe("Header: Bad.");
  });

  it("refuses a tracking URL that is not a web address", () => {
    const text = file("orderId,clientFulfillmentId,trackingNumber,trackingUrl", "1,,TN1,javascript:alert(1)", "2,,TN2,https://t.example/2");
    expect(errorsOf(text)).toEqual([
      { row: 1, column: "trackingUrl", message: "trackingUrl must be a web address starting with http:// or https://." },
    ]);
  });

  it("refuses a row whose unquoted comma shifts its values", () => {
    expect(errorsOf(file(HEADER, "1001,,TN1,Royal Mail, Tracked,48"))).toEqual([
      {
        row: 1,
        column: null,
        message: "The row has 6 values but the header has 5 columns; a value that contains a comma must be in double quotes.",
      },
    ]);
    // empty extra cells, as some spreadsheets write them, are harmless
    expect(parseTrackingImport(file(HEADER, "1001,,TN1,UPS,,,")).ok).toBe(true);
  });

  it("reports a quote that is never closed, at its row", () => {
    expect(errorsOf(file(HEADER, "1001,,TN1,,", '1002,,"TN2,,', "1003,,TN3,,"))).toEqual([
      { row: 2, column: null, message: "A value opens a double quote that is never closed." },
    ]);
    expect(errorsOf(file(HEADER, '1001,,"TN1"x,,'))).toEqual([
      { row: 1, column: null, message: "A quoted value is followed by more text before the next comma." },
    ]);
  });

  it("refuses two rows for the same order, naming both", () => {
    expect(errorsOf(file(HEADER, "1001,,TN1,,", "1002,,TN2,,", "1001,,TN3,,"))).toEqual([
      {
        row: 3,
        column: "orderId",
        message:
          'Rows 1 and 3 are both for order 1001. Give each fulfillment one row; several tracking numbers go in one cell, separated by ";".',
      },
    ]);
    const sameFulfillment = errorsOf(file(HEADER, "1001,CF-1,TN1,,", "1001,CF-1,TN3,,"));
    expect(sameFulfillment[0].message).toMatch(/^Rows 1 and 2 are both for order 1001 \(clientFulfillmentId CF-1\)/);
    // a row without clientFulfillmentId speaks for the whole order
    expect(errorsOf(file(HEADER, "1001,CF-1,TN1,,", "1001,,TN3,,"))[0].row).toBe(2);
  });

  it("accepts two rows of one order for different fulfillments", () => {
    const result = parseTrackingImport(file(HEADER, "1001,CF-1,TN1,,", "1001,CF-2,TN2,,"));
    expect(result.ok && result.rows.map((r) => r.clientFulfillmentId)).toEqual(["CF-1", "CF-2"]);
  });
});
