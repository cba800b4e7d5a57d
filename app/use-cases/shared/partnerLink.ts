// What a partner-store connection may know of the other shop (issue 8), built here so that the
// plugin stays free of the database and of other shops: its partnership, the seller store's
// platform adapter and ShopRef, the seller variant each buyer variant ships as, and the buyer part
// behind a seller order. Every read is scoped to the connection's own partnership.
import type { Partnership } from "@prisma/client";
import { type CatalogVariant, normalizeSku, uniqueSkuMatch } from "~/fulfillment/partner-matching";
import { PluginAuthError, PluginRejectedError } from "~/plugins/errors";
import type { PartnerInfo, PartnerLink, PartnerPart, SellerVariantRef } from "~/plugins/port";
import type { AppContext } from "../context";
import { platformOf, shopRefOf } from "./shopRef";

export const PARTNER_STORE_KIND = "partner-store";

/** catalog pages read for a whole-catalog walk */
const CATALOG_PAGES = 200;

/** The seller's catalog variants: those a search returns, or the whole catalog. */
export async function sellerCatalog(info: PartnerInfo, query: string | null, maxPages: number): Promise<CatalogVariant[]> {
  const variants: CatalogVariant[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const result = await info.seller.platform.listProducts(info.seller.shop, cursor, query);
    for (const p of result.items) {
      for (const v of p.variants) variants.push({ variantId: v.id, productId: p.id, sku: v.sku, title: v.title === p.title ? p.title : `${p.title} – ${v.title}` });
    }
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return variants;
}

/** The seller variant with exactly this SKU, by the seller platform's SKU filter: one, or none. */
export async function findBySku(info: PartnerInfo, sku: string): Promise<CatalogVariant | null> {
  const trimmed = sku.trim();
  const orders = info.seller.platform.partnerOrders;
  const candidates = orders ? await orders.variantsBySku(info.seller.shop, trimmed) : await sellerCatalog(info, null, CATALOG_PAGES);
  const verdict = uniqueSkuMatch(trimmed, candidates);
  return verdict.kind === "match" ? verdict.variant : null;
}

export async function partnerInfoOf(ctx: AppContext, partnership: Partnership): Promise<PartnerInfo> {
  const [buyer, seller] = await Promise.all([
    ctx.db.shop.findFirst({ where: { id: partnership.shopId } }),
    ctx.db.shop.findFirst({ where: { id: partnership.sellerShopId } }),
  ]);
  if (!buyer) throw new PluginRejectedError(`The shop of partnership ${partnership.id} is gone.`);
  if (!seller || seller.uninstalledAt) {
    // every part of this connection is concerned: the run stops, the parts stay as they are
    const who = seller?.name ?? seller?.domain;
    throw new PluginAuthError(`The partner store${who ? ` ${who}` : ""} no longer has Consign installed.`);
  }
  return {
    partnershipId: partnership.id,
    status: partnership.status === "ENDED" ? "ENDED" : "ACTIVE",
    buyer: { shopId: buyer.id, domain: buyer.domain, name: buyer.name },
    seller: { shop: shopRefOf(seller), name: seller.name, platform: platformOf(ctx, seller) },
  };
}

export function partnerLinkFor(ctx: AppContext, connection: { id: string; shopId: string }): PartnerLink {
  let loaded: Promise<{ partnership: Partnership; info: PartnerInfo }> | undefined;
  const load = () => {
    loaded ??= (async () => {
      const partnership = await ctx.db.partnership.findFirst({ where: { connectionId: connection.id, shopId: connection.shopId } });
      if (!partnership) throw new PluginRejectedError("This connection is not linked to a partner store.");
      return { partnership, info: await partnerInfoOf(ctx, partnership) };
    })();
    // a failed load is not kept: the next call tries again
    loaded.catch(() => {
      loaded = undefined;
    });
    return loaded;
  };

  const sellerVariants = async (lines: readonly { variantId: string | null; sku: string | null }[]): Promise<Map<string, SellerVariantRef>> => {
    const { partnership, info } = await load();
    const wanted = new Map<string, string | null>();
    for (const line of lines) if (line.variantId && !wanted.has(line.variantId)) wanted.set(line.variantId, line.sku);
    const result = new Map<string, SellerVariantRef>();
    if (wanted.size === 0) return result;
    const stored = await ctx.db.partnerVariantMatch.findMany({
      where: { shopId: connection.shopId, partnershipId: partnership.id, buyerVariantId: { in: [...wanted.keys()] } },
    });
    const known = new Map(stored.map((m) => [m.buyerVariantId, m]));
    for (const [variantId, sku] of wanted) {
      const row = known.get(variantId);
      if (row) {
        // the buyer's choice, or a SKU match found before; MANUAL with no seller variant is "no match"
        if (row.sellerVariantId) {
          result.set(variantId, { variantId: row.sellerVariantId, productId: row.sellerProductId, sku: row.sellerSku, title: row.sellerTitle });
        }
        continue;
      }
      if (!normalizeSku(sku)) continue; // no SKU: nothing to match on, and nothing is guessed
      const found = await findBySku(info, sku!);
      if (!found) continue;
      const match = { variantId: found.variantId, productId: found.productId, sku: found.sku, title: found.title };
      result.set(variantId, match);
      await ctx.db.partnerVariantMatch.upsert({
        where: { partnershipId_buyerVariantId: { partnershipId: partnership.id, buyerVariantId: variantId } },
        create: {
          shopId: connection.shopId,
          partnershipId: partnership.id,
          buyerVariantId: variantId,
          buyerSku: sku,
          sellerVariantId: found.variantId,
          sellerProductId: found.productId,
          sellerSku: found.sku,
          sellerTitle: found.title,
          source: "SKU",
        },
        // a person's choice made meanwhile wins
        update: {},
      });
    }
    return result;
  };

  return {
    partnership: async () => (await load()).info,
    sellerVariants,

    async partOf(sellerOrderId): Promise<PartnerPart | null> {
      const fulfillment = await ctx.db.fulfillment.findFirst({
        where: { shopId: connection.shopId, connectionId: connection.id, clientFulfillmentId: sellerOrderId },
        include: { lines: { include: { orderLine: true }, orderBy: { id: "asc" } } },
      });
      if (!fulfillment) return null;
      const lines = fulfillment.lines.filter((l) => l.quantity > 0);
      const matches = await sellerVariants(lines.map((l) => ({ variantId: l.orderLine.variantId, sku: l.orderLine.sku })));
      const live = await ctx.db.shipment.findMany({
        where: { shopId: connection.shopId, fulfillmentId: fulfillment.id, connectionId: connection.id, state: "ACCEPTED" },
        select: { fulfillerShipmentId: true },
      });
      return {
        fulfillmentId: fulfillment.id,
        lines: lines.map((l) => ({
          lineId: l.orderLineId,
          quantity: l.quantity,
          sellerVariantId: l.orderLine.variantId ? (matches.get(l.orderLine.variantId)?.variantId ?? null) : null,
        })),
        liveShipmentIds: live.flatMap((s) => (s.fulfillerShipmentId ? [s.fulfillerShipmentId] : [])),
      };
    },
  };
}
