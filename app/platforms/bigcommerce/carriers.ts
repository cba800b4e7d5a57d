// Carrier name → the two carrier fields of a BigCommerce shipment.
// - `shipping_provider`: BigCommerce's own providers, an enum (orders.v2.oas2.yml
//   components.schemas.shipping_provider_standard: auspost, canadapost, endicia, usps, fedex, ups,
//   upsready, upsonline, shipperhq, royalmail, ""). We always send it, "" when none fits: when it
//   is omitted BigCommerce defaults to "custom" and puts no tracking link in the email (notes §2).
// - `tracking_carrier`: "" or an AfterShip courier slug (same spec, orderShipment_Post), which
//   lets BigCommerce generate a tracking link for carriers it does not integrate.

export interface BigCommerceCarrier {
  shipping_provider: string;
  tracking_carrier: string;
}

// keys are carrier names lower-cased with everything but letters and digits removed
const TABLE: { keys: string[]; provider: string; slug: string }[] = [
  { keys: ["ups", "unitedparcelservice", "upsground", "upsmailinnovations"], provider: "ups", slug: "ups" },
  { keys: ["fedex", "federalexpress", "fedexground", "fedexsmartpost"], provider: "fedex", slug: "fedex" },
  { keys: ["usps", "unitedstatespostalservice", "stampscom", "endicia"], provider: "usps", slug: "usps" },
  { keys: ["canadapost", "postescanada"], provider: "canadapost", slug: "canada-post" },
  { keys: ["australiapost", "auspost"], provider: "auspost", slug: "australia-post" },
  { keys: ["royalmail"], provider: "royalmail", slug: "royal-mail" },
  { keys: ["dhl", "dhlexpress", "dhlexpressworldwide"], provider: "", slug: "dhl" },
  { keys: ["dhlecommerce", "dhlglobalmail", "dhlecommercesolutions"], provider: "", slug: "dhl-global-mail" },
  { keys: ["ontrac"], provider: "", slug: "ontrac" },
  { keys: ["lasership"], provider: "", slug: "lasership" },
  { keys: ["purolator"], provider: "", slug: "purolator" },
];

export function bigCommerceCarrier(carrier: string | null | undefined): BigCommerceCarrier {
  const key = (carrier ?? "").toLowerCase().replace(/[^a-z0-9]/g, "");
  if (!key) return { shipping_provider: "", tracking_carrier: "" };
  const row = TABLE.find((r) => r.keys.includes(key));
  return row ? { shipping_provider: row.provider, tracking_carrier: row.slug } : { shipping_provider: "", tracking_carrier: "" };
}
