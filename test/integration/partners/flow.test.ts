// Partner stores end to end (issue 8), for every pairing of buyer and seller platforms: a buyer's
// order for partner products is posted to the seller's store exactly once — also when the first
// post timed out after the seller's store had made the order — the seller fulfills it in two
// fulfillments from its own admin, and the buyer's store ends with exactly those fulfillments,
// lines and tracking, carried over by the seller store's webhooks; the order is SHIPPED on both
// sides' views.
import { beforeEach, describe, expect, it } from "vitest";
import type { PlatformKind } from "~/platforms/port";
import { getOrderDetail } from "~/use-cases/queries/getOrderDetail";
import { listPartnerOrders } from "~/use-cases/queries/listPartnerOrders";
import { sendHolds } from "~/use-cases/sendHolds";
import { syncShipments } from "~/use-cases/syncShipments";
import {
  buyerPart,
  eventually,
  liveFulfillments,
  partneredCatalogs,
  type PartnerWorld,
  partnerWorldFor,
  placeBuyerOrder,
  sellerPartnerOrders,
  sellerShips,
  SHIP_TO,
  SHOPIFY_SHOPS,
} from "./support";

const world = partnerWorldFor("flow.test.ts");
let w: PartnerWorld;
beforeEach(() => {
  w = world();
});

const PAIRINGS: { name: string; buyer: PlatformKind; seller: PlatformKind }[] = [
  { name: "Shopify buyer → Shopify seller", buyer: "SHOPIFY", seller: "SHOPIFY" },
  { name: "Shopify buyer → BigCommerce seller", buyer: "SHOPIFY", seller: "BIGCOMMERCE" },
  { name: "BigCommerce buyer → Shopify seller", buyer: "BIGCOMMERCE", seller: "SHOPIFY" },
];


/** The seller's store made the order, then the answer was lost: the stand-ins' "commit then time out". */
function commitThenTimeOut(seller: PlatformKind) {
  if (seller === "SHOPIFY") {
    w.shopify.injectFault({ kind: "commitThenHang", match: { operationName: "PartnerOrderCreate", shop: SHOPIFY_SHOPS.seller } });
  } else {
    w.bc.injectFault({ kind: "timeout", phase: "after", method: "POST", path: /^\/orders$/ });
  }
}

describe.each(PAIRINGS)("$name", ({ buyer, seller }) => {
  it("posts the order once (also after a lost answer) and brings both fulfillments back to the buyer's store; SHIPPED on both sides", async () => {
    const { buyerDomain, sellerDomain, buyerId, sellerId, skus, sellerCatalog, buyerCatalog, connectionId, partnershipId, line } =
      await partneredCatalogs(w, buyer, seller);
    const buyerOrderId = await placeBuyerOrder(w, buyer, buyerDomain, [line(skus.mug, 2), line(skus.teeS, 1), line(skus.teeM, 3)]);
    const part = await buyerPart(w, buyerId, buyerOrderId, connectionId);
    expect(part.status).toBe("HOLD");
    expect(part.lines).toHaveLength(3);

    // ---- posting: the first post is made by the seller's store, its answer lost
    const before = sellerPartnerOrders(w, seller, sellerDomain).length;
    commitThenTimeOut(seller);
    const first = await sendHolds(w.ctx, { shopId: buyerId });
    expect(first.counts).toMatchObject({ sent: 1, failed: 0 });
    await sendHolds(w.ctx, { shopId: buyerId }); // and once more: nothing new
    const posted = sellerPartnerOrders(w, seller, sellerDomain).slice(before);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.reference).toBe(`consign-${partnershipId}-${part.id}`);
    const sent = await w.t.db.fulfillment.findUniqueOrThrow({ where: { id: part.id } });
    expect(sent).toMatchObject({ status: "PENDING", clientFulfillmentId: posted[0]!.id });
    const sellerOrderId = posted[0]!.id;

    // the seller's order: the seller's own variants and quantities, the buyer's ship-to, nobody to notify
    if (seller === "SHOPIFY") {
      const order = w.shopify.storeFor(sellerDomain).orderSnapshot(sellerOrderId);
      expect(Object.fromEntries(order.lineItems.map((li) => [li.variantId, li.quantity]))).toEqual({
        [sellerCatalog.variant[skus.mug]!]: 2,
        [sellerCatalog.variant[skus.teeS]!]: 1,
        [sellerCatalog.variant[skus.teeM]!]: 3,
      });
      expect(order.tags).toEqual(["consign-partner", `cp-${partnershipId}`]);
      expect(order.email).toBeNull();
      expect(order.createOptions).toMatchObject({ sendReceipt: false, sendFulfillmentReceipt: false });
      expect(order.shippingAddress).toMatchObject({ firstName: "Ada", lastName: "Lovelace", address1: SHIP_TO.address1, zip: SHIP_TO.zip, countryCode: "US" });
    } else {
      const order = w.bc.getStore(sellerDomain)!.orders.get(Number(sellerOrderId))!;
      expect(Object.fromEntries(order.products.map((p) => [String(p.variant_id), p.quantity]))).toEqual({
        [sellerCatalog.variant[skus.mug]!]: 2,
        [sellerCatalog.variant[skus.teeS]!]: 1,
        [sellerCatalog.variant[skus.teeM]!]: 3,
      });
      expect(order.status_id).toBe(11);
      expect(order.staff_notes).toContain(part.order.name);
      expect(order.addresses).toHaveLength(1);
      expect(order.addresses[0]).toMatchObject({ first_name: "Ada", last_name: "Lovelace", street_1: SHIP_TO.address1, zip: SHIP_TO.zip, country_iso2: "US", email: "" });
      expect(order.billing_address.email).toBe("");
    }

    // ---- the seller fulfills from its own admin, in two fulfillments across its lines
    const f1 = await sellerShips(
      w,
      seller,
      sellerDomain,
      sellerOrderId,
      [
        { variantId: sellerCatalog.variant[skus.mug]!, quantity: 2 },
        { variantId: sellerCatalog.variant[skus.teeS]!, quantity: 1 },
      ],
      { numbers: ["1Z999AA10123456784"], company: "UPS" },
    );
    const f2 = await sellerShips(w, seller, sellerDomain, sellerOrderId, [{ variantId: sellerCatalog.variant[skus.teeM]!, quantity: 3 }], {
      numbers: ["9400111899223197428490"],
      company: "USPS",
    });
    expect(f1).not.toBe(f2);

    // ---- the seller store's webhooks carry them to the buyer's store within seconds
    const pushed = await eventually(async () => {
      const live = liveFulfillments(w, buyer, buyerDomain, buyerOrderId);
      return live.length >= 2 ? live : null;
    }, "both fulfillments on the buyer's store");
    const byTracking = Object.fromEntries(pushed.map((f) => [f.trackingNumbers.join(","), f.lines]));
    expect(byTracking).toEqual({
      "1Z999AA10123456784": { [buyerCatalog.variant[skus.mug]!]: 2, [buyerCatalog.variant[skus.teeS]!]: 1 },
      "9400111899223197428490": { [buyerCatalog.variant[skus.teeM]!]: 3 },
    });

    // ---- SHIPPED on both sides' views
    const detail = await eventually(async () => {
      const d = await getOrderDetail(w.ctx, { shopId: buyerId, orderId: part.orderId });
      // the push worker records each platform id right after the store took the write
      const pushed = d.shipments.every((x) => x.pushes.length > 0 && x.pushes.every((p) => p.state === "DONE"));
      return d.fulfillments[0]?.status === "SHIPPED" && pushed ? d : null;
    }, "the buyer's part SHIPPED, every push done");
    expect(detail.shipmentState).toBe("SHIPPED");
    expect(detail.shipments.filter((x) => x.state === "ACCEPTED")).toHaveLength(2);
    expect(detail.shipments.every((x) => x.pushes.every((p) => p.state === "DONE"))).toBe(true);

    const sellerView = await listPartnerOrders(w.ctx, { shopId: sellerId, partnershipId });
    expect(sellerView.items).toHaveLength(1);
    const row = sellerView.items[0]!;
    expect(row).toMatchObject({
      fulfillmentId: part.id,
      status: "SHIPPED",
      partnership: { role: "SELLER", status: "ACTIVE" },
      buyerOrder: { name: part.order.name, shipmentState: "SHIPPED" },
      sellerOrder: { platformOrderId: sellerOrderId },
    });
    expect(row.lines.map((l) => [l.sku, l.quantity, l.shipped]).sort()).toEqual(
      [
        [skus.mug, 2, 2],
        [skus.teeM, 3, 3],
        [skus.teeS, 1, 1],
      ].sort(),
    );
    expect(row.shipments.map((x) => [x.sellerFulfillmentId, x.state, x.buyerStore, x.trackingNumbers]).sort()).toEqual(
      [
        [f1, "ACCEPTED", "SYNCED", ["1Z999AA10123456784"]],
        [f2, "ACCEPTED", "SYNCED", ["9400111899223197428490"]],
      ].sort(),
    );

    // the regular sync finds the same fulfillments: nothing changes, nothing more is pushed
    const connection = await w.t.db.connection.findUniqueOrThrow({ where: { id: connectionId } });
    const polled = await syncShipments(w.ctx, { shopId: buyerId, connectionId: connection.id });
    expect(polled.status).toBe("done");
    // it did read them: both are recognised as the ones already stored
    if (polled.status === "done") expect(polled.result.tally).toMatchObject({ accepted: 0, duplicate: 2, changed: 0, cancelled: 0, rejected: 0 });
    expect(liveFulfillments(w, buyer, buyerDomain, buyerOrderId)).toHaveLength(2);
  }, 90_000);
});
