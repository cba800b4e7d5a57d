// The placeholder values of one notification, from the order, its fulfillment and their
// shipments as they are when it is sent.
import { normalizeCarrierName } from "~/carriers/carriers";
import { trackingUrlFor } from "~/carriers/urls";
import type { Db } from "~/db.server";
import type { Placeholder } from "~/notifications/kinds";
import { numbersOf } from "../tracking/applyReport";

const CARRIER_NAMES: Readonly<Record<string, string>> = { FEDEX: "FedEx", DHL_EXPRESS: "DHL Express", DHL_ECOMMERCE: "DHL eCommerce" };

function carrierName(carrier: string | null): string {
  if (!carrier) return "";
  const code = normalizeCarrierName(carrier);
  return code ? (CARRIER_NAMES[code] ?? code.replaceAll("_", " ")) : carrier;
}

/** Only web links reach a customer's email. */
function webUrl(url: string | null): string {
  return url && /^https?:\/\//i.test(url) ? url : "";
}

export function formatDate(date: Date | null): string {
  return date ? new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" }).format(date) : "";
}

export async function notificationValues(
  db: Db,
  n: { shopId: string; orderId: string; fulfillmentId: string | null },
): Promise<Record<Placeholder, string>> {
  const order = await db.order.findFirstOrThrow({
    where: { id: n.orderId, shopId: n.shopId },
    select: { name: true, customerName: true, shop: { select: { name: true, domain: true } } },
  });
  const [shipments, part] = await Promise.all([
    db.shipment.findMany({
      where: { shopId: n.shopId, orderId: n.orderId, state: "ACCEPTED", ...(n.fulfillmentId ? { fulfillmentId: n.fulfillmentId } : {}) },
      select: { trackingNumbers: true, carrier: true, trackingUrl: true, deliveredAt: true },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    n.fulfillmentId
      ? db.fulfillment.findFirst({ where: { id: n.fulfillmentId, shopId: n.shopId }, select: { deliveredAt: true } })
      : Promise.resolve(null),
  ]);
  const numbers = shipments.flatMap((s) => numbersOf(s.trackingNumbers));
  const first = shipments.find((s) => numbersOf(s.trackingNumbers).length > 0) ?? shipments[0];
  const firstNumber = first ? (numbersOf(first.trackingNumbers)[0] ?? "") : "";
  const carriers = [...new Set(shipments.map((s) => carrierName(s.carrier)).filter(Boolean))];
  const deliveredAt = part?.deliveredAt ?? null;
  const name = order.customerName?.trim() ?? "";
  return {
    "shop.name": order.shop.name ?? order.shop.domain,
    "order.name": order.name,
    "customer.name": name,
    "customer.firstName": name.split(/\s+/)[0] ?? "",
    "tracking.number": firstNumber,
    "tracking.numbers": [...new Set(numbers)].join(", "),
    "tracking.carrier": carriers.join(", "),
    "tracking.url": webUrl(first?.trackingUrl ?? null) || (first ? (trackingUrlFor(first.carrier, firstNumber) ?? "") : ""),
    "delivery.date": formatDate(deliveredAt),
  };
}
