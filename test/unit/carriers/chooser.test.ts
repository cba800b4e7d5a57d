import { describe, expect, it } from "vitest";
import { DEFAULT_TRACKER_CHOICE, parseTrackerChoice, providerFor } from "~/carriers/chooser";
import { CarrierConfigError } from "~/carriers/errors";

describe("tracker choice", () => {
  it("uses the carrier's own provider where set, the aggregator elsewhere", () => {
    const choice = parseTrackerChoice({ default: "easypost", byCarrier: { UPS: "ups", USPS: "usps" } });
    expect(providerFor(choice, "UPS Ground")).toBe("ups");
    expect(providerFor(choice, "stamps_com")).toBe("usps");
    expect(providerFor(choice, "FedEx Home Delivery")).toBe("easypost");
    expect(providerFor(choice, "Other")).toBe("easypost");
    expect(providerFor(DEFAULT_TRACKER_CHOICE, "UPS")).toBe("easypost");
  });

  it("tracks only the listed carriers when there is no default", () => {
    const choice = parseTrackerChoice({ default: null, byCarrier: { FEDEX: "fedex" } });
    expect(providerFor(choice, "fedex")).toBe("fedex");
    expect(providerFor(choice, "UPS")).toBeNull();
  });

  it("refuses a direct provider for another carrier, naming the field", () => {
    expect(() => parseTrackerChoice({ default: "easypost", byCarrier: { FEDEX: "ups" } })).toThrow(
      new CarrierConfigError("tracking.byCarrier.FEDEX", "ups cannot track FEDEX parcels"),
    );
  });

  it("refuses a direct provider as the default", () => {
    expect(() => parseTrackerChoice({ default: "usps" })).toThrow(/tracking\.default: usps tracks USPS only/);
  });

  it("refuses unknown carriers and providers", () => {
    expect(() => parseTrackerChoice({ default: "easypost", byCarrier: { PIGEON: "easypost" } })).toThrow(/tracking\.byCarrier/);
    expect(() => parseTrackerChoice({ default: "aftership" })).toThrow(/tracking\.default/);
  });
});
