// Export CSV (seed: CheckoutChamp Fulfillment): one row per fulfillment, tracking in column Z.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { FULFILLMENT_EXPORT_COLUMNS, type FulfillmentExportRow, writeFulfillmentExport } from "~/fulfillment";

const held: FulfillmentExportRow = {
  orderId: "1001",
  orderName: "#1001",
  fulfillmentId: "ful_1",
  clientFulfillmentId: null,
  fulfiller: "ShipBob",
  status: "HOLD",
  createdAt: new Date("2025-03-04T05:06:07.890Z"),
  shipTo: {
    name: 'Ada "The Countess" Lovelace',
    company: "Analytical, Ltd",
    address1: "12 St James's Square",
    address2: "Floor 2\nBack door",
    city: "London",
    provinceCode: "LND",
    zip: "SW1Y 4JH",
    countryCode: "GB",
    phone: "+44 20 7946 0000",
    email: "ada@example.com",
  },
  items: [
    { sku: "ENG-1", title: "Engine", quantity: 2 },
    { sku: null, title: "Notes", quantity: 1 },
  ],
};

const shipped: FulfillmentExportRow = {
  orderId: "1002",
  fulfillmentId: "ful_2",
  clientFulfillmentId: "SB-77",
  status: "PENDING_SHIPMENT",
  carrier: "UPS",
  method: "Ground",
  trackingNumbers: ["1Z999AA10123456784", "1Z999AA10123456785"],
  trackingUrl: "https://www.ups.com/track?tracknum=1Z999AA10123456784",
};

function read(text: string): Record<string, string>[] {
  return parse(text, { bom: true, columns: true });
}

describe("writeFulfillmentExport", () => {
  it("puts trackingNumber in column Z, where the seed tells merchants to type tracking", () => {
    expect(FULFILLMENT_EXPORT_COLUMNS[25]).toBe("trackingNumber");
    for (const name of ["orderId", "clientFulfillmentId", "status", "rmaNumber", "carrier", "method"]) {
      expect(FULFILLMENT_EXPORT_COLUMNS).toContain(name);
    }
  });

  it("writes one row per fulfillment with its status and tracking numbers", () => {
    const rows = read(writeFulfillmentExport([held, shipped]));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      orderId: "1001",
      orderName: "#1001",
      fulfillmentId: "ful_1",
      clientFulfillmentId: "",
      fulfiller: "ShipBob",
      status: "HOLD",
      dateCreated: "2025-03-04T05:06:07Z",
      dateSent: "",
      shipName: 'Ada "The Countess" Lovelace',
      shipCompany: "Analytical, Ltd",
      shipAddress2: "Floor 2\nBack door",
      shipState: "LND",
      shipCountry: "GB",
      phoneNumber: "'+44 20 7946 0000",
      items: "2 x ENG-1; 1 x Notes",
      units: "3",
      trackingNumber: "",
    });
    expect(rows[1]).toMatchObject({
      status: "PENDING_SHIPMENT",
      clientFulfillmentId: "SB-77",
      carrier: "UPS",
      method: "Ground",
      trackingNumber: "1Z999AA10123456784; 1Z999AA10123456785",
      trackingUrl: "https://www.ups.com/track?tracknum=1Z999AA10123456784",
      shipName: "",
      items: "",
    });
  });

  it("starts with a UTF-8 BOM, ends lines with CRLF and quotes commas, quotes and line breaks", () => {
    const text = writeFulfillmentExport([held]);
    expect(text.startsWith("\uFEFForderId,orderName,")).toBe(true);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text).toContain('"Ada ""The Countess"" Lovelace","Analytical, Ltd"');
    expect(text).toContain('"Floor 2\nBack door"');
  });

  it("neutralises cells a spreadsheet would run as a formula", () => {
    const evil = { ...held, shipTo: { ...held.shipTo!, name: "=HYPERLINK(\"http://x\")", company: "@SUM(A1)" } };
    const row = read(writeFulfillmentExport([evil]))[0];
    expect(row.shipName).toBe("'=HYPERLINK(\"http://x\")");
    expect(row.shipCompany).toBe("'@SUM(A1)");
  });

  it("writes just the header when there is nothing to export", () => {
    expect(writeFulfillmentExport([])).toBe(`\uFEFF${FULFILLMENT_EXPORT_COLUMNS.join(",")}\r\n`);
  });
});
