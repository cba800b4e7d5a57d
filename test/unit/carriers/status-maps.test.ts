import { describe, expect, it } from "vitest";
import { EASYPOST_STATUS_MAP } from "~/carriers/easypost/status";
import { FEDEX_STATUS_MAP } from "~/carriers/fedex/status";
import { CARRIER_STATUSES } from "~/carriers/port";
import { mapStatus, type StatusMap } from "~/carriers/status-map";
import { refineUpsException, UPS_STATUS_MAP } from "~/carriers/ups/status";
import { mapUspsCategory, USPS_STATUS_MAP, uspsEventStatus } from "~/carriers/usps/status";
import { EASYPOST_STATUSES as STAND_IN_EASYPOST } from "../../../sandbox/carriers/easypost";
import { FEDEX_CODES as STAND_IN_FEDEX } from "../../../sandbox/carriers/fedex";
import { UPS_STATUS_TYPES as STAND_IN_UPS } from "../../../sandbox/carriers/ups";
import { USPS_CATEGORIES as STAND_IN_USPS } from "../../../sandbox/carriers/usps";

const maps: StatusMap<string>[] = [EASYPOST_STATUS_MAP, UPS_STATUS_MAP, FEDEX_STATUS_MAP, USPS_STATUS_MAP];

describe.each(maps)("$provider status map", (table) => {
  it("is total: every provider status maps to a normalized status", () => {
    expect(Object.keys(table.map).sort()).toEqual([...table.statuses].sort());
    for (const status of table.statuses) expect(CARRIER_STATUSES).toContain(mapStatus(table, status));
  });

  it("reads a status the provider adds later as UNKNOWN", () => {
    expect(mapStatus(table, "SOMETHING_NEW")).toBe("UNKNOWN");
    expect(mapStatus(table, null)).toBe("UNKNOWN");
  });

  it("reaches the journey every shipment makes", () => {
    const reached = new Set(Object.values(table.map));
    for (const s of ["LABEL_CREATED", "IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED", "EXCEPTION", "RETURNED_TO_SENDER"] as const) {
      expect(reached).toContain(s);
    }
  });
});

describe("the stand-ins emit only statuses the clients map", () => {
  it.each([
    [EASYPOST_STATUS_MAP, STAND_IN_EASYPOST],
    [UPS_STATUS_MAP, STAND_IN_UPS],
    [FEDEX_STATUS_MAP, STAND_IN_FEDEX],
    [USPS_STATUS_MAP, STAND_IN_USPS],
  ] as [StatusMap<string>, readonly string[]][])("%# %s", (table, emitted) => {
    for (const status of emitted) expect(table.statuses).toContain(status);
  });
});

describe("provider-specific readings (notes §4)", () => {
  it("EasyPost: error is a tracker problem, not a parcel state; failure is an exception", () => {
    expect(mapStatus(EASYPOST_STATUS_MAP, "error")).toBe("UNKNOWN");
    expect(mapStatus(EASYPOST_STATUS_MAP, "failure")).toBe("EXCEPTION");
    expect(mapStatus(EASYPOST_STATUS_MAP, "pre_transit")).toBe("LABEL_CREATED");
  });

  it("UPS: M is a label, MV a voided one, DD delivered, X an exception or a failed attempt", () => {
    expect(mapStatus(UPS_STATUS_MAP, "M")).toBe("LABEL_CREATED");
    expect(mapStatus(UPS_STATUS_MAP, "MV")).toBe("CANCELLED");
    expect(mapStatus(UPS_STATUS_MAP, "DD")).toBe("DELIVERED");
    expect(refineUpsException("We'll make a second attempt the next business day")).toBe("DELIVERY_ATTEMPTED");
    expect(refineUpsException("A mechanical failure has caused a delay")).toBe("EXCEPTION");
  });

  it("FedEx: OC label, DE failed delivery attempt, SE exception, HL held for pickup", () => {
    expect(mapStatus(FEDEX_STATUS_MAP, "OC")).toBe("LABEL_CREATED");
    expect(mapStatus(FEDEX_STATUS_MAP, "DE")).toBe("DELIVERY_ATTEMPTED");
    expect(mapStatus(FEDEX_STATUS_MAP, "SE")).toBe("EXCEPTION");
    expect(mapStatus(FEDEX_STATUS_MAP, "HL")).toBe("AVAILABLE_FOR_PICKUP");
  });

  it("USPS: categories compare case-insensitively; event 01 is delivered", () => {
    expect(mapUspsCategory("out for delivery")).toBe("OUT_FOR_DELIVERY");
    expect(mapUspsCategory("Pre-Shipment")).toBe("LABEL_CREATED");
    expect(mapUspsCategory("Accepted")).toBe("IN_TRANSIT");
    expect(mapUspsCategory("Unheard Of")).toBe("UNKNOWN");
    expect(uspsEventStatus("01", "Anything")).toBe("DELIVERED");
    expect(uspsEventStatus(null, "Arrived at USPS Regional Facility")).toBe("IN_TRANSIT");
    expect(uspsEventStatus("", "Shipping Label Created, USPS Awaiting Item")).toBe("LABEL_CREATED");
  });
});
