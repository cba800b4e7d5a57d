// The sandbox's life: a new demo order every few seconds (some with several lines, some with
// quantity > 1), and demo fulfillers that ship after a short delay — sometimes in two packages —
// and now and then refuse an order, so that FAILED → RECYCLED → PENDING shows too.
import type { ShipBobStandIn } from "../shipbob";
import type { ShipStationStandIn } from "../shipstation";
import type { ShopifyStandIn } from "../shopify";

export interface DemoProduct {
  variantId: string;
  sku: string;
  title: string;
}

export interface ActivityOptions {
  shopify: ShopifyStandIn;
  shipstation: ShipStationStandIn;
  shipbob: ShipBobStandIn;
  products: DemoProduct[];
  /** a new order every this many ms */
  orderEveryMs: number;
  /** fulfillers ship an order this long after they received it */
  shipAfterMs: number;
  /** one submit in this many is refused once (0: never) */
  refuseOneIn: number;
  random?: () => number;
  log?: (message: string) => void;
}

const CUSTOMERS = [
  { firstName: "Ada", lastName: "Lovelace", city: "Portland", provinceCode: "OR", zip: "97201" },
  { firstName: "Grace", lastName: "Hopper", city: "Arlington", provinceCode: "VA", zip: "22201" },
  { firstName: "Alan", lastName: "Turing", city: "Austin", provinceCode: "TX", zip: "78701" },
  { firstName: "Katherine", lastName: "Johnson", city: "Hampton", provinceCode: "VA", zip: "23669" },
];

export function startDemoActivity(opts: ActivityOptions): { stop(): void; tick(): Promise<void> } {
  const random = opts.random ?? Math.random;
  const log = opts.log ?? (() => {});
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const firstSeen = new Map<string, number>();
  let orderNumber = 1000;

  const placeOrder = () => {
    const count = random() < 0.4 ? 2 + Math.floor(random() * 2) : 1;
    const chosen = new Set<DemoProduct>();
    while (chosen.size < Math.min(count, opts.products.length)) chosen.add(pick(opts.products));
    const who = pick(CUSTOMERS);
    orderNumber += 1;
    const email = `${who.firstName.toLowerCase()}@example.com`;
    opts.shopify.store.createOrder({
      name: `#${orderNumber}`,
      email,
      customer: { firstName: who.firstName, lastName: who.lastName, email },
      shippingAddress: {
        firstName: who.firstName,
        lastName: who.lastName,
        address1: `${100 + Math.floor(random() * 800)} Market Street`,
        city: who.city,
        provinceCode: who.provinceCode,
        zip: who.zip,
        countryCode: "US",
      },
      lines: [...chosen].map((p) => ({ variantId: p.variantId, quantity: random() < 0.3 ? 2 : 1 })),
    });
    if (opts.refuseOneIn > 0 && random() < 1 / opts.refuseOneIn) {
      const fulfiller = random() < 0.5 ? "shipstation" : "shipbob";
      if (fulfiller === "shipstation") opts.shipstation.failNextSubmit("Demo: the ship-to address could not be verified.");
      else opts.shipbob.failNextSubmit();
      log(`[demo] ${fulfiller} will refuse its next order once`);
    }
  };

  const due = (key: string, now: number) => {
    if (!firstSeen.has(key)) firstSeen.set(key, now);
    return now - firstSeen.get(key)! >= opts.shipAfterMs;
  };

  const shipDue = async () => {
    const now = Date.now();
    for (const order of opts.shipstation.orders()) {
      if (order.orderStatus !== "awaiting_shipment" || !due(`ss:${order.orderKey}`, now)) continue;
      const items = order.items.filter((i) => typeof i.lineItemKey === "string");
      // Two packages, each with its own tracking number, when there are two lines to split.
      const packages =
        items.length >= 2 && random() < 0.5
          ? [
              { items: items.slice(0, 1).map((i) => ({ lineItemKey: String(i.lineItemKey), quantity: Number(i.quantity) })) },
              { items: items.slice(1).map((i) => ({ lineItemKey: String(i.lineItemKey), quantity: Number(i.quantity) })) },
            ]
          : undefined;
      await opts.shipstation.shipOrder(order.orderKey, packages).catch((e: unknown) => log(`[demo] shipstation: ${String(e)}`));
    }
    for (const order of opts.shipbob.orders() as { id: number; reference_id: string }[]) {
      const key = `sb:${order.id}`;
      if (firstSeen.get(key) === -1 || !due(key, now)) continue;
      try {
        opts.shipbob.shipOrder(order.id);
      } catch (e) {
        log(`[demo] shipbob: ${String(e)}`);
      }
      firstSeen.set(key, -1);
    }
  };

  const orderTimer = setInterval(placeOrder, opts.orderEveryMs);
  const shipTimer = setInterval(() => void shipDue(), 2_000);
  placeOrder();
  return {
    stop() {
      clearInterval(orderTimer);
      clearInterval(shipTimer);
    },
    tick: shipDue,
  };
}
