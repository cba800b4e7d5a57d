// Partner stores (issue 8): what the seller changes after fulfilling reaches the buyer's store.
// - A fulfillment the seller cancels and redoes with a new tracking number: the buyer's store ends
//   with the new tracking only (for each pairing; BigCommerce sellers delete the shipment).
// - A seller fulfillment that covers one item with several tracking numbers breaks the coverage
//   rules: it is rejected with that reason, nothing reaches the buyer's store, and both sides see
//   it (the buyer's order detail, the seller's partner orders).
import { beforeEach, describe, expect, it } from "vitest";
import type { PlatformKind } from "~/platforms/port";
import { getOrderDetail } from "~/use-cases/queries/getOrderDetail";
import { listPartnerOrders } from "~/use-cases/queries/listPartnerOrders";
import { pushShipments } from "~/use-cases/pushShipments";
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
  sellerCancels,
  sellerShips,
} from "./support";

const world = partnerWorldFor("corrections.test.ts");
let w: PartnerWorld;
beforeEach(() => {
  w = world();
});


/** A partnership, an order of the buyer (mug × mugs, tee S × 1) and its part posted to the seller. */
async function postedOrder(buyer: PlatformKind, seller: PlatformKind, mugs = 1) {
  const { buyerDomain, sellerDomain, buyerId, sellerId, skus, sellerCatalog, buyerCatalog, connectionId, partnershipId, line } =
    await partneredCatalogs(w, buyer, seller);
  const buyerOrderId = await placeBuyerOrder(w, buyer, buyerDomain, [line(skus.mug, mugs), line(skus.teeS, 1)]);
  const part = await buyerPart(w, buyerId, buyerOrderId, connectionId);
  await sendHolds(w.ctx, { shopId: buyerId });
  const sent = await w.t.db.fulfillment.findUniqueOrThrow({ where: { id: part.id } });
  expect(sent.status).toBe("PENDING");
  return { buyerDomain, sellerDomain, buyerId, sellerId, skus, sellerCatalog, buyerCatalog, partnershipId, connectionId, part, buyerOrderId, sellerOrderId: sent.clientFulfillmentId! };
}

describe.each([
  { name: "Shopify buyer → Shopify seller", buyer: "SHOPIFY" as const, seller: "SHOPIFY" as const },
  { name: "Shopify buyer → BigCommerce seller", buyer: "SHOPIFY" as const, seller: "BIGCOMMERCE" as const },
  { name: "BigCommerce buyer → Shopify seller", buyer: "BIGCOMMERCE" as const, seller: "SHOPIFY" as const },
])("$name", ({ buyer, seller }) => {
  it("a fulfillment the seller cancels and redoes with a new tracking number leaves only the new one on the buyer's store", async () => {
    const o = await postedOrder(buyer, seller);
    const everything = [
      { variantId: o.sellerCatalog.variant[o.skus.mug]!, quantity: 1 },
      { variantId: o.sellerCatalog.variant[o.skus.teeS]!, quantity: 1 },
    ];
    const first = await sellerShips(w, seller, o.sellerDomain, o.sellerOrderId, everything, { numbers: ["1Z999AA10000000001"], company: "UPS" });
    await eventually(async () => liveFulfillments(w, buyer, o.buyerDomain, o.buyerOrderId).length === 1, "the first fulfillment on the buyer's store");

    // the seller got the tracking number wrong: takes the fulfillment back and does it again
    await sellerCancels(w, seller, o.sellerDomain, o.sellerOrderId, first);
    await sellerShips(w, seller, o.sellerDomain, o.sellerOrderId, everything, { numbers: ["1Z999AA10000000002"], company: "UPS" });

    const live = await eventually(async () => {
      const now = liveFulfillments(w, buyer, o.buyerDomain, o.buyerOrderId);
      return now.length === 1 && now[0]!.trackingNumbers[0] === "1Z999AA10000000002" ? now : null;
    }, "only the corrected fulfillment on the buyer's store");
    expect(live[0]!.lines).toEqual({ [o.buyerCatalog.variant[o.skus.mug]!]: 1, [o.buyerCatalog.variant[o.skus.teeS]!]: 1 });

    const detail = await eventually(async () => {
      const d = await getOrderDetail(w.ctx, { shopId: o.buyerId, orderId: o.part.orderId });
      return d.shipments.every((s) => s.pushes.every((p) => p.state === "DONE")) && d.shipments.length === 2 ? d : null;
    }, "both pushes done");
    expect(detail.shipments.map((s) => [s.state, s.tracking.map((t) => t.number)])).toEqual([
      ["CANCELLED", ["1Z999AA10000000001"]],
      ["ACCEPTED", ["1Z999AA10000000002"]],
    ]);
    expect(detail.shipmentState).toBe("SHIPPED");

    const sellerView = await listPartnerOrders(w.ctx, { shopId: o.sellerId, partnershipId: o.partnershipId });
    expect(sellerView.items[0]!.shipments.map((s) => [s.state, s.buyerStore, s.trackingNumbers])).toEqual([
      ["CANCELLED", "REMOVED", ["1Z999AA10000000001"]],
      ["ACCEPTED", "SYNCED", ["1Z999AA10000000002"]],
    ]);
  }, 120_000);
});

describe("several tracking numbers on one item", () => {
  it("is rejected with that reason, never reaches the buyer's store, and both sides see it", async () => {
    const o = await postedOrder("SHOPIFY", "SHOPIFY");
    const fulfillment = await sellerShips(w, "SHOPIFY", o.sellerDomain, o.sellerOrderId, [{ variantId: o.sellerCatalog.variant[o.skus.mug]!, quantity: 1 }], {
      numbers: ["1Z999AA10000000010", "1Z999AA10000000011"],
      company: "UPS",
    });

    const detail = await eventually(async () => {
      const d = await getOrderDetail(w.ctx, { shopId: o.buyerId, orderId: o.part.orderId });
      return d.shipments.some((s) => s.state === "REJECTED") ? d : null;
    }, "the rejected shipment on the buyer's order");
    const rejected = detail.shipments.find((s) => s.state === "REJECTED")!;
    expect(rejected.rejectReason).toContain("2 tracking numbers need at least two different lines");
    expect(rejected.pushes).toEqual([]);
    expect(detail.fulfillments[0]!.status).toBe("PENDING");
    expect(liveFulfillments(w, "SHOPIFY", o.buyerDomain, o.buyerOrderId)).toEqual([]);

    // the seller sees the same on its Partner orders
    const sellerView = await listPartnerOrders(w.ctx, { shopId: o.sellerId, partnershipId: o.partnershipId });
    expect(sellerView.items[0]!.shipments).toEqual([
      expect.objectContaining({
        sellerFulfillmentId: fulfillment,
        state: "REJECTED",
        buyerStore: "REJECTED",
        rejectReason: expect.stringContaining("2 tracking numbers need at least two different lines"),
        trackingNumbers: ["1Z999AA10000000010", "1Z999AA10000000011"],
      }),
    ]);

    // the seller corrects it (cancels, ships the item with one number): accepted and synced
    await sellerCancels(w, "SHOPIFY", o.sellerDomain, o.sellerOrderId, fulfillment);
    await sellerShips(w, "SHOPIFY", o.sellerDomain, o.sellerOrderId, [{ variantId: o.sellerCatalog.variant[o.skus.mug]!, quantity: 1 }], {
      numbers: ["1Z999AA10000000012"],
      company: "UPS",
    });
    const live = await eventually(async () => {
      const now = liveFulfillments(w, "SHOPIFY", o.buyerDomain, o.buyerOrderId);
      return now.length === 1 ? now : null;
    }, "the corrected fulfillment on the buyer's store");
    expect(live[0]!.trackingNumbers).toEqual(["1Z999AA10000000012"]);
  }, 120_000);
});

describe("a missed webhook", () => {
  it.each([
    { name: "Shopify seller", buyer: "BIGCOMMERCE" as const, seller: "SHOPIFY" as const },
    { name: "BigCommerce seller", buyer: "SHOPIFY" as const, seller: "BIGCOMMERCE" as const },
  ])("$name: the regular sync brings the fulfillment all the same, once", async ({ buyer, seller }) => {
    const o = await postedOrder(buyer, seller);
    // the seller store's deliveries of this change never reach Consign
    const sellerStore = seller === "BIGCOMMERCE" ? w.bc.getStore(o.sellerDomain)! : null;
    const hooks = sellerStore ? [...sellerStore.hooks.values()] : [];
    for (const hook of hooks) sellerStore!.updateHook(hook.id, { is_active: false });
    if (seller === "SHOPIFY") for (const topic of ["fulfillments/create", "fulfillments/update"]) w.mutedTopics.add(topic);
    try {
      await sellerShips(
        w,
        seller,
        o.sellerDomain,
        o.sellerOrderId,
        [
          { variantId: o.sellerCatalog.variant[o.skus.mug]!, quantity: 1 },
          { variantId: o.sellerCatalog.variant[o.skus.teeS]!, quantity: 1 },
        ],
        { numbers: ["1Z999AA10000000099"], company: "UPS" },
      );
      if (seller === "SHOPIFY") await w.shopify.webhooksSettled();
      else await w.bc.flushWebhooks();
      expect(liveFulfillments(w, buyer, o.buyerDomain, o.buyerOrderId)).toEqual([]);
    } finally {
      for (const hook of hooks) sellerStore!.updateHook(hook.id, { is_active: true });
      w.mutedTopics.clear();
    }

    const polled = await syncShipments(w.ctx, { shopId: o.buyerId, connectionId: o.connectionId });
    expect(polled.status).toBe("done");
    if (polled.status === "done") expect(polled.result.tally).toMatchObject({ accepted: 1, rejected: 0 });
    await pushShipments(w.ctx, { shopId: o.buyerId });
    const live = liveFulfillments(w, buyer, o.buyerDomain, o.buyerOrderId);
    expect(live).toHaveLength(1);
    expect(live[0]!.trackingNumbers).toEqual(["1Z999AA10000000099"]);

    // the next sync reads from its cursor: the same fulfillment again changes nothing
    const again = await syncShipments(w.ctx, { shopId: o.buyerId, connectionId: o.connectionId });
    if (again.status === "done") expect(again.result.tally).toMatchObject({ accepted: 0, changed: 0, cancelled: 0 });
    await pushShipments(w.ctx, { shopId: o.buyerId });
    expect(liveFulfillments(w, buyer, o.buyerDomain, o.buyerOrderId)).toHaveLength(1);
  }, 120_000);
});
