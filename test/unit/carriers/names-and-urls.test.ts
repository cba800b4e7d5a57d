import { describe, expect, it } from "vitest";
import { CARRIER_CODES, CARRIERS, normalizeCarrierName } from "~/carriers/carriers";
import { chooseTrackingUrl, TRACKING_URL_TEMPLATES, trackingUrlFor } from "~/carriers/urls";

describe("normalizeCarrierName", () => {
  it.each([
    ["ups", "UPS"],
    ["UPS Ground", "UPS"],
    ["UPS® 2nd Day Air", "UPS"],
    ["ups_walleted", "UPS"],
    ["UPS Mail Innovations", "UPS"],
    ["usps", "USPS"],
    ["usps_priority", "USPS"],
    ["USPS Ground Advantage", "USPS"],
    ["stamps_com", "USPS"],
    ["Endicia", "USPS"],
    ["United States Postal Service", "USPS"],
    ["FedEx Home Delivery", "FEDEX"],
    ["fedex_ground", "FEDEX"],
    ["FedEx SmartPost", "FEDEX"],
    ["Federal Express", "FEDEX"],
    ["DHL", "DHL_EXPRESS"],
    ["dhl_express_worldwide", "DHL_EXPRESS"],
    ["DHLExpress", "DHL_EXPRESS"],
    ["DHL eCommerce", "DHL_ECOMMERCE"],
    ["dhl_global_mail", "DHL_ECOMMERCE"],
    ["Canada Post", "CANADA_POST"],
    ["canada_post", "CANADA_POST"],
    ["CanadaPost", "CANADA_POST"],
    ["Royal Mail", "ROYAL_MAIL"],
    ["royal_mail_tracked_48", "ROYAL_MAIL"],
    ["Amazon Logistics", "AMAZON"],
    ["OnTrac", "ONTRAC"],
    ["FEDEX", "FEDEX"],
  ])("%s -> %s", (text, code) => {
    expect(normalizeCarrierName(text)).toBe(code);
  });

  it.each([[""], ["   "], ["Other"], ["Local courier"], [null], [undefined]])("%s names no carrier", (text) => {
    expect(normalizeCarrierName(text)).toBeNull();
  });

  it("maps every Shopify tracking company name we list back to its own code", () => {
    for (const code of CARRIER_CODES) expect(normalizeCarrierName(CARRIERS[code].shopifyCompany)).toBe(code);
  });
});

describe("tracking URLs", () => {
  it("prefers the provider's URL", () => {
    expect(chooseTrackingUrl("https://track.easypost.com/djE6dHJr", "USPS", "9400111899223197428497")).toBe(
      "https://track.easypost.com/djE6dHJr",
    );
  });

  it("falls back to the carrier's template, URL-encoding the number", () => {
    expect(chooseTrackingUrl(null, "UPS Ground", "1Z999AA10123456784")).toBe("https://www.ups.com/track?tracknum=1Z999AA10123456784");
    expect(trackingUrlFor("usps_priority", "9400 1118")).toBe("https://tools.usps.com/go/TrackConfirmAction?tLabels=9400%201118");
    expect(trackingUrlFor("FedEx", "986578788855")).toBe("https://www.fedex.com/fedextrack/?trknbr=986578788855");
    expect(trackingUrlFor("DHL Express", "3318810025")).toContain("tracking-id=3318810025");
  });

  it("ignores a provider URL that is not http(s)", () => {
    expect(chooseTrackingUrl("javascript:alert(1)", "UPS", "1Z999AA10123456784")).toBe(
      "https://www.ups.com/track?tracknum=1Z999AA10123456784",
    );
  });

  it("has no URL for an unknown carrier or a carrier without a template", () => {
    expect(trackingUrlFor("Other", "123")).toBeNull();
    expect(trackingUrlFor("DPD", "123")).toBeNull();
  });

  it("every template is https and carries the number placeholder once", () => {
    for (const template of Object.values(TRACKING_URL_TEMPLATES)) {
      expect(template.startsWith("https://")).toBe(true);
      expect(template.split("{n}")).toHaveLength(2);
    }
  });
});
