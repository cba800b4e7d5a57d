// Partner stores (issue 8): the partnership and its rules, over the stand-ins.
// - Invitation codes: shown once, stored only as a hash, single use, refused when expired,
//   withdrawn, unknown or the shop's own; a refusal names the field and creates nothing.
// - Product matching: by SKU by default; a line whose variant has no match (or several seller
//   variants share its SKU) is refused by submit naming the line, never guessed; the buyer's own
//   choice fixes it, "not sold by this partner" refuses it.
// - Either side can end the partnership: new orders are refused, open ones keep syncing.
// - The buyer cancels an open partner order: the seller's order is cancelled, without notifying anyone.
import { createHash } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import type { PlatformKind } from "~/platforms/port";
import { activateConnection } from "~/use-cases/activateConnection";
import { cancelFulfillment } from "~/use-cases/cancelFulfillment";
import { createPartnerInvitation } from "~/use-cases/createPartnerInvitation";
import { endPartnership } from "~/use-cases/endPartnership";
import { ConflictError, ValidationError } from "~/use-cases/errors";
import { listPartnerOrders } from "~/use-cases/queries/listPartnerOrders";
import { listPartnerProducts } from "~/use-cases/queries/listPartnerProducts";
import { listPartnerships } from "~/use-cases/queries/listPartnerships";
import { resendFulfillment } from "~/use-cases/resendFulfillment";
import { revokePartnerInvitation } from "~/use-cases/revokePartnerInvitation";
import { sendHolds } from "~/use-cases/sendHolds";
import { setPartnerVariantMatch } from "~/use-cases/setPartnerVariantMatch";
import {
  assignAll,
  BC_STORES,
  buyerPart,
  domainOf,
  eventually,
  liveFulfillments,
  makeCatalog,
  partneredCatalogs,
  type PartnerWorld,
  partner,
  partnerWorldFor,
  placeBuyerOrder,
  SHOPIFY_SHOPS,
  sellerPartnerOrders,
  sellerShips,
  shopId,
  uniqueSuffix,
} from "./support";

const world = partnerWorldFor("partnership.test.ts");
let w: PartnerWorld;
beforeEach(() => {
  w = world();
});

async function refusal(work: Promise<unknown>): Promise<ValidationError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe("invitation codes", () => {
  it("are shown once, stored only as their hash, and work once", async () => {
    const sellerId = shopId(w, SHOPIFY_SHOPS.seller);
    const buyerId = shopId(w, BC_STORES.other);
    const otherId = shopId(w, SHOPIFY_SHOPS.other);
    const { code, invitation } = await createPartnerInvitation(w.ctx, { shopId: sellerId, note: "Acme", expiresInHours: 24 });
    expect(code).toMatch(/^cpi_[A-Za-z0-9_-]{32}$/);
    const row = await w.t.db.partnerInvitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.codeHash).toBe(createHash("sha256").update(code).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(code);
    expect(invitation).toMatchObject({ state: "OPEN", note: "Acme" });

    const connectionsBefore = await w.t.db.connection.count();
    // unknown, and the shop's own
    const unknown = await refusal(activateConnection(w.ctx, { shopId: buyerId, kind: "partner-store", credentials: { invitationCode: `${code}x` } }));
    expect(unknown.issues).toEqual([{ field: "credentials.invitationCode", message: expect.stringContaining("not valid") }]);
    const own = await refusal(activateConnection(w.ctx, { shopId: sellerId, kind: "partner-store", credentials: { invitationCode: code } }));
    expect(own.issues[0]?.message).toContain("your own store");
    const missing = await refusal(activateConnection(w.ctx, { shopId: buyerId, kind: "partner-store", credentials: {} }));
    expect(missing.issues[0]?.field).toBe("credentials.invitationCode");
    expect(await w.t.db.connection.count()).toBe(connectionsBefore);

    // the buyer links the two stores with it
    const linked = await activateConnection(w.ctx, { shopId: buyerId, kind: "partner-store", credentials: { invitationCode: ` ${code} ` } });
    expect(linked.connection).toMatchObject({ kind: "partner-store", mode: "push", title: "Partner: partner-seller", active: true });
    const partnership = await w.t.db.partnership.findUniqueOrThrow({ where: { connectionId: linked.connection.id } });
    expect(partnership).toMatchObject({ shopId: buyerId, sellerShopId: sellerId, status: "ACTIVE", invitationId: invitation.id });
    // the spent code is not kept in the connection either
    const stored = await w.t.db.connection.findUniqueOrThrow({ where: { id: linked.connection.id } });
    expect(w.keyring.decrypt(stored.credentialsEnc, `consign:connection-credentials:${buyerId}`)).not.toContain(code);

    // a second use, by anyone, is refused and creates nothing
    const again = await refusal(activateConnection(w.ctx, { shopId: otherId, kind: "partner-store", credentials: { invitationCode: code } }));
    expect(again.issues[0]?.message).toContain("already been used");
    expect(await w.t.db.partnership.count({ where: { invitationId: invitation.id } })).toBe(1);

    // both sides see the partnership, each from its side; the seller sees the invitation used
    const buyerSide = await listPartnerships(w.ctx, { shopId: buyerId });
    expect(buyerSide.asBuyer.map((p) => [p.id, p.partner.name, p.status])).toEqual([[partnership.id, "partner-seller", "ACTIVE"]]);
    const sellerSide = await listPartnerships(w.ctx, { shopId: sellerId });
    expect(sellerSide.asSeller.find((p) => p.id === partnership.id)).toMatchObject({ role: "SELLER", partner: { name: BC_STORES.other }, connectionId: null });
    expect(sellerSide.invitations.find((i) => i.id === invitation.id)?.state).toBe("REDEEMED");

    // and a second partnership of the same pair while this one is active is refused
    const { code: second } = await createPartnerInvitation(w.ctx, { shopId: sellerId });
    await expect(activateConnection(w.ctx, { shopId: buyerId, kind: "partner-store", credentials: { invitationCode: second } })).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it("are refused once expired or withdrawn", async () => {
    const sellerId = shopId(w, BC_STORES.seller);
    const buyerId = shopId(w, SHOPIFY_SHOPS.other);
    const expiring = await createPartnerInvitation(w.ctx, { shopId: sellerId, expiresInHours: 1 });
    const later = { ...w.ctx, now: () => new Date(Date.now() + 2 * 3_600_000) };
    const expired = await refusal(activateConnection(later, { shopId: buyerId, kind: "partner-store", credentials: { invitationCode: expiring.code } }));
    expect(expired.issues[0]?.message).toContain("expired");

    const withdrawn = await createPartnerInvitation(w.ctx, { shopId: sellerId });
    expect((await revokePartnerInvitation(w.ctx, { shopId: sellerId, invitationId: withdrawn.invitation.id })).state).toBe("REVOKED");
    const refused = await refusal(activateConnection(w.ctx, { shopId: buyerId, kind: "partner-store", credentials: { invitationCode: withdrawn.code } }));
    expect(refused.issues[0]?.message).toContain("withdrew");
    expect(await w.t.db.partnership.count({ where: { shopId: buyerId, sellerShopId: sellerId } })).toBe(0);
  });
});

/** A fresh partnership of the pair with catalogs whose SKUs the test chooses. */
async function pairWithCatalogs(buyer: PlatformKind, seller: PlatformKind) {
  const buyerDomain = domainOf(buyer, "buyer");
  const sellerDomain = domainOf(seller, "seller");
  const buyerId = shopId(w, buyerDomain);
  const sellerId = shopId(w, sellerDomain);
  const { connectionId, partnershipId } = await partner(w, buyerId, sellerId);
  return { buyerDomain, sellerDomain, buyerId, sellerId, connectionId, partnershipId };
}

describe("product matching", () => {
  it("refuses a line with no match by name, never guesses an ambiguous SKU, and follows the buyer's choice", async () => {
    const p = await pairWithCatalogs("SHOPIFY", "BIGCOMMERCE");
    const s = uniqueSuffix();
    const sellerCatalog = await makeCatalog(w, "BIGCOMMERCE", p.sellerDomain, { mug: `MUG-${s}`, teeS: `TEE-S-${s}`, teeM: `TEE-M-${s}` });
    // two seller products with one SKU: ambiguous
    const store = w.bc.getStore(p.sellerDomain)!;
    store.createProduct({ name: "Sticker A", sku: `DUP-${s}` });
    store.createProduct({ name: "Sticker B", sku: `DUP-${s}` });
    // the buyer's tee S has a SKU the seller does not have; its sticker's SKU is ambiguous there
    const buyerCatalog = await makeCatalog(w, "SHOPIFY", p.buyerDomain, { mug: `MUG-${s}`, teeS: `OWN-TEE-${s}`, teeM: `TEE-M-${s}` });
    const sticker = w.shopify.storeFor(p.buyerDomain).createProduct({ title: "Sticker", variants: [{ title: "Default Title", sku: `DUP-${s}` }] });
    await assignAll(w, p.buyerId, p.connectionId, {
      ...buyerCatalog,
      products: [...buyerCatalog.products, { productId: sticker.id, variants: {} }],
    });
    const [mug, tee] = buyerCatalog.products;

    // the Products page of the partnership shows what matches and what does not
    const shown = await listPartnerProducts(w.ctx, { shopId: p.buyerId, partnershipId: p.partnershipId, query: s });
    const state = Object.fromEntries(shown.rows.map((r) => [r.sku, r.state]));
    expect(state).toMatchObject({ [`MUG-${s}`]: "SKU", [`OWN-TEE-${s}`]: "UNMATCHED", [`TEE-M-${s}`]: "SKU", [`DUP-${s}`]: "AMBIGUOUS" });

    const before = sellerPartnerOrders(w, "BIGCOMMERCE", p.sellerDomain).length;
    const orderId = await placeBuyerOrder(w, "SHOPIFY", p.buyerDomain, [
      { productId: mug!.productId, variantId: buyerCatalog.variant[`MUG-${s}`]!, quantity: 1 },
      { productId: tee!.productId, variantId: buyerCatalog.variant[`OWN-TEE-${s}`]!, quantity: 2 },
      { productId: sticker.id, variantId: sticker.variants[0]!.id, quantity: 1 },
    ]);
    const part = await buyerPart(w, p.buyerId, orderId, p.connectionId);
    await sendHolds(w.ctx, { shopId: p.buyerId });
    const failed = await w.t.db.fulfillment.findUniqueOrThrow({ where: { id: part.id } });
    expect(failed.status).toBe("FAILED");
    expect(failed.failureReason).toContain(`"Logo tee - S" (SKU OWN-TEE-${s})`);
    expect(failed.failureReason).toContain(`"Sticker" (SKU DUP-${s})`);
    expect(failed.failureReason).not.toContain("Enamel mug");
    expect(failed.failureReason).toContain("Nothing was sent");
    expect(sellerPartnerOrders(w, "BIGCOMMERCE", p.sellerDomain).length).toBe(before);

    // the buyer chooses: its tee S ships as the seller's tee M, its sticker as Sticker B
    await setPartnerVariantMatch(w.ctx, {
      shopId: p.buyerId,
      partnershipId: p.partnershipId,
      buyerVariantId: buyerCatalog.variant[`OWN-TEE-${s}`]!,
      sellerVariantId: sellerCatalog.variant[`TEE-M-${s}`]!,
    });
    const stickerB = [...store.products.values()].find((x) => x.name === "Sticker B")!;
    await setPartnerVariantMatch(w.ctx, {
      shopId: p.buyerId,
      partnershipId: p.partnershipId,
      buyerVariantId: sticker.variants[0]!.id,
      sellerVariantId: String(stickerB.variants[0]!.id),
    });
    // a seller variant that is not in the partner's catalog is refused, naming the field
    const wrong = await refusal(
      setPartnerVariantMatch(w.ctx, { shopId: p.buyerId, partnershipId: p.partnershipId, buyerVariantId: buyerCatalog.variant[`MUG-${s}`]!, sellerVariantId: "999999" }),
    );
    expect(wrong.issues[0]?.field).toBe("sellerVariantId");

    await resendFulfillment(w.ctx, { shopId: p.buyerId, fulfillmentId: part.id, actor: "test" });
    await sendHolds(w.ctx, { shopId: p.buyerId });
    const sent = await w.t.db.fulfillment.findUniqueOrThrow({ where: { id: part.id } });
    expect(sent.status).toBe("PENDING");
    const order = store.orders.get(Number(sent.clientFulfillmentId))!;
    expect(Object.fromEntries(order.products.map((x) => [String(x.variant_id), x.quantity]))).toEqual({
      [sellerCatalog.variant[`MUG-${s}`]!]: 1,
      [sellerCatalog.variant[`TEE-M-${s}`]!]: 2,
      [String(stickerB.variants[0]!.id)]: 1,
    });

    // "not sold by this partner": the mug's lines are refused from now on
    await setPartnerVariantMatch(w.ctx, { shopId: p.buyerId, partnershipId: p.partnershipId, buyerVariantId: buyerCatalog.variant[`MUG-${s}`]!, sellerVariantId: "none" });
    const next = await placeBuyerOrder(w, "SHOPIFY", p.buyerDomain, [{ productId: mug!.productId, variantId: buyerCatalog.variant[`MUG-${s}`]!, quantity: 1 }]);
    const nextPart = await buyerPart(w, p.buyerId, next, p.connectionId);
    await sendHolds(w.ctx, { shopId: p.buyerId });
    const refused = await w.t.db.fulfillment.findUniqueOrThrow({ where: { id: nextPart.id } });
    expect(refused.status).toBe("FAILED");
    expect(refused.failureReason).toContain(`"Enamel mug" (SKU MUG-${s})`);
  }, 120_000);
});

describe("ending a partnership", () => {
  it("refuses new orders and keeps syncing the open ones, on both sides", async () => {
    const p = await partneredCatalogs(w, "BIGCOMMERCE", "SHOPIFY");
    const { skus, sellerCatalog, buyerCatalog } = p;
    const open = await placeBuyerOrder(w, "BIGCOMMERCE", p.buyerDomain, [p.line(skus.mug, 2)]);
    const openPart = await buyerPart(w, p.buyerId, open, p.connectionId);
    await sendHolds(w.ctx, { shopId: p.buyerId });
    const sent = await w.t.db.fulfillment.findUniqueOrThrow({ where: { id: openPart.id } });
    expect(sent.status).toBe("PENDING");

    // the seller ends it
    const ended = await endPartnership(w.ctx, { shopId: p.sellerId, partnershipId: p.partnershipId });
    expect(ended).toMatchObject({ status: "ENDED", role: "SELLER", endedBy: "SELLER" });
    const buyerSide = await listPartnerships(w.ctx, { shopId: p.buyerId });
    expect(buyerSide.asBuyer.find((x) => x.id === p.partnershipId)).toMatchObject({ status: "ENDED", endedBy: "SELLER" });

    // a new order is refused with the reason
    const late = await placeBuyerOrder(w, "BIGCOMMERCE", p.buyerDomain, [p.line(skus.mug, 1)]);
    const latePart = await buyerPart(w, p.buyerId, late, p.connectionId);
    await sendHolds(w.ctx, { shopId: p.buyerId });
    const refused = await w.t.db.fulfillment.findUniqueOrThrow({ where: { id: latePart.id } });
    expect(refused.status).toBe("FAILED");
    expect(refused.failureReason).toContain("has ended");

    // the open order still syncs
    await sellerShips(w, "SHOPIFY", p.sellerDomain, sent.clientFulfillmentId!, [{ variantId: sellerCatalog.variant[skus.mug]!, quantity: 2 }], {
      numbers: ["1Z999AA10000000077"],
      company: "UPS",
    });
    const live = await eventually(async () => {
      const now = liveFulfillments(w, "BIGCOMMERCE", p.buyerDomain, open);
      return now.length === 1 ? now : null;
    }, "the open order's fulfillment on the buyer's store");
    expect(live[0]).toMatchObject({ trackingNumbers: ["1Z999AA10000000077"], lines: { [buyerCatalog.variant[skus.mug]!]: 2 } });
    // both views still list it
    const sellerView = await listPartnerOrders(w.ctx, { shopId: p.sellerId, partnershipId: p.partnershipId });
    expect(sellerView.items.map((r) => [r.fulfillmentId, r.partnership.status])).toContainEqual([openPart.id, "ENDED"]);
  }, 120_000);
});

describe("the buyer cancels an open partner order", () => {
  it.each([
    { seller: "SHOPIFY" as const, buyer: "BIGCOMMERCE" as const },
    { seller: "BIGCOMMERCE" as const, buyer: "SHOPIFY" as const },
  ])("cancels the $seller seller's order, notifying nobody", async ({ seller, buyer }) => {
    const p = await partneredCatalogs(w, buyer, seller);
    const orderId = await placeBuyerOrder(w, buyer, p.buyerDomain, [p.line(p.skus.mug, 1)]);
    const part = await buyerPart(w, p.buyerId, orderId, p.connectionId);
    await sendHolds(w.ctx, { shopId: p.buyerId });
    const sent = await w.t.db.fulfillment.findUniqueOrThrow({ where: { id: part.id } });
    expect(sent.status).toBe("PENDING");

    const result = await cancelFulfillment(w.ctx, { shopId: p.buyerId, fulfillmentId: part.id, actor: "test" });
    expect(result.fulfillerNotified).toBe(true);
    if (seller === "SHOPIFY") {
      const order = w.shopify.storeFor(p.sellerDomain).orderSnapshot(sent.clientFulfillmentId!);
      expect(order.cancelledAt).not.toBeNull();
      expect(w.shopify.storeFor(p.sellerDomain).cancellations.filter((c) => c.orderId === sent.clientFulfillmentId)).toEqual([
        expect.objectContaining({ reason: "OTHER", notifyCustomer: false, restock: true }),
      ]);
    } else {
      expect(w.bc.getStore(p.sellerDomain)!.orders.get(Number(sent.clientFulfillmentId))!.status_id).toBe(5);
    }
  }, 120_000);
});
