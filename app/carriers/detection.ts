// Carrier detection and check-digit validation of tracking numbers, with ts-tracking-number
// (format + checksum only: it cannot tell whether a number exists; notes §4a).
//
// The rule (notes §4a, gotcha 2): always prefer the carrier the fulfiller reports, and use
// detection only as a fallback. So `detectCarrier(number, stated)`:
//   - stated names a carrier we know      -> that carrier, even when the number's format says
//                                            otherwise (then `conflict` is true);
//   - stated is missing or unrecognised   -> the carrier the number's format and check digit
//                                            point to, or null.
import {
  allCouriers,
  getTracking,
  type TrackingCourier,
  type TrackingNumber,
} from "ts-tracking-number";
import { type CarrierCode, normalizeCarrierName } from "./carriers";

export interface CarrierDetection {
  /** upper-cased, without spaces or dashes */
  trackingNumber: string;
  /** the carrier to use: the stated one when we know it, else the detected one */
  carrier: CarrierCode | null;
  source: "stated" | "detected" | "none";
  /** what the number's format and check digit say, after the known misreads are corrected */
  detected: CarrierCode | null;
  /** every carrier whose format and check digit the number passes */
  candidates: CarrierCode[];
  /** the library's service name for the detected carrier ("UPS", "FedEx Express (12)", "USPS 91") */
  service: string | null;
  /**
   * Whether the number passes `carrier`'s format and check digit; null when the library does
   * not know that carrier's formats (Canada Post, Royal Mail, ...). With no stated carrier,
   * false means the number passes no format we know.
   */
  valid: boolean | null;
  /** the stated carrier and the number's format disagree */
  conflict: boolean;
}

/** Upper-case first: the library is case-sensitive (notes §4a, gotcha 1). */
export function normalizeTrackingNumber(raw: string): string {
  return raw.toUpperCase().replace(/[\s-]/g, "");
}

/** Carriers whose formats ts-tracking-number knows (S10 is mapped by its country suffix). */
const LIBRARY_CARRIERS: ReadonlySet<CarrierCode> = new Set([
  "UPS",
  "USPS",
  "FEDEX",
  "DHL_EXPRESS",
  "DHL_ECOMMERCE",
  "AMAZON",
  "ONTRAC",
]);

/** UPU S10 international numbers (RB123456785GB) end with the issuing post's country. */
const S10_POSTS: Record<string, CarrierCode> = {
  US: "USPS",
  GB: "ROYAL_MAIL",
  CA: "CANADA_POST",
  AU: "AUSTRALIA_POST",
  DE: "DEUTSCHE_POST",
  NL: "POSTNL",
};

function toCarrierCode(match: TrackingNumber): CarrierCode | null {
  switch (match.courier.code) {
    case "ups":
      return "UPS";
    case "usps":
      return "USPS";
    case "fedex":
      return "FEDEX";
    case "dhl":
      return match.name === "DHL E-Commerce" ? "DHL_ECOMMERCE" : "DHL_EXPRESS";
    case "amazon":
      return "AMAZON";
    case "ontrac":
      return "ONTRAC";
    case "s10":
      return S10_POSTS[match.trackingNumber.slice(-2)] ?? null;
    default:
      return null;
  }
}

interface Match {
  code: CarrierCode | null;
  service: string;
}

function matchesPerCourier(number: string): Match[] {
  return allCouriers.flatMap((courier: TrackingCourier) => {
    const match = getTracking(number, [courier]);
    return match ? [{ code: toCarrierCode(match), service: match.name }] : [];
  });
}

/**
 * Known misread (notes §4a, gotcha 2): USPS IMpb numbers (e.g. `9261290306529427911297`, the
 * USPS ParcelSelect number in ShipBob's docs) also pass the FedEx SmartPost rule, and the
 * library answers FedEx. SmartPost parcels are delivered by USPS under a USPS IMpb barcode, so
 * when both match we read the number as USPS; a fulfiller that states FedEx still wins.
 */
function correctMisreads(matches: Match[]): Match | null {
  const usps = matches.find((m) => m.code === "USPS");
  const smartPost = matches.find((m) => m.code === "FEDEX" && m.service === "FedEx SmartPost");
  if (usps && smartPost) return usps;
  return matches.find((m) => m.code !== null) ?? null;
}

export function detectCarrier(rawNumber: string, statedCarrier?: string | null): CarrierDetection {
  const trackingNumber = normalizeTrackingNumber(rawNumber);
  const matches = trackingNumber === "" ? [] : matchesPerCourier(trackingNumber);
  const candidates = [...new Set(matches.flatMap((m) => (m.code ? [m.code] : [])))];
  const best = correctMisreads(matches);
  const detected = best?.code ?? null;
  const stated = normalizeCarrierName(statedCarrier);

  if (stated) {
    const passes = candidates.includes(stated);
    return {
      trackingNumber,
      carrier: stated,
      source: "stated",
      detected,
      candidates,
      service: passes ? (matches.find((m) => m.code === stated)?.service ?? null) : null,
      // Canada Post, Royal Mail, ... have domestic formats the library does not know: unchecked.
      valid: passes ? true : LIBRARY_CARRIERS.has(stated) ? false : null,
      conflict: detected !== null && !passes,
    };
  }
  return {
    trackingNumber,
    carrier: detected,
    source: detected ? "detected" : "none",
    detected,
    candidates,
    service: best?.service ?? null,
    valid: detected !== null,
    conflict: false,
  };
}
