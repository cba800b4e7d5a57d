// Installs the sandbox's demo shops: a Shopify shop (its offline session holds the stand-in's
// token, as the token exchange would have stored it) and a BigCommerce store, each with products
// assigned to two fulfillers, activated through the same use cases a merchant's clicks run.
import type { BigCommerceStandIn } from "../bigcommerce";
import type { ShipBobStandIn } from "../shipbob";
import type { ShipStationStandIn } from "../shipstation";
import type { ShopifyStandIn } from "../shopify";
import type { DemoProduct } from "./activity";

const CATALOG = [
  { title: "Harbor Canvas Tote", sku: "TOTE-NAVY" },
  { title: "Lighthouse Enamel Mug", sku: "MUG-ENAMEL" },
  { title: "Deckhand Wool Beanie", sku: "BEANIE-WOOL" },
  { title: "Tidal Field Notebook", sku: "NOTE-FIELD" },
  { title: "Anchor Brass Keyring", sku: "KEY-BRASS" },
  { title: "Coastline Linen Scarf", sku: "SCARF-LINEN" },
];

export interface SeedInput {
  shopify: ShopifyStandIn;
  shipstation: ShipStationStandIn;
  shipbob: ShipBobStandIn;
  bigcommerce: BigCommerceStandIn;
}

export async function seedSandbox({ shopify, shipstation, shipbob, bigcommerce }: SeedInput) {
  const { SANDBOX_SHOP, SANDBOX_BC_STORE, DEFAULT_SCOPES } = await import("../../app/lib/env.server");
  const { createWorkerContext } = await import("../../workers/context");
  const { activateConnection } = await import("../../app/use-cases/activateConnection");
  const { assignProducts } = await import("../../app/use-cases/assignProducts");
  const { setDefaultConnection } = await import("../../app/use-cases/setDefaultConnection");
  const ctx = createWorkerContext({ actor: "system:sandbox" });

  // ---- Shopify ----------------------------------------------------------------------------
  const shop = await ctx.db.shop.create({
    // Carrier tracking on: the demo carrier (EasyPost stand-in) moves parcels to DELIVERED.
    data: { platform: "SHOPIFY", domain: SANDBOX_SHOP, name: "Consign Demo (Shopify)", holdDelayMinutes: 0, carrierTracking: true },
  });
  await ctx.db.session.create({
    data: {
      id: `offline_${SANDBOX_SHOP}`,
      shop: SANDBOX_SHOP,
      state: "",
      isOnline: false,
      scope: DEFAULT_SCOPES.join(","),
      accessToken: shopify.accessTokenFor(SANDBOX_SHOP),
    },
  });
  const activate = async (shopId: string, kind: "shipstation" | "shipbob", title: string) =>
    (
      await activateConnection(ctx, {
        shopId,
        kind,
        title,
        credentials:
          kind === "shipstation"
            ? { apiKey: shipstation.apiKey, apiSecret: shipstation.apiSecret }
            : { personalAccessToken: shipbob.token, channelId: String(shipbob.channelId) },
      })
    ).connection.id;
  const shipstationId = await activate(shop.id, "shipstation", "ShipStation (demo warehouse)");
  const shipbobId = await activate(shop.id, "shipbob", "ShipBob (demo 3PL)");

  const shopifyProducts: DemoProduct[] = [];
  for (const [i, item] of CATALOG.entries()) {
    const made = shopify.store.createProduct({ title: item.title, variants: [{ sku: item.sku, price: `${12 + i * 3}.00` }] });
    const variant = made.variants[0]!;
    shopifyProducts.push({ variantId: variant.id, sku: item.sku, title: item.title });
    await assignProducts(ctx, { shopId: shop.id, connectionId: i % 2 === 0 ? shipstationId : shipbobId, products: [{ productId: made.id }] });
  }
  await setDefaultConnection(ctx, { shopId: shop.id, connectionId: shipstationId });

  // ---- BigCommerce --------------------------------------------------------------------------
  const store = await ctx.db.shop.create({
    data: { platform: "BIGCOMMERCE", domain: SANDBOX_BC_STORE, name: "Consign Demo (BigCommerce)", holdDelayMinutes: 0 },
  });
  const bcShipstationId = await activate(store.id, "shipstation", "ShipStation (demo warehouse)");
  const bcProducts = CATALOG.slice(0, 4).map((item, i) =>
    bigcommerce.store.createProduct({ name: item.title, sku: `BC-${item.sku}`, price: 14 + i * 4 }),
  );
  await setDefaultConnection(ctx, { shopId: store.id, connectionId: bcShipstationId });

  let n = 0;
  const placeBigCommerceOrder = () => {
    n += 1;
    const first = bcProducts[n % bcProducts.length]!;
    const second = bcProducts[(n + 1) % bcProducts.length]!;
    bigcommerce.store.createOrder({
      products: [
        { productId: first.id, quantity: 1 },
        ...(n % 3 === 0 ? [{ productId: second.id, quantity: 2 }] : []),
      ],
      shippingAddresses: [
        {
          first_name: "Mary",
          last_name: "Jackson",
          street_1: "12 Harbor Lane",
          city: "Hampton",
          state: "Virginia",
          zip: "23669",
          country: "United States",
          country_iso2: "US",
          email: "mary@example.com",
        },
      ],
    });
  };

  // What the demo fulfillers have handed to the carrier: the tracking numbers of stored shipments.
  const trackingNumbers = async () => {
    const rows = await ctx.db.shipment.findMany({
      where: { shopId: shop.id, state: "ACCEPTED" },
      select: { trackingNumbers: true },
      orderBy: { createdAt: "desc" },
      take: 200,
    });
    return rows.flatMap((row) => JSON.parse(row.trackingNumbers) as string[]);
  };

  return { shopifyProducts, placeBigCommerceOrder, trackingNumbers, shopId: shop.id, storeId: store.id };
}
