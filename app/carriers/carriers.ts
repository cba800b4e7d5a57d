// Canonical carrier codes, and the normalizer from the free text that fulfillers and
// merchants send ("UPS Ground", "usps_priority", "FedEx Home Delivery", "stamps_com", ...).
import { z } from "zod";

export const CARRIER_CODES = [
  "UPS",
  "USPS",
  "FEDEX",
  "DHL_EXPRESS",
  "DHL_ECOMMERCE",
  "CANADA_POST",
  "ROYAL_MAIL",
  "AUSTRALIA_POST",
  "AMAZON",
  "ONTRAC",
  "LASERSHIP",
  "PUROLATOR",
  "DPD",
  "GLS",
  "EVRI",
  "POSTNL",
  "DEUTSCHE_POST",
] as const;
export type CarrierCode = (typeof CARRIER_CODES)[number];
export const carrierCodeSchema = z.enum(CARRIER_CODES);

export function isCarrierCode(value: string): value is CarrierCode {
  return (CARRIER_CODES as readonly string[]).includes(value);
}

interface CarrierInfo {
  /** how people write it */
  name: string;
  /** the company name Shopify recognises in FulfillmentTrackingInfo.company (reference/shopify/tracking-companies.txt) */
  shopifyCompany: string;
  /**
   * Names in "compact" form (lower case, letters and digits only). A name matches when its
   * compact form starts with one of these; the longest alias wins, so "dhlecommerce" beats "dhl".
   */
  aliases: readonly string[];
}

export const CARRIERS: Record<CarrierCode, CarrierInfo> = {
  // ShipStation V1 carrier codes: `ups`, `fedex`, `stamps_com` (USPS through Stamps),
  // `dhl_express_worldwide` (notes §1 GET /shipments).
  UPS: { name: "UPS", shopifyCompany: "UPS", aliases: ["ups", "unitedparcel"] },
  USPS: {
    name: "USPS",
    shopifyCompany: "USPS",
    aliases: ["usps", "uspostal", "unitedstatespostal", "stamps", "endicia"],
  },
  FEDEX: { name: "FedEx", shopifyCompany: "FedEx", aliases: ["fedex", "federalexpress"] },
  DHL_EXPRESS: { name: "DHL Express", shopifyCompany: "DHL Express", aliases: ["dhl", "dhlexpress"] },
  DHL_ECOMMERCE: {
    name: "DHL eCommerce",
    shopifyCompany: "DHL eCommerce",
    aliases: ["dhlecommerce", "dhlglobalmail", "dhlecs", "dhlsmartmail"],
  },
  CANADA_POST: { name: "Canada Post", shopifyCompany: "Canada Post", aliases: ["canadapost", "postescanada"] },
  ROYAL_MAIL: { name: "Royal Mail", shopifyCompany: "Royal Mail", aliases: ["royalmail"] },
  AUSTRALIA_POST: { name: "Australia Post", shopifyCompany: "Australia Post", aliases: ["australiapost", "auspost"] },
  AMAZON: { name: "Amazon Logistics", shopifyCompany: "Amazon", aliases: ["amazon", "amzl"] },
  ONTRAC: { name: "OnTrac", shopifyCompany: "OnTrac", aliases: ["ontrac"] },
  LASERSHIP: { name: "LaserShip", shopifyCompany: "Lasership", aliases: ["lasership"] },
  PUROLATOR: { name: "Purolator", shopifyCompany: "Purolator", aliases: ["purolator"] },
  DPD: { name: "DPD", shopifyCompany: "DPD", aliases: ["dpd"] },
  GLS: { name: "GLS", shopifyCompany: "GLS", aliases: ["gls"] },
  EVRI: { name: "Evri", shopifyCompany: "Evri", aliases: ["evri", "hermesuk", "myhermes"] },
  POSTNL: { name: "PostNL", shopifyCompany: "PostNL", aliases: ["postnl"] },
  DEUTSCHE_POST: { name: "Deutsche Post", shopifyCompany: "Deutsche Post", aliases: ["deutschepost"] },
};

/** Every alias with its carrier, longest first, so the most specific name wins. */
const ALIASES: readonly { alias: string; code: CarrierCode }[] = CARRIER_CODES.flatMap((code) =>
  CARRIERS[code].aliases.map((alias) => ({ alias, code })),
).sort((a, b) => b.alias.length - a.alias.length);

function compact(text: string): string {
  return text
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/**
 * The canonical code for a free-text carrier name, or null when it names no carrier we know
 * ("Other", "", "Local courier"). Canonical codes map to themselves.
 */
export function normalizeCarrierName(text: string | null | undefined): CarrierCode | null {
  if (!text) return null;
  const trimmed = text.trim();
  if (isCarrierCode(trimmed)) return trimmed;
  const key = compact(trimmed);
  if (key === "") return null;
  return ALIASES.find(({ alias }) => key.startsWith(alias))?.code ?? null;
}
