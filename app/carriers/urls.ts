// Public, customer-facing tracking pages. These are deep links, not API contracts, and
// carriers change them (notes §5): prefer the URL the provider returns (EasyPost
// `public_url`, ShipBob `tracking_url`, ...) and use a template only as the fallback.
import { type CarrierCode, normalizeCarrierName } from "./carriers";

/** `{n}` is replaced by the URL-encoded tracking number. */
export const TRACKING_URL_TEMPLATES: Partial<Record<CarrierCode, string>> = {
  // notes §5, recommended column
  USPS: "https://tools.usps.com/go/TrackConfirmAction?tLabels={n}",
  UPS: "https://www.ups.com/track?tracknum={n}",
  FEDEX: "https://www.fedex.com/fedextrack/?trknbr={n}",
  DHL_EXPRESS: "https://www.dhl.com/us-en/home/tracking/tracking-express.html?submit=1&tracking-id={n}",
  AMAZON: "https://track.amazon.com/tracking/{n}",
  ONTRAC: "https://www.ontrac.com/tracking/?number={n}",
  // Not in the notes: the carriers' own public tracking pages (verify before relying on them).
  DHL_ECOMMERCE: "https://webtrack.dhlecs.com/?trackingnumber={n}",
  CANADA_POST: "https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor={n}",
  ROYAL_MAIL: "https://www.royalmail.com/track-your-item#/tracking-results/{n}",
  AUSTRALIA_POST: "https://auspost.com.au/mypost/track/details/{n}",
  PUROLATOR: "https://www.purolator.com/en/shipping/tracker?pin={n}",
  EVRI: "https://www.evri.com/track/parcel/{n}",
  // DPD, GLS, PostNL, Deutsche Post and LaserShip track per country or need a postcode: no template.
};

/** The carrier's public tracking page for a number, or null when we have no template. */
export function trackingUrlFor(carrier: string | null | undefined, trackingNumber: string): string | null {
  const code = normalizeCarrierName(carrier);
  const template = code ? TRACKING_URL_TEMPLATES[code] : undefined;
  if (!template || trackingNumber.trim() === "") return null;
  return template.replace("{n}", encodeURIComponent(trackingNumber.trim()));
}

/** The provider's URL when it gave one (http or https only), else the carrier template. */
export function chooseTrackingUrl(
  providerUrl: string | null | undefined,
  carrier: string | null | undefined,
  trackingNumber: string,
): string | null {
  if (providerUrl && /^https?:\/\//i.test(providerUrl)) return providerUrl;
  return trackingUrlFor(carrier, trackingNumber);
}
