// Upload Returned Orders (seed: CheckoutChamp Fulfillment): orderId, status RETURNED or CANCELLED,
// rmaNumber optional; an exported file with some statuses changed is accepted as it is.
import { describe, expect, it } from "vitest";
import { parseReturnsUpload } from "~/fulfillment";

const file = (...lines: string[]) => lines.join("\r\n");

describe("parseReturnsUpload", () => {
  it("reads the merchant's own file, status in any case, rmaNumber optional", () => {
    const result = parseReturnsUpload(file("orderId,status,rmaNumber", "1001,RETURNED,RMA-9", "1002,cancelled,"));
    expect(result).toEqual({
      ok: true,
      rows: [
        { row: 1, orderId: "1001", status: "RETURNED", rmaNumber: "RMA-9", fulfillmentId: null, clientFulfillmentId: null },
        { row: 2, orderId: "1002", status: "CANCELLED", rmaNumber: null, fulfillmentId: null, clientFulfillmentId: null },
      ],
      skipped: [],
    });
    const withoutRma = parseReturnsUpload(file("orderId,status", "1001,Returned"));
    expect(withoutRma.ok && withoutRma.rows[0]).toMatchObject({ status: "RETURNED", rmaNumber: null });
  });

  it("passes over rows left at another status, and says so", () => {
    const result = parseReturnsUpload(file("orderId,fulfillmentId,status", "1001,f1,SHIPPED", "1001,f2,RETURNED", "1002,f3,Pending Shipment"));
    expect(result).toEqual({
      ok: true,
      rows: [{ row: 2, orderId: "1001", status: "RETURNED", rmaNumber: null, fulfillmentId: "f2", clientFulfillmentId: null }],
      skipped: [
        { row: 1, reason: "status SHIPPED asks for no return or cancellation." },
        { row: 3, reason: "status PENDING_SHIPMENT asks for no return or cancellation." },
      ],
    });
  });

  it("names the row of an unknown or empty status and of a missing order id", () => {
    const result = parseReturnsUpload(file("orderId,status", "1001,RETURN", "1002,", ",CANCELLED", "1004,RETURNED"));
    expect(result).toEqual({
      ok: false,
      errors: [
        { row: 1, column: "status", message: '"RETURN" is not a fulfillment status; use RETURNED or CANCELLED.' },
        { row: 2, column: "status", message: "status is empty." },
        { row: 3, column: "orderId", message: "orderId is empty." },
      ],
    });
  });

  it("names missing headers", () => {
    const result = parseReturnsUpload(file("orderId,rmaNumber", "1001,RMA-1"));
    expect(!result.ok && result.errors.map((e) => [e.row, e.column])).toEqual([[0, "status"]]);
  });

  it("refuses two rows for the same order, naming both", () => {
    const result = parseReturnsUpload(file("orderId,status", "1001,RETURNED", "1001,CANCELLED"));
    expect(result).toEqual({
      ok: false,
      errors: [{ row: 2, column: "orderId", message: "Rows 1 and 2 are both for order 1001. Give each fulfillment one row." }],
    });
  });
});
