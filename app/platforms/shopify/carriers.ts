// Fulfillers spell carriers their own way ("ups", "UPS Ground", "stamps_com", "fedex_ground",
// "dhl_express"). Shopify recognises a fixed list of names, with their capitalisation ("The
// tracking company name ... capitalization matters", FulfillmentTrackingInput description; list
// in tracking-companies.ts). A recognised name gets clickable tracking URLs built by Shopify; an
// unknown one is passed through as given (our tracking URL is sent with it).
import { SHOPIFY_TRACKING_COMPANIES } from "./tracking-companies";

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "");

const KNOWN = new Map(SHOPIFY_TRACKING_COMPANIES.map((name) => [squash(name), name]));

/** Fulfiller carrier codes and names that are not Shopify's names (keys squashed: lowercase letters and digits). */
const ALIASES: Record<string, string> = {
  unitedparcelservice: "UPS",
  unitedstatespostalservice: "USPS",
  stampscom: "USPS", // ShipStation's stamps_com posts with USPS
  endicia: "USPS",
  federalexpress: "FedEx",
  dhlexpressworldwide: "DHL Express",
  dhlworldwide: "DHL Express",
  dhlglobalmail: "DHL eCommerce",
  auspost: "Australia Post",
  amazonshipping: "Amazon",
  amazonlogistics: "Amazon",
};

/** Service names start with the carrier: "UPS Ground", "fedex_ground", "USPS Priority Mail", "DHL Express 12:00". */
const SERVICE_PREFIX: [RegExp, string][] = [
  [/^ups\b/, "UPS"],
  [/^usps\b/, "USPS"],
  [/^stamps\b/, "USPS"],
  [/^fedex\b/, "FedEx"],
  [/^dhl express\b/, "DHL Express"],
  [/^dhl ecommerce\b/, "DHL eCommerce"],
  [/^canada post\b/, "Canada Post"],
  [/^royal mail\b/, "Royal Mail"],
];

/** Shopify's name for a carrier, or the carrier as given when Shopify does not know it. */
export function shopifyTrackingCompany(carrier: string | null | undefined): string | null {
  const given = carrier?.trim();
  if (!given) return null;
  const key = squash(given);
  if (!key) return given;
  const known = KNOWN.get(key) ?? ALIASES[key];
  if (known) return known;
  const words = given.toLowerCase().replace(/[_\-.]+/g, " ");
  for (const [prefix, name] of SERVICE_PREFIX) if (prefix.test(words)) return name;
  return given;
}
